"""Search in the embedded store: each searched kind's text, in lower case, as one string.

A search must look at every node of six kinds (S=10: ~300,000 data items), which node by node in
Python costs most of a second. Instead each kind's searchable text (name, code, summary, in lower
case) is kept as one string, its nodes' texts one after another, and a term's
matches are found with `str.find` (in C); only the nodes it finds are ranked (`graph.search.tier`) and
checked for visibility. A node's text is kept until the node is written; a kind's string is
made again, from those, after a write to a node of that kind.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator

from graph.access import Visibility
from graph.changes import DeleteNode, Op, UpsertNode
from graph.embedded.memory import Memo, MemoryGraph
from graph.labels import Label
from graph.records import Node, NodeRef, Step
from graph.search import (
    CATALOGS_OF_RESOURCE, DEPARTMENT_OF, KIND_ORDER, OTHER_TEXT, PROVIDER_OF_RESOURCE, RESOURCE_FACETS, RESOURCE_OF,
    Facet, FacetValues, SearchHit, SearchPage, SearchQuery, SortKey, Tier, sort_key, tier,
)


class Match:
    """A node matching a search's text: where it stands, how it matched, and (once asked) what it
    counts under."""

    __slots__ = ("sort_key", "ref", "tier")

    def __init__(self, sort_key: SortKey, ref: NodeRef, tier: Tier) -> None:
        self.sort_key, self.ref, self.tier = sort_key, ref, tier


def page_of(memory: MemoryGraph, matches: list[Match], query: SearchQuery, reader: FacetReader) -> SearchPage:
    """The query's page of `matches` (every match of its text, in rank order): its kinds and filters
    kept, the `first` after its cursor, and their total when asked."""
    kinds = set(query.kinds)
    chosen = [m for m in matches if m.ref.label in kinds]
    if query.where:
        chosen = [m for m in chosen if reader.values(m.ref).passes(query.where)]
    start = 0 if query.after is None else bisect_right([m.sort_key for m in chosen], query.after)
    hits = [
        SearchHit(Node.at(m.ref, dict(memory.props[m.ref])), m.tier, m.sort_key)
        for m in chosen[start : start + query.first]
    ]
    return SearchPage(hits, start + query.first < len(chosen), len(chosen) if query.count else None)


class _Column:
    """One kind's texts as one string, node after node in key order."""

    __slots__ = ("refs", "text", "starts")

    def __init__(self, refs: list[NodeRef], texts: list[str]) -> None:
        self.refs = refs
        self.text = "\x00".join(texts)  # search text holds no control character (`check_text`)
        starts, at = [], 0
        for text in texts:
            starts.append(at)
            at += len(text) + 1
        self.starts = starts

    def holding(self, term: str) -> Iterator[NodeRef]:
        """The nodes whose text holds `term`, each once, in key order."""
        text, starts, find = self.text, self.starts, self.text.find
        at = find(term)
        while at != -1:
            i = bisect_right(starts, at) - 1
            yield self.refs[i]
            following = starts[i + 1] if i + 1 < len(starts) else len(text)
            at = find(term, following)


class SearchIndex:
    """The searched kinds' columns for one `MemoryGraph`, made when first needed and after writes."""

    def __init__(self) -> None:
        self._texts: dict[NodeRef, str] = {}
        self._columns: dict[Label, _Column] = {}
        self.facets: dict[NodeRef, FacetValues] = {}  # every node's facet values found since the last write

    def forget(self, ops: Iterable[Op]) -> None:
        """Drop what the written nodes' kinds were indexed as (a relationship changes no text), and the
        facet values found (a relationship may change them)."""
        self.facets.clear()
        for op in ops:
            ref = op.node.ref if isinstance(op, UpsertNode) else op.ref if isinstance(op, DeleteNode) else None
            if ref is not None and ref.label in self._columns_of:
                self._texts.pop(ref, None)
                self._columns.pop(ref.label, None)

    _columns_of = frozenset(KIND_ORDER)

    def _column(self, memory: MemoryGraph, label: Label) -> _Column:
        column = self._columns.get(label)
        if column is None:
            refs = [NodeRef(label, key) for key in memory.keys[label]]
            texts = self._texts
            others = OTHER_TEXT.get(label, ())
            for ref in refs:
                if ref not in texts:
                    props = memory.props[ref]
                    parts = [str(props.get("name") or ""), ref.key, *(str(props.get(f) or "") for f in others)]
                    texts[ref] = "\x1f".join(parts).lower().replace("\x00", "")  # fields apart: no term spans two
            column = self._columns[label] = _Column(refs, [texts[ref] for ref in refs])
        return column

    def matches(self, memory: MemoryGraph, query: SearchQuery, visibility: Visibility) -> list[Match]:
        """Every visible node of every searched kind matching the query's text (its kinds and filters
        aside), in rank order."""
        terms = query.terms
        # The rarest term finds the fewest candidates: the longest is the likeliest to be rare.
        probe = max(terms, key=len)
        memo: Memo = {}
        found: list[Match] = []
        for label in KIND_ORDER:
            others = OTHER_TEXT.get(label, ())
            for ref in self._column(memory, label).holding(probe):
                props = memory.props[ref]
                rank = tier(ref.key, props, others, query.text, terms)
                if rank is None or not memory.visible(ref, visibility, memo):
                    continue
                key = sort_key(rank, label, str(props.get("name") or ""), ref.key)
                found.append(Match(key, ref, rank))
        found.sort(key=lambda match: match.sort_key)
        return found


class FacetReader:
    """Finds nodes' facet values (see `graph.search.Facet`) from the graph's adjacency, looked up once
    for all of them: the thousands of matches of a common word each take a few dictionary reads. What
    it finds is kept in `found` (the index's, until a write)."""

    def __init__(self, memory: MemoryGraph, found: dict[NodeRef, FacetValues]) -> None:
        self.memory, self.found = memory, found
        self._ways: dict[Step, list[dict[NodeRef, object]]] = {}

    def _along(self, ref: NodeRef, step: Step) -> list[NodeRef]:
        ways = self._ways.get(step)
        if ways is None:
            ways = self._ways[step] = [adjacency for _, _, adjacency in self.memory.adjacent((step,))]  # type: ignore[misc]
        return [other for adjacency in ways for other in adjacency.get(ref, ())]  # type: ignore[attr-defined]

    def values(self, ref: NodeRef) -> FacetValues:
        known = self.found.get(ref)
        if known is None:
            known = self.found[ref] = self._values(ref)
        return known

    def _values(self, ref: NodeRef) -> FacetValues:
        props = self.memory.props
        values: dict[str, tuple[str, ...]] = {}
        label = ref.label
        if label in RESOURCE_OF:
            via = RESOURCE_OF[label]
            resources = [ref] if via is None else self._along(ref, via)
            for facet, prop in RESOURCE_FACETS.items():
                found = {str(v) for r in resources if (v := props[r].get(prop)) is not None}
                if found:
                    values[facet] = tuple(sorted(found))
            departments = {d.key for r in resources for d in self._along(r, PROVIDER_OF_RESOURCE)}
            kinds = {str(k) for r in resources for c in self._along(r, CATALOGS_OF_RESOURCE) if (k := props[c].get("kind")) is not None}
        else:
            via = DEPARTMENT_OF[label]
            departments = {ref.key} if via is None else {d.key for d in self._along(ref, via)}
            kind = props[ref].get("kind") if label is Label.CATALOG else None
            kinds = set() if kind is None else {str(kind)}
        if departments:
            values[Facet.DEPARTMENT] = tuple(sorted(departments))
        if kinds:
            values[Facet.CATALOG_KIND] = tuple(sorted(kinds))
        return FacetValues(label, values)

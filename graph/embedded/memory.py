"""The graph in memory: a networkx MultiDiGraph plus sorted keys per label, with undoable writes.

Everything here is synchronous and runs between two awaits, so no reader sees half a unit of work.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

import networkx as nx
from sortedcontainers import SortedList

from graph.changes import DeleteNode, DeleteRelationship, ExpectVersion, Op, UpsertNode, UpsertRelationship
from graph.access import EVERYTHING, Visibility
from graph.entities import TEXT_FIELDS
from graph.errors import ConflictError, DanglingReferenceError, NotFoundError, Problem
from graph.labels import Direction, Label, RelType
from graph.records import (
    Counts,
    LinkFilter,
    PageQuery,
    Node,
    NodeRef,
    Page,
    PropertyFilter,
    ReachedNode,
    Relationship,
    Step,
    Subgraph,
    Traversal,
    redact,
)

Undo = Callable[[], None]
Memo = dict[tuple[NodeRef, LinkFilter], bool]


def _matches(props: dict[str, Any], filters: Iterable[PropertyFilter]) -> bool:
    return all(props.get(f.field) in f.values for f in filters)


def text_matches(label: Label, key: str, props: dict[str, Any], text: str) -> bool:
    """The store-wide meaning of a text search (see `PageQuery`)."""
    if key.startswith(text):
        return True
    needle = text.lower()
    return any(needle in str(props.get(f, "")).lower() for f in TEXT_FIELDS.get(label, ()))


def versioned(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """`new` with the version the store keeps (see `graph.changes.UpsertNode`)."""
    props = dict(new)
    if "version" in props:
        return props
    before = old.get("version")
    unchanged = before is not None and {k: v for k, v in old.items() if k != "version"} == props
    props["version"] = before if unchanged else (before or 0) + 1
    return props


class MemoryGraph:
    """Nodes keyed by `NodeRef` with a `props` attribute; edges keyed by relationship type."""

    def __init__(self) -> None:
        self.g: nx.MultiDiGraph = nx.MultiDiGraph()
        self.keys: dict[Label, SortedList] = {label: SortedList() for label in Label}

    # Writes: each returns the function that undoes it.

    def apply(self, op: Op) -> Undo:
        match op:
            case UpsertNode(node):
                return self._upsert_node(node)
            case UpsertRelationship(rel):
                return self._upsert_rel(rel)
            case DeleteNode(ref):
                return self._delete_node(ref)
            case DeleteRelationship(rel_type, start, end):
                return self._delete_rel(rel_type, start, end)
            case ExpectVersion(ref, version):
                self._expect_version(ref, version)
                return lambda: None
        raise TypeError(op)

    def _expect_version(self, ref: NodeRef, version: int) -> None:
        if version == 0:
            if ref in self.g:
                raise ConflictError(f"{ref} already exists")
            return
        if ref not in self.g:
            raise NotFoundError(ref.label.value, ref.key)
        current = self.g.nodes[ref]["props"].get("version")
        if current != version:
            raise ConflictError(f"{ref} is at version {current}, not {version}: reload it and apply the change again")

    def apply_all(self, ops: Sequence[Op]) -> Undo:
        """Apply every op and return what undoes them all; if one fails, undo those applied and re-raise."""
        steps: list[Undo] = []

        def undo() -> None:
            for step in reversed(steps):
                step()

        try:
            for op in ops:
                steps.append(self.apply(op))
        except BaseException:
            undo()
            raise
        return undo

    def _upsert_node(self, node: Node) -> Undo:
        ref = node.ref
        if ref in self.g:
            old = self.g.nodes[ref]["props"]
            self.g.nodes[ref]["props"] = versioned(old, node.props)
            return lambda: self.g.nodes[ref].__setitem__("props", old)
        self.g.add_node(ref, props=versioned({}, node.props))
        self.keys[ref.label].add(ref.key)

        def undo() -> None:
            self.g.remove_node(ref)
            self.keys[ref.label].remove(ref.key)

        return undo

    def _upsert_rel(self, rel: Relationship) -> Undo:
        missing = [end for end in (rel.start, rel.end) if end not in self.g]
        if missing:
            raise DanglingReferenceError(
                [Problem(f"{rel.type.value} {rel.start} -> {rel.end}", "", f"{missing[0]} does not exist")]
            )
        key = rel.type.value
        if self.g.has_edge(rel.start, rel.end, key):
            data = self.g.edges[rel.start, rel.end, key]
            old = data["props"]
            data["props"] = dict(rel.props)
            return lambda: data.__setitem__("props", old)
        self.g.add_edge(rel.start, rel.end, key=key, props=dict(rel.props))
        return lambda: self.g.remove_edge(rel.start, rel.end, key)

    def _delete_node(self, ref: NodeRef) -> Undo:
        if ref not in self.g:
            return lambda: None
        props = self.g.nodes[ref]["props"]
        edges = [(u, v, k, d) for u, v, k, d in self.g.in_edges(ref, keys=True, data=True)]
        edges += [(u, v, k, d) for u, v, k, d in self.g.out_edges(ref, keys=True, data=True) if u != v]
        self.g.remove_node(ref)
        self.keys[ref.label].remove(ref.key)

        def undo() -> None:
            self.g.add_node(ref, props=props)
            self.keys[ref.label].add(ref.key)
            for u, v, k, d in edges:
                self.g.add_edge(u, v, key=k, **d)

        return undo

    def _delete_rel(self, rel_type: RelType, start: NodeRef, end: NodeRef) -> Undo:
        key = rel_type.value
        if not self.g.has_edge(start, end, key):
            return lambda: None
        data = self.g.edges[start, end, key]
        self.g.remove_edge(start, end, key)
        return lambda: self.g.add_edge(start, end, key=key, **data)

    # Reads.

    def node(self, ref: NodeRef) -> Node | None:
        if ref not in self.g:
            return None
        return Node(ref.label, ref.key, dict(self.g.nodes[ref]["props"]))

    def _edges(self, ref: NodeRef, steps: Sequence[Step]) -> Iterator[tuple[Relationship, NodeRef]]:
        wanted_out = {s.rel.value for s in steps if s.direction in (Direction.OUT, Direction.BOTH)}
        wanted_in = {s.rel.value for s in steps if s.direction in (Direction.IN, Direction.BOTH)}
        if wanted_out:
            for _, v, k, d in self.g.out_edges(ref, keys=True, data=True):
                if k in wanted_out:
                    yield Relationship(RelType(k), ref, v, dict(d["props"])), v
        if wanted_in:
            for u, _, k, d in self.g.in_edges(ref, keys=True, data=True):
                if k in wanted_in and not (u == ref and k in wanted_out):
                    yield Relationship(RelType(k), u, ref, dict(d["props"])), u

    def neighbours(
        self, ref: NodeRef, steps: Sequence[Step], visibility: Visibility = EVERYTHING, memo: Memo | None = None
    ) -> list[tuple[Relationship, Node]]:
        if ref not in self.g:
            return []
        memo = {} if memo is None else memo
        found = [(rel, self.node(other)) for rel, other in self._edges(ref, steps) if self.visible(other, visibility, memo)]
        found.sort(key=lambda pair: pair[0].sort_key())
        return [(rel, node) for rel, node in found if node is not None]

    def _linked(self, ref: NodeRef, link: LinkFilter, memo: Memo | None = None) -> bool:
        """Whether `ref` has a neighbour matching `link`; `memo` remembers answers within one read, since
        many nodes share the same neighbours (the items of one resource, the uses of one hub)."""
        if memo is not None and (ref, link) in memo:
            return memo[(ref, link)]
        found = False
        for _, other in self._edges(ref, [Step(link.rel, link.direction)]):
            if other.label is not link.label or (link.keys and other.key not in link.keys):
                continue
            if _matches(self.g.nodes[other]["props"], link.where) and all(self._linked(other, n, memo) for n in link.linked):
                found = True
                break
        if memo is not None:
            memo[(ref, link)] = found
        return found

    def visible(self, ref: NodeRef, visibility: Visibility, memo: Memo | None = None) -> bool:
        """Whether `visibility` lets the node be seen (see `graph.access.Visibility`)."""
        if not visibility.restricts(ref.label):
            return True
        props = self.g.nodes[ref]["props"]
        return any(
            _matches(props, m.where) and all(self._linked(ref, link, memo) for link in m.linked)
            for m in visibility.rules[ref.label]
        )

    def _selected(self, query: PageQuery, ref: NodeRef, visibility: Visibility, memo: Memo) -> bool:
        if not self.visible(ref, visibility, memo):
            return False
        props = self.g.nodes[ref]["props"]
        if not _matches(props, query.where):
            return False
        if query.text is not None and not text_matches(ref.label, ref.key, props, query.text):
            return False
        return all(self._linked(ref, link, memo) for link in query.linked)

    def page(self, query: PageQuery, visibility: Visibility = EVERYTHING) -> Page:
        keys = self.keys[query.label]
        start = keys.bisect_right(query.after) if query.after is not None else 0
        if not (query.where or query.linked or query.text is not None or visibility.restricts(query.label)):
            # Nothing filters: the total is the label's size and the page a slice (no scan).
            chosen = keys[start : start + query.first]
            nodes = [Node(query.label, k, dict(self.g.nodes[NodeRef(query.label, k)]["props"])) for k in chosen]
            return Page(nodes, len(keys), start + query.first < len(keys))
        total = 0
        page: list[Node] = []
        has_next = False
        memo: Memo = {}
        for index, key in enumerate(keys):
            ref = NodeRef(query.label, key)
            if not self._selected(query, ref, visibility, memo):
                continue
            total += 1
            if index < start:
                continue
            if len(page) < query.first:
                page.append(Node(ref.label, key, dict(self.g.nodes[ref]["props"])))
            else:
                has_next = True
        return Page(page, total, has_next)

    def traverse(self, traversal: Traversal, visibility: Visibility = EVERYTHING) -> Subgraph:
        seen: dict[NodeRef, int] = {}
        truncated = False
        starts = {ref for ref in traversal.starts if ref in self.g}
        if traversal.start_via is not None:
            starts = {other for ref in starts for _, other in self._edges(ref, [traversal.start_via])}
        frontier = sorted(starts, key=NodeRef.sort_key)
        if len(frontier) > traversal.node_limit:
            frontier, truncated = frontier[: traversal.node_limit], True
        for ref in frontier:
            seen[ref] = 0
        depth = 0
        while frontier and depth < traversal.max_depth and not truncated:
            found = {other for ref in frontier for _, other in self._edges(ref, traversal.follow) if other not in seen}
            if not found:
                break
            depth += 1
            frontier = sorted(found, key=NodeRef.sort_key)
            room = traversal.node_limit - len(seen)
            if len(frontier) > room:
                frontier, truncated = frontier[:room], True
            for ref in frontier:
                seen[ref] = depth
        reached = dict(seen)
        if traversal.attach is not None:
            for ref, d in seen.items():
                for _, other in self._edges(ref, [traversal.attach]):
                    if other not in seen:
                        reached[other] = min(reached.get(other, d), d)
        steps = [*traversal.follow, *([traversal.attach] if traversal.attach else [])]
        types = {s.rel.value for s in steps}
        edges = [
            Relationship(RelType(k), u, v, dict(d["props"]))
            for u in reached
            for _, v, k, d in self.g.out_edges(u, keys=True, data=True)
            if k in types and v in reached
        ]
        edges.sort(key=Relationship.sort_key)
        nodes = [
            ReachedNode(Node(ref.label, ref.key, dict(self.g.nodes[ref]["props"])), d)
            for ref, d in sorted(reached.items(), key=lambda item: (item[1], *item[0].sort_key()))
        ]
        memo: Memo = {}
        hidden = {ref for ref in reached if not self.visible(ref, visibility, memo)}
        return redact(Subgraph(nodes, edges, truncated, max(seen.values(), default=0)), hidden)

    def counts(self) -> Counts:
        labels = {label.value: len(keys) for label, keys in self.keys.items() if keys}
        rels: dict[str, int] = {}
        for _, _, k in self.g.edges(keys=True):
            rels[k] = rels.get(k, 0) + 1
        return Counts(dict(sorted(labels.items())), dict(sorted(rels.items())))

    def iter_nodes(self) -> Iterator[Node]:
        for label in sorted(Label, key=lambda lab: lab.value):
            for key in self.keys[label]:
                yield Node(label, key, dict(self.g.nodes[NodeRef(label, key)]["props"]))

    def all_relationships(self) -> list[Relationship]:
        rels = [
            Relationship(RelType(k), u, v, dict(d["props"])) for u, v, k, d in self.g.edges(keys=True, data=True)
        ]
        rels.sort(key=Relationship.sort_key)
        return rels

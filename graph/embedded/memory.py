"""The graph in memory: node properties, one networkx DiGraph per relationship type and sorted keys per
label, with undoable writes.

Everything here is synchronous and runs between two awaits, so no reader sees half a unit of work.
"""

from __future__ import annotations

import gc
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from operator import itemgetter
from typing import Any

import networkx as nx
from sortedcontainers import SortedList

from graph.changes import DeleteNode, DeleteRelationship, ExpectVersion, Op, UpsertNode, UpsertRelationship
from graph.access import EVERYTHING, Visibility
from graph.entities import TEXT_FIELDS
from graph.errors import ConflictError, DanglingReferenceError, NotFoundError, Problem
from graph.i18n import _
from graph.labels import Direction, Label, RelType
from graph.records import (
    Counts,
    LinkFilter,
    PageQuery,
    Node,
    NodeRef,
    Page,
    Props,
    PropertyFilter,
    projected,
    ReachedNode,
    Relationship,
    Step,
    Subgraph,
    Traversal,
    redact,
)

Undo = Callable[[], None]


@contextmanager
def long_lived() -> Iterator[None]:
    """Hold off the cyclic garbage collector while the graph is built, then freeze what was built.

    Building millions of containers would otherwise set off collections that walk all of them again
    and again (more than half the start-up time), and each later full collection would walk them
    once more: a pause of seconds in a running server. The graph lives as long as the process, so
    it is moved out of the collector's sight (`gc.freeze`, for the whole process); reference
    counting still frees every object the graph lets go of.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


Adjacency = dict[NodeRef, dict[NodeRef, dict[str, Any]]]  # node -> neighbour -> the relationship's properties
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
    """Node properties keyed by `NodeRef`, and relationships in one networkx `DiGraph` per type.

    One graph per type (at most one relationship of a type joins an ordered pair, so a `DiGraph`
    holds them) means a step reads only the relationships it follows: a hub's thousands of uses
    cost nothing to a walk along its derivations. An edge's attribute dict is the relationship's
    properties. A type's graph may keep a node whose last relationship of that type is gone: it
    costs a little memory and changes no answer.
    """

    LAYOUT = 2  # one more whenever the attributes below change: a memory image of another layout is not used

    def __init__(self) -> None:
        self.props: dict[NodeRef, dict[str, Any]] = {}
        # One NodeRef object per node, which every relationship of the node shares: the graph holds
        # millions of references to a few hundred thousand nodes, so this saves memory and image size.
        self.refs: dict[NodeRef, NodeRef] = {}
        self.rels: dict[RelType, nx.DiGraph] = {}
        self.keys: dict[Label, SortedList] = {label: SortedList() for label in Label}

    def _typed(self, rel_type: RelType) -> nx.DiGraph:
        graph = self.rels.get(rel_type)
        if graph is None:
            graph = self.rels[rel_type] = nx.DiGraph()
            graph.graph[_LABELS] = {True: set(), False: set()}
        return graph

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
            if ref in self.props:
                raise ConflictError(_("{what} {key} already exists", what=ref.label.noun, key=ref.key))
            return
        if ref not in self.props:
            raise NotFoundError(ref.label.value, ref.key)
        current = self.props[ref].get("version")
        if current != version:
            raise ConflictError(_("{what} {key} is at version {current}, not {version}: reload it and apply the change again",
                                  what=ref.label.noun, key=ref.key, current=current, version=version))

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

    def load(self, records: Iterable[Node | Relationship]) -> None:
        """Take in a snapshot's records into an empty graph, as upserts whose undo is not kept."""
        if self.props:
            raise ValueError("load() fills an empty graph")
        keys: dict[Label, list[str]] = {label: [] for label in Label}
        for record in records:
            if isinstance(record, Node):
                ref = record.ref
                old = self.props.get(ref)
                if old is None:
                    keys[ref.label].append(ref.key)
                    self.refs[ref] = ref
                self.props[ref] = versioned(old or {}, record.props)
            else:
                self._upsert_rel(record)
        for label, found in keys.items():
            self.keys[label].update(found)

    def _upsert_node(self, node: Node) -> Undo:
        ref = node.ref
        old = self.props.get(ref)
        self.props[ref] = versioned(old or {}, node.props)
        if old is not None:
            return lambda: self.props.__setitem__(ref, old)
        self.refs[ref] = ref
        self.keys[ref.label].add(ref.key)

        def undo() -> None:
            del self.props[ref], self.refs[ref]
            self.keys[ref.label].remove(ref.key)

        return undo

    def _ends(self, rel: Relationship) -> tuple[NodeRef, NodeRef]:
        """The relationship's ends as the graph holds them (one object per node)."""
        start, end = self.refs.get(rel.start), self.refs.get(rel.end)
        if start is None or end is None:
            missing = rel.start if start is None else rel.end
            raise DanglingReferenceError(
                [Problem(f"{rel.type.value} {rel.start} -> {rel.end}", "", _("{what} {key} does not exist", what=missing.label.noun, key=missing.key))]
            )
        return start, end

    def _upsert_rel(self, rel: Relationship) -> Undo:
        start, end = self._ends(rel)
        graph = self._typed(rel.type)
        if graph.has_edge(start, end):
            data: dict[str, Any] = graph.succ[start][end]
            old = dict(data)
            data.clear()
            data.update(rel.props)

            def restore() -> None:
                data.clear()
                data.update(old)

            return restore
        _link(graph, start, end, rel.props)
        return lambda: graph.remove_edge(start, end)

    def _delete_node(self, ref: NodeRef) -> Undo:
        if ref not in self.props:
            return lambda: None
        ref = self.refs.pop(ref)
        props = self.props.pop(ref)
        self.keys[ref.label].remove(ref.key)
        edges: list[tuple[nx.DiGraph, NodeRef, NodeRef, dict[str, Any]]] = []
        for graph in self.rels.values():
            if ref in graph:
                edges += [(graph, ref, v, d) for v, d in graph.succ[ref].items()]
                edges += [(graph, u, ref, d) for u, d in graph.pred[ref].items() if u != ref]
                graph.remove_node(ref)

        def undo() -> None:
            self.props[ref] = props
            self.refs[ref] = ref
            self.keys[ref.label].add(ref.key)
            for graph, u, v, d in edges:
                _link(graph, u, v, d)

        return undo

    def _delete_rel(self, rel_type: RelType, start: NodeRef, end: NodeRef) -> Undo:
        graph = self.rels.get(rel_type)
        if graph is None or not graph.has_edge(start, end):
            return lambda: None
        data = graph.succ[start][end]
        graph.remove_edge(start, end)
        return lambda: _link(graph, start, end, data)

    # Reads.

    def node(self, ref: NodeRef) -> Node | None:
        props = self.props.get(ref)
        if props is None:
            return None
        return Node.at(ref, dict(props))

    def _adjacent(self, steps: Sequence[Step]) -> list[tuple[RelType, bool, Adjacency]]:
        """For each step, its type, whether it leaves the node, and that type's adjacency that way
        (a node's neighbours along it); BOTH is two entries."""
        ways: dict[tuple[RelType, bool], None] = {}
        for step in steps:
            if step.direction in (Direction.OUT, Direction.BOTH):
                ways[(step.rel, True)] = None
            if step.direction in (Direction.IN, Direction.BOTH):
                ways[(step.rel, False)] = None
        found = []
        for rel, out in ways:
            graph = self.rels.get(rel)
            if graph is not None:
                found.append((rel, out, _adjacency(graph, out)))
        return found

    def adjacent(self, steps: Sequence[Step]) -> list[tuple[RelType, bool, Adjacency]]:
        """For each way along `steps`, its type, whether it leaves the node, and the neighbours that way."""
        return self._adjacent(steps)

    def _labelled(self, steps: Sequence[Step]) -> list[tuple[RelType, bool, Adjacency, set[Label]]]:
        """`_adjacent`, each with the labels of the nodes that may have neighbours that way: a walk
        looks a node up only where its label can be (at S=10 each look-up elsewhere is a probe into a
        table of tens of thousands of nodes)."""
        return [(rel, out, adjacency, self.rels[rel].graph[_LABELS][out]) for rel, out, adjacency in self._adjacent(steps)]

    def _expanded(self, steps: Sequence[Step]) -> list[tuple[RelType, bool, Adjacency, set[Label]]]:
        """`_labelled` with each type once: the way a walk expands it, or out for a type followed both
        ways. Every relationship of those types between reached nodes is in the adjacency of one of its
        ends taken this way, and only once; a walk upstream thus never reads a department's thousands
        of `PROVIDES` from the department's side."""
        ways = self._labelled(steps)
        leaving = {rel for rel, out, _, _ in ways if out}
        return [way for way in ways if way[1] or way[0] not in leaving]

    def _others(self, ref: NodeRef, adjacent: list[tuple[RelType, bool, Adjacency]]) -> Iterator[NodeRef]:
        """The nodes one step from `ref` (one may come more than once)."""
        for _, _, adjacency in adjacent:
            others = adjacency.get(ref)
            if others:
                yield from others

    def _along(self, ref: NodeRef, steps: Sequence[Step]) -> Iterator[tuple[RelType, bool, NodeRef, Props]]:
        """Each relationship along `steps` at `ref`: its type, whether it leaves `ref`, its other end, its properties."""
        adjacent = self._adjacent(steps)
        leaving = {rel for rel, out, _ in adjacent if out}
        for rel, out, adjacency in adjacent:
            for other, props in adjacency.get(ref, {}).items():
                if out or not (other == ref and rel in leaving):  # a loop followed both ways comes once
                    yield rel, out, other, props

    def _edges(self, ref: NodeRef, steps: Sequence[Step]) -> Iterator[tuple[Relationship, NodeRef]]:
        for rel, out, other, props in self._along(ref, steps):
            yield (Relationship(rel, ref, other, dict(props)) if out else Relationship(rel, other, ref, dict(props))), other

    def count(self, ref: NodeRef, steps: Sequence[Step], visibility: Visibility = EVERYTHING, memo: Memo | None = None) -> int:
        """How many pairs `neighbours` would answer, without building them."""
        if ref not in self.props:
            return 0
        memo = {} if memo is None else memo
        return sum(1 for _, _, other, _ in self._along(ref, steps) if other in self.props and self.visible(other, visibility, memo))

    def links(
        self, ref: NodeRef, steps: Sequence[Step], visibility: Visibility = EVERYTHING, memo: Memo | None = None
    ) -> list[tuple[Relationship, NodeRef]]:
        """`neighbours` without the other ends' properties: the relationships and the other ends' keys."""
        if ref not in self.props:
            return []
        memo = {} if memo is None else memo
        found = [(rel, other) for rel, other in self._edges(ref, steps) if other in self.props and self.visible(other, visibility, memo)]
        found.sort(key=lambda pair: pair[0].sort_key())
        return found

    def neighbours(
        self, ref: NodeRef, steps: Sequence[Step], visibility: Visibility = EVERYTHING, memo: Memo | None = None,
        props: tuple[str, ...] | None = None,
    ) -> list[tuple[Relationship, Node]]:
        """The relationships along `steps` with the visible node at the other end, with all its
        properties or (`props`) those named and its key."""
        return [
            (rel, Node(other.label, other.key, projected(other.label, self.props[other], props)))
            for rel, other in self.links(ref, steps, visibility, memo)
        ]

    def walks(self, label: Label, steps: Sequence[Step], keep: Sequence[int], visibility: Visibility = EVERYTHING) -> set[tuple[str, ...]]:
        """See `GraphStore.walks`. Step by step, each walk is carried as the keys it keeps so far and
        the node it is at, each such pair once: walks that differ only where nothing is kept merge."""
        memo: Memo = {}
        at: set[tuple[tuple[str, ...], NodeRef]] = {
            ((key,) if 0 in keep else (), ref)
            for key in self.keys[label]
            if self.visible(ref := NodeRef(label, key), visibility, memo)
        }
        for i, step in enumerate(steps, 1):
            adjacent = self._adjacent([step])
            kept = i in keep
            at = {
                ((*held, other.key) if kept else held, other)
                for held, ref in at
                for other in self._others(ref, adjacent)
                if other in self.props and self.visible(other, visibility, memo)
            }
        where = [sorted(keep).index(i) for i in keep]  # `held` is in walk order, `keep` maybe not
        return {tuple(held[j] for j in where) for held, _ in at}

    def _linked(self, ref: NodeRef, link: LinkFilter, memo: Memo | None = None) -> bool:
        """Whether `ref` has a neighbour matching `link`; `memo` remembers answers within one read, since
        many nodes share the same neighbours (the items of one resource, the uses of one hub)."""
        if memo is not None and (ref, link) in memo:
            return memo[(ref, link)]
        found = False
        for other in self._others(ref, self._adjacent([Step(link.rel, link.direction)])):
            if other.label is not link.label or (link.keys and other.key not in link.keys):
                continue
            if _matches(self.props[other], link.where) and all(self._linked(other, n, memo) for n in link.linked):
                found = True
                break
        if memo is not None:
            memo[(ref, link)] = found
        return found

    def visible(self, ref: NodeRef, visibility: Visibility, memo: Memo | None = None) -> bool:
        """Whether `visibility` lets the node be seen (see `graph.access.Visibility`)."""
        if not visibility.restricts(ref.label):
            return True
        props = self.props[ref]
        return any(
            _matches(props, m.where) and all(self._linked(ref, link, memo) for link in m.linked)
            for m in visibility.rules[ref.label]
        )

    def _selected(self, query: PageQuery, ref: NodeRef, visibility: Visibility, memo: Memo) -> bool:
        if not self.visible(ref, visibility, memo):
            return False
        props = self.props[ref]
        if not _matches(props, query.where):
            return False
        if query.text is not None and not text_matches(ref.label, ref.key, props, query.text):
            return False
        return all(self._linked(ref, link, memo) for link in query.linked)

    @staticmethod
    def filtered(query: PageQuery, visibility: Visibility) -> bool:
        """Whether anything but the label selects the query's nodes (then counting them means a scan)."""
        return bool(query.where or query.linked or query.text is not None or visibility.restricts(query.label))

    def matching(self, query: PageQuery, visibility: Visibility = EVERYTHING) -> list[str]:
        """The keys of the label's nodes that the query's filters select under `visibility`, in key order."""
        memo: Memo = {}
        return [key for key in self.keys[query.label] if self._selected(query, NodeRef(query.label, key), visibility, memo)]

    def page(self, query: PageQuery, visibility: Visibility = EVERYTHING, matching: Sequence[str] | None = None) -> Page:
        """A page of the query; `matching` may give what `matching()` answers for it, found earlier."""
        keys: Sequence[str] = self.keys[query.label]
        if self.filtered(query, visibility):
            keys = self.matching(query, visibility) if matching is None else matching
        # The keys are sorted: the page is a slice after the cursor, the total their number.
        start = bisect_right(keys, query.after) if query.after is not None else 0
        chosen = keys[start : start + query.first]
        nodes = [Node(query.label, k, projected(query.label, self.props[NodeRef(query.label, k)], query.props)) for k in chosen]
        return Page(nodes, len(keys), start + query.first < len(keys))

    def traverse(self, traversal: Traversal, visibility: Visibility = EVERYTHING) -> Subgraph:
        seen: dict[NodeRef, int] = {}
        truncated = False
        starts = {ref for ref in traversal.starts if ref in self.props}
        if traversal.start_via is not None:
            via = self._adjacent([traversal.start_via])
            starts = {other for ref in starts for other in self._others(ref, via)}
        frontier = sorted(starts)
        if len(frontier) > traversal.node_limit:
            frontier, truncated = frontier[: traversal.node_limit], True
        for ref in frontier:
            seen[ref] = 0
        ways = self._labelled(traversal.follow)
        follow: dict[Label, list[Adjacency]] = {}  # by the label of the node followed from
        depth = 0
        while frontier and depth < traversal.max_depth and not truncated:
            found: set[NodeRef] = set()
            for ref in frontier:
                label = ref.label
                adjacencies = follow.get(label)
                if adjacencies is None:
                    adjacencies = follow[label] = [adjacency for _, _, adjacency, labels in ways if label in labels]
                for adjacency in adjacencies:
                    near = adjacency.get(ref)
                    if near:
                        found.update(near)
            found.difference_update(seen)
            if not found:
                break
            depth += 1
            frontier = sorted(found)
            room = traversal.node_limit - len(seen)
            if len(frontier) > room:
                frontier, truncated = frontier[:room], True
            for ref in frontier:
                seen[ref] = depth
        reached = dict(seen)
        if traversal.attach is not None:
            attach = self._adjacent([traversal.attach])
            for ref, d in seen.items():
                for other in self._others(ref, attach):
                    if other not in seen:
                        reached[other] = min(reached.get(other, d), d)
        by_label: dict[Label, list[NodeRef]] = {}
        for ref in reached:
            by_label.setdefault(ref.label, []).append(ref)
        # (type, start, end, props), sorted as tuples (in C) before any record is made: the order of
        # `Relationship.sort_key`, since enums and references compare as their text.
        linked: list[tuple[RelType, NodeRef, NodeRef, Props]] = []
        for rel_type, out, adjacency, labels in self._expanded([*traversal.follow, *([traversal.attach] if traversal.attach else [])]):
            for label in labels:
                for u in by_label.get(label, ()):
                    near = adjacency.get(u)
                    if not near:
                        continue
                    # A department provides thousands of resources: look up the few reached instead.
                    ends = [v for v in reached if v in near] if len(near) > len(reached) else [v for v in near if v in reached]
                    if out:
                        linked += [(rel_type, u, v, near[v]) for v in ends]
                    else:
                        linked += [(rel_type, v, u, near[v]) for v in ends]
        linked.sort(key=_EDGE_ORDER)
        edges = [Relationship(rel_type, start, end, dict(rel_props)) for rel_type, start, end, rel_props in linked]
        props = self.props
        nodes = [ReachedNode(Node.at(ref, dict(props[ref])), d) for d, ref in sorted([(d, ref) for ref, d in reached.items()])]
        memo: Memo = {}
        hidden = {ref for ref in reached if not self.visible(ref, visibility, memo)} if visibility.rules else set()
        return redact(Subgraph(nodes, edges, truncated, max(seen.values(), default=0)), hidden)

    def counts(self) -> Counts:
        labels = {label.value: len(keys) for label, keys in self.keys.items() if keys}
        rels = {rel_type.value: graph.number_of_edges() for rel_type, graph in self.rels.items()}
        return Counts(dict(sorted(labels.items())), dict(sorted((k, n) for k, n in rels.items() if n)))

    def iter_nodes(self) -> Iterator[Node]:
        for label in sorted(Label, key=lambda lab: lab.value):
            yield from self.label_nodes(label)

    def label_nodes(self, label: Label) -> Iterator[Node]:
        """The nodes of `label` in key order."""
        for key in self.keys[label]:
            yield Node(label, key, dict(self.props[NodeRef(label, key)]))

    def take_audit_events(self) -> list[Node]:
        """Remove the audit events a graph of an earlier version held (the trail now has a log of its
        own, `graph.embedded.audit`) and return them, for the log."""
        events = list(self.label_nodes(Label.AUDIT_EVENT))
        for event in events:
            self._delete_node(event.ref)
        return events

    def all_relationships(self) -> list[Relationship]:
        rels = [
            Relationship(rel_type, u, v, dict(d))
            for rel_type, graph in self.rels.items()
            for u, v, d in graph.edges(data=True)
        ]
        rels.sort(key=Relationship.sort_key)
        return rels


def _adjacency(graph: nx.DiGraph, out: bool) -> Adjacency:
    """The graph's own successor (or predecessor) dicts, which networkx documents as its data structure:
    its read-only views cost a Python call per neighbour, which at a hub is most of a walk."""
    adjacency: Adjacency = graph._succ if out else graph._pred
    return adjacency


_EDGE_ORDER = itemgetter(0, 1, 2)  # (type, start, end): a relationship's order
_LABELS = "labels"  # key of a type's graph attributes: {True: labels of the nodes it leaves, False: of those it enters}


def _link(graph: nx.DiGraph, start: NodeRef, end: NodeRef, props: dict[str, Any]) -> None:
    """Add the edge with `props` as its attribute dict's contents, and note its ends' labels (never
    forgotten: a label noted in vain costs a look-up, a label missed would lose a neighbour)."""
    labels = graph.graph[_LABELS]
    labels[True].add(start.label)
    labels[False].add(end.label)
    graph.add_edge(start, end)
    graph.succ[start][end].update(props)

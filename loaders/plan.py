"""A validated load waiting to be applied: nodes, relationships, and where each came from.

Every loader builds a `LoadPlan`, so all of them share one rule: the whole input is checked first
(structure, then references against the input and the store), and only then applied as one unit of
work. A bad input therefore fails with its file, line and field, and leaves the store unchanged.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from graph import validation
from graph.changes import Changes
from graph.errors import DanglingReferenceError, InvalidDataError, Problem, ProblemList
from graph.i18n import _
from graph.labels import Label
from graph.records import Node, NodeRef, Relationship
from graph.store import GraphStore, Progress


@dataclass(frozen=True)
class Place:
    """Where a value is in a source: the file, the line of the value itself, and its field (or column)."""

    source: str
    line: int = 0
    field: str = ""

    def __str__(self) -> str:
        return f"{self.source}:{self.line}" if self.line else self.source

    def at(self, field: str, line: int | None = None) -> Place:
        """The place of another field, on `line` (default: this one's)."""
        return Place(self.source, self.line if line is None else line, field)

    def problem(self, reason: str, code: str = "") -> Problem:
        """A problem (or a note, given its code) at this place."""
        return Problem(str(self), self.field, reason, self.line, code)


@dataclass(frozen=True)
class LoadReport:
    """What a load wrote: nodes and relationships per kind, and the notes its source raised."""

    source: str
    nodes: dict[str, int]
    relationships: dict[str, int]
    created_if_missing: int = 0
    notes: list[Problem] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.nodes.values()) + sum(self.relationships.values())


@dataclass
class LoadPlan:
    """Nodes and relationships read from one source, each remembered with its place in the source.

    A reader records every problem it finds (`problem`) and reads on, so that one failed load lists
    all of them (up to MAX_PROBLEMS); `failed` holds the nodes whose own definition was wrong, so that
    references to them are not reported again as dangling. Notes are what the load accepts but a
    person should know (a custom theme); they come back with the report.
    """

    source: str
    nodes: dict[NodeRef, tuple[Node, Place]] = field(default_factory=dict)
    relationships: list[tuple[Relationship, Place]] = field(default_factory=list)
    if_missing: dict[NodeRef, tuple[Node, Place]] = field(default_factory=dict)
    merges: dict[NodeRef, tuple[dict[str, Any], Place]] = field(default_factory=dict)
    problems: ProblemList = field(default_factory=ProblemList)
    failed: set[NodeRef] = field(default_factory=set)
    notes: list[Problem] = field(default_factory=list)

    def enough(self) -> bool:
        """Whether enough problems are found to stop reading (the error then says the list is cut short)."""
        if self.problems.full:
            self.problems.truncated = True
        return self.problems.full

    def problem(self, place: Place, reason: str) -> None:
        self.problems.extend([place.problem(reason)])

    def problems_from(self, error: InvalidDataError) -> None:
        self.problems.extend(error.problems)

    def note(self, place: Place, code: str, reason: str) -> None:
        self.notes.append(place.problem(reason, code))

    def add_node(self, node: Node, place: Place) -> None:
        """Add a node; the same key twice in one source is fine only if both say the same."""
        ref = node.ref
        if ref in self.nodes and self.nodes[ref][0].props != node.props:
            first = self.nodes[ref][1]
            self.problem(place, _("{ref} is defined again with different properties (first on line {line})", ref=ref, line=first.line))
            return
        self.nodes.setdefault(ref, (node, place))

    def add_if_missing(self, node: Node, place: Place) -> None:
        """Add a node that is created only when neither the source nor the store has it."""
        self.if_missing.setdefault(node.ref, (node, place))

    def add_merge(self, node: Node, given: Mapping[str, Any], place: Place) -> None:
        """Add a node whose `given` fields overwrite a stored node's, keeping the fields the source
        does not describe (a catalog CSV knows nothing of aggregation, say). `node` is its validated
        form on its own, as written when nothing is stored."""
        self.add_node(node, place)
        self.merges[node.ref] = (dict(given), place)

    def add_relationship(self, rel: Relationship, place: Place) -> None:
        self.relationships.append((rel, place))

    @staticmethod
    async def _fetch(store: GraphStore, refs: set[NodeRef]) -> dict[NodeRef, Node]:
        """The stored nodes among `refs`, one store call per label."""
        by_label: dict[Label, list[str]] = defaultdict(list)
        for ref in refs:
            by_label[ref.label].append(ref.key)
        found: dict[NodeRef, Node] = {}
        for label, keys in by_label.items():
            found.update({node.ref: node for node in (await store.get_many(label, sorted(keys))).values()})
        return found

    async def resolve(self, store: GraphStore) -> tuple[Changes, int]:
        """Check every reference against the source and the store; return the changes and how many
        if-missing nodes they create. Raise with every problem the source has, in line order."""
        optional = {ref: item for ref, item in self.if_missing.items() if ref not in self.nodes}
        stored_optional = await self._fetch(store, set(optional))
        created = [node for ref, (node, _place) in optional.items() if ref not in stored_optional]
        defined = set(self.nodes) | {node.ref for node in created} | self.failed
        referenced = {end for rel, _place in self.relationships for end in (rel.start, rel.end)} - defined
        stored = await self._fetch(store, referenced)
        for rel, place in self.relationships:
            for end in (rel.start, rel.end):
                if end not in defined and end not in stored:
                    reason = _("{ref} is neither in {source} nor in the store", ref=end, source=self.source)
                    self.problems.extend([place.problem(reason, DanglingReferenceError.code)])
        merged = {}
        for ref, stored_node in (await self._fetch(store, set(self.merges))).items():
            given, place = self.merges[ref]
            kept = {k: v for k, v in stored_node.props.items() if k != "version"}  # the store moves it on
            try:
                merged[ref] = validation.node(ref.label, {**kept, **given}, str(place))
            except InvalidDataError as e:
                self.problems.extend(place.at(p.field).problem(p.reason) for p in e.problems)
        self.problems.raise_if_any()
        changes = Changes()
        # Grouped by kind, so a store can write each kind in one batch (a load has no deletes to order).
        nodes = [merged.get(ref, node) for ref, (node, _place) in self.nodes.items()] + created
        for node in sorted(nodes, key=lambda n: n.label.value):
            changes.add_node(node)
        rels = [rel for rel, _place in self.relationships]
        for rel in sorted(rels, key=lambda r: (r.type.value, r.start.label.value, r.end.label.value)):
            changes.add_relationship(rel)
        return changes, len(created)

    async def apply(self, store: GraphStore, progress: Progress | None = None) -> LoadReport:
        """Resolve and apply all-or-nothing; report what was written."""
        changes, created = await self.resolve(store)
        await store.apply(changes, progress)
        nodes: dict[str, int] = defaultdict(int)
        for ref in self.nodes:
            nodes[ref.label.value] += 1
        rels: dict[str, int] = defaultdict(int)
        for rel, _place in self.relationships:
            rels[rel.type.value] += 1
        notes = sorted(self.notes, key=lambda p: p.line)
        return LoadReport(self.source, dict(sorted(nodes.items())), dict(sorted(rels.items())), created, notes)

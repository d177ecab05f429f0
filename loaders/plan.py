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
from graph.errors import DanglingReferenceError, InvalidDataError, Problem
from graph.labels import Label
from graph.records import Node, NodeRef, Relationship
from graph.store import GraphStore, Progress


@dataclass(frozen=True)
class LoadReport:
    """What a load wrote: nodes and relationships per kind."""

    source: str
    nodes: dict[str, int]
    relationships: dict[str, int]
    created_if_missing: int = 0

    @property
    def total(self) -> int:
        return sum(self.nodes.values()) + sum(self.relationships.values())


@dataclass
class LoadPlan:
    """Nodes and relationships read from one source, each remembered with its place in the source."""

    source: str
    nodes: dict[NodeRef, tuple[Node, str]] = field(default_factory=dict)
    relationships: list[tuple[Relationship, str]] = field(default_factory=list)
    if_missing: dict[NodeRef, tuple[Node, str]] = field(default_factory=dict)
    merges: dict[NodeRef, tuple[dict[str, Any], str]] = field(default_factory=dict)

    def add_node(self, node: Node, where: str) -> None:
        """Add a node; the same key twice in one source is fine only if both say the same."""
        ref = node.ref
        if ref in self.nodes and self.nodes[ref][0].props != node.props:
            first = self.nodes[ref][1]
            raise InvalidDataError(
                [Problem(where, "", f"{ref} is defined again with different properties (first at {first})")]
            )
        self.nodes.setdefault(ref, (node, where))

    def add_if_missing(self, node: Node, where: str) -> None:
        """Add a node that is created only when neither the source nor the store has it."""
        self.if_missing.setdefault(node.ref, (node, where))

    def add_merge(self, node: Node, given: Mapping[str, Any], where: str) -> None:
        """Add a node whose `given` fields overwrite a stored node's, keeping the fields the source
        does not describe (a catalog CSV knows nothing of aggregation, say). `node` is its validated
        form on its own, as written when nothing is stored."""
        self.add_node(node, where)
        self.merges[node.ref] = (dict(given), where)

    def add_relationship(self, rel: Relationship, where: str) -> None:
        self.relationships.append((rel, where))

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
        if-missing nodes they create."""
        optional = {ref: item for ref, item in self.if_missing.items() if ref not in self.nodes}
        stored_optional = await self._fetch(store, set(optional))
        created = [node for ref, (node, _) in optional.items() if ref not in stored_optional]
        defined = set(self.nodes) | {node.ref for node in created}
        referenced = {end for rel, _ in self.relationships for end in (rel.start, rel.end)} - defined
        stored = await self._fetch(store, referenced)
        for rel, where in self.relationships:
            for end in (rel.start, rel.end):
                if end not in defined and end not in stored:
                    raise DanglingReferenceError(
                        [Problem(where, "", f"{end} is neither in {self.source} nor in the store")]
                    )
        merged = {}
        for ref, stored_node in (await self._fetch(store, set(self.merges))).items():
            given, where = self.merges[ref]
            kept = {k: v for k, v in stored_node.props.items() if k != "version"}  # the store moves it on
            merged[ref] = validation.node(ref.label, {**kept, **given}, where)
        changes = Changes()
        # Grouped by kind, so a store can write each kind in one batch (a load has no deletes to order).
        nodes = [merged.get(ref, node) for ref, (node, _) in self.nodes.items()] + created
        for node in sorted(nodes, key=lambda n: n.label.value):
            changes.add_node(node)
        rels = [rel for rel, _ in self.relationships]
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
        for rel, _ in self.relationships:
            rels[rel.type.value] += 1
        return LoadReport(self.source, dict(sorted(nodes.items())), dict(sorted(rels.items())), created)

"""A unit of work: validated writes buffered in order and applied by a store all at once, or not at all."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Union

from graph import validation
from graph.labels import Label, RelType
from graph.records import Node, NodeRef, Relationship


@dataclass(frozen=True)
class UpsertNode:
    """Create the node, or replace all its properties.

    The store keeps `version`: 1 for a new node, one more whenever the properties change, the same
    when they do not (so loading a file twice changes nothing); a `version` given explicitly (as an
    import gives it) is kept as it is.
    """

    node: Node


@dataclass(frozen=True)
class UpsertRelationship:
    """Create the relationship between two existing nodes, or replace its properties."""

    rel: Relationship


@dataclass(frozen=True)
class DeleteNode:
    """Delete the node with its relationships; deleting a missing node does nothing."""

    ref: NodeRef


@dataclass(frozen=True)
class DeleteRelationship:
    """Delete one relationship; deleting a missing one does nothing."""

    type: RelType
    start: NodeRef
    end: NodeRef


@dataclass(frozen=True)
class ExpectVersion:
    """Fail the whole unit with `ConflictError` unless the node exists at this version (optimistic
    locking); version 0 expects that the node does not exist yet (a create that must not overwrite)."""

    ref: NodeRef
    version: int


Op = Union[UpsertNode, UpsertRelationship, DeleteNode, DeleteRelationship, ExpectVersion]


@dataclass
class Changes:
    """Ordered, already validated writes. Every write is idempotent, so replaying them is safe."""

    ops: list[Op] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.ops)

    def __iter__(self) -> Iterator[Op]:
        return iter(self.ops)

    def upsert_node(self, label: Label, props: Mapping[str, Any], where: str = "") -> Node:
        node = validation.node(label, props, where)
        self.ops.append(UpsertNode(node))
        return node

    def add_node(self, node: Node) -> None:
        """Add a node validated already (by `graph.validation.node`)."""
        self.ops.append(UpsertNode(node))

    def upsert_relationship(
        self,
        rel_type: RelType,
        start: NodeRef,
        end: NodeRef,
        props: Mapping[str, Any] | None = None,
        where: str = "",
    ) -> Relationship:
        rel = validation.relationship(rel_type, start, end, props, where)
        self.ops.append(UpsertRelationship(rel))
        return rel

    def add_relationship(self, rel: Relationship) -> None:
        """Add a relationship validated already (by `graph.validation.relationship`)."""
        self.ops.append(UpsertRelationship(rel))

    def delete_node(self, ref: NodeRef) -> None:
        self.ops.append(DeleteNode(ref))

    def delete_relationship(self, rel_type: RelType, start: NodeRef, end: NodeRef) -> None:
        self.ops.append(DeleteRelationship(rel_type, start, end))

    def expect_version(self, ref: NodeRef, version: int) -> None:
        self.ops.append(ExpectVersion(ref, version))

    def expect_absent(self, ref: NodeRef) -> None:
        self.ops.append(ExpectVersion(ref, 0))

    def extend(self, ops: Iterable[Op]) -> None:
        self.ops.extend(ops)


def _ref(data: list[str]) -> NodeRef:
    return NodeRef(Label(data[0]), data[1])


def op_to_json(op: Op) -> list[Any]:
    """A compact JSON form of one op, as the embedded store's journal keeps it."""
    match op:
        case UpsertNode(node):
            return ["N", node.label.value, node.key, node.props]
        case UpsertRelationship(rel):
            return ["R", rel.type.value, [rel.start.label.value, rel.start.key], [rel.end.label.value, rel.end.key], rel.props]
        case DeleteNode(ref):
            return ["DN", ref.label.value, ref.key]
        case DeleteRelationship(rel_type, start, end):
            return ["DR", rel_type.value, [start.label.value, start.key], [end.label.value, end.key]]
        case ExpectVersion(ref, version):
            return ["EV", ref.label.value, ref.key, version]
    raise TypeError(op)


def op_from_json(data: list[Any]) -> Op:
    """Inverse of `op_to_json`; the data was validated when first written."""
    match data[0]:
        case "N":
            return UpsertNode(Node(Label(data[1]), data[2], data[3]))
        case "R":
            return UpsertRelationship(Relationship(RelType(data[1]), _ref(data[2]), _ref(data[3]), data[4]))
        case "DN":
            return DeleteNode(NodeRef(Label(data[1]), data[2]))
        case "DR":
            return DeleteRelationship(RelType(data[1]), _ref(data[2]), _ref(data[3]))
        case "EV":
            return ExpectVersion(NodeRef(Label(data[1]), data[2]), int(data[3]))
    raise ValueError(f"unknown journal op {data[0]!r}")

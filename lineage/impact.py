"""Impact: everything downstream of a resource, grouped for the people who must act on an error (Art.25).

Example: `await impact(store, "101001/000001")` lists the resources derived from it, the uses and
consumers of any of them, the citations in decisions and documents, the open publications, and the
provider departments to notify (who provides keeps the data right: Art.24, Art.26).
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.access import EVERYTHING, Visibility
from graph.errors import NotFoundError
from graph.labels import Direction, Label, RelType
from graph.records import Node, NodeRef, Step, Traversal
from graph.store import GraphStore
from graph.terms import OpenType
from lineage.flow import FlowDirection, FlowKind, steps
from lineage.lineage import LineageLimits

IMPACT_KINDS = (FlowKind.DERIVATION, FlowKind.USE, FlowKind.CITATION, FlowKind.PUBLICATION)


@dataclass(frozen=True)
class Publication:
    """A resource in the impact that is published on an open portal (Art.16, Art.21)."""

    resource: Node
    platform: Node


@dataclass(frozen=True)
class Impact:
    """What a wrong value in `resource` reaches, by kind."""

    resource: Node
    derived: list[Node]
    uses: list[Node]
    consumers: list[Node]
    citations: list[Node]
    publications: list[Publication]
    open_derived: list[Node]
    notify: list[Node]
    truncated: bool


async def impact(
    store: GraphStore, code: str, limits: LineageLimits = LineageLimits(), visibility: Visibility = EVERYTHING
) -> Impact:
    """The downstream of resource `code`, in one store statement; what `visibility` hides is left out."""
    start = NodeRef(Label.RESOURCE, code)
    traversal = Traversal(
        starts=(start,),
        follow=steps(IMPACT_KINDS, FlowDirection.DOWNSTREAM),
        max_depth=limits.max_depth,
        node_limit=limits.max_nodes,
        attach=Step(RelType.PROVIDES, Direction.IN),
    )
    sub = await store.traverse(traversal, visibility)
    by_ref = {n.node.ref: n.node for n in sub.nodes if not n.redacted}
    if start not in by_ref:
        raise NotFoundError(Label.RESOURCE.value, code)

    def of(label: Label) -> list[Node]:
        return [n.node for n in sub.nodes if n.node.label is label and n.node.ref != start and not n.redacted]

    derived = of(Label.RESOURCE)
    publications = [
        Publication(by_ref[rel.start], by_ref[rel.end])
        for rel in sub.edges
        if rel.type is RelType.PUBLISHED_ON and rel.start in by_ref and rel.end in by_ref
    ]
    affected = {start, *(n.ref for n in derived)}
    notify_refs = {rel.start for rel in sub.edges if rel.type is RelType.PROVIDES and rel.end in affected}
    return Impact(
        resource=by_ref[start],
        derived=derived,
        uses=of(Label.USE),
        consumers=of(Label.CONSUMER),
        citations=of(Label.CITATION),
        publications=publications,
        open_derived=[n for n in derived if n.props.get("open_type", OpenType.NOT_OPEN.value) != OpenType.NOT_OPEN.value],
        notify=sorted((by_ref[r] for r in notify_refs if r in by_ref), key=lambda n: n.key),
        truncated=sub.truncated,
    )

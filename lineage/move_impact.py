"""The impact of moving a system: whose data paths pass through it (Art.24–25, Art.28).

While a system moves to the government cloud, what it holds, and everything derived from that, may be
unavailable or change address: the uses of those resources (and the uses that go through the system
itself), the consumers behind them, the citations resting on them, and the open publications are
what a move must be announced to. One traversal downstream along the flow of data (`lineage.flow`):
system → resources it holds → resources derived from them → uses → consumers and citations, plus the
uses made through the system (`(Use)-[:VIA]->(System)`).

Example::

    found = await move_impact(store, "SJS-GA-RKXT")
    [c.key for c in found.consumers], len(found.citations)
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.access import EVERYTHING, Visibility
from graph.errors import NotFoundError
from graph.labels import Direction, Label, RelType
from graph.records import Node, NodeRef, Step, Traversal
from graph.store import GraphStore
from lineage.flow import FlowDirection, FlowKind, steps
from lineage.lineage import LineageLimits

MOVE_KINDS = (FlowKind.HOLDING, FlowKind.DERIVATION, FlowKind.USE, FlowKind.CITATION, FlowKind.PUBLICATION)
THROUGH = Step(RelType.VIA, Direction.IN)


@dataclass(frozen=True)
class MoveImpact:
    """What depends on `system`'s data, by kind; `hidden` counts what the principal may not see."""

    system: Node
    held: list[Node]
    derived: list[Node]
    uses: list[Node]
    consumers: list[Node]
    citations: list[Node]
    platforms: list[Node]
    hidden: int
    truncated: bool


async def move_impact(
    store: GraphStore, code: str, limits: LineageLimits = LineageLimits(), visibility: Visibility = EVERYTHING
) -> MoveImpact:
    """Everything whose data path passes through system `code`, in one store statement."""
    start = NodeRef(Label.SYSTEM, code)
    traversal = Traversal(
        starts=(start,),
        follow=(*steps(MOVE_KINDS, FlowDirection.DOWNSTREAM), THROUGH),
        max_depth=limits.max_depth,
        node_limit=max(limits.max_nodes, 2000),
    )
    sub = await store.traverse(traversal, visibility)
    shown = [n for n in sub.nodes if not n.redacted]
    by_ref = {n.node.ref: n for n in shown}
    if start not in by_ref:
        raise NotFoundError(Label.SYSTEM.value, code)
    held = {rel.end for rel in sub.edges if rel.type is RelType.HOLDS and rel.start == start}

    def of(label: Label) -> list[Node]:
        return [n.node for n in shown if n.node.label is label and n.node.ref != start]

    resources = of(Label.RESOURCE)
    return MoveImpact(
        system=by_ref[start].node,
        held=[n for n in resources if n.ref in held],
        derived=[n for n in resources if n.ref not in held],
        uses=of(Label.USE),
        consumers=of(Label.CONSUMER),
        citations=of(Label.CITATION),
        platforms=of(Label.PLATFORM),
        hidden=len(sub.nodes) - len(shown),
        truncated=sub.truncated,
    )

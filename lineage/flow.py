"""How data flows through the graph: which relationships carry it, and which way.

Data flows from a department's system that collects or holds it (Art.11–12), onto the big data
platform (Art.15), into resources derived from it, to the consumers that use it (Art.24), into the
documents that cite it (Art.25), and onto open portals (Art.16, Art.21). Each relationship either
points along that flow (System-HOLDS->Resource) or against it (Resource-DERIVED_FROM->Resource):
upstream walks against the flow, downstream along it.
"""

from __future__ import annotations

from enum import Enum

from graph.labels import Direction, RelType
from graph.records import Relationship, Step


class FlowKind(str, Enum):
    """A kind of step in the flow of data (the edge kinds a lineage question may follow)."""

    DERIVATION = "DERIVATION"
    COLLECTION = "COLLECTION"
    HOLDING = "HOLDING"
    PROVISION = "PROVISION"
    AGGREGATION = "AGGREGATION"
    PUBLICATION = "PUBLICATION"
    USE = "USE"
    CITATION = "CITATION"


class FlowDirection(str, Enum):
    """Which way to walk from a node."""

    UPSTREAM = "UPSTREAM"
    DOWNSTREAM = "DOWNSTREAM"
    BOTH = "BOTH"


# Each kind's relationships, and whether the relationship's arrow points along the flow.
FLOW: dict[FlowKind, tuple[tuple[RelType, bool], ...]] = {
    FlowKind.DERIVATION: ((RelType.DERIVED_FROM, False),),
    FlowKind.COLLECTION: ((RelType.COLLECTS, True),),
    FlowKind.HOLDING: ((RelType.HOLDS, True),),
    FlowKind.PROVISION: ((RelType.PROVIDES, True),),
    FlowKind.AGGREGATION: ((RelType.AGGREGATED_ON, True),),
    FlowKind.PUBLICATION: ((RelType.PUBLISHED_ON, True),),
    FlowKind.USE: ((RelType.OF, False), (RelType.REQUESTS, False)),
    FlowKind.CITATION: ((RelType.CITES, False), (RelType.UNDER, False)),
}
KIND_OF: dict[RelType, FlowKind] = {rel: kind for kind, rels in FLOW.items() for rel, _ in rels}
ALONG: dict[RelType, bool] = {rel: along for rels in FLOW.values() for rel, along in rels}


def steps(kinds: tuple[FlowKind, ...], direction: FlowDirection) -> tuple[Step, ...]:
    """The store steps that walk `kinds` in `direction` (BOTH follows each both ways)."""
    found = []
    for kind in kinds:
        for rel, along in FLOW[kind]:
            if direction is FlowDirection.BOTH:
                found.append(Step(rel, Direction.BOTH))
            elif (direction is FlowDirection.DOWNSTREAM) == along:
                found.append(Step(rel, Direction.OUT))
            else:
                found.append(Step(rel, Direction.IN))
    return tuple(found)


def oriented(rel: Relationship) -> tuple[Relationship, bool]:
    """The relationship, and whether its start is the upstream end (False: its end is)."""
    return rel, ALONG.get(rel.type, True)

"""Lineage: where data comes from and where it goes, as a subgraph a front-end can draw.

Example::

    graph = await lineage(store, "301001/000003", FlowDirection.UPSTREAM, depth=3)
    [(n.node.key, n.depth) for n in graph.nodes]   # the resource, its sources, their systems…
    graph.truncated, graph.more_of(NodeRef(Label.RESOURCE, "101001/000001"))   # True, (1, 2): more beyond
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from graph import identifiers
from graph.access import EVERYTHING, Visibility
from graph.errors import InvalidArgumentError, NotFoundError
from graph.i18n import _
from graph.labels import Direction, Label, RelType
from graph.records import NodeRef, ReachedNode, Relationship, Step, Subgraph, Traversal
from graph.store import GraphStore
from lineage.flow import ALONG, KIND_OF, FlowDirection, FlowKind, steps


class Level(str, Enum):
    """Resource-level lineage, or item-level (DataItem to DataItem, with the items' resources)."""

    RESOURCE = "RESOURCE"
    ITEM = "ITEM"


@dataclass(frozen=True)
class LineageLimits:
    """Caps that keep a lineage answer bounded (configurable per deployment)."""

    max_depth: int = 12
    max_nodes: int = 500


@dataclass(frozen=True, init=False)
class FlowEdge:
    """One step of data flow, oriented from the upstream node to the downstream one."""

    source: NodeRef
    target: NodeRef
    kind: FlowKind | None  # None for the item-to-resource ownership edges of item-level answers
    rel: Relationship

    def __init__(self, source: NodeRef, target: NodeRef, kind: FlowKind | None, rel: Relationship) -> None:
        # Made for every edge of every lineage answer: filled as `graph.records` fills its records.
        values = self.__dict__
        values["source"] = source
        values["target"] = target
        values["kind"] = kind
        values["rel"] = rel


@dataclass(frozen=True)
class LineageGraph:
    """Nodes with their distance from the start, flow edges, whether the depth or the node cap left
    anything out (`truncated`), and for each walked node how many of its upstream and downstream
    neighbours (along the kinds followed) the answer does not link to it (`more`; absent: none)."""

    nodes: list[ReachedNode]
    edges: list[FlowEdge]
    truncated: bool
    depth_reached: int
    more: dict[NodeRef, tuple[int, int]] = field(default_factory=dict)

    def more_of(self, ref: NodeRef) -> tuple[int, int]:
        """(upstream, downstream) neighbours of `ref` this answer leaves out."""
        return self.more.get(ref, _NONE_MORE)


_NONE_MORE = (0, 0)


ITEM_KINDS = (FlowKind.DERIVATION, FlowKind.COLLECTION)
ALL_KINDS = tuple(FlowKind)
_ITEM_OF = Step(RelType.HAS_ITEM, Direction.IN)
_ITEMS = Step(RelType.HAS_ITEM, Direction.OUT)
_LOOKUP = (Label.SYSTEM, Label.DEPARTMENT, Label.CONSUMER, Label.PLATFORM, Label.USE, Label.CITATION)


_HAS_ITEM = RelType.HAS_ITEM  # a member read from its class costs a Python call; flow_edge runs per edge


def flow_edge(rel: Relationship) -> FlowEdge:
    """Orient a stored relationship along the flow of data."""
    rel_type = rel.type
    if rel_type is _HAS_ITEM:
        return FlowEdge(rel.start, rel.end, None, rel)
    if ALONG.get(rel_type, True):
        return FlowEdge(rel.start, rel.end, KIND_OF.get(rel_type), rel)
    return FlowEdge(rel.end, rel.start, KIND_OF.get(rel_type), rel)


def _by_form(code: str) -> NodeRef | None:
    """The node a code names by its form alone: an item code has '#', a resource code is digits/digits."""
    try:
        if identifiers.ITEM_SEPARATOR in code:
            return NodeRef(Label.DATA_ITEM, identifiers.data_item_code(code))
        return NodeRef(Label.RESOURCE, identifiers.resource_code(code))
    except ValueError:
        return None


async def resolve(store: GraphStore, code: str, visibility: Visibility = EVERYTHING) -> NodeRef:
    """The node a code names: an item or a resource by its form, else a system, department,
    consumer, platform, use or citation with that code or id."""
    ref = _by_form(code)
    if ref is not None:
        if await store.get(ref.label, ref.key, visibility) is None:
            raise NotFoundError(ref.label.value, ref.key)
        return ref
    for label in _LOOKUP:
        if await store.get(label, code, visibility) is not None:
            return NodeRef(label, code)
    raise NotFoundError("node", code)


def _check(depth: int, limits: LineageLimits) -> None:
    if not 1 <= depth <= limits.max_depth:
        raise InvalidArgumentError(_("{name} must be between 1 and {limit}, got {value}", name="depth", limit=limits.max_depth, value=depth))


def _merge(parts: list[Subgraph]) -> Subgraph:
    depth: dict[NodeRef, ReachedNode] = {}
    edges: dict[tuple[str, str, str, str, str], Relationship] = {}
    for part in parts:
        for reached in part.nodes:
            known = depth.get(reached.node.ref)
            if known is None or reached.depth < known.depth:
                depth[reached.node.ref] = reached
        for rel in part.edges:
            edges[rel.sort_key()] = rel
    nodes = sorted(depth.values(), key=lambda n: (n.depth, n.node.label.value, n.node.key))
    return Subgraph(
        nodes,
        [edges[k] for k in sorted(edges)],
        any(p.truncated for p in parts),
        max((p.depth_reached for p in parts), default=0),
        {ref: counts for part in parts for ref, counts in part.degrees.items()},
    )


def _left_out(sub: Subgraph, edges: list[FlowEdge]) -> dict[NodeRef, tuple[int, int]]:
    """For each walked node, its upstream and downstream neighbours (`sub.degrees`, probed along the
    kinds followed) less those the answer's flow edges link to it: what a front-end could still expand."""
    upstream: dict[NodeRef, set[NodeRef]] = {}
    downstream: dict[NodeRef, set[NodeRef]] = {}
    for edge in edges:
        if edge.kind is not None:  # an item's link to its own resource is no step of the flow
            upstream.setdefault(edge.target, set()).add(edge.source)
            downstream.setdefault(edge.source, set()).add(edge.target)
    more = {}
    for ref, (up, down) in sub.degrees.items():
        left = (up - len(upstream.get(ref, ())), down - len(downstream.get(ref, ())))
        if left != _NONE_MORE:
            more[ref] = left
    return more


async def lineage(
    store: GraphStore,
    code: str,
    direction: FlowDirection = FlowDirection.UPSTREAM,
    depth: int = 3,
    level: Level = Level.RESOURCE,
    follow: tuple[FlowKind, ...] | None = None,
    limits: LineageLimits = LineageLimits(),
    visibility: Visibility = EVERYTHING,
) -> LineageGraph:
    """The lineage of the node `code` names, `depth` steps in `direction`, following `follow`.

    UPSTREAM and DOWNSTREAM each cost one store statement for a resource or item (a code of another
    kind is looked up first); BOTH is the two walks merged (one undirected walk would wander from a
    source into its siblings). The same statement counts each walked node's neighbours both ways
    along `follow`, so the answer says what it leaves out around every node (`LineageGraph.more`),
    and `truncated` whenever the depth or the node cap stopped a walk that could have gone on.
    """
    _check(depth, limits)
    start = _by_form(code) or await resolve(store, code, visibility)
    kinds = follow or (ITEM_KINDS if level is Level.ITEM else ALL_KINDS)
    item_level = level is Level.ITEM
    if item_level:
        kinds = tuple(k for k in kinds if k in ITEM_KINDS) or ITEM_KINDS
    directions = [FlowDirection.UPSTREAM, FlowDirection.DOWNSTREAM] if direction is FlowDirection.BOTH else [direction]
    probes = (steps(kinds, FlowDirection.UPSTREAM), steps(kinds, FlowDirection.DOWNSTREAM))
    parts = []
    for walk in directions:
        traversal = Traversal(
            starts=(start,),
            follow=steps(kinds, walk),
            max_depth=depth,
            node_limit=limits.max_nodes,
            start_via=_ITEMS if item_level and start.label is Label.RESOURCE else None,
            attach=_ITEM_OF if item_level else None,
            probe=probes,
        )
        parts.append(await store.traverse(traversal, visibility))
    sub = parts[0] if len(parts) == 1 else _merge(parts)
    hidden_start = any(n.redacted and n.depth == 0 and n.node.label is start.label for n in sub.nodes) and not any(
        n.node.ref == start for n in sub.nodes
    )
    if hidden_start or (not sub.nodes and await store.get(start.label, start.key, visibility) is None):
        raise NotFoundError(start.label.value, start.key)
    edges = [flow_edge(rel) for rel in sub.edges]
    return LineageGraph(sub.nodes, edges, sub.truncated, sub.depth_reached, _left_out(sub, edges))

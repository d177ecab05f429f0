"""Paths: the ways data flows from one node to another, shortest first.

Example: `await lineage_paths(store, "101001/000001", "301001/000003", max_depth=6)` gives each chain
of derivations, uses and citations that carries data from the first to the second.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from itertools import islice

import networkx as nx

from graph.access import EVERYTHING, Visibility
from graph.errors import InvalidArgumentError
from graph.i18n import _
from graph.records import NodeRef, Traversal
from graph.store import GraphStore
from lineage.flow import FlowDirection, steps
from lineage.lineage import ALL_KINDS, FlowEdge, LineageLimits, flow_edge, resolve

MAX_PATHS = 20


@dataclass(frozen=True)
class FlowPath:
    """One way data flows: its edges in order from the source."""

    edges: list[FlowEdge]


def _simple_paths(edges: list[FlowEdge], source: NodeRef, target: NodeRef, max_depth: int, limit: int) -> list[list[FlowEdge]]:
    graph = nx.MultiDiGraph()
    for index, edge in enumerate(edges):
        graph.add_edge(edge.source, edge.target, key=index, edge=edge)
    if source not in graph or target not in graph or source == target:
        return []
    found: list[list[FlowEdge]] = []
    simple = nx.DiGraph(graph)  # shortest_simple_paths wants a simple graph; parallel edges come back below
    for nodes in islice(nx.shortest_simple_paths(simple, source, target), limit):
        if len(nodes) - 1 > max_depth:
            break
        hops = [min(graph[u][v].values(), key=lambda d: d["edge"].rel.sort_key())["edge"] for u, v in zip(nodes, nodes[1:])]
        found.append(hops)
    return found


async def lineage_paths(
    store: GraphStore,
    source: str,
    target: str,
    max_depth: int = 6,
    limits: LineageLimits = LineageLimits(),
    visibility: Visibility = EVERYTHING,
) -> list[FlowPath]:
    """At most `MAX_PATHS` flow paths from `source` to `target`, shortest first, none longer than `max_depth`."""
    if not 1 <= max_depth <= limits.max_depth:
        raise InvalidArgumentError(_("{name} must be between 1 and {limit}, got {value}", name="maxDepth", limit=limits.max_depth, value=max_depth))
    start, end = await resolve(store, source, visibility), await resolve(store, target, visibility)
    sub = await store.traverse(
        Traversal((start,), steps(ALL_KINDS, FlowDirection.DOWNSTREAM), max_depth, node_limit=limits.max_nodes),
        visibility,
    )
    edges = [flow_edge(rel) for rel in sub.edges]
    paths = await asyncio.to_thread(_simple_paths, edges, start, end, max_depth, MAX_PATHS)
    return [FlowPath(p) for p in paths]

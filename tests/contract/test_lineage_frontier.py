"""Lineage answers that say when there is more: `truncated` whenever the depth or the node cap left
something out, and the frontier nodes marked with what they have beyond it, on both stores."""

from __future__ import annotations

import pytest

from graph.access import PUBLIC
from graph.changes import Changes
from graph.labels import Direction, Label, RelType
from graph.records import NodeRef, Step, Traversal
from graph.store import GraphStore
from lineage.access import visibility
from lineage.flow import FlowDirection, FlowKind
from lineage.lineage import LineageGraph, LineageLimits, lineage
from tests.builders import STATS, dept, open_to_the_public, res, resource_props

DERIVATION = (FlowKind.DERIVATION,)
# The held-out style chain: A <- B <- C <- D <- E <- F <- G (A derives from B, B from C…).
CHAIN = {letter: f"501001/00000{i}" for i, letter in enumerate("ABCDEFG", 1)}


async def chain(store: GraphStore) -> None:
    c = Changes()
    c.upsert_node(Label.DEPARTMENT, {"code": STATS, "name": "区统计局"})
    for letter, code in CHAIN.items():
        c.upsert_node(Label.RESOURCE, resource_props(code, f"链{letter}"))
        c.upsert_relationship(RelType.PROVIDES, dept(STATS), res(code))
    letters = list(CHAIN)
    for derived, source in zip(letters, letters[1:]):
        c.upsert_relationship(RelType.DERIVED_FROM, res(CHAIN[derived]), res(CHAIN[source]), {"transform": f"{source}→{derived}"})
    await store.apply(c)


def frontier(graph: LineageGraph) -> dict[str, tuple[int, int]]:
    """Each node's letter and what the answer leaves out around it: (upstream, downstream)."""
    letter = {code: name for name, code in CHAIN.items()}
    return {letter[n.node.key]: graph.more_of(n.node.ref) for n in graph.nodes}


async def test_the_depth_cap_truncates_and_marks_the_frontier(store: GraphStore) -> None:
    await chain(store)
    graph = await lineage(store, CHAIN["A"], FlowDirection.UPSTREAM, depth=2, follow=DERIVATION)
    assert [(n.node.key, n.depth) for n in graph.nodes] == [(CHAIN["A"], 0), (CHAIN["B"], 1), (CHAIN["C"], 2)]
    assert graph.truncated  # C derives from D, which the depth left out
    assert frontier(graph) == {"A": (0, 0), "B": (0, 0), "C": (1, 0)}

    down = await lineage(store, CHAIN["G"], FlowDirection.DOWNSTREAM, depth=2, follow=DERIVATION)
    assert down.truncated and frontier(down) == {"G": (0, 0), "F": (0, 0), "E": (0, 1)}


async def test_a_walk_that_ends_before_the_depth_is_whole(store: GraphStore) -> None:
    await chain(store)
    graph = await lineage(store, CHAIN["A"], FlowDirection.UPSTREAM, depth=6, follow=DERIVATION)
    assert len(graph.nodes) == 7 and not graph.truncated
    assert set(frontier(graph).values()) == {(0, 0)}
    # C..G: G has nothing further, so the walk upstream is whole; C still feeds B, which this walk never asked about.
    exact = await lineage(store, CHAIN["C"], FlowDirection.UPSTREAM, depth=4, follow=DERIVATION)
    assert not exact.truncated and frontier(exact) == {"C": (0, 1), "D": (0, 0), "E": (0, 0), "F": (0, 0), "G": (0, 0)}


async def test_the_node_cap_truncates_and_marks_the_frontier(store: GraphStore) -> None:
    await chain(store)
    graph = await lineage(store, CHAIN["A"], FlowDirection.UPSTREAM, depth=6, follow=DERIVATION, limits=LineageLimits(max_nodes=3))
    assert [n.node.key for n in graph.nodes] == [CHAIN["A"], CHAIN["B"], CHAIN["C"]]
    assert graph.truncated and frontier(graph) == {"A": (0, 0), "B": (0, 0), "C": (1, 0)}


async def test_both_ways_each_end_says_its_own_way(store: GraphStore) -> None:
    await chain(store)
    graph = await lineage(store, CHAIN["D"], FlowDirection.BOTH, depth=2, follow=DERIVATION)
    assert sorted(frontier(graph)) == ["B", "C", "D", "E", "F"]
    # B derives from C and feeds A (left out, downstream); F derives from G (left out, upstream).
    assert graph.truncated and frontier(graph) == {"D": (0, 0), "C": (0, 0), "E": (0, 0), "B": (0, 1), "F": (1, 0)}


async def test_siblings_and_other_kinds_count_as_more(store: GraphStore) -> None:
    await chain(store)
    c = Changes()
    c.upsert_node(Label.RESOURCE, resource_props("501001/000009", "链旁支"))
    c.upsert_relationship(RelType.DERIVED_FROM, res("501001/000009"), res(CHAIN["C"]))  # a second resource derived from C
    await store.apply(c)
    graph = await lineage(store, CHAIN["B"], FlowDirection.UPSTREAM, depth=1, follow=DERIVATION)
    marks = {n.node.key: graph.more_of(n.node.ref) for n in graph.nodes}
    # C has more upstream (D: the depth) and one more downstream (the sibling, not on this walk's way).
    assert marks == {CHAIN["B"]: (0, 1), CHAIN["C"]: (1, 1)} and graph.truncated
    # Following provision too: the provider is in the answer and linked to both (no more for C on its
    # account); it provides the seven of the chain, of which the answer links two.
    with_provider = await lineage(store, CHAIN["B"], FlowDirection.UPSTREAM, depth=1, follow=(*DERIVATION, FlowKind.PROVISION))
    assert with_provider.more_of(res(CHAIN["C"])) == (1, 1)
    assert with_provider.more_of(dept(STATS)) == (0, 5)


async def test_hidden_neighbours_are_counted_on_their_placeholders(store: GraphStore) -> None:
    await chain(store)
    await open_to_the_public(store, CHAIN["A"])  # the public sees A; B and C only as placeholders
    graph = await lineage(store, CHAIN["A"], FlowDirection.UPSTREAM, depth=2, follow=DERIVATION, visibility=visibility(PUBLIC))
    assert [(n.node.key, n.depth, n.redacted) for n in graph.nodes] == [(CHAIN["A"], 0, False), ("redacted-1", 1, True), ("redacted-2", 2, True)]
    assert graph.truncated
    assert [graph.more_of(n.node.ref) for n in graph.nodes] == [(0, 0), (0, 0), (1, 0)]


@pytest.mark.parametrize("max_depth", [0, 1, 3])
async def test_the_store_says_when_the_depth_left_something_out(store: GraphStore, max_depth: int) -> None:
    await chain(store)
    up = (Step(RelType.DERIVED_FROM, Direction.OUT),)
    down = (Step(RelType.DERIVED_FROM, Direction.IN),)
    sub = await store.traverse(Traversal((res(CHAIN["A"]),), up, max_depth=max_depth, probe=(up, down)))
    assert sub.truncated and sub.depth_reached == max_depth
    assert sub.degrees == {res(code): (1, 0 if letter == "A" else 1) for letter, code in list(CHAIN.items())[: max_depth + 1]}
    whole = await store.traverse(Traversal((res(CHAIN["A"]),), up, max_depth=6))
    assert not whole.truncated and whole.degrees == {}
    attached = await store.traverse(Traversal((res(CHAIN["A"]),), up, max_depth=1, attach=Step(RelType.PROVIDES, Direction.IN), probe=(up,)))
    assert NodeRef(Label.DEPARTMENT, STATS) not in attached.degrees  # attached, not walked: not probed

"""The embedded store's relationships by type stay right through upserts, deletes and rolled-back units of work."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.changes import Changes, DeleteNode, DeleteRelationship, UpsertRelationship
from graph.embedded import EmbeddedStore
from graph.embedded.memory import MemoryGraph
from graph.errors import DanglingReferenceError
from graph.labels import Direction, Label, RelType
from graph.records import Node, NodeRef, Relationship, Step
from tests.builders import STATS, dept, res, small_district

pytestmark = pytest.mark.embedded


def state(memory: MemoryGraph) -> tuple[list[Node], list[Relationship]]:
    return list(memory.iter_nodes()), memory.all_relationships()


def assert_index_agrees(memory: MemoryGraph) -> None:
    """Each node's neighbours by type and direction are exactly those the full relationship list gives."""
    rels = memory.all_relationships()
    for node in memory.iter_nodes():
        ref = node.ref
        for rel_type in RelType:
            for direction in (Direction.OUT, Direction.IN, Direction.BOTH):
                expected = sorted(
                    (r.sort_key() for r in rels
                     if r.type is rel_type
                     and ((direction is not Direction.IN and r.start == ref) or (direction is not Direction.OUT and r.end == ref))),
                )
                found = [rel.sort_key() for rel, _ in memory.neighbours(ref, [Step(rel_type, direction)])]
                assert found == expected, (ref, rel_type, direction)


async def opened(tmp_path: Path) -> EmbeddedStore:
    store = EmbeddedStore(tmp_path)
    await store.start()
    await small_district(store)
    return store


async def test_the_index_follows_upserts_and_deletes(tmp_path: Path) -> None:
    store = await opened(tmp_path)
    assert_index_agrees(store.memory)
    await store.apply(Changes([
        UpsertRelationship(Relationship(RelType.DERIVED_FROM, res("301001/000001"), res("301001/000001"), {"transform": "自身"})),
        UpsertRelationship(Relationship(RelType.DERIVED_FROM, res("301001/000003"), res("301001/000001"), {"transform": "改"})),
        DeleteRelationship(RelType.DERIVED_FROM, res("301001/000002"), res("101001/000002")),
    ]))
    assert_index_agrees(store.memory)
    await store.apply(Changes([DeleteNode(res("101001/000002"))]))
    assert_index_agrees(store.memory)
    assert store.memory.neighbours(res("101001/000002"), [Step(RelType.DERIVED_FROM, Direction.BOTH)]) == []
    derived = store.memory.neighbours(res("301001/000001"), [Step(RelType.DERIVED_FROM, Direction.BOTH)])
    # the loop comes once although it is followed both ways
    assert [(r.start.key, r.end.key, r.props) for r, _ in derived] == [
        ("301001/000001", "301001/000001", {"transform": "自身"}),
        ("301001/000003", "301001/000001", {"transform": "改"}),
    ]
    await store.close()


async def test_a_failed_unit_of_work_leaves_the_index_as_it_was(tmp_path: Path) -> None:
    store = await opened(tmp_path)
    before = state(store.memory)
    failing = Changes([
        UpsertRelationship(Relationship(RelType.DERIVED_FROM, res("301001/000003"), res("101001/000001"), {"transform": "新"})),
        UpsertRelationship(Relationship(RelType.DERIVED_FROM, res("301001/000003"), res("301001/000001"), {"transform": "改"})),
        DeleteRelationship(RelType.PROVIDES, dept(STATS), res("301001/000001")),
        DeleteNode(res("101001/000002")),
        DeleteNode(dept(STATS)),
        UpsertRelationship(Relationship(RelType.DERIVED_FROM, res("301001/000003"), res("999999/000001"))),  # dangling: fails
    ])
    with pytest.raises(DanglingReferenceError):
        await store.apply(failing)
    assert state(store.memory) == before
    assert_index_agrees(store.memory)
    await store.close()


async def test_traversals_touch_only_the_followed_types(tmp_path: Path) -> None:
    store = await opened(tmp_path)
    memory = store.memory
    assert set(memory.rels) >= {RelType.DERIVED_FROM, RelType.PROVIDES, RelType.LISTED_IN}
    provided = memory.neighbours(dept(STATS), [Step(RelType.PROVIDES, Direction.OUT)])
    assert [node.key for _, node in provided] == ["301001/000001", "301001/000002", "301001/000003"]
    assert memory.neighbours(dept(STATS), [Step(RelType.DERIVED_FROM, Direction.BOTH)]) == []
    assert memory.neighbours(NodeRef(Label.RESOURCE, "missing/0"), [Step(RelType.PROVIDES, Direction.IN)]) == []
    await store.close()

"""The synthetic district: deterministic, shaped like a real one, valid, and bulk-loadable into both stores."""

from __future__ import annotations

import asyncio
import random
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from neo4j.exceptions import SessionExpired

from graph import validation
from graph.changes import Changes
from graph.embedded import EmbeddedStore
from graph.embedded.bulk import bulk_load as embedded_bulk_load
from graph.embedded.image import ImageTag, read_image
from graph.embedded.journal import JOURNAL, snapshot_head
from graph.errors import ConflictError, DanglingReferenceError, StoreUnavailableError
from graph.labels import Label, RelType
from graph.neo4j import Neo4jStore
from graph.neo4j import bulk as neo4j_bulk
from graph.neo4j.bulk import bulk_load as neo4j_bulk_load
from graph.records import Node, NodeRef, PageQuery, Relationship
from graph.store import GraphStore
from graph.terms import UseStatus
from loaders.synthetic import Batch, SyntheticDistrict, _Odds, sizes
from tests.conftest import Neo4jHolder


def _records(scale: float, seed: int, batch_size: int = 2_000) -> tuple[list[Node], list[Relationship]]:
    nodes: list[Node] = []
    rels: list[Relationship] = []
    for batch in SyntheticDistrict(scale, seed).batches(batch_size):
        nodes.extend(batch.nodes)
        rels.extend(batch.relationships)
    return nodes, rels


def _counts(nodes: list[Node], rels: list[Relationship]) -> tuple[dict[str, int], dict[str, int]]:
    return dict(sorted(Counter(n.label.value for n in nodes).items())), dict(sorted(Counter(r.type.value for r in rels).items()))


@pytest.fixture(scope="module")
def district() -> tuple[SyntheticDistrict, list[Node], list[Relationship]]:
    plan = SyntheticDistrict(0.1, seed=11)
    nodes: list[Node] = []
    rels: list[Relationship] = []
    for batch in plan.batches(5_000):
        nodes.extend(batch.nodes)
        rels.extend(batch.relationships)
    return plan, nodes, rels


def test_records_validated_once_per_kind_each_have_their_own_properties() -> None:
    # Data items copy what was validated for the first of their kind (`loaders.synthetic._Buffer.item`),
    # relationships without properties their type's defaults: a store that changes one record's dict
    # changes no later one.
    expected = list(SyntheticDistrict(0.05, seed=5).batches(500))
    batches = SyntheticDistrict(0.05, seed=5).batches(500)
    first = next(batches)
    for node in first.nodes:
        node.props["name"] = "changed by a store"
    for rel in first.relationships:
        rel.props["since"] = "changed by a store"
    rest = list(batches)
    assert rest == expected[1:]
    items = [n for b in rest for n in b.nodes if n.label is Label.DATA_ITEM]
    has_item = [r for b in rest for r in b.relationships if r.type is RelType.HAS_ITEM]
    assert len(items) > 100 and len(has_item) > 100
    assert len({id(n.props) for n in items}) == len(items)
    assert len({id(r.props) for r in has_item}) == len(has_item)


def test_same_seed_same_records_other_seed_other_records() -> None:
    first = next(iter(SyntheticDistrict(0.05, seed=3).batches(500)))
    again = next(iter(SyntheticDistrict(0.05, seed=3).batches(500)))
    assert first.nodes[:100] == again.nodes[:100] and first.relationships[:100] == again.relationships[:100]
    assert _counts(*_records(0.05, 3)) == _counts(*_records(0.05, 3))
    plan = SyntheticDistrict(0.05, seed=3)
    assert list(plan.batches(700)) == list(plan.batches(700))  # a plan replays the same records
    other = _records(0.05, 4)
    assert _records(0.05, 3)[0] != other[0]


def test_a_weighted_draw_is_the_one_random_choices_makes() -> None:
    # `_Odds` sums the weights once; the districts drawn before it must still be drawn the same.
    odds = _Odds((UseStatus.GRANTED, 55), (UseStatus.REQUESTED, 8), (UseStatus.DENIED, 7), (UseStatus.EXPIRED, 30))
    ours, theirs = random.Random(11), random.Random(11)
    values, weights = list(odds.values), [55, 8, 7, 30]
    drawn = [odds.draw(ours) for _ in range(5_000)]
    assert drawn == [theirs.choices(values, weights=weights)[0] for _ in range(5_000)]
    assert set(drawn) == set(values)


def test_sizes_follow_the_scale() -> None:
    one = sizes(1)
    assert (one.departments, one.systems, one.resources, one.data_items, one.uses, one.citations) == (60, 300, 3000, 30000, 10000, 2000)
    assert one.derivations + one.item_derivations == 6000
    ten = sizes(10)
    assert (ten.districts, ten.resources, ten.uses) == (10, 30000, 100000)
    with pytest.raises(ValueError, match="at least 0.01"):
        sizes(0.001)


def test_every_record_validates_and_batches_are_self_contained(district: tuple[SyntheticDistrict, list[Node], list[Relationship]]) -> None:
    plan, _, _ = district
    seen: set[NodeRef] = set()
    joined: set[tuple[RelType, NodeRef, NodeRef]] = set()
    for batch in plan.batches(1_000):
        for node in batch.nodes:
            assert validation.node(node.label, node.props) == node
            assert node.ref not in seen, f"{node.ref} generated twice"
            seen.add(node.ref)
        for rel in batch.relationships:
            assert validation.relationship(rel.type, rel.start, rel.end, rel.props) == rel
            assert rel.start in seen and rel.end in seen, f"{rel.type.value} {rel.start} -> {rel.end} before its ends"
            # Once each, as for nodes: a load into an empty Neo4j creates the records rather than merging them.
            assert (rel.type, rel.start, rel.end) not in joined, f"{rel.type.value} {rel.start} -> {rel.end} generated twice"
            joined.add((rel.type, rel.start, rel.end))
    assert any(ref.key[:1].isdigit() for ref in seen if ref.label is Label.DEPARTMENT)  # credit codes
    assert any(ref.key.startswith("SJS-D") for ref in seen if ref.label is Label.DEPARTMENT)  # internal codes


def test_shape_long_chains_hubs_cycles_statuses(district: tuple[SyntheticDistrict, list[Node], list[Relationship]]) -> None:
    plan, nodes, rels = district
    lineage = nx.DiGraph()
    lineage.add_edges_from(
        (r.start.key, r.end.key) for r in rels if r.type is RelType.DERIVED_FROM and r.start.label is Label.RESOURCE
    )
    assert nx.is_directed_acyclic_graph(lineage)
    assert nx.dag_longest_path_length(lineage) >= 12
    for tail in plan.chain_tails:
        assert max(nx.single_source_shortest_path_length(lineage, tail).values()) >= 12
    uses_of = Counter(r.end.key for r in rels if r.type is RelType.OF)
    assert max(uses_of[h] for h in plan.hubs) >= 30
    assert uses_of.most_common(1)[0][0] in plan.hubs
    derived_from = Counter(r.end.key for r in rels if r.type is RelType.DERIVED_FROM and r.end.label is Label.RESOURCE)
    assert max(derived_from[h] for h in plan.hubs) >= 20
    exchanges = nx.DiGraph((r.start.key, r.end.key) for r in rels if r.type is RelType.EXCHANGES_WITH)
    assert not nx.is_directed_acyclic_graph(exchanges)
    statuses = {n.props["status"] for n in nodes if n.label is Label.USE}
    assert statuses == {s.value for s in UseStatus}
    acts_for = {r.start for r in rels if r.type is RelType.ACTS_FOR}
    assert acts_for and all(ref.label is Label.CONSUMER for ref in acts_for)
    assert any(r.type is RelType.UNDER for r in rels) and any(r.type is RelType.CITES for r in rels)
    assert any(r.type is RelType.DERIVED_FROM and r.start.label is Label.DATA_ITEM for r in rels)
    names = [n.props["name"] for n in nodes if n.label is Label.RESOURCE]
    assert "户籍人口基本信息" in names and sum("人口" in name for name in names) >= 10


async def test_bulk_load_gives_the_generated_counts(store: GraphStore) -> None:
    expected = _counts(*_records(0.05, 5))
    batches = SyntheticDistrict(0.05, seed=5).batches(700)
    if isinstance(store, Neo4jStore):
        stats = await neo4j_bulk_load(store, batches)
    else:
        assert isinstance(store, EmbeddedStore)
        stats = await embedded_bulk_load(store, batches)
    counts = await store.counts()
    assert (counts.labels, counts.relationships) == expected
    assert stats.records == sum(expected[0].values()) + sum(expected[1].values()) and stats.batches > 1
    hub = await store.get(Label.RESOURCE, SyntheticDistrict(0.05, seed=5).hubs[0])
    assert hub is not None and hub.props["version"] == 1


@pytest.mark.parametrize("scale", [30, 100])
def test_a_province_has_a_code_for_each_planned_record_at_any_scale(scale: int) -> None:
    # Above 16 districts the district prefixes once repeated: 6,000 planned departments were 1,044 codes at S=100.
    plan = SyntheticDistrict(scale, seed=7)
    s = plan.sizes
    codes = plan.planned_codes()
    planned = {
        Label.PLATFORM: 5 * s.districts, Label.DEPARTMENT: s.departments,
        Label.CATALOG: s.districts * 15 + s.departments, Label.SYSTEM: s.systems, Label.CONSUMER: s.consumers,
        Label.RESOURCE: s.resources,
    }
    assert {label: len(set(found)) for label, found in codes.items()} == planned
    assert s.districts == scale and s.departments == 60 * scale
    assert len({name for name, _, _ in plan._districts}) == scale  # 石景山区 … 石景山2区 …


def test_the_generated_codes_are_the_planned_ones(district: tuple[SyntheticDistrict, list[Node], list[Relationship]]) -> None:
    plan, nodes, _ = district
    planned = plan.planned_codes()
    generated = {label: [n.key for n in nodes if n.label is label] for label in planned}
    assert generated == planned


def _organisations(plan: SyntheticDistrict) -> Iterator[Batch]:
    """The first records of `plan`: its platforms and departments and the relationships between them."""
    kept = {Label.PLATFORM, Label.DEPARTMENT}
    for batch in plan.batches(2_000):
        nodes = [n for n in batch.nodes if n.label in kept]
        rels = [r for r in batch.relationships if r.start.label in kept and r.end.label in kept]
        if nodes or rels:
            yield Batch(nodes, rels)
        if len(nodes) < len(batch.nodes):
            return


async def test_a_province_of_30_districts_loads_its_planned_organisations(store: GraphStore) -> None:
    # A load that creates into an empty Neo4j once failed here: Node already exists … code = 'SJS-PF-BDP'.
    plan = SyntheticDistrict(30, seed=7)
    if isinstance(store, Neo4jStore):
        await neo4j_bulk_load(store, _organisations(plan), create=True)
    else:
        assert isinstance(store, EmbeddedStore)
        await embedded_bulk_load(store, _organisations(plan))
    counts = await store.counts()
    assert counts.labels == {"Department": 1800, "Platform": 150}
    assert counts.relationships["SUBORDINATE_TO"] == 1800 - 30
    last = await store.get(Label.PLATFORM, "PG2-PF-BDP")  # the 30th district
    assert last is not None and last.props["name"] == "平谷2区大数据管理平台"


async def test_bulk_load_is_atomic_per_batch(store: GraphStore) -> None:
    good = Batch([validation.node(Label.DEPARTMENT, {"code": "SJS-A", "name": "甲"})], [])
    bad = Batch(
        [validation.node(Label.DEPARTMENT, {"code": "SJS-B", "name": "乙"})],
        [validation.relationship(RelType.SUBORDINATE_TO, NodeRef(Label.DEPARTMENT, "SJS-B"), NodeRef(Label.DEPARTMENT, "SJS-MISSING"))],
    )
    with pytest.raises(DanglingReferenceError, match="SJS-MISSING"):
        if isinstance(store, Neo4jStore):
            await neo4j_bulk_load(store, [good, bad])
        else:
            assert isinstance(store, EmbeddedStore)
            await embedded_bulk_load(store, [good, bad])
    assert (await store.counts()).labels == {"Department": 1}  # the first batch stays, the failed one is gone


@pytest.fixture
async def neo4j_store(request: pytest.FixtureRequest, neo4j_holder: Neo4jHolder) -> Neo4jStore:
    return await neo4j_holder.empty(request)


def _departments(prefix: str, count: int) -> list[Node]:
    return [validation.node(Label.DEPARTMENT, {"code": f"{prefix}{i:05d}", "name": "部门"}) for i in range(count)]


def _reports_to(child: str, parent: str) -> Relationship:
    return validation.relationship(RelType.SUBORDINATE_TO, NodeRef(Label.DEPARTMENT, child), NodeRef(Label.DEPARTMENT, parent))


@pytest.mark.neo4j
async def test_neo4j_writers_wait_for_the_batch_a_batch_joins(neo4j_store: Neo4jStore) -> None:
    # The second batch joins the last node of the first, a batch big enough to be still being written
    # when the second is ready (30,000 nodes): written side by side, the second would not find it.
    first = Batch(_departments("SJS-A", 30_000), [])
    joins = Batch(_departments("SJS-B", 1), [_reports_to("SJS-B00000", "SJS-A29999")])
    apart = Batch(_departments("SJS-C", 3), [_reports_to("SJS-C00000", "SJS-C00001")])
    stats = await neo4j_bulk_load(neo4j_store, [first, joins, apart], writers=2)
    assert (stats.nodes, stats.relationships, stats.batches) == (30_004, 2, 3)
    counts = await neo4j_store.counts()
    assert (counts.labels, counts.relationships) == ({"Department": 30_004}, {"SUBORDINATE_TO": 2})


@pytest.mark.neo4j
async def test_neo4j_a_load_switches_threads_often_while_it_runs_and_as_before_after(neo4j_store: Neo4jStore) -> None:
    # The batches are produced in a worker thread while the event loop feeds Neo4j (`bulk` module docstring).
    before = sys.getswitchinterval()
    seen: list[float] = []

    def batches(fail: bool) -> Iterator[Batch]:
        for prefix in ("SJS-A", "SJS-B"):
            seen.append(sys.getswitchinterval())
            yield Batch(_departments(prefix, 3), [])
        if fail:
            raise RuntimeError("the source failed")

    await neo4j_bulk_load(neo4j_store, batches(False), writers=2)
    assert seen == [neo4j_bulk.SWITCH_INTERVAL] * 2 and neo4j_bulk.SWITCH_INTERVAL < before
    assert sys.getswitchinterval() == before
    with pytest.raises(RuntimeError, match="the source failed"):
        await neo4j_bulk_load(neo4j_store, batches(True), writers=2)
    assert sys.getswitchinterval() == before


@pytest.mark.neo4j
@pytest.mark.parametrize("create", [False, True], ids=["merged", "created"])
async def test_neo4j_a_batch_run_again_after_a_transient_error_is_written_once_and_counted(
    neo4j_store: Neo4jStore, monkeypatch: pytest.MonkeyPatch, create: bool
) -> None:
    failures: list[str] = []
    name = "_create" if create else "_write"
    write = getattr(neo4j_bulk, name)

    async def flaky(*args: Any) -> Any:
        written = await write(*args)
        if not failures:  # the first attempt fails after writing: its transaction is rolled back
            failures.append("once")
            raise SessionExpired("the connection was lost mid-transaction (test)")
        return written

    monkeypatch.setattr(neo4j_bulk, name, flaky)
    # The last batch joins the nodes of the first: created, it joins them by the ids of the attempt that was committed.
    batches = [Batch(_departments("SJS-R", 3), []), Batch(_departments("SJS-S", 2), []),
               Batch([], [_reports_to("SJS-R00001", "SJS-R00000"), _reports_to("SJS-S00000", "SJS-R00000")])]
    stats = await neo4j_bulk_load(neo4j_store, batches, writers=1, create=create)
    assert (stats.nodes, stats.relationships, stats.batches, stats.retried) == (5, 2, 3, 1)
    counts = await neo4j_store.counts()
    assert (counts.labels, counts.relationships) == ({"Department": 5}, {"SUBORDINATE_TO": 2})
    node = await neo4j_store.get(Label.DEPARTMENT, "SJS-R00000")
    assert node is not None and node.props["version"] == 1  # written once, not twice


@pytest.mark.neo4j
async def test_neo4j_a_load_that_creates_names_a_node_it_created_that_is_gone_when_joined(neo4j_store: Neo4jStore) -> None:
    loop = asyncio.get_running_loop()

    def batches() -> Iterator[Batch]:  # run in the loader's worker thread
        yield Batch(_departments("SJS-A", 2), [])
        ref = NodeRef(Label.DEPARTMENT, "SJS-A00000")
        while asyncio.run_coroutine_threadsafe(neo4j_store.get(ref.label, ref.key), loop).result() is None:
            time.sleep(0.01)  # the first batch is being written beside this: wait for its commit
        gone = Changes()  # then someone else deletes one of its nodes
        gone.delete_node(ref)
        asyncio.run_coroutine_threadsafe(neo4j_store.apply(gone), loop).result()
        yield Batch([], [_reports_to("SJS-A00001", "SJS-A00000")])  # joined by the id the first batch gave

    with pytest.raises(DanglingReferenceError, match="部门 SJS-A00000 不存在"):
        await neo4j_bulk_load(neo4j_store, batches(), writers=1, create=True)
    counts = await neo4j_store.counts()
    assert (counts.labels, counts.relationships) == ({"Department": 1}, {})


@pytest.mark.neo4j
async def test_neo4j_a_load_that_creates_joins_nodes_it_did_not_create_by_their_keys(neo4j_store: Neo4jStore) -> None:
    await neo4j_bulk_load(neo4j_store, [Batch(_departments("SJS-A", 2), [])])
    joined = Batch(_departments("SJS-B", 1), [_reports_to("SJS-B00000", "SJS-A00000"), _reports_to("SJS-A00001", "SJS-B00000")])
    stats = await neo4j_bulk_load(neo4j_store, [joined], create=True)
    assert (stats.nodes, stats.relationships) == (1, 2)
    parents = {rel.start.key: rel.end.key async for rel in neo4j_store.relationships()}
    assert parents == {"SJS-B00000": "SJS-A00000", "SJS-A00001": "SJS-B00000"}
    dangling = Batch(_departments("SJS-C", 1), [_reports_to("SJS-C00000", "SJS-MISSING")])
    with pytest.raises(DanglingReferenceError, match="SJS-MISSING"):
        await neo4j_bulk_load(neo4j_store, [dangling], create=True)
    assert await neo4j_store.get(Label.DEPARTMENT, "SJS-C00000") is None


def _resource(code: str) -> Node:
    return validation.node(Label.RESOURCE, {"code": code, "name": "人口信息", "share_type": "UNCONDITIONAL"})


def _items(resource: str, *names: str) -> list[Node]:
    return [validation.node(Label.DATA_ITEM, {"code": f"{resource}#{name}", "name": name}) for name in names]


def _has_items(resource: str, *names: str) -> list[Relationship]:
    ref = NodeRef(Label.RESOURCE, resource)
    return [validation.relationship(RelType.HAS_ITEM, ref, NodeRef(Label.DATA_ITEM, f"{resource}#{name}")) for name in names]


def _item_batches() -> list[Batch]:
    """Data items with the resource that has them: in the same batch, in a batch before, in the store
    before the load (made by the test), and in the same batch, created with its provider's relationship
    after the data items that join it."""
    a, b, old, late = "101001/000001", "101001/000002", "101001/000009", "101001/000003"
    provider = _departments("SJS-A", 1)[0]
    return [
        Batch([_resource(a), *_items(a, "姓名", "性别"), _resource(b)], [*_has_items(a, "姓名", "性别")]),
        Batch([*_items(b, "姓名"), *_items(old, "地址")], [*_has_items(b, "姓名"), *_has_items(old, "地址")]),
        Batch([*_items(late, "姓名"), _resource(late), provider],
              [*_has_items(late, "姓名"), validation.relationship(RelType.PROVIDES, provider.ref, NodeRef(Label.RESOURCE, late))]),
    ]


@pytest.mark.neo4j
async def test_neo4j_a_load_that_creates_creates_data_items_with_their_resource_s_relationship(
    neo4j_store: Neo4jStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    joined: list[str] = []
    create_related_by_id = neo4j_bulk.create_related_by_id

    async def counted(tx: Any, label: Label, rel_type: RelType, other: Label, at_end: bool, rows: list[list[Any]], others: list[str]) -> dict[str, str]:
        joined.extend(f"{rel_type.value} {key} -> {props['code']}" for key, (_, props) in zip(others, rows, strict=True))
        return await create_related_by_id(tx, label, rel_type, other, at_end, rows, others)

    monkeypatch.setattr(neo4j_bulk, "create_related_by_id", counted)
    before = Batch([_resource("101001/000009")], [])
    await neo4j_bulk_load(neo4j_store, [before, *_item_batches()], writers=1)
    merged = await _graph(neo4j_store)
    await neo4j_store.clear()
    await neo4j_bulk_load(neo4j_store, [before])
    stats = await neo4j_bulk_load(neo4j_store, _item_batches(), writers=1, create=True)
    assert await _graph(neo4j_store) == merged  # the same nodes, properties, versions and relationships
    assert (stats.nodes, stats.relationships) == (9, 6)
    # Created with their relationship where the other end's id was known: a node this load created before.
    assert joined == ["HAS_ITEM 101001/000001 -> 101001/000001#姓名", "HAS_ITEM 101001/000001 -> 101001/000001#性别",
                      "HAS_ITEM 101001/000002 -> 101001/000002#姓名", "PROVIDES SJS-A00000 -> 101001/000003"]


@pytest.mark.neo4j
async def test_neo4j_a_load_that_creates_names_the_resource_gone_before_its_data_items_joined_it(neo4j_store: Neo4jStore) -> None:
    loop = asyncio.get_running_loop()

    def batches() -> Iterator[Batch]:  # run in the loader's worker thread
        yield Batch([_resource("101001/000001")], [])
        while asyncio.run_coroutine_threadsafe(neo4j_store.get(Label.RESOURCE, "101001/000001"), loop).result() is None:
            time.sleep(0.01)  # the first batch is being written beside this: wait for its commit
        gone = Changes()  # then someone else deletes it
        gone.delete_node(NodeRef(Label.RESOURCE, "101001/000001"))
        asyncio.run_coroutine_threadsafe(neo4j_store.apply(gone), loop).result()
        yield Batch(_items("101001/000001", "姓名", "性别"), _has_items("101001/000001", "姓名", "性别"))

    with pytest.raises(DanglingReferenceError, match=r"HAS_ITEM Resource:101001/000001 -> .*: 信息资源 101001/000001 不存在"):
        await neo4j_bulk_load(neo4j_store, batches(), writers=1, create=True)
    counts = await neo4j_store.counts()
    assert (counts.labels, counts.relationships) == ({}, {})  # the failed batch wrote nothing


@pytest.mark.neo4j
async def test_neo4j_writers_side_by_side_give_the_same_graph_as_one(neo4j_store: Neo4jStore) -> None:
    expected = _counts(*_records(0.05, 5))
    for writers in (1, 2, 3):
        await neo4j_store.clear()
        stats = await neo4j_bulk_load(neo4j_store, SyntheticDistrict(0.05, seed=5).batches(500), writers=writers)
        counts = await neo4j_store.counts()
        assert (counts.labels, counts.relationships) == expected, f"writers={writers}"
        assert stats.records == sum(expected[0].values()) + sum(expected[1].values())


async def _graph(store: Neo4jStore) -> tuple[list[Node], list[Relationship]]:
    nodes = sorted([node async for node in store.nodes()], key=lambda n: (n.label.value, n.key))
    rels = sorted([rel async for rel in store.relationships()], key=Relationship.sort_key)
    return nodes, rels


@pytest.mark.neo4j
async def test_neo4j_a_load_that_creates_gives_the_graph_a_load_that_merges_gives(neo4j_store: Neo4jStore) -> None:
    created = await neo4j_bulk_load(neo4j_store, SyntheticDistrict(0.05, seed=5).batches(500), create=True)
    graph = await _graph(neo4j_store)
    await neo4j_store.clear()
    merged = await neo4j_bulk_load(neo4j_store, SyntheticDistrict(0.05, seed=5).batches(500))
    assert graph == await _graph(neo4j_store)  # the same nodes, properties and versions; the same relationships
    assert created.records == merged.records == len(graph[0]) + len(graph[1])
    assert {node.props["version"] for node in graph[0]} == {1}


@pytest.mark.neo4j
async def test_neo4j_a_load_that_creates_builds_the_full_text_index_after_its_records(neo4j_store: Neo4jStore) -> None:
    loop = asyncio.get_running_loop()
    during: list[str | None] = []

    def batches() -> Iterator[Batch]:  # run in the loader's worker thread: it asks the loop for the index's state
        for i, batch in enumerate(SyntheticDistrict(0.05, seed=5).batches(500)):
            if i == 3:
                during.append(asyncio.run_coroutine_threadsafe(neo4j_store.text_index_state(), loop).result())
            yield batch

    stats = await neo4j_bulk_load(neo4j_store, batches(), create=True)
    assert during == [None]  # no index while the records were written
    assert await neo4j_store.text_index_state() == "ONLINE"
    assert 0 < stats.index_seconds < stats.seconds
    nodes, _ = _records(0.05, 5, 500)
    resource = next(node for node in nodes if node.label is Label.RESOURCE)
    found = await neo4j_store.page(PageQuery(Label.RESOURCE, text=resource.props["name"], first=1000))
    assert resource.key in {node.key for node in found.nodes}


@pytest.mark.neo4j
async def test_neo4j_a_search_without_the_full_text_index_says_it_is_not_ready(neo4j_store: Neo4jStore) -> None:
    await neo4j_store.drop_text_index()  # as a load that creates records does while it writes them
    try:
        with pytest.raises(StoreUnavailableError, match="full-text index govgraph_text is not ready"):
            await neo4j_store.page(PageQuery(Label.RESOURCE, text="人口"))
    finally:
        await neo4j_store.ensure_schema()
    assert (await neo4j_store.page(PageQuery(Label.RESOURCE, text="人口"))).nodes == []


@pytest.mark.neo4j
async def test_neo4j_a_load_that_creates_a_node_that_exists_fails_that_batch(neo4j_store: Neo4jStore) -> None:
    await neo4j_bulk_load(neo4j_store, [Batch(_departments("SJS-A", 1), [])])
    good = Batch(_departments("SJS-B", 2), [])
    bad = Batch(_departments("SJS-C", 1) + _departments("SJS-A", 1), [_reports_to("SJS-C00000", "SJS-B00000")])
    with pytest.raises(ConflictError, match="SJS-A00000"):
        await neo4j_bulk_load(neo4j_store, [good, bad], writers=1, create=True)
    counts = await neo4j_store.counts()
    assert (counts.labels, counts.relationships) == ({"Department": 3}, {})  # the failed batch wrote nothing
    assert await neo4j_store.get(Label.DEPARTMENT, "SJS-C00000") is None
    assert await neo4j_store.text_index_state() == "ONLINE"  # dropped for the load, and built again after its failure


@pytest.mark.neo4j
async def test_neo4j_failed_batch_among_writers_is_reported_and_not_written(neo4j_store: Neo4jStore) -> None:
    good = Batch(_departments("SJS-A", 2_000), [])
    bad = Batch(_departments("SJS-B", 1), [_reports_to("SJS-B00000", "SJS-MISSING")])
    later = Batch(_departments("SJS-C", 1), [])
    with pytest.raises(DanglingReferenceError, match="SJS-MISSING"):
        await neo4j_bulk_load(neo4j_store, [good, bad, later], writers=2)
    assert await neo4j_store.get(Label.DEPARTMENT, "SJS-A01999") is not None
    assert await neo4j_store.get(Label.DEPARTMENT, "SJS-B00000") is None


@pytest.mark.neo4j
@pytest.mark.parametrize("writers", [0, 9])
async def test_neo4j_writers_out_of_range_are_refused(neo4j_store: Neo4jStore, writers: int) -> None:
    with pytest.raises(ValueError, match="writers must be between 1 and 8"):
        await neo4j_bulk_load(neo4j_store, [], writers=writers)


@pytest.mark.embedded
def test_generate_command(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", "from api.cli import main; main()", "--data-dir", str(tmp_path / "store"),
         "generate", "--scale", "0.02", "--seed", "1", "--batch", "300"],
        capture_output=True, text=True, check=False, env={"PATH": "/usr/bin:/bin", "COLUMNS": "200"},
    )
    assert result.returncode == 0, result.stderr
    assert "nodes" in result.stdout and "relationships" in result.stdout and "records/s" in result.stdout
    # The load ends with a snapshot and its memory image, so a server started next opens fast.
    head = snapshot_head(tmp_path / "store")
    assert head is not None and head.id is not None and (tmp_path / "store" / JOURNAL).stat().st_size == 0
    image = read_image(tmp_path / "store", ImageTag(head.seq, head.id))
    assert image is not None and len(image.keys[Label.RESOURCE]) == 60
    reopened = subprocess.run(
        [sys.executable, "-c", "from api.cli import main; main()", "--data-dir", str(tmp_path / "store"), "stats", "--json"],
        capture_output=True, text=True, check=False, env={"PATH": "/usr/bin:/bin", "COLUMNS": "200"},
    )
    assert '"Resource": 60' in reopened.stdout


def _generate_into(store: Neo4jStore) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from api.cli import main; main()", "--neo4j-uri", store.uri,
         "generate", "--scale", "0.02", "--seed", "1", "--batch", "300"],
        capture_output=True, text=True, check=False, env={"PATH": "/usr/bin:/bin", "COLUMNS": "400"},
    )


@pytest.mark.neo4j
async def test_generate_command_creates_into_an_empty_neo4j_and_merges_into_a_loaded_one(neo4j_store: Neo4jStore) -> None:
    first = _generate_into(neo4j_store)
    assert first.returncode == 0, first.stderr
    assert "the store was empty, so they were created rather than merged, and the full-text index built after them" in first.stdout
    loaded = await _graph(neo4j_store)
    assert _counts(*loaded) == _counts(*_records(0.02, 1))
    again = _generate_into(neo4j_store)  # over itself: every record merged, nothing changed
    assert again.returncode == 0, again.stderr
    assert "records/s" in again.stdout and "created" not in again.stdout
    assert await _graph(neo4j_store) == loaded


@pytest.mark.embedded
def test_generate_command_refuses_writers_out_of_range(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", "from api.cli import main; main()", "--data-dir", str(tmp_path / "store"),
         "generate", "--scale", "0.02", "--writers", "0"],
        capture_output=True, text=True, check=False, env={"PATH": "/usr/bin:/bin", "COLUMNS": "200"},
    )
    assert result.returncode == 2
    assert "--writers" in result.stderr and "between 1 and 8" in result.stderr
    assert not (tmp_path / "store").exists() or not any((tmp_path / "store").iterdir())

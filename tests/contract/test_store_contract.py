"""The store contract: every case runs on the embedded store and on Neo4j and must answer the same."""

from __future__ import annotations


import pytest

from graph.changes import Changes
from graph.errors import ConflictError, DanglingReferenceError, InvalidArgumentError, InvalidDataError, NotFoundError
from graph.labels import Direction, Label, RelType
from graph.records import LinkFilter, PageQuery, PageRows, NodeRef, PropertyFilter, Relationship, Step, Traversal
from graph.store import GraphStore
from tests.builders import export_text, reimported, EIC, POLICE, STATS, dept, item, res, resource_props, small_district, walked

UP = (Step(RelType.DERIVED_FROM, Direction.OUT),)
DOWN = (Step(RelType.DERIVED_FROM, Direction.IN),)


async def test_upsert_and_get(store: GraphStore) -> None:
    await store.upsert_nodes(Label.DEPARTMENT, [{"code": EIC, "name": "区经济信息化委"}])
    node = await store.get(Label.DEPARTMENT, EIC)
    assert node is not None
    assert node.props["name"] == "区经济信息化委"
    assert node.props["kind"] == "STATE_ORGAN"
    assert await store.get(Label.DEPARTMENT, "SJS-NOBODY") is None


async def test_upsert_replaces_properties(store: GraphStore) -> None:
    await store.upsert_nodes(Label.DEPARTMENT, [{"code": EIC, "name": "旧名", "short_name": "旧"}])
    await store.upsert_nodes(Label.DEPARTMENT, [{"code": EIC, "name": "新名"}])
    node = await store.get(Label.DEPARTMENT, EIC)
    assert node is not None and node.props["name"] == "新名" and "short_name" not in node.props


async def test_applying_twice_is_idempotent(store: GraphStore) -> None:
    await small_district(store)
    first = await export_text(store)
    await small_district(store)
    assert await export_text(store) == first


async def test_unit_of_work_is_all_or_nothing(store: GraphStore) -> None:
    await small_district(store)
    before = await export_text(store)
    with pytest.raises(DanglingReferenceError, match="Resource:999999/000001: 信息资源 999999/000001 不存在"):
        async with store.unit_of_work() as uow:
            uow.upsert_node(Label.DEPARTMENT, {"code": "SJS-NEW", "name": "新部门"})
            uow.upsert_relationship(RelType.PROVIDES, dept("SJS-NEW"), res("999999/000001"))
    assert await export_text(store) == before
    assert await store.get(Label.DEPARTMENT, "SJS-NEW") is None


async def test_exception_inside_unit_of_work_writes_nothing(store: GraphStore) -> None:
    with pytest.raises(RuntimeError):
        async with store.unit_of_work() as uow:
            uow.upsert_node(Label.DEPARTMENT, {"code": "SJS-NEW", "name": "新部门"})
            raise RuntimeError("caller changed its mind")
    assert (await store.counts()).labels == {}


async def test_relationship_to_node_created_in_same_unit(store: GraphStore) -> None:
    changes = Changes()
    changes.upsert_node(Label.DEPARTMENT, {"code": EIC, "name": "区经济信息化委"})
    changes.upsert_node(Label.RESOURCE, resource_props("101001/000001", "人口基础信息"))
    changes.upsert_relationship(RelType.PROVIDES, dept(EIC), res("101001/000001"))
    await store.apply(changes)
    assert (await store.counts()).relationships == {"PROVIDES": 1}


async def test_invalid_data_is_rejected_before_the_store(store: GraphStore) -> None:
    with pytest.raises(InvalidDataError, match="protection_level"):
        await store.upsert_nodes(Label.SYSTEM, [{"code": "SJS-OA", "name": "办公系统", "hosting": "GOVERNMENT_CLOUD", "protection_level": 6}])
    with pytest.raises(InvalidDataError, match="关系不能从 Resource 连到 Department"):
        Changes().upsert_relationship(RelType.PROVIDES, res("101001/000001"), dept(EIC))
    assert (await store.counts()).labels == {}


async def test_list_pages_in_key_order_with_total(store: GraphStore) -> None:
    await small_district(store)
    first = await store.page(PageQuery(Label.RESOURCE, first=2))
    assert [n.key for n in first.nodes] == ["101001/000001", "101001/000002"]
    assert first.total == 5 and first.has_next
    second = await store.page(PageQuery(Label.RESOURCE, first=2, after=first.nodes[-1].key))
    assert [n.key for n in second.nodes] == ["301001/000001", "301001/000002"]
    last = await store.page(PageQuery(Label.RESOURCE, first=2, after=second.nodes[-1].key))
    assert [n.key for n in last.nodes] == ["301001/000003"] and not last.has_next and last.total == 5


def _without_nulls(rows: PageRows) -> PageRows:
    """Rows with the properties a node lacks left out (`PageRows` lets a store give them as None)."""

    def kept(props: dict[str, object]) -> dict[str, object]:
        return {k: v for k, v in props.items() if v is not None}

    links = {step: [[(label, kept(props)) for label, props in found] for found in per_node] for step, per_node in rows.links.items()}
    return PageRows([kept(p) for p in rows.nodes], rows.total, rows.has_next, links, rows.counts)


@pytest.mark.parametrize("query", [
    PageQuery(Label.RESOURCE, first=2, after="101001/000001"),
    PageQuery(Label.RESOURCE, first=3, props=("name", "summary"),
              expand=(Step(RelType.PROVIDES, Direction.IN), Step(RelType.DERIVED_FROM, Direction.BOTH)),
              count=(Step(RelType.HAS_ITEM, Direction.OUT),), expand_props=((Step(RelType.PROVIDES, Direction.IN), ("name",)),)),
    PageQuery(Label.RESOURCE, text="人口", props=("code",), expand=(Step(RelType.HAS_ITEM, Direction.OUT), *UP, *DOWN)),
    PageQuery(Label.DEPARTMENT, props=("name",), count=(Step(RelType.PROVIDES, Direction.OUT), Step(RelType.MAINTAINS, Direction.OUT))),
], ids=["plain", "links-both-ways-counts-props", "search-several-steps", "counts-only"])
async def test_page_rows_are_the_page_as_rows(store: GraphStore, query: PageQuery) -> None:
    """`page_rows` answers what `page` does, as plain rows: the same nodes, links in edge order, counts."""
    await small_district(store)
    await store.apply(_cycle())
    rows = await store.page_rows(query)
    page = await store.page(query)
    assert _without_nulls(rows) == _without_nulls(PageRows.of(page))
    for found in page.expanded.values():  # links in edge order, as `neighbours` gives them
        for pairs in found.values():
            assert [rel for rel, _ in pairs] == sorted((rel for rel, _ in pairs), key=Relationship.sort_key)
    assert rows.nodes and (not query.expand or any(found for per_node in rows.links.values() for found in per_node))


async def test_list_filters_by_property_and_link(store: GraphStore) -> None:
    await small_district(store)
    conditional = await store.page(PageQuery(Label.RESOURCE, where=(PropertyFilter("share_type", ("CONDITIONAL",)),)))
    assert [n.key for n in conditional.nodes] == ["101001/000001", "101001/000002"]
    by_stats = await store.page(
        PageQuery(Label.RESOURCE, linked=(LinkFilter(RelType.PROVIDES, Direction.IN, Label.DEPARTMENT, keys=(STATS,)),))
    )
    assert by_stats.total == 3
    in_base = await store.page(
        PageQuery(
            Label.RESOURCE,
            linked=(LinkFilter(RelType.LISTED_IN, Direction.OUT, Label.CATALOG, where=(PropertyFilter("kind", ("BASE",)),)),),
        )
    )
    assert [n.key for n in in_base.nodes] == ["101001/000001", "101001/000002"]
    exempt = await store.page(PageQuery(Label.DEPARTMENT, where=(PropertyFilter("security_exempt", (True,)),)))
    assert [n.key for n in exempt.nodes] == [POLICE]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("统计", ["301001/000001", "301001/000002"], id="two-han-chars"),
        pytest.param("基础信", ["101001/000001"], id="three-han-chars-inside-a-name"),
        pytest.param("户籍人口信息", ["101001/000002"], id="whole-name"),
        pytest.param("年报摘要", ["301001/000003"], id="in-the-summary"),
        pytest.param("3010", ["301001/000001", "301001/000002", "301001/000003"], id="code-prefix"),
        pytest.param("口", ["101001/000001", "101001/000002", "301001/000001", "301001/000002", "301001/000003"], id="one-char"),
        pytest.param("不存在的", [], id="no-match"),
    ],
)
async def test_text_search(store: GraphStore, text: str, expected: list[str]) -> None:
    await small_district(store)
    page = await store.page(PageQuery(Label.RESOURCE, text=text))
    assert [n.key for n in page.nodes] == expected
    assert page.total == len(expected)


async def test_a_text_search_walks_page_by_page(store: GraphStore) -> None:
    """Each page of a (full-text) search takes the matches after its cursor, in key order; the total is every match."""
    await small_district(store)
    whole = await store.page(PageQuery(Label.RESOURCE, text="人口"))
    walked, after = [], None
    while True:
        page = await store.page(PageQuery(Label.RESOURCE, text="人口", first=2, after=after))
        assert page.total == whole.total
        walked += [n.key for n in page.nodes]
        if not page.has_next:
            break
        after = page.nodes[-1].key
    assert walked == [n.key for n in whole.nodes] and len(walked) == 5
    beyond = await store.page(PageQuery(Label.RESOURCE, text="人口", after="301001/000003"))
    assert (beyond.nodes, beyond.total, beyond.has_next) == ([], 5, False)


@pytest.mark.parametrize("probe", [2_000, 1], ids=["few-hits", "many-hits"])
@pytest.mark.parametrize("text", ["人口", "口", "3010", "信息", "不存在的", None])
async def test_a_page_without_its_total_is_the_same_page(store: GraphStore, text: str | None, probe: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without `total` a store reads only the page: the same pages, walked the same way, and no total.
    On Neo4j a Han text's page is found from the full-text index's hits when they are few, else by the
    code index in order (`cypher.FULLTEXT_PROBE`, made 1 here so that small districts take that path too)."""
    from graph.neo4j import cypher

    monkeypatch.setattr(cypher, "FULLTEXT_PROBE", probe)
    await small_district(store)
    await store.upsert_nodes(Label.RESOURCE, [resource_props("101001/000009", "人口信息"), resource_props("301001/000009", "统计信息")])
    for where in ((), (PropertyFilter("share_type", ("CONDITIONAL",)),)):
        whole = await store.page(PageQuery(Label.RESOURCE, where=where, text=text, first=100))
        walked, after = [], None
        while True:
            page = await store.page(PageQuery(Label.RESOURCE, where=where, text=text, first=2, after=after, total=False, props=("name",)))
            assert page.total is None
            walked += [n.key for n in page.nodes]
            if not page.has_next:
                break
            after = page.nodes[-1].key
        assert walked == [n.key for n in whole.nodes]
        assert whole.total == len(walked)
        rows = await store.page_rows(PageQuery(Label.RESOURCE, where=where, text=text, first=2, total=False, count=(Step(RelType.HAS_ITEM, Direction.OUT),)))
        assert rows.total is None and [r["code"] for r in rows.nodes] == walked[:2]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("口基", ["101001/000003"], id="not-across-punctuation"),
        pytest.param("人口人口", [], id="repeated-not-adjacent"),
        pytest.param("础人口", ["101001/000003"], id="inside-a-repeat"),
        pytest.param("丙丁", [], id="not-across-name-and-summary"),
        pytest.param("乙丙", ["101001/000004"], id="in-a-name-with-latin"),
        pytest.param("戊己", ["101001/000004"], id="in-the-summary-after-latin"),
        pytest.param("信息", ["101001/000001", "101001/000002"], id="in-either-field"),
    ],
)
async def test_han_text_matches_substrings_exactly(store: GraphStore, text: str, expected: list[str]) -> None:
    """A Han-character query (the full-text path on Neo4j) matches a name or summary holding it as a
    substring, exactly as the embedded store's plain substring check does."""
    await store.upsert_nodes(Label.RESOURCE, [
        resource_props("101001/000001", "人口，基础信息"),
        resource_props("101001/000002", "法人", summary="法人信息"),
        resource_props("101001/000003", "人口基础人口口基"),
        resource_props("101001/000004", "甲乙丙ABC", summary="丁DEF戊己"),
    ])
    page = await store.page(PageQuery(Label.RESOURCE, text=text))
    assert [n.key for n in page.nodes] == expected
    assert page.total == len(expected)


async def test_chinese_full_text_finds_a_substring(store: GraphStore) -> None:
    await store.upsert_nodes(Label.RESOURCE, [resource_props("101001/000009", "人口基础信息")])
    page = await store.page(PageQuery(Label.RESOURCE, text="人口"))
    assert [n.props["name"] for n in page.nodes] == ["人口基础信息"]


async def test_text_search_ignores_latin_case(store: GraphStore) -> None:
    await store.upsert_nodes(Label.RESOURCE, [resource_props("101001/000009", "GIS地理信息")])
    assert (await store.page(PageQuery(Label.RESOURCE, text="gis"))).total == 1


async def test_bad_queries_are_rejected(store: GraphStore) -> None:
    with pytest.raises(InvalidArgumentError, match="first"):
        await store.page(PageQuery(Label.RESOURCE, first=0))
    with pytest.raises(InvalidArgumentError, match="no property"):
        await store.page(PageQuery(Label.RESOURCE, where=(PropertyFilter("colour", ("red",)),)))
    with pytest.raises(InvalidArgumentError, match="max_depth"):
        await store.traverse(Traversal((res("101001/000001"),), UP, max_depth=99))


async def test_neighbours(store: GraphStore) -> None:
    await small_district(store)
    found = await store.neighbours(res("101001/000002"), [*UP, *DOWN])
    assert [(r.start.key, r.end.key) for r, _ in found] == [
        ("101001/000002", "101001/000001"),
        ("301001/000001", "101001/000002"),
        ("301001/000002", "101001/000002"),
    ]
    assert found[0][0].props == {"transform": "筛选户籍", "desensitisation": False}
    items = await store.neighbours(res("101001/000001"), [Step(RelType.HAS_ITEM, Direction.OUT)])
    assert [n.props["name"] for _, n in items] == ["公民身份号码", "姓名"]


async def test_neighbours_of_many_nodes_at_once(store: GraphStore) -> None:
    await small_district(store)
    found = await store.neighbours_many(
        Label.RESOURCE, ["101001/000001", "301001/000003", "999999/000001"], [Step(RelType.PROVIDES, Direction.IN)]
    )
    assert {key: [n.key for _, n in pairs] for key, pairs in found.items()} == {
        "101001/000001": [POLICE],
        "301001/000003": [STATS],
        "999999/000001": [],
    }


async def test_links_and_edges_come_in_relationship_order(store: GraphStore) -> None:
    """Neighbours (one node's, many nodes', their links) and a traversal's edges are in
    `Relationship.sort_key` order: type, start, end, whatever order the store found them in."""
    await small_district(store)
    await store.apply(_cycle())
    mixed = [Step(RelType.PROVIDES, Direction.IN), Step(RelType.HAS_ITEM, Direction.OUT), *UP, *DOWN]
    keys = ["101001/000001", "101001/000002", "301001/000003"]
    many = await store.neighbours_many(Label.RESOURCE, keys, mixed)
    assert sum(len(pairs) for pairs in many.values()) >= 8
    for key in keys:
        rels = [rel for rel, _ in many[key]]
        assert rels == sorted(rels, key=lambda r: r.sort_key()) and len({r.type for r in rels}) >= 2
        assert await store.neighbours(res(key), mixed) == many[key]
    sub = await store.traverse(Traversal((res("101001/000001"),), tuple(mixed), max_depth=4))
    assert len(sub.edges) >= 8 and sub.edges == sorted(sub.edges, key=lambda r: r.sort_key())
    assert len({e.type for e in sub.edges}) == 3


async def test_walks_join_along_the_steps(store: GraphStore) -> None:
    await small_district(store)
    two_up = [*UP, *UP]
    assert await walked(store, Label.RESOURCE, two_up) == {
        ("301001/000001", "101001/000002", "101001/000001"),
        ("301001/000002", "101001/000002", "101001/000001"),
        ("301001/000003", "301001/000001", "101001/000002"),
        ("301001/000003", "301001/000002", "101001/000002"),
    }
    # Only the kept positions, in the order asked for: the diamond's two walks are one tuple.
    assert await walked(store, Label.RESOURCE, two_up, keep=(2, 0)) == {
        ("101001/000001", "301001/000001"), ("101001/000001", "301001/000002"), ("101001/000002", "301001/000003"),
    }
    # A relationship may be walked back: each resource with itself among those sharing its provider.
    siblings = await walked(
        store, Label.RESOURCE, [Step(RelType.PROVIDES, Direction.IN), Step(RelType.PROVIDES, Direction.OUT)], keep=(0, 2)
    )
    assert ("101001/000001", "101001/000001") in siblings and ("101001/000001", "101001/000002") in siblings
    assert len(siblings) == 2 * 2 + 3 * 3
    assert ("101001/000002", "101001/000001", "101001/000002") in await walked(store, Label.RESOURCE, [*UP, *DOWN])
    # BOTH follows the relationship either way.
    up = await walked(store, Label.RESOURCE, UP)
    assert len(up) == 5
    both = await walked(store, Label.RESOURCE, [Step(RelType.DERIVED_FROM, Direction.BOTH)])
    assert both == up | {(b, a) for a, b in up}
    assert await walked(store, Label.SYSTEM, UP) == set()
    assert await walked(store, Label.DEPARTMENT, [Step(RelType.PROVIDES, Direction.OUT)], keep=(0,)) == {(POLICE,), (STATS,)}


@pytest.mark.parametrize(
    ("steps", "keep", "message"),
    [
        ((), None, "1 to 6 steps"),
        (UP * 7, None, "1 to 6 steps"),
        (UP, (), "at least one position"),
        (UP, (0, 2), "positions 0 to 1, not 2"),
        (UP, (-1,), "not -1"),
        (UP, (1, 1), "each position once"),
    ],
)
async def test_a_walk_is_checked(store: GraphStore, steps: tuple[Step, ...], keep: tuple[int, ...] | None, message: str) -> None:
    await small_district(store)
    with pytest.raises(InvalidArgumentError, match=message):
        await store.walks(Label.RESOURCE, steps, keep)


async def test_traverse_upstream_with_depths(store: GraphStore) -> None:
    await small_district(store)
    sub = await store.traverse(Traversal((res("301001/000003"),), UP, max_depth=5))
    assert [(n.node.key, n.depth) for n in sub.nodes] == [
        ("301001/000003", 0),
        ("301001/000001", 1),
        ("301001/000002", 1),
        ("101001/000002", 2),
        ("101001/000001", 3),
    ]
    assert len(sub.edges) == 5 and not sub.truncated and sub.depth_reached == 3


async def test_traverse_depth_cap(store: GraphStore) -> None:
    await small_district(store)
    sub = await store.traverse(Traversal((res("301001/000003"),), UP, max_depth=1))
    assert [n.node.key for n in sub.nodes] == ["301001/000003", "301001/000001", "301001/000002"]
    assert [(e.start.key, e.end.key) for e in sub.edges] == [("301001/000003", "301001/000001"), ("301001/000003", "301001/000002")]
    assert sub.depth_reached == 1


async def test_traverse_node_limit_truncates_deterministically(store: GraphStore) -> None:
    await small_district(store)
    sub = await store.traverse(Traversal((res("101001/000001"),), DOWN, max_depth=5, node_limit=3))
    assert [n.node.key for n in sub.nodes] == ["101001/000001", "101001/000002", "301001/000001"]
    assert sub.truncated


async def test_traverse_mixed_directions_and_kinds(store: GraphStore) -> None:
    await small_district(store)
    follow = (Step(RelType.PROVIDES, Direction.IN), Step(RelType.HAS_ITEM, Direction.OUT), *UP)
    sub = await store.traverse(Traversal((res("101001/000002"),), follow, max_depth=2))
    keys = {(n.node.label, n.node.key, n.depth) for n in sub.nodes}
    assert (Label.DEPARTMENT, POLICE, 1) in keys
    assert (Label.DATA_ITEM, "101001/000001#姓名", 2) in keys
    assert {e.type for e in sub.edges} == {RelType.PROVIDES, RelType.HAS_ITEM, RelType.DERIVED_FROM}


async def test_traverse_cycle_terminates(store: GraphStore) -> None:
    await small_district(store)
    await store.apply(_cycle())
    sub = await store.traverse(Traversal((res("101001/000001"),), UP, max_depth=10))
    assert [n.node.key for n in sub.nodes] == ["101001/000001", "301001/000003", "301001/000001", "301001/000002", "101001/000002"]
    assert sub.depth_reached == 3


def _cycle() -> Changes:
    changes = Changes()
    changes.upsert_relationship(RelType.DERIVED_FROM, res("101001/000001"), res("301001/000003"))
    return changes


async def test_traverse_both_directions_and_missing_start(store: GraphStore) -> None:
    await small_district(store)
    both = (Step(RelType.DERIVED_FROM, Direction.BOTH),)
    sub = await store.traverse(Traversal((res("301001/000001"), res("999999/000001")), both, max_depth=1))
    assert [n.node.key for n in sub.nodes] == ["301001/000001", "101001/000002", "301001/000003"]


async def test_traverse_edges_are_each_relationship_between_reached_nodes_once(store: GraphStore) -> None:
    # A type followed both ways by two steps, another inward: each relationship of those types between
    # two reached nodes comes once, in its stored direction, also between two nodes of the last level.
    await small_district(store)
    follow = (Step(RelType.DERIVED_FROM, Direction.OUT), Step(RelType.DERIVED_FROM, Direction.IN), Step(RelType.PROVIDES, Direction.IN))
    sub = await store.traverse(Traversal((res("101001/000002"),), follow, max_depth=1))
    assert [(n.node.key, n.depth) for n in sub.nodes] == [
        ("101001/000002", 0), (POLICE, 1), ("101001/000001", 1), ("301001/000001", 1), ("301001/000002", 1),
    ]
    assert sorted((e.type.value, e.start.key, e.end.key) for e in sub.edges) == [
        ("DERIVED_FROM", "101001/000002", "101001/000001"),
        ("DERIVED_FROM", "301001/000001", "101001/000002"),
        ("DERIVED_FROM", "301001/000002", "101001/000002"),
        ("PROVIDES", POLICE, "101001/000001"),
        ("PROVIDES", POLICE, "101001/000002"),
    ]


async def test_delete_node_removes_its_relationships(store: GraphStore) -> None:
    await small_district(store)
    await store.delete_nodes([res("101001/000002"), res("999999/000001")])
    counts = await store.counts()
    assert counts.labels["Resource"] == 4
    assert counts.relationships["DERIVED_FROM"] == 2
    changes = Changes()
    changes.delete_relationship(RelType.HAS_ITEM, res("101001/000001"), item("101001/000001#姓名"))
    await store.apply(changes)
    assert (await store.counts()).relationships["HAS_ITEM"] == 1


async def test_counts(store: GraphStore) -> None:
    await small_district(store)
    counts = await store.counts()
    assert counts.labels == {"Catalog": 1, "DataItem": 2, "Department": 3, "Resource": 5}
    assert counts.relationships == {"DERIVED_FROM": 5, "HAS_ITEM": 2, "LISTED_IN": 2, "PROVIDES": 5}


async def test_export_import_round_trip(store: GraphStore, tmp_path) -> None:  # type: ignore[no-untyped-def]
    await small_district(store)
    exported, again = await reimported(store, tmp_path / "graph.jsonl")
    assert again == exported


async def test_clear_then_reload(store: GraphStore) -> None:
    await small_district(store)
    await store.clear()
    assert await store.counts() == type(await store.counts())({}, {})


async def test_clear_a_graph_bigger_than_one_delete_batch(store: GraphStore) -> None:
    # Neo4j deletes in transactions of 10,000 rows: a hub with more relationships than that must go too.
    codes = [f"301001/{n:06d}" for n in range(10_050)]
    c = Changes()
    c.upsert_node(Label.DEPARTMENT, {"code": EIC, "name": "区经济信息化委"})
    for n, code in enumerate(codes):
        c.upsert_node(Label.RESOURCE, resource_props(code, f"资源{n}"))
    for code in codes:  # after the nodes, so that the Neo4j store writes them in a few statements
        c.upsert_relationship(RelType.PROVIDES, dept(EIC), res(code))
    await store.apply(c)
    assert (await store.counts()).relationships == {"PROVIDES": 10_050}
    await store.clear()
    assert await store.counts() == type(await store.counts())({}, {})


async def test_version_starts_at_1_and_grows_only_with_change(store: GraphStore) -> None:
    await store.upsert_nodes(Label.DEPARTMENT, [{"code": EIC, "name": "区经济信息化委"}])
    await store.upsert_nodes(Label.DEPARTMENT, [{"code": EIC, "name": "区经济信息化委"}])
    assert (await store.get(Label.DEPARTMENT, EIC)).props["version"] == 1  # type: ignore[union-attr]
    await store.upsert_nodes(Label.DEPARTMENT, [{"code": EIC, "name": "区经济和信息化委员会"}])
    assert (await store.get(Label.DEPARTMENT, EIC)).props["version"] == 2  # type: ignore[union-attr]
    await store.upsert_nodes(Label.DEPARTMENT, [{"code": EIC, "name": "区经济和信息化委员会", "version": 7}])
    assert (await store.get(Label.DEPARTMENT, EIC)).props["version"] == 7  # type: ignore[union-attr]


async def test_expected_version_guards_a_write(store: GraphStore) -> None:
    await store.upsert_nodes(Label.DEPARTMENT, [{"code": EIC, "name": "旧名"}])
    ok = Changes()
    ok.expect_version(dept(EIC), 1)
    ok.upsert_node(Label.DEPARTMENT, {"code": EIC, "name": "新名"})
    await store.apply(ok)
    stale = Changes()
    stale.expect_version(dept(EIC), 1)
    stale.upsert_node(Label.DEPARTMENT, {"code": EIC, "name": "更新的名"})
    with pytest.raises(ConflictError, match="当前为第 2 版，而不是第 1 版"):
        await store.apply(stale)
    node = await store.get(Label.DEPARTMENT, EIC)
    assert node is not None and node.props["name"] == "新名" and node.props["version"] == 2
    missing = Changes()
    missing.expect_version(dept("SJS-NOBODY"), 1)
    with pytest.raises(NotFoundError):
        await store.apply(missing)


async def test_expect_absent_guards_a_create(store: GraphStore) -> None:
    create = Changes()
    create.expect_absent(dept(EIC))
    create.upsert_node(Label.DEPARTMENT, {"code": EIC, "name": "甲"})
    await store.apply(create)
    again = Changes()
    again.expect_absent(dept(EIC))
    again.upsert_node(Label.DEPARTMENT, {"code": EIC, "name": "乙"})
    with pytest.raises(ConflictError, match="SJS-EIC 已存在"):
        await store.apply(again)
    assert (await store.get(Label.DEPARTMENT, EIC)).props["name"] == "甲"  # type: ignore[union-attr]


async def test_traverse_items_from_a_resource_and_attach_their_resources(store: GraphStore) -> None:
    await small_district(store)
    changes = Changes()
    changes.upsert_node(Label.DATA_ITEM, {"code": "101001/000002#公民身份号码", "name": "公民身份号码"})
    changes.upsert_relationship(RelType.HAS_ITEM, res("101001/000002"), item("101001/000002#公民身份号码"))
    changes.upsert_relationship(RelType.DERIVED_FROM, item("101001/000002#公民身份号码"), item("101001/000001#公民身份号码"))
    await store.apply(changes)
    sub = await store.traverse(
        Traversal(
            (res("101001/000002"),),
            (Step(RelType.DERIVED_FROM, Direction.OUT),),
            max_depth=3,
            start_via=Step(RelType.HAS_ITEM, Direction.OUT),
            attach=Step(RelType.HAS_ITEM, Direction.IN),
        )
    )
    assert [(n.node.key, n.depth) for n in sub.nodes] == [
        ("101001/000002#公民身份号码", 0),
        ("101001/000002", 0),
        ("101001/000001#公民身份号码", 1),
        ("101001/000001", 1),
    ]
    assert [(e.type.value, e.start.key, e.end.key) for e in sub.edges] == [
        ("DERIVED_FROM", "101001/000002#公民身份号码", "101001/000001#公民身份号码"),
        ("DERIVED_FROM", "101001/000002", "101001/000001"),  # the resources' own step shows too
        ("HAS_ITEM", "101001/000001", "101001/000001#公民身份号码"),
        ("HAS_ITEM", "101001/000002", "101001/000002#公民身份号码"),
    ]
    assert sub.depth_reached == 1 and not sub.truncated

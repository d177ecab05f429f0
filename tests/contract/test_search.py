"""Search on both stores: ranked, multi-term, paged, faceted, and only what the principal may see."""

from __future__ import annotations

import pytest

from graph.access import Principal, Role
from graph.changes import Changes
from graph.errors import InvalidArgumentError
from graph.labels import Label, RelType
from graph.records import NodeRef
from graph.search import Facet, Tier
from graph.store import GraphStore
from lineage.access import visibility
from lineage.search import search
from tests.builders import CIVIL, POLICE, STATS, dept, lineage_district, res

HEALTH = "SJS-WJW"


async def _district(store: GraphStore) -> None:
    """The lineage district, with a resource named for a two-term search, a catalog and a theme."""
    await lineage_district(store)
    c = Changes()
    c.upsert_node(Label.DEPARTMENT, {"code": HEALTH, "name": "区卫生健康委员会"})
    c.upsert_node(
        Label.RESOURCE,
        {"code": "101001/000009", "name": "户籍人口基本信息", "share_type": "UNCONDITIONAL", "open_type": "NOT_OPEN", "update_cycle": "DAILY",
         "summary": "全区户籍人口"},
    )
    c.upsert_relationship(RelType.PROVIDES, dept(POLICE), res("101001/000009"))
    c.upsert_node(Label.CATALOG, {"code": "BASE-POPULATION", "name": "人口基础信息资源目录", "kind": "BASE", "theme": "POPULATION"})
    c.upsert_relationship(RelType.MAINTAINS, dept(STATS), NodeRef(Label.CATALOG, "BASE-POPULATION"))
    for code in ("101001/000001", "101001/000009"):
        c.upsert_relationship(RelType.LISTED_IN, res(code), NodeRef(Label.CATALOG, "BASE-POPULATION"))
    c.upsert_node(Label.RESOURCE, {"code": "401001/000001", "name": "医疗机构名录", "share_type": "UNCONDITIONAL", "summary": "含人口密度"})
    c.upsert_relationship(RelType.PROVIDES, dept(HEALTH), res("401001/000001"))
    await store.apply(c)


def _codes(found: object) -> list[str]:
    return [hit.node.key for hit in found.hits]  # type: ignore[attr-defined]


async def test_matches_rank_exact_then_prefix_then_terms_then_substring(store: GraphStore) -> None:
    await _district(store)
    found = await search(store, "人口", first=50, count=True)
    ranked = [(hit.node.label, hit.node.key, hit.tier) for hit in found.hits]
    tiers = [tier for _, _, tier in ranked]
    assert tiers == sorted(tiers)
    # Names starting with 人口 first (resources, then the catalog), then names holding it, then a summary.
    assert ranked[:3] == [
        (Label.RESOURCE, "301001/000002", Tier.PREFIX),  # 人口年报: the shortest name
        (Label.RESOURCE, "101001/000001", Tier.PREFIX),  # 人口基础信息: as long as the next, an earlier code
        (Label.RESOURCE, "301001/000003", Tier.PREFIX),  # 人口综合分析
    ]
    assert ranked[3] == (Label.CATALOG, "BASE-POPULATION", Tier.PREFIX)
    assert ranked[-1] == (Label.RESOURCE, "401001/000001", Tier.SUBSTRING)  # only its summary holds 人口
    assert (Label.SYSTEM, "SJS-GA-RK", Tier.PREFIX) in ranked  # 人口管理系统
    assert found.total == len(ranked)


async def test_every_term_must_match_and_the_order_of_terms_does_not_matter(store: GraphStore) -> None:
    await _district(store)
    found = await search(store, "户籍 人口", count=True)
    assert _codes(found) == ["101001/000002", "101001/000009"]  # 户籍人口, 户籍人口基本信息: the shorter name first
    assert [hit.tier for hit in found.hits] == [Tier.TERMS, Tier.TERMS]
    again = await search(store, "人口　户籍")  # a full-width space between the terms
    assert _codes(again) == _codes(found)
    assert _codes(await search(store, "户籍 医疗")) == []


@pytest.mark.parametrize(
    ("text", "first", "tier"),
    [
        pytest.param("101001/000001#公民身份号码", "101001/000001#公民身份号码", Tier.EXACT, id="item-by-code"),
        pytest.param("公民身份号码", "101001/000001#公民身份号码", Tier.EXACT, id="item-by-name"),
        pytest.param("３０１００１/000002", "301001/000002", Tier.EXACT, id="full-width-code"),
        pytest.param("sjs-ga", "SJS-GA-RK", Tier.PREFIX, id="code-prefix-any-case"),
        pytest.param("户籍人口基本信息", "101001/000009", Tier.EXACT, id="whole-name"),
    ],
)
async def test_codes_names_and_items_are_found(store: GraphStore, text: str, first: str, tier: Tier) -> None:
    await _district(store)
    found = await search(store, text)
    assert found.hits[0].node.key == first
    assert found.hits[0].tier is tier


async def test_pages_walk_every_match_once_in_rank_order(store: GraphStore) -> None:
    await _district(store)
    whole = await search(store, "人口", first=100, count=True)
    walked, after = [], None
    while True:
        page = await search(store, "人口", first=3, after=after, count=True)
        assert page.total == whole.total
        walked += page.hits
        if not page.has_next:
            break
        after = page.hits[-1].sort_key
    assert [h.node.key for h in walked] == _codes(whole)


async def test_the_total_is_counted_only_when_asked(store: GraphStore) -> None:
    await _district(store)
    assert (await search(store, "人口")).total is None


async def test_facets_count_each_value_under_the_other_filters(store: GraphStore) -> None:
    await _district(store)
    found = await search(store, "人口", first=100, count=True, facets=True)
    assert found.facets is not None
    kinds = {c.value: c.count for c in found.facets[Facet.KIND]}
    assert kinds == {"Resource": 8, "Catalog": 1, "System": 1}
    departments = {c.value: c.count for c in found.facets[Facet.DEPARTMENT]}
    assert departments[POLICE] == 4  # three resources and the system it operates
    assert departments[STATS] == 4  # three resources and the catalog it maintains
    catalog_kinds = {c.value: c.count for c in found.facets[Facet.CATALOG_KIND]}
    assert catalog_kinds == {"BASE": 3}  # two listed resources and the catalog itself
    # Filtering on a department narrows the other facets and the page, not that facet's own counts.
    narrowed = await search(store, "人口", first=100, count=True, facets=True, where={Facet.DEPARTMENT: [POLICE]})
    assert narrowed.facets is not None
    assert {c.value: c.count for c in narrowed.facets[Facet.DEPARTMENT]} == departments
    assert {c.value: c.count for c in narrowed.facets[Facet.KIND]} == {"Resource": 3, "System": 1}
    assert narrowed.total == 4
    assert all(hit.node.key.startswith("101001/") or hit.node.label is Label.SYSTEM for hit in narrowed.hits)


async def test_kinds_and_resource_facets_filter_the_matches(store: GraphStore) -> None:
    await _district(store)
    only_items = await search(store, "公民身份号码", kinds=[Label.DATA_ITEM], count=True)
    assert {h.node.label for h in only_items.hits} == {Label.DATA_ITEM}
    assert only_items.total == 4
    daily = await search(store, "人口", where={Facet.UPDATE_CYCLE: ["DAILY"]}, count=True)
    assert _codes(daily) == ["101001/000009"]
    conditional = await search(store, "公民身份号码", where={Facet.SHARE_TYPE: ["CONDITIONAL"]}, count=True)
    assert _codes(conditional) == ["101001/000001#公民身份号码", "101001/000002#公民身份号码", "302001/000002#公民身份号码"]


async def test_a_department_finds_only_what_it_may_see(store: GraphStore) -> None:
    """Art.24: the items of a conditional resource are detail a department sees only under a grant."""
    await _district(store)
    health = visibility(Principal(HEALTH, frozenset({Role.DEPARTMENT_USER}), "health-user"))
    found = await search(store, "公民身份号码", visibility=health, count=True, facets=True)
    assert _codes(found) == ["301001/000001#公民身份号码"]  # the unconditional resource's item only
    assert found.facets is not None
    assert {c.value: c.count for c in found.facets[Facet.KIND]} == {"DataItem": 1}
    civil = visibility(Principal(CIVIL, frozenset({Role.DEPARTMENT_USER}), "civil-user"))
    seen = _codes(await search(store, "公民身份号码", visibility=civil))
    assert "302001/000002#公民身份号码" in seen  # its own conditional resource
    assert "101001/000002#公民身份号码" in seen  # granted (USE-1)
    assert "101001/000001#公民身份号码" not in seen


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        pytest.param("   ", "搜索文本为空", id="only-spaces"),
        pytest.param("人口" * 5000, "超过 100 个字符", id="ten-kilobytes"),
        pytest.param("人口\x00户籍", "控制字符", id="control-character"),
        pytest.param(" ".join("abcdefghij"), "超过 8 个词", id="too-many-terms"),
    ],
)
async def test_bad_text_is_refused_before_any_work(store: GraphStore, text: str, reason: str) -> None:
    with pytest.raises(InvalidArgumentError, match=reason):
        await search(store, text)


async def test_a_write_is_found_by_the_next_search(store: GraphStore) -> None:
    await _district(store)
    assert _codes(await search(store, "婚姻登记")) == []
    c = Changes()
    c.upsert_node(Label.RESOURCE, {"code": "302001/000009", "name": "婚姻登记信息", "share_type": "UNCONDITIONAL"})
    await store.apply(c)
    assert _codes(await search(store, "婚姻登记")) == ["302001/000009"]
    c = Changes()
    c.upsert_node(Label.RESOURCE, {"code": "302001/000009", "name": "结婚登记信息", "share_type": "UNCONDITIONAL"})
    await store.apply(c)
    assert _codes(await search(store, "婚姻登记")) == []

"""The read API over real HTTP on both stores: connections, filters, lookups, search, derived catalogs."""

from __future__ import annotations

import contextvars
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any

import pytest

from graph.changes import Changes
from graph.labels import Direction, Label, RelType
from graph.records import NodeRef, PageQuery
from tests.api.conftest import Server
from tests.builders import POLICE, STATS, lineage_district, small_district

PAGE = """query Page($first: Int!, $after: String, $filter: ResourceFilter) {
  resources(first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { code name shareType provider { code } catalogs { code } itemCount } }
  }
}"""


async def test_resource_pages_walk_the_whole_list(server: Server) -> None:
    await small_district(server.store)
    seen: list[str] = []
    after = None
    while True:
        data = (await server.gql(PAGE, {"first": 2, "after": after}))["resources"]
        assert data["totalCount"] == 5
        seen += [e["node"]["code"] for e in data["edges"]]
        if not data["pageInfo"]["hasNextPage"]:
            break
        after = data["pageInfo"]["endCursor"]
    assert seen == ["101001/000001", "101001/000002", "301001/000001", "301001/000002", "301001/000003"]


@pytest.mark.parametrize(
    ("filter", "expected"),
    [
        pytest.param({"shareType": ["CONDITIONAL"]}, ["101001/000001", "101001/000002"], id="share-type"),
        pytest.param({"catalogKind": ["BASE"]}, ["101001/000001", "101001/000002"], id="catalog-kind"),
        pytest.param({"catalog": "BASE-POPULATION", "text": "户籍"}, ["101001/000002"], id="catalog-and-text"),
        pytest.param({"provider": STATS}, ["301001/000001", "301001/000002", "301001/000003"], id="provider"),
        pytest.param({"text": "年报"}, ["301001/000003"], id="chinese-text"),
        pytest.param({"aggregated": True}, [], id="aggregated"),
    ],
)
async def test_resource_filters(server: Server, filter: dict[str, Any], expected: list[str]) -> None:
    await small_district(server.store)
    data = (await server.gql(PAGE, {"first": 50, "filter": filter}))["resources"]
    assert [e["node"]["code"] for e in data["edges"]] == expected and data["totalCount"] == len(expected)


async def test_nested_fields(server: Server) -> None:
    await small_district(server.store)
    data = await server.gql('{ resource(code: "101001/000001") { name provider { code name } catalogs { code kind theme } items { name identifierKind } } }')
    assert data["resource"] == {
        "name": "人口基础信息",
        "provider": {"code": POLICE, "name": "区公安分局"},
        "catalogs": [{"code": "BASE-POPULATION", "kind": "BASE", "theme": "POPULATION"}],
        "items": [{"name": "公民身份号码", "identifierKind": "CITIZEN_ID"}, {"name": "姓名", "identifierKind": "NONE"}],
    }
    assert (await server.gql('{ resource(code: "999999/000001") { name } }'))["resource"] is None


async def test_node_by_global_id(server: Server) -> None:
    await small_district(server.store)
    first = await server.gql('{ departments(first: 1) { edges { node { id code } } } }')
    node = first["departments"]["edges"][0]["node"]
    again = await server.gql("query($id: ID!) { node(id: $id) { id ... on Department { code } } }", {"id": node["id"]})
    assert again["node"] == node
    bad = await server.gql('{ node(id: "not-an-id") { id } }', expect_errors=True)
    assert bad["errors"][0]["extensions"]["code"] == "INVALID_ARGUMENT"


async def test_search_across_kinds(server: Server) -> None:
    await small_district(server.store)
    data = await server.gql('{ search(text: "人口", first: 3) { totalCount nodes { __typename ... on Catalog { code } ... on Resource { code } } } }')
    assert data["search"]["totalCount"] == 6  # the population catalog and five resources
    # Ranked: names starting with 人口 first, resources before catalogs, shorter names first.
    assert data["search"]["nodes"] == [
        {"__typename": "Resource", "code": "301001/000003"},
        {"__typename": "Resource", "code": "101001/000001"},
        {"__typename": "Catalog", "code": "BASE-POPULATION"},
    ]


async def _catalog_codes(server: Server, field: str) -> list[str]:
    data = await server.gql(f"{{ {field}(first: 50) {{ totalCount edges {{ node {{ code }} }} }} }}")
    return [e["node"]["code"] for e in data[field]["edges"]]


async def test_share_and_open_catalogs_are_derived(server: Server) -> None:
    """Art.10: the share and open catalogs are views by share and open attributes, never copies."""
    await small_district(server.store)
    changes = Changes()
    base = NodeRef(Label.CATALOG, "BASE-POPULATION")
    for code, name, share, open_type, secret in [
        ("101002/000001", "法人基础信息", "UNCONDITIONAL", "UNCONDITIONAL", False),
        ("101003/000001", "涉密地理信息", "NOT_SHARED", "UNCONDITIONAL", True),
        ("101004/000001", "案件信息", "NOT_SHARED", "NOT_OPEN", False),
    ]:
        changes.upsert_node(Label.RESOURCE, {"code": code, "name": name, "share_type": share, "open_type": open_type, "secret_or_security": secret})
        changes.upsert_relationship(RelType.LISTED_IN, NodeRef(Label.RESOURCE, code), base)
    await server.store.apply(changes)
    assert await _catalog_codes(server, "shareCatalog") == ["101001/000001", "101001/000002", "101002/000001"]
    # Art.23: nothing touching state secrets or security is opened, whatever its open type says.
    assert await _catalog_codes(server, "openCatalog") == ["101002/000001"]


@pytest.mark.parametrize(
    ("query", "code", "message"),
    [
        pytest.param("{ resources(first: 0) { totalCount } }", "INVALID_ARGUMENT", "first 须在 1 至 100 之间", id="first-zero"),
        pytest.param("{ resources(first: 1000) { totalCount } }", "INVALID_ARGUMENT", "first 须在 1 至 100 之间", id="first-too-big"),
        pytest.param('{ resources(after: "@@") { totalCount } }', "INVALID_ARGUMENT", "不是有效的游标", id="bad-cursor"),
        pytest.param('{ search(text: "  ") { totalCount } }', "INVALID_ARGUMENT", "搜索文本为空", id="empty-search"),
    ],
)
async def test_bad_arguments_are_errors_with_a_code(server: Server, query: str, code: str, message: str) -> None:
    body = await server.gql(query, expect_errors=True)
    error = body["errors"][0]
    assert error["extensions"]["code"] == code and message in error["message"], error


class RoundTrips:
    """Counts the store calls a request makes, and lists the first argument of each (a call made
    inside another one, as the embedded store's `page_rows` reads `page`, is part of it); `change`,
    if given, rewrites that argument before the call."""

    def __init__(self, change: Callable[[Any], Any] | None = None) -> None:
        self.count = 0
        self.asked: list[Any] = []
        self.change = change
        self.inside: contextvars.ContextVar[bool] = contextvars.ContextVar("inside", default=False)  # per task: calls side by side count

    def wrap(self, fn: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
        async def counted(*args: Any, **kwargs: Any) -> Any:
            if self.inside.get():
                return await fn(*args, **kwargs)
            self.count += 1
            if args:
                self.asked.append(args[0])
                if self.change is not None:
                    args = (self.change(args[0]), *args[1:])
            token = self.inside.set(True)
            try:
                return await fn(*args, **kwargs)
            finally:
                self.inside.reset(token)

        return counted


@pytest.mark.parametrize("size", [5, 50])
async def test_round_trips_do_not_grow_with_the_page(server: Server, size: int, monkeypatch: pytest.MonkeyPatch) -> None:
    changes = Changes()
    changes.upsert_node(Label.DEPARTMENT, {"code": STATS, "name": "区统计局"})
    changes.upsert_node(Label.CATALOG, {"code": "DEPT-SJS-TJJ", "name": "目录", "kind": "DEPARTMENT"})
    for n in range(size):
        code = f"301001/{n:06d}"
        changes.upsert_node(Label.RESOURCE, {"code": code, "name": f"资源{n}", "share_type": "UNCONDITIONAL"})
        changes.upsert_relationship(RelType.PROVIDES, NodeRef(Label.DEPARTMENT, STATS), NodeRef(Label.RESOURCE, code))
        changes.upsert_relationship(RelType.LISTED_IN, NodeRef(Label.RESOURCE, code), NodeRef(Label.CATALOG, "DEPT-SJS-TJJ"))
        item = f"{code}#名称"
        changes.upsert_node(Label.DATA_ITEM, {"code": item, "name": "名称"})
        changes.upsert_relationship(RelType.HAS_ITEM, NodeRef(Label.RESOURCE, code), NodeRef(Label.DATA_ITEM, item))
    await server.store.apply(changes)
    trips = RoundTrips()
    for name in ("get_many", "page", "page_rows", "neighbours_many", "traverse", "counts"):
        monkeypatch.setattr(server.store, name, trips.wrap(getattr(server.store, name)))
    query = "{ resources(first: 50) { totalCount edges { node { code provider { name } catalogs { code } items { name } itemCount } } } }"
    data = await server.gql(query)
    assert len(data["resources"]["edges"]) == size
    assert {e["node"]["itemCount"] for e in data["resources"]["edges"]} == {1}
    # The page brings the links selected under edges.node in the same read (one Cypher statement on Neo4j).
    assert trips.count == 1
    trips.count = 0
    fragments = """{ resources(first: 50) { edges { ...row } } }
        fragment row on ResourceEdge { node { ... on Resource { provider { name } } itemCount } }"""
    data = await server.gql(fragments)
    assert {e["node"]["provider"]["name"] for e in data["resources"]["edges"]} == {"区统计局"}
    assert trips.count == 1  # fragments and inline fragments are looked through
    trips.count = 0
    await server.gql("{ resources(first: 50) { edges { node { provider { name catalogs { code } } } } } }")
    # A link of a link: one batched DataLoader read for the whole level, never one per resource.
    assert trips.count == 2


PAGE_READS = [
    pytest.param(
        "{ resources(first: 50) { totalCount edges { cursor node { code name provider { name } catalogs { code name } itemCount } } } }",
        ("code", "name"), {(RelType.PROVIDES, Direction.IN): ("name",), (RelType.LISTED_IN, Direction.OUT): ("code", "name")},
        id="catalog-page",
    ),
    pytest.param(
        "{ resources(first: 50) { edges { node { __typename id ... on Resource { code } ...F } } } } fragment F on Resource { version items { name } }",
        ("code", "share_type", "version"), {(RelType.HAS_ITEM, Direction.OUT): ("name",)},
        id="fragments-audit-and-version",
    ),
    pytest.param(
        "{ resources(first: 50) { edges { node { code effectiveShareType provider { code systems { code } } } } } }",
        ("code", "share_type"), {(RelType.PROVIDES, Direction.IN): ("code",)},
        id="links-of-links",
    ),
    pytest.param(
        "{ resources(first: 50) { edges { node { code auditTrail: effectiveRestriction { shareType } provider { name version } } } } }",
        ("code",), {(RelType.PROVIDES, Direction.IN): ("name", "version")},
        id="restriction",
    ),
]


def _reading_pages(server: Server, monkeypatch: pytest.MonkeyPatch, change: Callable[[PageQuery], PageQuery]) -> list[PageQuery]:
    """From now on, the store reads pages (as records or as rows) as `change` makes their queries; the
    page queries it receives are listed."""
    trips = RoundTrips(change)
    for name in ("page", "page_rows"):
        monkeypatch.setattr(server.store, name, trips.wrap(getattr(server.store, name)))
    return trips.asked


def _record_pages(server: Server, monkeypatch: pytest.MonkeyPatch) -> list[PageQuery]:
    """The page queries the store receives from now on."""
    return _reading_pages(server, monkeypatch, lambda query: query)


@pytest.mark.parametrize(("query", "props", "expand_props"), PAGE_READS)
async def test_a_page_reads_only_the_properties_its_selection_needs(
    server: Server, query: str, props: tuple[str, ...], expand_props: dict[tuple[RelType, Direction], tuple[str, ...]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The page query names the stored properties the selected fields read (what their sources declare, `api.engine.sources`), and the
    answer is what reading them all gives."""
    await lineage_district(server.store)
    with monkeypatch.context() as patched:
        asked = _record_pages(server, patched)
        projected = await server.gql(query)
    assert [q.props for q in asked] == [props]
    assert {(s.rel, s.direction): names for s, names in asked[0].expand_props} == expand_props
    _reading_pages(server, monkeypatch, lambda query: replace(query, props=None, expand_props=()))
    assert await server.gql(query) == projected
    assert any(e["node"] for e in projected["resources"]["edges"])


async def test_a_selection_that_may_read_anything_reads_everything(server: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    await lineage_district(server.store)
    asked = _record_pages(server, monkeypatch)
    await server.gql("{ departments(first: 10) { edges { node { code catalogs { code name } } } } }")
    await server.gql("{ uses(first: 10) { edges { node { useId history { action } } } } }")
    assert asked[0].props == ("code",) and asked[1].props is None

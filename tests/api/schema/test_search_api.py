"""`search` and `enumLabels` over HTTP, on both stores: what a front-end builds a search page from."""

from __future__ import annotations

import re
from typing import Any

import pytest

from graph.access import Principal, Role
from tests.api.conftest import PUBLIC, Server
from tests.builders import CIVIL, POLICE, STATS
from tests.contract.test_search import HEALTH, _district

SEARCH = """
query($text: String!, $first: Int, $after: String, $filter: SearchFilter) {
  search(text: $text, first: $first, after: $after, filter: $filter) {
    totalCount
    edges { cursor match node { __typename ... on Resource { code name } ... on DataItem { code } ... on Catalog { code } ... on System { code } } }
    pageInfo { hasNextPage endCursor }
  }
}"""
FACETS = """
query($text: String!, $filter: SearchFilter) {
  search(text: $text, filter: $filter) {
    facets { kind { value label count } department { value label count } catalogKind { value label count } shareType { value label count } }
  }
}"""


async def _search(server: Server, text: str, principal: Principal | None = None, **variables: Any) -> dict[str, Any]:
    data = await server.gql(SEARCH, {"text": text, **variables}, **({"principal": principal} if principal else {}))
    return data["search"]  # type: ignore[no-any-return]


def _codes(result: dict[str, Any]) -> list[str]:
    return [edge["node"]["code"] for edge in result["edges"]]


async def test_two_terms_find_the_resource_ranked_first(server: Server) -> None:
    await _district(server.store)
    found = await _search(server, "户籍 人口")
    assert _codes(found) == ["101001/000002", "101001/000009"]
    assert [edge["match"] for edge in found["edges"]] == ["TERMS", "TERMS"]
    assert found["totalCount"] == 2 and found["pageInfo"]["hasNextPage"] is False


async def test_pages_follow_the_cursor(server: Server) -> None:
    await _district(server.store)
    whole = await _search(server, "人口", first=100)
    walked, after = [], None
    while True:
        page = await _search(server, "人口", first=4, after=after)
        walked += _codes(page)
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert walked == _codes(whole) and len(walked) == whole["totalCount"] == 10


async def test_facets_have_labels_and_filters_narrow_the_page(server: Server) -> None:
    await _district(server.store)
    data = await server.gql(FACETS, {"text": "人口"})
    facets = data["search"]["facets"]
    assert {"value": "Resource", "label": "信息资源", "count": 8} in facets["kind"]
    assert {"value": POLICE, "label": "区公安分局", "count": 4} in facets["department"]
    assert {"value": "BASE", "label": "基础目录", "count": 3} in facets["catalogKind"]
    conditional = await _search(server, "人口", filter={"shareType": ["CONDITIONAL"], "kinds": ["RESOURCE"]})
    assert _codes(conditional) == ["101001/000001", "101001/000002"]
    by_stats = await _search(server, "人口", filter={"department": [STATS]})
    assert set(_codes(by_stats)) == {"301001/000001", "301001/000002", "301001/000003", "BASE-POPULATION"}


async def test_a_department_sees_only_what_it_may(server: Server) -> None:
    """Art.24: items of a conditional resource are found only by those who may see them."""
    await _district(server.store)
    health = Principal(HEALTH, frozenset({Role.DEPARTMENT_USER}), "health-user")
    assert _codes(await _search(server, "公民身份号码", principal=health)) == ["301001/000001#公民身份号码"]
    civil = Principal(CIVIL, frozenset({Role.DEPARTMENT_USER}), "civil-user")
    assert len(_codes(await _search(server, "公民身份号码", principal=civil))) == 3
    public = await server.gql('{ search(text: "公民身份号码") { totalCount } }', principal=PUBLIC)
    assert public["search"]["totalCount"] == 0


@pytest.mark.parametrize(
    ("text", "after", "says"),
    [
        pytest.param("   ", None, "空", id="only-spaces"),
        pytest.param("人口" * 5000, None, "100", id="ten-kilobytes"),
        pytest.param("人口\u0007", None, "控制字符", id="control-character"),
        pytest.param("人口", "not-a-cursor", "游标", id="bad-cursor"),
    ],
)
async def test_bad_input_gets_a_clear_message_never_a_500(server: Server, text: str, after: str | None, says: str) -> None:
    body = await server.gql(SEARCH, {"text": text, "after": after}, expect_errors=True)
    error = body["errors"][0]
    assert error["extensions"]["code"] == "INVALID_ARGUMENT"
    assert says in error["message"]


async def test_enum_labels_come_from_the_api_in_the_request_language(server: Server) -> None:
    query = '{ enumLabels(names: ["ShareType", "MigrationVerdict", "NodeKind"]) { name values { value label } } }'
    data = await server.gql(query)
    labels = {e["name"]: {v["value"]: v["label"] for v in e["values"]} for e in data["enumLabels"]}
    assert labels["ShareType"] == {"UNCONDITIONAL": "无条件共享", "CONDITIONAL": "有条件共享", "NOT_SHARED": "不予共享"}
    assert labels["MigrationVerdict"]["MUST_MIGRATE"] == "须迁移上云"
    assert labels["NodeKind"]["DataItem"] == "信息项"
    response = await server.client.post("/graphql", json={"query": query}, headers={"Accept-Language": "en", **server.headers()})
    english = {e["name"]: {v["value"]: v["label"] for v in e["values"]} for e in response.json()["data"]["enumLabels"]}
    assert english["ShareType"]["CONDITIONAL"] == "Conditional"
    unknown = await server.gql('{ enumLabels(names: ["NoSuchEnum"]) { name } }', expect_errors=True)
    assert unknown["errors"][0]["extensions"]["code"] == "INVALID_ARGUMENT"


async def test_every_enum_of_the_schema_has_a_chinese_label_for_every_value(server: Server) -> None:
    schema = await server.gql('{ __schema { types { name kind enumValues { name } } } }')
    enums = {t["name"]: [v["name"] for v in t["enumValues"]] for t in schema["__schema"]["types"] if t["kind"] == "ENUM" and not t["name"].startswith("__")}
    enums.pop("link__Purpose")  # federation's own
    data = await server.gql("{ enumLabels { name values { value label } } }")
    labels = {e["name"]: {v["value"]: v["label"] for v in e["values"]} for e in data["enumLabels"]}
    for name, values in enums.items():
        assert list(labels[name]) == values, name
        untranslated = [v for v, text in labels[name].items() if not re.search(r"[\u4e00-\u9fff]", text)]
        assert not untranslated, f"{name}: {untranslated} have no Chinese label"

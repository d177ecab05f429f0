"""Principals × queries and mutations over HTTP, on both stores: what each sees, and what it does not
(totals, search, lineage, errors) — Art.18, Art.23, Art.24, Art.29."""

from __future__ import annotations

from typing import Any

import pytest

from graph.access import Principal, Role
from tests.api.conftest import EIC, PUBLIC, Server
from tests.builders import CIVIL, POLICE, STREET
from tests.contract.test_visibility import with_not_shared

LEADING_GROUP = Principal("SJS-LG", frozenset({Role.LEADING_GROUP}), "lg")
POLICE_USER = Principal(POLICE, frozenset({Role.DEPARTMENT_USER}), "police-user")
POLICE_ADMIN = Principal(POLICE, frozenset({Role.DEPARTMENT_ADMIN}), "police-admin")
CIVIL_USER = Principal(CIVIL, frozenset({Role.DEPARTMENT_USER}), "civil-user")
CIVIL_ADMIN = Principal(CIVIL, frozenset({Role.DEPARTMENT_ADMIN}), "civil-admin")
STREET_USER = Principal(STREET, frozenset({Role.DEPARTMENT_USER}), "street-user")
ALL = {"public": PUBLIC, "street": STREET_USER, "civil": CIVIL_USER, "police": POLICE_USER, "eic": EIC, "leading-group": LEADING_GROUP}
SECRET_NAME = "案件人口信息"


@pytest.fixture
async def district(server: Server) -> Server:
    await with_not_shared(server.store)
    return server


async def ask(server: Server, who: Principal, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    response = await server.client.post(
        "/graphql", json={"query": query, "variables": variables or {}}, headers={"Accept": "application/graphql-response+json", **server.headers(who)}
    )
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("who", "total", "sees_secret"),
    [
        pytest.param("public", 2, False, id="public-open-catalog-only"),
        pytest.param("street", 7, False, id="street-share-catalog"),
        pytest.param("civil", 7, False, id="civil-share-catalog"),
        pytest.param("police", 8, True, id="police-own-not-shared"),
        pytest.param("eic", 8, True, id="eic-everything"),
        pytest.param("leading-group", 8, True, id="leading-group-everything"),
    ],
)
async def test_totals_lists_and_search(district: Server, who: str, total: int, sees_secret: bool) -> None:
    body = await ask(district, ALL[who], '{ resources(first: 100) { totalCount edges { node { code name } } } search(text: "案件") { totalCount } }')
    data = body["data"]
    assert data["resources"]["totalCount"] == total == len(data["resources"]["edges"])
    assert (SECRET_NAME in str(body)) is sees_secret
    assert data["search"]["totalCount"] == (2 if sees_secret else 0)  # the resource and its item 案件编号
    lookup = await ask(district, ALL[who], '{ resource(code: "301002/000001") { name } }')
    assert (lookup["data"]["resource"] is not None) is sees_secret


@pytest.mark.parametrize(
    ("who", "items"),
    [
        pytest.param("public", [], id="public"),
        pytest.param("street", [], id="street-no-grant"),
        pytest.param("civil", ["公民身份号码"], id="civil-granted-use"),
        pytest.param("police", ["公民身份号码"], id="police-provider"),
        pytest.param("eic", ["公民身份号码"], id="eic"),
    ],
)
async def test_art24_conditional_items_only_under_a_granted_use(district: Server, who: str, items: list[str]) -> None:
    body = await ask(district, ALL[who], '{ resource(code: "101001/000002") { items { name } } }')
    resource = body["data"]["resource"]
    assert ([i["name"] for i in resource["items"]] if resource else []) == items


async def test_lineage_keeps_its_shape_and_hides_names(district: Server) -> None:
    query = '{ lineage(code: "301001/000001", depth: 3, follow: [DERIVATION, PROVISION]) { nodes { kind code name } edges { source target transform } } }'
    public = (await ask(district, PUBLIC, query))["data"]["lineage"]
    eic = (await ask(district, EIC, query))["data"]["lineage"]
    assert len(public["nodes"]) == len(eic["nodes"]) and len(public["edges"]) == len(eic["edges"])
    hidden = [n for n in public["nodes"] if n["code"].startswith("redacted-")]
    assert {n["kind"] for n in hidden} == {"Resource", "Department"} or {n["kind"] for n in hidden} == {"Resource"}
    assert "人口基础信息" not in str(public) and "户籍人口" not in str(public) and "筛选户籍" not in str(public)
    assert "人口基础信息" in str(eic)


async def test_errors_do_not_reveal_what_exists(district: Server) -> None:
    secret = await ask(district, CIVIL_USER, '{ lineage(code: "301002/000001") { truncated } }')
    missing = await ask(district, CIVIL_USER, '{ lineage(code: "309999/000001") { truncated } }')
    strip = lambda body: body["errors"][0]["message"].replace("301002/000001", "X").replace("309999/000001", "X")  # noqa: E731
    assert strip(secret) == strip(missing)
    assert secret["errors"][0]["extensions"]["code"] == missing["errors"][0]["extensions"]["code"] == "NOT_FOUND"


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        pytest.param(PUBLIC, False, id="public"),
        pytest.param(POLICE_USER, False, id="police-user"),
        pytest.param(CIVIL_ADMIN, False, id="civil-admin-other-department"),
        pytest.param(POLICE_ADMIN, True, id="police-admin-own-resource"),
        pytest.param(EIC, True, id="eic"),
    ],
)
async def test_who_may_change_a_resource(district: Server, who: Principal, allowed: bool) -> None:
    query = 'mutation { updateResource(code: "101001/000001", version: 1, input: {summary: "更新"}) { result { version } userErrors { code } } }'
    payload = (await ask(district, who, query))["data"]["updateResource"]
    if allowed:
        assert payload == {"result": {"version": 2}, "userErrors": []}
    else:
        assert payload == {"result": None, "userErrors": [{"code": "FORBIDDEN"}]}


async def test_an_admin_creates_only_for_its_own_department(district: Server) -> None:
    create = 'mutation($p: String!) { createResource(input: {code: "302009/000001", name: "新资源", shareType: UNCONDITIONAL, provider: $p}) { userErrors { code } } }'
    assert (await ask(district, CIVIL_ADMIN, create, {"p": POLICE}))["data"]["createResource"]["userErrors"] == [{"code": "FORBIDDEN"}]
    assert (await ask(district, CIVIL_ADMIN, create, {"p": CIVIL}))["data"]["createResource"]["userErrors"] == []


async def test_the_audit_trail_is_the_eics(district: Server) -> None:
    await ask(district, CIVIL_USER, '{ resource(code: "101001/000002") { items { name } } }')
    query = '{ auditEvents(filter: {action: "READ_DETAIL"}) { totalCount edges { node { principal department subject } } } }'
    assert (await ask(district, CIVIL_USER, query))["data"]["auditEvents"]["totalCount"] == 0
    eic = (await ask(district, EIC, query))["data"]["auditEvents"]
    assert {"principal": "civil-user", "department": CIVIL, "subject": "Resource:101001/000002"} in [e["node"] for e in eic["edges"]]


async def test_items_read_with_a_page_are_audited_too(district: Server) -> None:
    """Items that come with the page read (not through a DataLoader) are audited the same (Art.24, Art.29)."""
    page = await ask(district, CIVIL_USER, '{ resources(first: 100) { edges { node { code shareType items { name } } } } }')
    read = {e["node"]["code"] for e in page["data"]["resources"]["edges"] if e["node"]["items"] and e["node"]["shareType"] != "UNCONDITIONAL"}
    assert read  # the civil user sees some conditional detail
    query = '{ auditEvents(filter: {action: "READ_DETAIL"}) { edges { node { principal subject } } } }'
    audited = {e["node"]["subject"] for e in (await ask(district, EIC, query))["data"]["auditEvents"]["edges"] if e["node"]["principal"] == "civil-user"}
    assert {f"Resource:{code}" for code in read} <= audited


async def test_me(district: Server) -> None:
    assert (await ask(district, PUBLIC, "{ me { subject department roles } }"))["data"]["me"] == {"subject": "public", "department": None, "roles": []}
    assert (await ask(district, POLICE_ADMIN, "{ me { department roles } }"))["data"]["me"] == {"department": POLICE, "roles": ["DEPARTMENT_ADMIN"]}

"""Catalog maintenance over HTTP on both stores: validated like loaders, typed user errors, optimistic locking."""

from __future__ import annotations

import io
from typing import Any

import pytest

from graph import jsonl
from tests.api.conftest import Server
from tests.builders import POLICE, STATS, small_district

CREATE = """mutation($input: ResourceInput!) {
  createResource(input: $input) {
    result { code name version shareType provider { code } catalogs { code } }
    userErrors { field message code }
  }
}"""
UPDATE = """mutation($code: String!, $version: Int!, $input: ResourceInput!) {
  updateResource(code: $code, version: $version, input: $input) {
    result { code name version summary updateCycle catalogs { code } }
    userErrors { field message code }
  }
}"""
NEW = {"code": "301001/000009", "name": "新建资源", "shareType": "CONDITIONAL", "provider": STATS, "catalogs": ["BASE-POPULATION"]}


async def export_text(server: Server) -> str:
    """The graph as exported, without the audit trail (which records every attempt, as it should)."""
    buffer = io.StringIO()
    await jsonl.write(buffer, server.store.nodes(), server.store.relationships())
    return "".join(line for line in buffer.getvalue().splitlines(keepends=True) if '"node":"AuditEvent"' not in line)


async def test_create_then_update_with_versions(server: Server) -> None:
    await small_district(server.store)
    created = (await server.gql(CREATE, {"input": NEW}))["createResource"]
    assert created["userErrors"] == []
    assert created["result"] == {
        "code": "301001/000009", "name": "新建资源", "version": 1, "shareType": "CONDITIONAL",
        "provider": {"code": STATS}, "catalogs": [{"code": "BASE-POPULATION"}],
    }
    changed = (await server.gql(UPDATE, {"code": "301001/000009", "version": 1, "input": {"summary": "摘要", "updateCycle": "MONTHLY", "catalogs": []}}))
    result = changed["updateResource"]["result"]
    assert result == {"code": "301001/000009", "name": "新建资源", "version": 2, "summary": "摘要", "updateCycle": "MONTHLY", "catalogs": []}
    cleared = await server.gql(UPDATE, {"code": "301001/000009", "version": 2, "input": {"summary": None}})
    assert cleared["updateResource"]["result"]["summary"] is None


async def test_a_stale_version_is_a_conflict_and_changes_nothing(server: Server) -> None:
    await small_district(server.store)
    await server.gql(UPDATE, {"code": "101001/000001", "version": 1, "input": {"name": "第一次修改"}})
    before = await export_text(server)
    stale = (await server.gql(UPDATE, {"code": "101001/000001", "version": 1, "input": {"name": "覆盖"}}))["updateResource"]
    assert stale["result"] is None
    assert stale["userErrors"] == [{"field": [], "code": "CONFLICT", "message": "信息资源 101001/000001 当前为第 2 版，而不是第 1 版：请重新读取后再修改"}]
    assert await export_text(server) == before
    audit = await server.gql('{ auditEvents(filter: {action: "updateResource"}) { edges { node { principal subject outcome } } } }')
    assert [e["node"] for e in audit["auditEvents"]["edges"]] == [
        {"principal": "eic@test", "subject": "Resource:101001/000001", "outcome": "OK"},
        {"principal": "eic@test", "subject": "Resource:101001/000001", "outcome": "CONFLICT"},
    ]


@pytest.mark.parametrize(
    ("input", "field", "code", "reason"),
    [
        pytest.param({**NEW, "code": "ABC"}, ["input", "code"], "INVALID_DATA", "不是信息资源代码", id="bad-code"),
        pytest.param({k: v for k, v in NEW.items() if k != "name"}, ["input", "name"], "INVALID_DATA", "必须填写", id="missing-name"),
        pytest.param({**NEW, "provider": "SJS-NOBODY"}, ["input", "provider"], "INVALID_DATA", "没有代码为「SJS-NOBODY」的部门", id="unknown-provider"),
        pytest.param({**NEW, "catalogs": ["NOPE"]}, ["input", "catalogs"], "INVALID_DATA", "没有代码为「NOPE」的目录", id="unknown-catalog"),
        pytest.param({**NEW, "code": "101001/000001"}, [], "CONFLICT", "已存在", id="existing-code"),
    ],
)
async def test_bad_creates_are_user_errors(server: Server, input: dict[str, Any], field: list[str], code: str, reason: str) -> None:
    await small_district(server.store)
    before = await export_text(server)
    payload = (await server.gql(CREATE, {"input": input}))["createResource"]
    assert payload["result"] is None
    error = payload["userErrors"][0]
    assert error["field"] == field and error["code"] == code and reason in error["message"], error
    assert await export_text(server) == before


async def test_every_bad_field_is_its_own_user_error(server: Server) -> None:
    await small_district(server.store)
    before = await export_text(server)
    bad = {"code": "ABC", "name": " ", "shareType": "CONDITIONAL", "summary": "长" * 5000, "publishedAt": "2024-02-30",
           "provider": "SJS-NOBODY", "catalogs": ["NOPE", "BASE-POPULATION", "NOPE-2"], "heldBy": ["SJS-NONE"]}
    payload = (await server.gql(CREATE, {"input": bad}, expect_errors=True))
    if "errors" in payload:  # the date is refused by GraphQL itself, before anything runs
        bad.pop("publishedAt")
        payload = await server.gql(CREATE, {"input": bad})
    else:
        payload = payload["data"]
    errors = payload["createResource"]["userErrors"]
    assert [e["field"] for e in errors] == [
        ["input", "code"], ["input", "name"], ["input", "summary"],
        ["input", "provider"], ["input", "catalogs"], ["input", "catalogs"], ["input", "heldBy"],
    ], errors
    assert {e["code"] for e in errors} == {"INVALID_DATA"}
    assert errors[3]["message"] == "没有代码为「SJS-NOBODY」的部门" and errors[5]["message"] == "没有代码为「NOPE-2」的目录"
    assert errors[6]["message"] == "没有代码为「SJS-NONE」的信息系统"
    english = (await server.gql(CREATE, {"input": bad}, language="en"))["createResource"]["userErrors"]
    assert english[3]["message"] == "no department has the code 'SJS-NOBODY'"
    assert await export_text(server) == before


async def test_graphql_rejects_an_unknown_enum_before_anything_runs(server: Server) -> None:
    body = await server.gql(CREATE, {"input": {**NEW, "shareType": "MAYBE"}}, expect_errors=True)
    assert "data" not in body and "MAYBE" in body["errors"][0]["message"]


async def test_retire_leaves_the_share_catalog_but_keeps_the_resource(server: Server) -> None:
    await small_district(server.store)
    retired = await server.gql('mutation { retireResource(code: "101001/000001", version: 1) { result { status version } userErrors { code } } }')
    assert retired["retireResource"]["result"] == {"status": "RETIRED", "version": 2}
    share = await server.gql("{ shareCatalog(first: 50) { edges { node { code } } } }")
    assert "101001/000001" not in [e["node"]["code"] for e in share["shareCatalog"]["edges"]]
    assert (await server.gql('{ resource(code: "101001/000001") { status } }'))["resource"]["status"] == "RETIRED"


async def test_items_add_update_remove(server: Server) -> None:
    await small_district(server.store)
    added = await server.gql('mutation { addDataItem(resource: "101001/000001", input: {name: "住址", personal: true}) { result { code version personal } userErrors { code } } }')
    assert added["addDataItem"]["result"] == {"code": "101001/000001#住址", "version": 1, "personal": True}
    again = await server.gql('mutation { addDataItem(resource: "101001/000001", input: {name: "住址"}) { result { code } userErrors { code } } }')
    assert again["addDataItem"]["userErrors"] == [{"code": "CONFLICT"}]
    updated = await server.gql('mutation { updateDataItem(code: "101001/000001#住址", version: 1, input: {desensitised: true}) { result { version desensitised } } }')
    assert updated["updateDataItem"]["result"] == {"version": 2, "desensitised": True}
    removed = await server.gql('mutation { removeDataItem(code: "101001/000001#住址", version: 2) { result { code } userErrors { code } } }')
    assert removed["removeDataItem"] == {"result": {"code": "101001/000001#住址"}, "userErrors": []}
    items = await server.gql('{ resource(code: "101001/000001") { items { name } } }')
    assert [i["name"] for i in items["resource"]["items"]] == ["公民身份号码", "姓名"]
    missing = await server.gql('mutation { addDataItem(resource: "999999/000001", input: {name: "x"}) { userErrors { code } } }')
    assert missing["addDataItem"]["userErrors"] == [{"code": "NOT_FOUND"}]


async def test_systems_catalogs_and_departments(server: Server) -> None:
    await small_district(server.store)
    system = await server.gql(
        'mutation { createSystem(input: {code: "SJS-TJ-NEW", name: "新系统", hosting: GOVERNMENT_CLOUD, protectionLevel: 2, operator: "SJS-TJJ"})'
        " { result { code version operator { code } } userErrors { field message } } }"
    )
    assert system["createSystem"] == {"result": {"code": "SJS-TJ-NEW", "version": 1, "operator": {"code": STATS}}, "userErrors": []}
    bad = await server.gql('mutation { updateSystem(code: "SJS-TJ-NEW", version: 1, input: {protectionLevel: 9}) { userErrors { field message } } }')
    assert bad["updateSystem"]["userErrors"][0]["field"] == ["input", "protectionLevel"]
    catalog = await server.gql('mutation { createCatalog(input: {code: "DEPT-SJS-TJJ", name: "统计局目录", kind: DEPARTMENT, maintainer: "SJS-TJJ"}) { result { maintainer { code } } } }')
    assert catalog["createCatalog"]["result"] == {"maintainer": {"code": STATS}}
    department = await server.gql(f'mutation {{ updateDepartment(code: "{POLICE}", version: 1, input: {{shortName: "公安分局"}}) {{ result {{ shortName securityExempt version }} }} }}')
    assert department["updateDepartment"]["result"] == {"shortName": "公安分局", "securityExempt": True, "version": 2}


async def test_mutations_are_post_only(server: Server) -> None:
    response = await server.client.get("/graphql", params={"query": 'mutation { retireResource(code: "1/1", version: 1) { userErrors { code } } }'})
    assert response.status_code == 405


async def test_a_refusal_names_the_departments_and_the_resource_not_their_codes(server: Server) -> None:
    from graph.access import Principal, Role

    await small_district(server.store)
    stats_admin = Principal(STATS, frozenset({Role.DEPARTMENT_ADMIN}), "stats-admin")
    variables = {"code": "101001/000001", "version": 1, "input": {"summary": "改"}}
    refused = (await server.gql(UPDATE, variables, principal=stats_admin))["updateResource"]["userErrors"]
    assert refused == [{"field": [], "code": "FORBIDDEN", "message": "信息资源「人口基础信息」属于区公安分局，不属于区统计局（Art.9）"}]
    assign = (await server.gql(CREATE, {"input": {**NEW, "provider": POLICE}}, principal=stats_admin))["createResource"]["userErrors"]
    assert assign[0]["message"] == "部门管理员不能把信息资源划给其他部门（区公安分局）"
    english = (await server.gql(UPDATE, variables, principal=stats_admin, language="en"))["updateResource"]["userErrors"]
    assert english[0]["message"] == "the information resource 「人口基础信息」 belongs to 区公安分局, not to 区统计局 (Art.9)"

"""`POST /api/v1/load` and `/api/v1/import` over HTTP on each store: catalog files and exports
written through the service with the command line's checks and messages, all-or-nothing, size-capped,
by department admins (their own catalog) and the EIC, every attempt audited (Art.9, Art.29)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from graph.access import Principal, Role
from graph.labels import Label
from graph.records import PageQuery
from graph.store import GraphStore
from tests.api.conftest import EIC, Server, serve
from tests.builders import export_text, small_district
from tests.conftest import ROOT

DATA = ROOT / "tests" / "data"
TJJ_ADMIN = Principal("SJS-TJJ", frozenset({Role.DEPARTMENT_ADMIN}), "admin@tjj")
TJJ_USER = Principal("SJS-TJJ", frozenset({Role.DEPARTMENT_USER}), "user@tjj")
HEADER = "信息资源分类,信息资源名称,信息资源代码,信息资源提供方,信息资源提供方代码,信息项名称,数据类型,共享类型,更新周期,关联资源代码\n"
TJJ_CATALOG = HEADER + (
    "部门,统计年鉴,301001/000020,北京市石景山区统计局,SJS-TJJ,指标名称,C,无条件共享,每年,\n"
    "部门,统计年鉴,301001/000020,北京市石景山区统计局,SJS-TJJ,指标值,N,无条件共享,每年,\n"
)
# Row 2 is the statistics bureau's; row 3 would change a resource of the police.
MIXED_CATALOG = TJJ_CATALOG + "部门,户籍人口基本信息,101001/000001,北京市石景山区公安分局,111101070000000128,姓名,C,有条件共享,每日,\n"
BROKEN_CATALOG = HEADER + (
    "部门,统计年鉴,301001/000020,北京市石景山区统计局,SJS-TJJ,指标名称,C,无条件共享,每刻,\n"
    "部门,统计公报,301001/000021,北京市石景山区统计局,SJS-TJJ,指标值,X,随便共享,每年,\n"
)


@pytest.fixture
async def district(store: GraphStore) -> AsyncIterator[Server]:
    await small_district(store)
    async for running in serve(store, max_load_bytes=64 * 1024):
        yield running


async def graph_text(store: GraphStore) -> str:
    """The export without the audit trail, which records refused attempts too."""
    return "".join(line for line in (await export_text(store)).splitlines(keepends=True) if '"node":"AuditEvent"' not in line)


async def send(server: Server, path: str, name: str, body: bytes, principal: Principal = EIC, **headers: str) -> httpx.Response:
    return await server.client.post(path, params={"name": name}, content=body, headers={**server.headers(principal), **headers})


async def audit(server: Server) -> list[dict[str, Any]]:
    events = await server.gql("{ auditEvents(first: 100) { edges { node { principal action subject outcome } } } }")
    return [e["node"] for e in events["auditEvents"]["edges"] if e["node"]["action"].startswith(("loadFile", "importExport"))]


async def test_the_eic_loads_the_national_template_as_the_command_line_does(district: Server) -> None:
    response = await send(district, "/api/v1/load", "catalog-national.csv", (DATA / "catalog-national.csv").read_bytes())
    assert response.status_code == 201, response.text
    report = response.json()
    assert report["source"] == "catalog-national.csv" and report["nodes"]["Resource"] == 4
    assert (await district.store.get(Label.RESOURCE, "201001/000001")) is not None
    events = await audit(district)
    assert {"principal": "eic@test", "action": "loadFile catalog-national.csv", "subject": "Resource:201001/000001", "outcome": "OK"} in events


async def test_a_broken_file_lists_every_problem_in_chinese_and_writes_nothing(district: Server) -> None:
    before = await graph_text(district.store)
    response = await send(district, "/api/v1/load", "年度目录.csv", BROKEN_CATALOG.encode("utf-8"))
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "INVALID_DATA"
    places = {(p["where"], p["field"]) for p in error["problems"]}
    assert {("年度目录.csv:2", "更新周期"), ("年度目录.csv:3", "数据类型"), ("年度目录.csv:3", "共享类型")} <= places
    assert any("「每刻」不是可识别的取值" in p["reason"] for p in error["problems"])
    assert await graph_text(district.store) == before
    assert [e["outcome"] for e in await audit(district)] == ["INVALID_DATA"]


async def test_messages_in_english_on_request(district: Server) -> None:
    response = await send(district, "/api/v1/load", "catalog.csv", BROKEN_CATALOG.encode("utf-8"), **{"Accept-Language": "en"})
    assert response.status_code == 400
    reasons = [p["reason"] for p in response.json()["error"]["problems"]]
    assert "「每刻」 is not a known term (accepted: 实时, 每日, 每周, 每月, 每季度, 每半年, 每年, 其他)" in reasons or any("is not a known term" in r for r in reasons), reasons


async def test_a_district_file_in_yaml_and_an_unknown_kind(district: Server) -> None:
    yaml = b"govgraph: district/1\ndepartments:\n  - {code: SJS-NEW, name: \xe6\x96\xb0\xe9\x83\xa8\xe9\x97\xa8}\n"
    assert (await send(district, "/api/v1/load", "new.yaml", yaml)).status_code == 201
    assert (await district.store.get(Label.DEPARTMENT, "SJS-NEW")) is not None
    unknown = await send(district, "/api/v1/load", "catalog.xlsx", b"PK\x03\x04")
    assert unknown.status_code == 400 and "无法识别的文件类型「.xlsx」" in unknown.json()["error"]["problems"][0]["reason"]
    unnamed = await district.client.post("/api/v1/load", content=b"x", headers=district.headers())
    assert unnamed.status_code == 400 and unnamed.json()["error"]["code"] == "INVALID_ARGUMENT"


async def chunks(total: int) -> AsyncIterator[bytes]:
    yield HEADER.encode("utf-8")
    for _ in range(total // 1024):
        yield b"#" * 1024


async def test_a_file_over_the_cap_is_refused_before_it_is_read(district: Server) -> None:
    before = await graph_text(district.store)
    sized = await send(district, "/api/v1/load", "big.csv", HEADER.encode("utf-8") + b"x" * (64 * 1024))
    assert sized.status_code == 413 and "65,536" in sized.json()["error"]["message"]
    streamed = await district.client.post("/api/v1/load", params={"name": "big.csv"}, content=chunks(200 * 1024), headers=district.headers())
    assert streamed.status_code == 413  # a chunked body announces no length: counted as it comes
    assert await graph_text(district.store) == before


async def test_who_may_load(district: Server) -> None:
    body = TJJ_CATALOG.encode("utf-8")
    public = await district.client.post("/api/v1/load", params={"name": "c.csv"}, content=body)
    assert public.status_code == 401 and public.json()["error"]["code"] == "UNAUTHENTICATED"
    user = await send(district, "/api/v1/load", "c.csv", body, TJJ_USER)
    assert user.status_code == 403 and user.json()["error"]["code"] == "FORBIDDEN"
    bad_token = await district.client.post("/api/v1/load", params={"name": "c.csv"}, content=body, headers={"Authorization": "Bearer nope"})
    assert bad_token.status_code == 401
    stale_operator = await district.client.post("/api/v1/load", params={"name": "c.csv"}, content=body, headers={"X-Govgraph-Operator": "guess"})
    assert stale_operator.status_code in (401, 403)  # no operator key here: a bearer token is needed


async def test_a_department_admin_loads_its_own_catalog_and_nothing_of_another(district: Server) -> None:
    mine = await send(district, "/api/v1/load", "tjj.csv", TJJ_CATALOG.encode("utf-8"), TJJ_ADMIN)
    assert mine.status_code == 201, mine.text
    assert (await district.store.get(Label.DATA_ITEM, "301001/000020#指标值")) is not None
    before = await graph_text(district.store)
    mixed = await send(district, "/api/v1/load", "mixed.csv", MIXED_CATALOG.encode("utf-8"), TJJ_ADMIN)
    assert mixed.status_code == 403, mixed.text
    error = mixed.json()["error"]
    assert error["code"] == "FORBIDDEN" and "未写入任何内容" in error["message"]
    assert {p["where"] for p in error["problems"]} == {"mixed.csv:4"}
    assert all(p["code"] == "FORBIDDEN" for p in error["problems"])
    assert await graph_text(district.store) == before
    outcomes = [(e["principal"], e["outcome"]) for e in await audit(district)]
    assert ("admin@tjj", "OK") in outcomes and ("admin@tjj", "FORBIDDEN") in outcomes


async def test_a_department_admin_may_not_load_what_only_the_eic_loads(district: Server) -> None:
    yaml = "govgraph: district/1\nconsumers:\n  - {code: C-TJJ-2, name: 统计分析, kind: DEPARTMENT_SYSTEM, acts_for: SJS-TJJ}\n"
    refused = await send(district, "/api/v1/load", "consumers.yaml", yaml.encode("utf-8"), TJJ_ADMIN)
    assert refused.status_code == 403
    assert "区经济信息化委" in refused.json()["error"]["problems"][0]["reason"]
    assert (await district.store.get(Label.CONSUMER, "C-TJJ-2")) is None


async def test_the_eic_imports_an_export_all_or_nothing(district: Server) -> None:
    exported = await export_text(district.store)
    one = next(line for line in exported.splitlines() if line.startswith('{"key":"101001/000001","node":"Resource"'))
    added = (exported + one.replace("101001/000001", "101001/000099") + "\n").encode("utf-8")  # one resource more
    before = (await district.store.page(PageQuery(Label.RESOURCE))).total
    admin = await send(district, "/api/v1/import", "graph.jsonl", added, TJJ_ADMIN)
    assert admin.status_code == 403
    broken = added + b'{"node": "Resource", "key": "x"\n'  # its last line is cut short
    refused = await send(district, "/api/v1/import", "graph.jsonl", broken)
    assert refused.status_code == 400 and refused.json()["error"]["problems"][0]["where"].startswith("graph.jsonl:")
    assert (await district.store.page(PageQuery(Label.RESOURCE))).total == before
    imported = await send(district, "/api/v1/import", "graph.jsonl", added)
    assert imported.status_code == 201 and imported.json()["records"] > 10
    assert (await district.store.page(PageQuery(Label.RESOURCE))).total == before + 1
    assert [e["outcome"] for e in await audit(district) if e["action"].startswith("importExport")] == ["FORBIDDEN", "INVALID_DATA", "OK"]

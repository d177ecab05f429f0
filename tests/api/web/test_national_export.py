"""`GET /api/v1/export/national-csv`: a catalog table's selection as the national template, over real HTTP
on both stores, as a department, the EIC and the public see it (Art.18, Art.21–24)."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator
from urllib.parse import unquote

import httpx
import pytest

from graph.access import Principal, Role
from graph.changes import Changes
from graph.labels import Label, RelType
from graph.records import NodeRef
from graph.store import GraphStore
from lineage.clock import today
from loaders.national_csv import CODE, ITEM, parse_national_csv
from tests.api.conftest import EIC, PUBLIC, Server, serve
from tests.builders import POLICE, STATS, dept, item, res, resource_props

PATH = "/api/v1/export/national-csv"
CIVIL = "SJS-MZJ"
POLICE_USER = Principal(POLICE, frozenset({Role.DEPARTMENT_USER}), "police@test")
CIVIL_USER = Principal(CIVIL, frozenset({Role.DEPARTMENT_USER}), "civil@test")
STATS_USER = Principal(STATS, frozenset({Role.DEPARTMENT_USER}), "stats@test")


async def district(store: GraphStore) -> None:
    """The statistics bureau's four resources in its catalog, one of them used by the civil affairs bureau.

    301001/000001 年度统计: unconditional, open, a count and a raw citizen ID item
    301001/000002 企业名录: conditional (the civil affairs bureau holds a granted use), not open, two items
    301001/000003 内部台账: not shared, one item
    301001/000004 人口抽样: conditional, no use granted, one item
    """
    c = Changes()
    c.upsert_node(Label.DEPARTMENT, {"code": STATS, "name": "区统计局"})
    c.upsert_node(Label.DEPARTMENT, {"code": POLICE, "name": "区公安分局"})
    c.upsert_node(Label.DEPARTMENT, {"code": CIVIL, "name": "区民政局"})
    c.upsert_node(Label.CATALOG, {"code": "DEPT-SJS-TJJ", "name": "区统计局信息资源目录", "kind": "DEPARTMENT"})
    resources = [
        ("301001/000001", "年度统计", {"open_type": "UNCONDITIONAL", "update_cycle": "YEARLY"}),
        ("301001/000002", "企业名录", {"share_type": "CONDITIONAL", "share_condition": "仅限依职责使用", "update_cycle": "MONTHLY"}),
        ("301001/000003", "内部台账", {"share_type": "NOT_SHARED", "legal_basis": "《统计法》第二十五条"}),
        ("301001/000004", "人口抽样", {"share_type": "CONDITIONAL", "share_condition": "仅限统计用途", "update_cycle": "YEARLY"}),
    ]
    for code, name, extra in resources:
        c.upsert_node(Label.RESOURCE, resource_props(code, name, **{"classification": "部门", **extra}))
        c.upsert_relationship(RelType.PROVIDES, dept(STATS), res(code))
        c.upsert_relationship(RelType.LISTED_IN, res(code), NodeRef(Label.CATALOG, "DEPT-SJS-TJJ"))
    items: list[tuple[str, str, dict[str, object]]] = [
        ("301001/000001", "年末常住人口", {"data_type": "INTEGER"}),
        ("301001/000001", "公民身份号码", {"identifier_kind": "CITIZEN_ID", "personal": True}),
        ("301001/000002", "企业名称", {}),
        ("301001/000002", "统一社会信用代码", {"identifier_kind": "CREDIT_CODE"}),
        ("301001/000003", "台账编号", {}),
        ("301001/000004", "样本编号", {}),
    ]
    for resource, name, more in items:
        code = f"{resource}#{name}"
        c.upsert_node(Label.DATA_ITEM, {"code": code, "name": name, **more})
        c.upsert_relationship(RelType.HAS_ITEM, res(resource), item(code))
    c.upsert_node(Label.CONSUMER, {"code": "SJS-MZJ-APP", "name": "民政业务系统", "kind": "DEPARTMENT_SYSTEM"})
    c.upsert_relationship(RelType.ACTS_FOR, NodeRef(Label.CONSUMER, "SJS-MZJ-APP"), dept(CIVIL))
    c.upsert_node(Label.USE, {"id": "USE-1", "purpose": "低保核对", "status": "GRANTED", "requested_at": "2024-01-02"})
    c.upsert_relationship(RelType.REQUESTS, NodeRef(Label.CONSUMER, "SJS-MZJ-APP"), NodeRef(Label.USE, "USE-1"))
    c.upsert_relationship(RelType.OF, NodeRef(Label.USE, "USE-1"), res("301001/000002"))
    await store.apply(c)


@pytest.fixture
async def exporting(store: GraphStore) -> AsyncIterator[Server]:
    await district(store)
    async for running in serve(store):
        yield running


async def export(server: Server, principal: Principal, **params: str | list[str]) -> httpx.Response:
    return await server.client.get(PATH, params=params, headers=server.headers(principal))


def rows(response: httpx.Response) -> dict[str, list[str]]:
    """The file's items per resource code (a resource without items has [""])."""
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.content.startswith("\ufeff".encode())
    plan = parse_national_csv(response.content, "export.csv")
    assert not plan.problems.problems, plan.problems.problems  # the file loads back as it is
    found: dict[str, list[str]] = {}
    for row in csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"), newline="")):
        found.setdefault(row[CODE], []).append(row[ITEM])
    assert int(response.headers["x-export-resources"]) == len(found)
    assert int(response.headers["x-export-rows"]) == sum(len(v) for v in found.values())
    return found


async def test_a_department_exports_the_share_catalog_without_the_items_of_a_conditional_resource_it_has_no_use_of_art24(exporting: Server) -> None:
    found = rows(await export(exporting, POLICE_USER, view="share"))
    assert found == {
        "301001/000001": ["公民身份号码", "年末常住人口"],
        "301001/000002": [""],  # Art.24: conditional, no granted use: the resource's row, no item
        "301001/000004": [""],
    }


async def test_a_department_with_a_granted_use_exports_that_resources_items_art24(exporting: Server) -> None:
    found = rows(await export(exporting, CIVIL_USER, view="share"))
    assert found["301001/000002"] == ["企业名称", "统一社会信用代码"]
    assert found["301001/000004"] == [""]


async def test_the_provider_exports_its_own_not_shared_resource_and_every_item_art18(exporting: Server) -> None:
    found = rows(await export(exporting, STATS_USER, catalog="DEPT-SJS-TJJ"))
    assert found == {
        "301001/000001": ["公民身份号码", "年末常住人口"],
        "301001/000002": ["企业名称", "统一社会信用代码"],
        "301001/000003": ["台账编号"],
        "301001/000004": ["样本编号"],
    }


async def test_another_department_exports_a_catalog_without_the_not_shared_resource_art18(exporting: Server) -> None:
    found = rows(await export(exporting, POLICE_USER, catalog="DEPT-SJS-TJJ"))
    assert "301001/000003" not in found and set(found) == {"301001/000001", "301001/000002", "301001/000004"}


async def test_the_eic_exports_everything_it_sees(exporting: Server) -> None:
    found = rows(await export(exporting, EIC))
    assert len(found) == 4 and found["301001/000004"] == ["样本编号"]


async def test_the_public_exports_only_the_open_catalog_and_no_personal_item_art21_23(exporting: Server) -> None:
    for view in ("open", "share", "resources"):
        found = rows(await export(exporting, PUBLIC, view=view))
        assert found == {"301001/000001": ["年末常住人口"]}, view


async def test_the_filters_narrow_the_export_as_they_narrow_the_table(exporting: Server) -> None:
    assert set(rows(await export(exporting, EIC, view="share", shareType="CONDITIONAL"))) == {"301001/000002", "301001/000004"}
    assert set(rows(await export(exporting, EIC, view="share", shareType=["CONDITIONAL"], updateCycle="YEARLY"))) == {"301001/000004"}
    assert set(rows(await export(exporting, EIC, view="share", shareType="UNCONDITIONAL,CONDITIONAL", text="人口"))) == {"301001/000004"}
    assert set(rows(await export(exporting, EIC, provider=STATS, openType="UNCONDITIONAL"))) == {"301001/000001"}
    # The header only, when nothing matches.
    empty = await export(exporting, EIC, view="share", text="没有这样的资源")
    assert empty.status_code == 200 and empty.headers["x-export-rows"] == "0"


async def test_the_file_is_named_in_chinese_with_chinas_date(exporting: Server) -> None:
    response = await export(exporting, EIC, view="share")
    disposition = response.headers["content-disposition"]
    assert disposition.startswith("attachment; filename=")
    name = unquote(disposition.split("filename*=UTF-8''", 1)[1])
    assert name == f"共享目录-{today().isoformat()}.csv"
    catalog = await export(exporting, EIC, catalog="DEPT-SJS-TJJ")
    assert unquote(catalog.headers["content-disposition"].split("''", 1)[1]) == f"区统计局信息资源目录-{today().isoformat()}.csv"


@pytest.mark.parametrize(
    ("params", "said"),
    [
        ({"view": "everything"}, "view"),
        ({"shareType": "SOMETIMES"}, "shareType"),
        ({"updateCycle": "每日,偶尔"}, "updateCycle"),
        ({"text": "x" * 10_240}, "text"),  # 10 KB
        ({"text": "户籍\x00人口"}, "控制字符"),
        ({"catalog": "X" * 200}, "catalog"),
        ({"aggregated": "maybe"}, "aggregated"),
        ({"colour": "red"}, "colour"),
        ({"view": ["share", "open"]}, "view"),
        ({"shareType": ",".join(["CONDITIONAL"] * 21)}, "shareType"),
    ],
)
async def test_bad_parameters_are_refused_in_chinese_naming_the_parameter(exporting: Server, params: dict[str, str | list[str]], said: str) -> None:
    response = await export(exporting, EIC, **params)
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert error["code"] == "INVALID_ARGUMENT"
    assert said in error["message"] and any("\u4e00" <= c <= "\u9fff" for c in error["message"]), error["message"]


async def test_a_refused_token_is_401_and_says_why(exporting: Server) -> None:
    response = await exporting.client.get(PATH, headers={"Authorization": "Bearer not-a-token"})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "UNAUTHENTICATED"


async def test_a_selection_over_the_cap_is_refused_before_the_work(store: GraphStore) -> None:
    await district(store)
    async for server in serve(store, max_export_resources=2):
        response = await export(server, EIC)
        assert response.status_code == 400
        message = response.json()["error"]["message"]
        assert "4" in message and "2" in message, message
        assert (await export(server, EIC, view="share", shareType="CONDITIONAL")).status_code == 200

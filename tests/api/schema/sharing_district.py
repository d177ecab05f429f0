"""A small district for the sharing scenarios, the principals who act in it, and a fixed clock.

    区统计局 (STATS) provides 301001/000001 常住人口统计 (unconditional) and 301001/000002 流动人口统计
      (conditional, items 姓名 现住址 联系电话); 302001/000001 社区人口台账 (civil affairs) derives from it,
      and an open portal publishes it.
    区公安分局 (POLICE) provides 101001/000001 人口基础信息 (conditional, listed in the base catalog),
      101002/000001 案件信息 (not shared, with a legal basis) and 101002/000002 内部人员信息 (not shared, none).
    区民政局 (CIVIL) consumes through C-MZ-APP (its system SJS-MZ-SQ); 八宝山街道 (STREET) through C-BYS-APP.
    区编办 (STAFFING) has the staffing-office role.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest

from graph.access import Principal, Role
from graph.changes import Changes
from graph.labels import Label, RelType
from graph.records import NodeRef
from graph.store import GraphStore
from lineage import clock
from tests.api.conftest import EIC, Server
from tests.builders import dept, item, res

STATS, POLICE, CIVIL, STREET, STAFFING, LEADING, EIC_CODE = "SJS-TJJ", "SJS-GAFJ", "SJS-MZJ", "SJS-BYS", "SJS-BB", "SJS-LDXZ", "SJS-EIC"
UNCONDITIONAL, CONDITIONAL, BASE_CONDITIONAL = "301001/000001", "301001/000002", "101001/000001"
NOT_SHARED, NOT_SHARED_NO_BASIS, DERIVED = "101002/000001", "101002/000002", "302001/000001"
CONSUMER, STREET_CONSUMER = "C-MZ-APP", "C-BYS-APP"
LEGAL_BASIS = "《中华人民共和国刑事诉讼法》第一百五十二条"

CIVIL_USER = Principal(CIVIL, frozenset({Role.DEPARTMENT_USER}), "user@mzj")
CIVIL_ADMIN = Principal(CIVIL, frozenset({Role.DEPARTMENT_ADMIN}), "admin@mzj")
STATS_ADMIN = Principal(STATS, frozenset({Role.DEPARTMENT_ADMIN}), "admin@tjj")
STATS_USER = Principal(STATS, frozenset({Role.DEPARTMENT_USER}), "user@tjj")
POLICE_ADMIN = Principal(POLICE, frozenset({Role.DEPARTMENT_ADMIN}), "admin@gafj")
STREET_ADMIN = Principal(STREET, frozenset({Role.DEPARTMENT_ADMIN}), "admin@bys")
STAFFING_ADMIN = Principal(STAFFING, frozenset({Role.DEPARTMENT_ADMIN}), "admin@bb")
LEADING_GROUP = Principal(LEADING, frozenset({Role.LEADING_GROUP}), "lg@test")


async def sharing_district(store: GraphStore) -> None:
    c = Changes()
    departments = [
        (EIC_CODE, "北京市石景山区经济和信息化委员会", "区经济信息化委", ["EIC", "LEADING_GROUP_OFFICE"]),
        (STATS, "北京市石景山区统计局", "区统计局", []),
        (POLICE, "北京市公安局石景山分局", "区公安分局", []),
        (CIVIL, "北京市石景山区民政局", "区民政局", []),
        (STREET, "石景山区八宝山街道办事处", None, []),
        (STAFFING, "中共北京市石景山区委机构编制委员会办公室", "区编办", ["STAFFING_OFFICE"]),
        (LEADING, "石景山区信息化工作领导小组", None, ["LEADING_GROUP"]),
    ]
    for code, name, short, roles in departments:
        props: dict[str, Any] = {"code": code, "name": name, "roles": roles}
        if short:
            props["short_name"] = short
        c.upsert_node(Label.DEPARTMENT, props)
    c.upsert_node(Label.CATALOG, {"code": "BASE-POPULATION", "name": "人口基础信息资源目录", "kind": "BASE", "theme": "POPULATION"})
    c.upsert_node(Label.CATALOG, {"code": "DEPT-TJJ", "name": "区统计局部门目录", "kind": "DEPARTMENT"})
    c.upsert_relationship(RelType.MAINTAINS, dept(STATS), NodeRef(Label.CATALOG, "DEPT-TJJ"))
    resources = [
        (UNCONDITIONAL, "常住人口统计", "UNCONDITIONAL", STATS, {}),
        (CONDITIONAL, "流动人口统计", "CONDITIONAL", STATS, {"share_condition": "仅限承担人口服务管理职责的部门"}),
        (BASE_CONDITIONAL, "人口基础信息", "CONDITIONAL", POLICE, {}),
        (NOT_SHARED, "案件信息", "NOT_SHARED", POLICE, {"legal_basis": LEGAL_BASIS}),
        (NOT_SHARED_NO_BASIS, "内部人员信息", "NOT_SHARED", POLICE, {}),
        (DERIVED, "社区人口台账", "UNCONDITIONAL", CIVIL, {}),
        ("301001/000009", "新编人口专题数据", "UNCONDITIONAL", STATS, {}),
    ]
    for code, name, share, provider, extra in resources:
        c.upsert_node(Label.RESOURCE, {"code": code, "name": name, "share_type": share, **extra})
        c.upsert_relationship(RelType.PROVIDES, dept(provider), res(code))
    c.upsert_relationship(RelType.LISTED_IN, res(BASE_CONDITIONAL), NodeRef(Label.CATALOG, "BASE-POPULATION"))
    for code in (UNCONDITIONAL, CONDITIONAL, "301001/000009"):
        c.upsert_relationship(RelType.LISTED_IN, res(code), NodeRef(Label.CATALOG, "DEPT-TJJ"))
    for name in ("姓名", "现住址", "联系电话"):
        key = f"{CONDITIONAL}#{name}"
        c.upsert_node(Label.DATA_ITEM, {"code": key, "name": name, "personal": True})
        c.upsert_relationship(RelType.HAS_ITEM, res(CONDITIONAL), item(key))
    c.upsert_relationship(RelType.DERIVED_FROM, res(DERIVED), res(CONDITIONAL), {"transform": "按社区整理"})
    c.upsert_node(Label.PLATFORM, {"code": "SJS-PORTAL", "name": "区政务门户", "kind": "OPEN_PORTAL"})
    c.upsert_relationship(RelType.PUBLISHED_ON, res(UNCONDITIONAL), NodeRef(Label.PLATFORM, "SJS-PORTAL"))
    c.upsert_node(Label.SYSTEM, {"code": "SJS-MZ-SQ", "name": "社区服务系统", "hosting": "GOVERNMENT_CLOUD", "protection_level": 2})
    c.upsert_relationship(RelType.OPERATES, dept(CIVIL), NodeRef(Label.SYSTEM, "SJS-MZ-SQ"))
    for code, name, acts_for in ((CONSUMER, "民政社区服务系统", CIVIL), (STREET_CONSUMER, "八宝山街道网格系统", STREET)):
        c.upsert_node(Label.CONSUMER, {"code": code, "name": name, "kind": "DEPARTMENT_SYSTEM"})
        c.upsert_relationship(RelType.ACTS_FOR, NodeRef(Label.CONSUMER, code), dept(acts_for))
    c.upsert_node(Label.CONSUMER, {"code": "C-APP-PUBLIC", "name": "便民地图", "kind": "PUBLIC_APPLICATION"})
    await store.apply(c)


@pytest.fixture
def today(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Fix the service's date: `today(date(2025, 1, 24))`; every act is then dated that day, 10:00 in Beijing."""

    def set_to(day: date) -> None:
        monkeypatch.setattr(clock, "now", lambda: datetime(day.year, day.month, day.day, 10, 0, tzinfo=clock.CHINA))

    set_to(date(2025, 3, 3))
    return set_to


USE_FIELDS = "useId version status purpose dutyBasis items requestedAt replyDue grantedAt expiresAt decisionReason citationPermitted history { action from to by department roles note }"

REQUEST = """mutation($consumer: String!, $resource: String!, $purpose: String!, $dutyBasis: String!, $items: [String!], $via: String) {
  requestUse(consumer: $consumer, resource: $resource, purpose: $purpose, dutyBasis: $dutyBasis, items: $items, via: $via) {
    result { %s via { code } }
    userErrors { field message code }
  }
}""" % USE_FIELDS

APPROVE = """mutation($id: String!, $version: Int!, $scope: UseScope) {
  approveUse(id: $id, version: $version, scope: $scope) { result { %s } userErrors { field message code } }
}""" % USE_FIELDS
REFUSE = """mutation($id: String!, $version: Int!, $reason: String!) {
  refuseUse(id: $id, version: $version, reason: $reason) { result { %s } userErrors { field message code } }
}""" % USE_FIELDS
ESCALATE = """mutation($id: String!, $version: Int!, $note: String) {
  escalateUse(id: $id, version: $version, note: $note) { result { %s } userErrors { field message code } }
}""" % USE_FIELDS
REVOKE = """mutation($id: String!, $version: Int!, $reason: String!) {
  revokeUse(id: $id, version: $version, reason: $reason) { result { %s } userErrors { field message code } }
}""" % USE_FIELDS


async def act(server: Server, mutation: str, variables: dict[str, Any], principal: Principal = EIC, language: str | None = None) -> dict[str, Any]:
    """Run a mutation as `principal` (messages in `language`, Chinese by default); returns its payload (`result`, `userErrors`)."""
    data = await server.gql(mutation, variables, principal=principal, language=language)
    payload: dict[str, Any] = next(iter(data.values()))
    return payload


async def ok(server: Server, mutation: str, variables: dict[str, Any], principal: Principal = EIC) -> dict[str, Any]:
    """Run a mutation that must apply; returns its result."""
    payload = await act(server, mutation, variables, principal)
    assert payload["userErrors"] == [], payload["userErrors"]
    result: dict[str, Any] = payload["result"]
    return result


async def refused(
    server: Server, mutation: str, variables: dict[str, Any], principal: Principal = EIC, language: str | None = None
) -> list[dict[str, Any]]:
    """Run a mutation that must not apply; returns its user errors (in `language`, Chinese by default)."""
    payload = await act(server, mutation, variables, principal, language)
    assert payload["result"] is None and payload["userErrors"], payload
    errors: list[dict[str, Any]] = payload["userErrors"]
    return errors


async def request(server: Server, resource: str, purpose: str = "社区流动人口服务管理", **extra: Any) -> dict[str, Any]:
    """The consumer C-MZ-APP asks for `resource` as a user of civil affairs."""
    variables = {"consumer": CONSUMER, "resource": resource, "purpose": purpose, "dutyBasis": "《北京市流动人口服务管理办法》第五条", **extra}
    return await ok(server, REQUEST, variables, CIVIL_USER)



"""The life of a use over HTTP, on both stores, one scenario per article, each walked to its end
(Art.18–20, Art.24): who may act at each step, deadlines in working days, atomic transitions, history."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any

from tests.api.conftest import EIC, Server
from tests.api.schema.sharing_district import (
    APPROVE,
    BASE_CONDITIONAL,
    CIVIL,
    CIVIL_ADMIN,
    CIVIL_USER,
    CONDITIONAL,
    CONSUMER,
    ESCALATE,
    LEADING_GROUP,
    LEGAL_BASIS,
    NOT_SHARED,
    NOT_SHARED_NO_BASIS,
    POLICE_ADMIN,
    REFUSE,
    REQUEST,
    REVOKE,
    STATS,
    STATS_ADMIN,
    STATS_USER,
    STREET_ADMIN,
    UNCONDITIONAL,
    act,
    ok,
    refused,
    request,
    sharing_district,
    today,
)

__all__ = ["today"]

OVERDUE = """query($asOf: Date) {
  overdue(asOf: $asOf) { code department { name } requests { kind article recordId due workingDaysLate message } }
}"""
EXPIRE = """mutation($asOf: Date) { expireUses(asOf: $asOf) { result { asOf uses { useId status history { action to } } } userErrors { message code } } }"""


def steps(use: dict[str, Any]) -> list[tuple[str, str | None, str, str]]:
    return [(h["action"], h["from"], h["to"], h["by"]) for h in use["history"]]


async def test_art19_unconditional_resource_is_granted_at_once(server: Server, today: Any) -> None:
    await sharing_district(server.store)
    today(date(2025, 3, 3))
    use = await request(server, UNCONDITIONAL, items=None, via="SJS-MZ-SQ")
    assert use["status"] == "GRANTED" and use["grantedAt"] == "2025-03-03" and use["replyDue"] is None
    assert use["via"] == {"code": "SJS-MZ-SQ"}
    assert steps(use) == [("requestUse", None, "GRANTED", "user@mzj")]
    assert use["history"][0]["note"].startswith("Art.19: unconditionally shared")
    assert use["history"][0]["department"] == CIVIL and use["history"][0]["roles"] == ["DEPARTMENT_USER"]


async def test_art19_base_catalog_resource_is_granted_at_once_for_a_duty_need(server: Server, today: Any) -> None:
    await sharing_district(server.store)
    use = await request(server, BASE_CONDITIONAL)
    assert use["status"] == "GRANTED"
    assert "Art.19: listed in the base catalog BASE-POPULATION" in use["history"][0]["note"]
    # A duty basis is part of the request (Art.19, Art.24).
    errors = await refused(server, REQUEST, {"consumer": CONSUMER, "resource": BASE_CONDITIONAL, "purpose": "x", "dutyBasis": " "}, CIVIL_USER)
    assert errors == [{"field": ["dutyBasis"], "code": "INVALID_DATA", "message": "必须填写：共享申请须出于履职需要（Art.19、Art.24）"}]


async def test_art18_not_shared_is_refused_at_once_citing_its_legal_basis(server: Server, today: Any) -> None:
    await sharing_district(server.store)
    use = await request(server, NOT_SHARED)
    assert use["status"] == "DENIED"
    assert use["decisionReason"] == f"Art.18: not shared (不予共享); legal basis: {LEGAL_BASIS}"
    # The refusal is the end: there is no negotiation to escalate (Art.18).
    errors = await refused(server, ESCALATE, {"id": use["useId"], "version": use["version"]}, CIVIL_USER)
    assert errors[0]["code"] == "ILLEGAL_TRANSITION"
    assert errors[0]["message"].startswith(f"共享申请 {use['useId']} 当前为已拒绝：escalateUse 不适用：该申请依 Art.18 被拒")
    # Without a legal basis the refusal says so: that is a finding for the provider.
    bare = await request(server, NOT_SHARED_NO_BASIS)
    assert bare["status"] == "DENIED" and "no legal basis is recorded, which Art.18 requires" in bare["decisionReason"]
    # The resource itself stays hidden from the consumer's department (Art.18).
    seen = await server.gql('query($id: String!) { use(id: $id) { status resource { code } } }', {"id": use["useId"]}, principal=CIVIL_USER)
    assert seen["use"] == {"status": "DENIED", "resource": None}


async def test_art20_negotiation_granted_within_its_scope(server: Server, today: Any) -> None:
    await sharing_district(server.store)
    today(date(2025, 1, 24))  # the Friday before the 2025 Spring Festival
    use = await request(server, CONDITIONAL, items=["姓名", "现住址", "联系电话"])
    assert use["status"] == "NEGOTIATING"
    # 10 working days: 28 Jan-4 Feb off, Sunday 26 Jan and Saturday 8 Feb on.
    assert use["replyDue"] == "2025-02-13"
    assert use["history"][0]["note"] == f"Art.20: conditionally shared; {STATS} replies within 10 working days, by 2025-02-13"
    ids = {"id": use["useId"], "version": use["version"]}
    # Only the provider's admin replies: not its users, not the consumer, not the EIC, not another department.
    for who in (STATS_USER, CIVIL_ADMIN, EIC):
        assert (await refused(server, APPROVE, ids, who))[0]["code"] == "FORBIDDEN"
    assert (await refused(server, APPROVE, ids, POLICE_ADMIN))[0]["code"] == "NOT_FOUND"  # not even visible to it
    today(date(2025, 2, 10))
    scope = {"items": ["姓名", "现住址"], "purpose": "社区流动人口服务管理", "expiresAt": "2025-12-31", "citationPermitted": False}
    bad = await refused(server, APPROVE, {**ids, "scope": {**scope, "items": ["身份证号"]}}, STATS_ADMIN)
    assert bad == [{"field": ["scope", "items"], "code": "INVALID_DATA", "message": "不是该信息资源的信息项：身份证号"}]
    granted = await ok(server, APPROVE, {**ids, "scope": scope}, STATS_ADMIN)
    assert (granted["status"], granted["grantedAt"], granted["items"], granted["expiresAt"]) == ("GRANTED", "2025-02-10", ["姓名", "现住址"], "2025-12-31")
    assert steps(granted) == [("requestUse", None, "NEGOTIATING", "user@mzj"), ("approveUse", "NEGOTIATING", "GRANTED", "admin@tjj")]
    assert granted["version"] == use["version"] + 1
    # Acting again on what was read before is a conflict; a granted use is no longer awaiting a reply.
    assert (await refused(server, REFUSE, {**ids, "reason": "晚了"}, STATS_ADMIN))[0]["code"] == "ILLEGAL_TRANSITION"
    again = await refused(server, APPROVE, {"id": use["useId"], "version": granted["version"]}, STATS_ADMIN)
    assert again[0]["code"] == "ILLEGAL_TRANSITION" and again[0]["message"].startswith(f"共享申请 {use['useId']} 当前为已授权：approve")
    # The consumer's department now sees the granted items of the conditional resource (Art.24).
    items = await server.gql('{ resource(code: "%s") { items { name } } }' % CONDITIONAL, principal=CIVIL_USER)
    assert {i["name"] for i in items["resource"]["items"]} == {"姓名", "现住址", "联系电话"}


async def test_art20_refused_then_eic_then_leading_group(server: Server, today: Any) -> None:
    await sharing_district(server.store)
    use = await request(server, CONDITIONAL)
    no = await ok(server, REFUSE, {"id": use["useId"], "version": use["version"], "reason": "申请用途与所列职责依据不符"}, STATS_ADMIN)
    assert no["status"] == "DENIED" and no["decisionReason"] == "申请用途与所列职责依据不符"
    # The provider cannot escalate for the consumer; the consumer's department can.
    ids = {"id": use["useId"], "version": no["version"]}
    assert (await refused(server, ESCALATE, ids, STATS_ADMIN))[0]["code"] == "FORBIDDEN"
    at_eic = await ok(server, ESCALATE, ids, CIVIL_USER)
    assert at_eic["status"] == "ESCALATED_TO_EIC"
    # Now the EIC coordinates: the provider no longer decides, the consumer cannot refer it on.
    ids = {"id": use["useId"], "version": at_eic["version"]}
    assert (await refused(server, APPROVE, ids, STATS_ADMIN))[0]["code"] == "FORBIDDEN"
    assert (await refused(server, ESCALATE, ids, CIVIL_USER))[0]["code"] == "FORBIDDEN"
    at_group = await ok(server, ESCALATE, {**ids, "note": "协调未果"}, EIC)
    assert at_group["status"] == "ESCALATED_TO_LEADING_GROUP"
    ids = {"id": use["useId"], "version": at_group["version"]}
    assert (await refused(server, APPROVE, ids, EIC))[0]["code"] == "FORBIDDEN"
    final = await ok(server, APPROVE, {**ids, "scope": {"items": ["姓名"]}}, LEADING_GROUP)
    assert final["status"] == "GRANTED" and final["items"] == ["姓名"]
    assert [(s[0], s[2]) for s in steps(final)] == [
        ("requestUse", "NEGOTIATING"), ("refuseUse", "DENIED"), ("escalateUse", "ESCALATED_TO_EIC"),
        ("escalateUse", "ESCALATED_TO_LEADING_GROUP"), ("approveUse", "GRANTED"),
    ]
    assert final["history"][-1]["note"] == "granted by the leading group (final, Art.20)" and final["history"][-1]["roles"] == ["LEADING_GROUP"]
    # The leading group's decision is final: the provider cannot revoke what it granted.
    ids = {"id": use["useId"], "version": final["version"], "reason": "撤回"}
    assert "只有领导小组可以撤销" in (await refused(server, REVOKE, ids, STATS_ADMIN))[0]["message"]
    assert "only it revokes" in (await refused(server, REVOKE, ids, STATS_ADMIN, language="en"))[0]["message"]
    # A refusal by the leading group cannot be escalated again.
    other = await request(server, CONDITIONAL, purpose="另一用途")
    v = (await ok(server, REFUSE, {"id": other["useId"], "version": other["version"], "reason": "不符"}, STATS_ADMIN))["version"]
    v = (await ok(server, ESCALATE, {"id": other["useId"], "version": v}, CIVIL_USER))["version"]
    v = (await ok(server, ESCALATE, {"id": other["useId"], "version": v}, EIC))["version"]
    v = (await ok(server, REFUSE, {"id": other["useId"], "version": v, "reason": "领导小组审议不予共享"}, LEADING_GROUP))["version"]
    errors = await refused(server, ESCALATE, {"id": other["useId"], "version": v}, CIVIL_USER)
    assert errors[0]["code"] == "ILLEGAL_TRANSITION" and "the leading group decided it, and its decision is final (Art.20)" in errors[0]["message"]


async def test_art20_overdue_reply_lets_the_consumer_escalate(server: Server, today: Any) -> None:
    await sharing_district(server.store)
    today(date(2024, 9, 27))  # the Friday before National Day 2024
    use = await request(server, CONDITIONAL)
    assert use["replyDue"] == "2024-10-16"  # Sunday 29 Sep and Saturday 12 Oct are working days; 1-7 Oct are not
    ids = {"id": use["useId"], "version": use["version"]}
    today(date(2024, 10, 16))
    errors = await refused(server, ESCALATE, ids, CIVIL_USER, language="en")
    assert errors == [{"field": [], "code": "ILLEGAL_TRANSITION", "message": f"use {use['useId']} is NEGOTIATING: escalateUse waits for the provider's reply: its reply is due on 2024-10-16; escalation is open from the next day (Art.20)"}]
    chinese = await refused(server, ESCALATE, ids, CIVIL_USER)
    assert chinese[0]["message"] == f"共享申请 {use['useId']} 当前为协商中：escalateUse 须等待提供部门答复：答复期限为 2024-10-16；次日起可申请协调（Art.20）"
    assert (await server.gql(OVERDUE, {"asOf": "2024-10-16"}))["overdue"] == []
    today(date(2024, 10, 18))
    late = (await server.gql(OVERDUE, {"asOf": "2024-10-18"}))["overdue"]
    assert late == [{"code": STATS, "department": {"name": "北京市石景山区统计局"}, "requests": [{
        "kind": "USE_REPLY", "article": "Art.20", "recordId": use["useId"], "due": "2024-10-16", "workingDaysLate": 2,
        "message": f"对 {use['useId']}（「流动人口统计」）的答复应于 2024-10-16 前作出，即申请后 10 个工作日内（Art.20）",
    }]}]
    # The consumer sees what it waits for; a department that is neither side sees nothing.
    assert len((await server.gql(OVERDUE, {"asOf": "2024-10-18"}, principal=CIVIL_USER))["overdue"]) == 1
    assert (await server.gql(OVERDUE, {"asOf": "2024-10-18"}, principal=STREET_ADMIN))["overdue"] == []
    escalated = await ok(server, ESCALATE, ids, CIVIL_USER)
    assert escalated["status"] == "ESCALATED_TO_EIC"
    assert escalated["history"][-1]["note"] == "no reply by 2024-10-16 (10 working days, Art.20): the consumer asks the EIC to coordinate"
    settled = await ok(server, APPROVE, {"id": use["useId"], "version": escalated["version"]}, EIC)
    assert settled["status"] == "GRANTED" and settled["history"][-1]["note"] == "granted by the EIC"
    assert (await server.gql(OVERDUE, {"asOf": "2024-10-18"}))["overdue"] == []


async def test_art20_concurrent_transitions_conflict(server: Server, today: Any) -> None:
    await sharing_district(server.store)
    use = await request(server, CONDITIONAL)
    ids = {"id": use["useId"], "version": use["version"]}
    results = await asyncio.gather(
        act(server, APPROVE, ids, STATS_ADMIN),
        act(server, REFUSE, {**ids, "reason": "不符"}, STATS_ADMIN),
    )
    codes = sorted("OK" if r["result"] else r["userErrors"][0]["code"] for r in results)
    assert codes[1] == "OK" and codes[0] in ("CONFLICT", "ILLEGAL_TRANSITION")
    stored = (await server.gql('query($id: String!) { use(id: $id) { status version history { action } } }', {"id": use["useId"]}))["use"]
    assert stored["version"] == use["version"] + 1 and len(stored["history"]) == 2


async def test_art20_revoke_a_grant(server: Server, today: Any) -> None:
    await sharing_district(server.store)
    use = await request(server, UNCONDITIONAL)
    ids = {"id": use["useId"], "version": use["version"], "reason": "年度复核发现超范围调用"}
    assert (await refused(server, REVOKE, ids, CIVIL_ADMIN))[0]["code"] == "FORBIDDEN"
    assert (await refused(server, REVOKE, {**ids, "reason": ""}, STATS_ADMIN))[0]["field"] == ["reason"]
    revoked = await ok(server, REVOKE, ids, STATS_ADMIN)
    assert revoked["status"] == "REVOKED" and revoked["decisionReason"] == "年度复核发现超范围调用"
    again = await refused(server, REVOKE, {**ids, "version": revoked["version"]}, EIC)
    assert again[0]["message"] == f"共享申请 {use['useId']} 当前为已撤销：revokeUse 只适用于已获批的共享"
    # The EIC may revoke too.
    other = await request(server, UNCONDITIONAL, purpose="社区服务")
    assert (await ok(server, REVOKE, {"id": other["useId"], "version": other["version"], "reason": "系统下线"}, EIC))["status"] == "REVOKED"


async def test_art20_grants_expire(server: Server, today: Any) -> None:
    await sharing_district(server.store)
    today(date(2025, 3, 3))
    use = await request(server, CONDITIONAL)
    past = await refused(server, APPROVE, {"id": use["useId"], "version": use["version"], "scope": {"expiresAt": "2025-01-01"}}, STATS_ADMIN)
    assert past == [{"field": ["scope", "expiresAt"], "code": "INVALID_DATA", "message": "2025-01-01 早于今天（2025-03-03）"}]
    await ok(server, APPROVE, {"id": use["useId"], "version": use["version"], "scope": {"expiresAt": "2025-03-31"}}, STATS_ADMIN)
    # Only the EIC records expiry; nothing expires before the last day has passed.
    assert (await act(server, EXPIRE, {"asOf": "2025-04-01"}, STATS_ADMIN))["userErrors"][0]["code"] == "FORBIDDEN"
    assert (await ok(server, EXPIRE, {"asOf": "2025-03-31"}))["uses"] == []
    expired = await ok(server, EXPIRE, {"asOf": "2025-04-01"})
    assert expired == {"asOf": "2025-04-01", "uses": [{"useId": use["useId"], "status": "EXPIRED", "history": [
        {"action": "requestUse", "to": "NEGOTIATING"}, {"action": "approveUse", "to": "GRANTED"}, {"action": "expireUses", "to": "EXPIRED"},
    ]}]}
    assert (await ok(server, EXPIRE, {"asOf": "2025-04-02"}))["uses"] == []


async def test_art20_who_may_request(server: Server, today: Any) -> None:
    await sharing_district(server.store)
    base = {"consumer": CONSUMER, "resource": UNCONDITIONAL, "purpose": "社区服务", "dutyBasis": "三定规定"}
    # Another department cannot ask for civil affairs' consumer, nor see it.
    assert (await refused(server, REQUEST, base, STREET_ADMIN))[0]["code"] == "NOT_FOUND"
    # The EIC coordinates; it does not request for a department.
    assert (await refused(server, REQUEST, base, EIC))[0]["code"] == "FORBIDDEN"
    # A public application uses the open catalog and requests no share.
    assert "是社会应用" in (await refused(server, REQUEST, {**base, "consumer": "C-APP-PUBLIC"}, EIC))[0]["message"]
    # A department does not request its own resource; a system must be the consumer's department's.
    assert (await refused(server, REQUEST, {**base, "resource": "302001/000001"}, CIVIL_USER))[0]["message"].endswith("无须申请共享")
    # An unknown resource is as missing as a hidden one.
    assert (await refused(server, REQUEST, {**base, "resource": "999999/000001"}, CIVIL_USER))[0]["code"] == "NOT_FOUND"


async def test_the_audit_trail_records_every_sharing_act(server: Server, today: Any) -> None:
    await sharing_district(server.store)
    use = await request(server, CONDITIONAL)
    await refused(server, APPROVE, {"id": use["useId"], "version": use["version"]}, CIVIL_ADMIN)
    await ok(server, APPROVE, {"id": use["useId"], "version": use["version"]}, STATS_ADMIN)
    events = await server.gql('{ auditEvents(first: 50) { edges { node { principal action subject outcome } } } }')
    trail = [e["node"] for e in events["auditEvents"]["edges"] if e["node"]["action"] in ("requestUse", "approveUse")]
    assert trail == [
        {"principal": "user@mzj", "action": "requestUse", "subject": f"Use:{use['useId']}", "outcome": "OK"},
        {"principal": "admin@mzj", "action": "approveUse", "subject": f"Use:{use['useId']}", "outcome": "FORBIDDEN"},
        {"principal": "admin@tjj", "action": "approveUse", "subject": f"Use:{use['useId']}", "outcome": "OK"},
    ]


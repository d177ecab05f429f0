"""What the web app's decision pages read: 我的待办 (`awaitingMe`) with working days left and overdue first,
what each side may do with a use (`Use.viewerCan`), who asks (the consumer, for its provider), each
department's own requests and the requests it answers (`uses(filter:)`), and a request form's bad
fields reported all at once (Art.19–20, Art.24–25)."""

from __future__ import annotations

from datetime import date
from typing import Any

from graph.access import Principal
from tests.api.conftest import EIC, Server
from tests.api.schema.sharing_district import (
    CIVIL, CIVIL_ADMIN, CIVIL_USER, CONDITIONAL, CONSUMER, REFUSE, REQUEST, STATS, STATS_ADMIN, STATS_USER,
    act, ok, sharing_district, today,
)

__all__ = ["today"]

TODO = """{ awaitingMe { kind article recordId due workingDaysLeft overdue
  use { useId status replyWorkingDaysLeft consumer { code name actsFor { code } } viewerCan { approve refuse escalate revoke escalateFrom } } } }"""
CAN = "query($id: String!) { use(id: $id) { status viewerCan { approve refuse escalate revoke escalateFrom } } }"
MINE = "query($d: String, $p: String) { uses(filter: {requesterDepartment: $d, provider: $p}) { totalCount edges { node { useId } } } }"


async def todo(server: Server, principal: Principal) -> list[dict[str, Any]]:
    data = await server.gql(TODO, principal=principal)
    tasks: list[dict[str, Any]] = data["awaitingMe"]
    return tasks


async def can(server: Server, use: str, principal: Principal) -> dict[str, Any]:
    found: dict[str, Any] = (await server.gql(CAN, {"id": use}, principal=principal))["use"]["viewerCan"]
    return found


async def request(server: Server) -> dict[str, Any]:
    return await ok(server, REQUEST, {"consumer": CONSUMER, "resource": CONDITIONAL, "purpose": "流动人口服务管理", "dutyBasis": "《北京市流动人口服务管理规定》"}, CIVIL_USER)


async def test_art20_the_provider_sees_the_request_in_its_todo_with_ten_working_days_and_who_asks(server: Server, today: Any) -> None:
    await sharing_district(server.store)
    today(date(2025, 3, 3))
    use = await request(server)
    assert use["status"] == "NEGOTIATING"
    [task] = await todo(server, STATS_ADMIN)
    assert (task["kind"], task["article"], task["recordId"], task["workingDaysLeft"], task["overdue"]) == ("DECIDE_USE", "Art.20", use["useId"], 10, False)
    assert task["use"]["consumer"] == {"code": CONSUMER, "name": "民政社区服务系统", "actsFor": {"code": CIVIL}}
    assert task["use"]["viewerCan"] == {"approve": True, "refuse": True, "escalate": False, "revoke": False, "escalateFrom": "2025-03-18"}
    # A user of the provider sees it but may not decide; the requester has nothing to do yet.
    assert await todo(server, STATS_USER) == []
    assert await todo(server, CIVIL_USER) == []
    assert (await can(server, use["useId"], STATS_USER))["approve"] is False
    # Each side lists its own: the requests its consumers made, the requests it answers.
    mine = (await server.gql(MINE, {"d": CIVIL}, principal=CIVIL_USER))["uses"]
    assert [e["node"]["useId"] for e in mine["edges"]] == [use["useId"]]
    answering = (await server.gql(MINE, {"p": STATS}, principal=STATS_ADMIN))["uses"]
    assert [e["node"]["useId"] for e in answering["edges"]] == [use["useId"]]
    assert (await server.gql(MINE, {"p": CIVIL}, principal=STATS_ADMIN))["uses"]["totalCount"] == 0


async def test_art20_an_overdue_reply_comes_first_and_escalation_opens_the_day_after_it_was_due(server: Server, today: Any) -> None:
    await sharing_district(server.store)
    today(date(2025, 3, 3))
    late = await request(server)
    today(date(2025, 3, 10))
    fresh = await request(server)
    today(date(2025, 3, 17))  # the last day of the first reply: not yet overdue
    assert [(t["recordId"], t["workingDaysLeft"]) for t in await todo(server, STATS_ADMIN)] == [(late["useId"], 0), (fresh["useId"], 5)]
    assert (await can(server, late["useId"], CIVIL_USER))["escalate"] is False
    assert await todo(server, CIVIL_USER) == []
    today(date(2025, 3, 19))  # two working days after
    tasks = await todo(server, STATS_ADMIN)
    assert [(t["recordId"], t["workingDaysLeft"], t["overdue"]) for t in tasks] == [(late["useId"], -2, True), (fresh["useId"], 3, False)]
    assert (await can(server, late["useId"], CIVIL_USER))["escalate"] is True
    assert [(t["kind"], t["recordId"]) for t in await todo(server, CIVIL_USER)] == [("ESCALATE_USE", late["useId"])]


async def test_art20_after_a_refusal_the_requester_may_escalate_and_the_eic_decides(server: Server, today: Any) -> None:
    await sharing_district(server.store)
    use = await request(server)
    refused = await ok(server, REFUSE, {"id": use["useId"], "version": use["version"], "reason": "用途超出职责范围"}, STATS_ADMIN)
    assert refused["status"] == "DENIED"
    assert await todo(server, STATS_ADMIN) == []
    assert [t["kind"] for t in await todo(server, CIVIL_ADMIN)] == ["ESCALATE_USE"]
    assert await can(server, use["useId"], CIVIL_USER) == {"approve": False, "refuse": False, "escalate": True, "revoke": False, "escalateFrom": None}
    escalated = await ok(server, "mutation($id: String!, $v: Int!) { escalateUse(id: $id, version: $v) { result { useId version status } userErrors { message } } }", {"id": use["useId"], "v": refused["version"]}, CIVIL_USER)
    assert escalated["status"] == "ESCALATED_TO_EIC"
    assert [(t["kind"], t["recordId"]) for t in await todo(server, EIC)] == [("DECIDE_USE", use["useId"])]
    assert await can(server, use["useId"], EIC) == {"approve": True, "refuse": True, "escalate": True, "revoke": False, "escalateFrom": None}
    assert await todo(server, CIVIL_USER) == []


async def test_a_request_form_gets_every_missing_field_at_once(server: Server, today: Any) -> None:
    await sharing_district(server.store)
    payload = await act(server, REQUEST, {"consumer": CONSUMER, "resource": CONDITIONAL, "purpose": " ", "dutyBasis": ""}, CIVIL_USER)
    assert payload["result"] is None
    assert [(e["field"], e["code"]) for e in payload["userErrors"]] == [(["purpose"], "INVALID_DATA"), (["dutyBasis"], "INVALID_DATA")]
    assert all("必填" in e["message"] or "必" in e["message"] for e in payload["userErrors"]), payload["userErrors"]

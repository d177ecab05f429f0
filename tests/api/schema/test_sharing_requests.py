"""Error reports (Art.25–26), open requests (Art.22), data demands (Art.20) and the holiday calendar
over HTTP, on both stores, each walked to its end."""

from __future__ import annotations

from datetime import date
from typing import Any

from tests.api.conftest import EIC, Server
from tests.api.schema.sharing_district import (
    CIVIL,
    CIVIL_USER,
    CONDITIONAL,
    CONSUMER,
    DERIVED,
    REQUEST,
    STAFFING_ADMIN,
    STATS,
    STATS_ADMIN,
    STATS_USER,
    STREET_ADMIN,
    act,
    ok,
    refused,
    request,
    sharing_district,
    today,
)

__all__ = ["today"]

REPORT = """mutation($consumer: String!, $resource: String!, $items: [String!], $description: String!) {
  reportDataError(consumer: $consumer, resource: $resource, items: $items, description: $description) {
    result {
      reportId version status items copiedToEic reportedAt provider { code } reportedBy { code } resource { code }
      impact { counts { derived uses citations publications } derived { code } notify { ... on Department { code } } }
      history { action to by note }
    }
    userErrors { field message code }
  }
}"""
VERIFY = """mutation($id: String!, $version: Int!) { verifyDataError(id: $id, version: $version) { result { version status } userErrors { message code } } }"""
CORRECT = """mutation($id: String!, $version: Int!, $correction: String!) {
  correctDataError(id: $id, version: $version, correction: $correction) { result { version status resolution history { action from to } } userErrors { message code } } }"""
REJECT = """mutation($id: String!, $version: Int!, $reason: String!) {
  rejectDataError(id: $id, version: $version, reason: $reason) { result { version status resolution } userErrors { message code } } }"""
SUBMIT = """mutation($requester: String!, $content: String!, $department: String!, $resource: String) {
  submitOpenRequest(requester: $requester, content: $content, department: $department, resource: $resource) {
    result { requestId version status notifiedAt replyDue late department { code } resource { code } } userErrors { message code }
  }
}"""
ANSWER = """mutation($id: String!, $version: Int!, $open: Boolean!, $reason: String) {
  answerOpenRequest(id: $id, version: $version, open: $open, reason: $reason) {
    result { requestId status answeredAt late refusalReason history { action to note } } userErrors { field message code }
  }
}"""
OVERDUE = "query($asOf: Date) { overdue(asOf: $asOf) { code requests { kind article recordId due workingDaysLate } } }"
RAISE = """mutation($consumer: String!, $description: String!) {
  raiseDataDemand(consumer: $consumer, description: $description) { result { demandId version status raisedBy { code } } userErrors { message code } } }"""
ASSIGN = """mutation($id: String!, $version: Int!, $provider: String!) {
  assignDataDemandProvider(id: $id, version: $version, provider: $provider) {
    result { version status providerNamedBy assignedTo { code } } userErrors { field message code } } }"""
CATALOG = """mutation($id: String!, $version: Int!, $resource: String!) {
  catalogDataDemand(id: $id, version: $version, resource: $resource) {
    result { version status fulfilledBy { code } history { action to by } } userErrors { field message code } } }"""
LOAD = """mutation($year: Int!, $holidays: [Date!]!, $workdays: [Date!]!, $source: String) {
  loadHolidaySchedule(year: $year, holidays: $holidays, workdays: $workdays, source: $source) {
    result { year holidays workdays source version } userErrors { field message code }
  }
}"""


async def test_art25_error_report_goes_to_the_provider_with_its_impact(server: Server, today: Any) -> None:
    await sharing_district(server.store)
    use = await request(server, CONDITIONAL)  # a negotiation: a use downstream of the resource
    variables = {"consumer": CONSUMER, "resource": CONDITIONAL, "items": ["现住址"], "description": "现住址与街道台账不一致"}
    assert (await refused(server, REPORT, {**variables, "items": ["身份证号"]}, CIVIL_USER))[0]["field"] == ["items"]
    assert (await refused(server, REPORT, variables, STREET_ADMIN))[0]["code"] == "NOT_FOUND"  # not its consumer
    report = await ok(server, REPORT, variables, CIVIL_USER)
    assert (report["status"], report["items"], report["copiedToEic"], report["reportedAt"]) == ("REPORTED", ["现住址"], True, "2025-03-03")
    assert (report["provider"], report["reportedBy"], report["resource"]) == ({"code": STATS}, {"code": CONSUMER}, {"code": CONDITIONAL})
    # The impact: the civil affairs ledger derived from it, the use of it, the providers to notify.
    impact = report["impact"]
    assert impact["derived"] == [{"code": DERIVED}] and impact["counts"]["uses"] == 1
    assert {d["code"] for d in impact["notify"]} == {STATS, CIVIL}
    assert report["history"] == [{"action": "reportDataError", "to": "REPORTED", "by": "user@mzj", "note": f"to {STATS} for verification, copied to the EIC (Art.25)"}]
    # Copied to the EIC: it sees the report; so does the provider.
    for who in (EIC, STATS_USER):
        seen = await server.gql('{ errorReports(status: [REPORTED]) { totalCount edges { node { reportId } } } }', principal=who)
        assert seen["errorReports"]["totalCount"] == 1
    ids = {"id": report["reportId"], "version": report["version"]}
    assert (await refused(server, VERIFY, ids, CIVIL_USER))[0]["code"] == "FORBIDDEN"
    assert (await refused(server, CORRECT, {**ids, "correction": "已更正"}, STATS_ADMIN))[0]["code"] == "ILLEGAL_TRANSITION"
    verified = await ok(server, VERIFY, ids, STATS_ADMIN)
    corrected = await ok(server, CORRECT, {"id": report["reportId"], "version": verified["version"], "correction": "按街道台账更正现住址12条"}, STATS_ADMIN)
    assert corrected["status"] == "CORRECTED" and corrected["resolution"] == "按街道台账更正现住址12条"
    assert [(h["action"], h["from"], h["to"]) for h in corrected["history"]] == [
        ("reportDataError", None, "REPORTED"), ("verifyDataError", "REPORTED", "VERIFIED"), ("correctDataError", "VERIFIED", "CORRECTED"),
    ]
    errors = await refused(server, REJECT, {"id": report["reportId"], "version": corrected["version"], "reason": "无误"}, STATS_ADMIN)
    assert errors[0]["message"] == f"数据纠错 {report['reportId']} 当前为已更正：rejectDataError 只适用于已报告或已核实的纠错"
    # A report the provider finds unfounded is closed with its reason (核实无误).
    second = await ok(server, REPORT, {**variables, "description": "联系电话位数不对"}, CIVIL_USER)
    closed = await ok(server, REJECT, {"id": second["reportId"], "version": second["version"], "reason": "经核实为座机号码，位数正确"}, STATS_ADMIN)
    assert closed["status"] == "REJECTED" and use["status"] == "NEGOTIATING"


async def test_art22_open_request_answered_late(server: Server, today: Any) -> None:
    await sharing_district(server.store)
    today(date(2025, 9, 26))  # the Friday before National Day 2025
    variables = {"requester": "某科技有限公司", "content": "申请开放常住人口统计数据", "department": STATS, "resource": "301001/000001"}
    assert (await refused(server, SUBMIT, variables, STATS_ADMIN))[0]["code"] == "FORBIDDEN"  # the EIC collects requests
    submitted = await ok(server, SUBMIT, variables)
    # 15 working days: Sunday 28 Sep and Saturday 11 Oct on, 1-8 Oct off.
    assert (submitted["status"], submitted["notifiedAt"], submitted["replyDue"], submitted["late"]) == ("NOTIFIED", "2025-09-26", "2025-10-23", None)
    assert (await server.gql(OVERDUE, {"asOf": "2025-10-23"}))["overdue"] == []
    overdue = (await server.gql(OVERDUE, {"asOf": "2025-10-27"}))["overdue"]
    assert overdue == [{"code": STATS, "requests": [{"kind": "OPEN_REQUEST_ANSWER", "article": "Art.22", "recordId": submitted["requestId"], "due": "2025-10-23", "workingDaysLate": 2}]}]
    today(date(2025, 10, 27))
    ids = {"id": submitted["requestId"], "version": submitted["version"]}
    assert (await refused(server, ANSWER, {**ids, "open": True}, STATS_USER))[0]["code"] == "FORBIDDEN"
    missing = await refused(server, ANSWER, {**ids, "open": False}, STATS_ADMIN)
    assert missing == [{"field": ["reason"], "code": "INVALID_DATA", "message": "必须填写：不予开放须说明理由（Art.22）"}]
    answered = await ok(server, ANSWER, {**ids, "open": False, "reason": "含个人信息，依据第二十三条不予开放"}, STATS_ADMIN)
    assert (answered["status"], answered["answeredAt"], answered["late"]) == ("REFUSED", "2025-10-27", True)
    assert answered["history"][-1]["note"] == "refused (late: due 2025-10-23): 含个人信息，依据第二十三条不予开放"
    assert (await server.gql(OVERDUE, {"asOf": "2025-10-27"}))["overdue"] == []
    again = await refused(server, ANSWER, {"id": submitted["requestId"], "version": submitted["version"] + 1, "open": True}, STATS_ADMIN)
    assert again[0]["code"] == "ILLEGAL_TRANSITION"


async def test_art22_open_request_answered_in_time(server: Server, today: Any) -> None:
    await sharing_district(server.store)
    submitted = await ok(server, SUBMIT, {"requester": "市民", "content": "开放人口年报", "department": STATS})
    answered = await ok(server, ANSWER, {"id": submitted["requestId"], "version": submitted["version"], "open": True}, STATS_ADMIN)
    assert (answered["status"], answered["late"]) == ("OPENED", False)


async def test_art20_data_demand_named_by_the_eic_and_the_staffing_office_then_catalogued(server: Server, today: Any) -> None:
    await sharing_district(server.store)
    demand = await ok(server, RAISE, {"consumer": CONSUMER, "description": "需要辖区新编人口专题数据，用于社区服务"}, CIVIL_USER)
    assert (demand["status"], demand["raisedBy"]) == ("REQUESTED", {"code": CONSUMER})
    ids = {"id": demand["demandId"], "version": demand["version"], "provider": STATS}
    assert (await refused(server, ASSIGN, ids, STATS_ADMIN))[0]["code"] == "FORBIDDEN"  # a department does not name itself
    by_eic = await ok(server, ASSIGN, ids)
    assert (by_eic["status"], by_eic["providerNamedBy"], by_eic["assignedTo"]) == ("REQUESTED", ["EIC"], {"code": STATS})
    both = await ok(server, ASSIGN, {**ids, "version": by_eic["version"]}, STAFFING_ADMIN)
    assert (both["status"], both["providerNamedBy"]) == ("PROVIDER_ASSIGNED", ["EIC", "STAFFING_OFFICE"])
    # The named provider answers with a resource of its own that a catalog lists.
    ids = {"id": demand["demandId"], "version": both["version"]}
    assert (await refused(server, CATALOG, {**ids, "resource": "302001/000001"}, STATS_ADMIN))[0]["message"].endswith("不是 SJS-TJJ 提供的")
    assert (await refused(server, CATALOG, {**ids, "resource": "301001/000009"}, CIVIL_USER))[0]["code"] == "FORBIDDEN"
    done = await ok(server, CATALOG, {**ids, "resource": "301001/000009"}, STATS_ADMIN)
    assert done["status"] == "CATALOGUED" and done["fulfilledBy"] == {"code": "301001/000009"}
    assert [(h["action"], h["to"], h["by"]) for h in done["history"]] == [
        ("raiseDataDemand", "REQUESTED", "user@mzj"), ("assignDataDemandProvider", "REQUESTED", "eic@test"),
        ("assignDataDemandProvider", "PROVIDER_ASSIGNED", "admin@bb"), ("catalogDataDemand", "CATALOGUED", "admin@tjj"),
    ]


async def test_art20_data_demand_rejected_by_the_eic(server: Server, today: Any) -> None:
    await sharing_district(server.store)
    demand = await ok(server, RAISE, {"consumer": CONSUMER, "description": "需要重点企业用电量"}, CIVIL_USER)
    mutation = """mutation($id: String!, $version: Int!, $reason: String!) { rejectDataDemand(id: $id, version: $version, reason: $reason) {
      result { status decisionReason } userErrors { message code } } }"""
    ids = {"id": demand["demandId"], "version": demand["version"], "reason": "可使用市级共享的用电数据"}
    assert (await refused(server, mutation, ids, STAFFING_ADMIN))[0]["code"] == "FORBIDDEN"
    assert await ok(server, mutation, ids) == {"status": "REJECTED", "decisionReason": "可使用市级共享的用电数据"}


async def test_a_deadline_in_an_unknown_year_is_an_error_until_the_eic_loads_the_notice(server: Server, today: Any) -> None:
    await sharing_district(server.store)
    today(date(2026, 12, 24))
    variables = {"consumer": CONSUMER, "resource": CONDITIONAL, "purpose": "社区服务", "dutyBasis": "三定规定"}
    errors = await refused(server, REQUEST, variables, CIVIL_USER)
    assert [e["code"] for e in errors] == ["CALENDAR_YEAR_UNKNOWN"] and "loadHolidaySchedule" in errors[0]["message"]
    holidays = ["2027-01-01", "2027-02-05", "2027-02-06", "2027-02-07", "2027-02-08", "2027-02-09", "2027-02-10", "2027-02-11"]
    notice = {"year": 2027, "holidays": holidays, "workdays": ["2027-02-13"], "source": "测试用放假安排"}
    assert (await refused(server, LOAD, notice, STATS_ADMIN))[0]["code"] == "FORBIDDEN"
    bad = await refused(server, LOAD, {**notice, "workdays": ["2027-02-15"]})
    assert bad == [{"field": ["workdays"], "code": "INVALID_DATA", "message": "2027-02-15 是工作日：调休上班日应在周末"}]
    loaded = await ok(server, LOAD, notice)
    assert (loaded["year"], loaded["workdays"], loaded["version"]) == (2027, ["2027-02-13"], 1)
    use = await request(server, CONDITIONAL, purpose="社区服务")
    assert use["replyDue"] == "2027-01-08"  # 25, 28-31 Dec; 1 Jan off; 4-8 Jan
    schedules = await server.gql('{ holidaySchedules { year source } addWorkingDays(from: "2027-02-04", days: 2) workingDaysBetween(from: "2027-02-04", to: "2027-02-15") }', principal=STREET_ADMIN)
    assert schedules == {"holidaySchedules": [{"year": 2027, "source": "测试用放假安排"}], "addWorkingDays": "2027-02-13", "workingDaysBetween": 3}
    unknown = await server.gql('{ addWorkingDays(from: "2027-12-24", days: 10) }', expect_errors=True)
    assert unknown["errors"][0]["extensions"]["code"] == "CALENDAR_YEAR_UNKNOWN"


async def test_art20_a_demand_states_what_is_wanted(server: Server, today: Any) -> None:
    await sharing_district(server.store)
    payload = await act(server, RAISE, {"consumer": CONSUMER, "description": " "}, CIVIL_USER)
    assert payload == {"result": None, "userErrors": [{"message": "必须填写：区经济信息化委据此判断是否确需采集（Art.20）", "code": "INVALID_DATA"}]}

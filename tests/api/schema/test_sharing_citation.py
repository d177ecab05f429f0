"""Citation permission over HTTP, on both stores (Art.24–25): allowed with every reason, refused for
each missing reason, the provider's permission per document, recorded citations and their findings."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from graph.changes import Changes
from graph.labels import Label, RelType
from graph.records import NodeRef
from tests.api.conftest import Server
from tests.api.schema.sharing_district import (
    APPROVE,
    CIVIL_USER,
    CONDITIONAL,
    CONSUMER,
    STATS_ADMIN,
    STREET_ADMIN,
    ok,
    refused,
    request,
    sharing_district,
    today,
)
from tests.builders import res

__all__ = ["today"]

PERMISSION = """query($consumer: String!, $resource: String!, $kind: DocumentKind!, $purpose: String!, $document: String, $asOf: Date) {
  citationPermission(consumer: $consumer, resource: $resource, documentKind: $kind, purpose: $purpose, document: $document, asOf: $asOf) {
    allowed attribution reasons { rule article passed message } use { useId } citation { citationId permission }
  }
}"""
ASK = """mutation($use: String!, $document: String!, $kind: DocumentKind!) {
  requestCitationPermission(use: $use, document: $document, documentKind: $kind) {
    result { citationId version permission attribution citedAt documentKind use { useId } history { action to by } }
    userErrors { field message code }
  }
}"""
GRANT = """mutation($id: String!, $version: Int!) { grantCitation(id: $id, version: $version) {
  result { citationId version permission history { action from to by } } userErrors { message code } } }"""
REFUSE = """mutation($id: String!, $version: Int!, $reason: String!) { refuseCitation(id: $id, version: $version, reason: $reason) {
  result { citationId version permission decisionReason } userErrors { message code } } }"""
RECORD = """mutation($use: String!, $document: String!, $kind: DocumentKind!) {
  recordCitation(use: $use, document: $document, documentKind: $kind) {
    result { citationId permission attribution citedAt documentKind } userErrors { field message code }
  }
}"""
FINDINGS = "{ citationFindings { rule article severity subject message related } }"
PURPOSE = "社区流动人口服务管理"
REPORT = "石景山区2025年流动人口服务管理工作报告"
ATTRIBUTION = "数据来源：区统计局《流动人口统计》"


async def ask(
    server: Server, kind: str, purpose: str = PURPOSE, document: str | None = REPORT, as_of: str | None = None, language: str | None = None
) -> dict[str, Any]:
    variables = {"consumer": CONSUMER, "resource": CONDITIONAL, "kind": kind, "purpose": purpose, "document": document, "asOf": as_of}
    answer: dict[str, Any] = (await server.gql(PERMISSION, variables, principal=CIVIL_USER, language=language))["citationPermission"]
    return answer


def failed(answer: dict[str, Any]) -> list[str]:
    return [r["rule"] for r in answer["reasons"] if not r["passed"]]


async def granted_use(server: Server, expires: str | None = None, cite: bool = False) -> dict[str, Any]:
    use = await request(server, CONDITIONAL, purpose=PURPOSE)
    scope: dict[str, Any] = {"citationPermitted": cite}
    if expires:
        scope["expiresAt"] = expires
    return await ok(server, APPROVE, {"id": use["useId"], "version": use["version"], "scope": scope}, STATS_ADMIN)


async def test_art25_citation_allowed_with_the_providers_permission(server: Server, today: Any) -> None:
    await sharing_district(server.store)
    today(date(2025, 3, 3))
    use = await granted_use(server)
    asked = await ok(server, ASK, {"use": use["useId"], "document": REPORT, "kind": "ISSUED_DOCUMENT"}, CIVIL_USER)
    assert (asked["permission"], asked["attribution"], asked["citedAt"], asked["use"]) == ("REQUESTED", ATTRIBUTION, None, {"useId": use["useId"]})
    # Before the provider answers, the decision says what is missing, and only that.
    pending = await ask(server, "ISSUED_DOCUMENT")
    assert pending["allowed"] is False and failed(pending) == ["PROVIDER_PERMISSION"]
    assert f"已申请在《{REPORT}》中引用的许可（{asked['citationId']}）" in pending["reasons"][3]["message"]
    english = await ask(server, "ISSUED_DOCUMENT", language="en")
    assert f"permission for 《{REPORT}》 was requested ({asked['citationId']})" in english["reasons"][3]["message"]
    # Only the provider's admin permits.
    ids = {"id": asked["citationId"], "version": asked["version"]}
    assert (await refused(server, GRANT, ids, CIVIL_USER))[0]["code"] == "FORBIDDEN"
    permitted = await ok(server, GRANT, ids, STATS_ADMIN)
    assert permitted["permission"] == "GRANTED"
    assert [(h["action"], h["from"], h["to"]) for h in permitted["history"]] == [("requestCitationPermission", None, "REQUESTED"), ("grantCitation", "REQUESTED", "GRANTED")]
    allowed = await ask(server, "ISSUED_DOCUMENT")
    assert allowed["allowed"] is True and allowed["attribution"] == ATTRIBUTION
    assert [(r["rule"], r["article"], r["passed"]) for r in allowed["reasons"]] == [
        ("USE_GRANTED", "Art.19–20", True), ("USE_IN_FORCE", "Art.24", True), ("PURPOSE_WITHIN_GRANT", "Art.24", True),
        ("PROVIDER_PERMISSION", "Art.25", True), ("SOURCE_NAMED", "Art.25", True),
    ]
    assert allowed["reasons"][4]["message"] == f"文件须注明「{ATTRIBUTION}」"
    assert allowed["use"] == {"useId": use["useId"]} and allowed["citation"] == {"citationId": asked["citationId"], "permission": "GRANTED"}
    # Part of the granted wording is within the grant; spaces and full-width forms do not matter.
    assert (await ask(server, "ISSUED_DOCUMENT", purpose=" 流动人口服务管理 "))["allowed"] is True
    # Recording the citation dates it and keeps the source line.
    today(date(2025, 3, 10))
    recorded = await ok(server, RECORD, {"use": use["useId"], "document": REPORT, "kind": "ISSUED_DOCUMENT"}, CIVIL_USER)
    assert recorded == {"citationId": asked["citationId"], "permission": "GRANTED", "attribution": ATTRIBUTION, "citedAt": "2025-03-10", "documentKind": "ISSUED_DOCUMENT"}
    assert (await server.gql(FINDINGS))["citationFindings"] == []


async def test_art25_a_document_of_another_kind_needs_no_permission(server: Server, today: Any) -> None:
    await sharing_district(server.store)
    use = await granted_use(server)
    answer = await ask(server, "OTHER", document=None)
    assert answer["allowed"] is True
    assert answer["reasons"][3]["message"] == "重大决策和正式发文以外无须许可"
    english = await ask(server, "OTHER", document=None, language="en")
    assert english["reasons"][3]["message"] == "no permission is needed outside a major decision or an issued document"
    recorded = await ok(server, RECORD, {"use": use["useId"], "document": "流动人口情况专报", "kind": "OTHER"}, CIVIL_USER)
    assert recorded["permission"] == "NOT_REQUIRED" and recorded["attribution"] == ATTRIBUTION


async def test_art25_a_grant_may_permit_citation_for_every_document(server: Server, today: Any) -> None:
    await sharing_district(server.store)
    use = await granted_use(server, cite=True)
    answer = await ask(server, "MAJOR_DECISION", document=None)
    assert answer["allowed"] is True and "许可所有文件引用" in answer["reasons"][3]["message"]
    recorded = await ok(server, RECORD, {"use": use["useId"], "document": "区政府常务会议决定", "kind": "MAJOR_DECISION"}, CIVIL_USER)
    assert recorded["permission"] == "GRANTED"


@pytest.mark.parametrize(
    ("case", "failing"),
    [
        pytest.param("no-use", ["USE_GRANTED", "USE_IN_FORCE", "PURPOSE_WITHIN_GRANT", "PROVIDER_PERMISSION"], id="art20-no-grant"),
        pytest.param("negotiating", ["USE_GRANTED", "USE_IN_FORCE", "PROVIDER_PERMISSION"], id="art20-grant-still-negotiated"),
        pytest.param("expired", ["USE_IN_FORCE"], id="art24-grant-expired"),
        pytest.param("other-purpose", ["PURPOSE_WITHIN_GRANT"], id="art24-another-purpose"),
        pytest.param("no-permission", ["PROVIDER_PERMISSION"], id="art25-major-decision-without-permission"),
        pytest.param("permission-refused", ["PROVIDER_PERMISSION"], id="art25-permission-refused"),
    ],
)
async def test_art24_art25_citation_refused_for_each_missing_reason(server: Server, today: Any, case: str, failing: list[str]) -> None:
    await sharing_district(server.store)
    today(date(2025, 3, 3))
    purpose, kind, as_of, document = PURPOSE, "MAJOR_DECISION", None, REPORT
    if case == "negotiating":
        await request(server, CONDITIONAL, purpose=PURPOSE)
    elif case != "no-use":
        use = await granted_use(server, expires="2025-06-30")
        asked = await ok(server, ASK, {"use": use["useId"], "document": REPORT, "kind": "MAJOR_DECISION"}, CIVIL_USER)
        if case == "permission-refused":
            await ok(server, REFUSE, {"id": asked["citationId"], "version": asked["version"], "reason": "数据尚未经年度核验"}, STATS_ADMIN)
        elif case != "no-permission":
            await ok(server, GRANT, {"id": asked["citationId"], "version": asked["version"]}, STATS_ADMIN)
        if case == "expired":
            as_of = "2025-07-01"  # evaluated on read: the grant is still GRANTED in the store
        if case == "other-purpose":
            purpose = "向第三方机构提供人口分析"
    answer = await ask(server, kind, purpose=purpose, document=document, as_of=as_of)
    assert answer["allowed"] is False
    assert failed(answer) == failing
    assert answer["attribution"] == ATTRIBUTION and len(answer["reasons"]) == 5
    messages = {r["rule"]: r["message"] for r in answer["reasons"]}
    if case == "expired":
        assert messages["USE_IN_FORCE"] == "授权已于 2025-06-30 到期：共享数据只能在授权范围内使用"
    if case == "permission-refused":
        assert messages["PROVIDER_PERMISSION"].endswith("：数据尚未经年度核验")
    if case == "other-purpose":
        assert "不得用于其他目的或提供给第三方" in messages["PURPOSE_WITHIN_GRANT"]
    if case in ("no-permission", "permission-refused"):
        # Recording the citation is refused, one user error per failed reason (Art.25).
        errors = await refused(server, RECORD, {"use": use["useId"], "document": REPORT, "kind": "MAJOR_DECISION"}, CIVIL_USER)
        assert [e["code"] for e in errors] == ["PERMISSION_REQUIRED"] and errors[0]["message"].startswith("Art.25 PROVIDER_PERMISSION：")


async def test_citation_permission_sees_only_what_the_principal_may(server: Server, today: Any) -> None:
    await sharing_district(server.store)
    await granted_use(server)
    variables = {"consumer": CONSUMER, "resource": CONDITIONAL, "kind": "OTHER", "purpose": PURPOSE}
    # Consumers are seen by their own department, the providers they ask (Art.20: who asks) and the EIC:
    # to anyone else the question is about nothing.
    body = await server.gql(PERMISSION, variables, expect_errors=True, principal=STREET_ADMIN)
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND" and body["data"] is None
    assert (await server.gql(PERMISSION, variables, principal=STATS_ADMIN))["citationPermission"]["allowed"] is True
    assert (await server.gql(PERMISSION, variables))["citationPermission"]["allowed"] is True


async def test_art38_citations_without_permission_are_findings(server: Server, today: Any) -> None:
    await sharing_district(server.store)
    use = await granted_use(server)
    # Citations as loaded from the district's records: one without permission, one without its source line.
    c = Changes()
    rows = [
        ("CIT-1", "区政府关于流动人口管理的决定", "MAJOR_DECISION", "REQUESTED", "数据来源：区统计局《流动人口统计》"),
        ("CIT-2", "流动人口情况专报", "OTHER", "NOT_REQUIRED", None),
        ("CIT-3", "关于印发流动人口工作方案的通知", "ISSUED_DOCUMENT", "GRANTED", "数据来源：区统计局《流动人口统计》"),
    ]
    for key, document, kind, permission, source in rows:
        props = {"id": key, "document": document, "document_kind": kind, "permission": permission, "cited_at": "2025-03-05"}
        if source:
            props["attribution"] = source
        c.upsert_node(Label.CITATION, props)
        c.upsert_relationship(RelType.CITES, NodeRef(Label.CITATION, key), res(CONDITIONAL))
        c.upsert_relationship(RelType.UNDER, NodeRef(Label.CITATION, key), NodeRef(Label.USE, use["useId"]))
    await server.store.apply(c)
    found = (await server.gql(FINDINGS))["citationFindings"]
    assert [(f["rule"], f["article"], f["severity"], f["subject"]) for f in found] == [
        ("CITATION_WITHOUT_PERMISSION", "Art.25", "HIGH", "Citation:CIT-1"),
        ("CITATION_WITHOUT_SOURCE", "Art.25", "MEDIUM", "Citation:CIT-2"),
    ]
    assert "Art.38(4)" in found[0]["message"] and found[0]["related"] == [f"Resource:{CONDITIONAL}", f"Use:{use['useId']}"]
    # The provider sees the findings on its resource; a department that is neither side sees none.
    assert len((await server.gql(FINDINGS, principal=STATS_ADMIN))["citationFindings"]) == 2
    assert (await server.gql(FINDINGS, principal=STREET_ADMIN))["citationFindings"] == []


@pytest.mark.slow
async def test_the_graphiql_example_answers_on_the_sample_district(server: Server) -> None:
    from api.web.graphiql import EXAMPLES
    from loaders.sample_district import load_sample

    await load_sample(server.store)
    query = next(q for title, q in EXAMPLES if title.startswith("引用许可"))
    answer = (await server.gql(query))["citationPermission"]
    # 区卫健委 holds a grant for family-doctor checks, cites it in an epidemic decision, and the permission is pending.
    assert answer["allowed"] is False and failed(answer) == ["PURPOSE_WITHIN_GRANT", "PROVIDER_PERMISSION"]
    assert answer["attribution"] == "数据来源：区疾控中心《重点传染病疫情统计信息》"
    assert answer["citation"] == {"citationId": "CIT-2023-0003", "permission": "REQUESTED"}

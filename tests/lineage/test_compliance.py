"""Compliance findings with known answers, each rule firing and not firing, on both stores."""

from __future__ import annotations

from datetime import date
from typing import Any

from graph.access import PUBLIC, Principal, Role
from graph.changes import Changes
from graph.labels import Label, RelType
from graph.records import NodeRef
from graph.store import GraphStore
from lineage.compliance import ComplianceFinding, FindingFilter, compliance_findings, select, visible_to
from lineage.findings import Severity
from tests.builders import CIVIL, EIC, POLICE, STATS, dept, item, lineage_district, res
from tests.compliance_builders import PLATFORM, base, catalog, resource

AS_OF = date(2025, 12, 31)


async def fired(store: GraphStore, rule: str, as_of: date = AS_OF) -> list[ComplianceFinding]:
    return select(await compliance_findings(store, as_of), FindingFilter(rules=(rule,)))


def subjects(found: list[ComplianceFinding]) -> list[str]:
    return [f.finding.subject.key for f in found]


async def test_art18_not_shared_without_legal_basis(store: GraphStore) -> None:
    c = Changes()
    base(c)
    resource(c, "302001/000001", share_type="NOT_SHARED")
    resource(c, "302001/000002", share_type="NOT_SHARED", legal_basis="《中华人民共和国个人信息保护法》第二十八条")
    resource(c, "302001/000003", share_type="NOT_SHARED", status="RETIRED")
    resource(c, "302001/000004")
    await store.apply(c)
    found = await fired(store, "NOT_SHARED_WITHOUT_LEGAL_BASIS")
    assert subjects(found) == ["302001/000001"]
    assert found[0].department == CIVIL and found[0].finding.article == "Art.18" and "（Art.18）" in found[0].finding.message
    assert found[0].finding.message.startswith("区民政局「")  # names, not codes, in sentences


async def test_art15_base_or_theme_resource_not_aggregated(store: GraphStore) -> None:
    c = Changes()
    base(c)
    resource(c, "101001/000001", catalogs=("BASE-POPULATION",), aggregated=False)
    resource(c, "101001/000002", catalogs=("BASE-POPULATION",))
    resource(c, "101001/000003", catalogs=("BASE-POPULATION",), aggregated=False)
    c.upsert_relationship(RelType.AGGREGATED_ON, res("101001/000003"), PLATFORM)
    resource(c, "101001/000004", catalogs=("BASE-POPULATION",), aggregated=False, aggregation_exception="经领导小组审议同意保留在专网")
    resource(c, "101001/000005", catalogs=("THEME-SOCIAL_SECURITY",), aggregated=False)
    resource(c, "101001/000006", catalogs=("BASE-POPULATION",), aggregated=False, level="MUNICIPAL")
    resource(c, "101001/000007", catalogs=("BASE-POPULATION",), aggregated=False, share_type="NOT_SHARED", legal_basis="《居民身份证法》")
    resource(c, "302001/000001", aggregated=False)
    await store.apply(c)
    found = await fired(store, "NOT_AGGREGATED")
    assert subjects(found) == ["101001/000001", "101001/000005"]
    assert "列入基础目录" in found[0].finding.message and "列入主题目录" in found[1].finding.message
    assert all("Art.15" in f.finding.message and f.department == CIVIL for f in found)


async def test_art12_duplicate_collection(store: GraphStore) -> None:
    """Art.5, Art.12: civil affairs collects citizen IDs the police already collect; statistics does too, but a law requires it."""
    await lineage_district(store)
    found = await fired(store, "DUPLICATE_COLLECTION")
    assert subjects(found) == ["302001/000002#公民身份号码"]
    assert found[0].department == CIVIL and found[0].finding.article == "Art.12"


async def test_art20_conditional_reply_overdue(store: GraphStore) -> None:
    c = Changes()
    base(c)
    resource(c, "302001/000001", share_type="CONDITIONAL", share_condition="仅限依职责使用")
    resource(c, "302001/000002")
    c.upsert_node(Label.CONSUMER, {"code": "C-TJ", "name": "统计应用", "kind": "DEPARTMENT_SYSTEM"})
    uses = [
        ("USE-1", "NEGOTIATING", "302001/000001", "2025-03-03", "2025-03-17"),
        ("USE-2", "NEGOTIATING", "302001/000001", "2025-12-20", "2026-01-05"),
        ("USE-3", "GRANTED", "302001/000001", "2025-01-02", "2025-01-16"),
        ("USE-4", "REQUESTED", "302001/000001", "2025-09-26", None),
        ("USE-5", "NEGOTIATING", "302001/000002", "2025-03-03", "2025-03-17"),
    ]
    for use, status, code, requested, due in uses:
        props = {"id": use, "purpose": "统计分析", "status": status, "requested_at": requested}
        if due:
            props["reply_due"] = due
        c.upsert_node(Label.USE, props)
        c.upsert_relationship(RelType.OF, NodeRef(Label.USE, use), res(code))
        c.upsert_relationship(RelType.REQUESTS, NodeRef(Label.CONSUMER, "C-TJ"), NodeRef(Label.USE, use))
    await store.apply(c)
    found = await fired(store, "CONDITIONAL_REPLY_OVERDUE")
    assert [(f.finding.subject.key, f.due) for f in found] == [
        ("USE-1", date(2025, 3, 17)),
        # no stored reply date: 10 working days after Friday 26 Sep 2025, across the National Day break
        # (1-8 Oct off; Sunday 28 Sep and Saturday 11 Oct worked), is Thursday 16 Oct.
        ("USE-4", date(2025, 10, 16)),
    ]
    assert found[0].department == CIVIL and "Art.20" in found[0].finding.message
    assert subjects(await fired(store, "CONDITIONAL_REPLY_OVERDUE", date(2025, 10, 16))) == ["USE-1"]


async def test_art22_open_request_overdue(store: GraphStore) -> None:
    c = Changes()
    base(c)
    requests = [
        ("OR-1", "NOTIFIED", "2025-05-12", "2025-06-02", None),
        ("OR-2", "OPENED", "2025-05-12", "2025-06-02", "2025-05-20"),
        ("OR-3", "NOTIFIED", "2025-12-22", "2026-01-13", None),
        ("OR-4", "NOTIFIED", "2025-09-26", None, None),
    ]
    for rid, status, notified, due, answered in requests:
        props = {"id": rid, "requester": "市民", "content": "申请开放养老机构床位数据", "notified_at": notified, "status": status}
        props.update({k: v for k, v in (("reply_due", due), ("answered_at", answered)) if v})
        c.upsert_node(Label.OPEN_REQUEST, props)
        c.upsert_relationship(RelType.ADDRESSED_TO, NodeRef(Label.OPEN_REQUEST, rid), dept(CIVIL))
    await store.apply(c)
    found = await fired(store, "OPEN_REQUEST_OVERDUE")
    assert [(f.finding.subject.key, f.due, f.department) for f in found] == [
        ("OR-1", date(2025, 6, 2), CIVIL),
        ("OR-4", date(2025, 10, 23), CIVIL),  # 15 working days after the notice, National Day break skipped
    ]
    assert "Art.22" in found[0].finding.message


async def test_art9_catalog_not_updated_within_15_working_days(store: GraphStore) -> None:
    c = Changes()
    base(c, **{"DEPT-MZ": "2024-05-30", "BASE-POPULATION": "2024-07-12", "THEME-SOCIAL_SECURITY": "2025-06-01"})
    changes = [
        ("CC-1", "FUNCTION_CHANGE", "2024-04-01", "DEPT-MZ"),  # due 23 Apr (Qingming: 4-6 Apr off, Sunday 7 Apr worked); updated 30 May: late
        ("CC-2", "LAW_CHANGE", "2024-07-01", "BASE-POPULATION"),  # due 22 Jul; updated 12 Jul: in time
        ("CC-3", "LAW_CHANGE", "2025-12-01", "THEME-SOCIAL_SECURITY"),  # due 22 Dec; not updated since
    ]
    for cid, kind, effective, cat in changes:
        c.upsert_node(Label.CATALOG_CHANGE, {"id": cid, "kind": kind, "effective_at": effective})
        c.upsert_relationship(RelType.AFFECTS, NodeRef(Label.CATALOG_CHANGE, cid), catalog(cat))
    await store.apply(c)
    found = await fired(store, "CATALOG_NOT_UPDATED")
    assert [(f.finding.subject.key, f.finding.severity, f.due, f.department) for f in found] == [
        ("DEPT-MZ", Severity.LOW, date(2024, 4, 23), CIVIL),
        ("THEME-SOCIAL_SECURITY", Severity.MEDIUM, date(2025, 12, 22), EIC),
    ]
    assert "直至 2024-05-30 才更新（Art.9）" in found[0].finding.message
    assert subjects(await fired(store, "CATALOG_NOT_UPDATED", date(2025, 12, 22))) == ["DEPT-MZ"]  # CC-3 is not yet late


async def test_art13_identifier_not_declared(store: GraphStore) -> None:
    c = Changes()
    base(c)
    resource(c, "302001/000001")
    for name, kind in (("身份证件号", "NONE"), ("公民身份号码", "CITIZEN_ID"), ("姓名", "NONE"), ("统一社会信用代码", "NONE")):
        code = f"302001/000001#{name}"
        c.upsert_node(Label.DATA_ITEM, {"code": code, "name": name, "identifier_kind": kind, "personal": kind != "NONE" or name != "统一社会信用代码"})
        c.upsert_relationship(RelType.HAS_ITEM, res("302001/000001"), item(code))
    await store.apply(c)
    found = await fired(store, "IDENTIFIER_NOT_DECLARED")
    assert subjects(found) == ["302001/000001#统一社会信用代码", "302001/000001#身份证件号"]
    assert all(f.department == CIVIL and "Art.13" in f.finding.message for f in found)


def system(c: Changes, code: str, operator: str, **props: Any) -> None:
    c.upsert_node(Label.SYSTEM, {"code": code, "name": f"{code}系统", "hosting": "SELF_HOSTED", "protection_level": 2, **props})
    c.upsert_relationship(RelType.OPERATES, dept(operator), NodeRef(Label.SYSTEM, code))


async def test_art15_cross_department_sharing_system_still_running(store: GraphStore) -> None:
    c = Changes()
    base(c)
    system(c, "SJS-MZ-X1", CIVIL, cross_department_sharing=True)
    system(c, "SJS-MZ-X2", CIVIL, cross_level_sharing=True, status="BUILDING")
    system(c, "SJS-MZ-X3", CIVIL, cross_department_sharing=True, status="RETIRED")
    system(c, "SJS-MZ-X4", CIVIL)
    await store.apply(c)
    found = await fired(store, "CROSS_DEPARTMENT_SHARING_SYSTEM")
    assert [(f.finding.subject.key, f.finding.severity) for f in found] == [("SJS-MZ-X1", Severity.MEDIUM), ("SJS-MZ-X2", Severity.HIGH)]
    assert "不得新建" in found[1].finding.message and all("Art.15" in f.finding.message for f in found)


async def test_art28_department_cloud_remaining(store: GraphStore) -> None:
    c = Changes()
    base(c)
    for code, kind in (("SJS-MZ-CLOUD", "DEPARTMENT_CLOUD"), ("SJS-GOVCLOUD", "GOVERNMENT_CLOUD")):
        c.upsert_node(Label.PLATFORM, {"code": code, "name": f"{code}云", "kind": kind})
        c.upsert_relationship(RelType.OPERATES, dept(CIVIL if kind == "DEPARTMENT_CLOUD" else EIC), NodeRef(Label.PLATFORM, code))
    system(c, "SJS-MZ-Y1", CIVIL, hosting="DEPARTMENT_CLOUD")
    c.upsert_relationship(RelType.HOSTED_ON, NodeRef(Label.SYSTEM, "SJS-MZ-Y1"), NodeRef(Label.PLATFORM, "SJS-MZ-CLOUD"))
    await store.apply(c)
    found = await fired(store, "DEPARTMENT_CLOUD_REMAINING")
    assert [(f.finding.subject.key, f.department, [r.key for r in f.finding.related]) for f in found] == [("SJS-MZ-CLOUD", CIVIL, ["SJS-MZ-Y1"])]
    assert "请迁移其上的系统并撤销该部门云（Art.28）" in found[0].finding.message


async def test_art35_project_gates(store: GraphStore) -> None:
    c = Changes()
    base(c, **{"DEPT-MZ": "2024-07-10"})
    c.upsert_node(Label.CATALOG, {"code": "DEPT-TJ", "name": "统计局目录", "kind": "DEPARTMENT", "updated_at": "2025-01-01"})
    c.upsert_relationship(RelType.MAINTAINS, dept(STATS), catalog("DEPT-TJ"))
    projects: list[tuple[str, str, str, dict[str, Any], tuple[str, str, bool] | None]] = [
        ("PRJ-1", "APPLIED", CIVIL, {"has_project_catalog": False}, None),
        ("PRJ-2", "APPLIED", CIVIL, {"has_project_catalog": True}, None),
        ("PRJ-3", "APPROVED", CIVIL, {"has_project_catalog": False, "involves_resources": False}, None),
        ("PRJ-4", "REJECTED", CIVIL, {"has_project_catalog": False}, None),
        ("PRJ-5", "COMPLETED", CIVIL, {"has_project_catalog": True, "completed_at": "2024-06-30"}, ("SJS-MZ-P5", "302001/000005", False)),
        ("PRJ-6", "ACCEPTED", CIVIL, {"has_project_catalog": True, "completed_at": "2024-06-30"}, ("SJS-MZ-P6", "302001/000006", True)),
        ("PRJ-7", "ACCEPTED", STATS, {"has_project_catalog": True, "completed_at": "2025-03-01"}, ("SJS-TJ-P7", "301001/000007", True)),
    ]
    for code, stage, department, props, built in projects:
        c.upsert_node(Label.PROJECT, {"code": code, "name": f"{code}建设项目", "stage": stage, **props})
        c.upsert_relationship(RelType.RUNS, dept(department), NodeRef(Label.PROJECT, code))
        if built:
            system_code, resource_code, aggregated = built
            system(c, system_code, department)
            c.upsert_relationship(RelType.BUILDS, NodeRef(Label.PROJECT, code), NodeRef(Label.SYSTEM, system_code))
            resource(c, resource_code, department, aggregated=aggregated)
            c.upsert_relationship(RelType.HOLDS, NodeRef(Label.SYSTEM, system_code), res(resource_code))
    await store.apply(c)
    assert subjects(await fired(store, "PROJECT_WITHOUT_CATALOG")) == ["PRJ-1"]
    failed = await fired(store, "PROJECT_FAILS_ACCEPTANCE")
    assert [(f.finding.subject.key, f.department) for f in failed] == [("PRJ-5", CIVIL), ("PRJ-7", STATS)]
    assert "数据未汇聚（「资源302001/000005」）" in failed[0].finding.message
    assert "2025-03-01 建成后未更新部门目录（最近更新于 2025-01-01）" in failed[1].finding.message
    assert all("Art.35" in f.finding.message for f in failed)


async def test_art23_open_data_not_desensitised(store: GraphStore) -> None:
    await lineage_district(store)
    found = await fired(store, "OPEN_DATA_NOT_DESENSITISED")
    assert [(f.finding.subject.key, f.department, f.finding.severity) for f in found] == [("301001/000001", STATS, Severity.HIGH)]


async def test_art24_onward_flow_is_the_passing_departments(store: GraphStore) -> None:
    await lineage_district(store)
    found = await fired(store, "ONWARD_FLOW_TO_THIRD_PARTY")
    assert {(f.finding.subject.key, f.department) for f in found} == {("USE-2", CIVIL)}


async def test_art38_an_open_rectification_order_gives_the_due_date(store: GraphStore) -> None:
    c = Changes()
    base(c)
    resource(c, "302001/000001", share_type="NOT_SHARED")
    resource(c, "302001/000002", share_type="NOT_SHARED")
    for oid, stage, due, code in (("ORD-1", "ORDERED", "2026-01-30", "302001/000001"), ("ORD-2", "CORRECTED", "2025-06-30", "302001/000002")):
        c.upsert_node(Label.ORDER, {"id": oid, "subject": "不予共享无法律依据", "rule": "Art.18", "ordered_at": "2025-11-03", "due": due, "stage": stage})
        c.upsert_relationship(RelType.CONCERNS, NodeRef(Label.ORDER, oid), res(code))
        c.upsert_relationship(RelType.ORDERS, NodeRef(Label.ORDER, oid), dept(CIVIL))
    await store.apply(c)
    found = await fired(store, "NOT_SHARED_WITHOUT_LEGAL_BASIS")
    assert [(f.finding.subject.key, f.due) for f in found] == [("302001/000001", date(2026, 1, 30)), ("302001/000002", None)]
    assert "（ORD-1，Art.38）" in found[0].finding.message and found[0].finding.related[-1].key == "ORD-1"


async def test_findings_are_ordered_filtered_and_seen_by_whom_they_concern(store: GraphStore) -> None:
    await lineage_district(store)
    c = Changes()
    c.upsert_node(Label.RESOURCE, {"code": "101001/000009", "name": "警情信息", "share_type": "NOT_SHARED"})
    c.upsert_relationship(RelType.PROVIDES, dept(POLICE), res("101001/000009"))
    await store.apply(c)
    found = await compliance_findings(store, AS_OF)
    assert [f.finding.article for f in found] == ["Art.12", "Art.18", "Art.23", "Art.24", "Art.24"]
    assert [f.key for f in found] == sorted(f.key for f in found) and len({f.key for f in found}) == len(found)
    assert found == await compliance_findings(store, AS_OF)
    assert [f.finding.rule for f in select(found, FindingFilter(severities=(Severity.HIGH,)))] == [
        "OPEN_DATA_NOT_DESENSITISED", "ONWARD_FLOW_TO_THIRD_PARTY", "ONWARD_FLOW_TO_THIRD_PARTY",
    ]
    assert [f.finding.article for f in select(found, FindingFilter(departments=(POLICE,)))] == ["Art.18"]
    assert select(found, FindingFilter(articles=("Art.23",), departments=(CIVIL,))) == []
    civil = Principal(CIVIL, frozenset({Role.DEPARTMENT_USER}))
    assert {f.department for f in visible_to(civil, found)} == {CIVIL}
    assert visible_to(PUBLIC, found) == []
    assert visible_to(Principal(EIC, frozenset({Role.EIC})), found) == found

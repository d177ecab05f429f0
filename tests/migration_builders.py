"""A small district with known migration answers, built through the store port for both stores.

Systems (department, where, what makes its verdict):

    SJS-GA-RK    police, self-hosted            EXEMPT (security department, Art.28)
    SJS-TJ-SM    statistics, self-hosted        EXEMPT (classified)
    SJS-MZ-HIGH  civil affairs, self-hosted     EXEMPT (protection level 4)
    SJS-MZ-A/B/C civil affairs, self-hosted     MUST_MIGRATE; interfaces A→B→C→A: a cycle, one wave
    SJS-MZ-D     civil affairs, self-hosted     MUST_MIGRATE; takes data from A: after the cycle
    SJS-MZ-E     civil affairs, self-hosted     MUST_MIGRATE; takes data from SJS-GA-RK (exempt): a cross-environment link
    SJS-MZ-ISO   civil affairs, self-hosted     MUST_MIGRATE; depends on nothing
    SJS-WJW-1    health, departmental cloud     MUST_MIGRATE; a use of B's resource goes through it: after the cycle
    SJS-WJW-2    health, departmental cloud     MUST_MIGRATE; holds data derived from WJW-1's: after WJW-1
    SJS-WJW-SEC  health, departmental cloud     EXEMPT (classified): the cloud is brought under the government cloud
    SJS-TJ-GOV   statistics, government cloud   ON_GOVERNMENT_CLOUD
    SJS-FGW-XY   development, government cloud  RETIRE_TO_PLATFORM (cross-department sharing, Art.15)
    SJS-SGA-S    municipal police, municipal    MUNICIPAL
    SJS-MZ-OLD   civil affairs, retired         RETIRED

Resources: A holds 302001/000001 and 302001/000002, B holds 302001/000002 (A and B overlap: Art.27),
302001/000003 derives from 302001/000002 (held by no system); WJW-1 holds 201001/000001, WJW-2 holds
201001/000002 derived from it; SJS-GA-RK holds 101001/000001. Uses: USE-1 of 302001/000002 via
SJS-WJW-1 by the health consumer; USE-2 of 101001/000001 via SJS-MZ-E; USE-3 of 302001/000003 by the
statistics consumer, cited by CIT-1.
"""

from __future__ import annotations

from typing import Any

from graph.changes import Changes
from graph.labels import Label, RelType
from graph.records import NodeRef
from graph.store import GraphStore
from tests.builders import EIC, POLICE, STATS, dept, item, res

CIVIL, HEALTH, DEVELOPMENT, CITY_POLICE = "SJS-MZJ", "SJS-WJW", "SJS-FGW", "SJS-SGA"
GOVCLOUD, HEALTH_CLOUD = "SJS-GOVCLOUD", "SJS-WJW-CLOUD"


def system(code: str) -> NodeRef:
    return NodeRef(Label.SYSTEM, code)


SYSTEMS: list[tuple[str, str, str, dict[str, Any]]] = [
    ("SJS-GA-RK", POLICE, "SELF_HOSTED", {"protection_level": 3}),
    ("SJS-TJ-SM", STATS, "SELF_HOSTED", {"classified": True, "network": "INTRANET"}),
    ("SJS-MZ-HIGH", CIVIL, "SELF_HOSTED", {"protection_level": 4}),
    ("SJS-MZ-A", CIVIL, "SELF_HOSTED", {}),
    ("SJS-MZ-B", CIVIL, "SELF_HOSTED", {}),
    ("SJS-MZ-C", CIVIL, "SELF_HOSTED", {}),
    ("SJS-MZ-D", CIVIL, "SELF_HOSTED", {}),
    ("SJS-MZ-E", CIVIL, "SELF_HOSTED", {}),
    ("SJS-MZ-ISO", CIVIL, "SELF_HOSTED", {}),
    ("SJS-WJW-1", HEALTH, "DEPARTMENT_CLOUD", {"on": HEALTH_CLOUD}),
    ("SJS-WJW-2", HEALTH, "DEPARTMENT_CLOUD", {"on": HEALTH_CLOUD}),
    ("SJS-WJW-SEC", HEALTH, "DEPARTMENT_CLOUD", {"on": HEALTH_CLOUD, "classified": True}),
    ("SJS-TJ-GOV", STATS, "GOVERNMENT_CLOUD", {"on": GOVCLOUD}),
    ("SJS-FGW-XY", DEVELOPMENT, "GOVERNMENT_CLOUD", {"on": GOVCLOUD, "cross_department_sharing": True}),
    ("SJS-SGA-S", CITY_POLICE, "MUNICIPAL", {}),
    ("SJS-MZ-OLD", CIVIL, "SELF_HOSTED", {"status": "RETIRED"}),
]


async def migration_district(store: GraphStore) -> None:
    """The district of this module's docstring."""
    c = Changes()
    for code, name, extra in (
        (EIC, "区经济信息化委", {"roles": ["EIC"]}),
        (POLICE, "区公安分局", {"security_exempt": True}),
        (STATS, "区统计局", {}),
        (CIVIL, "区民政局", {}),
        (HEALTH, "区卫生健康委", {}),
        (DEVELOPMENT, "区发展改革委", {}),
        (CITY_POLICE, "市公安局", {"level": "MUNICIPAL", "security_exempt": True}),
    ):
        c.upsert_node(Label.DEPARTMENT, {"code": code, "name": name, **extra})
    c.upsert_node(Label.PLATFORM, {"code": GOVCLOUD, "name": "区政务云", "kind": "GOVERNMENT_CLOUD"})
    c.upsert_node(Label.PLATFORM, {"code": HEALTH_CLOUD, "name": "卫生健康专有云", "kind": "DEPARTMENT_CLOUD"})
    c.upsert_relationship(RelType.OPERATES, dept(EIC), NodeRef(Label.PLATFORM, GOVCLOUD))
    c.upsert_relationship(RelType.OPERATES, dept(HEALTH), NodeRef(Label.PLATFORM, HEALTH_CLOUD))
    for code, operator, hosting, opts in SYSTEMS:
        props = {"code": code, "name": f"{code}系统", "hosting": hosting, "protection_level": 2,
                 **{k: v for k, v in opts.items() if k != "on"}}
        c.upsert_node(Label.SYSTEM, props)
        c.upsert_relationship(RelType.OPERATES, dept(operator), system(code))
        if "on" in opts:
            c.upsert_relationship(RelType.HOSTED_ON, system(code), NodeRef(Label.PLATFORM, opts["on"]))
    for a, b in (("SJS-MZ-A", "SJS-MZ-B"), ("SJS-MZ-B", "SJS-MZ-C"), ("SJS-MZ-C", "SJS-MZ-A"), ("SJS-MZ-D", "SJS-MZ-A"), ("SJS-MZ-E", "SJS-GA-RK")):
        c.upsert_relationship(RelType.EXCHANGES_WITH, system(a), system(b))
    resources = [
        ("302001/000001", "低保对象信息", CIVIL, ["SJS-MZ-A"], [("公民身份号码", "CITIZEN_ID"), ("低保类型", "NONE")]),
        ("302001/000002", "救助金发放信息", CIVIL, ["SJS-MZ-A", "SJS-MZ-B"], [("公民身份号码", "CITIZEN_ID"), ("救助金额", "NONE")]),
        ("302001/000003", "救助统计", CIVIL, [], []),
        ("201001/000001", "就诊信息", HEALTH, ["SJS-WJW-1"], [("公民身份号码", "CITIZEN_ID"), ("诊断结果", "NONE")]),
        ("201001/000002", "就诊统计", HEALTH, ["SJS-WJW-2"], [("统计月份", "NONE")]),
        ("101001/000001", "人口基础信息", POLICE, ["SJS-GA-RK"], []),
    ]
    for code, name, provider, holders, items in resources:
        c.upsert_node(Label.RESOURCE, {"code": code, "name": name, "share_type": "CONDITIONAL"})
        c.upsert_relationship(RelType.PROVIDES, dept(provider), res(code))
        for holder in holders:
            c.upsert_relationship(RelType.HOLDS, system(holder), res(code))
        for name_, kind in items:
            key = f"{code}#{name_}"
            c.upsert_node(Label.DATA_ITEM, {"code": key, "name": name_, "identifier_kind": kind})
            c.upsert_relationship(RelType.HAS_ITEM, res(code), item(key))
    c.upsert_relationship(RelType.DERIVED_FROM, res("302001/000003"), res("302001/000002"), {"transform": "统计"})
    c.upsert_relationship(RelType.DERIVED_FROM, res("201001/000002"), res("201001/000001"), {"transform": "按月统计"})
    for code, acts_for in (("C-WJW", HEALTH), ("C-MZ", CIVIL), ("C-TJ", STATS)):
        c.upsert_node(Label.CONSUMER, {"code": code, "name": f"{code}应用", "kind": "DEPARTMENT_SYSTEM"})
        c.upsert_relationship(RelType.ACTS_FOR, NodeRef(Label.CONSUMER, code), dept(acts_for))
    for use, consumer, resource, via in (
        ("USE-1", "C-WJW", "302001/000002", "SJS-WJW-1"),
        ("USE-2", "C-MZ", "101001/000001", "SJS-MZ-E"),
        ("USE-3", "C-TJ", "302001/000003", None),
    ):
        c.upsert_node(Label.USE, {"id": use, "purpose": "依职责使用", "status": "GRANTED", "requested_at": "2024-03-01"})
        c.upsert_relationship(RelType.REQUESTS, NodeRef(Label.CONSUMER, consumer), NodeRef(Label.USE, use))
        c.upsert_relationship(RelType.OF, NodeRef(Label.USE, use), res(resource))
        if via:
            c.upsert_relationship(RelType.VIA, NodeRef(Label.USE, use), system(via))
    c.upsert_node(Label.CITATION, {"id": "CIT-1", "document": "2024年救助工作报告", "document_kind": "ISSUED_DOCUMENT", "permission": "GRANTED"})
    c.upsert_relationship(RelType.CITES, NodeRef(Label.CITATION, "CIT-1"), res("302001/000003"))
    c.upsert_relationship(RelType.UNDER, NodeRef(Label.CITATION, "CIT-1"), NodeRef(Label.USE, "USE-3"))
    await store.apply(c)

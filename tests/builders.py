"""Small graphs for tests, built through the store port so both stores get exactly the same data."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from collections.abc import Sequence

from graph.access import EVERYTHING, Visibility
from graph.changes import Changes
from graph.labels import Label, RelType
from graph.records import NodeRef, Step
from graph.store import GraphStore

EIC = "SJS-EIC"
STATS = "SJS-TJJ"
POLICE = "111101070000000128"  # a valid unified social credit code


async def walked(
    store: GraphStore, label: Label, steps: Sequence[Step], keep: Sequence[int] | None = None, visibility: Visibility = EVERYTHING
) -> set[tuple[str, ...]]:
    """The store's walks as a set of tuples, once each has been checked to come only once."""
    found = [tuple(walk) for walk in await store.walks(label, steps, keep, visibility)]
    assert len(found) == len(set(found)), f"a walk came more than once: {sorted(found)}"
    return set(found)


def dept(code: str) -> NodeRef:
    return NodeRef(Label.DEPARTMENT, code)


def res(code: str) -> NodeRef:
    return NodeRef(Label.RESOURCE, code)


def item(code: str) -> NodeRef:
    return NodeRef(Label.DATA_ITEM, code)


def resource_props(code: str, name: str, share_type: str = "UNCONDITIONAL", **extra: Any) -> dict[str, Any]:
    return {"code": code, "name": name, "share_type": share_type, **extra}


async def small_district(store: GraphStore) -> None:
    """Three departments, five resources in a derivation chain with a diamond, items, a catalog."""
    c = Changes()
    c.upsert_node(Label.DEPARTMENT, {"code": EIC, "name": "区经济信息化委", "roles": ["EIC"]})
    c.upsert_node(Label.DEPARTMENT, {"code": STATS, "name": "区统计局"})
    c.upsert_node(Label.DEPARTMENT, {"code": POLICE, "name": "区公安分局", "security_exempt": True})
    c.upsert_node(Label.CATALOG, {"code": "BASE-POPULATION", "name": "人口基础信息资源目录", "kind": "BASE", "theme": "POPULATION"})
    resources = [
        ("101001/000001", "人口基础信息", "CONDITIONAL", POLICE),
        ("101001/000002", "户籍人口信息", "CONDITIONAL", POLICE),
        ("301001/000001", "常住人口统计", "UNCONDITIONAL", STATS),
        ("301001/000002", "流动人口统计", "UNCONDITIONAL", STATS),
        ("301001/000003", "人口年报", "UNCONDITIONAL", STATS),
    ]
    for code, name, share, provider in resources:
        c.upsert_node(Label.RESOURCE, resource_props(code, name, share, summary=f"{name}摘要"))
        c.upsert_relationship(RelType.PROVIDES, dept(provider), res(code))
    for code in ("101001/000001", "101001/000002"):
        c.upsert_relationship(RelType.LISTED_IN, res(code), NodeRef(Label.CATALOG, "BASE-POPULATION"))
    # 000002 <- 000001; the two statistics derive from 000002 (a diamond into the year report).
    c.upsert_relationship(RelType.DERIVED_FROM, res("101001/000002"), res("101001/000001"), {"transform": "筛选户籍"})
    c.upsert_relationship(RelType.DERIVED_FROM, res("301001/000001"), res("101001/000002"), {"transform": "按月汇总"})
    c.upsert_relationship(RelType.DERIVED_FROM, res("301001/000002"), res("101001/000002"), {"transform": "按月汇总", "desensitisation": True})
    c.upsert_relationship(RelType.DERIVED_FROM, res("301001/000003"), res("301001/000001"), {"transform": "年度汇总"})
    c.upsert_relationship(RelType.DERIVED_FROM, res("301001/000003"), res("301001/000002"), {"transform": "年度汇总"})
    for name, kind in (("公民身份号码", "CITIZEN_ID"), ("姓名", "NONE")):
        code = f"101001/000001#{name}"
        c.upsert_node(Label.DATA_ITEM, {"code": code, "name": name, "identifier_kind": kind, "personal": True})
        c.upsert_relationship(RelType.HAS_ITEM, res("101001/000001"), item(code))
    await store.apply(c)


CIVIL = "SJS-MZJ"
STREET = "SJS-BYS"
PORTAL = "SJS-PORTAL"


async def lineage_district(store: GraphStore) -> None:
    """A flow with known answers: a chain with a diamond, a desensitisation step, an onward flow, a
    duplicate collection, uses, a citation and an open publication.

    101001/000001 人口基础信息 (police, conditional, personal) <- 101001/000002 户籍人口 (police)
      <- 301001/000001 常住人口统计 (statistics, open; no desensitisation: an Art.23 finding)
      <- 301001/000002 人口年报 (statistics, open; desensitised step: no finding)
      <- 302001/000001 社区人口台账 (civil affairs, which holds a grant of 000002)
    301001/000003 人口综合分析 derives from 301001/000001 and 301001/000002 (a diamond).
    The street's consumer uses 302001/000001 without any grant of the police data: Art.24.
    """
    c = Changes()
    for code, name in ((POLICE, "区公安分局"), (STATS, "区统计局"), (EIC, "区经济信息化委"), (CIVIL, "区民政局"), (STREET, "八宝山街道")):
        c.upsert_node(Label.DEPARTMENT, {"code": code, "name": name})
    c.upsert_node(Label.SYSTEM, {"code": "SJS-GA-RK", "name": "人口管理系统", "hosting": "SELF_HOSTED", "protection_level": 4})
    c.upsert_relationship(RelType.OPERATES, dept(POLICE), NodeRef(Label.SYSTEM, "SJS-GA-RK"))
    c.upsert_node(Label.PLATFORM, {"code": PORTAL, "name": "区政务门户", "kind": "OPEN_PORTAL"})
    resources = [
        ("101001/000001", "人口基础信息", "CONDITIONAL", "NOT_OPEN", POLICE, True),
        ("101001/000002", "户籍人口", "CONDITIONAL", "NOT_OPEN", POLICE, True),
        ("301001/000001", "常住人口统计", "UNCONDITIONAL", "UNCONDITIONAL", STATS, False),
        ("301001/000002", "人口年报", "UNCONDITIONAL", "UNCONDITIONAL", STATS, False),
        ("301001/000003", "人口综合分析", "UNCONDITIONAL", "NOT_OPEN", STATS, False),
        ("302001/000001", "社区人口台账", "UNCONDITIONAL", "NOT_OPEN", CIVIL, False),
        ("302001/000002", "低保对象信息", "CONDITIONAL", "NOT_OPEN", CIVIL, True),
    ]
    for code, name, share, opened, provider, personal in resources:
        c.upsert_node(Label.RESOURCE, resource_props(code, name, share, open_type=opened, contains_personal_info=personal))
        c.upsert_relationship(RelType.PROVIDES, dept(provider), res(code))
    c.upsert_relationship(RelType.HOLDS, NodeRef(Label.SYSTEM, "SJS-GA-RK"), res("101001/000001"))
    derivations = [
        ("101001/000002", "101001/000001", "筛选户籍", False),
        ("301001/000001", "101001/000002", "按月汇总", False),
        ("301001/000002", "101001/000002", "汇总脱敏", True),
        ("301001/000003", "301001/000001", "综合分析", False),
        ("301001/000003", "301001/000002", "综合分析", False),
        ("302001/000001", "101001/000002", "按社区整理", False),
    ]
    for derived, source, transform, desensitised in derivations:
        c.upsert_relationship(RelType.DERIVED_FROM, res(derived), res(source), {"transform": transform, "desensitisation": desensitised})
    c.upsert_relationship(RelType.PUBLISHED_ON, res("301001/000001"), NodeRef(Label.PLATFORM, PORTAL))
    for code, acts_for in (("SJS-MZJ-APP", CIVIL), ("SJS-BYS-APP", STREET)):
        c.upsert_node(Label.CONSUMER, {"code": code, "name": f"{code}系统", "kind": "DEPARTMENT_SYSTEM"})
        c.upsert_relationship(RelType.ACTS_FOR, NodeRef(Label.CONSUMER, code), dept(acts_for))
    for use, consumer, resource in (("USE-1", "SJS-MZJ-APP", "101001/000002"), ("USE-2", "SJS-BYS-APP", "302001/000001")):
        c.upsert_node(Label.USE, {"id": use, "purpose": "社区服务", "status": "GRANTED", "requested_at": "2024-01-02"})
        c.upsert_relationship(RelType.REQUESTS, NodeRef(Label.CONSUMER, consumer), NodeRef(Label.USE, use))
        c.upsert_relationship(RelType.OF, NodeRef(Label.USE, use), res(resource))
    c.upsert_node(Label.CITATION, {"id": "CIT-1", "document": "2024年人口发展报告", "document_kind": "MAJOR_DECISION", "permission": "GRANTED"})
    c.upsert_relationship(RelType.CITES, NodeRef(Label.CITATION, "CIT-1"), res("301001/000001"))
    items = [
        ("101001/000001", "公民身份号码", "CITIZEN_ID", POLICE, None),
        ("101001/000002", "公民身份号码", "CITIZEN_ID", None, None),
        ("302001/000002", "公民身份号码", "CITIZEN_ID", CIVIL, None),
        ("301001/000001", "公民身份号码", "CITIZEN_ID", STATS, "《统计法》第七条"),
    ]
    for resource, name, kind, collector, law in items:
        code = f"{resource}#{name}"
        c.upsert_node(Label.DATA_ITEM, {"code": code, "name": name, "identifier_kind": kind, "personal": True})
        c.upsert_relationship(RelType.HAS_ITEM, res(resource), item(code))
        if collector:
            c.upsert_relationship(RelType.COLLECTS, dept(collector), item(code), {"legal_requirement": law} if law else {})
    c.upsert_relationship(RelType.DERIVED_FROM, item("101001/000002#公民身份号码"), item("101001/000001#公民身份号码"), {"transform": "复制"})
    await store.apply(c)


async def open_to_the_public(store: GraphStore, *codes: str) -> None:
    """Open resources (open type UNCONDITIONAL), so that a request without a token sees them (Art.21)."""
    found = await store.get_many(Label.RESOURCE, list(codes))
    changes = Changes()
    for node in found.values():
        props = {k: v for k, v in node.props.items() if k != "version"}
        changes.upsert_node(Label.RESOURCE, {**props, "open_type": "UNCONDITIONAL"})
    await store.apply(changes)


async def reimported(store: GraphStore, path: Path) -> tuple[str, str]:
    """The store's export, and its export again once it was cleared and the first imported (through `path`)."""
    from graph import jsonl

    exported = await export_text(store)
    path.write_text(exported, encoding="utf-8")
    await store.clear()
    assert (await store.counts()).labels == {}
    await store.apply(jsonl.read_changes(path))
    return exported, await export_text(store)


async def export_text(store: GraphStore) -> str:
    """The whole graph as `govgraph export` writes it: what "the store is unchanged" is checked against."""
    from graph import jsonl

    buffer = io.StringIO()
    await jsonl.write(buffer, store.nodes(), store.relationships())
    return buffer.getvalue()

"""Small graphs for tests, built through the store port so both stores get exactly the same data."""

from __future__ import annotations

from typing import Any

from graph.changes import Changes
from graph.labels import Label, RelType
from graph.records import NodeRef
from graph.store import GraphStore

EIC = "SJS-EIC"
STATS = "SJS-TJJ"
POLICE = "111101070000000128"  # a valid unified social credit code


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

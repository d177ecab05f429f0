"""Small graphs for compliance and scorecard tests: departments, the platform, catalogs, resources."""

from __future__ import annotations

from typing import Any

from graph.changes import Changes
from graph.labels import Label, RelType
from graph.records import NodeRef
from tests.builders import CIVIL, EIC, STATS, dept, res

PLATFORM = NodeRef(Label.PLATFORM, "SJS-BDP")


def catalog(code: str) -> NodeRef:
    return NodeRef(Label.CATALOG, code)


def base(c: Changes, **updated: str) -> None:
    """Departments, the big data platform, and three catalogs (base and theme by the EIC, one of civil affairs)."""
    for code, name in ((EIC, "区经济信息化委"), (CIVIL, "区民政局"), (STATS, "区统计局")):
        c.upsert_node(Label.DEPARTMENT, {"code": code, "name": name})
    c.upsert_node(Label.PLATFORM, {"code": "SJS-BDP", "name": "区大数据管理平台", "kind": "BIG_DATA"})
    for code, kind, maintainer in (("BASE-POPULATION", "BASE", EIC), ("THEME-SOCIAL_SECURITY", "THEME", EIC), ("DEPT-MZ", "DEPARTMENT", CIVIL)):
        props: dict[str, Any] = {"code": code, "name": f"{code}目录", "kind": kind}
        if code in updated:
            props["updated_at"] = updated[code]
        c.upsert_node(Label.CATALOG, props)
        c.upsert_relationship(RelType.MAINTAINS, dept(maintainer), catalog(code))


def resource(c: Changes, code: str, provider: str = CIVIL, catalogs: tuple[str, ...] = ("DEPT-MZ",), **props: Any) -> None:
    c.upsert_node(Label.RESOURCE, {"code": code, "name": f"资源{code}", "share_type": "UNCONDITIONAL", "aggregated": True, **props})
    c.upsert_relationship(RelType.PROVIDES, dept(provider), res(code))
    for cat in catalogs:
        c.upsert_relationship(RelType.LISTED_IN, res(code), catalog(cat))

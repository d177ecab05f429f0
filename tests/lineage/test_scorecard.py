"""A department's scorecard with known figures (Art.33), on both stores."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from graph.changes import Changes
from graph.labels import Label, RelType
from graph.records import NodeRef
from graph.store import GraphStore
from lineage.findings import Severity
from lineage.scorecard import Rate, Replies, scorecards
from tests.builders import CIVIL, STATS, dept, res
from tests.compliance_builders import base, resource

FULL: dict[str, Any] = {"collection_route": "业务办理采集", "update_cycle": "MONTHLY", "format_class": "DATABASE"}


async def civil_affairs(store: GraphStore) -> None:
    """Four resources of known completeness and aggregation, six conditional requests, two open requests, an open plan."""
    c = Changes()
    base(c)
    resource(c, "302001/000001", **FULL)
    resource(c, "302001/000002", share_type="CONDITIONAL", share_condition="仅限依职责使用", aggregated=False,
             update_cycle="MONTHLY", format_class="DATABASE")  # no collection route: incomplete
    resource(c, "302001/000003", catalogs=(), share_type="NOT_SHARED", legal_basis="《个人信息保护法》", aggregated=False, **FULL)
    resource(c, "302001/000004", open_type="UNCONDITIONAL", aggregated=False, aggregation_exception="领导小组同意", **FULL)
    c.upsert_node(Label.CONSUMER, {"code": "C-TJ", "name": "统计应用", "kind": "DEPARTMENT_SYSTEM"})
    uses = [
        ("USE-1", "GRANTED", "2025-03-03", "2025-03-17", "2025-03-10"),  # on time
        ("USE-2", "GRANTED", "2025-04-01", "2025-04-15", "2025-05-01"),  # late
        ("USE-3", "NEGOTIATING", "2025-05-19", "2025-06-03", None),  # overdue
        ("USE-4", "DENIED", "2025-06-16", "2025-06-30", None),  # answered, no date recorded
        ("USE-5", "GRANTED", "2024-05-06", "2024-05-20", "2024-05-10"),  # another year
        ("USE-6", "REQUESTED", "2025-12-29", "2026-01-13", None),  # not yet due
    ]
    for use, status, requested, due, granted in uses:
        props = {"id": use, "purpose": "统计分析", "status": status, "requested_at": requested, "reply_due": due}
        if granted:
            props["granted_at"] = granted
        c.upsert_node(Label.USE, props)
        c.upsert_relationship(RelType.OF, NodeRef(Label.USE, use), res("302001/000002"))
        c.upsert_relationship(RelType.REQUESTS, NodeRef(Label.CONSUMER, "C-TJ"), NodeRef(Label.USE, use))
    for rid, status, notified, due, answered in (("OR-1", "OPENED", "2025-05-12", "2025-06-02", "2025-05-20"), ("OR-2", "NOTIFIED", "2025-05-12", "2025-06-02", None)):
        props = {"id": rid, "requester": "市民", "content": "申请开放", "notified_at": notified, "reply_due": due, "status": status}
        if answered:
            props["answered_at"] = answered
        c.upsert_node(Label.OPEN_REQUEST, props)
        c.upsert_relationship(RelType.ADDRESSED_TO, NodeRef(Label.OPEN_REQUEST, rid), dept(CIVIL))
    c.upsert_node(Label.OPEN_PLAN, {"id": "OP-2025-MZ", "year": 2025, "content": "开放养老服务数据"})
    c.upsert_relationship(RelType.PLANNED_BY, NodeRef(Label.OPEN_PLAN, "OP-2025-MZ"), dept(CIVIL))
    await store.apply(c)


async def test_art33_scorecard_figures(store: GraphStore) -> None:
    await civil_affairs(store)
    [card] = await scorecards(store, [CIVIL], year=2025, as_of=date(2025, 12, 31))
    assert card.name == "区民政局" and card.resources == 4
    assert (card.catalogued, card.complete, card.aggregated, card.shared, card.opened) == (
        Rate(3, 4), Rate(3, 4), Rate(2, 3), Rate(3, 4), Rate(1, 4)
    )
    assert card.share_types == {"UNCONDITIONAL": 2, "CONDITIONAL": 1, "NOT_SHARED": 1}
    assert card.conditional_replies == Replies(on_time=1, late=1, overdue=1, pending=1, undated=1)
    assert card.conditional_replies.rate == Rate(2, 4)
    assert card.open_replies == Replies(on_time=1, overdue=1) and card.open_plan is True
    assert card.findings == {Severity.LOW: 0, Severity.MEDIUM: 2, Severity.HIGH: 0}  # Art.20 USE-3, Art.22 OR-2
    assert card.score == pytest.approx(57.5)
    [every_year] = await scorecards(store, [CIVIL], as_of=date(2025, 12, 31))
    assert every_year.conditional_replies.on_time == 2 and every_year.open_plan is None


async def test_scorecards_of_every_provider(store: GraphStore) -> None:
    await civil_affairs(store)
    cards = await scorecards(store, as_of=date(2025, 12, 31))
    assert [c.department for c in cards] == [CIVIL]
    assert [c.resources for c in await scorecards(store, [STATS, "SJS-NOBODY"], as_of=date(2025, 12, 31))] == [0]

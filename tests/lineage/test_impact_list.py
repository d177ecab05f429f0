"""Impact as a list (Art.25–26), on both stores: rows, the in-force filter, kinds, departments,
depth, order, hidden nodes, and the departments to notify."""

from __future__ import annotations

from datetime import date

import pytest

from graph.access import Principal, Role
from graph.changes import Changes
from graph.errors import InvalidArgumentError, NotFoundError
from graph.labels import Label, RelType
from graph.records import NodeRef
from graph.store import GraphStore
from lineage.access import visibility
from lineage.impact_list import ImpactKind, ImpactQuery, ImpactSort, NoticeRole, impact_list
from lineage.lineage import LineageLimits
from lineage.usage import NO_USAGE, Usage, usage
from tests.builders import CIVIL, EIC, POLICE, STATS, STREET, lineage_district, res

TODAY = date(2024, 6, 1)
K = ImpactKind


async def district(store: GraphStore) -> None:
    """lineage_district, with its EIC named, a use past its expiry, a revoked one and a citation under USE-1."""
    await lineage_district(store)
    c = Changes()
    c.upsert_node(Label.DEPARTMENT, {"code": EIC, "name": "区经济信息化委", "roles": ["EIC"]})
    uses = [
        ("USE-3", "SJS-MZJ-APP", "301001/000003", {"status": "GRANTED", "expires_at": "2024-05-31"}),
        ("USE-4", "SJS-BYS-APP", "301001/000001", {"status": "REVOKED", "decision_reason": "超出职责"}),
    ]
    for use, consumer, resource, props in uses:
        c.upsert_node(Label.USE, {"id": use, "purpose": "统计分析", "requested_at": "2024-01-02", **props})
        c.upsert_relationship(RelType.REQUESTS, NodeRef(Label.CONSUMER, consumer), NodeRef(Label.USE, use))
        c.upsert_relationship(RelType.OF, NodeRef(Label.USE, use), res(resource))
    c.upsert_node(Label.CITATION, {"id": "CIT-2", "document": "社区服务通报", "document_kind": "ISSUED_DOCUMENT", "permission": "GRANTED"})
    c.upsert_relationship(RelType.CITES, NodeRef(Label.CITATION, "CIT-2"), res("101001/000002"))
    c.upsert_relationship(RelType.UNDER, NodeRef(Label.CITATION, "CIT-2"), NodeRef(Label.USE, "USE-1"))
    await store.apply(c)


def rows(listing) -> list[tuple[str, str, int, str | None]]:  # type: ignore[no-untyped-def]
    return [(r.kind.value, r.node.key, r.depth, r.department.key if r.department else None) for r in listing.rows]


async def test_by_default_uses_not_in_force_are_left_out(store: GraphStore) -> None:
    await district(store)
    listing = await impact_list(store, "101001/000001", ImpactQuery(), TODAY)
    assert rows(listing) == [  # nearest first; ties by kind, then code
        ("DERIVED", "101001/000002", 1, POLICE),
        ("DERIVED", "301001/000001", 2, STATS),
        ("DERIVED", "301001/000002", 2, STATS),
        ("DERIVED", "302001/000001", 2, CIVIL),
        ("USE", "USE-1", 2, CIVIL),
        ("CITATION", "CIT-2", 2, CIVIL),
        ("DERIVED", "301001/000003", 3, STATS),
        ("USE", "USE-2", 3, STREET),
        ("CONSUMER", "SJS-MZJ-APP", 3, CIVIL),
        ("CITATION", "CIT-1", 3, None),
        ("PUBLICATION", "SJS-PORTAL", 3, STATS),
        ("CONSUMER", "SJS-BYS-APP", 4, STREET),
    ]
    # USE-3 expired yesterday, USE-4 was revoked: both left out (consumers stay: each holds another use in force).
    assert listing.filtered_out == 2 and listing.hidden == 0 and not listing.truncated
    assert listing.counts == {K.DERIVED: 5, K.USE: 2, K.CONSUMER: 2, K.CITATION: 2, K.PUBLICATION: 1}
    use = next(r for r in listing.rows if r.node.key == "USE-1")
    assert (use.via and use.via.key, use.status, use.in_force) == ("101001/000002", "GRANTED", True)
    publication = next(r for r in listing.rows if r.kind is K.PUBLICATION)
    assert publication.via is not None and publication.via.key == "301001/000001"

    everything = await impact_list(store, "101001/000001", ImpactQuery(in_force_only=False), TODAY)
    assert everything.counts[K.USE] == 4 and everything.filtered_out == 0
    assert {(r.node.key, r.status, r.in_force) for r in everything.rows if r.kind is K.USE} == {
        ("USE-1", "GRANTED", True), ("USE-2", "GRANTED", True), ("USE-3", "GRANTED", False), ("USE-4", "REVOKED", False),
    }
    # On the day it expires a grant is still in force.
    assert (await impact_list(store, "101001/000001", ImpactQuery(), date(2024, 5, 31))).counts[K.USE] == 3


async def test_kinds_departments_and_depth_filter(store: GraphStore) -> None:
    await district(store)
    uses = await impact_list(store, "101001/000001", ImpactQuery(kinds=(K.USE, K.CONSUMER)), TODAY)
    assert {r.kind for r in uses.rows} == {K.USE, K.CONSUMER} and len(uses.rows) == 4
    civil = await impact_list(store, "101001/000001", ImpactQuery(departments=(CIVIL,)), TODAY)
    assert [r.node.key for r in civil.rows] == ["302001/000001", "USE-1", "CIT-2", "SJS-MZJ-APP"]
    near = await impact_list(store, "101001/000001", ImpactQuery(max_depth=2), TODAY)
    assert max(r.depth for r in near.rows) == 2 and len(near.rows) == 6
    with pytest.raises(InvalidArgumentError, match="maxDepth must be between 1 and 12"):
        await impact_list(store, "101001/000001", ImpactQuery(max_depth=13), TODAY)
    with pytest.raises(NotFoundError):
        await impact_list(store, "999999/000001", ImpactQuery(), TODAY)


@pytest.mark.parametrize(
    ("sort", "descending", "first"),
    [
        pytest.param(ImpactSort.DEPTH, True, "SJS-BYS-APP", id="depth-descending"),
        pytest.param(ImpactSort.KIND, False, "101001/000002", id="kind"),
        pytest.param(ImpactSort.NAME, False, "CIT-1", id="name"),  # 2024年人口发展报告 sorts before Chinese names
        pytest.param(ImpactSort.DEPARTMENT, False, STREET, id="department"),  # by name: 八宝山街道 first
        pytest.param(ImpactSort.STATUS, False, "USE-1", id="status"),  # GRANTED first (a use before a citation); rows without a status last
    ],
)
async def test_sorting(store: GraphStore, sort: ImpactSort, descending: bool, first: str) -> None:
    await district(store)
    listing = await impact_list(store, "101001/000001", ImpactQuery(sort=sort, descending=descending), TODAY)
    first_row = listing.rows[0]
    assert first in (first_row.node.key, first_row.department.key if first_row.department else None)
    again = await impact_list(store, "101001/000001", ImpactQuery(sort=sort, descending=descending), TODAY)
    assert rows(again) == rows(listing)  # ties in a fixed order


async def test_departments_to_notify(store: GraphStore) -> None:  # Art.25–26
    await district(store)
    listing = await impact_list(store, "101001/000001", ImpactQuery(), TODAY)
    notices = {n.department.key: (n.roles, n.resources) for n in listing.notify}
    assert notices == {
        POLICE: ((NoticeRole.PROVIDER,), ("101001/000001", "101001/000002")),
        STATS: ((NoticeRole.PROVIDER,), ("301001/000001", "301001/000002", "301001/000003")),
        CIVIL: ((NoticeRole.PROVIDER, NoticeRole.USER), ("101001/000002", "302001/000001")),
        STREET: ((NoticeRole.USER,), ("302001/000001",)),
        EIC: ((NoticeRole.EIC,), ()),
    }
    assert [n.department.key for n in listing.notify][-1] == EIC


async def test_what_a_department_may_not_see_is_counted_not_listed(store: GraphStore) -> None:
    await district(store)
    street = Principal(STREET, frozenset({Role.DEPARTMENT_USER}), "street@test")
    listing = await impact_list(store, "301001/000001", ImpactQuery(in_force_only=False), TODAY, visibility=visibility(street))
    assert listing.hidden > 0
    assert all(not r.node.key.startswith("redacted-") for r in listing.rows)


async def test_a_cap_says_the_list_is_cut(store: GraphStore) -> None:
    await district(store)
    listing = await impact_list(store, "101001/000001", ImpactQuery(), TODAY, limits=LineageLimits(max_nodes=4))
    assert listing.truncated


async def test_usage_counts_uses_in_force_consumers_and_hidden_uses(store: GraphStore) -> None:  # Art.24
    await district(store)
    found = await usage(store, ["101001/000002", "302001/000001", "301001/000003", "301001/000001", "101001/000001"], TODAY)
    assert found == {
        "101001/000002": Usage(1, 1, 1, 0),
        "302001/000001": Usage(1, 1, 1, 0),
        "301001/000003": Usage(1, 0, 1, 0),  # USE-3 expired
        "301001/000001": Usage(1, 0, 1, 0),  # USE-4 revoked
        "101001/000001": NO_USAGE,
    }
    street = Principal(STREET, frozenset({Role.DEPARTMENT_USER}), "street@test")
    seen = await usage(store, ["101001/000002", "301001/000001"], TODAY, visibility(street))
    assert seen == {"101001/000002": Usage(0, 0, 0, 1), "301001/000001": Usage(1, 0, 1, 0)}  # the civil affairs' use is hidden
    assert await usage(store, [], TODAY) == {}

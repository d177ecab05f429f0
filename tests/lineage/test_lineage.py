"""Lineage questions with known answers, on both stores."""

from __future__ import annotations

import pytest

from graph.changes import Changes
from graph.errors import InvalidArgumentError, NotFoundError
from graph.labels import Label, RelType
from graph.store import GraphStore
from lineage.collection import duplicate_collection
from lineage.flow import FlowDirection, FlowKind
from lineage.impact import impact
from lineage.lineage import Level, LineageLimits, lineage
from lineage.paths import lineage_paths
from lineage.restriction import effective_restrictions, onward_flow_findings, open_data_findings
from tests.builders import CIVIL, POLICE, STATS, lineage_district, res

DERIVATION = (FlowKind.DERIVATION,)


def keys(graph) -> list[tuple[str, int]]:  # type: ignore[no-untyped-def]
    return [(n.node.key, n.depth) for n in graph.nodes]


async def test_upstream_through_a_diamond(store: GraphStore) -> None:
    await lineage_district(store)
    graph = await lineage(store, "301001/000003", FlowDirection.UPSTREAM, depth=5, follow=DERIVATION)
    assert keys(graph) == [("301001/000003", 0), ("301001/000001", 1), ("301001/000002", 1), ("101001/000002", 2), ("101001/000001", 3)]
    assert sorted((e.source.key, e.target.key) for e in graph.edges) == [
        ("101001/000001", "101001/000002"),
        ("101001/000002", "301001/000001"),
        ("101001/000002", "301001/000002"),
        ("301001/000001", "301001/000003"),
        ("301001/000002", "301001/000003"),
    ]
    step = next(e for e in graph.edges if e.source.key == "101001/000002" and e.target.key == "301001/000002")
    assert step.kind is FlowKind.DERIVATION and step.rel.props["transform"] == "汇总脱敏" and step.rel.props["desensitisation"]


async def test_upstream_reaches_systems_and_providers(store: GraphStore) -> None:
    await lineage_district(store)
    graph = await lineage(store, "101001/000002", FlowDirection.UPSTREAM, depth=2)
    assert {(n.node.label, n.node.key, n.depth) for n in graph.nodes} == {
        (Label.RESOURCE, "101001/000002", 0),
        (Label.RESOURCE, "101001/000001", 1),
        (Label.DEPARTMENT, POLICE, 1),
        (Label.SYSTEM, "SJS-GA-RK", 2),
    }


async def test_downstream_reaches_uses_consumers_citations_and_portals(store: GraphStore) -> None:
    await lineage_district(store)
    graph = await lineage(store, "101001/000002", FlowDirection.DOWNSTREAM, depth=3)
    found = {(n.node.label.value, n.node.key) for n in graph.nodes}
    assert {("Use", "USE-1"), ("Consumer", "SJS-MZJ-APP"), ("Use", "USE-2"), ("Consumer", "SJS-BYS-APP")} <= found
    assert {("Citation", "CIT-1"), ("Platform", "SJS-PORTAL"), ("Resource", "301001/000003")} <= found
    use = next(e for e in graph.edges if e.target.key == "USE-1")
    assert use.source.key == "101001/000002" and use.kind is FlowKind.USE


async def test_both_directions_merge_two_walks(store: GraphStore) -> None:
    await lineage_district(store)
    graph = await lineage(store, "101001/000002", FlowDirection.BOTH, depth=1, follow=DERIVATION)
    assert keys(graph) == [("101001/000002", 0), ("101001/000001", 1), ("301001/000001", 1), ("301001/000002", 1), ("302001/000001", 1)]


async def test_a_node_cap_truncates(store: GraphStore) -> None:
    await lineage_district(store)
    graph = await lineage(store, "101001/000001", FlowDirection.DOWNSTREAM, depth=5, follow=DERIVATION, limits=LineageLimits(max_nodes=3))
    assert keys(graph) == [("101001/000001", 0), ("101001/000002", 1), ("301001/000001", 2)]
    assert graph.truncated


async def test_a_cycle_terminates(store: GraphStore) -> None:
    await lineage_district(store)
    changes = Changes()
    changes.upsert_relationship(RelType.DERIVED_FROM, res("101001/000001"), res("301001/000003"), {"transform": "回流"})
    await store.apply(changes)
    graph = await lineage(store, "101001/000001", FlowDirection.UPSTREAM, depth=12, follow=DERIVATION)
    assert len(graph.nodes) == 5 and graph.depth_reached == 3 and not graph.truncated


async def test_item_level_lineage(store: GraphStore) -> None:
    await lineage_district(store)
    graph = await lineage(store, "101001/000002", FlowDirection.UPSTREAM, depth=3, level=Level.ITEM)
    assert keys(graph) == [
        ("101001/000002#公民身份号码", 0),
        ("101001/000002", 0),
        ("101001/000001#公民身份号码", 1),
        ("101001/000001", 1),
        (POLICE, 2),
    ]
    kinds = {(e.rel.type.value, e.source.key, e.target.key) for e in graph.edges}
    assert ("DERIVED_FROM", "101001/000001#公民身份号码", "101001/000002#公民身份号码") in kinds
    assert ("COLLECTS", POLICE, "101001/000001#公民身份号码") in kinds


async def test_bad_requests(store: GraphStore) -> None:
    await lineage_district(store)
    with pytest.raises(InvalidArgumentError, match="depth 须在 1 至 12 之间"):
        await lineage(store, "101001/000001", depth=13)
    with pytest.raises(NotFoundError):
        await lineage(store, "999999/000001")
    with pytest.raises(NotFoundError):
        await lineage(store, "SJS-NOTHING")


async def test_paths_shortest_first(store: GraphStore) -> None:
    await lineage_district(store)
    paths = await lineage_paths(store, "101001/000001", "301001/000003", max_depth=6)
    routes = [[e.target.key for e in p.edges] for p in paths]
    assert routes == [
        ["101001/000002", "301001/000001", "301001/000003"],
        ["101001/000002", "301001/000002", "301001/000003"],
    ]
    assert await lineage_paths(store, "301001/000003", "101001/000001") == []
    assert await lineage_paths(store, "101001/000001", "301001/000003", max_depth=2) == []


async def test_impact_groups_what_a_wrong_value_reaches(store: GraphStore) -> None:
    """Art.25: a consumer that finds an error needs to know what it affects and whom to tell."""
    await lineage_district(store)
    found = await impact(store, "101001/000002")
    assert [n.key for n in found.derived] == ["301001/000001", "301001/000002", "302001/000001", "301001/000003"]
    assert sorted(n.key for n in found.uses) == ["USE-1", "USE-2"]
    assert sorted(n.key for n in found.consumers) == ["SJS-BYS-APP", "SJS-MZJ-APP"]
    assert [n.key for n in found.citations] == ["CIT-1"]
    assert [(p.resource.key, p.platform.key) for p in found.publications] == [("301001/000001", "SJS-PORTAL")]
    assert [n.key for n in found.open_derived] == ["301001/000001", "301001/000002"]
    assert [n.key for n in found.notify] == sorted([POLICE, CIVIL, STATS])
    with pytest.raises(NotFoundError):
        await impact(store, "999999/000001")


async def test_restriction_propagates_unless_desensitised(store: GraphStore) -> None:
    """Art.18, Art.23: a derived resource is at least as restricted as its sources, unless a step desensitised."""
    await lineage_district(store)
    found = await effective_restrictions(store, ["301001/000001", "301001/000002", "301001/000003", "999999/000001"])
    assert found["301001/000001"].share_type == "CONDITIONAL"
    assert found["301001/000001"].share_forced_by.key == "101001/000002"  # type: ignore[union-attr]
    assert found["301001/000001"].open_type == "NOT_OPEN"
    assert found["301001/000002"].share_type == "UNCONDITIONAL" and found["301001/000002"].share_forced_by is None
    assert found["301001/000003"].share_type == "CONDITIONAL"  # through 301001/000001, not the desensitised branch
    assert "999999/000001" not in found


async def test_art23_open_data_without_desensitisation(store: GraphStore) -> None:
    await lineage_district(store)
    findings = open_data_findings(await effective_restrictions(store, ["301001/000001", "301001/000002"]))
    assert [(f.rule, f.article, f.subject.key) for f in findings] == [("OPEN_DATA_NOT_DESENSITISED", "Art.23", "301001/000001")]
    assert "Art.23" in findings[0].message


async def test_art24_onward_flow_to_an_ungranted_party(store: GraphStore) -> None:
    await lineage_district(store)
    findings = await onward_flow_findings(store)
    assert {(f.rule, f.article, f.severity.value, f.subject.key, f.related[0].key) for f in findings} == {
        ("ONWARD_FLOW_TO_THIRD_PARTY", "Art.24", "HIGH", "USE-2", "101001/000002"),
        ("ONWARD_FLOW_TO_THIRD_PARTY", "Art.24", "HIGH", "USE-2", "101001/000001"),
    }


async def test_art12_duplicate_collection(store: GraphStore) -> None:
    """Art.5, Art.12: the civil affairs bureau collects citizen IDs that the police already collect;
    the statistics bureau does too, but a law requires it, so that is no finding."""
    await lineage_district(store)
    findings = await duplicate_collection(store)
    assert [(f.rule, f.article, f.subject.key) for f in findings] == [("DUPLICATE_COLLECTION", "Art.12", "302001/000002#公民身份号码")]
    assert findings[0].related[1].key == "101001/000001#公民身份号码"
    assert "Art.5" in findings[0].message and "Art.12" in findings[0].message

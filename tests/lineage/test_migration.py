"""Migration to the government cloud with known answers, on both stores (Art.15, Art.27, Art.28)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from graph.changes import Changes
from graph.errors import InvalidArgumentError, NotFoundError
from graph.labels import RelType
from graph.store import GraphStore
from lineage.consolidation import Scope, consolidation_candidates
from lineage.estate import DependencyKind, read_estate
from lineage.migration import LinkKind, MigrationPlan, Pin, PlanRequest, ReasonKind, migration_plan
from lineage.move_impact import move_impact
from lineage.verdicts import CloudAction, Exemption, Verdict, judge, judge_cloud
from tests.builders import POLICE
from tests.migration_builders import CIVIL, HEALTH, HEALTH_CLOUD, migration_district, system

CYCLE = ("SJS-MZ-A", "SJS-MZ-B", "SJS-MZ-C")


def waves(plan: MigrationPlan) -> list[list[str]]:
    return [[p.code for p in w.placements] for w in plan.waves]


def kinds(plan: MigrationPlan, code: str) -> list[ReasonKind]:
    placement = plan.placement(code)
    assert placement is not None
    return [r.kind for r in placement.reasons]


async def verdicts_of(store: GraphStore) -> dict[str, tuple[Verdict, tuple[Exemption, ...]]]:
    estate = await read_estate(store, dependencies=False)
    return {code: (v.verdict, v.exemptions) for code, v in ((c, judge(s)) for c, s in estate.systems.items())}


@pytest.mark.parametrize(
    ("code", "verdict", "exemptions"),
    [
        pytest.param("SJS-GA-RK", Verdict.EXEMPT, (Exemption.SECURITY_DEPARTMENT,), id="art28-security-department"),
        pytest.param("SJS-TJ-SM", Verdict.EXEMPT, (Exemption.CLASSIFIED,), id="art28-classified"),
        pytest.param("SJS-MZ-HIGH", Verdict.EXEMPT, (Exemption.PROTECTION_LEVEL,), id="art28-protection-level-4"),
        pytest.param("SJS-MZ-A", Verdict.MUST_MIGRATE, (), id="art28-self-hosted-must-migrate"),
        pytest.param("SJS-WJW-1", Verdict.MUST_MIGRATE, (), id="art28-department-cloud-must-migrate"),
        pytest.param("SJS-TJ-GOV", Verdict.ON_GOVERNMENT_CLOUD, (), id="art28-on-government-cloud"),
        pytest.param("SJS-FGW-XY", Verdict.RETIRE_TO_PLATFORM, (), id="art15-cross-department-sharing-system"),
        pytest.param("SJS-SGA-S", Verdict.MUNICIPAL, (Exemption.SECURITY_DEPARTMENT,), id="municipal"),
        pytest.param("SJS-MZ-OLD", Verdict.RETIRED, (), id="retired"),
    ],
)
async def test_art28_verdicts(store: GraphStore, code: str, verdict: Verdict, exemptions: tuple[Exemption, ...]) -> None:
    await migration_district(store)
    assert (await verdicts_of(store))[code] == (verdict, exemptions)


async def test_art28_every_reason_names_its_article(store: GraphStore) -> None:
    await migration_district(store)
    estate = await read_estate(store, dependencies=False)
    for system_info in estate.systems.values():
        found = judge(system_info)
        assert found.reasons and all(r.article in r.message or "our design" in r.message for r in found.reasons), found
    exempt = judge(estate.systems["SJS-GA-RK"])
    assert exempt.exempting_rule is Exemption.SECURITY_DEPARTMENT and "区公安分局" in exempt.reasons[0].message
    several = judge(replace(estate.systems["SJS-TJ-SM"], protection_level=5))
    assert several.exemptions == (Exemption.CLASSIFIED, Exemption.PROTECTION_LEVEL) and several.exempting_rule is Exemption.CLASSIFIED


async def test_art28_department_cloud_brought_under_or_retired(store: GraphStore) -> None:
    await migration_district(store)
    estate = await read_estate(store, dependencies=False)
    judged = {c: judge(s) for c, s in estate.systems.items()}
    [cloud] = estate.clouds
    assert cloud.code == HEALTH_CLOUD and cloud.operator == HEALTH and cloud.systems == ("SJS-WJW-1", "SJS-WJW-2", "SJS-WJW-SEC")
    found = judge_cloud(cloud, judged)
    assert found.action is CloudAction.BRING_UNDER_GOVERNMENT_CLOUD and [v.code for v in found.staying] == ["SJS-WJW-SEC"]
    # Without the classified system, every system migrates and the cloud is retired.
    changes = Changes()
    changes.delete_node(system("SJS-WJW-SEC"))
    await store.apply(changes)
    estate = await read_estate(store, dependencies=False)
    judged = {c: judge(s) for c, s in estate.systems.items()}
    retired = judge_cloud(estate.clouds[0], judged)
    assert retired.action is CloudAction.RETIRE and "Art.28" in retired.reasons[0].message


async def test_dependencies_are_read_from_interfaces_derived_data_and_uses(store: GraphStore) -> None:
    await migration_district(store)
    estate = await read_estate(store)
    found = {(d.dependent, d.provider): (d.kinds, d.resources) for d in estate.dependencies}
    assert found == {
        ("SJS-MZ-A", "SJS-MZ-B"): ((DependencyKind.INTERFACE,), ()),
        ("SJS-MZ-B", "SJS-MZ-C"): ((DependencyKind.INTERFACE,), ()),
        ("SJS-MZ-C", "SJS-MZ-A"): ((DependencyKind.INTERFACE,), ()),
        ("SJS-MZ-D", "SJS-MZ-A"): ((DependencyKind.INTERFACE,), ()),
        ("SJS-MZ-E", "SJS-GA-RK"): ((DependencyKind.INTERFACE, DependencyKind.USE_VIA), ("101001/000001",)),
        ("SJS-WJW-1", "SJS-MZ-A"): ((DependencyKind.USE_VIA,), ("302001/000002",)),
        ("SJS-WJW-1", "SJS-MZ-B"): ((DependencyKind.USE_VIA,), ("302001/000002",)),
        ("SJS-WJW-2", "SJS-WJW-1"): ((DependencyKind.DERIVED_DATA,), ("201001/000001",)),
    }


async def test_a_dependency_cycle_moves_together(store: GraphStore) -> None:
    await migration_district(store)
    plan = await migration_plan(store, PlanRequest())
    assert waves(plan) == [
        ["SJS-FGW-XY", "SJS-MZ-A", "SJS-MZ-B", "SJS-MZ-C", "SJS-MZ-E", "SJS-MZ-ISO"],
        ["SJS-MZ-D", "SJS-WJW-1"],
        ["SJS-WJW-2"],
    ]
    assert plan.groups == (CYCLE,)
    a = plan.placement("SJS-MZ-A")
    assert a is not None and a.group == CYCLE and kinds(plan, "SJS-MZ-A")[0] is ReasonKind.MOVES_WITH
    assert "与SJS-MZ-B、SJS-MZ-C一同迁移" in a.reasons[0].message and "它需要SJS-MZ-B" in a.reasons[0].message
    d = plan.placement("SJS-MZ-D")
    assert d is not None and kinds(plan, "SJS-MZ-D") == [ReasonKind.AFTER_DEPENDENCY]
    assert d.reasons[0].system == "SJS-MZ-A" and "SJS-MZ-D通过接口取用SJS-MZ-A的数据" in d.reasons[0].message
    wjw2 = plan.placement("SJS-WJW-2")
    assert wjw2 is not None and "持有源自SJS-WJW-1的201001/000001的数据" in wjw2.reasons[0].message
    assert kinds(plan, "SJS-MZ-ISO") == [ReasonKind.NO_DEPENDENCY]
    assert plan.placement("SJS-GA-RK") is None  # exempt: it stays
    assert plan.count(Verdict.MUST_MIGRATE) == 8 and plan.count(Verdict.EXEMPT) == 4 and len(plan.staying) == 7


async def test_a_large_group_names_three_of_the_others_and_how_many_more(store: GraphStore) -> None:
    await migration_district(store)
    joined = Changes()
    for a, b in (("SJS-MZ-A", "SJS-MZ-D"), ("SJS-MZ-ISO", "SJS-MZ-A"), ("SJS-MZ-A", "SJS-MZ-ISO")):
        joined.upsert_relationship(RelType.EXCHANGES_WITH, system(a), system(b))
    await store.apply(joined)
    plan = await migration_plan(store, PlanRequest())
    group = ("SJS-MZ-A", "SJS-MZ-B", "SJS-MZ-C", "SJS-MZ-D", "SJS-MZ-ISO")
    assert plan.groups == (group,)
    c, a = plan.placement("SJS-MZ-C"), plan.placement("SJS-MZ-A")
    assert c is not None and a is not None and c.group == group  # the whole group is listed by `movesWith`
    assert c.reasons[0].message.startswith("与SJS-MZ-A、SJS-MZ-B、SJS-MZ-D等（另有 1 个）一同迁移：相互需要对方的数据")
    assert a.reasons[0].message.startswith("与SJS-MZ-B、SJS-MZ-C、SJS-MZ-D等（另有 1 个）一同迁移")
    assert "（循环依赖；它需要SJS-MZ-B、SJS-MZ-D、SJS-MZ-ISO）" in a.reasons[0].message


async def test_capacity_forces_a_split(store: GraphStore) -> None:
    await migration_district(store)
    plan = await migration_plan(store, PlanRequest(capacity_per_wave=3))
    assert waves(plan) == [
        ["SJS-FGW-XY", "SJS-MZ-E", "SJS-MZ-ISO"],
        ["SJS-MZ-A", "SJS-MZ-B", "SJS-MZ-C"],
        ["SJS-MZ-D", "SJS-WJW-1"],
        ["SJS-WJW-2"],
    ]
    assert kinds(plan, "SJS-MZ-A") == [ReasonKind.MOVES_WITH, ReasonKind.WAVE_FULL, ReasonKind.NO_DEPENDENCY]
    assert "第 1 批已满（容量 3" in plan.placement("SJS-MZ-B").reasons[1].message  # type: ignore[union-attr]
    assert all(len(w.placements) <= 3 and not w.oversized for w in plan.waves)


async def test_a_group_larger_than_the_capacity_takes_a_wave_alone(store: GraphStore) -> None:
    await migration_district(store)
    plan = await migration_plan(store, PlanRequest(capacity_per_wave=2))
    assert waves(plan) == [
        ["SJS-FGW-XY", "SJS-MZ-E"],
        ["SJS-MZ-A", "SJS-MZ-B", "SJS-MZ-C"],
        ["SJS-MZ-D", "SJS-MZ-ISO"],
        ["SJS-WJW-1"],
        ["SJS-WJW-2"],
    ]
    assert [w.oversized for w in plan.waves] == [False, True, False, False, False]
    assert ReasonKind.OVERSIZED in kinds(plan, "SJS-MZ-C")


async def test_a_pinned_system_stays_where_it_is_pinned(store: GraphStore) -> None:
    await migration_district(store)
    plan = await migration_plan(store, PlanRequest(capacity_per_wave=3, pinned=(Pin("SJS-MZ-ISO", 4), Pin("SJS-MZ-A", 1))))
    assert waves(plan) == [
        ["SJS-MZ-A", "SJS-MZ-B", "SJS-MZ-C"],
        ["SJS-FGW-XY", "SJS-MZ-D", "SJS-MZ-E"],
        ["SJS-WJW-1"],
        ["SJS-MZ-ISO", "SJS-WJW-2"],
    ]
    iso = plan.placement("SJS-MZ-ISO")
    assert iso is not None and iso.pinned and kinds(plan, "SJS-MZ-ISO") == [ReasonKind.PINNED]
    b = plan.placement("SJS-MZ-B")
    assert b is not None and b.pinned and "（「SJS-MZ-A系统」被指定；整组一同迁移）" in b.reasons[1].message  # pinned with its cycle
    assert kinds(plan, "SJS-FGW-XY") == [ReasonKind.WAVE_FULL, ReasonKind.NO_DEPENDENCY]


async def test_a_pin_before_a_dependency_is_flagged(store: GraphStore) -> None:
    await migration_district(store)
    plan = await migration_plan(store, PlanRequest(pinned=(Pin("SJS-WJW-2", 1), Pin("SJS-WJW-1", 2))))
    assert plan.placement("SJS-WJW-2").wave == 1  # type: ignore[union-attr]
    conflict = plan.placement("SJS-WJW-2").reasons[1]  # type: ignore[union-attr]
    assert conflict.kind is ReasonKind.PIN_BEFORE_DEPENDENCY and conflict.system == "SJS-WJW-1"
    assert "而「SJS-WJW-1系统」在第 2 批迁移" in conflict.message


async def test_an_exempt_system_depended_upon_stays_and_the_link_is_flagged(store: GraphStore) -> None:
    await migration_district(store)
    plan = await migration_plan(store, PlanRequest())
    links = [(link.kind, link.moving, link.other.code, link.other.verdict) for link in plan.links]
    assert links == [(LinkKind.CROSS_ENVIRONMENT, "SJS-MZ-E", "SJS-GA-RK", Verdict.EXEMPT)]
    assert (plan.link_count(LinkKind.CROSS_ENVIRONMENT), plan.link_count(LinkKind.OUTSIDE_PLAN)) == (1, 0)
    assert "留在政务云之外（豁免：公安、国家安全等部门）" in plan.links[0].message
    assert "Art.28" in plan.links[0].message


async def test_a_plan_of_some_departments_flags_links_outside_it(store: GraphStore) -> None:
    await migration_district(store)
    plan = await migration_plan(store, PlanRequest(departments=(HEALTH,)))
    assert waves(plan) == [["SJS-WJW-1"], ["SJS-WJW-2"]]
    assert {v.code for v in plan.verdicts} == {"SJS-WJW-1", "SJS-WJW-2", "SJS-WJW-SEC"}
    assert sorted((link.kind, link.other.code) for link in plan.links) == [
        (LinkKind.OUTSIDE_PLAN, "SJS-MZ-A"), (LinkKind.OUTSIDE_PLAN, "SJS-MZ-B"),
    ]
    assert (plan.link_count(LinkKind.OUTSIDE_PLAN), plan.link_count(LinkKind.CROSS_ENVIRONMENT)) == (2, 0)  # counted, not made
    assert [c.action for c in plan.clouds] == [CloudAction.BRING_UNDER_GOVERNMENT_CLOUD]
    civil = await migration_plan(store, PlanRequest(departments=(CIVIL,)))
    assert [p.code for p in civil.placements] == ["SJS-MZ-A", "SJS-MZ-B", "SJS-MZ-C", "SJS-MZ-E", "SJS-MZ-ISO", "SJS-MZ-D"]
    assert civil.clouds == ()


async def test_the_same_input_gives_the_same_plan(store: GraphStore) -> None:
    await migration_district(store)
    request = PlanRequest(capacity_per_wave=2, pinned=(Pin("SJS-WJW-2", 6),))
    first, second = await migration_plan(store, request), await migration_plan(store, request)
    assert first == second


@pytest.mark.parametrize(
    ("request_", "message"),
    [
        pytest.param(PlanRequest(capacity_per_wave=0), "capacityPerWave 不能小于 1", id="capacity"),
        pytest.param(PlanRequest(pinned=(Pin("SJS-NONE", 1),)), "SJS-NONE 不存在", id="unknown-pin"),
        pytest.param(PlanRequest(pinned=(Pin("SJS-GA-RK", 1),)), "无须迁移（豁免）", id="exempt-pin"),
        pytest.param(PlanRequest(pinned=(Pin("SJS-MZ-A", 0),)), "批次编号为 1 至", id="wave-zero"),
        pytest.param(PlanRequest(pinned=(Pin("SJS-MZ-A", 1), Pin("SJS-MZ-B", 2))), "却被指定在第 1、2 批", id="split-cycle"),
        pytest.param(PlanRequest(departments=(HEALTH,), pinned=(Pin("SJS-MZ-A", 1),)), "不属于本次规划的部门", id="other-department"),
        pytest.param(PlanRequest(departments=("SJS-NOBODY",)), "没有部门 SJS-NOBODY", id="unknown-department"),
    ],
)
async def test_bad_plan_requests(store: GraphStore, request_: PlanRequest, message: str) -> None:
    await migration_district(store)
    with pytest.raises(InvalidArgumentError, match=message.replace("(", r"\(").replace(")", r"\)")):
        await migration_plan(store, request_)


async def test_an_empty_district_has_an_empty_plan(store: GraphStore) -> None:
    plan = await migration_plan(store, PlanRequest(capacity_per_wave=5))
    assert plan.waves == () and plan.verdicts == () and plan.links == ()


async def test_move_impact_reaches_uses_consumers_and_citations(store: GraphStore) -> None:
    """Art.25, Art.28: moving SJS-MZ-B touches what it holds, what derives from it, and who uses or cites that."""
    await migration_district(store)
    found = await move_impact(store, "SJS-MZ-B")
    assert [n.key for n in found.held] == ["302001/000002"]
    assert [n.key for n in found.derived] == ["302001/000003"]
    assert sorted(n.key for n in found.uses) == ["USE-1", "USE-3"]
    assert sorted(n.key for n in found.consumers) == ["C-TJ", "C-WJW"]
    assert [n.key for n in found.citations] == ["CIT-1"]
    through = await move_impact(store, "SJS-WJW-1")  # USE-1 goes through it; 201001/000002 derives from what it holds
    assert [n.key for n in through.uses] == ["USE-1"] and [n.key for n in through.derived] == ["201001/000002"]
    with pytest.raises(NotFoundError):
        await move_impact(store, "SJS-NONE")


async def test_art27_consolidation_overlap(store: GraphStore) -> None:
    await migration_district(store)
    within = await consolidation_candidates(store, Scope.WITHIN_DEPARTMENT)
    assert [(c.key, round(c.resource_score, 3), round(c.item_score, 3)) for c in within] == [("SJS-MZ-A|SJS-MZ-B", 0.5, 0.667)]
    [pair] = within
    assert pair.shared_resources == ("302001/000002",)
    assert pair.shared_items == ("CITIZEN_ID:公民身份号码", "NONE:救助金额")
    assert "Art.27" in pair.message and pair.caveats == ()
    across = await consolidation_candidates(store, Scope.ACROSS_DEPARTMENTS)
    assert [(c.key, round(c.score, 3)) for c in across] == [("SJS-MZ-B|SJS-WJW-1", 0.333), ("SJS-MZ-A|SJS-WJW-1", 0.25)]
    assert "分属不同部门（区民政局、区卫生健康委）" in across[0].caveats[0]
    assert await consolidation_candidates(store, Scope.ACROSS_DEPARTMENTS, min_score=0.3, department=POLICE) == []
    with pytest.raises(InvalidArgumentError):
        await consolidation_candidates(store, min_score=2)


async def test_a_department_plans_only_what_it_may_see(store: GraphStore) -> None:
    from graph.access import Principal, Role
    from lineage.access import visibility

    await migration_district(store)
    seen = visibility(Principal(CIVIL, frozenset({Role.DEPARTMENT_USER})))
    plan = await migration_plan(store, PlanRequest(), seen)
    assert {v.code for v in plan.verdicts} == {"SJS-MZ-A", "SJS-MZ-B", "SJS-MZ-C", "SJS-MZ-D", "SJS-MZ-E", "SJS-MZ-HIGH", "SJS-MZ-ISO", "SJS-MZ-OLD"}
    assert plan.links == () and plan.clouds == ()  # the police system and the health cloud are not its to see
    changes = Changes()
    changes.upsert_relationship(RelType.EXCHANGES_WITH, system("SJS-MZ-ISO"), system("SJS-MZ-E"))
    await store.apply(changes)
    assert (await migration_plan(store, PlanRequest(), seen)).placement("SJS-MZ-ISO").wave == 2  # type: ignore[union-attr]

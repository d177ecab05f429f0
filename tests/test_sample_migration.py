"""The sample district's migration plan, consolidation candidates, findings and report, on both stores:
everything runs, and every compliance rule fires at least once."""

from __future__ import annotations

from datetime import date

import pytest

from graph.store import GraphStore
from lineage.compliance import RULES, compliance_findings
from lineage.consolidation import Scope, consolidation_candidates
from lineage.migration import LinkKind, Pin, PlanRequest, migration_plan
from lineage.move_impact import move_impact
from lineage.report import annual_report
from lineage.verdicts import CloudAction, Exemption, Verdict
from loaders.sample_district import load_sample

pytestmark = pytest.mark.slow
AS_OF = date(2025, 12, 31)


async def test_the_sample_plan(store: GraphStore) -> None:
    await load_sample(store)
    plan = await migration_plan(store, PlanRequest())
    assert {v.verdict for v in plan.verdicts} == set(Verdict)
    assert {e for v in plan.verdicts if v.verdict is Verdict.EXEMPT for e in v.exemptions} == set(Exemption)
    assert plan.groups and any(link.kind is LinkKind.CROSS_ENVIRONMENT and link.other.verdict is Verdict.EXEMPT for link in plan.links)
    assert {c.cloud.code: c.action for c in plan.clouds} == {"SJS-JW-CLOUD": CloudAction.RETIRE, "SJS-WJW-CLOUD": CloudAction.RETIRE}
    assert all(p.reasons for p in plan.placements)
    assert plan == await migration_plan(store, PlanRequest())
    last = plan.placements[-1].code
    capped = await migration_plan(store, PlanRequest(capacity_per_wave=5, pinned=(Pin(last, 1),)))
    assert all(len(w.placements) <= 5 or w.oversized or w.over_capacity for w in capped.waves)
    assert capped.placement(last).wave == 1  # type: ignore[union-attr]
    impact = await move_impact(store, "SJS-GA-RKXT")
    assert impact.uses and impact.consumers and impact.citations


async def test_the_sample_consolidation_candidates(store: GraphStore) -> None:
    await load_sample(store)
    within = await consolidation_candidates(store, Scope.WITHIN_DEPARTMENT)
    across = await consolidation_candidates(store, Scope.ACROSS_DEPARTMENTS, min_score=0.5)
    assert within and all(c.systems[0].operator == c.systems[1].operator for c in within)
    assert ("SJS-BJ-JSJB", "SJS-BYS-JSJB") in [(c.systems[0].code, c.systems[1].code) for c in across]  # the streets' identical systems


async def test_every_rule_fires_on_the_sample(store: GraphStore) -> None:
    await load_sample(store)
    found = await compliance_findings(store, AS_OF)
    fired = {f.finding.rule for f in found}
    assert fired == {r.id for r in RULES}
    assert all(f.finding.article in f.finding.message for f in found)
    assert all(f.department for f in found)
    assert any(f.due for f in found if f.finding.rule == "NOT_SHARED_WITHOUT_LEGAL_BASIS")  # from order ORD-2025-0002 (Art.38)
    report = await annual_report(store, 2025, AS_OF)
    assert report.findings == found and report.scorecards and report.sharing[-1].year == 2025

"""Migration planning, findings and scorecards over GraphQL on both stores, and who may see them."""

from __future__ import annotations

from typing import Any

import pytest

from api.web.graphiql import EXAMPLES
from graph.access import Principal, Role
from tests.api.conftest import PUBLIC, Server
from tests.builders import CIVIL, POLICE, STATS, lineage_district
from loaders.sample_district import load_sample
from tests.migration_builders import HEALTH, migration_district

CIVIL_USER = Principal(CIVIL, frozenset({Role.DEPARTMENT_USER}), "mz@test")

PLAN = """query($input: MigrationPlanInput) {
  migrationPlan(input: $input) {
    summary { systems moving staying waves cycles crossEnvironmentLinks outsidePlanLinks byVerdict { verdict count } }
    waves { number size oversized overCapacity systems { code wave verdict movesWith pinned reasons { kind message system } dependsOn { provider kinds resources } } }
    cycles
    crossEnvironmentLinks { kind system wave article message other { code verdict exemptingRule } dependency { kinds } }
    outsidePlanLinks { system other { code } }
    staying(verdict: [EXEMPT]) { code exemptions reasons { article } }
    departmentClouds { code action systems { code verdict } department { code } }
  }
}"""


async def test_the_plan_over_graphql(server: Server) -> None:
    await migration_district(server.store)
    data = (await server.gql(PLAN, {"input": {"capacityPerWave": 3, "pinned": [{"system": "SJS-WJW-2", "wave": 6}]}}))["migrationPlan"]
    assert [[s["code"] for s in w["systems"]] for w in data["waves"]] == [
        ["SJS-FGW-XY", "SJS-MZ-E", "SJS-MZ-ISO"], ["SJS-MZ-A", "SJS-MZ-B", "SJS-MZ-C"], ["SJS-MZ-D", "SJS-WJW-1"], [], [], ["SJS-WJW-2"],
    ]
    summary = data["summary"]
    assert (summary["systems"], summary["moving"], summary["staying"], summary["waves"], summary["cycles"]) == (16, 9, 7, 6, 1)
    assert {v["verdict"]: v["count"] for v in summary["byVerdict"]}["EXEMPT"] == 4
    a = data["waves"][1]["systems"][0]
    assert a["movesWith"] == ["SJS-MZ-B", "SJS-MZ-C"] and [r["kind"] for r in a["reasons"]] == ["MOVES_WITH", "WAVE_FULL", "NO_DEPENDENCY"]
    wjw2 = data["waves"][5]["systems"][0]
    assert wjw2["pinned"] and wjw2["dependsOn"] == [{"provider": "SJS-WJW-1", "kinds": ["DERIVED_DATA"], "resources": ["201001/000001"]}]
    assert data["cycles"] == [["SJS-MZ-A", "SJS-MZ-B", "SJS-MZ-C"]]
    [link] = data["crossEnvironmentLinks"]
    assert (link["system"], link["other"], link["dependency"]["kinds"]) == (
        "SJS-MZ-E", {"code": "SJS-GA-RK", "verdict": "EXEMPT", "exemptingRule": "SECURITY_DEPARTMENT"}, ["INTERFACE", "USE_VIA"]
    )
    assert sorted(s["code"] for s in data["staying"]) == ["SJS-GA-RK", "SJS-MZ-HIGH", "SJS-TJ-SM", "SJS-WJW-SEC"]
    assert data["departmentClouds"] == [{
        "code": "SJS-WJW-CLOUD", "action": "BRING_UNDER_GOVERNMENT_CLOUD", "department": {"code": HEALTH},
        "systems": [{"code": "SJS-WJW-1", "verdict": "MUST_MIGRATE"}, {"code": "SJS-WJW-2", "verdict": "MUST_MIGRATE"}, {"code": "SJS-WJW-SEC", "verdict": "EXEMPT"}],
    }]


PAGED = """query($input: MigrationPlanInput, $kind: PlanLinkKind!, $wave: Int, $first: Int!, $after: String) {
  migrationPlan(input: $input) {
    placements(wave: $wave, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { code wave movesWith movesWithCount few: movesWith(first: 1) } } }
    links(kind: $kind, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { kind system wave other { code } message } } }
  }
}"""


async def _walk(server: Server, field: str, variables: dict[str, Any]) -> tuple[list[dict[str, Any]], int]:
    """Every node of the plan's connection `field`, a page of one at a time, and its totalCount."""
    found: list[dict[str, Any]] = []
    after = None
    while True:
        page = (await server.gql(PAGED, {**variables, "first": 1, "after": after}))["migrationPlan"][field]
        found += [edge["node"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            return found, page["totalCount"]
        after = page["pageInfo"]["endCursor"]


async def test_the_plan_pages_its_placements_and_links(server: Server) -> None:
    """The paged fields give what the whole lists gave, in the same order, a page at a time."""
    await migration_district(server.store)
    plan_input = {"capacityPerWave": 3, "pinned": [{"system": "SJS-WJW-2", "wave": 6}]}
    whole = (await server.gql(PLAN, {"input": plan_input}))["migrationPlan"]
    placed = [{"code": s["code"], "wave": s["wave"], "movesWith": s["movesWith"]} for w in whole["waves"] for s in w["systems"]]
    for kind, listed in (("CROSS_ENVIRONMENT", whole["crossEnvironmentLinks"]), ("OUTSIDE_PLAN", whole["outsidePlanLinks"])):
        walked, total = await _walk(server, "placements", {"input": plan_input, "kind": kind})
        assert [{k: p[k] for k in ("code", "wave", "movesWith")} for p in walked] == placed and total == whole["summary"]["moving"] == 9
        assert all(p["movesWithCount"] == len(p["movesWith"]) and p["few"] == p["movesWith"][:1] for p in walked)
        assert any(p["movesWithCount"] == 2 for p in walked)
        links, total = await _walk(server, "links", {"input": plan_input, "kind": kind})
        assert [(link["system"], link["other"]["code"]) for link in links] == [(link["system"], link["other"]["code"]) for link in listed]
        assert total == len(listed) and all(link["kind"] == kind for link in links)
    assert len((await _walk(server, "links", {"input": plan_input, "kind": "CROSS_ENVIRONMENT"}))[0]) == 1
    second, total = await _walk(server, "placements", {"input": plan_input, "kind": "OUTSIDE_PLAN", "wave": 2})
    assert [p["code"] for p in second] == ["SJS-MZ-A", "SJS-MZ-B", "SJS-MZ-C"] and total == 3
    assert (await _walk(server, "placements", {"input": plan_input, "kind": "OUTSIDE_PLAN", "wave": 4})) == ([], 0)
    body = await server.gql(PAGED, {"input": plan_input, "kind": "OUTSIDE_PLAN", "first": 101}, expect_errors=True)
    assert body["errors"][0]["extensions"]["code"] == "INVALID_ARGUMENT"


async def test_a_bad_plan_request_is_an_invalid_argument(server: Server) -> None:
    await migration_district(server.store)
    body = await server.gql(PLAN, {"input": {"pinned": [{"system": "SJS-GA-RK", "wave": 1}]}}, expect_errors=True)
    assert body["errors"][0]["extensions"]["code"] == "INVALID_ARGUMENT" and "无须迁移（豁免）" in body["errors"][0]["message"]
    english = await server.gql(PLAN, {"input": {"pinned": [{"system": "SJS-GA-RK", "wave": 1}]}}, expect_errors=True, language="en")
    assert english["errors"][0]["extensions"]["code"] == "INVALID_ARGUMENT" and "does not move (exempt)" in english["errors"][0]["message"]


async def test_verdicts_page_and_filter(server: Server) -> None:
    await migration_district(server.store)
    query = """query($after: String, $filter: VerdictFilter) {
      migrationVerdicts(first: 10, after: $after, filter: $filter) {
        totalCount pageInfo { hasNextPage endCursor } edges { node { code verdict exemptingRule environment department { code } reasons { rule article message } } }
      }
    }"""
    first = (await server.gql(query))["migrationVerdicts"]
    second = (await server.gql(query, {"after": first["pageInfo"]["endCursor"]}))["migrationVerdicts"]
    codes = [e["node"]["code"] for e in first["edges"] + second["edges"]]
    assert first["totalCount"] == 16 and len(codes) == 16 and codes == sorted(codes) and not second["pageInfo"]["hasNextPage"]
    exempt = (await server.gql(query, {"filter": {"verdict": ["EXEMPT"], "exemption": ["CLASSIFIED"]}}))["migrationVerdicts"]
    assert [e["node"]["code"] for e in exempt["edges"]] == ["SJS-TJ-SM", "SJS-WJW-SEC"]
    node = exempt["edges"][0]["node"]
    assert node["department"] == {"code": STATS} and node["reasons"][0]["article"] == "Art.28"
    one = await server.gql('{ migrationVerdict(system: "SJS-FGW-XY") { verdict reasons { article message } } }')
    assert one["migrationVerdict"]["verdict"] == "RETIRE_TO_PLATFORM" and "Art.15" in one["migrationVerdict"]["reasons"][0]["message"]
    assert (await server.gql('{ migrationVerdict(system: "SJS-NONE") { verdict } }'))["migrationVerdict"] is None


async def test_move_impact_and_consolidation(server: Server) -> None:
    await migration_district(server.store)
    impact = (await server.gql('{ moveImpact(system: "SJS-MZ-B") { counts { held derived uses consumers citations } held { code } citations { ... on Citation { document } } } }'))["moveImpact"]
    assert impact["counts"] == {"held": 1, "derived": 1, "uses": 2, "consumers": 2, "citations": 1}
    assert impact["citations"] == [{"document": "2024年救助工作报告"}]
    query = """query($scope: ConsolidationScope!) { consolidationCandidates(scope: $scope) {
      totalCount edges { node { codes departments score resourceScore itemScore sharedResources sharedItems caveats message systems { code } } } } }"""
    within = (await server.gql(query, {"scope": "WITHIN_DEPARTMENT"}))["consolidationCandidates"]
    assert within["totalCount"] == 1
    node = within["edges"][0]["node"]
    assert (node["codes"], node["departments"], node["score"], node["resourceScore"], node["sharedResources"]) == (
        ["SJS-MZ-A", "SJS-MZ-B"], [CIVIL], 0.6667, 0.5, ["302001/000002"]
    )
    assert node["systems"] == [{"code": "SJS-MZ-A"}, {"code": "SJS-MZ-B"}] and "Art.27" in node["message"]
    across = (await server.gql(query, {"scope": "ACROSS_DEPARTMENTS"}))["consolidationCandidates"]
    assert [e["node"]["codes"] for e in across["edges"]] == [["SJS-MZ-B", "SJS-WJW-1"], ["SJS-MZ-A", "SJS-WJW-1"]]


async def test_a_department_plans_its_own_systems_and_the_public_none(server: Server) -> None:
    await migration_district(server.store)
    mine = (await server.gql(PLAN, principal=CIVIL_USER))["migrationPlan"]
    assert [s["code"] for w in mine["waves"] for s in w["systems"]] == ["SJS-MZ-A", "SJS-MZ-B", "SJS-MZ-C", "SJS-MZ-E", "SJS-MZ-ISO", "SJS-MZ-D"]
    assert mine["crossEnvironmentLinks"] == [] and mine["departmentClouds"] == []
    public = (await server.gql(PLAN, principal=PUBLIC))["migrationPlan"]
    assert public["waves"] == [] and public["summary"]["systems"] == 0
    hidden = await server.gql('{ moveImpact(system: "SJS-GA-RK") { counts { uses } } }', expect_errors=True, principal=CIVIL_USER)
    assert hidden["errors"][0]["extensions"]["code"] == "NOT_FOUND"


FINDINGS = """query($filter: FindingFilter, $first: Int!, $after: String) {
  findings(filter: $filter, asOf: "2025-12-31", first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { rule article severity subject message related dueDate departmentCode department { code } } }
  }
}"""


async def test_findings_are_a_connection_in_a_stable_order(server: Server) -> None:
    await lineage_district(server.store)
    whole = (await server.gql(FINDINGS, {"first": 50}))["findings"]
    assert whole["totalCount"] == 4
    assert [(e["node"]["rule"], e["node"]["article"], e["node"]["subject"]) for e in whole["edges"]] == [
        ("DUPLICATE_COLLECTION", "Art.12", "DataItem:302001/000002#公民身份号码"),
        ("OPEN_DATA_NOT_DESENSITISED", "Art.23", "Resource:301001/000001"),
        ("ONWARD_FLOW_TO_THIRD_PARTY", "Art.24", "Use:USE-2"),
        ("ONWARD_FLOW_TO_THIRD_PARTY", "Art.24", "Use:USE-2"),
    ]
    assert all(e["node"]["article"] in e["node"]["message"] for e in whole["edges"])
    assert whole["edges"][1]["node"]["department"] == {"code": STATS}
    pages: list[dict[str, Any]] = []
    after = None
    while True:
        page = (await server.gql(FINDINGS, {"first": 3, "after": after}))["findings"]
        pages += page["edges"]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert pages == whole["edges"]
    high = (await server.gql(FINDINGS, {"first": 10, "filter": {"severity": ["HIGH"], "rule": ["ONWARD_FLOW_TO_THIRD_PARTY"]}}))["findings"]
    assert high["totalCount"] == 2
    by_department = (await server.gql(FINDINGS, {"first": 10, "filter": {"department": CIVIL, "article": ["Art.12"]}}))["findings"]
    assert [e["node"]["rule"] for e in by_department["edges"]] == ["DUPLICATE_COLLECTION"]
    rules = (await server.gql("{ findingRules { rule article title severity } }"))["findingRules"]
    assert [r["article"] for r in rules][:2] == ["Art.9", "Art.12"] and len(rules) == 13


async def test_a_department_sees_its_own_findings_and_the_public_none(server: Server) -> None:
    await lineage_district(server.store)
    mine = (await server.gql(FINDINGS, {"first": 50}, principal=CIVIL_USER))["findings"]
    assert {e["node"]["departmentCode"] for e in mine["edges"]} == {CIVIL} and mine["totalCount"] == 3
    # What civil affairs may not see (the police's conditional item, the street's consumer) is named 无权查看 (Art.24, Art.29).
    text = str(mine)
    assert "101001/000001#公民身份号码" not in text and "SJS-BYS-APP" not in text and "无权查看" in text
    eic = str((await server.gql(FINDINGS, {"first": 50}))["findings"])
    assert "101001/000001#公民身份号码" in eic and "SJS-BYS-APP" in eic
    other = (await server.gql(FINDINGS, {"first": 50, "filter": {"department": STATS}}, principal=CIVIL_USER))["findings"]
    assert other["totalCount"] == 0
    assert (await server.gql(FINDINGS, {"first": 50}, principal=PUBLIC))["findings"]["totalCount"] == 0


SCORECARD = """query($department: String!) { scorecard(department: $department, year: 2024, asOf: "2025-12-31") {
  department { code } year resources catalogued { done of rate } shareRate { rate } shareTypes { shareType count }
  conditionalReplies { onTime overdue rate { rate } } openRequestReplies { onTime } openResources { done } openPlan
  findingsBySeverity { severity count } score } }"""


async def test_scorecards_for_the_eic_and_for_a_department_itself(server: Server) -> None:
    await lineage_district(server.store)
    card = (await server.gql(SCORECARD, {"department": CIVIL}))["scorecard"]
    assert card["department"] == {"code": CIVIL} and card["year"] == 2024 and card["resources"] == 2
    assert {s["shareType"]: s["count"] for s in card["shareTypes"]} == {"UNCONDITIONAL": 1, "CONDITIONAL": 1, "NOT_SHARED": 0}
    assert {s["severity"]: s["count"] for s in card["findingsBySeverity"]} == {"HIGH": 2, "MEDIUM": 1, "LOW": 0}
    assert card["openPlan"] is False and 0 <= card["score"] <= 100
    assert (await server.gql(SCORECARD, {"department": CIVIL}, principal=CIVIL_USER))["scorecard"]["resources"] == 2
    assert (await server.gql(SCORECARD, {"department": POLICE}, principal=CIVIL_USER))["scorecard"] is None
    assert (await server.gql(SCORECARD, {"department": CIVIL}, principal=PUBLIC))["scorecard"] is None


@pytest.mark.slow
async def test_the_graphiql_examples_run_on_the_sample(server: Server) -> None:
    await load_sample(server.store)
    examples = {title.split(" ")[0]: query for title, query in EXAMPLES}
    plan = (await server.gql(examples["迁移计划"]))["migrationPlan"]
    assert plan["summary"]["moving"] == sum(w["size"] for w in plan["waves"]) == plan["placements"]["totalCount"] > 0
    assert plan["summary"]["cycles"] >= 1 and plan["links"]["totalCount"] == plan["summary"]["crossEnvironmentLinks"]
    assert all(w["size"] <= 10 or w["oversized"] for w in plan["waves"])
    findings = (await server.gql(examples["合规检查"]))["findings"]
    assert findings["totalCount"] > 20 and findings["pageInfo"]["hasNextPage"]


async def test_a_scorecard_year_outside_the_measures_is_an_invalid_argument(server: Server) -> None:
    body = await server.gql('{ scorecard(department: "SJS-MZJ", year: -3414) { score } }', expect_errors=True)
    assert body["errors"][0]["extensions"]["code"] == "INVALID_ARGUMENT" and "年份须在 2017 至 2100 之间" in body["errors"][0]["message"]

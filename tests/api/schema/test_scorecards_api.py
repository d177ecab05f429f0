"""Every department's scorecard in one request (Art.33): the EIC's desk lists them as a table."""

from __future__ import annotations

from graph.access import Principal, Role
from tests.api.conftest import PUBLIC, Server
from tests.builders import CIVIL, POLICE, lineage_district

CIVIL_USER = Principal(CIVIL, frozenset({Role.DEPARTMENT_USER}), "mz@test")
LEADER = Principal("SJS-EIC", frozenset({Role.LEADING_GROUP}), "leader@test")
CARDS = """query($year: Int) { scorecards(year: $year, asOf: "2025-12-31") { department { code } year resources score
  findingsBySeverity { severity count } } }"""
ONE = """query($department: String!) { scorecard(department: $department, year: 2024, asOf: "2025-12-31") {
  department { code } year resources score findingsBySeverity { severity count } } }"""


async def test_the_eic_reads_every_providing_departments_scorecard_as_one_would_alone(server: Server) -> None:
    await lineage_district(server.store)
    # Every findings rule runs first: on a Neo4j that has just started (planning each statement once) that takes a while.
    answer = await server.client.post("/graphql", json={"query": CARDS, "variables": {"year": 2024}}, headers=server.headers(), timeout=300)
    assert answer.status_code == 200 and "errors" not in answer.json(), answer.text
    cards = answer.json()["data"]["scorecards"]
    codes = [c["department"]["code"] for c in cards]
    assert codes == sorted(codes) and CIVIL in codes and POLICE in codes
    assert all(c["resources"] > 0 and c["year"] == 2024 for c in cards)
    for code in (CIVIL, POLICE):
        assert cards[codes.index(code)] == (await server.gql(ONE, {"department": code}))["scorecard"]
    assert (await server.gql(CARDS, {"year": 2024}, principal=LEADER))["scorecards"] == cards


async def test_a_department_reads_only_its_own_scorecard_and_the_public_none(server: Server) -> None:
    await lineage_district(server.store)
    own = (await server.gql(CARDS, {"year": None}, principal=CIVIL_USER))["scorecards"]
    assert [c["department"]["code"] for c in own] == [CIVIL] and own[0]["year"] is None
    assert (await server.gql(CARDS, {"year": 2024}, principal=PUBLIC))["scorecards"] == []


async def test_a_scorecards_year_outside_the_measures_is_an_invalid_argument(server: Server) -> None:
    body = await server.gql("{ scorecards(year: 1990) { score } }", expect_errors=True)
    assert body["errors"][0]["extensions"]["code"] == "INVALID_ARGUMENT" and "2017" in body["errors"][0]["message"]

"""Over HTTP on both stores: lineage answers that mark their frontier, and impact as a list with its
filters, order and the departments to notify (Art.25–26)."""

from __future__ import annotations

from tests.api.conftest import PUBLIC, Server
from tests.builders import CIVIL, STATS, lineage_district
from tests.contract.test_lineage_frontier import CHAIN, chain

FRONTIER = """query($code: String!, $direction: FlowDirection!, $depth: Int!) {
  lineage(code: $code, direction: $direction, depth: $depth, follow: [DERIVATION]) {
    truncated nodes { code depth hasMoreUpstream hasMoreDownstream moreUpstream moreDownstream }
  }
}"""
IMPACT = """query($code: String!, $filter: ImpactListFilter, $sort: ImpactSort, $descending: Boolean) {
  impactList(code: $code, filter: $filter, sort: $sort, descending: $descending, asOf: "2024-06-01") {
    resource { code } totalCount filteredOut hidden truncated
    counts { kind count }
    rows { kind code name depth status inForce department { code name } via { code } node { __typename id } }
    notify { department { code } roles resources }
  }
}"""


async def test_a_chain_at_depth_two_says_there_is_more(server: Server) -> None:
    await chain(server.store)
    data = (await server.gql(FRONTIER, {"code": CHAIN["A"], "direction": "UPSTREAM", "depth": 2}))["lineage"]
    assert data["truncated"] is True
    assert data["nodes"] == [
        {"code": CHAIN["A"], "depth": 0, "hasMoreUpstream": False, "hasMoreDownstream": False, "moreUpstream": 0, "moreDownstream": 0},
        {"code": CHAIN["B"], "depth": 1, "hasMoreUpstream": False, "hasMoreDownstream": False, "moreUpstream": 0, "moreDownstream": 0},
        {"code": CHAIN["C"], "depth": 2, "hasMoreUpstream": True, "hasMoreDownstream": False, "moreUpstream": 1, "moreDownstream": 0},
    ]
    whole = (await server.gql(FRONTIER, {"code": CHAIN["A"], "direction": "UPSTREAM", "depth": 6}))["lineage"]
    assert whole["truncated"] is False and not any(n["hasMoreUpstream"] for n in whole["nodes"])


async def test_impact_list_filters_sorts_and_names_who_to_notify(server: Server) -> None:
    await lineage_district(server.store)
    data = (await server.gql(IMPACT, {"code": "101001/000001"}))["impactList"]
    assert data["resource"] == {"code": "101001/000001"} and data["totalCount"] == len(data["rows"]) == 11
    assert {c["kind"]: c["count"] for c in data["counts"]} == {"DERIVED": 5, "USE": 2, "CONSUMER": 2, "CITATION": 1, "PUBLICATION": 1}
    use = next(r for r in data["rows"] if r["code"] == "USE-1")
    assert use == {
        "kind": "USE", "code": "USE-1", "name": "社区服务", "depth": 2, "status": "GRANTED", "inForce": True,
        "department": {"code": CIVIL, "name": "区民政局"}, "via": {"code": "101001/000002"}, "node": {"__typename": "Use", "id": use["node"]["id"]},
    }
    assert {"department": {"code": STATS}, "roles": ["PROVIDER"], "resources": ["301001/000001", "301001/000002", "301001/000003"]} in data["notify"]

    only = (await server.gql(IMPACT, {"code": "101001/000001", "filter": {"kinds": ["USE"], "departments": [CIVIL]}}))["impactList"]
    assert [r["code"] for r in only["rows"]] == ["USE-1"] and only["filteredOut"] == 10
    by_name = (await server.gql(IMPACT, {"code": "101001/000001", "sort": "NAME", "descending": True}))["impactList"]
    names = [r["name"] for r in by_name["rows"]]
    assert names == sorted(names, reverse=True)


async def test_impact_list_refuses_a_bad_depth_and_hides_what_the_public_may_not_see(server: Server) -> None:
    await lineage_district(server.store)
    answer = await server.client.post("/graphql", json={"query": IMPACT, "variables": {"code": "101001/000001", "filter": {"maxDepth": 0}}}, headers=server.headers())
    errors = answer.json()["errors"]
    assert errors[0]["extensions"]["code"] == "INVALID_ARGUMENT" and "maxDepth" in errors[0]["message"]
    public = await server.gql('{ impactList(code: "301001/000001", filter: {inForceOnly: false}) { hidden rows { code } } }', principal=PUBLIC)
    assert public["impactList"]["hidden"] > 0
    assert all(not r["code"].startswith("redacted") for r in public["impactList"]["rows"])


async def test_lineage_nodes_count_their_resources_usage(server: Server) -> None:
    await lineage_district(server.store)
    query = """{ lineage(code: "101001/000002", direction: DOWNSTREAM, depth: 1, follow: [DERIVATION]) {
        nodes { code kind usage { uses usesInForce consumers hiddenUses } } } }"""
    nodes = {n["code"]: n["usage"] for n in (await server.gql(query))["lineage"]["nodes"]}
    assert nodes["101001/000002"] == {"uses": 1, "usesInForce": 1, "consumers": 1, "hiddenUses": 0}
    assert nodes["302001/000001"] == {"uses": 1, "usesInForce": 1, "consumers": 1, "hiddenUses": 0}
    assert nodes["301001/000001"] == {"uses": 0, "usesInForce": 0, "consumers": 0, "hiddenUses": 0}
    upstream = query.replace("101001/000002", "301001/000001").replace("DOWNSTREAM", "UPSTREAM")
    public = {n["code"]: n["usage"] for n in (await server.gql(upstream, principal=PUBLIC))["lineage"]["nodes"]}
    assert public == {"301001/000001": {"uses": 0, "usesInForce": 0, "consumers": 0, "hiddenUses": 0}, "redacted-1": None}

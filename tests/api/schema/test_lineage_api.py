"""Lineage over GraphQL on both stores: a drawable subgraph, paths, impact, restriction, findings."""

from __future__ import annotations

from tests.api.conftest import PUBLIC, Server
from tests.builders import CIVIL, POLICE, STATS, lineage_district

LINEAGE = """query($code: String!, $direction: FlowDirection!, $depth: Int!, $level: LineageLevel!, $follow: [FlowKind!]) {
  lineage(code: $code, direction: $direction, depth: $depth, level: $level, follow: $follow) {
    truncated depthReached
    nodes { id kind code name depth }
    edges { source target kind relationship transform system desensitisation }
  }
}"""


async def test_lineage_is_a_drawable_subgraph(server: Server) -> None:
    await lineage_district(server.store)
    data = (await server.gql(LINEAGE, {"code": "301001/000003", "direction": "UPSTREAM", "depth": 2, "level": "RESOURCE", "follow": ["DERIVATION"]}))["lineage"]
    ids = {n["id"]: n["code"] for n in data["nodes"]}
    assert [n["code"] for n in data["nodes"]] == ["301001/000003", "301001/000001", "301001/000002", "101001/000002"]
    assert all(e["source"] in ids and e["target"] in ids for e in data["edges"])
    assert {(ids[e["source"]], ids[e["target"]], e["transform"], e["desensitisation"]) for e in data["edges"]} == {
        ("101001/000002", "301001/000001", "按月汇总", False),
        ("101001/000002", "301001/000002", "汇总脱敏", True),
        ("301001/000001", "301001/000003", "综合分析", False),
        ("301001/000002", "301001/000003", "综合分析", False),
    }
    # 101001/000002 derives from 101001/000001, a step beyond the depth: the answer says there is more.
    assert data["depthReached"] == 2 and data["truncated"] is True


async def test_lineage_node_resolves_to_the_full_object(server: Server) -> None:
    await lineage_district(server.store)
    query = '{ lineage(code: "101001/000002", depth: 1) { nodes { kind node { __typename ... on Department { code } ... on Resource { shareType } } } } }'
    nodes = (await server.gql(query))["lineage"]["nodes"]
    assert {"kind": "Department", "node": {"__typename": "Department", "code": POLICE}} in nodes


async def test_a_redacted_placeholder_has_no_object(server: Server) -> None:
    # The explorer asks every node for its effective share type; a placeholder must not fail the answer.
    await lineage_district(server.store)
    query = '{ lineage(code: "301001/000001", depth: 2) { nodes { code redacted node { ... on Resource { effectiveShareType } } } } }'
    nodes = (await server.gql(query, principal=PUBLIC))["lineage"]["nodes"]
    hidden = [n for n in nodes if n["redacted"]]
    assert hidden and all(n["code"].startswith("redacted-") and n["node"] is None for n in hidden)
    assert {"code": "301001/000001", "redacted": False, "node": {"effectiveShareType": "CONDITIONAL"}} in nodes


async def test_paths_impact_and_restriction(server: Server) -> None:
    await lineage_district(server.store)
    paths = (await server.gql('{ lineagePaths(from: "101001/000001", to: "301001/000003") { length edges { relationship transform } } }'))["lineagePaths"]
    assert [p["length"] for p in paths] == [3, 3]
    impact = (await server.gql('{ impact(code: "101001/000002") { counts { derived uses consumers citations publications } notify { ... on Department { code } } } }'))["impact"]
    assert impact["counts"] == {"derived": 4, "uses": 2, "consumers": 2, "citations": 1, "publications": 1}
    assert [d["code"] for d in impact["notify"]] == sorted([POLICE, CIVIL, STATS])
    page = await server.gql(
        "{ resources(first: 10, filter: {provider: \"SJS-TJJ\"}) { edges { node { code shareType effectiveShareType "
        "effectiveRestriction { shareType shareForcedBy { code } personalUpstream { code } } impact { counts { citations } } } } } }"
    )
    rows = {e["node"]["code"]: e["node"] for e in page["resources"]["edges"]}
    assert rows["301001/000001"]["effectiveShareType"] == "CONDITIONAL"
    assert rows["301001/000001"]["effectiveRestriction"]["shareForcedBy"] == {"code": "101001/000002"}
    assert [r["code"] for r in rows["301001/000001"]["effectiveRestriction"]["personalUpstream"]] == ["101001/000002", "101001/000001"]
    assert rows["301001/000002"]["effectiveShareType"] == "UNCONDITIONAL"
    assert rows["301001/000001"]["impact"]["counts"]["citations"] == 1


async def test_lineage_findings_name_their_articles(server: Server) -> None:
    await lineage_district(server.store)
    findings = (await server.gql("{ lineageFindings { rule article severity subject message related } }"))["lineageFindings"]
    assert sorted((f["article"], f["rule"], f["subject"]) for f in findings) == [
        ("Art.12", "DUPLICATE_COLLECTION", "DataItem:302001/000002#公民身份号码"),
        ("Art.23", "OPEN_DATA_NOT_DESENSITISED", "Resource:301001/000001"),
        ("Art.24", "ONWARD_FLOW_TO_THIRD_PARTY", "Use:USE-2"),
        ("Art.24", "ONWARD_FLOW_TO_THIRD_PARTY", "Use:USE-2"),
    ]


async def test_lineage_errors(server: Server) -> None:
    await lineage_district(server.store)
    body = await server.gql('{ lineage(code: "101001/000001", depth: 50) { truncated } }', expect_errors=True)
    assert body["errors"][0]["extensions"]["code"] == "INVALID_ARGUMENT"
    body = await server.gql('{ lineage(code: "SJS-NOTHING") { truncated } }', expect_errors=True)
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"


async def test_one_store_statement_per_lineage_request(server: Server, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from tests.api.schema.test_queries import RoundTrips

    await lineage_district(server.store)
    trips = RoundTrips()
    for name in ("get_many", "page", "page_rows", "neighbours_many", "traverse", "counts"):
        monkeypatch.setattr(server.store, name, trips.wrap(getattr(server.store, name)))
    await server.gql('{ lineage(code: "301001/000003", depth: 6) { nodes { id kind code name depth } edges { source target kind transform } } }')
    assert trips.count == 1

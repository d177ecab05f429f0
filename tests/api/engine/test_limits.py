"""Limits against abusive queries: depth, aliases, tokens, and cost (pages × size, lineage depth × breadth)."""

from __future__ import annotations

import pytest

from tests.api.conftest import Server


@pytest.mark.parametrize(
    ("query", "fragment"),
    [
        pytest.param("{ " + " ".join(f"a{i}: resources {{ totalCount }}" for i in range(40)) + " }", "别名", id="too-many-aliases"),
        pytest.param(
            '{ department(code: "SJS-EIC") { ' + "parent { " * 14 + "code" + " }" * 14 + " } }",
            "嵌套超过",
            id="too-deep",
        ),
        pytest.param(
            "{ resources(first: 100) { edges { node { impact { derived { impact { derived { code } } } } } } } }",
            "开销",
            id="too-costly",
        ),
        pytest.param("{ " + "resources { totalCount } " * 1500 + "}", "词法单元", id="too-many-tokens"),
    ],
)
async def test_abusive_queries_are_refused_before_running(server: Server, query: str, fragment: str) -> None:
    response = await server.client.post("/graphql", json={"query": query}, headers={"Accept": "application/graphql-response+json"})
    assert response.status_code == 400, response.text
    assert any(fragment in e["message"].lower() for e in response.json()["errors"]), response.json()


async def test_a_reasonable_query_passes(server: Server) -> None:
    data = await server.gql('{ resources(first: 50) { edges { node { code items { name } catalogs { code } provider { name } } } } lineage(code: "101001/000001", depth: 6) { truncated } }', expect_errors=True)
    assert all(e["extensions"]["code"] != "QUERY_TOO_COSTLY" for e in data.get("errors", []))

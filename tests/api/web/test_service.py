"""The service around the schema: health, readiness, a store that goes away and comes back, masking, CORS,
the production switches and the fast-path switch."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from starlette.routing import Route

from api.engine.executor import takes_answers
from api.web.app import create_app
from graph.embedded import EmbeddedStore
from graph.errors import StoreUnavailableError
from graph.settings import Settings
from graph.store import GraphStore
from tests.api.conftest import EIC, Server, serve
from tests.builders import lineage_district, small_district

PAGE_READS = ("page", "page_rows")  # a page is read as records, or as rows for an answer built from them (`api.engine.answers`)


async def test_health_and_ready(server: Server) -> None:
    assert (await server.client.get("/health")).json() == {"status": "ok"}
    ready = await server.client.get("/ready")
    assert ready.status_code == 200 and ready.json()["status"] == "ready"


async def test_a_store_that_is_down_gives_503_with_a_code_and_recovers(server: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    await small_district(server.store)
    real = {name: getattr(server.store, name) for name in PAGE_READS + ("ping",)}

    async def down(*args: Any, **kwargs: Any) -> Any:
        raise StoreUnavailableError("Neo4j at bolt://127.0.0.1:1 is unavailable: connection refused")

    for name in real:
        monkeypatch.setattr(server.store, name, down)
    response = await server.client.post("/graphql", json={"query": "{ resources { totalCount } }"})
    assert response.status_code == 503 and response.headers["retry-after"] == "5"
    assert response.json()["errors"][0]["extensions"]["code"] == "STORE_UNAVAILABLE"
    ready = await server.client.get("/ready")
    assert ready.status_code == 503 and ready.json()["code"] == "STORE_UNAVAILABLE"

    for name, method in real.items():
        monkeypatch.setattr(server.store, name, method)
    assert (await server.gql("{ resources { totalCount } }"))["resources"]["totalCount"] == 5
    assert (await server.client.get("/ready")).status_code == 200


async def test_unexpected_errors_are_masked(server: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    async def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("password=hunter2 in a stack trace")

    for name in PAGE_READS:
        monkeypatch.setattr(server.store, name, broken)
    body = await server.gql("{ resources { totalCount } }", expect_errors=True)
    assert body["errors"][0] == {
        "message": "Internal server error",
        "locations": [{"line": 1, "column": 3}],
        "path": ["resources"],
        "extensions": {"code": "INTERNAL_SERVER_ERROR"},
    }
    assert "hunter2" not in str(body)


@pytest.fixture
async def cors_server(store: GraphStore) -> AsyncIterator[Server]:
    async for running in serve(store, cors_origins="https://portal.bjsjs.gov.cn"):
        yield running


async def test_cors_is_configurable(cors_server: Server) -> None:
    headers = {"Origin": "https://portal.bjsjs.gov.cn", "Access-Control-Request-Method": "POST"}
    allowed = await cors_server.client.options("/graphql", headers=headers)
    assert allowed.headers["access-control-allow-origin"] == "https://portal.bjsjs.gov.cn"
    other = await cors_server.client.options("/graphql", headers={**headers, "Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in other.headers


@pytest.fixture
async def locked_down(store: GraphStore) -> AsyncIterator[Server]:
    async for running in serve(store, introspection=False, graphiql=False):
        yield running


async def test_production_switches(locked_down: Server) -> None:
    body = await locked_down.gql("{ __schema { types { name } } }", expect_errors=True)
    assert "introspection" in body["errors"][0]["message"].lower()
    page = await locked_down.client.get("/graphql", headers={"Accept": "text/html"})
    assert page.status_code != 200 or "GraphiQL" not in page.text
    assert (await locked_down.gql("{ me { subject } }"))["me"]["subject"] == "eic@test"


def test_bad_settings_name_the_variable() -> None:
    from graph.errors import InvalidArgumentError
    from graph.settings import Settings

    from graph.i18n import use_language

    with pytest.raises(InvalidArgumentError, match="GOVGRAPH_LINEAGE_MAX_DEPTH 须在 1 到 20 之间，实为 50"):
        Settings.from_environ({"GOVGRAPH_LINEAGE_MAX_DEPTH": "50"})
    with pytest.raises(InvalidArgumentError, match="GOVGRAPH_INTROSPECTION 须为 true 或 false，实为「maybe」"):
        Settings.from_environ({"GOVGRAPH_INTROSPECTION": "maybe"})
    with use_language("en"), pytest.raises(InvalidArgumentError, match="GOVGRAPH_LINEAGE_MAX_DEPTH must be between 1 and 20, got 50"):
        Settings.from_environ({"GOVGRAPH_LINEAGE_MAX_DEPTH": "50"})
    assert Settings.from_environ({"GOVGRAPH_INTROSPECTION": "off"}).introspection is False


def test_the_fast_path_setting_chooses_the_executor(tmp_path: Any) -> None:
    for fast_path in (True, False):
        app = create_app(Settings(fast_path=fast_path), EmbeddedStore(tmp_path / str(fast_path)))
        graphql = next(r for r in app.routes if isinstance(r, Route) and r.path == "/graphql")
        assert takes_answers(graphql.endpoint.__self__.schema) is fast_path  # type: ignore[attr-defined]
    assert Settings.from_environ({"GOVGRAPH_FAST_PATH": "off"}).fast_path is False
    assert Settings().fast_path is True


# What each path answers, over HTTP, byte for byte: pages (plain, with a date, an audited link), a
# lineage (plain, and with its nodes' objects), an impact, a search, a migration plan, an error.
BOTH_PATHS = [
    """{ resources(first: 20) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id code name shareType
        itemCount provider { code name } catalogs { code kind } } } } }""",
    "{ resources(first: 20) { edges { node { code publishedAt version items { name } effectiveShareType } } } }",
    "{ departments(first: 20) { edges { node { code kind roles parent { code } systems { code hosting } } } } }",
    """{ lineage(code: "101001/000002", direction: BOTH, depth: 4) { nodes { id kind code name depth redacted }
        edges { source target kind relationship transform system desensitisation } truncated depthReached } }""",
    '{ lineage(code: "301001/000001", depth: 2) { nodes { code node { __typename ... on Resource { effectiveShareType } } } } }',
    '{ impact(code: "101001/000001") { counts { derived uses consumers citations publications } notify { id code } derived { code } } }',
    '{ search(text: "人口") { totalCount nodes { __typename id ... on Resource { code name } } } }',
    "{ migrationPlan { summary { systems moving waves } waves { number systems { code wave verdict movesWith reasons { kind message } } } } }",
    '{ resource(code: "101001/000001") { code impact { truncated } effectiveRestriction { shareType personalUpstream { code } } } }',
    '{ lineage(code: "NO-SUCH-CODE") { truncated } }',
]


@pytest.fixture
async def both_paths(store: GraphStore) -> AsyncIterator[tuple[Server, Server]]:
    await lineage_district(store)
    async for fast in serve(store, fast_path=True):
        async for general in serve(store, fast_path=False):
            yield fast, general


@pytest.mark.parametrize("query", BOTH_PATHS)
async def test_the_fast_path_answers_what_the_general_path_does(both_paths: tuple[Server, Server], query: str) -> None:
    fast, general = both_paths
    answers = [
        await server.client.post("/graphql", json={"query": query}, headers={"Accept": "application/graphql-response+json", **server.headers(EIC)})
        for server in (fast, general)
    ]
    assert answers[0].status_code == answers[1].status_code
    assert answers[0].content == answers[1].content
    assert b'"data"' in answers[0].content

"""GraphQL over HTTP on both stores: the graphql-http server audit (run by Node.js, tests/js/audit.mjs)
passes every MUST, SHOULD and MAY, and a few things a serious server does that the audit leaves out."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import pytest

from tests.api.conftest import Server
from tests.builders import small_district
from tests.conftest import ROOT

JS = ROOT / "tests" / "js"
NODE_TIMEOUT = 60.0
GRAPHQL_RESPONSE = "application/graphql-response+json"


async def run_node(script: str, *args: str) -> dict[str, Any]:
    """Runs `node tests/js/<script>` without blocking the loop the server runs in; returns its JSON."""
    if not (JS / "node_modules").is_dir():
        pytest.fail("tests/js/node_modules is missing: run scripts/peers (it installs the pinned npm peers)")
    proc = await asyncio.create_subprocess_exec(
        "node", str(JS / script), *args, cwd=JS, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    try:
        out, err = await asyncio.wait_for(proc.communicate(), NODE_TIMEOUT)
    except TimeoutError:
        proc.kill()
        await proc.wait()
        pytest.fail(f"node {script} did not finish within {NODE_TIMEOUT:.0f} s")
    assert proc.returncode == 0, f"node {script} exited with {proc.returncode}:\n{err.decode()}"
    result: dict[str, Any] = json.loads(out)
    return result


async def test_the_graphql_http_audit_passes(server: Server) -> None:
    await small_district(server.store)
    report = await run_node("audit.mjs", f"{server.url}/graphql")
    failures = [f"{r['id']} {r['name']}: {r['reason']} (HTTP {r['httpStatus']})" for r in report["results"] if r["status"] != "ok"]
    assert not failures, "graphql-http audit failures:\n" + "\n".join(failures)
    counts = report["counts"]
    assert all(counts[level]["total"] > 0 and counts[level]["failed"] == 0 for level in ("MUST", "SHOULD", "MAY")), counts


async def _post(server: Server, body: Any, accept: str = GRAPHQL_RESPONSE, **headers: str) -> Any:
    return await server.client.post("/graphql", json=body, headers={"Accept": accept, **headers})


async def test_a_mutation_over_get_is_405_with_allow(server: Server) -> None:
    response = await server.client.get("/graphql", params={"query": "mutation { __typename }"}, headers={"Accept": GRAPHQL_RESPONSE})
    assert response.status_code == 405 and response.headers["allow"] == "POST"
    assert "data" not in response.json()


async def test_a_post_that_is_not_json_is_415(server: Server) -> None:
    response = await server.client.post("/graphql", content='{"query": "{ __typename }"}', headers={"Content-Type": "text/plain"})
    assert response.status_code == 415


async def _big_body() -> AsyncIterator[bytes]:
    yield b'{"query": "{ __typename }", "padding": "'
    for _ in range(11):
        yield b"x" * 100_000
    yield b'"}'


@pytest.mark.parametrize(
    "chunked",
    [pytest.param(False, id="with-content-length"), pytest.param(True, id="chunked")],
)
async def test_a_body_over_1_mb_is_413(server: Server, chunked: bool) -> None:
    headers = {"Content-Type": "application/json"}
    if chunked:
        response = await server.client.post("/graphql", content=_big_body(), headers=headers)
    else:
        response = await server.client.post("/graphql", content=json.dumps({"query": "{ __typename }", "padding": "x" * 1_100_000}), headers=headers)
    assert response.status_code == 413


@pytest.mark.parametrize(
    ("accept", "status", "media_type"),
    [
        pytest.param("application/xml", 406, None, id="xml"),
        pytest.param(f"{GRAPHQL_RESPONSE};q=0, text/html", 406, None, id="refused-with-q0"),
        pytest.param(f"{GRAPHQL_RESPONSE};q=0, application/json", 200, "application/json", id="json-when-ours-is-refused"),
        pytest.param(f"application/json;q=0.5, {GRAPHQL_RESPONSE}", 200, GRAPHQL_RESPONSE, id="preferred"),
        pytest.param("*/*", 200, "application/json", id="anything"),
    ],
)
async def test_accept_is_negotiated(server: Server, accept: str, status: int, media_type: str | None) -> None:
    response = await _post(server, {"query": "{ __typename }"}, accept=accept)
    assert response.status_code == status, response.text
    if media_type is not None:
        assert response.headers["content-type"].split(";")[0] == media_type


@pytest.mark.parametrize(
    ("query", "operation_name", "message"),
    [
        pytest.param("query A { __typename }", "B", "文档中没有名为「B」的操作", id="unknown-name"),
        pytest.param("query A { __typename } query B { __typename }", None, "文档中有多个操作", id="several-without-a-name"),
    ],
)
async def test_an_operation_that_cannot_be_chosen_is_a_request_error(server: Server, query: str, operation_name: str | None, message: str) -> None:
    response = await _post(server, {"query": query, "operationName": operation_name})
    body = response.json()
    assert response.status_code == 400 and "data" not in body and message in body["errors"][0]["message"], body
    # application/json answers request errors with 200 (the spec's SHOULD for that media type), still without data.
    legacy = await _post(server, {"query": query, "operationName": operation_name}, accept="application/json")
    assert legacy.status_code == 200 and "data" not in legacy.json()


async def test_operation_name_picks_one_of_several(server: Server) -> None:
    response = await _post(server, {"query": "query A { a: __typename } query B { b: __typename }", "operationName": "B"})
    assert response.status_code == 200 and response.json() == {"data": {"b": "Query"}}

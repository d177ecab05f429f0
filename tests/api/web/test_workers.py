"""Several processes over one Neo4j (issue 34): `govgraph serve --workers N` and replicas side by side
stay correct together — two replicas racing the same decision, exactly one wins (Art.20); the audit
trail holds both acts; a deadline reads the same everywhere — and the embedded store refuses more than
one worker."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from api.web.dev_tokens import issue
from graph.access import Principal
from graph.settings import Settings
from tests.api.cli.test_cli import govgraph
from tests.api.conftest import EIC, SECRET
from tests.api.schema.sharing_district import APPROVE, CIVIL_USER, CONDITIONAL, CONSUMER, REFUSE, REQUEST, STATS_ADMIN, sharing_district
from tests.api.service_process import Service
from tests.conftest import Neo4jHolder

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]
TOKENS = Settings(jwt_secret=SECRET)
RACES = 12


def headers(principal: Principal) -> dict[str, str]:
    assert principal.department is not None
    return {"Authorization": f"Bearer {issue(TOKENS, principal.department, principal.roles, subject=principal.subject).token}"}


async def mutate(client: httpx.AsyncClient, url: str, mutation: str, variables: dict[str, Any], principal: Principal) -> dict[str, Any]:
    response = await client.post(f"{url}/graphql", json={"query": mutation, "variables": variables}, headers=headers(principal))
    body = response.json()
    assert response.status_code == 200 and "errors" not in body, body
    payload: dict[str, Any] = next(iter(body["data"].values()))
    return payload


@pytest.fixture
async def neo4j_uri_cleared(request: pytest.FixtureRequest, neo4j_holder: Neo4jHolder) -> str:
    store = await neo4j_holder.empty(request)
    await sharing_district(store)
    return store.uri


@pytest.fixture
def replicas(neo4j_uri_cleared: str, tmp_path: Path) -> Iterator[list[Service]]:
    """Two `govgraph serve` processes over the same Neo4j, as two machines behind a load balancer run it."""
    running = []
    try:
        for name in ("a", "b"):
            service = Service(tmp_path / name / "data")
            # The race is about correctness, not speed: a machine shared with other work may take longer
            # than the production budget of one statement (10 s), which would fail a field, not the race.
            service.start(env={"GOVGRAPH_NEO4J_URI": neo4j_uri_cleared, "GOVGRAPH_JWT_SECRET": SECRET, "GOVGRAPH_STORE_TIMEOUT_SECONDS": "60"})
            running.append(service)
        yield running
    finally:
        for service in running:
            service.stop()


async def test_two_replicas_racing_the_same_decision_exactly_one_wins(replicas: list[Service]) -> None:
    a, b = (service.url for service in replicas)
    async with httpx.AsyncClient(timeout=60) as client:
        asked = {"consumer": CONSUMER, "resource": CONDITIONAL, "purpose": "社区流动人口服务管理", "dutyBasis": "《北京市流动人口服务管理办法》第五条"}
        uses = [(await mutate(client, a, REQUEST, asked, CIVIL_USER))["result"] for _ in range(RACES)]
        assert all(use["status"] == "NEGOTIATING" for use in uses)
        # The deadline (10 working days, Art.20) reads the same on the other replica.
        seen = await client.post(f"{b}/graphql", json={"query": 'query($id: String!) { use(id: $id) { replyDue } }', "variables": {"id": uses[0]["useId"]}}, headers=headers(EIC))
        assert seen.json()["data"]["use"]["replyDue"] == uses[0]["replyDue"]
        races = []
        for use in uses:  # the provider's admin approves on one replica and refuses on the other, at once
            ids = {"id": use["useId"], "version": use["version"]}
            races.append(mutate(client, a, APPROVE, ids, STATS_ADMIN))
            races.append(mutate(client, b, REFUSE, {**ids, "reason": "不符合共享条件"}, STATS_ADMIN))
        answers = await asyncio.gather(*races)
        for use, approve, refuse in zip(uses, answers[0::2], answers[1::2]):
            won = [answer for answer in (approve, refuse) if answer["result"] is not None]
            lost = [answer["userErrors"][0]["code"] for answer in (approve, refuse) if answer["result"] is None]
            assert len(won) == 1 and len(lost) == 1, (approve, refuse)
            assert lost[0] in ("CONFLICT", "ILLEGAL_TRANSITION")
            stored = await client.post(
                f"{b}/graphql", json={"query": 'query($id: String!) { use(id: $id) { status version history { action } } }', "variables": {"id": use["useId"]}}, headers=headers(EIC)
            )
            final = stored.json()["data"]["use"]
            assert final["status"] == won[0]["result"]["status"] and final["version"] == use["version"] + 1
            assert [h["action"] for h in final["history"]] == ["requestUse", "approveUse" if final["status"] == "GRANTED" else "refuseUse"]
        trail = await client.post(f"{a}/graphql", json={"query": "{ auditEvents(first: 100) { edges { node { action outcome } } } }"}, headers=headers(EIC))
        decisions = [e["node"] for e in trail.json()["data"]["auditEvents"]["edges"] if e["node"]["action"] in ("approveUse", "refuseUse")]
        assert len(decisions) == 2 * RACES  # both acts of every race, the loser with its code
        assert sum(d["outcome"] == "OK" for d in decisions) == RACES


def workers_of(pid: int) -> list[int]:
    """The worker processes uvicorn's supervisor `pid` started (spawned, not its resource tracker)."""
    found = []
    for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
        if "spawn_main" in Path(f"/proc/{child}/cmdline").read_bytes().decode(errors="replace"):
            found.append(int(child))
    return found


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


async def test_serve_with_two_workers_on_neo4j(neo4j_uri_cleared: str, tmp_path: Path) -> None:
    service = Service(tmp_path / "data")
    service.start("--workers", "2", env={"GOVGRAPH_NEO4J_URI": neo4j_uri_cleared, "GOVGRAPH_JWT_SECRET": SECRET})
    try:
        assert service.process is not None
        workers = workers_of(service.process.pid)
        assert len(workers) == 2
        async with httpx.AsyncClient(base_url=service.url, timeout=60) as client:
            asked = [client.post("/graphql", json={"query": "{ resources(first: 1) { totalCount } }"}, headers=headers(EIC)) for _ in range(32)]
            for response in await asyncio.gather(*asked):
                assert response.status_code == 200 and response.json()["data"]["resources"]["totalCount"] == 7
        assert service.log.read_text().count("Application startup complete.") == 2
    finally:
        service.stop()
    assert service.process.returncode == 0
    assert not any(alive(pid) for pid in workers), "a worker outlived its supervisor"


def test_the_embedded_store_refuses_more_than_one_worker(tmp_path: Path) -> None:
    refused = govgraph(["--data-dir", str(tmp_path / "data")], "serve", "--workers", "2")
    assert refused.returncode == 2
    assert "[INVALID_ARGUMENT] --workers 2 需要 Neo4j" in " ".join(refused.stderr.split())
    assert not (tmp_path / "data" / "lock").exists()  # refused before anything was opened
    english = govgraph(["--lang", "en", "--data-dir", str(tmp_path / "data")], "serve", "--workers", "3")
    assert english.returncode == 2 and "--workers 3 needs Neo4j" in " ".join(english.stderr.split())

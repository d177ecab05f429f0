"""`/report?year=` (Art.34): the annual report page served by the running service, on both stores,
for the EIC and the leading group only."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from graph.access import Principal, Role
from graph.store import GraphStore
from loaders.sample_district import load_sample
from tests.api.conftest import Server, serve

# The report reads the whole district; a Neo4j that has just started plans each statement the first time.
SLOW = 300
LEADING_GROUP = Principal("11110107836834283W", frozenset({Role.LEADING_GROUP}), "leader@test")
HEALTH_ADMIN = Principal("111101075771478671", frozenset({Role.DEPARTMENT_ADMIN, Role.DEPARTMENT_USER}), "health@test")


@pytest.fixture
async def sample_server(store: GraphStore) -> AsyncIterator[Server]:
    await load_sample(store)
    async for running in serve(store, store_timeout_seconds=120):
        yield running


async def test_the_eic_reads_the_2025_report_while_the_service_runs(sample_server: Server) -> None:
    """Art.34: the same self-contained page `govgraph report` writes, printable and downloadable."""
    page = await sample_server.client.get("/report", params={"year": 2025}, headers=sample_server.headers(), timeout=SLOW)
    assert page.status_code == 200, page.text
    assert page.headers["content-type"].startswith("text/html")
    assert page.headers["cache-control"] == "private, no-store"
    html = page.text
    assert "2025年度报告" in html and "<svg" in html
    assert "<script" not in html and "http://" not in html.replace("http://www.w3.org/2000/svg", "")
    leader = await sample_server.client.get("/report?year=2025&download=1", headers=sample_server.headers(LEADING_GROUP), timeout=SLOW)
    assert leader.status_code == 200
    assert leader.headers["content-disposition"] == 'attachment; filename="govgraph-report-2025.html"'


async def test_the_report_is_refused_to_the_public_and_to_departments(sample_server: Server) -> None:
    """Art.34: the report names every department's findings; the public must sign in, a department may not read it."""
    public = await sample_server.client.get("/report?year=2025")
    assert public.status_code == 401 and public.headers["www-authenticate"].startswith("Bearer")
    assert public.json()["error"]["code"] == "UNAUTHENTICATED" and "Art.34" in public.json()["error"]["message"]
    bad_token = await sample_server.client.get("/report?year=2025", headers={"Authorization": "Bearer not.a.token"})
    assert bad_token.status_code == 401
    department = await sample_server.client.get("/report?year=2025", headers=sample_server.headers(HEALTH_ADMIN))
    assert department.status_code == 403 and department.json()["error"]["code"] == "FORBIDDEN"
    assert "领导小组" in department.json()["error"]["message"]


@pytest.mark.parametrize(("query", "words"), [("", "year=2025"), ("?year=abc", "'abc'"), ("?year=1999", "1999"), ("?year=99999", "'99999'")])
async def test_a_bad_year_is_explained_in_chinese(sample_server: Server, query: str, words: str) -> None:
    answer = await sample_server.client.get(f"/report{query}", headers=sample_server.headers())
    assert answer.status_code == 400
    error = answer.json()["error"]
    assert error["code"] == "INVALID_ARGUMENT" and words in error["message"]

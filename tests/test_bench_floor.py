"""The benchmark's floor over HTTP (`bench.floor_server`): the question's rows as JSON, clear errors otherwise."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from neo4j import AsyncDriver

from bench.floor_server import create_app
from bench.workloads import Question, size

pytestmark = pytest.mark.neo4j


async def _rows(driver: AsyncDriver, database: str) -> Any:
    records, _, _ = await driver.execute_query("UNWIND range(1, 3) AS n RETURN n, 'rows' AS what", database_=database)
    return [dict(record) for record in records]


async def test_the_floor_answers_a_questions_rows_as_json(neo4j_uri: str) -> None:
    asked = [Question("with a floor", None, floor=_rows), Question("without one", None)]
    app = create_app(neo4j_uri, asked)
    async with app.router.lifespan_context(app):
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://floor") as client:
            assert (await client.get("/ready")).json() == {"ready": True}
            answer = await client.post("/floor/0", json={"code": "101001/000001"})
            assert answer.status_code == 200 and answer.json() == [{"n": 1, "what": "rows"}, {"n": 2, "what": "rows"}, {"n": 3, "what": "rows"}]
            assert size(answer.json()) == 6
            missing = await client.post("/floor/1", json={})
            assert missing.status_code == 404 and "no floor for question 1" in missing.json()["error"]
            assert (await client.post("/floor/9", json={})).status_code == 404
            wrong = await client.post("/floor/0", content=b"[1, 2]")
            assert wrong.status_code == 400 and "JSON object" in wrong.json()["error"]
            broken = await client.post("/floor/0", content=b"{not json")
            assert broken.status_code == 400 and "not JSON" in broken.json()["error"]

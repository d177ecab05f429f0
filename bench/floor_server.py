"""The floor over HTTP: each question's Cypher, through the Python driver, answered as JSON with no GraphQL.

The issue measures every target through HTTP; the floor is what a hand-written endpoint would do for
the same answer: read the request's JSON parameters, send govgraph's own statements for the question
(`bench.workloads`: the very statements `Neo4jStore` sends, in the same round trips) and write the rows
the driver gave back as JSON. It runs on the same server stack as `govgraph serve` (starlette under
uvicorn, the same `uvicorn.run` settings: uvloop, httptools, access log), so that what separates the
two is govgraph's GraphQL layer: parsing and validating the operation, the token, the store's records,
executing the selection and encoding the answer.

    python -m bench.floor_server --uri bolt://127.0.0.1:7780 --port 7784 --spec '{"tail": …, "hub": …, "grant": {…}}'

`POST /floor/{n}` answers question n of `bench.workloads.questions` (in its order); a question without
a floor is 404. `GET /ready` answers once the driver has reached Neo4j.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date
from typing import Any

import orjson
from neo4j import AsyncDriver, AsyncGraphDatabase, NotificationMinimumSeverity
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bench.workloads import Grant, Question, questions


def spec(tail: str, hub: str, grant: Grant) -> str:
    """What the floor server needs to ask the benchmark's questions, as its `--spec` argument."""
    return json.dumps({"tail": tail, "hub": hub, "grant": {
        "consumer": grant.consumer, "resource": grant.resource, "purpose": grant.purpose, "as_of": grant.as_of.isoformat()}})


def questions_of(spec_text: str, uri: str) -> list[Question]:
    given = json.loads(spec_text)
    grant = Grant(given["grant"]["consumer"], given["grant"]["resource"], given["grant"]["purpose"], date.fromisoformat(given["grant"]["as_of"]))
    return questions(given["tail"], given["hub"], grant, uri)


def create_app(uri: str, asked: list[Question], database: str = "neo4j") -> Starlette:
    driver: list[AsyncDriver] = []

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        # As `Neo4jStore` opens it.
        driver.append(AsyncGraphDatabase.driver(uri, notifications_min_severity=NotificationMinimumSeverity.OFF))
        await driver[0].verify_connectivity()
        try:
            yield
        finally:
            await driver[0].close()

    async def answer(request: Request) -> Response:
        index = int(request.path_params["n"])
        floor = asked[index].floor if 0 <= index < len(asked) else None
        if floor is None:
            return JSONResponse({"error": f"no floor for question {index}"}, status_code=404)
        try:
            parameters: Any = orjson.loads(await request.body() or b"{}")  # read as an endpoint reads its parameters
        except orjson.JSONDecodeError as e:
            return JSONResponse({"error": f"the body is not JSON: {e}"}, status_code=400)
        if not isinstance(parameters, dict):
            return JSONResponse({"error": "the body must be a JSON object"}, status_code=400)
        rows = await floor(driver[0], database)
        return Response(orjson.dumps(rows, default=str), media_type="application/json")

    async def ready(_: Request) -> Response:
        return JSONResponse({"ready": True})

    return Starlette(routes=[Route("/floor/{n:int}", answer, methods=["POST"]), Route("/ready", ready)], lifespan=lifespan)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uri", required=True, help="Neo4j Bolt URI")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--spec", required=True, help="the questions' resources and grant, as `spec()` writes them")
    args = parser.parse_args()
    import uvicorn

    # `govgraph serve`'s call, on 127.0.0.1 only.
    uvicorn.run(create_app(args.uri, questions_of(args.spec, args.uri)), host="127.0.0.1", port=args.port, log_level="info")


if __name__ == "__main__":
    main()

"""The service survives its database: Neo4j reset, black-holed, frozen or killed under a running app.

The app is served over real HTTP (uvicorn) on the real test Neo4j, reached through a fault-injecting
TCP proxy (`tests.fault_proxy`), under both event loops uvicorn may run: uvloop (its default when
installed, as in production) and plain asyncio. Requests flow all the time; every answer is 200 or
503 `STORE_UNAVAILABLE` with `Retry-After`, never a 500, and none waits longer than the bound: the
store's deadline on our side, its connect timeout plus the statement budget (`Neo4jStore.deadline_seconds`),
both set short here. Once Neo4j answers again, so does the service within seconds, and `/ready` says
which it is.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import aclosing, asynccontextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse

import pytest
import uvloop

from graph.errors import InvalidArgumentError
from graph.labels import Label
from graph.neo4j import Neo4jStore, cypher
from graph.records import PageQuery
from graph.settings import Settings
from graph.stores import store_for
from tests.api.conftest import Server, serve
from tests.builders import small_district
from tests.fault_proxy import FaultProxy, Mode

pytestmark = [
    pytest.mark.neo4j,
    # Under uvloop the driver's session meets the dead connection again while it closes (the same
    # `RuntimeError`) and is never marked closed, though its connection was released: the driver warns
    # when the collector takes it. Nothing stays open; the store has replaced the driver by then.
    pytest.mark.filterwarnings(r"ignore:Exception ignored in. <function AsyncWorkspace.__del__:pytest.PytestUnraisableExceptionWarning"),
]
# Loggers that report every expected failure with its exception: pytest would keep those records, and
# with them the exceptions' frames, past the test, so the driver's warnings above would come in a later one.
QUIETED = ("neo4j", "strawberry.execution")

CONNECT_SECONDS = 1.0
BUDGET_SECONDS = 1.0
BOUND = CONNECT_SECONDS + BUDGET_SECONDS  # the store's deadline for one statement
SLACK = 1.0  # a shared CI machine's scheduling, HTTP and the app's own work around the statement
RECOVERY_SECONDS = 5.0  # Neo4j answers again: the service does within this
SCENARIO_SECONDS = 60  # a scenario that hangs fails instead
READ = "{ resources { totalCount } }"
SEARCH = '{ search(text: "人口", first: 3) { totalCount } }'

LoopFactory = Callable[[], asyncio.AbstractEventLoop]
LOOPS = [pytest.param(uvloop.new_event_loop, id="uvloop"), pytest.param(asyncio.new_event_loop, id="asyncio")]


def run(loop_factory: LoopFactory, scenario: Coroutine[Any, Any, object]) -> None:
    """Run `scenario` on a loop of its own kind (the proxy, the app and the store all share it)."""
    levels = {name: logging.getLogger(name).level for name in QUIETED}
    for name in QUIETED:
        logging.getLogger(name).setLevel(logging.CRITICAL)
    try:
        with asyncio.Runner(loop_factory=loop_factory) as runner:
            runner.run(asyncio.wait_for(scenario, SCENARIO_SECONDS))
    finally:
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)
    gc.collect()  # what the faults left unclosed is found now, in this test, not in a later one


@dataclass
class Answer:
    sent: float
    answered: float
    status: int
    code: str | None
    retry_after: str | None

    @property
    def seconds(self) -> float:
        return self.answered - self.sent


@dataclass
class Traffic:
    """Clients sending requests back to back; every answer is kept with its times."""

    server: Server
    query: str = READ
    clients: int = 3
    answers: list[Answer] = field(default_factory=list)
    _stop: asyncio.Event = field(default_factory=asyncio.Event)
    _tasks: list[asyncio.Task[None]] = field(default_factory=list)

    async def __aenter__(self) -> Traffic:
        self._tasks = [asyncio.ensure_future(self._client()) for _ in range(self.clients)]
        return self

    async def __aexit__(self, *exc: object) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    async def stop(self) -> None:
        self._stop.set()
        # Each client ends with its request in flight: none may wait longer than the bound.
        await asyncio.wait_for(asyncio.gather(*self._tasks), BOUND + SLACK + 1)

    async def _client(self) -> None:
        while not self._stop.is_set():
            sent = time.monotonic()
            response = await self.server.client.post("/graphql", json={"query": self.query}, headers=self.server.headers())
            body = response.json()
            code = body["errors"][0].get("extensions", {}).get("code") if body.get("errors") else None
            self.answers.append(Answer(sent, time.monotonic(), response.status_code, code, response.headers.get("retry-after")))
            await asyncio.sleep(0.02)

    def since(self, moment: float) -> list[Answer]:
        return [a for a in self.answers if a.sent >= moment]

    def check(self) -> None:
        """Every answer is a 200 without errors or a 503 the client may retry, each within the bound."""
        for answer in self.answers:
            assert (answer.status, answer.code) in ((200, None), (503, "STORE_UNAVAILABLE")), answer
            if answer.status == 503:
                assert answer.retry_after == "5", answer
            assert answer.seconds <= BOUND + SLACK, answer

    def first_unavailable_after(self, moment: float) -> float:
        """Seconds from `moment` until the first 503 was answered."""
        unavailable = [a.answered for a in self.answers if a.status == 503 and a.answered >= moment]
        assert unavailable, "no 503 while Neo4j was away"
        return min(unavailable) - moment

    def recovered_after(self, moment: float) -> float:
        """Seconds from `moment` until answers are 200 for good (each one sent after it, from then on)."""
        later = self.since(moment)
        assert later and later[-1].status == 200, later[-3:]
        failed = [a for a in later if a.status != 200]
        return (max(a.answered for a in failed) if failed else later[0].answered) - moment


@dataclass
class Rig:
    proxy: FaultProxy
    store: Neo4jStore
    server: Server

    async def ready(self) -> tuple[int, dict[str, Any], float]:
        """/ready's status, body and how long it took."""
        started = time.monotonic()
        response = await self.server.client.get("/ready")
        return response.status_code, response.json(), time.monotonic() - started


@asynccontextmanager
async def rig(neo4j_uri: str) -> AsyncIterator[Rig]:
    """The app over Neo4j through the proxy, with short bounds, holding the small district."""
    upstream = urlparse(neo4j_uri)
    proxy = FaultProxy(upstream.hostname or "127.0.0.1", upstream.port or 7687)
    await proxy.start()
    store = Neo4jStore(proxy.uri, timeout_seconds=BUDGET_SECONDS, connect_timeout_seconds=CONNECT_SECONDS)
    try:
        await store.start()
        await store.clear()
        await small_district(store)
        async with aclosing(serve(store)) as servers:
            async for server in servers:
                yield Rig(proxy, store, server)
    finally:
        await proxy.stop()  # first: nothing the store closes waits on a frozen or dropping proxy
        await store.close()
    assert proxy.accepted > 0  # the app reached Neo4j through the proxy


async def until_ready(rig: Rig) -> float:
    """Seconds until /ready says ready (at most the recovery bound)."""
    started = time.monotonic()
    while True:
        status, body, _ = await rig.ready()
        if status == 200:
            assert body == {"status": "ready", "store": "neo4j"}
            return time.monotonic() - started
        assert time.monotonic() - started < RECOVERY_SECONDS, body
        await asyncio.sleep(0.1)


async def unavailable_ready(rig: Rig) -> float:
    """/ready answers 503 with JSON naming the code, within the connect timeout (its ping's deadline); how long it took."""
    status, body, seconds = await rig.ready()
    assert (status, body["status"], body["code"]) == (503, "unavailable", "STORE_UNAVAILABLE"), body
    assert seconds <= CONNECT_SECONDS + SLACK
    return seconds


async def fault_then_recover(neo4j_uri: str, mode: Mode, fault_seconds: float = 2.5, after_seconds: float = 1.5) -> dict[str, float]:
    """Traffic through `mode` for `fault_seconds`, then through a healthy proxy for `after_seconds`; the measured times."""
    async with rig(neo4j_uri) as r:
        async with Traffic(r.server) as traffic:
            await asyncio.sleep(0.5)
            faulted = time.monotonic()
            await r.proxy.set_mode(mode)
            await asyncio.sleep(fault_seconds)
            ready_503 = await unavailable_ready(r)
            healed = time.monotonic()
            await r.proxy.set_mode(Mode.PASS)
            ready = await until_ready(r)
            await asyncio.sleep(after_seconds)  # answers keep coming, all 200
            await traffic.stop()
        traffic.check()
        assert all(a.status == 200 for a in traffic.answers if a.answered < faulted)
        times = {
            "first 503": traffic.first_unavailable_after(faulted),
            "/ready 503": ready_503,
            "recovered": traffic.recovered_after(healed),
            "/ready 200": ready,
        }
        assert times["first 503"] <= BOUND + SLACK, times
        assert times["recovered"] <= RECOVERY_SECONDS, times
        print(f"{mode.value}: {times}")  # the figures, with -s
        return times


@pytest.mark.parametrize("loop_factory", LOOPS)
def test_connections_reset_once_while_idle_leave_the_pool(neo4j_uri: str, loop_factory: LoopFactory) -> None:
    """The pooled connections are reset while idle (under uvloop the driver kept them and answered 500
    for as long as the service ran): the next requests get new connections and answer 200."""

    async def scenario() -> None:
        async with rig(neo4j_uri) as r:
            for _ in range(3):
                await asyncio.gather(*(r.server.gql(READ) for _ in range(4)))  # several pooled connections
            await r.proxy.set_mode(Mode.RESET)
            await r.proxy.set_mode(Mode.PASS)
            await asyncio.sleep(0.2)  # the resets have arrived
            async with Traffic(r.server) as traffic:
                await asyncio.sleep(2)
                await traffic.stop()
            traffic.check()
            assert traffic.answers and all(a.status == 200 for a in traffic.answers), traffic.answers[:5]
            assert (await r.ready())[0] == 200

    run(loop_factory, scenario())


@pytest.mark.parametrize("loop_factory", LOOPS)
@pytest.mark.parametrize("mode", [Mode.RESET, Mode.DROP, Mode.FREEZE, Mode.CLOSE], ids=lambda m: m.value)
def test_neo4j_away_is_503_within_the_bound_and_back_within_seconds(neo4j_uri: str, loop_factory: LoopFactory, mode: Mode) -> None:
    """reset: every connection and every new one reset; drop: a black hole; freeze: SIGSTOP; close: killed."""
    run(loop_factory, fault_then_recover(neo4j_uri, mode))


@pytest.mark.parametrize("loop_factory", LOOPS)
def test_a_mutation_on_a_frozen_neo4j_ends_within_its_deadline(neo4j_uri: str, loop_factory: LoopFactory) -> None:
    """A write gets the statement budget per statement on our side, after the connect timeout."""
    mutation = 'mutation { updateResource(code: "301001/000001", version: 1, input: {summary: "冻结时"}) { result { version } } }'

    async def scenario() -> None:
        async with rig(neo4j_uri) as r:
            await r.proxy.set_mode(Mode.FREEZE)
            started = time.monotonic()
            response = await r.server.client.post("/graphql", json={"query": mutation}, headers=r.server.headers())
            seconds = time.monotonic() - started
            assert response.status_code == 503, response.text
            assert response.json()["errors"][0]["extensions"]["code"] == "STORE_UNAVAILABLE"
            assert seconds <= CONNECT_SECONDS + BUDGET_SECONDS * 4 + SLACK  # the update's few statements
            await r.proxy.set_mode(Mode.PASS)
            await until_ready(r)
            body = await r.server.gql('{ resource(code: "301001/000001") { version summary } }')
            # Nothing was committed by the frozen attempt (its connection was killed before it could commit).
            assert body["resource"] == {"version": 1, "summary": "常住人口统计摘要"}

    run(loop_factory, scenario())


@pytest.mark.parametrize("loop_factory", LOOPS)
def test_neo4j_back_as_an_empty_database_gets_its_schema_and_search_works(neo4j_uri: str, loop_factory: LoopFactory) -> None:
    """Neo4j killed and replaced by an empty database (its constraints and full-text index gone): the
    store creates the schema again by itself, and search answers without a restart of the service."""

    async def scenario() -> None:
        async with rig(neo4j_uri) as r:
            await r.proxy.set_mode(Mode.CLOSE)
            await unavailable_ready(r)  # a failed call: the store connects anew, and checks the schema then
            await empty_database(neo4j_uri)
            await r.proxy.set_mode(Mode.PASS)
            await until_ready(r)
            await small_district(r.store)
            started = time.monotonic()
            while True:  # the first searches may meet the schema being created again after the reconnection,
                # or the full-text index still coming online past the 1 s budget on a busy machine
                body = await r.server.gql(SEARCH, expect_errors=True)
                if "errors" not in body:
                    break
                assert body["errors"][0]["extensions"]["code"] in {"STORE_UNAVAILABLE", "QUERY_TIMEOUT"}, body
                assert "bulk load" not in body["errors"][0]["message"], body  # no load happened
                assert time.monotonic() - started < RECOVERY_SECONDS, body
                await asyncio.sleep(0.1)
            assert body["data"]["search"]["totalCount"] == 6
            constraints = await r.store._run(cypher.COUNT_KEY_CONSTRAINTS, {"names": cypher.key_constraint_names()})
            assert constraints[0]["n"] == len(Label)

    run(loop_factory, scenario())


async def empty_database(neo4j_uri: str) -> None:
    """Make the test Neo4j an empty database without our schema, as a fresh one is (directly, not through the proxy)."""
    store = Neo4jStore(neo4j_uri)
    await store.start()
    try:
        await store.clear()
        for name in cypher.key_constraint_names():
            await store._run(f"DROP CONSTRAINT {name} IF EXISTS", {}, write=True)
        await store._run("DROP INDEX resource_public IF EXISTS", {}, write=True)
        await store.drop_text_index()
    finally:
        await store.close()


async def test_a_search_on_a_database_without_the_schema_creates_it_and_answers(neo4j_uri: str) -> None:
    """Replaced without the store noticing a reconnection (its connections lived through): the failed
    search itself finds the schema missing, creates it, and runs again."""
    store = Neo4jStore(neo4j_uri)
    await store.start()
    try:
        await empty_database(neo4j_uri)
        await small_district(store)
        assert len((await store.page(PageQuery(Label.RESOURCE, text="人口"))).nodes) == 5
        assert await store.text_index_state() == "ONLINE"
        constraints = await store._run(cypher.COUNT_KEY_CONSTRAINTS, {"names": cypher.key_constraint_names()})
        assert constraints[0]["n"] == len(Label)
    finally:
        await store.ensure_schema()
        await store.close()


@pytest.mark.parametrize("given", ["flag", "variable"])
def test_the_connect_timeout_is_a_setting_that_bounds_reaching_neo4j(given: str) -> None:
    """A port that accepts connections and never answers (a hung Neo4j): the command fails with
    STORE_UNAVAILABLE after the connect timeout given by flag or variable, not the default 5 s."""
    with socket.socket() as hung:
        hung.bind(("127.0.0.1", 0))
        hung.listen()  # the kernel completes each connection; nobody reads from it
        uri = f"bolt://127.0.0.1:{hung.getsockname()[1]}"
        env = {"PATH": "/usr/bin:/bin", "COLUMNS": "200"}
        args = ["--neo4j-uri", uri]
        if given == "flag":
            args += ["--neo4j-connect-timeout-seconds", "1"]
        else:
            env["GOVGRAPH_NEO4J_CONNECT_TIMEOUT_SECONDS"] = "1"
        started = time.monotonic()
        done = subprocess.run([sys.executable, "-c", "from api.cli import main; main()", *args, "stats"], capture_output=True, text=True, env=env, check=False)
        seconds = time.monotonic() - started
    assert done.returncode == 1 and "[STORE_UNAVAILABLE]" in done.stderr, done.stderr
    assert seconds < 5, seconds  # start-up included; with the default the handshake alone waits 5 s


def test_the_connect_timeout_is_checked() -> None:
    with pytest.raises(InvalidArgumentError, match="GOVGRAPH_NEO4J_CONNECT_TIMEOUT_SECONDS 须在 1 到 120 之间，实为 0"):
        Settings.from_environ({"GOVGRAPH_NEO4J_CONNECT_TIMEOUT_SECONDS": "0"})
    store = store_for(Settings.from_environ({"GOVGRAPH_NEO4J_URI": "bolt://127.0.0.1:7687", "GOVGRAPH_NEO4J_CONNECT_TIMEOUT_SECONDS": "3"}))
    assert isinstance(store, Neo4jStore) and store.connect_timeout_seconds == 3 and store.deadline_seconds == 13

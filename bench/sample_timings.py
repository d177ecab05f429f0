"""Timings on the sample district: loading into each store, lineage queries on Neo4j, and the cost of
authorisation on a 50-resource page over HTTP. Prints the figures and writes bench/SAMPLE_RESULTS.md.

    .venv/bin/python -m bench.sample_timings
"""

from __future__ import annotations

import asyncio
import platform
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import httpx
import uvicorn

from api.web.app import create_app
from api.web.dev_tokens import issue
from graph.access import Role
from graph.embedded import EmbeddedStore
from graph.labels import Direction, Label, RelType
from graph.neo4j import Neo4jStore
from graph.records import NodeRef, Step, Traversal
from graph.settings import Settings
from graph.store import GraphStore
from lineage.flow import FlowDirection, steps
from lineage.lineage import ALL_KINDS
from loaders.sample_district import load_sample

ROOT = Path(__file__).resolve().parent.parent
PORT = 7830
EIC = "11110107836834283W"  # 区经济信息化委 in the sample district
STATS = "11110107185980569F"  # 区统计局
RUNS = 30
PAGE = "{ resources(first: 50) { totalCount edges { node { code name provider { name } catalogs { code } itemCount } } } }"


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


async def _time(fn, runs: int = RUNS) -> list[float]:  # type: ignore[no-untyped-def]
    for _ in range(5):  # warm-up: plans cached, connections open
        await fn()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        await fn()
        samples.append(time.perf_counter() - started)
    return samples


async def _load(store: GraphStore) -> float:
    started = time.perf_counter()
    await load_sample(store)
    return time.perf_counter() - started


async def _lineage(store: GraphStore, depth: int) -> list[float]:
    traversal = Traversal((NodeRef(Label.RESOURCE, "101011/000001"),), steps(ALL_KINDS, FlowDirection.UPSTREAM), depth, 500)
    return await _time(lambda: store.traverse(traversal))


async def _page_over_http(store: GraphStore, principal: tuple[str, Role]) -> list[float]:
    settings = Settings(jwt_secret="a bench secret that is at least thirty-two bytes", assets_dir=ROOT / "web" / "node_modules")
    app = create_app(settings, store, owns_store=False)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
    task = asyncio.create_task(server.serve())
    while not server.started:
        await asyncio.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    token = issue(settings, principal[0], [principal[1]]).token
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", headers={"Authorization": f"Bearer {token}"}) as client:

        async def once() -> None:
            response = await client.post("/graphql", json={"query": PAGE})
            assert response.status_code == 200 and "errors" not in response.json(), response.text

        samples = await _time(once)
    server.should_exit = True
    await task
    return samples


async def main() -> None:
    lines = [f"# Sample district timings\n\nMachine: {platform.machine()}, {platform.python_version()}, {time.strftime('%Y-%m-%d')}; median of {RUNS} runs.\n"]
    home = tempfile.mkdtemp(prefix="govgraph-bench-")
    env = {"GOVGRAPH_NEO4J_HOME": home, "PATH": "/usr/bin:/bin"}
    uri = subprocess.run([str(ROOT / "scripts/neo4j"), "start", "--port", str(PORT)], env=env, capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1]
    try:
        with tempfile.TemporaryDirectory() as data:
            embedded = EmbeddedStore(Path(data))
            neo4j = Neo4jStore(uri)
            await embedded.start()
            await neo4j.start()
            await neo4j.clear()
            load_embedded, load_neo4j = await _load(embedded), await _load(neo4j)
            lines.append("| measure | embedded | Neo4j |\n|---|---|---|")
            lines.append(f"| load the sample district (6,241 nodes, 9,992 relationships) | {load_embedded:.2f} s | {load_neo4j:.2f} s |")
            for depth in (3, 6):
                e, n = await _lineage(embedded, depth), await _lineage(neo4j, depth)
                lines.append(f"| upstream lineage depth {depth} of 101011/000001 (one statement) | {_median_ms(e):.2f} ms | {_median_ms(n):.2f} ms |")
            lines.append(
                "\n## Authorisation on a 50-resource page over HTTP (provider, catalogs, item count)\n\n"
                "The EIC sees everything (no filter); the statistics bureau's user gets the visibility "
                "predicates of lineage/access.py inside every store query. Both verify an HS256 token.\n\n"
                "| store | EIC, without filters | department user, with filters | overhead |\n|---|---|---|---|"
            )
            for store_name, store in (("embedded", embedded), ("Neo4j", neo4j)):
                eic = _median_ms(await _page_over_http(store, (EIC, Role.EIC)))
                user = _median_ms(await _page_over_http(store, (STATS, Role.DEPARTMENT_USER)))
                lines.append(f"| {store_name} | {eic:.1f} ms | {user:.1f} ms | {100 * (user - eic) / eic:+.0f}% |")
            await embedded.close()
            await neo4j.close()
    finally:
        subprocess.run([str(ROOT / "scripts/neo4j"), "stop", "--port", str(PORT)], env=env, capture_output=True, check=False)
    text = "\n".join(lines) + "\n"
    print(text)
    (ROOT / "bench" / "SAMPLE_RESULTS.md").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    asyncio.run(main())

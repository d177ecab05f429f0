"""Before and after, statement by statement: the page statements Neo4jStore sends for a question, as
built by the `graph.neo4j.cypher` of another revision (before) and of this checkout (after), sent
through the Python driver to a Neo4j that holds a synthetic district, in alternating rounds.

    .venv/bin/python -m bench.ab_pages --uri bolt://127.0.0.1:7772 --before main --rounds 8 --runs 25 \\
        --graphql http://127.0.0.1:7773/graphql --token "$(govgraph token --department … --role EIC)"

The machine is shared: each round runs every variant of a question in turn, the order reversed the
next round, so that no variant is measured only while the machine is busier; the percentiles are over
every round's requests (nearest rank). What it measures is the store's statement alone (no HTTP, no
GraphQL): the part of `resources(first: 20, filter: {text: …})` that grows with the district.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import os
import subprocess
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
from neo4j import AsyncGraphDatabase

from bench.loadgen import percentile
from graph.access import EVERYTHING
from graph.labels import Label
from graph.neo4j import cypher
from graph.records import PageQuery

ROOT = Path(__file__).resolve().parent.parent
PROPS = ("name",)  # what `resources { edges { node { code name } } }` reads


def module_at(revision: str) -> ModuleType:
    """`graph.neo4j.cypher` as it was at `revision` (it imports this checkout's other modules)."""
    source = subprocess.run(["git", "show", f"{revision}:graph/neo4j/cypher.py"], cwd=ROOT, check=True, capture_output=True, text=True).stdout
    path = Path(tempfile.mkdtemp()) / "cypher_before.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("cypher_before", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


Build = Callable[[], tuple[str, dict[str, Any]]]


def questions(before: ModuleType) -> list[tuple[str, list[tuple[str, Build]]]]:
    """Each question with its variants: (name, statement builder)."""
    found: list[tuple[str, list[tuple[str, Build]]]] = []
    for text in ("人口", "残疾人", "信息"):
        with_total = PageQuery(Label.RESOURCE, text=text, first=20, props=PROPS)
        without = PageQuery(Label.RESOURCE, text=text, first=20, props=PROPS, total=False)

        def old(q: PageQuery = with_total) -> tuple[str, dict[str, Any]]:
            return before.list_page(q, EVERYTHING)  # type: ignore[no-any-return]

        def new(q: PageQuery = without) -> tuple[str, dict[str, Any]]:
            return cypher.list_page(q, EVERYTHING)

        def counted(q: PageQuery = with_total) -> tuple[str, dict[str, Any]]:
            return cypher.list_page(q, EVERYTHING)

        found.append((f"resources(first: 20, filter: {{text: \"{text}\"}})", [
            ("before (counts, asked or not)", old), ("after, totalCount not selected", new), ("after, totalCount selected", counted),
        ]))
    return found


Variant = tuple[str, Callable[[], Awaitable[int]]]  # name, one request answering its size (rows or bytes)


async def alternate(question: str, variants: list[Variant], rounds: int, runs: int, unit: str) -> list[str]:
    """The variants of a question measured in turn, `runs` requests each, the order reversed every other
    round; a table row for each with p50 and p95 over every round's requests (nearest rank)."""
    samples: dict[str, list[float]] = {name: [] for name, _ in variants}
    sizes: dict[str, int] = {}
    for _, call in variants:  # warm-up: plans cached, connections open
        for _ in range(3):
            await call()
    for r in range(rounds):
        for name, call in variants if r % 2 == 0 else variants[::-1]:
            for _ in range(runs):
                started = time.perf_counter()
                sizes[name] = await call()
                samples[name].append((time.perf_counter() - started) * 1000)
    lines = []
    for name, _ in variants:
        ms = sorted(samples[name])
        lines.append(f"| {question} | {name} | {sizes[name]:,} {unit} | {percentile(ms, 50):.1f} | {percentile(ms, 95):.1f} |")
        print(lines[-1], flush=True)
    return lines


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


async def statements(uri: str, revision: str, rounds: int, runs: int) -> list[str]:
    """The page statements before and after, through the driver."""
    before = module_at(revision)
    driver = AsyncGraphDatabase.driver(uri, auth=None)
    try:
        records, _, _ = await driver.execute_query("MATCH (n:Resource) RETURN count(n) AS resources", routing_="r")
        lines = [
            f"Statements through the driver ({records[0]['resources']:,} resources); before = `graph.neo4j.cypher` at {revision}; "
            f"{rounds} rounds × {runs} requests per variant; load average {_load()} before.",
            "", "| question | variant | answer | p50 ms | p95 ms |", "|---|---|---:|---:|---:|",
        ]
        for question, built in questions(before):
            variants: list[Variant] = []
            for name, build in built:
                async def call(build: Build = build) -> int:
                    found, _, _ = await driver.execute_query(*build(), routing_="r")
                    return len(found[0]["page"])
                variants.append((name, call))
            lines += await alternate(question, variants, rounds, runs, "rows")
    finally:
        await driver.close()
    return lines + ["", f"Load average after: {_load()}."]


# GraphQL questions (as the EIC) whose variants differ only in what they select.
SEARCH = "{ resources(first: 20, filter: {text: \"%s\"}) { %s edges { node { code name } } } }"
SEARCH_ALL = "{ search(text: \"%s\", first: 20) { %s nodes { id } } }"
PLAN_WHOLE = """{ migrationPlan { summary { systems moving staying waves cycles crossEnvironmentLinks outsidePlanLinks }
  waves { number size systems { code wave verdict movesWith } } cycles } }"""
PLAN_PAGED = """{ migrationPlan { summary { systems moving staying waves cycles crossEnvironmentLinks outsidePlanLinks }
  waves { number size } placements(first: 100) { totalCount pageInfo { endCursor } edges { node { code wave verdict movesWithCount movesWith(first: 5) } } }
  links(kind: CROSS_ENVIRONMENT, first: 100) { totalCount edges { node { system wave other { code } } } } } }"""
PLAN_LINKS = "{ migrationPlan { crossEnvironmentLinks { system wave other { code } } } }"


async def graphql(url: str, token: str, rounds: int, runs: int) -> list[str]:
    """Questions over HTTP to a running `govgraph serve`, the variants side by side."""
    lines = [
        f"GraphQL over HTTP to `govgraph serve` ({url}, as the EIC); {rounds} rounds × {runs} requests per variant; load average {_load()} before.",
        "", "| question | variant | answer | p50 ms | p95 ms |", "|---|---|---:|---:|---:|",
    ]
    async with httpx.AsyncClient(timeout=600, headers={"Authorization": f"Bearer {token}"}) as client:
        def asking(query: str) -> Callable[[], Awaitable[int]]:
            async def call() -> int:
                answer = await client.post(url, json={"query": query})
                if answer.status_code != 200 or "errors" in answer.json():
                    raise RuntimeError(answer.text[:500])
                return len(answer.content)
            return call

        for text in ("人口", "残疾人"):
            lines += await alternate(f"resources(first: 20, filter: {{text: \"{text}\"}})", [
                ("without totalCount", asking(SEARCH % (text, ""))), ("with totalCount", asking(SEARCH % (text, "totalCount"))),
            ], rounds, runs, "bytes")
            lines += await alternate(f"search(text: \"{text}\", first: 20), every kind", [
                ("without totalCount", asking(SEARCH_ALL % (text, ""))), ("with totalCount", asking(SEARCH_ALL % (text, "totalCount"))),
            ], rounds, runs, "bytes")
        lines += await alternate("migration plan, every system", [
            ("whole waves with their systems and cycles (before)", asking(PLAN_WHOLE)),
            ("summary, waves' sizes, first 100 placements (5 of the systems each moves with) and links (after)", asking(PLAN_PAGED)),
            ("every cross-environment link (deprecated list)", asking(PLAN_LINKS)),
        ], max(2, rounds // 4), max(1, runs // 10), "bytes")
    return lines + ["", f"Load average after: {_load()}."]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--uri", help="Bolt URI of the Neo4j: compare the page statements before and after")
    parser.add_argument("--graphql", help="URL of a running govgraph's /graphql: time its questions")
    parser.add_argument("--token", default="", help="the EIC's bearer token for --graphql")
    parser.add_argument("--before", default="main")
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--runs", type=int, default=25)
    args = parser.parse_args()
    started = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    lines = [f"Run {started}, git {subprocess.run(['git', 'rev-parse', '--short', 'HEAD'], cwd=ROOT, capture_output=True, text=True).stdout.strip()}.", ""]
    if args.uri:
        lines += asyncio.run(statements(args.uri, args.before, args.rounds, args.runs)) + [""]
    if args.graphql:
        lines += asyncio.run(graphql(args.graphql, args.token, args.rounds, args.runs))
    print("\n".join(lines))


if __name__ == "__main__":
    main()

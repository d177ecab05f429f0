"""Before and after, statement by statement: the page statements Neo4jStore sends for a question, as
built by the `graph.neo4j.cypher` of another revision (before) and of this checkout (after), sent
through the Python driver to a Neo4j that holds a synthetic district, in alternating rounds.

    .venv/bin/python -m bench.ab_pages --uri bolt://127.0.0.1:7772 --before main --rounds 8 --runs 25

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
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

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


def questions(before: ModuleType) -> list[tuple[str, list[tuple[str, Callable[[], tuple[str, dict[str, Any]]]]]]]:
    """Each question with its variants: (name, statement builder)."""
    found = []
    for text in ("人口", "残疾人", "信息"):
        with_total = PageQuery(Label.RESOURCE, text=text, first=20, props=PROPS)
        without = PageQuery(Label.RESOURCE, text=text, first=20, props=PROPS, total=False)
        variants = [(f"before ({'totalCount asked or not'})", lambda q=with_total: before.list_page(q, EVERYTHING))]
        variants.append(("after, totalCount not selected", lambda q=without: cypher.list_page(q, EVERYTHING)))
        variants.append(("after, totalCount selected", lambda q=with_total: cypher.list_page(q, EVERYTHING)))
        found.append((f"resources(first: 20, filter: {{text: \"{text}\"}})", variants))
    return found


async def run(uri: str, revision: str, rounds: int, runs: int) -> str:
    before = module_at(revision)
    driver = AsyncGraphDatabase.driver(uri, auth=None)
    lines = [
        f"Run {time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())}: before = `graph.neo4j.cypher` at {revision}, after = this checkout; "
        f"{rounds} rounds × {runs} requests per variant; load average before {' '.join(f'{x:.1f}' for x in os.getloadavg())}.",
        "",
        "| question | variant | rows | p50 ms | p95 ms |",
        "|---|---|---:|---:|---:|",
    ]
    try:
        counts = await _counts(driver)
        lines.insert(1, f"Store: {counts}.")
        for question, variants in questions(before):
            samples: dict[str, list[float]] = {name: [] for name, _ in variants}
            rows: dict[str, int] = {}
            for name, build in variants:  # warm-up: plans cached
                for _ in range(5):
                    await _once(driver, *build())
            for r in range(rounds):
                ordered = variants if r % 2 == 0 else variants[::-1]
                for name, build in ordered:
                    statement, params = build()
                    for _ in range(runs):
                        started = time.perf_counter()
                        record = await _once(driver, statement, params)
                        samples[name].append((time.perf_counter() - started) * 1000)
                    rows[name] = len(record["page"])
            for name, _ in variants:
                ms = sorted(samples[name])
                lines.append(f"| {question} | {name} | {rows[name]} | {percentile(ms, 50):.1f} | {percentile(ms, 95):.1f} |")
                print(lines[-1], flush=True)
    finally:
        await driver.close()
    lines += ["", f"Load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}."]
    return "\n".join(lines)


async def _once(driver: Any, statement: str, params: dict[str, Any]) -> Any:
    records, _, _ = await driver.execute_query(statement, params, routing_="r")
    return records[0]


async def _counts(driver: Any) -> str:
    records, _, _ = await driver.execute_query("MATCH (n:Resource) RETURN count(n) AS resources", routing_="r")
    return f"{records[0]['resources']:,} resources"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--uri", required=True)
    parser.add_argument("--before", default="main")
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--runs", type=int, default=25)
    args = parser.parse_args()
    print(asyncio.run(run(args.uri, args.before, args.rounds, args.runs)))


if __name__ == "__main__":
    sys.exit(main())

"""Throughput with several workers over one Neo4j: `.venv/bin/python -m bench.workers [--scale 1] [--seconds 10]`.

It starts a throw-away Neo4j (`scripts/neo4j`, its own port and directory), generates the synthetic
district into it (`govgraph generate --scale S --seed 7`), and serves it with `govgraph serve --workers N`
for N = 1 and 2 in turn, each time sending a mix of the everyday questions (a catalog page with
providers and catalogs, a text search, an upstream lineage of depth 3, the impact of a hub) as the EIC
from 16 connections at once (concurrency 16), in `ROUNDS` rounds alternating 1 and 2 workers so that
neither is measured only while the machine settles. It writes `bench/WORKERS_RESULTS.md` and
`bench/workers.json`, prints the figures and stops everything it started. Only 127.0.0.1 is used.

Neo4j, the workers and this load generator share the machine's cores: the figures say how much a
second worker adds on this machine, not on a server with Neo4j on its own.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import shutil
import statistics
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from bench.loadgen import Call, HttpConnection, Result, graphql, measure, merged
from bench.run import BENCH, JWT_SECRET, PYTHON, SEED, Processes, govgraph_cli, load_average, log, machine, wait_http
from bench.workloads import CATALOG_PAGE, IMPACT, LINEAGE, SEARCH, SEARCH_TEXT
from loaders.synthetic import SyntheticDistrict

CONCURRENCY = 16
WORKERS = (1, 2)
ROUNDS = 5
PORTS = {"neo4j": 7841, "serve": 7842}  # the defaults of --neo4j-port and --port
EIC_CODE = "SJS-D0003"  # the synthetic district's EIC (loaders.synthetic: the third department)


def mix(tail: str, hub: str) -> list[tuple[str, str, dict[str, Any]]]:
    """The questions every connection asks in turn."""
    return [
        ("catalog page", CATALOG_PAGE, {}),
        ("search", SEARCH, {"text": SEARCH_TEXT}),
        ("lineage depth 3", LINEAGE, {"code": tail, "depth": 3}),
        ("impact of a hub", IMPACT, {"code": hub}),
    ]


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of a process and all its descendants, as far as /proc shows them now."""
    ticks = os.sysconf("SC_CLK_TCK")
    total, todo = 0.0, [pid]
    while todo:
        current = todo.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
            todo += [int(c) for c in Path(f"/proc/{current}/task/{current}/children").read_text().split()]
        except (OSError, IndexError, ValueError):
            continue
    return total


def maker(port: int, token: str, questions: list[tuple[str, str, dict[str, Any]]]) -> Callable[[], Awaitable[tuple[Call, Callable[[], Awaitable[None]]]]]:
    """Connections that each ask the mix's questions in turn, starting at a different one."""
    starts = itertools.count()

    async def make() -> tuple[Call, Callable[[], Awaitable[None]]]:
        connection = HttpConnection(port, headers={"Authorization": f"Bearer {token}"})
        turn = itertools.islice(itertools.cycle(questions), next(starts) % len(questions), None)

        async def call() -> int:
            _name, query, variables = next(turn)
            size, _answer = await graphql(connection, query, variables)
            return size

        return call, connection.close

    return make


async def bench(scale: float, seconds: float, work: Path, procs: Processes) -> dict[str, Any]:
    district = SyntheticDistrict(scale, SEED)
    tail, hub = district.chain_tails[0], district.hubs[0]
    log(f"scale {scale}: starting Neo4j on {PORTS['neo4j']}")
    uri = procs.start_neo4j(PORTS["neo4j"], work / "neo4j")
    log(f"scale {scale}: govgraph generate into Neo4j")
    # Budgets as the main benchmark's: a machine busy with other work must not cut the load or a lineage.
    done = govgraph_cli("--neo4j-uri", uri, "generate", "--scale", str(scale), "--seed", str(SEED), env={"GOVGRAPH_STORE_TIMEOUT_SECONDS": "600"})
    if done.returncode != 0:
        raise RuntimeError(f"generate failed:\n{done.stderr}")
    log(f"  {done.stdout.strip()}")
    env = {"GOVGRAPH_JWT_SECRET": JWT_SECRET, "GOVGRAPH_NEO4J_URI": uri, "GOVGRAPH_STORE_TIMEOUT_SECONDS": "120"}
    issued = govgraph_cli("--data-dir", str(work / "keys"), "token", "--department", EIC_CODE, "--role", "EIC", env={"GOVGRAPH_JWT_SECRET": JWT_SECRET})
    if issued.returncode != 0:
        raise RuntimeError(f"no token: {issued.stderr}")
    token = issued.stdout.strip()
    questions = mix(tail, hub)
    parts: dict[int, list[Result]] = {n: [] for n in WORKERS}
    cores: dict[int, list[tuple[float, float]]] = {n: [] for n in WORKERS}
    neo4j_pid = int((work / "neo4j" / "neo4j.pid").read_text().strip())
    for round_number in range(ROUNDS):
        order = WORKERS if round_number % 2 == 0 else tuple(reversed(WORKERS))
        for workers in order:
            serve = procs.start(
                f"serve-{workers}", [PYTHON, "-c", "from api.cli import main; main()", "serve", "--port", str(PORTS["serve"]), "--workers", str(workers)],
                env, work / f"serve-{workers}-{round_number}.log",
            )
            wait_http(f"http://127.0.0.1:{PORTS['serve']}/ready", 120, lambda status, body: status == 200, serve)
            make = maker(PORTS["serve"], token, questions)
            await measure(make, CONCURRENCY, 400, 3.0, 0)  # every worker warmed: statements planned, caches filled
            before = (cpu_seconds(serve.pid), cpu_seconds(neo4j_pid))
            result = await measure(make, CONCURRENCY, 10**9, seconds, 0)
            used = ((cpu_seconds(serve.pid) - before[0]) / result.seconds, (cpu_seconds(neo4j_pid) - before[1]) / result.seconds)
            parts[workers].append(result)
            cores[workers].append(used)
            log(f"  round {round_number + 1}, {workers} worker(s): {result.throughput:.0f} requests/s, p50 {result.p50:.1f} ms, p95 {result.p95:.1f} ms; "
                f"cores busy: govgraph {used[0]:.2f}, Neo4j {used[1]:.2f}; load average {load_average()}")
            procs.stop(serve)
    cells = {}
    for workers, results in parts.items():
        whole = merged(results)
        cells[str(workers)] = {
            **whole.as_dict(),
            "rounds": [round(r.throughput, 1) for r in results],
            "median_round": round(statistics.median(r.throughput for r in results), 1),
            "govgraph_cores": round(statistics.median(c[0] for c in cores[workers]), 2),
            "neo4j_cores": round(statistics.median(c[1] for c in cores[workers]), 2),
        }
    return {"scale": scale, "seed": SEED, "mix": [name for name, _q, _v in questions], "concurrency": CONCURRENCY, "seconds_per_round": seconds, "workers": cells}


def render(found: dict[str, Any], info: dict[str, Any]) -> str:
    one, two = found["workers"]["1"], found["workers"]["2"]
    lines = [
        "# Throughput with several workers over one Neo4j",
        "",
        "`.venv/bin/python -m bench.workers` (bench/workers.py): `govgraph serve --workers N` over one Neo4j holding the synthetic",
        f"district (scale {found['scale']:g}, seed {found['seed']}), asked by 16 connections at once (concurrency {found['concurrency']}) a mix",
        f"of {', '.join(found['mix'])}, each in turn, as the EIC; {ROUNDS} rounds of {found['seconds_per_round']:g} s per worker count,",
        "alternating 1 and 2 workers. Neo4j, the workers and the load generator share the machine's cores.",
        "",
        f"Measured {info['date']} on {info['cpu']} ({info['cores']} cores, {info['memory_gib']} GiB), git {info['git']}; load average",
        f"before {info['load_before']}, after {info['load_after']}.",
        "",
        "<!-- --8<-- [start:table] -->",
        "| workers | requests/s (all rounds) | each round | p50 ms | p95 ms | p99 ms | requests | cores busy: govgraph, Neo4j (median) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for n in ("1", "2"):
        cell = found["workers"][n]
        rounds = ", ".join(f"{r:g}" for r in cell["rounds"])
        lines.append(
            f"| {n} | {cell['throughput']:g} | {rounds} | {cell['p50_ms']:g} | {cell['p95_ms']:g} | {cell['p99_ms']:g} | {cell['requests']} "
            f"| {cell.get('govgraph_cores', '?')}, {cell.get('neo4j_cores', '?')} |"
        )
    lines += ["", f"Two workers against one: {two['throughput'] / one['throughput']:.2f}× the throughput.", "<!-- --8<-- [end:table] -->"]
    return "\n".join(lines) + "\n"


async def main_async(scale: float, seconds: float, keep: bool) -> None:
    info = machine()
    info["load_before"] = load_average()
    procs = Processes()
    work = Path(tempfile.mkdtemp(prefix="govgraph-bench-workers-"))
    log(f"work directory {work}")
    try:
        found = await bench(scale, seconds, work, procs)
    finally:
        procs.stop_all()
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
    info["load_after"] = load_average()
    text = render(found, info)
    (BENCH / "WORKERS_RESULTS.md").write_text(text, encoding="utf-8")
    (BENCH / "workers.json").write_text(json.dumps({"machine": info, **found}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="the synthetic district's scale (default 1)")
    parser.add_argument("--seconds", type=float, default=10.0, help="seconds measured per round and worker count (default 10)")
    parser.add_argument("--keep", action="store_true", help="keep the work directory (Neo4j and server logs)")
    parser.add_argument("--neo4j-port", type=int, default=PORTS["neo4j"], help=f"the throw-away Neo4j's Bolt port (default {PORTS['neo4j']})")
    parser.add_argument("--port", type=int, default=PORTS["serve"], help=f"the port govgraph serve listens on (default {PORTS['serve']})")
    args = parser.parse_args()
    PORTS.update(neo4j=args.neo4j_port, serve=args.port)
    asyncio.run(main_async(args.scale, args.seconds, args.keep))


if __name__ == "__main__":
    main()

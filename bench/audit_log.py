"""The audit trail under an hour's worth of audited reads: `.venv/bin/python -m bench.audit_log [--events 1000000]`
(`--neo4j-uri bolt://…` for the Neo4j store).

It generates the synthetic district (S=1, seed 7) and serves it twice: govgraph as it is, and a
baseline whose reads record nothing (`serve --unaudited`, which turns `AuditTrail.record` into a
no-op in that process only; on the embedded store each serves its own copy of one data directory,
on Neo4j both serve the same database). The page is 50 conditional resources with their items, as
the EIC: each answer records 50 `READ_DETAIL` events. It measures

- the page's latency on both (p50/p95, concurrency 1, rounds alternating between them), before
  and again after the volume run;
- the volume run: pages against the audited server until `--events` events are recorded, with the
  server's RSS, the log's size on disk and the p95 of every window of pages as the trail grows;
- the EIC's queries of the whole trail at the end (a filtered, counted page; a page deep into it).

It writes the figures into bench/AUDIT_RESULTS.md (between the markers) and prints them. Only
127.0.0.1 is used; everything started is stopped.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.loadgen import HttpConnection, Result, graphql, merged, percentile
from bench.service import Service

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "AUDIT_RESULTS.md"
BEGIN, END = "<!-- results:begin -->", "<!-- results:end -->"
SECRET = "govgraph-bench-secret-0123456789abcdef0123456789"
EIC_DEPARTMENT = "SJS-EIC"
PAGE = "{ resources(first: 50, filter: {shareType: [CONDITIONAL]}) { edges { node { code name items { name } } } } }"
ROUND = 50  # pages per latency round
ROUNDS = 24  # latency rounds per server, alternating (short rounds: a burst of the machine's other work hits both alike)
WINDOW = 2_000  # pages per window of the volume run
TRAIL = {
    "reads, counted": '{ auditEvents(first: 50, filter: {action: "READ_DETAIL"}) { totalCount edges { node { id subject } } } }',
    "one subject, counted": '{ auditEvents(first: 50, filter: {subject: "%s"}) { totalCount edges { node { id at } } } }',
    "a page 90% into the trail": '{ auditEvents(first: 50, after: "%s") { edges { node { id } } pageInfo { hasNextPage } } }',
}


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of the process and its threads, in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def children(pid: int) -> list[int]:
    """The running children of a process (the embedded store's audit writer, a compaction)."""
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def helpers_cpu(pid: int) -> float:
    total = 0.0
    for child in children(pid):
        try:
            total += cpu_seconds(child)
        except OSError:
            continue
    return total


def bytes_under(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.exists() else 0


def server(name: str, data_dir: Path, neo4j_uri: str | None, unaudited: bool, log: Path) -> Service:
    """`govgraph serve` (audited, or the baseline) in a process of its own."""
    env = {"GOVGRAPH_DATA_DIR": str(data_dir), "GOVGRAPH_JWT_SECRET": SECRET, "GOVGRAPH_MAX_QUERY_COST": "10000000"}
    if neo4j_uri:
        env |= {"GOVGRAPH_NEO4J_URI": neo4j_uri, "GOVGRAPH_STORE_TIMEOUT_SECONDS": "120"}
    return Service(name, ["-m", "bench.audit_log", "serve", *(["--unaudited"] if unaudited else [])], env, log)


def token() -> str:
    from api.web.dev_tokens import issue
    from graph.access import Role
    from graph.settings import Settings

    return issue(Settings(jwt_secret=SECRET), EIC_DEPARTMENT, [Role.EIC], subject="bench-audit").token


async def pages(connection: HttpConnection, n: int) -> list[float]:
    """Ask the page `n` times in a row; its latencies in ms."""
    await connection.close()  # a connection idle longer than uvicorn keeps one (5 s) is gone: open a new one
    latencies = []
    for _ in range(n):
        t = time.perf_counter()
        await graphql(connection, PAGE)
        latencies.append((time.perf_counter() - t) * 1000)
    return latencies


def result(latencies: list[float], seconds: float) -> Result:
    ordered = sorted(latencies)
    return Result(1, len(ordered), seconds, percentile(ordered, 50), percentile(ordered, 95), percentile(ordered, 99), 0, tuple(ordered))


async def latency(audited: Service, baseline: Service, connections: dict[str, HttpConnection]) -> dict[str, Any]:
    """Both servers' page latency, in rounds alternating between them, and the CPU each spent per page
    (its threads included: the audit writer's work is counted where it is done)."""
    parts: dict[str, list[Result]] = {"audited": [], "unaudited": []}
    cpu = {"audited": 0.0, "unaudited": 0.0}
    helper = {"audited": 0.0, "unaudited": 0.0}
    servers = {"audited": audited, "unaudited": baseline}
    for r in range(ROUNDS):
        names = ["audited", "unaudited"] if r % 2 == 0 else ["unaudited", "audited"]
        for name in names:
            pid = servers[name].process.pid
            before, helper_before = cpu_seconds(pid), helpers_cpu(pid)
            started = time.perf_counter()
            found = await pages(connections[name], ROUND)
            parts[name].append(result(found, time.perf_counter() - started))
            await asyncio.sleep(0.05)  # the audited server's last batch is written
            cpu[name] += cpu_seconds(pid) - before
            helper[name] += helpers_cpu(pid) - helper_before
    n = ROUND * ROUNDS
    load = round(os.getloadavg()[0], 1)  # the machine's other work, which weighs on the audited server's writer too
    found: dict[str, Any] = {
        name: {
            **merged(latencies).as_dict(), "cpu_ms_per_page": round(cpu[name] * 1000 / n, 2),
            "writer_cpu_ms_per_page": round(helper[name] * 1000 / n, 2),
        }
        for name, latencies in parts.items()
    }
    return {**found, "load": {"1min": load}}


async def count_events(connection: HttpConnection) -> int:
    await connection.close()
    _, answer = await graphql(connection, '{ auditEvents(first: 1) { totalCount } }')
    return int(answer["data"]["auditEvents"]["totalCount"])


async def trail_queries(connection: HttpConnection, deep: str | None) -> dict[str, float]:
    """The EIC's reads of the whole trail: ms each (the best of three); `deep` is an id 90% into it."""
    from api.engine.ids import cursor

    _, first = await graphql(connection, TRAIL["reads, counted"])
    subject = first["data"]["auditEvents"]["edges"][0]["node"]["subject"]
    found = {}
    for name, query in TRAIL.items():
        if "after:" in query:
            if deep is None:
                continue
            query = query % cursor(deep)
        elif "%s" in query:
            query = query % subject
        times = []
        for _ in range(3):
            t = time.perf_counter()
            await graphql(connection, query)
            times.append((time.perf_counter() - t) * 1000)
        found[name] = min(times)
    return found


async def run(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    log = work / "servers.log"
    data = work / "audited"
    if args.neo4j_uri:
        from graph.neo4j import Neo4jStore

        async with Neo4jStore(args.neo4j_uri) as neo4j:  # from nothing: the trail's figures are this run's
            await neo4j.clear()
        subprocess.run(
            [sys.executable, "-c", "from api.cli import main; main()", "--neo4j-uri", args.neo4j_uri, "generate", "--scale", "1", "--seed", "7"],
            check=True, cwd=ROOT, stdout=subprocess.DEVNULL,
        )
        baseline_data = data
    else:
        subprocess.run(
            [sys.executable, "-c", "from api.cli import main; main()", "--data-dir", str(data), "generate", "--scale", "1", "--seed", "7"],
            check=True, cwd=ROOT, stdout=subprocess.DEVNULL,
        )
        baseline_data = work / "unaudited"
        shutil.copytree(data, baseline_data)
    audited_server = server("audited", data, args.neo4j_uri, False, log)
    baseline_server = server("unaudited", baseline_data, args.neo4j_uri, True, log)
    report: dict[str, Any] = {"store": "neo4j" if args.neo4j_uri else "embedded", "events_goal": args.events}
    headers = {"Authorization": f"Bearer {token()}"}
    try:
        await audited_server.ready()
        await baseline_server.ready()
        audited, baseline = HttpConnection(audited_server.port, headers=headers), HttpConnection(baseline_server.port, headers=headers)
        before_events = await count_events(audited)
        await pages(audited, 20)
        await pages(baseline, 20)
        per_page = (await count_events(audited) - before_events) // 20
        report["events_per_page"] = per_page
        if per_page < 1:
            raise RuntimeError("the page records no audit event: nothing to measure")
        connections = {"audited": audited, "unaudited": baseline}
        report["latency_before"] = await latency(audited_server, baseline_server, connections)
        print("latency (empty trail):", json.dumps(report["latency_before"]), flush=True)

        windows = []
        started = time.perf_counter()
        total = await count_events(audited)
        rss_start = rss_mib(audited_server.process.pid)
        deep = None  # an id (a time) 90% into the trail: ids sort by time
        while total < args.events:
            if deep is None and total >= 0.9 * args.events:
                deep = f"{datetime.datetime.now(datetime.UTC):%Y%m%dT%H%M%S%f}"
            t = time.perf_counter()
            found = await pages(audited, WINDOW)
            total = await count_events(audited)
            window = {
                "events": total, "seconds": round(time.perf_counter() - t, 1),
                "p50_ms": round(percentile(sorted(found), 50), 2), "p95_ms": round(percentile(sorted(found), 95), 2),
                "rss_mib": round(rss_mib(audited_server.process.pid), 1),
                "helpers_rss_mib": round(sum(rss_mib(c) for c in children(audited_server.process.pid)), 1),
                "log_mib": round(bytes_under(data / "audit") / 2**20, 1),
            }
            windows.append(window)
            print("volume:", json.dumps(window), flush=True)
        report["volume"] = {
            "seconds": round(time.perf_counter() - started, 1), "events": total, "rss_start_mib": round(rss_start, 1), "windows": windows,
        }
        report["latency_after"] = await latency(audited_server, baseline_server, connections)
        print("latency (full trail):", json.dumps(report["latency_after"]), flush=True)
        report["trail_queries_ms"] = {k: round(v, 1) for k, v in (await trail_queries(audited, deep)).items()}
        print("trail queries:", json.dumps(report["trail_queries_ms"]), flush=True)
        await audited.close()
        await baseline.close()
    finally:
        audited_server.stop()
        baseline_server.stop()
    if not args.neo4j_uri:
        report["log_bytes_per_event"] = round(bytes_under(data / "audit") / max(total, 1))
    return report


def markdown(report: dict[str, Any]) -> str:
    lines = [
        f"Run of {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC, {report['store']} store, {platform.machine()}, "
        f"{os.cpu_count()} cores; the page: 50 conditional resources with their items, as the EIC "
        f"({report['events_per_page']} `READ_DETAIL` events each), concurrency 1.",
        "",
        "| page | trail | p50 ms | p95 ms | p95 ÷ unaudited | server CPU per page, ms | its helper processes' CPU per page, ms |",
        "|---|---|---|---|---|---|---|",
    ]
    for when, key in (("empty", "latency_before"), (f"{report['volume']['events']:,} events", "latency_after")):
        found = report[key]
        when = f"{when} (load {found['load']['1min']})"
        ratio = found["audited"]["p95_ms"] / found["unaudited"]["p95_ms"]
        a, u = found["audited"], found["unaudited"]
        lines.append(f"| audited | {when} | {a['p50_ms']} | {a['p95_ms']} | **{ratio:.2f}×** | {a['cpu_ms_per_page']} | {a['writer_cpu_ms_per_page']} |")
        lines.append(f"| unaudited | {when} | {u['p50_ms']} | {u['p95_ms']} | | {u['cpu_ms_per_page']} | {u['writer_cpu_ms_per_page']} |")
    volume = report["volume"]
    windows = volume["windows"]
    lines += [
        "",
        f"The volume run: {volume['events']:,} events in {volume['seconds']:,} s. Server RSS at its start "
        f"{volume['rss_start_mib']} MiB; by window of {WINDOW:,} pages:",
        "",
        "| events | p50 ms | p95 ms | server RSS MiB | its helper processes' RSS MiB | log on disk MiB |",
        "|---|---|---|---|---|---|",
    ]
    step = max(1, len(windows) // 10)
    for w in [*windows[::step], *([windows[-1]] if (len(windows) - 1) % step else [])]:
        lines.append(
            f"| {w['events']:,} | {w['p50_ms']} | {w['p95_ms']} | {w['rss_mib']} | {w['helpers_rss_mib']} | "
            f"{w['log_mib'] if report['store'] == 'embedded' else '—'} |"
        )
    if "log_bytes_per_event" in report:
        lines += ["", f"The log holds {report['log_bytes_per_event']} bytes per event on disk (SQLite, with its indexes)."]
    lines += ["", "The EIC's reads of the whole trail (ms, best of three): " + "; ".join(f"{k} {v}" for k, v in report["trail_queries_ms"].items()) + "."]
    return "\n".join(lines)


def write_results(report: dict[str, Any]) -> None:
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else f"# The audit trail under load\n\n{BEGIN}\n{END}\n"
    section = f"<!-- {report['store']} -->\n{markdown(report)}\n<!-- /{report['store']} -->"
    inside = text[text.index(BEGIN) + len(BEGIN) : text.index(END)]
    pattern = re.compile(rf"<!-- {report['store']} -->.*?<!-- /{report['store']} -->", re.S)
    inside = pattern.sub(section, inside) if pattern.search(inside) else f"{inside.rstrip()}\n\n{section}\n"
    RESULTS.write_text(text[: text.index(BEGIN) + len(BEGIN)] + inside + text[text.index(END) :], encoding="utf-8")


def serve(argv: list[str]) -> None:
    """`govgraph serve`; with `--unaudited`, reads of restricted detail record nothing (the baseline)."""
    if "--unaudited" in argv:
        argv.remove("--unaudited")
        from lineage.audit import AuditTrail

        AuditTrail.record = lambda self, action, subject, outcome="OK": None  # type: ignore[method-assign]
    from api.cli import main as govgraph

    sys.argv = ["govgraph", "serve", *argv]
    govgraph()


def main() -> None:
    if sys.argv[1:2] == ["serve"]:
        serve(sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--neo4j-uri", default=None)
    parser.add_argument("--no-write", action="store_true", help="print the figures only")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="govgraph-audit-") as work:
        report = asyncio.run(run(args, Path(work)))
    print(json.dumps(report, indent=2, ensure_ascii=False))
    if not args.no_write:
        write_results(report)


if __name__ == "__main__":
    main()

"""The benchmark, in one command: `.venv/bin/python -m bench.run --scale 1 --scale 10`.

For each scale it starts a throw-away Neo4j (`scripts/neo4j`, its own port and directory), generates
the synthetic district into it (twice: just started, and again once cleared) and into an embedded
store (`govgraph generate`), serves each with govgraph (uvicorn), serves the Neo4j one with
@neo4j/graphql under Apollo Server (`bench/js`), and measures every question at concurrency 1 and
16 through HTTP, next to the floor: govgraph's own Cypher sent through the Python driver and answered
as JSON with no GraphQL, over HTTP too (`bench.floor_server`), and timed also with no HTTP at all, in
the benchmark's own process (`driver`).
It writes `bench/RESULTS.md` (between the markers; the notes around them are kept) and
`bench/results.json`, prints the figures, and stops everything it started. Only 127.0.0.1 is used;
every request loop is bounded in count and time.
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
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from neo4j import AsyncGraphDatabase, NotificationMinimumSeverity

from bench.loadgen import Call, HttpConnection, RequestFailed, Result, graphql, measure, merged, rows
from bench.floor_server import spec
from bench.workloads import TIMEOUT, Grant, Question, questions, size
from graph.neo4j import Neo4jStore
from loaders.synthetic import SyntheticDistrict

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
JS = BENCH / "js"
PYTHON = sys.executable
SEED = 7
# Neo4j's heap: with 1 GiB (the tests' default) an S=10 bulk load spends a sixth of its time in young
# collections; 2 GiB of this machine's 23.5 is still far below what Neo4j would advise for it.
NEO4J_HEAP = "2g"
JWT_SECRET = "govgraph-bench-secret-0123456789abcdef0123456789"  # local only: signs the benchmark's EIC token
TARGETS = ("govgraph-neo4j", "govgraph-embedded", "floor", "driver", "neo4j-graphql")
BEGIN, END = "<!-- results:begin -->", "<!-- results:end -->"


@dataclass(frozen=True)
class Bounds:
    """How long each loop may run: at most this many requests, or seconds, whichever comes first."""

    requests: dict[int, int]
    seconds: dict[int, float]


BOUNDS = Bounds(requests={1: 200, 16: 800}, seconds={1: 4.0, 16: 5.0})
ROUNDS = 4  # each cell's bounds are split over this many rounds, the targets' order reversed each round
# Before a question is measured, every target answers it for a while, so that no target is measured
# while Neo4j is still planning and JIT-compiling the statements of that question (they share it).
WARM = Bounds(requests={1: 60}, seconds={1: 1.5})


@dataclass
class ScaleReport:
    scale: float
    load: dict[str, dict[str, Any]] = field(default_factory=dict)
    embedded: dict[str, Any] = field(default_factory=dict)
    cells: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)  # question -> target -> c -> result
    notes: list[str] = field(default_factory=list)


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def govgraph_cli(*args: str, env: dict[str, str] | None = None, timeout: float = 1800) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [PYTHON, "-c", "from api.cli import main; main()", *args],
        capture_output=True, text=True, timeout=timeout, cwd=ROOT, env={**os.environ, "COLUMNS": "200", **(env or {})},
    )


class Processes:
    """Everything the benchmark starts, stopped (by pid) at the end whatever happens."""

    def __init__(self) -> None:
        self.procs: list[tuple[str, subprocess.Popen[bytes]]] = []
        self.neo4j_dirs: list[Path] = []

    def start(self, name: str, args: list[str], env: dict[str, str], log_file: Path, cwd: Path = ROOT) -> subprocess.Popen[bytes]:
        out = log_file.open("wb")
        proc = subprocess.Popen(args, cwd=cwd, env={**os.environ, **env}, stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)
        self.procs.append((name, proc))
        return proc

    def stop(self, proc: subprocess.Popen[bytes]) -> None:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(10)

    def start_neo4j(self, port: int, directory: Path) -> str:
        command = [str(ROOT / "scripts" / "neo4j"), "start", "--port", str(port), "--dir", str(directory), "--heap", NEO4J_HEAP]
        started = subprocess.run(command, capture_output=True, text=True, timeout=300)
        if started.returncode != 0:
            raise RuntimeError(f"Neo4j did not start:\n{started.stderr}")
        self.neo4j_dirs.append(directory)
        return started.stdout.strip().splitlines()[-1]

    def stop_all(self) -> None:
        for _, proc in reversed(self.procs):
            self.stop(proc)
        self.procs.clear()
        for directory in self.neo4j_dirs:
            subprocess.run([str(ROOT / "scripts" / "neo4j"), "stop", "--dir", str(directory)], capture_output=True, timeout=120)
        self.neo4j_dirs.clear()


def wait_http(url: str, timeout: float, ok: Callable[[int, bytes], bool], proc: subprocess.Popen[bytes] | None = None) -> float:
    """Poll `url` until `ok`; return the seconds it took."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"{url}: the server exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:  # noqa: S310 (127.0.0.1 only)
                if ok(answer.status, answer.read()):
                    return time.perf_counter() - started
        except OSError:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"{url} not ready within {timeout} s")


def proc_memory(pid: int) -> dict[str, float]:
    """Resident memory now and at its peak, in MiB."""
    found = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(("VmRSS:", "VmHWM:")):
            found[line.split(":")[0]] = int(line.split()[1]) / 1024
    return {"rss_mib": round(found.get("VmRSS", 0), 1), "peak_rss_mib": round(found.get("VmHWM", 0), 1)}


def parse_generate(output: str) -> dict[str, Any]:
    output = " ".join(output.split())  # the console wraps the summary line at its width
    m = re.search(r"(\d+) nodes, (\d+) relationships in (\d+) batches, ([\d.]+) s, ([\d,]+) records/s", output)
    if not m:
        raise RuntimeError(f"unexpected `govgraph generate` output: {output}")
    index = re.search(r"full-text index built after them \(([\d.]+) s of the time\)", output)
    return {"nodes": int(m[1]), "relationships": int(m[2]), "batches": int(m[3]), "seconds": float(m[4]),
            "rate": int(m[5].replace(",", "")), "index_seconds": float(index[1]) if index else None}


REPLAY = """
import asyncio, json, time, pathlib, sys
from graph.embedded import EmbeddedStore
store = EmbeddedStore(pathlib.Path(sys.argv[1]))
t = time.perf_counter(); asyncio.run(store.start()); seconds = time.perf_counter() - t
status = {l.split(':')[0]: int(l.split()[1]) for l in open('/proc/self/status') if l.startswith(('VmRSS', 'VmHWM'))}
asyncio.run(store.close())
print(json.dumps({"replay_seconds": round(seconds, 2), "rss_mib": round(status['VmRSS'] / 1024, 1)}))
"""


RELOAD = "neo4j, cleared and loaded again"
# Loads into the running Neo4j, each after clearing it; the median is reported. The first of them still
# finds Neo4j's JVM compiling its write path (it has done one load): in the run of 03:03 UTC on
# 27 November the reloads took 10.5, 8.6 and 6.7 s at S=1, and 41.9, 38.5 and 42.4 s at S=10.
RELOADS = 3


async def clear_neo4j(uri: str) -> None:
    store = Neo4jStore(uri)
    await store.start()
    try:
        await store.clear()
    finally:
        await store.close()


async def bench_scale(scale: float, index: int, procs: Processes, work: Path) -> ScaleReport:
    report = ScaleReport(scale)
    district = SyntheticDistrict(scale, SEED)
    tail, hub = district.chain_tails[0], district.hubs[0]
    eic = "SJS-D0003"  # the district's EIC (loaders.synthetic: the third department)
    base = 7780 + 20 * index
    ports = {"neo4j": base, "govgraph-neo4j": base + 1, "govgraph-embedded": base + 2, "neo4j-graphql": base + 3, "floor": base + 4}
    logs = work / "logs"
    logs.mkdir(parents=True, exist_ok=True)

    log(f"scale {scale}: starting Neo4j on {ports['neo4j']}")
    uri = procs.start_neo4j(ports["neo4j"], work / "neo4j")
    data_dir = work / "embedded"
    # The Neo4j load is measured into the Neo4j just started (its JVM compiles Neo4j's write path while
    # it loads), and then `RELOADS` times once that is cleared (`Neo4jStore.clear`), as into a server
    # that has been running: the median of those is reported, with each rate.
    loads = (("neo4j", ["--neo4j-uri", uri]), *((RELOAD, ["--neo4j-uri", uri]),) * RELOADS, ("embedded", ["--data-dir", str(data_dir)]))
    reloads: list[dict[str, Any]] = []
    for store, args in loads:
        if store == RELOAD:
            await clear_neo4j(uri)
        log(f"scale {scale}: govgraph generate into {store}")
        done = govgraph_cli(*args, "generate", "--scale", str(scale), "--seed", str(SEED), "--batch", "10000")
        if done.returncode != 0:
            raise RuntimeError(f"generate into {store} failed:\n{done.stderr}")
        found = parse_generate(done.stdout)
        log(f"  {found}")
        if store == RELOAD:
            reloads.append(found)
            found = {**sorted(reloads, key=lambda load: load["seconds"])[len(reloads) // 2], "rates": [load["rate"] for load in reloads]}
        report.load[store] = found
    replay = subprocess.run([PYTHON, "-c", REPLAY, str(data_dir)], capture_output=True, text=True, cwd=ROOT, timeout=900)
    if replay.returncode != 0:
        raise RuntimeError(f"replay failed: {replay.stderr}")
    report.embedded.update(json.loads(replay.stdout))
    report.embedded["snapshot_mib"] = round(sum(f.stat().st_size for f in data_dir.glob("*.jsonl")) / 2**20, 1)

    env = {"GOVGRAPH_JWT_SECRET": JWT_SECRET}
    issued = govgraph_cli("--data-dir", str(work / "keys"), "token", "--department", eic, "--role", "EIC", env=env)
    token = issued.stdout.strip() if issued.returncode == 0 else None
    if token is None:
        report.notes.append(f"no token could be issued ({issued.stderr.strip()[:200]}): asked as the public")
    serve = [PYTHON, "-c", "from api.cli import main; main()"]
    # A whole-district migration plan at S=10 reads tens of thousands of links in one statement: the
    # statement budget (10 s by default) is raised so that a loaded machine does not cut it.
    neo = procs.start("govgraph-neo4j", [*serve, "serve", "--port", str(ports["govgraph-neo4j"])],
                      {**env, "GOVGRAPH_NEO4J_URI": uri, "GOVGRAPH_STORE_TIMEOUT_SECONDS": "120"}, logs / "govgraph-neo4j.log")
    emb = procs.start("govgraph-embedded", [*serve, "--data-dir", str(data_dir), "serve", "--port", str(ports["govgraph-embedded"])],
                      env, logs / "govgraph-embedded.log")
    ng = procs.start("neo4j-graphql", ["node", "server.mjs"], {"NEO4J_URI": uri, "PORT": str(ports["neo4j-graphql"])},
                     logs / "neo4j-graphql.log", cwd=JS)
    ready = lambda status, body: status == 200  # noqa: E731
    report.embedded["ready_seconds"] = round(wait_http(f"http://127.0.0.1:{ports['govgraph-embedded']}/ready", 900, ready, emb), 2)
    wait_http(f"http://127.0.0.1:{ports['govgraph-neo4j']}/ready", 120, ready, neo)
    _wait_ng(ports["neo4j-graphql"], ng)
    log(f"scale {scale}: servers ready (embedded start-up {report.embedded['ready_seconds']} s, replay {report.embedded['replay_seconds']} s)")

    driver = AsyncGraphDatabase.driver(uri, notifications_min_severity=NotificationMinimumSeverity.OFF)
    try:
        async with Neo4jStore(uri, timeout_seconds=TIMEOUT) as reader:
            grant = await Grant.find(reader)
        log(f"scale {scale}: citation permission asked of {grant}")
        floor = procs.start("floor", [PYTHON, "-m", "bench.floor_server", "--uri", uri, "--port", str(ports["floor"]),
                                      "--spec", spec(tail, hub, grant)], {}, logs / "floor.log")
        wait_http(f"http://127.0.0.1:{ports['floor']}/ready", 60, ready, floor)
        for index, question in enumerate(questions(tail, hub, grant, uri)):
            report.cells[question.name] = {}
            makers = {target: make for target in TARGETS if (make := _maker(target, question, index, ports, token, driver)) is not None}
            for make in makers.values():
                try:
                    await measure(make, 1, WARM.requests[1], WARM.seconds[1], 0)
                except (RequestFailed, OSError):
                    pass  # the measured cell reports the failure
            for concurrency in question.concurrencies:
                # Each cell is measured in ROUNDS rounds of an equal share of its bounds, the targets in turn and in
                # the opposite order the next round, so that none is measured only while the machine
                # (Neo4j's JIT, caches) is still settling or only once it has settled.
                parts: dict[str, list[Result]] = {target: [] for target in makers}
                failed: dict[str, str] = {}
                for round_number in range(ROUNDS):
                    order = list(makers) if round_number % 2 == 0 else list(reversed(makers))
                    for target in order:
                        if target in failed:
                            continue
                        try:
                            parts[target].append(await measure(
                                makers[target], concurrency, max(1, BOUNDS.requests[concurrency] // ROUNDS),
                                BOUNDS.seconds[concurrency] / ROUNDS, question.warmup,
                            ))
                        except (RequestFailed, OSError) as e:
                            failed[target] = str(e)[:300]
                for target in makers:
                    cell: dict[str, Any] = {"error": failed[target]} if target in failed else merged(parts[target]).as_dict()
                    report.cells[question.name].setdefault(target, {})[str(concurrency)] = cell
                    log(f"  {question.name} | {target} | c={concurrency}: {_brief(cell)}")
    finally:
        await driver.close()
    report.embedded.update(proc_memory(emb.pid))
    log(f"scale {scale}: embedded server memory {proc_memory(emb.pid)}")
    return report


def _wait_ng(port: int, proc: subprocess.Popen[bytes]) -> float:
    """Wait until the @neo4j/graphql server answers a GraphQL POST (its GET serves a landing page)."""
    started = time.perf_counter()
    while time.perf_counter() - started < 120:
        if proc.poll() is not None:
            raise RuntimeError("the @neo4j/graphql server exited")
        try:
            with urllib.request.urlopen(urllib.request.Request(  # noqa: S310 (127.0.0.1 only)
                f"http://127.0.0.1:{port}/", data=b'{"query":"{ __typename }"}', headers={"Content-Type": "application/json"}), timeout=2) as answer:
                if answer.status == 200:
                    return time.perf_counter() - started
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError("the @neo4j/graphql server did not answer within 120 s")


def _brief(cell: dict[str, Any]) -> str:
    if "error" in cell:
        return f"ERROR {cell['error'][:160]}"
    return f"p50 {cell['p50_ms']} ms, p95 {cell['p95_ms']}, p99 {cell['p99_ms']}, {cell['throughput']} req/s ({cell['requests']} req)"


def _maker(
    target: str, question: Question, index: int, ports: dict[str, int], token: str | None, driver: Any
) -> Callable[[], Awaitable[tuple[Call, Callable[[], Awaitable[None]]]]] | None:
    """A factory of (call, close) pairs for one worker of `target`, or None if it cannot ask `question`
    (the `index`-th question: the floor server's path)."""
    if target.startswith("govgraph"):
        if question.govgraph is None:
            return None
        document, variables = question.govgraph
        headers = {} if question.public or token is None else {"Authorization": f"Bearer {token}"}
        return _http(ports[target], "/graphql", headers, document, variables)
    if target == "neo4j-graphql":
        if question.neo4j_graphql is None:
            return None
        document, variables = question.neo4j_graphql
        return _http(ports[target], "/", {}, document, variables)
    floor = question.floor
    if floor is None:
        return None
    if target == "floor":  # over HTTP, with the question's parameters as its body, like govgraph's requests
        return _http(ports[target], f"/floor/{index}", {}, None, question.govgraph[1] if question.govgraph else {})

    async def make_floor() -> tuple[Call, Callable[[], Awaitable[None]]]:
        async def call() -> int:
            return size(await floor(driver, "neo4j"))

        async def close() -> None:
            return None

        return call, close

    return make_floor


def _http(
    port: int, path: str, headers: dict[str, str], document: str | None, variables: dict[str, Any]
) -> Callable[[], Awaitable[tuple[Call, Callable[[], Awaitable[None]]]]]:
    """POSTs of a GraphQL `document` with its variables, or (None) of the variables alone: the floor's
    parameters. Either answer is read and parsed as JSON by the client."""

    async def make() -> tuple[Call, Callable[[], Awaitable[None]]]:
        conn = HttpConnection(port, path, headers)

        async def call() -> int:
            if document is None:
                return await rows(conn, variables)
            size, _ = await graphql(conn, document, variables)
            return size

        return call, conn.close

    return make


# Reporting.


def machine() -> dict[str, Any]:
    cpu = next((l.split(":", 1)[1].strip() for l in Path("/proc/cpuinfo").read_text().splitlines() if l.startswith("model name")), "?")
    mem = int(next(l.split()[1] for l in Path("/proc/meminfo").read_text().splitlines() if l.startswith("MemTotal"))) / 2**20

    def version(args: list[str], cwd: Path = ROOT) -> str:
        try:
            return subprocess.run(args, capture_output=True, text=True, cwd=cwd, timeout=30).stdout.strip()
        except OSError:
            return "?"

    def npm_version(package: str) -> str:
        path = JS / "node_modules" / package / "package.json"
        return str(json.loads(path.read_text())["version"]) if path.exists() else "?"

    import neo4j as driver_module
    import strawberry  # noqa: F401
    from importlib.metadata import version as pkg

    rust = "yes" if _has_rust_ext() else "no"
    return {
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "cpu": cpu, "cores": os.cpu_count(), "memory_gib": round(mem, 1), "os": platform.platform(),
        "python": platform.python_version(), "neo4j_python_driver": driver_module.__version__, "neo4j_rust_ext": rust,
        "strawberry": pkg("strawberry-graphql"), "uvicorn": pkg("uvicorn"), "networkx": pkg("networkx"),
        "neo4j_server": f"5.26 Community + APOC core (scripts/neo4j: heap {NEO4J_HEAP}, page cache 256 MiB)",
        "node": version(["node", "--version"]), "neo4j_graphql": npm_version("@neo4j/graphql"),
        "apollo_server": npm_version("@apollo/server"), "graphql_js": npm_version("graphql"),
        "neo4j_driver_js": npm_version("neo4j-driver"), "git": version(["git", "rev-parse", "--short", "HEAD"]),
    }


def _has_rust_ext() -> bool:
    try:
        import neo4j._rust  # type: ignore[import-not-found]  # noqa: F401
    except ImportError:
        return False
    return True


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def _ms(cell: dict[str, Any] | None, key: str) -> str:
    if not cell:
        return "—"
    if "error" in cell:
        return "error"
    return f"{cell[key]:.1f}" if key != "throughput" else f"{cell[key]:.0f}"


def render(reports: list[ScaleReport], info: dict[str, Any]) -> str:
    lines = [
        f"Run {info['date']} on {info['cpu']}, {info['cores']} cores, {info['memory_gib']} GiB ({info['os']}); git {info['git']}.",
        "",
        f"Versions: Python {info['python']}, neo4j driver {info['neo4j_python_driver']} (rust extension: {info['neo4j_rust_ext']}), "
        f"strawberry {info['strawberry']}, uvicorn {info['uvicorn']}, networkx {info['networkx']}; Neo4j {info['neo4j_server']}; "
        f"Node {info['node']}, @neo4j/graphql {info['neo4j_graphql']}, @apollo/server {info['apollo_server']}, "
        f"graphql {info['graphql_js']}, neo4j-driver (JS) {info['neo4j_driver_js']}.",
        "",
        f"Load average before / after: {info['load_before']} / {info['load_after']} (the machine is shared; see the notes).",
        "",
    ]
    for r in reports:
        lines += [f"### Scale {r.scale:g}", ""]
        for store, load in r.load.items():
            lines.append(f"- `govgraph generate` into {store}: {load['nodes']:,} nodes + {load['relationships']:,} relationships "
                         f"in {load['seconds']} s = **{load['rate']:,} records/s** ({load['batches']} batches of 10,000"
                         + (f"; the full-text index built after them in {load['index_seconds']} s of that" if load.get("index_seconds") else "")
                         + ")" + (f"; the median of {len(load['rates'])} loads, at " + ", ".join(f"{rate:,}/s" for rate in load["rates"])
                                  if len(load.get("rates", ())) > 1 else ""))
        e = r.embedded
        lines.append(f"- embedded store: snapshot {e.get('snapshot_mib')} MiB; replay (open the store) {e.get('replay_seconds')} s; "
                     f"server start-up to /ready {e.get('ready_seconds')} s; server RSS after the benchmark {e.get('rss_mib')} MiB "
                     f"(peak {e.get('peak_rss_mib')} MiB)")
        lines += [f"- {note}" for note in r.notes]
        lines += [
            "",
            "| question | target | c=1 p50 | p95 | p99 | req/s | c=16 p50 | p95 | p99 | req/s | answer bytes/rows |",
            "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for question, targets in r.cells.items():
            for target, cells in targets.items():
                one, sixteen = cells.get("1"), cells.get("16")
                size = (one or {}).get("size", "")
                lines.append(
                    f"| {question} | {target} | {_ms(one, 'p50_ms')} | {_ms(one, 'p95_ms')} | {_ms(one, 'p99_ms')} | {_ms(one, 'throughput')} "
                    f"| {_ms(sixteen, 'p50_ms')} | {_ms(sixteen, 'p95_ms')} | {_ms(sixteen, 'p99_ms')} | {_ms(sixteen, 'throughput')} | {size} |"
                )
        lines += ["", "Ratios of p50 latencies (c=1 / c=16); below 1 is faster:", "",
                  "| question | govgraph-neo4j ÷ floor | govgraph-neo4j ÷ driver alone | govgraph-neo4j ÷ @neo4j/graphql "
                  "| govgraph-embedded ÷ floor |", "|---|---:|---:|---:|---:|"]
        for question, targets in r.cells.items():
            def ratio(a: str, b: str) -> str:
                parts = []
                for c in ("1", "16"):
                    x, y = targets.get(a, {}).get(c, {}), targets.get(b, {}).get(c, {})
                    parts.append(f"{x['p50_ms'] / y['p50_ms']:.2f}" if "p50_ms" in x and "p50_ms" in y and y["p50_ms"] else "—")
                return " / ".join(parts)

            lines.append(f"| {question} | {ratio('govgraph-neo4j', 'floor')} | {ratio('govgraph-neo4j', 'driver')} "
                         f"| {ratio('govgraph-neo4j', 'neo4j-graphql')} | {ratio('govgraph-embedded', 'floor')} |")
        lines.append("")
    lines += goals(reports)
    return "\n".join(lines)


def goals(reports: list[ScaleReport]) -> list[str]:
    lines = ["### Goals", "", "| goal | measured | met |", "|---|---|---|"]

    def row(goal: str, measured: str, met: bool | None) -> None:
        lines.append(f"| {goal} | {measured} | {'yes' if met else ('no' if met is not None else '—')} |")

    for r in reports:
        load = r.load.get("neo4j")
        if r.scale == 10 and load:
            row("S=10 loads into Neo4j at ≥ 30,000 records/s (a Neo4j just started)", f"{load['rate']:,}/s", load["rate"] >= 30_000)
        reload = r.load.get(RELOAD)
        if r.scale == 10 and reload:
            row(f"S=10 loads into Neo4j at ≥ 30,000 records/s (cleared, loaded again: a running Neo4j; the median of {len(reload.get('rates', [1]))})",
                f"{reload['rate']:,}/s",
                reload["rate"] >= 30_000)
        for question, targets in r.cells.items():
            g, f, n = (targets.get(t, {}).get("1", {}) for t in ("govgraph-neo4j", "floor", "neo4j-graphql"))
            if "p50_ms" in g and "p50_ms" in f:
                row(f"S={r.scale:g} {question}: govgraph-neo4j p50 ≤ 1.3 × floor (c=1)", f"{g['p50_ms'] / f['p50_ms']:.2f} ×", g["p50_ms"] <= 1.3 * f["p50_ms"])
            if "p50_ms" in g and "p50_ms" in n:
                row(f"S={r.scale:g} {question}: govgraph-neo4j faster than @neo4j/graphql (c=1 p50)", f"{g['p50_ms']:.1f} vs {n['p50_ms']:.1f} ms", g["p50_ms"] < n["p50_ms"])
        if r.scale == 10:
            deep = r.cells.get("upstream lineage depth 6", {})
            for target, limit in (("govgraph-neo4j", 25.0), ("govgraph-embedded", 5.0)):
                cell = deep.get(target, {}).get("1", {})
                if "p50_ms" in cell:
                    row(f"S=10 upstream lineage depth 6 on {target} p50 < {limit:g} ms", f"{cell['p50_ms']:.1f} ms", cell["p50_ms"] < limit)
            e = r.embedded
            if "rss_mib" in e:
                row("S=10 embedded RSS < 2 GiB", f"{e['rss_mib']:.0f} MiB (peak {e['peak_rss_mib']:.0f})", e["peak_rss_mib"] < 2048)
            if "ready_seconds" in e:
                row("S=10 embedded start-up < 10 s", f"{e['ready_seconds']} s to /ready ({e['replay_seconds']} s replay)", e["ready_seconds"] < 10)
    return lines + [""]


def write_results(text: str, reports: list[ScaleReport], info: dict[str, Any]) -> None:
    path = BENCH / "RESULTS.md"
    old = path.read_text(encoding="utf-8") if path.exists() else f"# Benchmark results\n\n{BEGIN}\n{END}\n"
    if BEGIN not in old:
        old += f"\n{BEGIN}\n{END}\n"
    head, rest = old.split(BEGIN, 1)
    tail = rest.split(END, 1)[1] if END in rest else ""
    path.write_text(f"{head}{BEGIN}\n{text}\n{END}{tail}", encoding="utf-8")
    data = {"machine": info, "scales": [r.__dict__ for r in reports]}
    (BENCH / "results.json").write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def ensure_js() -> None:
    if not (JS / "node_modules" / "@neo4j" / "graphql").exists():
        log("npm ci in bench/js")
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=JS, check=True, timeout=600)


async def main_async(scales: list[float], keep: bool) -> None:
    ensure_js()
    info = machine()
    info["load_before"] = load_average()
    reports = []
    procs = Processes()
    work = Path(tempfile.mkdtemp(prefix="govgraph-bench-"))
    log(f"work directory {work}")
    try:
        for index, scale in enumerate(scales):
            try:
                reports.append(await bench_scale(scale, index, procs, work / f"scale-{scale:g}"))
            finally:
                procs.stop_all()
    finally:
        procs.stop_all()
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
    info["load_after"] = load_average()
    text = render(reports, info)
    write_results(text, reports, info)
    print(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, action="append", help="a scale to run (repeat for several); default 1 and 10")
    parser.add_argument("--keep", action="store_true", help="keep the work directory (stores and server logs)")
    args = parser.parse_args()
    asyncio.run(main_async(args.scale or [1.0, 10.0], args.keep))


if __name__ == "__main__":
    main()

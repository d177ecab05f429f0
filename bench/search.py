"""Search speed at S=10: the `search` root field over HTTP, on the embedded store and on Neo4j.

    .venv/bin/python -m bench.search [--scale 10] [--work /tmp/govgraph-search-bench] [--keep]

It generates the synthetic district (`govgraph generate --scale S --seed 7`, as bench/run.py does)
into a throw-away Neo4j (`scripts/neo4j`, port 7782, 2 GiB heap) and an embedded store under
`--work` (kept between runs: a store already generated there is reused), serves each with
`govgraph serve` (ports 7783, 7784), and asks `search` as a department user (the people who search
most; their visibility rules are the costlier ones) the queries people type, by class:
resource names whole and in part, two terms (`户籍 人口`), item codes (`<resource>#<item>`), code
prefixes, department names, a common word (信息, tens of thousands of matches) and misses.

Each query is asked once cold (the first time that text reaches the server) and then `WARM` times;
every class is measured for the first page alone (`edges { node }`, `pageInfo`) and for the first
page with `totalCount` and `facets`. Requests go one at a time from one client (latency, not
throughput). Writes bench/SEARCH_RESULTS.md and prints it; stops everything it started unless
`--keep`.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import json
import platform
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from bench.run import JWT_SECRET, PYTHON, SEED, Processes, govgraph_cli, load_average, log, parse_generate, wait_http

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "SEARCH_RESULTS.md"
PORTS = {"neo4j": 7782, "govgraph-neo4j": 7783, "govgraph-embedded": 7784}
DEPARTMENT = "SJS-D0010"  # a department of the synthetic district (loaders.synthetic), as its user
WARM = 10
PER_CLASS = 8
TARGET_MS = 300

PAGE = """query($text: String!) { search(text: $text, first: 20) {
  edges { cursor match node { __typename ... on Resource { code name } ... on DataItem { code name } ... on Department { code name }
    ... on System { code name } ... on Catalog { code name } ... on Consumer { code name } } }
  pageInfo { hasNextPage endCursor } } }"""
FULL = """query($text: String!) { search(text: $text, first: 20) {
  totalCount
  facets { kind { value label count } department { value label count } catalogKind { value label count }
    shareType { value label count } openType { value label count } updateCycle { value label count } }
  edges { cursor match node { __typename ... on Resource { code name } ... on DataItem { code name } ... on Department { code name }
    ... on System { code name } ... on Catalog { code name } ... on Consumer { code name } } }
  pageInfo { hasNextPage endCursor } } }"""
VARIANTS = {"first page": PAGE, "+ totalCount + facets": FULL}


@dataclass
class Cell:
    """One class × variant × store: the cold time of each query, and every warm time."""

    cold: list[float] = field(default_factory=list)
    warm: list[float] = field(default_factory=list)
    matches: list[int] = field(default_factory=list)


def p95(values: list[float]) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


async def gql(client: httpx.AsyncClient, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    response = await client.post("/graphql", json={"query": query, "variables": variables})
    body: dict[str, Any] = response.json()
    if response.status_code != 200 or body.get("errors"):
        raise RuntimeError(f"{variables}: {response.status_code} {str(body)[:300]}")
    return body["data"]  # type: ignore[no-any-return]


async def query_set(client: httpx.AsyncClient, per_class: int = PER_CLASS) -> dict[str, list[str]]:
    """The queries people type, drawn from what the district holds (as the department sees it)."""
    resources = (await gql(client, "{ resources(first: 100, filter: {}) { edges { node { code name items { code } } } } }", {}))["resources"]
    rows = [e["node"] for e in resources["edges"]]
    step = max(1, len(rows) // per_class)
    picked = rows[::step][:per_class]
    names = [r["name"] for r in picked]
    departments = [e["node"]["name"] for e in (await gql(client, "{ departments(first: 100) { edges { node { name } } } }", {}))["departments"]["edges"]]
    # Items a department may read: those of unconditionally shared resources (Art.24).
    shared = (await gql(client, "{ resources(first: 100, filter: {shareType: [UNCONDITIONAL]}) { edges { node { items { code } } } } }", {}))["resources"]
    items = [i["code"] for e in shared["edges"] for i in e["node"]["items"][:3]]
    found = {
        "resource name": names,
        "partial name": [n[len(n) // 3 : len(n) // 3 + 3] for n in names],
        "two terms": ["户籍 人口", "企业 信用", "人口 统计", "行政 许可", "社会 保险", "市场 监管", "医疗 机构", "不动产 登记"],
        "item code": items[:: max(1, len(items) // PER_CLASS)][:PER_CLASS],
        "code prefix": sorted({r["code"][:6] for r in picked})[:PER_CLASS],
        "department name": departments[:: max(1, len(departments) // PER_CLASS)][:PER_CLASS],
        "common word": ["信息", "人口", "统计", "登记", "许可", "管理", "系统", "目录"],
        "miss": ["不存在的资源名称", "qwertyuiop", "999999/999999", "火星移民登记", "zz", "没有 这样 的 词", "量子纠缠台账", "123abc"],
    }
    return {klass: texts[::max(1, len(texts) // per_class)][:per_class] for klass, texts in found.items()}


async def measure(client: httpx.AsyncClient, queries: dict[str, list[str]], warm: int, budget: float) -> dict[str, dict[str, Cell]]:
    """Every class and variant, until `budget` seconds have passed (what was measured by then is kept)."""
    cells: dict[str, dict[str, Cell]] = {}
    deadline = time.perf_counter() + budget
    for variant, document in VARIANTS.items():
        for klass, texts in queries.items():
            cell = cells.setdefault(klass, {}).setdefault(variant, Cell())
            for text in texts:
                if time.perf_counter() > deadline:
                    return cells
                # Cold: the first time this text (in this variant) reaches the server.
                started = time.perf_counter()
                data = await gql(client, document, {"text": text})
                cell.cold.append((time.perf_counter() - started) * 1000)
                if "totalCount" in data["search"]:
                    cell.matches.append(data["search"]["totalCount"])
                for _ in range(warm):
                    started = time.perf_counter()
                    await gql(client, document, {"text": text})
                    cell.warm.append((time.perf_counter() - started) * 1000)
    return cells


def generate(procs: Processes, scale: float, work: Path, store: str, args: list[str]) -> dict[str, Any] | None:
    """Generate the district into `store` unless `work` holds it already; the load's figures if it ran."""
    marker = work / f"{store}.generated"
    if marker.exists() and store == "embedded":
        return None
    log(f"govgraph generate --scale {scale} into {store}")
    # A busy shared machine may take longer than the 10 s statement budget over a batch of 10,000.
    done = govgraph_cli(*args, "generate", "--scale", str(scale), "--seed", str(SEED), "--batch", "10000", env={"GOVGRAPH_STORE_TIMEOUT_SECONDS": "300"})
    if done.returncode != 0:
        raise RuntimeError(f"generate into {store} failed:\n{done.stderr}")
    marker.write_text(done.stdout)
    return parse_generate(done.stdout)


def render(scale: float, results: dict[str, dict[str, dict[str, Cell]]], loads: dict[str, Any], notes: list[str], warm: int = WARM) -> str:
    stores = list(results)
    lines = [
        "# Search speed",
        "",
        f"`bench/search.py` on {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC; {platform.machine()}, "
        f"{platform.python_version()}, load average {load_average()} (a shared two-core machine: figures vary between runs).",
        "",
        f"The synthetic district at S={scale:g} (`govgraph generate --scale {scale:g} --seed {SEED}`), served by `govgraph serve`; "
        f"`search(text, first: 20)` over HTTP as a user of department {DEPARTMENT}, one request at a time. Each query once cold "
        f"(its first request) and {warm} times warm; p95 over every request of the class. Target: < {TARGET_MS} ms p95 (issue 29).",
        "",
    ]
    for store, load in loads.items():
        if load:
            lines.append(f"- generate into {store}: {load['nodes']:,} nodes + {load['relationships']:,} relationships in {load['seconds']} s")
    lines += ["", "| class | store | variant | cold p95 ms | warm p50 ms | warm p95 ms | matches (median) | < 300 ms |", "|---|---|---|---:|---:|---:|---:|---|"]
    classes = list(dict.fromkeys(k for r in results.values() for k in r))
    for klass in classes:
        for store in stores:
            for variant, cell in results[store].get(klass, {}).items():
                if not cell.cold:
                    continue
                warm95 = p95(cell.warm) if cell.warm else float("nan")
                warm50 = statistics.median(cell.warm) if cell.warm else float("nan")
                worst = max(p95(cell.cold), warm95 if cell.warm else 0)
                matches = f"{int(statistics.median(cell.matches)):,}" if cell.matches else ""
                lines.append(
                    f"| {klass} | {store} | {variant} | {p95(cell.cold):.0f} | {warm50:.0f} | {warm95:.0f} | {matches} | "
                    f"{'yes' if worst < TARGET_MS else '**no**'} |"
                )
    lines += ["", *notes, ""]
    return "\n".join(lines)


def _ready(port: int) -> bool:
    try:
        return httpx.get(f"http://127.0.0.1:{port}/ready", timeout=5).status_code == 200
    except httpx.HTTPError:
        return False


async def run(scale: float, work: Path, keep: bool, stores: list[str], warm: int, per_class: int, budget: float) -> str:
    procs = Processes()
    work.mkdir(parents=True, exist_ok=True)
    logs = work / "logs"
    logs.mkdir(exist_ok=True)
    try:
        if all(_ready(PORTS["govgraph-" + store]) for store in stores):
            log("the servers of a run with --keep answer: measuring them as they are")
            return await _measure_all(scale, work, stores, warm, per_class, budget, {})
        log(f"starting Neo4j on {PORTS['neo4j']}")
        uri = procs.start_neo4j(PORTS["neo4j"], work / "neo4j")
        loads = {
            "neo4j": generate(procs, scale, work, "neo4j", ["--neo4j-uri", uri]),
            "embedded": generate(procs, scale, work, "embedded", ["--data-dir", str(work / "embedded")]),
        }
        env = {"GOVGRAPH_JWT_SECRET": JWT_SECRET}
        issued = govgraph_cli("--data-dir", str(work / "keys"), "token", "--department", DEPARTMENT, "--role", "DEPARTMENT_USER", env=env)
        if issued.returncode != 0:
            raise RuntimeError(f"no token: {issued.stderr}")
        token = issued.stdout.strip()
        serve = [PYTHON, "-c", "from api.cli import main; main()"]
        servers = {
            "neo4j": procs.start("govgraph-neo4j", [*serve, "serve", "--port", str(PORTS["govgraph-neo4j"])],
                                 {**env, "GOVGRAPH_NEO4J_URI": uri, "GOVGRAPH_STORE_TIMEOUT_SECONDS": "120"}, logs / "govgraph-neo4j.log"),
            "embedded": procs.start("govgraph-embedded", [*serve, "--data-dir", str(work / "embedded"), "serve", "--port", str(PORTS["govgraph-embedded"])],
                                    env, logs / "govgraph-embedded.log"),
        }
        ok = lambda status, body: status == 200  # noqa: E731
        for store, proc in servers.items():
            wait_http(f"http://127.0.0.1:{PORTS['govgraph-' + store]}/ready", 900, ok, proc)
        return await _measure_all(scale, work, stores, warm, per_class, budget, loads)
    finally:
        if not keep:
            procs.stop_all()


async def _measure_all(scale: float, work: Path, stores: list[str], warm: int, per_class: int, budget: float, loads: dict[str, Any]) -> str:
    issued = govgraph_cli("--data-dir", str(work / "keys"), "token", "--department", DEPARTMENT, "--role", "DEPARTMENT_USER", env={"GOVGRAPH_JWT_SECRET": JWT_SECRET})
    if issued.returncode != 0:
        raise RuntimeError(f"no token: {issued.stderr}")
    headers = {"Authorization": f"Bearer {issued.stdout.strip()}", "Accept": "application/json"}
    results: dict[str, dict[str, dict[str, Cell]]] = {}
    queries: dict[str, list[str]] | None = None
    for store in stores:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{PORTS['govgraph-' + store]}", headers=headers, timeout=600) as client:
            queries = queries or await query_set(client, per_class)
            log(f"measuring {store}: {sum(len(v) for v in queries.values())} queries × {len(VARIANTS)} variants × {warm + 1}, at most {budget:.0f} s")
            results[store] = await measure(client, queries, warm, budget)
    notes = ["Queries per class:", "", *(f"- {k}: {', '.join(f'`{t}`' for t in v)}" for k, v in (queries or {}).items())]
    text = render(scale, results, loads, notes, warm)
    RESULTS.write_text(text)
    (work / "search-results.json").write_text(json.dumps({s: {k: {v: c.__dict__ for v, c in vs.items()} for k, vs in r.items()} for s, r in results.items()}))
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--scale", type=float, default=10)
    parser.add_argument("--work", type=Path, default=Path("/tmp/govgraph-search-bench"))
    parser.add_argument("--keep", action="store_true", help="leave the servers and Neo4j running (a later run measures them again)")
    parser.add_argument("--store", action="append", choices=["embedded", "neo4j"], help="measure only these stores (default: both)")
    parser.add_argument("--warm", type=int, default=WARM, help="warm requests per query")
    parser.add_argument("--per-class", type=int, default=PER_CLASS, help="queries per class")
    parser.add_argument("--budget", type=float, default=1800, help="seconds of measuring per store at most")
    args = parser.parse_args()
    print(asyncio.run(run(args.scale, args.work, args.keep, args.store or ["embedded", "neo4j"], args.warm, args.per_class, args.budget)))


if __name__ == "__main__":
    main()

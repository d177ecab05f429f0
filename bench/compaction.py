"""How long requests wait while the embedded store compacts: `.venv/bin/python -m bench.compaction [--scale 3]`.

It generates the synthetic district at `--scale` (seed 7) into an embedded data directory, serves
it with the journal's compaction threshold at 1 MiB, and then, side by side: one client reads a
page of resources again and again (concurrency 1), another updates resources (each update a
journal line of a few KB), until the snapshot on disk has been replaced (the compaction is over)
and a few seconds more. It reports the longest wait of any read and write, their p99, and how many
were answered while the compaction ran. `--code <checkout>` runs the server from another tree (how
the figures before the change were taken: the server builds the store as both trees do).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

SECRET = "govgraph-bench-secret-0123456789abcdef0123456789"
READ = '{ resources(first: 50) { totalCount edges { node { code name provider { name } } } } }'
UPDATE = """mutation($code: String!, $version: Int!, $summary: String!) {
  updateResource(code: $code, version: $version, input: {summary: $summary}) { result { version } userErrors { code } } }"""
CODES = '{ resources(first: 100) { edges { node { code version } } } }'


def serve(argv: list[str]) -> None:
    """The server: the app over `EmbeddedStore(data_dir, compact_at_bytes)`, as both old and new code build it."""
    import uvicorn

    from api.web.app import create_app
    from graph.embedded import EmbeddedStore
    from graph.settings import Settings

    data_dir, compact_at, port = Path(argv[0]), int(argv[1]), int(argv[argv.index("--port") + 1])
    settings = Settings(data_dir=data_dir, jwt_secret=SECRET, port=port)
    store = EmbeddedStore(data_dir, compact_at_bytes=compact_at)
    uvicorn.run(create_app(settings, store), host="127.0.0.1", port=port, log_level="warning")


async def post(port: int, headers: dict[str, str], query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    import httpx

    async with httpx.AsyncClient(timeout=120) as client:
        response = await client.post(f"http://127.0.0.1:{port}/graphql", json={"query": query, "variables": variables or {}}, headers=headers)
    body: dict[str, Any] = response.json()
    if response.status_code != 200 or body.get("errors"):
        raise RuntimeError(body)
    return body["data"]  # type: ignore[no-any-return]


async def measure(port: int, data_dir: Path, settle: float, limit: float) -> dict[str, Any]:
    import httpx

    from api.web.dev_tokens import issue
    from graph.access import Role
    from graph.settings import Settings

    headers = {"Authorization": "Bearer " + issue(Settings(jwt_secret=SECRET), "SJS-EIC", [Role.EIC], subject="bench").token}
    versions = {r["node"]["code"]: r["node"]["version"] for r in (await post(port, headers, CODES))["resources"]["edges"]}
    snapshot = data_dir / "snapshot.jsonl"
    first = snapshot.stat().st_ino
    reads: list[tuple[float, float]] = []  # (when it started, how long it took)
    writes: list[tuple[float, float]] = []
    done_at: float | None = None
    started = time.perf_counter()

    def finished() -> bool:
        nonlocal done_at
        if done_at is None and snapshot.exists() and snapshot.stat().st_ino != first:
            done_at = time.perf_counter()
        now = time.perf_counter()
        return (done_at is not None and now - done_at > settle) or now - started > limit

    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=120, headers=headers) as client:

        async def reader() -> None:
            while not finished():
                t = time.perf_counter()
                response = await client.post("/graphql", json={"query": READ})
                assert response.status_code == 200
                reads.append((t, time.perf_counter() - t))
                await asyncio.sleep(0.005)

        async def writer() -> None:
            n = 0
            codes = sorted(versions)
            while not finished():
                code = codes[n % len(codes)]
                t = time.perf_counter()
                response = await client.post("/graphql", json={"query": UPDATE, "variables": {
                    "code": code, "version": versions[code], "summary": f"第{n}次修改：" + "摘要" * 1000}})
                found = response.json()["data"]["updateResource"]
                if found["result"]:
                    versions[code] = found["result"]["version"]
                writes.append((t, time.perf_counter() - t))
                n += 1

        await asyncio.gather(reader(), writer())
    return {
        "compacted": done_at is not None,
        "seconds": round(time.perf_counter() - started, 1),
        "reads": summary(reads),
        "writes": summary(writes),
    }


def summary(found: list[tuple[float, float]]) -> dict[str, Any]:
    waits = sorted(d for _, d in found)
    return {
        "answered": len(waits),
        "longest_ms": round(waits[-1] * 1000, 1) if waits else None,
        "p99_ms": round(waits[min(len(waits) - 1, int(0.99 * len(waits)))] * 1000, 1) if waits else None,
        "p50_ms": round(waits[len(waits) // 2] * 1000, 1) if waits else None,
    }


def main() -> None:
    if sys.argv[1:2] == ["serve"]:
        serve(sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=3.0)
    parser.add_argument("--compact-at-bytes", type=int, default=1 << 20)
    parser.add_argument("--data", type=Path, default=None, help="a generated data directory to copy (else one is generated)")
    parser.add_argument("--code", type=Path, default=None, help="run the server from this checkout (e.g. of the commit before a change)")
    args = parser.parse_args()
    from bench.service import Service  # here: the server (`serve`) may run with another tree's `bench`
    with tempfile.TemporaryDirectory(prefix="govgraph-compaction-") as work:
        data_dir = Path(work) / "store"
        if args.data is not None:
            shutil.copytree(args.data, data_dir)
        else:
            subprocess.run([sys.executable, "-c", "from api.cli import main; main()", "--data-dir", str(data_dir), "generate",
                            "--scale", str(args.scale), "--seed", "7"], check=True, stdout=subprocess.DEVNULL)
        size = (data_dir / "snapshot.jsonl").stat().st_size
        server = Service("govgraph", [str(Path(__file__).resolve()), "serve", str(data_dir), str(args.compact_at_bytes)], {}, Path(work) / "server.log", args.code)
        try:
            asyncio.run(server.ready())
            found = asyncio.run(measure(server.port, data_dir, settle=3.0, limit=600.0))
        finally:
            server.stop(300)
    print(json.dumps({"snapshot_mb": round(size / 1e6, 1), "compact_at_bytes": args.compact_at_bytes, **found}, indent=2))


if __name__ == "__main__":
    main()

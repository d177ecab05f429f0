"""kill -9 during mutations, round after round: every acknowledged change survives, and every change
has its audit record (and no record its change is missing): `.venv/bin/python -m bench.crash_loop --rounds 40`.

Each round starts `govgraph serve` (the sample district, the embedded store in a fresh data
directory or `--neo4j-uri`), lets a few clients create and update resources as fast as they can
(some updates at a stale version, refused with CONFLICT), and read conditional items (audited),
then kills the server with SIGKILL at a random moment. At the end a last server answers what the
store holds, and the loop checks it against what the clients were told:

- lost writes: a create or an update answered OK that the store does not hold;
- changes without audit: a resource of the loop without its `createResource` record, or whose
  version is not 1 + its `updateResource` records answered OK (each update changes the name);
- records without change: a `createResource` OK record of a resource the store does not hold;
- refusals without record: fewer CONFLICT records than CONFLICT answers;
- reads lost: audited reads answered whose `READ_DETAIL` record is missing (each read carries its
  own purpose, which the record keeps): what a crash may lose, the last batch not yet written.

`--code <checkout>` runs the server from another tree (how the figures before the change were taken).
Only 127.0.0.1 is used; everything started is stopped.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from api.web.dev_tokens import issue
from bench.service import Service
from graph.access import Role
from graph.settings import Settings

SECRET = "govgraph-crash-loop-secret-0123456789abcdef0123"
EIC = "11110107836834283W"  # the sample district's EIC
PROVIDER = "11110107188639075W"  # a department of the sample district, provider of conditional resources
CONDITIONAL = "101001/000001"  # a conditional resource with items: reading them is audited
PREFIX = "909090/"
CREATE = "mutation($input: ResourceInput!) { createResource(input: $input) { result { code version } userErrors { code } } }"
UPDATE = """mutation($code: String!, $version: Int!, $input: ResourceInput!) {
  updateResource(code: $code, version: $version, input: $input) { result { version } userErrors { code } } }"""
READ = "query($code: String!) { resource(code: $code) { items { name } } }"


@dataclass
class Truth:
    """What the clients were told: the acknowledged acts."""

    created: set[str] = field(default_factory=set)
    versions: dict[str, int] = field(default_factory=dict)  # the last version an update or create answered
    conflicts: int = 0
    reads: set[str] = field(default_factory=set)  # the purposes of audited reads answered
    next_code: int = 0
    acked: int = 0


def server_for(data_dir: Path, neo4j_uri: str | None, log: Path, code: Path | None) -> Service:
    env = {"GOVGRAPH_DATA_DIR": str(data_dir), "GOVGRAPH_JWT_SECRET": SECRET}
    if neo4j_uri:
        env["GOVGRAPH_NEO4J_URI"] = neo4j_uri
    return Service("govgraph", ["-c", "from api.cli import main; main()", "serve", "--sample"], env, log, code)


async def gql(client: httpx.AsyncClient, url: str, headers: dict[str, str], query: str, variables: dict[str, Any]) -> dict[str, Any]:
    response = await client.post(f"{url}/graphql", json={"query": query, "variables": variables}, headers=headers)
    body: dict[str, Any] = response.json()
    if response.status_code != 200 or body.get("errors"):
        raise RuntimeError(f"{response.status_code}: {body}")
    return body["data"]  # type: ignore[no-any-return]


async def client_loop(client: httpx.AsyncClient, url: str, headers: dict[str, str], truth: Truth, rng: random.Random, tag: str) -> None:
    """Create, update (sometimes at a stale version) and read, until the server is gone."""
    n = 0
    while True:
        n += 1
        try:
            choice = rng.random()
            if choice < 0.4 or not truth.versions:
                code = f"{PREFIX}{truth.next_code:06d}"
                truth.next_code += 1
                found = (await gql(client, url, headers, CREATE, {"input": {
                    "code": code, "name": f"崩溃测试资源{code}", "shareType": "UNCONDITIONAL", "provider": PROVIDER,
                }}))["createResource"]
                if found["result"]:
                    truth.created.add(code)
                    truth.versions[code] = 1
                    truth.acked += 1
            elif choice < 0.85:
                code = rng.choice(sorted(truth.versions))
                stale = rng.random() < 0.2 and truth.versions[code] > 1
                version = truth.versions[code] - 1 if stale else truth.versions[code]
                found = (await gql(client, url, headers, UPDATE, {"code": code, "version": version, "input": {"name": f"改名{tag}-{n}"}}))["updateResource"]
                if found["result"]:
                    truth.versions[code] = max(truth.versions[code], found["result"]["version"])
                    truth.acked += 1
                elif [e["code"] for e in found["userErrors"]] == ["CONFLICT"]:
                    truth.conflicts += 1
            else:
                purpose = f"crash-loop {tag} read {n}"
                await gql(client, url, {**headers, "X-Purpose": purpose}, READ, {"code": CONDITIONAL})
                truth.reads.add(purpose)
        except (httpx.TransportError, RuntimeError, json.JSONDecodeError):
            return


async def everything(client: httpx.AsyncClient, url: str, headers: dict[str, str], query: str, field_name: str, variables: dict[str, Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    after = None
    while True:
        page = (await gql(client, url, headers, query, {**variables, "after": after}))[field_name]
        found += [edge["node"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            return found
        after = page["pageInfo"]["endCursor"]


RESOURCES = """query($after: String) { resources(first: 100, after: $after, filter: {text: "909090/"}) {
  edges { node { code version } } pageInfo { hasNextPage endCursor } } }"""
EVENTS = """query($action: String!, $after: String) { auditEvents(first: 100, after: $after, filter: {action: $action}) {
  edges { node { subject outcome purpose } } pageInfo { hasNextPage endCursor } } }"""


async def check(client: httpx.AsyncClient, url: str, headers: dict[str, str], truth: Truth) -> dict[str, int]:
    stored = {r["code"]: int(r["version"]) for r in await everything(client, url, headers, RESOURCES, "resources", {})}
    creates = await everything(client, url, headers, EVENTS, "auditEvents", {"action": "createResource"})
    updates = await everything(client, url, headers, EVENTS, "auditEvents", {"action": "updateResource"})
    reads = await everything(client, url, headers, EVENTS, "auditEvents", {"action": "READ_DETAIL"})
    created_ok = {e["subject"].removeprefix("Resource:") for e in creates if e["outcome"] == "OK"}
    updated_ok = Counter(e["subject"].removeprefix("Resource:") for e in updates if e["outcome"] == "OK")
    conflicts = sum(1 for e in updates if e["outcome"] == "CONFLICT")
    read_purposes = {e["purpose"] for e in reads}
    lost = sum(1 for code in truth.created if code not in stored) + sum(
        1 for code, version in truth.versions.items() if code in stored and stored[code] < version
    )
    without = sum(1 for code, version in stored.items() if code not in created_ok or version != 1 + updated_ok[code])
    return {
        "resources": len(stored),
        "acknowledged changes": truth.acked,
        "lost writes": lost,
        "changes without audit": without,
        "records without change": len(created_ok - set(stored)),
        "refusals answered": truth.conflicts,
        "refusals without record": max(0, truth.conflicts - conflicts),
        "audited reads answered": len(truth.reads),
        "reads lost": len(truth.reads - read_purposes),
    }


async def run(rounds: int, neo4j_uri: str | None, clients: int, seed: int, work: Path, code: Path | None) -> dict[str, Any]:
    rng = random.Random(seed)
    truth = Truth()
    data_dir = work / "store"
    log = work / "server.log"
    headers = {"Authorization": "Bearer " + issue(Settings(jwt_secret=SECRET), EIC, [Role.EIC], subject="crash-loop").token}
    kills = []
    async with httpx.AsyncClient(timeout=30) as client:
        if neo4j_uri:  # start from nothing: the loop's checks count every record
            from graph.neo4j import Neo4jStore

            async with Neo4jStore(neo4j_uri) as neo4j:
                await neo4j.clear()
        for r in range(rounds):
            server = server_for(data_dir, neo4j_uri, log, code)
            await server.ready()
            tasks = [asyncio.create_task(client_loop(client, server.url, headers, truth, random.Random(rng.random()), f"{r}.{i}")) for i in range(clients)]
            await asyncio.sleep(rng.uniform(0.3, 2.5))
            server.kill()
            await asyncio.gather(*tasks)
            kills.append(truth.acked)
            print(f"round {r + 1}/{rounds}: killed after {truth.acked} acknowledged changes so far", flush=True)
        server = server_for(data_dir, neo4j_uri, log, code)
        await server.ready()
        try:
            found = await check(client, server.url, headers, truth)
        finally:
            server.stop()
    return {"store": "neo4j" if neo4j_uri else "embedded", "rounds": rounds, "clients": clients, **found}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--neo4j-uri", default=None, help="kill the service in front of this Neo4j (cleared first) instead of an embedded store")
    parser.add_argument("--code", type=Path, default=None, help="run the server from this checkout (e.g. of the commit before a change)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="govgraph-crash-") as work:
        found = asyncio.run(run(args.rounds, args.neo4j_uri, args.clients, args.seed, Path(work), args.code))
    print(json.dumps(found, ensure_ascii=False, indent=2))
    bad = found["lost writes"] + found["changes without audit"] + found["records without change"] + found["refusals without record"]
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()

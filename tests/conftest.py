"""Fixtures shared by the whole suite: a real Neo4j for the session, and a store of each kind per test.

Neo4j comes from `GOVGRAPH_TEST_NEO4J_URI` when set, otherwise `scripts/neo4j` starts one (and stops
it afterwards). A Neo4j that cannot be had fails the run: store tests are never skipped.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from graph.embedded import EmbeddedStore
from graph.neo4j import Neo4jStore
from graph.store import GraphStore

ROOT = Path(__file__).resolve().parent.parent
NEO4J_SCRIPT = ROOT / "scripts" / "neo4j"
NEO4J_PORT = os.environ.get("GOVGRAPH_TEST_NEO4J_PORT", "7697")


def _neo4j(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(NEO4J_SCRIPT), *args, "--port", NEO4J_PORT], capture_output=True, text=True, check=False)


@pytest.fixture(scope="session")
def neo4j_uri() -> Iterator[str]:
    """The Bolt URI of a running Neo4j 5.26, started for this session if none was given."""
    given = os.environ.get("GOVGRAPH_TEST_NEO4J_URI")
    if given:
        yield given
        return
    running = subprocess.run([str(NEO4J_SCRIPT), "status"], capture_output=True, text=True, check=False)
    if running.returncode == 0:
        yield running.stdout.strip()
        return
    started = _neo4j("start")
    if started.returncode != 0:
        pytest.fail(f"could not start Neo4j with scripts/neo4j (a missing Neo4j fails the suite):\n{started.stderr}")
    try:
        yield started.stdout.strip().splitlines()[-1]
    finally:
        subprocess.run([str(NEO4J_SCRIPT), "stop"], capture_output=True, check=False)


class Neo4jHolder:
    """One Neo4j store for the whole session, started on first use so that a run of embedded
    tests alone (`-m embedded`) needs no Neo4j."""

    def __init__(self) -> None:
        self.store: Neo4jStore | None = None

    async def get(self, request: pytest.FixtureRequest) -> Neo4jStore:
        if self.store is None:
            # A generous budget: a shared CI machine plans a long statement slowly the first time.
            store = Neo4jStore(request.getfixturevalue("neo4j_uri"), timeout_seconds=120)
            await store.start()
            self.store = store
        return self.store

    async def empty(self, request: pytest.FixtureRequest) -> Neo4jStore:
        """The session's Neo4j store, cleared."""
        store = await self.get(request)
        await store.clear()
        return store


@pytest.fixture(scope="session")
async def neo4j_holder() -> AsyncIterator[Neo4jHolder]:
    holder = Neo4jHolder()
    yield holder
    if holder.store is not None:
        await holder.store.close()


@pytest.fixture(params=[pytest.param("embedded", marks=pytest.mark.embedded), pytest.param("neo4j", marks=pytest.mark.neo4j)])
async def store(request: pytest.FixtureRequest, tmp_path: Path, neo4j_holder: Neo4jHolder) -> AsyncIterator[GraphStore]:
    """An empty store of each kind; the contract suite runs every case on both."""
    if request.param == "embedded":
        embedded = EmbeddedStore(tmp_path / "store")
        await embedded.start()
        yield embedded
        await embedded.close()
    else:
        yield await neo4j_holder.empty(request)

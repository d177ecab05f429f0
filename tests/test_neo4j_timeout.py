"""A runaway store query is cancelled by its time budget with a clear error (Neo4j enforces it server-side)."""

from __future__ import annotations

import pytest

from graph.errors import QueryTimeoutError
from graph.neo4j import Neo4jStore

pytestmark = pytest.mark.neo4j


async def test_a_runaway_query_is_cancelled(neo4j_uri: str) -> None:
    store = Neo4jStore(neo4j_uri, timeout_seconds=1)
    await store.start()
    try:
        with pytest.raises(QueryTimeoutError, match="1 s budget"):
            await store._run("UNWIND range(1, 200000000) AS x WITH x WHERE x % 7 = 99 RETURN count(x)", {})
    finally:
        await store.close()

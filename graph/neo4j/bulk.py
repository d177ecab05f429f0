"""Bulk loading into Neo4j: one write transaction per batch, one `UNWIND` statement per label or
relationship kind in it, no round trip per row (see `graph.bulk` for the contract).

The statements are the store's own upserts (`cypher.upsert_nodes`, `cypher.upsert_relationships`),
so the uniqueness constraints find the nodes and `version` follows the same rule as `apply`. The
next batch is produced (generated, validated, grouped) in a worker thread while Neo4j writes the
current one.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterable, Iterator
from typing import Any

from neo4j import AsyncManagedTransaction

from graph.bulk import BulkStats, RecordBatch
from graph.labels import Label, RelType
from graph.neo4j import cypher
from graph.neo4j.store import Neo4jStore, upsert_relationships
from graph.store import Progress

NodeGroups = dict[Label, list[dict[str, Any]]]
RelGroups = dict[tuple[RelType, Label, Label], list[dict[str, Any]]]
_Rows = tuple[NodeGroups, RelGroups, int, int]


def _rows(batch: RecordBatch) -> _Rows:
    """The batch as parameter rows, grouped by the statement that writes them."""
    nodes: NodeGroups = {}
    for node in batch.nodes:
        nodes.setdefault(node.label, []).append({"key": node.key, "props": node.props})
    rels: RelGroups = {}
    for rel in batch.relationships:
        rels.setdefault((rel.type, rel.start.label, rel.end.label), []).append(
            {"s": rel.start.key, "e": rel.end.key, "props": rel.props}
        )
    return nodes, rels, len(batch.nodes), len(batch.relationships)


def _next_rows(batches: Iterator[RecordBatch]) -> _Rows | None:
    batch = next(batches, None)
    return None if batch is None else _rows(batch)


async def _write(tx: AsyncManagedTransaction, nodes: NodeGroups, rels: RelGroups) -> None:
    for label, rows in nodes.items():
        await (await tx.run(cypher.upsert_nodes(label), rows=rows)).consume()
    for (rel_type, start, end), rows in rels.items():
        await upsert_relationships(tx, rel_type, start, end, rows)


async def bulk_load(store: Neo4jStore, batches: Iterable[RecordBatch], progress: Progress | None = None) -> BulkStats:
    """Write `batches` in order, each in its own transaction; return what was written."""
    started = time.perf_counter()
    source = iter(batches)
    nodes = rels = count = 0
    pending = asyncio.create_task(asyncio.to_thread(_next_rows, source))
    try:
        while (rows := await pending) is not None:
            pending = asyncio.create_task(asyncio.to_thread(_next_rows, source))
            node_groups, rel_groups, n_nodes, n_rels = rows

            async def go(node_groups: NodeGroups = node_groups, rel_groups: RelGroups = rel_groups) -> None:
                async with store.driver.session(database=store.database) as session:
                    await session.execute_write(_write, node_groups, rel_groups)

            await store._call(go)
            nodes, rels, count = nodes + n_nodes, rels + n_rels, count + 1
            if progress:
                progress(n_nodes + n_rels)
    finally:
        if not pending.done():
            await asyncio.wait([pending])  # the worker thread cannot be cancelled; let it finish
    return BulkStats(nodes, rels, count, time.perf_counter() - started)

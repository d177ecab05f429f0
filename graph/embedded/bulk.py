"""Bulk loading into the embedded store: each batch is one unit of work (one journal line), and the
journal is folded into a snapshot (and its memory image, so the next start is fast) once, at the end
(see `graph.bulk` for the contract).

Compaction is held off during the load: folding a growing journal every 64 MiB would write the
whole snapshot again and again.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from graph.bulk import BulkStats, RecordBatch
from graph.changes import Changes
from graph.embedded.store import EmbeddedStore
from graph.store import Progress


async def bulk_load(store: EmbeddedStore, batches: Iterable[RecordBatch], progress: Progress | None = None) -> BulkStats:
    """Apply `batches` in order, one journal line each, then compact; return what was written."""
    started = time.perf_counter()
    nodes = rels = count = 0
    threshold = store.compact_at_bytes
    store.compact_at_bytes = 2**62
    try:
        for batch in batches:
            changes = Changes()
            for node in batch.nodes:
                changes.add_node(node)
            for rel in batch.relationships:
                changes.add_relationship(rel)
            await store.apply(changes)
            nodes, rels, count = nodes + len(batch.nodes), rels + len(batch.relationships), count + 1
            if progress:
                progress(len(changes))
    finally:
        store.compact_at_bytes = threshold
        if count:
            await store.compact()
    return BulkStats(nodes, rels, count, time.perf_counter() - started)

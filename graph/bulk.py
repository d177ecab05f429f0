"""Bulk loading: many validated records applied batch by batch, for data sets too big for one unit of work.

Unlike `GraphStore.apply`, a bulk load is atomic per batch, not as a whole: when batch k fails, the
batches before it stay applied (and a loader that writes batches side by side may have applied later
ones too, which join no node of batch k). Batches come in order, and a relationship in batch k may only join
nodes stored before or created in batches 1..k (nodes of a batch are written before its
relationships). Every write is an upsert, so running the same load again leaves the same graph.

An adapter's bulk loader (`graph.neo4j.bulk`, `graph.embedded.bulk`) must:

- write each batch in one transaction (Neo4j) or one journal line (embedded), nodes first, and
  start a batch only once every batch whose nodes it writes or joins is written;
- fail the batch with `DanglingReferenceError` when a relationship names a missing node;
- keep the store's `version` rule (`graph.changes.UpsertNode`), so a bulk-loaded graph answers
  exactly as one loaded through `apply`;
- report progress in records and return `BulkStats`.

Example::

    stats = await bulk_load(store, SyntheticDistrict(1.0, seed=7).batches(10_000))
    print(stats.records, stats.rate)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from graph.records import Node, Relationship


class RecordBatch(Protocol):
    """Validated records to write together: the nodes, then the relationships."""

    @property
    def nodes(self) -> Sequence[Node]: ...

    @property
    def relationships(self) -> Sequence[Relationship]: ...


@dataclass(frozen=True)
class BulkStats:
    """What a bulk load wrote, and how fast."""

    nodes: int
    relationships: int
    batches: int
    seconds: float
    # Batches whose transaction the store ran again after a transient error (on Neo4j, a deadlock
    # between two writers adding relationships to the same node); each was still written once.
    retried: int = 0
    # Of `seconds`, the time taken to build indexes after the records were written (Neo4j's full-text
    # index, after a load that created its records).
    index_seconds: float = 0.0

    @property
    def records(self) -> int:
        return self.nodes + self.relationships

    @property
    def rate(self) -> float:
        """Records (nodes + relationships) per second."""
        return self.records / self.seconds if self.seconds > 0 else 0.0

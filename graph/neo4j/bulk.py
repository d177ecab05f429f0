"""Bulk loading into Neo4j: one write transaction per batch, one `UNWIND` statement per label or
relationship kind in it, no round trip per row (see `graph.bulk` for the contract).

The statements are the store's own upserts (`cypher.upsert_nodes`, `cypher.upsert_relationships`),
so the uniqueness constraints find the nodes and `version` follows the same rule as `apply`. A load
told that it creates every record (`create`: into a store that holds none of them, such as an empty
one) CREATEs them instead, with the same properties and versions: MERGE looks for each record first,
and between two nodes with thousands of relationships that look is slow and locks what other writers
need (measured at S=10: 18-19% faster, and no deadlock between writers). Such a load also:

- joins a relationship to the nodes it has created by their element ids, which their CREATE answers
  (`cypher.create_nodes_with_ids`, `cypher.relate_by_id`): a seek by id instead of a seek in each
  end's key index (measured on a loaded S=10 graph: 6.5 against 14.7 us a relationship). An end it
  did not create (a node the store held) is joined by key, as a merging load joins every end;
- creates a node that has one relationship in its batch to a node created before it (a data item
  and its resource's HAS_ITEM, a use and its consumer's REQUESTS) with that relationship, in one
  statement (`_joins`, `cypher.create_related_by_id`): no seek for the node, no row for the
  relationship (into a running Neo4j, interleaved: S=3 10.2 against 10.5 s, median of six; S=10
  29.3 against 30.6 s, median of four);
- builds the full-text index after the records rather than with them: dropped first and created
  again at the end (or after a failure), Lucene indexes the loaded nodes in one pass instead of in
  every commit (measured at S=10 into a Neo4j just started: 53 -> 46 s, the 3 s of building included).

Two things keep both cores busy: the next batch is produced (generated, validated, grouped) in a
worker thread while Neo4j writes, and up to `writers` batches are written side by side, each in its
own transaction. The thread and the event loop that feeds Neo4j share the interpreter: a reply from
Neo4j waits for the thread to let go of it, by default after up to 5 ms, a batch's dozen statements
each time, while Neo4j has nothing to do. For the load the interpreter switches every 0.5 ms instead
(`SWITCH_INTERVAL`; S=10 into a running Neo4j, loads interleaved: 38.6-39.1 s in four loads of five,
41.3 s in the fifth, against 40.7-41.7 s; 1 ms gave 40.5-40.6 s, 0.2 ms 41.5 s). Producing the
batches in another process instead gained less (39.7-40.9 s): pickling them costs about as much as
the contention it avoids.

A batch waits for every batch still being written whose nodes it writes or joins, so it only ever
joins nodes already committed or its own, as the contract's order requires. Two transactions that
add relationships to the same busy node can still deadlock; Neo4j reports that as a transient error,
the driver logs a warning and runs the batch's transaction again, and the load counts it
(`BulkStats.retried`).
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from neo4j import AsyncManagedTransaction

from graph.bulk import BulkStats, RecordBatch
from graph.labels import Label, RelType
from graph.neo4j import cypher
from graph.neo4j.store import Neo4jStore, Rows, create_related_by_id, relate_by_id, upsert_relationships
from graph.records import NodeRef, Props
from graph.relationships import RELATIONSHIPS
from graph.store import Progress

NodeGroups = dict[Label, list[dict[str, Any]]]
# A load that merges gives each relationship as a row of the key-joining statement; one that creates, as
# (start key, end key, properties), joined by element id where it can (`_create`).
RelGroups = dict[tuple[RelType, Label, Label], list[Any]]
ElementIds = dict[Label, dict[str, str]]  # a created node's Neo4j element id, by its label and key
_NONE: dict[str, str] = {}

MAX_WRITERS = 8
SWITCH_INTERVAL = 0.0005  # seconds the interpreter runs a thread before another may take it, during a load
RETRY_SECONDS = 30.0  # how long the driver retries a batch after a transient error (a deadlock): its default
_WITH_PROPS = frozenset(rel for rel, spec in RELATIONSHIPS.items() if spec.has_props)
_START, _END = itemgetter(0), itemgetter(1)  # of a relationship's row when creating: (start key, end key, properties)


@dataclass(frozen=True)
class _Joined:
    """Nodes a load creates together with one relationship each, to nodes that exist by then (`_joins`)."""

    group: tuple[RelType, Label, Label]  # the relationships' type and labels
    at_end: bool  # the created nodes are the relationships' ends (else their starts)
    rows: list[tuple[str, Props, Any]]  # the other end's key, the node's properties, the relationship's row


@dataclass(frozen=True)
class _Rows:
    """A batch as parameter rows, grouped by the statement that writes them, with the nodes it involves."""

    nodes: NodeGroups
    rels: RelGroups
    node_count: int
    rel_count: int
    writes: frozenset[NodeRef]  # the nodes the batch upserts
    touches: frozenset[NodeRef]  # those and every relationship end
    joined: dict[Label, _Joined] = field(default_factory=dict)  # when creating: nodes created with a relationship


def _rows(batch: RecordBatch, create: bool) -> _Rows:
    nodes: NodeGroups = {}
    writes: set[NodeRef] = set()
    for node in batch.nodes:
        rows = nodes.get(node.label)
        if rows is None:
            rows = nodes[node.label] = []
        if create:  # the properties as they are: they hold the key (`cypher.create_nodes_with_ids`)
            props = node.props
            rows.append(props if props.get(node.label.key) == node.key else {**props, node.label.key: node.key})
        else:
            rows.append({"key": node.key, "props": node.props})
        writes.add(node.ref)
    rels: RelGroups = {}
    outside: dict[tuple[RelType, Label, Label], set[NodeRef]] = {}
    starts_outside: set[tuple[RelType, Label, Label]] = set()  # groups with a start the batch does not write
    ends_outside: set[tuple[RelType, Label, Label]] = set()
    for rel in batch.relationships:
        start, end = rel.start, rel.end
        group = (rel.type, start.label, end.label)
        grouped = rels.get(group)
        if grouped is None:
            grouped = rels[group] = []
            outside[group] = set()
        if create:  # joined by id where the load created both ends (`_create`), so kept as they are
            grouped.append((start.key, end.key, rel.props))
        else:
            # Most types have no properties, and their statement reads none (`cypher.upsert_relationships`).
            grouped.append({"s": start.key, "e": end.key, "props": rel.props} if rel.type in _WITH_PROPS else {"s": start.key, "e": end.key})
        if start not in writes:
            outside[group].add(start)
            starts_outside.add(group)
        if end not in writes:
            outside[group].add(end)
            ends_outside.add(group)
    touches = writes.union(*outside.values())
    joined = _joins(nodes, rels, {group: (group not in starts_outside, group not in ends_outside) for group in rels}) if create else {}
    # Relationships to nodes the batch does not write lock those nodes until commit, and another writer
    # may need them: write them last, the ones that converge on fewest such nodes (hubs) at the very end.
    order = sorted(rels, key=lambda group: (bool(outside[group]), -len(outside[group])))
    return _Rows(nodes, {group: rels[group] for group in order}, len(batch.nodes), len(batch.relationships),
                 frozenset(writes), frozenset(touches), joined)


def _joins(nodes: NodeGroups, rels: RelGroups, written_ends: dict[tuple[RelType, Label, Label], tuple[bool, bool]]) -> dict[Label, _Joined]:
    """Take out of `nodes` and `rels` the nodes to create with a relationship each, for a load that creates.

    A relationship type without properties between two labels qualifies for the label at one end when
    every relationship of the batch in that group has a distinct node of the batch at that end
    (`written_ends`: whether the batch writes every start, every end): a data item and the resource
    that has it, a use and its consumer. The statement that creates such a node creates its
    relationship too (`cypher.create_related_by_id`), which saves a seek and a row a relationship. Each
    label takes the group with most relationships, each group serves one label. The other end's id must
    be known when the node is written (`_create`); where it is not, both are written the ordinary way.
    """
    candidates: list[tuple[int, Label, tuple[RelType, Label, Label], bool]] = []
    for group, group_rows in rels.items():
        rel_type, start, end = group
        if rel_type in _WITH_PROPS or start is end:
            continue
        starts_written, ends_written = written_ends[group]
        if ends_written and len(set(map(_END, group_rows))) == len(group_rows):
            candidates.append((len(group_rows), end, group, True))
        if starts_written and len(set(map(_START, group_rows))) == len(group_rows):
            candidates.append((len(group_rows), start, group, False))
    joined: dict[Label, _Joined] = {}
    for _, label, group, at_end in sorted(candidates, key=lambda c: -c[0]):
        if label in joined or group not in rels:
            continue
        side, other = (_END, _START) if at_end else (_START, _END)
        rel_rows = rels.pop(group)
        by_key = dict(zip(map(side, rel_rows), rel_rows))
        key = label.key
        kept: list[dict[str, Any]] = []
        rows: list[tuple[str, Props, Any]] = []
        for props in nodes[label]:
            row = by_key.get(props[key])
            if row is None:
                kept.append(props)
            else:
                rows.append((other(row), props, row))
        nodes[label] = kept
        joined[label] = _Joined(group, at_end, rows)
    # Written in the batch's order of labels, so that a label's nodes come after the nodes they join.
    return {label: joined[label] for label in nodes if label in joined}


def _next_rows(batches: Iterator[RecordBatch], create: bool) -> _Rows | None:
    batch = next(batches, None)
    return None if batch is None else _rows(batch, create)


async def _write(tx: AsyncManagedTransaction, rows: _Rows) -> None:
    """Merge a batch's nodes, then its relationships."""
    for label, node_rows in rows.nodes.items():
        await (await tx.run(cypher.upsert_nodes(label), rows=Rows(node_rows))).consume()
    for (rel_type, start, end), rel_rows in rows.rels.items():
        await upsert_relationships(tx, rel_type, start, end, rel_rows)


async def _create(tx: AsyncManagedTransaction, rows: _Rows, known: ElementIds) -> ElementIds:
    """Create a batch's nodes, then its relationships; answer the created nodes' element ids.

    A relationship whose two ends the load has created (this batch, or one committed before: `known`)
    is joined to them by element id; any other is joined by the keys' indexes. A node to create with its
    relationship (`_joins`) is, when the other end's id is known by then.
    """
    created: ElementIds = {}
    for label, node_rows in rows.nodes.items():
        if node_rows:
            created[label] = await _create_nodes(tx, label, node_rows)
    rels = rows.rels
    for label, joined in rows.joined.items():
        rel_type, start, end = joined.group
        other = start if joined.at_end else end
        other_new, other_old = created.get(other, _NONE), known.get(other, _NONE)
        by_id: list[list[Any]] = []
        others: list[str] = []
        alone: list[dict[str, Any]] = []
        unjoined: list[Any] = []
        for other_key, props, rel_row in joined.rows:
            other_id = other_new.get(other_key) or other_old.get(other_key)
            if other_id is None:  # not created by the load, or later in this batch: the ordinary way
                alone.append(props)
                unjoined.append(rel_row)
            else:
                by_id.append([other_id, props])
                others.append(other_key)
        ids = created.setdefault(label, {})
        if by_id:
            ids.update(await create_related_by_id(tx, label, rel_type, other, joined.at_end, by_id, others))
        if alone:
            ids.update(await _create_nodes(tx, label, alone))
            rels = {**rels, joined.group: unjoined}
    for (rel_type, start, end), rel_rows in rels.items():
        starts_new, starts_old = created.get(start, _NONE), known.get(start, _NONE)
        ends_new, ends_old = created.get(end, _NONE), known.get(end, _NONE)
        with_props = rel_type in _WITH_PROPS
        by_id = []
        by_key: list[tuple[str, str, Props]] = []
        for row in rel_rows:
            s, e, props = row
            a = starts_new.get(s) or starts_old.get(s)
            b = ends_new.get(e) or ends_old.get(e)
            if a is None or b is None:
                by_key.append(row)
            else:
                by_id.append([a, b, props] if with_props else [a, b])
        if by_id:  # should an end have gone meanwhile, the group's rows by key name it
            await relate_by_id(tx, rel_type, start, end, by_id, lambda: _keyed(rel_rows, with_props))
        if by_key:
            await upsert_relationships(tx, rel_type, start, end, _keyed(by_key, with_props), create=True)
    return created


async def _create_nodes(tx: AsyncManagedTransaction, label: Label, node_rows: list[dict[str, Any]]) -> dict[str, str]:
    record = await (await tx.run(cypher.create_nodes_with_ids(label), rows=Rows(node_rows))).single()
    return dict(record["ids"]) if record is not None else {}


def _keyed(rows: list[tuple[str, str, Props]], with_props: bool) -> list[dict[str, Any]]:
    """Relationship rows as the key-joining statements take them (`cypher.upsert_relationships`)."""
    return [{"s": s, "e": e, "props": props} if with_props else {"s": s, "e": e} for s, e, props in rows]


class _Writers:
    """Batches being written, each in its own transaction, at most `limit` at a time."""

    def __init__(self, store: Neo4jStore, limit: int, progress: Progress | None, create: bool) -> None:
        self.store = store
        self.limit = limit
        self.create = create
        # When creating: the element ids of the nodes created so far, by label and key (held for the whole
        # load: at S=10, 455,098 of them, about 100 MB with their keys).
        self.ids: ElementIds = {}
        self.progress = progress
        self.busy: dict[asyncio.Task[None], frozenset[NodeRef]] = {}
        self.nodes = self.rels = self.batches = self.retried = 0

    async def start(self, rows: _Rows) -> None:
        """Start writing `rows` once no batch being written involves its nodes and a writer is free."""
        while True:
            blocking = [task for task, writes in self.busy.items() if not writes.isdisjoint(rows.touches)]
            if blocking:
                await self._settle(blocking, asyncio.ALL_COMPLETED)
            elif len(self.busy) >= self.limit:
                await self._settle(list(self.busy), asyncio.FIRST_COMPLETED)
            else:
                break
        self.busy[asyncio.create_task(self._commit(rows))] = rows.writes

    async def finish(self) -> None:
        """Wait for every batch being written; raise the first failure."""
        if self.busy:
            await self._settle(list(self.busy), asyncio.ALL_COMPLETED)

    async def abandon(self) -> None:
        """After a failure: let the batches being written end (they join none of the failed batch's nodes)."""
        if self.busy:
            await asyncio.wait(list(self.busy))
            for task in self.busy:
                if not task.cancelled():
                    task.exception()  # retrieved: the first failure is the one reported
            self.busy.clear()

    async def _settle(self, tasks: list[asyncio.Task[None]], when: str) -> None:
        done, _ = await asyncio.wait(tasks, return_when=when)
        failed = [task for task in done if task.cancelled() or task.exception() is not None]
        for task in done:
            if task not in failed:
                del self.busy[task]
        if failed:
            await failed[0]  # raises; `abandon` collects the rest

    async def _commit(self, rows: _Rows) -> None:
        attempts = 0
        created: ElementIds = {}

        async def write(tx: AsyncManagedTransaction) -> None:
            nonlocal attempts, created
            attempts += 1  # the driver calls it again after a transient error: the ids of the last attempt count
            if self.create:
                created = await _create(tx, rows, self.ids)
            else:
                await _write(tx, rows)

        async def go() -> None:
            # A batch waits out a deadlock between writers as long as the driver's default allows, not only
            # the store's connect timeout (which bounds its retries to answer a request in time).
            async with self.store.driver.session(database=self.store.database, max_transaction_retry_time=RETRY_SECONDS) as session:
                await session.execute_write(write)

        await self.store._call(go)
        for label, ids in created.items():  # committed: later batches may join these nodes by id
            self.ids.setdefault(label, {}).update(ids)
        if attempts > 1:
            self.retried += 1
        self.nodes += rows.node_count
        self.rels += rows.rel_count
        self.batches += 1
        if self.progress:
            self.progress(rows.node_count + rows.rel_count)


async def bulk_load(
    store: Neo4jStore, batches: Iterable[RecordBatch], progress: Progress | None = None, writers: int = 2, create: bool = False
) -> BulkStats:
    """Write `batches`, each in its own transaction, up to `writers` of them side by side; return what was written.

    If a batch fails, the batches before it are written, as may be later ones that were being written
    already (they join no node of the failed batch); its error is raised once they have ended.

    `create` says the batches create every record: the store holds none of their nodes and
    relationships, and no record comes twice (`loaders.synthetic` into an empty store). A node that
    exists then fails its batch (`ConflictError`, its key's constraint); a relationship that exists
    would be doubled, so only a caller that knows the store holds none may say it. Such a load also
    drops the full-text index first and builds it again once every batch is written (or one has
    failed): searches meanwhile fail with `StoreUnavailableError`, and `BulkStats.index_seconds`
    says how long the index took, within `seconds`.

    While it runs, the process's threads switch every `SWITCH_INTERVAL` (see the module docstring).
    """
    if not 1 <= writers <= MAX_WRITERS:
        raise ValueError(f"writers must be between 1 and {MAX_WRITERS}, got {writers}")
    started = time.perf_counter()
    if create:
        # Built again below, in one pass over the graph: a Lucene update in every commit costs Neo4j more.
        await store.drop_text_index()
    try:
        with _switching(SWITCH_INTERVAL):
            pool = await _load(store, batches, progress, writers, create)
    except BaseException:
        if create:
            with contextlib.suppress(Exception):  # the load's error is the one to report; `start` builds it later
                await store.ensure_schema()
        raise
    indexed = time.perf_counter()
    if create:
        await store.ensure_schema()
    done = time.perf_counter()
    return BulkStats(pool.nodes, pool.rels, pool.batches, done - started, pool.retried, done - indexed if create else 0.0)


@contextlib.contextmanager
def _switching(interval: float) -> Iterator[None]:
    """Switch between the interpreter's threads every `interval` seconds, and as before once done.

    The setting is the process's (`sys.setswitchinterval`): a load shares its process with nothing
    that needs it otherwise (`govgraph generate`, a benchmark's loader, a test)."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(interval)
    try:
        yield
    finally:
        sys.setswitchinterval(before)


async def _load(
    store: Neo4jStore, batches: Iterable[RecordBatch], progress: Progress | None, writers: int, create: bool
) -> _Writers:
    source = iter(batches)
    pool = _Writers(store, writers, progress, create)
    pending = asyncio.create_task(asyncio.to_thread(_next_rows, source, create))
    try:
        while (rows := await pending) is not None:
            pending = asyncio.create_task(asyncio.to_thread(_next_rows, source, create))
            await pool.start(rows)
        await pool.finish()
    except BaseException:
        await pool.abandon()
        raise
    finally:
        if not pending.done():
            await asyncio.wait([pending])  # the worker thread cannot be cancelled; let it finish
    return pool

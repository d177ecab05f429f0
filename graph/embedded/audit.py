"""The embedded store's audit trail: an append-only log of `AuditEvent`s in SQLite files beside the
graph (`<data dir>/audit/`), never in the graph's memory.

The log is a row of segments, `000001.sqlite`, `000002.sqlite`…: events go to the highest-numbered
one (the active segment) until it is older than `segment_seconds` or larger than `segment_bytes`;
it is then sealed (never written again: the archive) and the next one begun. Every segment stays
queryable, each with an index per field the EIC filters on, so a filtered, counted page of the
whole trail costs an index seek per segment, not a scan. Whoever must keep the archive elsewhere
moves sealed segments away (the trail then no longer shows them).

Writes are batched (`graph.audit_log.GroupCommit`), one SQLite transaction per batch in WAL mode
with `synchronous=FULL`: a batch is on disk (fsync) when its commit returns, and a torn write is
rolled back by SQLite when the file is opened again. An event is stored once whatever number of
times it is appended (its id is the key): the store appends the records of the journal's units
again at start-up, so a record that went with its change (one journal line) is never lost, even
when the crash came before its batch.

SQLite runs on two threads of its own, one writing and one reading, so the event loop never waits
for a disk.
"""

from __future__ import annotations

import asyncio
import heapq
import json
import logging
import sqlite3
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from graph.access import EVERYTHING, Visibility
from graph.audit_log import GroupCommit, first_version
from graph.errors import InvalidArgumentError, StoreUnavailableError
from graph.labels import Label
from graph.records import Node, Page, PageQuery, Pair, PropertyFilter, Step, projected

AUDIT_DIR = "audit"
SEGMENT_BYTES = 256 * 1024 * 1024
SEGMENT_SECONDS = 30 * 24 * 3600
# The columns of an event, in the order rows hold them; `roles` is a JSON list, `extra` any property
# the entity may gain later (JSON), so the log keeps whatever the store was given.
COLUMNS = ("id", "at", "principal", "department", "roles", "action", "subject", "purpose", "outcome", "version", "extra")
SCALAR = frozenset(COLUMNS) - {"roles", "extra"}  # the properties a page may filter on
INDEXED = ("principal", "department", "action", "subject", "outcome")
SCHEMA = [
    "CREATE TABLE IF NOT EXISTS event ("
    "id TEXT PRIMARY KEY NOT NULL, at TEXT, principal TEXT, department TEXT, roles TEXT, action TEXT, "
    "subject TEXT, purpose TEXT, outcome TEXT, version INTEGER, extra TEXT) WITHOUT ROWID",
    *(f"CREATE INDEX IF NOT EXISTS event_{name} ON event({name}, id)" for name in INDEXED),
    "CREATE TABLE IF NOT EXISTS segment (name TEXT PRIMARY KEY NOT NULL, value TEXT) WITHOUT ROWID",
]
SELECT = f"SELECT {', '.join(COLUMNS)} FROM event"
INSERT = f"INSERT OR IGNORE INTO event ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})"
CHUNK = 2_000  # events per read when the whole trail is streamed (export)
COUNTS_KEPT = 256  # counts of sealed segments kept, by filter

log = logging.getLogger(__name__)
T = TypeVar("T")
Row = tuple[Any, ...]


def _row(event: Node) -> Row:
    props = first_version(event).props
    extra = {k: v for k, v in props.items() if k not in COLUMNS}
    roles = props.get("roles")
    return (
        event.key, props.get("at"), props.get("principal"), props.get("department"),
        None if roles is None else json.dumps(roles, ensure_ascii=False), props.get("action"), props.get("subject"),
        props.get("purpose"), props.get("outcome"), props.get("version"),
        json.dumps(extra, ensure_ascii=False, sort_keys=True) if extra else None,
    )


def _props(row: Row) -> dict[str, Any]:
    """A row as the event's properties (those it has: SQL NULL is a property it lacks)."""
    props = {name: value for name, value in zip(COLUMNS, row) if value is not None}
    if "roles" in props:
        props["roles"] = json.loads(props["roles"])
    extra = props.pop("extra", None)
    if extra:
        props.update(json.loads(extra))
    return props


def _node(row: Row, names: tuple[str, ...] | None = None) -> Node:
    return Node(Label.AUDIT_EVENT, row[0], projected(Label.AUDIT_EVENT, _props(row), names))


def _connect(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, isolation_level=None)  # autocommit: transactions are explicit
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=FULL")
    return connection


@dataclass(frozen=True)
class Filter:
    """A page's conditions as SQL: the WHERE clause and its parameters (the cursor apart)."""

    clause: str
    params: tuple[Any, ...]
    empty: bool = False  # nothing can match (a hidden trail, a link filter)


def _in(name: str, values: Sequence[Any]) -> tuple[str, list[Any]]:
    given = [v for v in values if v is not None]
    parts = [f"{name} IN ({', '.join('?' * len(given))})"] if given else []
    if len(given) < len(values):
        parts.append(f"{name} IS NULL")
    return "(" + " OR ".join(parts) + ")", given


def _property(f: PropertyFilter) -> tuple[str, list[Any]]:
    if f.field not in SCALAR:
        raise InvalidArgumentError(f"the audit trail filters on {', '.join(sorted(SCALAR))}, not {f.field!r}")
    return _in(f.field, f.values)


def where(query: PageQuery, visibility: Visibility) -> Filter:
    """The query's filters and `visibility`'s rules for audit events as SQL (audit events have no
    relationships: a link filter matches none, a visibility rule with one shows none)."""
    clauses: list[str] = []
    params: list[Any] = []
    if visibility.restricts(Label.AUDIT_EVENT):
        shown = []
        for match in visibility.rules[Label.AUDIT_EVENT]:
            if match.linked:
                continue
            parts = [_property(f) for f in match.where]
            shown.append("(" + " AND ".join(["1", *(c for c, _ in parts)]) + ")")
            params += [p for _, ps in parts for p in ps]
        if not shown:
            return Filter("0", (), empty=True)
        clauses.append("(" + " OR ".join(shown) + ")")
    if query.linked:
        return Filter("0", (), empty=True)
    for f in query.where:
        clause, values = _property(f)
        clauses.append(clause)
        params += values
    if query.text is not None:
        clauses.append("substr(id, 1, ?) = ?")  # a key prefix: audit events have no text fields
        params += [len(query.text), query.text]
    return Filter(" AND ".join(clauses) or "1", tuple(params))


@dataclass
class Segment:
    """One file of the log; `count`, `low` and `high` (its event ids' range) are known once it is sealed."""

    number: int
    path: Path
    sealed: bool
    count: int = 0
    low: str | None = None
    high: str | None = None


class AuditLog:
    """The trail of one embedded store (see the module's docstring); every method is called from the event loop."""

    def __init__(self, data_dir: Path, segment_bytes: int = SEGMENT_BYTES, segment_seconds: float = SEGMENT_SECONDS) -> None:
        self.directory = Path(data_dir) / AUDIT_DIR
        self.segment_bytes = segment_bytes
        self.segment_seconds = segment_seconds
        self._segments: list[Segment] = []
        self._lock = threading.Lock()  # guards `_segments` between the two threads
        self._writer: ThreadPoolExecutor | None = None
        self._reader: ThreadPoolExecutor | None = None
        self._active: sqlite3.Connection | None = None  # the writer thread's
        self._active_since = 0.0
        self._checks: dict[int, sqlite3.Connection] = {}  # the writer thread's, on sealed segments
        self._reads: dict[int, sqlite3.Connection] = {}  # the reader thread's
        self._counts: OrderedDict[tuple[int, Filter], int] = OrderedDict()  # the reader thread's, of sealed segments
        self._commit = GroupCommit(self._write, f"the audit log in {self.directory}")

    # Life cycle.

    async def open(self) -> None:
        """Open (or create) the segments and start the background writer."""
        self._writer = ThreadPoolExecutor(1, thread_name_prefix="audit-writer")
        self._reader = ThreadPoolExecutor(1, thread_name_prefix="audit-reader")
        try:
            await self._on_writer(self._open)
        except (OSError, sqlite3.Error) as e:
            self._shutdown_threads()
            raise StoreUnavailableError(f"cannot open the audit log in {self.directory}: {e}") from e
        self._commit.start()

    async def close(self) -> None:
        """Write what is queued, then close every file; safe to call twice."""
        if self._writer is None:
            return
        await self._commit.close()
        await self._on_reader(self._close_reads)
        await self._on_writer(self._close_writes)
        self._shutdown_threads()

    def _shutdown_threads(self) -> None:
        for pool in (self._writer, self._reader):
            if pool is not None:
                pool.shutdown(wait=True)
        self._writer = self._reader = None

    # Appending.

    def append(self, events: Sequence[Node]) -> None:
        """Queue events for the next batch (see `graph.audit_log.GroupCommit`)."""
        self._commit.add(events)

    async def flush(self) -> None:
        """Return once every event appended so far is on disk."""
        await self._commit.flush()

    @property
    def pending(self) -> int:
        return self._commit.pending

    async def _write(self, events: list[Node]) -> None:
        await self._on_writer(self._insert, [_row(event) for event in events])

    # Reading.

    async def page(self, query: PageQuery, visibility: Visibility = EVERYTHING) -> Page:
        """A page of events in id (= time) order after `query.after`, with the total that match."""
        await self.flush()  # read what was appended, as every store reads its writes
        found = where(query, visibility)
        if found.empty:
            return Page([], 0, False)
        rows, total = await self._on_reader(self._page, found, query.after, query.first)
        nodes = [_node(row, query.props) for row in rows[: query.first]]
        # Audit events have no relationships: whatever a page asks to expand or count is empty.
        expanded: dict[Step, dict[str, list[Pair]]] = {step: {node.key: [] for node in nodes} for step in query.expand}
        counted = {step: {node.key: 0 for node in nodes} for step in query.count}
        return Page(nodes, total, len(rows) > query.first, expanded, counted)

    async def get_many(self, keys: Sequence[str], visibility: Visibility = EVERYTHING) -> dict[str, Node]:
        if not keys:
            return {}
        await self.flush()
        found = where(PageQuery(Label.AUDIT_EVENT), visibility)
        if found.empty:
            return {}
        rows = await self._on_reader(self._get_many, found, list(dict.fromkeys(keys)))
        return {row[0]: _node(row) for row in rows}

    async def count(self) -> int:
        await self.flush()
        rows, total = await self._on_reader(self._page, Filter("1", ()), None, 0)
        return int(total)

    async def chunk(self, after: str | None, size: int = CHUNK) -> list[Node]:
        """The next `size` events after the id `after`, in id order (for streaming the whole trail)."""
        if after is None:
            await self.flush()
        rows, _ = await self._on_reader(self._page, Filter("1", ()), after, size, False)
        return [_node(row) for row in rows[:size]]

    async def clear(self) -> None:
        """Delete the whole trail (for `GraphStore.clear`: tests and benchmarks start from nothing)."""
        await self.flush()
        await self._on_reader(self._close_reads)
        await self._on_writer(self._clear)

    # The threads.

    async def _on_writer(self, fn: Any, *args: Any) -> Any:
        if self._writer is None:
            raise StoreUnavailableError("the audit log is not open")
        return await asyncio.get_running_loop().run_in_executor(self._writer, partial(fn, *args))

    async def _on_reader(self, fn: Any, *args: Any) -> Any:
        if self._reader is None:
            raise StoreUnavailableError("the audit log is not open")
        return await asyncio.get_running_loop().run_in_executor(self._reader, partial(fn, *args))

    # Writer thread.

    def _open(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        numbers = sorted(int(p.stem) for p in self.directory.glob("*.sqlite") if p.stem.isdigit())
        segments = [Segment(n, self._path(n), sealed=True) for n in numbers[:-1]]
        for segment in segments:
            self._describe(segment)
        with self._lock:
            self._segments = segments
        self._begin(numbers[-1] if numbers else 1)

    def _path(self, number: int) -> Path:
        return self.directory / f"{number:06d}.sqlite"

    def _describe(self, segment: Segment) -> None:
        """Read a sealed segment's count and id range."""
        connection = self._check(segment)
        segment.count, segment.low, segment.high = connection.execute("SELECT count(*), min(id), max(id) FROM event").fetchone()

    def _check(self, segment: Segment) -> sqlite3.Connection:
        connection = self._checks.get(segment.number)
        if connection is None:
            connection = self._checks[segment.number] = _connect(segment.path)
        return connection

    def _begin(self, number: int) -> None:
        """Open segment `number` for writing (creating it), and make it the active one."""
        connection = _connect(self._path(number))
        for statement in SCHEMA:
            connection.execute(statement)
        row = connection.execute("SELECT value FROM segment WHERE name = 'created'").fetchone()
        if row is None:
            now = time.time()
            connection.execute("INSERT INTO segment (name, value) VALUES ('created', ?)", (repr(now),))
            self._active_since = now
        else:
            self._active_since = float(row[0])
        self._active = connection
        with self._lock:
            self._segments = [*self._segments, Segment(number, self._path(number), sealed=False)]

    def _insert(self, rows: list[Row]) -> None:
        assert self._active is not None
        rows = self._new(rows)
        if rows:
            self._active.execute("BEGIN IMMEDIATE")
            try:
                self._active.executemany(INSERT, rows)
                self._active.execute("COMMIT")
            except BaseException:
                self._active.execute("ROLLBACK")
                raise
        self._rotate_if_due()

    def _new(self, rows: list[Row]) -> list[Row]:
        """`rows` without the events a sealed segment holds already (appending is idempotent): only an
        event older than what a sealed segment holds, such as an imported one, is looked up."""
        with self._lock:
            sealed = [s for s in self._segments if s.sealed and s.count]
        if not sealed:
            return rows
        newest = max(s.high for s in sealed if s.high is not None)
        old = [row[0] for row in rows if row[0] <= newest]
        if not old:
            return rows
        known: set[str] = set()
        for segment in sealed:
            ids = [i for i in old if segment.low is not None and segment.high is not None and segment.low <= i <= segment.high]
            for start in range(0, len(ids), 500):
                part = ids[start : start + 500]
                found = self._check(segment).execute(f"SELECT id FROM event WHERE id IN ({', '.join('?' * len(part))})", part)
                known.update(r[0] for r in found)
        return [row for row in rows if row[0] not in known]

    def _rotate_if_due(self) -> None:
        """Seal the active segment when it is too old or too large, and begin the next one."""
        assert self._active is not None
        with self._lock:
            active = self._segments[-1]
        size = sum(p.stat().st_size for p in (active.path, active.path.with_name(active.path.name + "-wal")) if p.exists())
        aged = time.time() - self._active_since >= self.segment_seconds
        if size < self.segment_bytes and not aged:
            return
        if not self._active.execute("SELECT 1 FROM event LIMIT 1").fetchone():
            return  # an empty segment is never sealed
        self._active.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self._active.close()
        self._active = None
        sealed = Segment(active.number, active.path, sealed=True)
        self._describe(sealed)
        with self._lock:
            self._segments = [*self._segments[:-1], sealed]
        log.info("sealed audit segment %s (%d events, %d bytes)", active.path.name, sealed.count, size)
        self._begin(active.number + 1)

    def _close_writes(self) -> None:
        for connection in [*self._checks.values(), *([self._active] if self._active is not None else [])]:
            connection.close()
        self._checks.clear()
        self._active = None

    def _clear(self) -> None:
        self._close_writes()
        with self._lock:
            paths = [s.path for s in self._segments]
            self._segments = []
        for path in paths:
            for extra in ("", "-wal", "-shm"):
                path.with_name(path.name + extra).unlink(missing_ok=True)
        self._begin(1)

    # Reader thread.

    def _reading(self, segment: Segment) -> sqlite3.Connection:
        connection = self._reads.get(segment.number)
        if connection is None:
            connection = self._reads[segment.number] = sqlite3.connect(segment.path, isolation_level=None)
        return connection

    def _page(self, found: Filter, after: str | None, first: int, counted: bool = True) -> tuple[list[Row], int]:
        """The first `first + 1` matching rows after `after` over every segment, in id order, and how many match."""
        with self._lock:
            segments = list(self._segments)
        lists: list[list[Row]] = []
        total = 0
        for segment in segments:
            connection = self._reading(segment)
            if counted:
                total += self._count(segment, connection, found)
            if first and not (after is not None and segment.sealed and segment.high is not None and segment.high <= after):
                clause, params = (f"{found.clause} AND id > ?", (*found.params, after)) if after is not None else (found.clause, found.params)
                lists.append(connection.execute(f"{SELECT} WHERE {clause} ORDER BY id LIMIT ?", (*params, first + 1)).fetchall())
        rows = list(heapq.merge(*lists, key=lambda r: str(r[0]))) if len(lists) > 1 else (lists[0] if lists else [])
        return rows[: first + 1], total

    def _count(self, segment: Segment, connection: sqlite3.Connection, found: Filter) -> int:
        if not segment.sealed:
            return int(connection.execute(f"SELECT count(*) FROM event WHERE {found.clause}", found.params).fetchone()[0])
        key = (segment.number, found)
        if key in self._counts:
            self._counts.move_to_end(key)
            return self._counts[key]
        n = self._counts[key] = int(connection.execute(f"SELECT count(*) FROM event WHERE {found.clause}", found.params).fetchone()[0])
        while len(self._counts) > COUNTS_KEPT:
            self._counts.popitem(last=False)
        return n

    def _get_many(self, found: Filter, keys: list[str]) -> list[Row]:
        with self._lock:
            segments = list(self._segments)
        rows: list[Row] = []
        for segment in segments:
            connection = self._reading(segment)
            for start in range(0, len(keys), 500):
                part = keys[start : start + 500]
                rows += connection.execute(
                    f"{SELECT} WHERE {found.clause} AND id IN ({', '.join('?' * len(part))})", (*found.params, *part)
                ).fetchall()
        return rows

    def _close_reads(self) -> None:
        for connection in self._reads.values():
            connection.close()
        self._reads.clear()
        self._counts.clear()


def sealed_segments(data_dir: Path) -> Iterable[Path]:
    """The sealed segments of a data directory's trail, oldest first (for operators and tests)."""
    paths = sorted(p for p in (Path(data_dir) / AUDIT_DIR).glob("*.sqlite") if p.stem.isdigit())
    return paths[:-1]

"""The embedded store's audit trail: an append-only log of `AuditEvent`s in SQLite files beside the
graph (`<data dir>/audit/`), never in the graph's memory.

The log is a row of segments, `000001.sqlite`, `000002.sqlite`…: events go to the highest-numbered
one until it is older or larger than the settings allow; it is then sealed (never written again:
the archive) and the next one begun. Every segment stays queryable, each with an index per field
the EIC filters on, so a filtered, counted page of the whole trail costs an index seek per segment,
not a scan. Whoever must keep the archive elsewhere moves sealed segments away (the trail then no
longer shows them).

Writing is a process of its own (`graph.embedded.audit_writer`, which commits in groups): a request
hands its events to it over a pipe as it ends, waiting for nothing; a query of the trail, and closing,
first wait until the writer has committed everything handed to it (`flush`). Events that reached
the pipe are committed even if the server is killed; if the writer itself dies, it is started
again, and the events it had read but not committed are lost. An event is stored once
whatever number of times it is appended (its id is the key): the store appends the records of the
journal's units again at start-up, so a record that went with its change (one journal line) is
never lost. Reading runs on a thread of the server's own, so the event loop never waits for a disk.
"""

from __future__ import annotations

import asyncio
import fcntl
import heapq
import json
import logging
import sqlite3
import subprocess
import sys
from collections import OrderedDict
from collections.abc import Sequence
from contextlib import suppress
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import orjson

from graph.access import EVERYTHING, Visibility
from graph.audit_log import written_within
from graph.embedded.audit_writer import COLUMNS, FRAME, frame, segment_paths
from graph.errors import InvalidArgumentError, StoreUnavailableError
from graph.i18n import _, quote
from graph.labels import Label
from graph.records import Node, Page, PageQuery, Pair, PropertyFilter, Step, projected

AUDIT_DIR = "audit"
SEGMENT_BYTES = 256 * 1024 * 1024
SEGMENT_SECONDS = 30 * 24 * 3600
SCALAR = frozenset(COLUMNS) - {"roles", "extra"}  # the properties a page may filter on
SELECT = f"SELECT {', '.join(COLUMNS)} FROM event"
CHUNK = 2_000  # events per read when the whole trail is streamed (export)
COUNTS_KEPT = 256  # counts of sealed segments kept, by filter
F_SETPIPE_SZ = 1031  # Linux's fcntl to size a pipe
PIPE_BYTES = 1 << 20
RESTART_SECONDS = 1.0  # between attempts to start a writer that failed to start
FRAME_EVENTS = 5_000  # events per frame at most

log = logging.getLogger(__name__)
Row = tuple[Any, ...]


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
        raise InvalidArgumentError(_("the audit trail filters on {fields}, not {field}", fields=", ".join(sorted(SCALAR)), field=quote(f.field)))
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
    """A sealed segment as the reader knows it: its event count and id range, read once."""

    count: int
    low: str | None
    high: str | None


class AuditLog:
    """The trail of one embedded store (see the module's docstring); every method is called from the event loop."""

    def __init__(self, data_dir: Path, segment_bytes: int = SEGMENT_BYTES, segment_seconds: float = SEGMENT_SECONDS) -> None:
        self.directory = Path(data_dir) / AUDIT_DIR
        self.segment_bytes = segment_bytes
        self.segment_seconds = segment_seconds
        self._writer: subprocess.Popen[bytes] | None = None
        self._pipe: asyncio.WriteTransport | None = None
        self._listening: asyncio.Task[None] | None = None  # reads the writer's answers
        self._restarting: asyncio.Task[None] | None = None
        self._unsent: list[bytes] = []  # frames waiting for a writer to start
        self._syncs = 0  # syncs sent
        self._waiting: list[tuple[int, asyncio.Future[None]]] = []  # flushes waiting for their sync's answer
        self._failure: str | None = None  # the writer's last error, until it commits again
        self._closing = False
        self._reader: ThreadPoolExecutor | None = None
        self._reads: dict[Path, sqlite3.Connection] = {}  # the reader thread's
        self._sealed: dict[Path, Segment] = {}  # the reader thread's
        self._counts: OrderedDict[tuple[Path, Filter], int] = OrderedDict()  # the reader thread's, of sealed segments

    # Life cycle.

    async def open(self) -> None:
        """Start the writer (which opens or creates the segments) and the reader thread."""
        self._closing = False
        await self._start_writer()
        self._reader = ThreadPoolExecutor(1, thread_name_prefix="audit-reader")

    async def close(self) -> None:
        """Wait until everything appended is on disk (30 s at most), stop the writer, close every file; safe to call twice."""
        if self._reader is None:
            return
        try:
            await self.flush()
        except StoreUnavailableError as e:
            log.error("%s; closing the audit log without it", e.message)
        self._closing = True
        await self._on_reader(self._close_reads)
        self._reader.shutdown(wait=True)
        self._reader = None
        if self._restarting is not None:
            self._restarting.cancel()
        await self._stop_writer()

    async def _start_writer(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        writer = subprocess.Popen(
            [sys.executable, "-m", "graph.embedded.audit_writer", str(self.directory), str(self.segment_bytes), str(self.segment_seconds)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        )
        assert writer.stdin is not None and writer.stdout is not None
        with suppress(OSError):  # a larger pipe: a burst of events waits in the kernel, where a crash of this process leaves it
            fcntl.fcntl(writer.stdin.fileno(), F_SETPIPE_SZ, PIPE_BYTES)
        loop = asyncio.get_running_loop()
        answers = asyncio.StreamReader(limit=1 << 20)
        await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(answers), writer.stdout)
        pipe, _ = await loop.connect_write_pipe(asyncio.Protocol, writer.stdin)
        self._writer, self._pipe = writer, pipe
        ready = await _answer(answers)
        if ready is None or not ready.get("ready"):
            await self._stop_writer()
            raise StoreUnavailableError(str((ready or {}).get("error", "the audit log's writer did not start")))
        self._listening = loop.create_task(self._listen(writer, answers), name="audit log answers")
        unsent, self._unsent = self._unsent, []
        for data in unsent:
            pipe.write(data)
        if self._waiting:  # a sync sent to a writer that died unanswered
            pipe.write(frame({"sync": self._syncs}))

    async def _stop_writer(self) -> None:
        """Close the pipe: the writer commits what it read and exits."""
        writer, pipe = self._writer, self._pipe
        self._writer = self._pipe = None
        if pipe is not None:
            pipe.close()
        if writer is not None:
            await asyncio.get_running_loop().run_in_executor(None, writer.wait)
            if writer.stdout is not None:
                writer.stdout.close()

    async def _listen(self, writer: subprocess.Popen[bytes], answers: asyncio.StreamReader) -> None:
        """Take the writer's answers: syncs release the flushes waiting for them; errors are logged."""
        while (answer := await _answer(answers)) is not None:
            if "synced" in answer:
                self._failure = None
                synced = int(answer["synced"])
                waiting = []
                for n, future in self._waiting:
                    if n <= synced:
                        if not future.done():
                            future.set_result(None)
                    else:
                        waiting.append((n, future))
                self._waiting = waiting
            elif "error" in answer:
                self._failure = str(answer["error"])
                log.error("the audit log's writer cannot commit (it keeps the events and tries again): %s", self._failure)
        if self._writer is writer and not self._closing:
            log.error("the audit log's writer stopped (exit %s): starting it again", writer.poll())
            self._restart_soon()

    def _restart_soon(self) -> None:
        if self._restarting is None or self._restarting.done():
            self._restarting = asyncio.get_running_loop().create_task(self._restart(), name="audit log writer restart")

    async def _restart(self) -> None:
        while not self._closing:
            await self._stop_writer()
            try:
                await self._start_writer()
                return
            except StoreUnavailableError as e:
                self._failure = e.message
                log.error("could not start the audit log's writer again: %s", e.message)
                await asyncio.sleep(RESTART_SECONDS)

    def _send(self, data: bytes) -> None:
        pipe = self._pipe
        if pipe is None or pipe.is_closing() or (self._writer is not None and self._writer.poll() is not None):
            self._unsent.append(data)
            self._restart_soon()
            return
        pipe.write(data)

    # Appending.

    def append(self, events: Sequence[Node]) -> None:
        """Hand events to the writer, without waiting: they are on disk once a later `flush` returns."""
        for start in range(0, len(events), FRAME_EVENTS):  # an import's million events as frames of a bounded size
            self._send(frame({"append": [[event.key, event.props] for event in events[start : start + FRAME_EVENTS]]}))

    async def flush(self, timeout: float = 30.0) -> None:
        """Return once every event appended so far is on disk; `StoreUnavailableError` after `timeout` s."""
        self._syncs += 1
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiting.append((self._syncs, future))
        self._send(frame({"sync": self._syncs}))
        await written_within(future, timeout, lambda: f"the audit log in {self.directory} was not written within {timeout:g} s: {self._failure or 'its writer does not answer'}")

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
        _, total = await self._on_reader(self._page, Filter("1", ()), None, 0)
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
        self._send(frame({"clear": True}))
        await self.flush()

    async def _on_reader(self, fn: Any, *args: Any) -> Any:
        if self._reader is None:
            raise StoreUnavailableError("the audit log is not open")
        return await asyncio.get_running_loop().run_in_executor(self._reader, partial(fn, *args))

    # Reader thread.

    def _segments(self) -> list[tuple[Path, Segment | None]]:
        """Every segment, oldest first, with what is known of the sealed ones (None: the one being written)."""
        found = segment_paths(self.directory)
        segments: list[tuple[Path, Segment | None]] = []
        for i, (_, path) in enumerate(found):
            if i == len(found) - 1:
                segments.append((path, None))
                continue
            sealed = self._sealed.get(path)
            if sealed is None:
                count, low, high = self._reading(path).execute("SELECT count(*), min(id), max(id) FROM event").fetchone()
                sealed = self._sealed[path] = Segment(int(count), low, high)
            segments.append((path, sealed))
        return segments

    def _reading(self, path: Path) -> sqlite3.Connection:
        connection = self._reads.get(path)
        if connection is None:
            connection = self._reads[path] = sqlite3.connect(path, isolation_level=None)
        return connection

    def _page(self, found: Filter, after: str | None, first: int, counted: bool = True) -> tuple[list[Row], int]:
        """The first `first + 1` matching rows after `after` over every segment, in id order, and how many match."""
        lists: list[list[Row]] = []
        total = 0
        for path, sealed in self._segments():
            connection = self._reading(path)
            if counted:
                total += self._count(path, sealed, connection, found)
            if first and not (after is not None and sealed is not None and sealed.high is not None and sealed.high <= after):
                clause, params = (f"{found.clause} AND id > ?", (*found.params, after)) if after is not None else (found.clause, found.params)
                lists.append(connection.execute(f"{SELECT} WHERE {clause} ORDER BY id LIMIT ?", (*params, first + 1)).fetchall())
        rows = list(heapq.merge(*lists, key=lambda r: str(r[0]))) if len(lists) > 1 else (lists[0] if lists else [])
        return rows[: first + 1], total

    def _count(self, path: Path, sealed: Segment | None, connection: sqlite3.Connection, found: Filter) -> int:
        if sealed is None:
            return int(connection.execute(f"SELECT count(*) FROM event WHERE {found.clause}", found.params).fetchone()[0])
        key = (path, found)
        if key in self._counts:
            self._counts.move_to_end(key)
            return self._counts[key]
        n = self._counts[key] = int(connection.execute(f"SELECT count(*) FROM event WHERE {found.clause}", found.params).fetchone()[0])
        while len(self._counts) > COUNTS_KEPT:
            self._counts.popitem(last=False)
        return n

    def _get_many(self, found: Filter, keys: list[str]) -> list[Row]:
        rows: list[Row] = []
        for path, _ in self._segments():
            connection = self._reading(path)
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
        self._sealed.clear()
        self._counts.clear()


async def _answer(answers: asyncio.StreamReader) -> dict[str, Any] | None:
    """The writer's next answer; None once it has stopped."""
    try:
        head = await answers.readexactly(FRAME.size)
        answer: dict[str, Any] = orjson.loads(await answers.readexactly(FRAME.unpack(head)[0]))
    except asyncio.IncompleteReadError:
        return None
    return answer


def sealed_segments(data_dir: Path) -> list[Path]:
    """The sealed segments of a data directory's trail, oldest first (for operators and tests)."""
    return [path for _, path in segment_paths(Path(data_dir) / AUDIT_DIR)[:-1]]

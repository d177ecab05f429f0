"""The audit log's writer: a process of its own that appends events to the log's SQLite segments.

The embedded store (`graph.embedded.audit.AuditLog`) starts `python -m graph.embedded.audit_writer
<log dir> <segment bytes> <segment seconds>` and streams it frames over a pipe (a 4-byte big-endian
length, then JSON): `{"append": [[id, properties], …]}` — not answered; `{"sync": n}` — answered
`{"synced": n}` once everything sent before it is committed; `{"clear": true}`. It answers
`{"ready": true}` once it has opened the log, and `{"error": "…"}` when a commit fails (it keeps the
events and tries again).

Group commit: it reads the frames that come within `LINGER_SECONDS` of the first (or until a sync),
commits them in one SQLite transaction (WAL, `synchronous=FULL`: on disk when the commit returns),
answers the syncs among them, and waits for the next. Writing here, not in the server, keeps SQLite's work off the server's interpreter; the
server only writes the frame into the pipe when a request ends, and waits for nothing.

When the server goes, so does the pipe: the writer commits every whole frame it has read and exits,
so a `kill -9` of the server loses no event that reached the pipe — the events of every request
answered before it. Only one writer at a time (`writer.lock`): one started by a server restarted at
once waits for the last one to finish.

Segments: events go to the highest-numbered file until it is older than `segment seconds` or larger
than `segment bytes`; it is then sealed (never written again) and the next one begun. An event is
kept once, whatever number of times it is appended: its id is the key of its segment, and an event
older than a sealed segment's newest is looked up there first.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import select
import sqlite3
import struct
import sys
import time
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import orjson

log = logging.getLogger(__name__)

# The columns of an event, in the order rows hold them; `roles` is a JSON list, `extra` any property
# the entity may gain later (JSON), so the log keeps whatever the store was given.
COLUMNS = ("id", "at", "principal", "department", "roles", "action", "subject", "purpose", "outcome", "version", "extra")
INDEXED = ("principal", "department", "action", "subject", "outcome")
SCHEMA = [
    "CREATE TABLE IF NOT EXISTS event ("
    "id TEXT PRIMARY KEY NOT NULL, at TEXT, principal TEXT, department TEXT, roles TEXT, action TEXT, "
    "subject TEXT, purpose TEXT, outcome TEXT, version INTEGER, extra TEXT) WITHOUT ROWID",
    *(f"CREATE INDEX IF NOT EXISTS event_{name} ON event({name}, id)" for name in INDEXED),
    "CREATE TABLE IF NOT EXISTS segment (name TEXT PRIMARY KEY NOT NULL, value TEXT) WITHOUT ROWID",
]
INSERT_ROWS = 50  # rows per INSERT statement
LOCK = "writer.lock"
FRAME = struct.Struct(">I")
Row = tuple[Any, ...]
_KNOWN = frozenset(COLUMNS) - {"extra"}


def segment_paths(directory: Path) -> list[tuple[int, Path]]:
    """The log's segments by number, oldest first; the last is the one being written."""
    return sorted((int(p.stem), p) for p in directory.glob("*.sqlite") if p.stem.isdigit())


def connect(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, isolation_level=None)  # autocommit: transactions are explicit
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=FULL")
    connection.execute("PRAGMA busy_timeout=10000")
    return connection


def row(key: str, props: dict[str, Any]) -> Row:
    """An event as a row."""
    extra = None
    if not _KNOWN.issuperset(props):
        extra = json.dumps({k: v for k, v in props.items() if k not in _KNOWN}, ensure_ascii=False, sort_keys=True)
    roles = props.get("roles")
    return (
        key, props.get("at"), props.get("principal"), props.get("department"),
        None if roles is None else _roles_json(tuple(roles)), props.get("action"), props.get("subject"),
        props.get("purpose"), props.get("outcome"), props.get("version", 1), extra,
    )


@lru_cache(maxsize=64)
def _roles_json(roles: tuple[str, ...]) -> str:
    return json.dumps(list(roles), ensure_ascii=False)


@lru_cache(maxsize=8)
def _insert(rows: int) -> str:
    """INSERT of `rows` rows in one statement (as cheap as `executemany`, one step)."""
    one = "(" + ", ".join("?" * len(COLUMNS)) + ")"
    return f"INSERT OR IGNORE INTO event ({', '.join(COLUMNS)}) VALUES {', '.join([one] * rows)}"


@dataclass
class Sealed:
    """A sealed segment's range of ids (for looking up an old event appended again)."""

    path: Path
    low: str | None
    high: str | None


class SegmentWriter:
    """Appends to the log's segments in `directory` (one process at a time)."""

    def __init__(self, directory: Path, segment_bytes: int, segment_seconds: float) -> None:
        self.directory = directory
        self.segment_bytes = segment_bytes
        self.segment_seconds = segment_seconds
        self._active: sqlite3.Connection | None = None
        self._active_path: Path | None = None
        self._number = 0
        self._since = 0.0
        self._sealed: list[Sealed] = []
        self._checks: dict[Path, sqlite3.Connection] = {}

    def open(self) -> None:
        found = segment_paths(self.directory)
        for _, path in found[:-1]:
            low, high = self._check(path).execute("SELECT min(id), max(id) FROM event").fetchone()
            self._sealed.append(Sealed(path, low, high))
        self._begin(found[-1][0] if found else 1)

    def _check(self, path: Path) -> sqlite3.Connection:
        connection = self._checks.get(path)
        if connection is None:
            connection = self._checks[path] = connect(path)
        return connection

    def _begin(self, number: int) -> None:
        path = self.directory / f"{number:06d}.sqlite"
        connection = connect(path)
        for statement in SCHEMA:
            connection.execute(statement)
        created = connection.execute("SELECT value FROM segment WHERE name = 'created'").fetchone()
        if created is None:
            self._since = time.time()
            connection.execute("INSERT INTO segment (name, value) VALUES ('created', ?)", (repr(self._since),))
        else:
            self._since = float(created[0])
        self._active, self._active_path, self._number = connection, path, number

    def append(self, events: Sequence[Sequence[Any]]) -> None:
        """Commit the events ([id, properties] each) in one transaction, then seal the segment if it is due."""
        assert self._active is not None
        rows = self._new([row(key, props) for key, props in events])
        if rows:
            self._active.execute("BEGIN IMMEDIATE")
            try:
                for start in range(0, len(rows), INSERT_ROWS):
                    part = rows[start : start + INSERT_ROWS]
                    self._active.execute(_insert(len(part)), [value for r in part for value in r])
                self._active.execute("COMMIT")
            except BaseException:
                self._active.execute("ROLLBACK")
                raise
        self._seal_if_due()

    def _new(self, rows: list[Row]) -> list[Row]:
        """`rows` without the events a sealed segment holds already: only an event older than a sealed
        segment's newest (an imported one, one appended again) is looked up."""
        covering = [s for s in self._sealed if s.low is not None and s.high is not None]
        if not covering:
            return rows
        newest = max(str(s.high) for s in covering)
        old = [r[0] for r in rows if r[0] <= newest]
        if not old:
            return rows
        known: set[str] = set()
        for segment in covering:
            ids = [i for i in old if str(segment.low) <= i <= str(segment.high)]
            for start in range(0, len(ids), 500):
                part = ids[start : start + 500]
                found = self._check(segment.path).execute(f"SELECT id FROM event WHERE id IN ({', '.join('?' * len(part))})", part)
                known.update(r[0] for r in found)
        return [r for r in rows if r[0] not in known]

    def _seal_if_due(self) -> None:
        assert self._active is not None and self._active_path is not None
        path = self._active_path
        size = sum(p.stat().st_size for p in (path, path.with_name(path.name + "-wal")) if p.exists())
        if size < self.segment_bytes and time.time() - self._since < self.segment_seconds:
            return
        if not self._active.execute("SELECT 1 FROM event LIMIT 1").fetchone():
            return  # an empty segment is never sealed
        low, high = self._active.execute("SELECT min(id), max(id) FROM event").fetchone()
        self._active.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self._active.close()
        self._sealed.append(Sealed(path, low, high))
        log.info("sealed audit segment %s (%d bytes)", path.name, size)
        self._begin(self._number + 1)

    def clear(self) -> None:
        """Delete every segment and begin again (`GraphStore.clear`: tests and benchmarks)."""
        self.close()
        for _, path in segment_paths(self.directory):
            for suffix in ("", "-wal", "-shm"):
                path.with_name(path.name + suffix).unlink(missing_ok=True)
        self._sealed = []
        self._begin(1)

    def close(self) -> None:
        for connection in [*self._checks.values(), *([self._active] if self._active is not None else [])]:
            connection.close()
        self._checks.clear()
        self._active = None


class Frames:
    """The frames coming in on a file descriptor, read as they come."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.buffer = bytearray()
        self.ended = False

    def next(self, wait: float | None) -> bytes | None:
        """The next whole frame's payload, waiting for it at most `wait` seconds (None: as long as it
        takes); None at the end of the stream (a frame cut short is dropped) or when none came in time."""
        deadline = None if wait is None else time.monotonic() + wait
        while True:
            if len(self.buffer) >= FRAME.size:
                (size,) = FRAME.unpack_from(self.buffer)
                if len(self.buffer) >= FRAME.size + size:
                    payload = bytes(self.buffer[FRAME.size : FRAME.size + size])
                    del self.buffer[: FRAME.size + size]
                    return payload
            if self.ended:
                return None
            if deadline is not None and not select.select([self.fd], [], [], max(0.0, deadline - time.monotonic()))[0]:
                return None
            data = os.read(self.fd, 1 << 20)
            if not data:
                self.ended = True
            self.buffer += data


def frame(message: dict[str, Any]) -> bytes:
    payload = orjson.dumps(message)
    return FRAME.pack(len(payload)) + payload


MAX_BATCH = 20_000  # events committed in one transaction at most
# How long a batch waits for more events before it is committed, unless someone waits for it (a sync):
# a quiet hour's reads come a few a second, and a commit each would cost a disk flush and SQLite's
# bookkeeping each. The server's own crash loses none of them (the pipe and this process outlive it).
LINGER_SECONDS = 0.05
NICENESS = 10
RETRY_SECONDS = 1.0


def main(argv: list[str]) -> int:
    directory, segment_bytes, segment_seconds = Path(argv[0]), int(argv[1]), float(argv[2])
    logging.basicConfig(level=logging.WARNING, format="audit writer: %(message)s")
    with suppress(OSError):
        os.nice(NICENESS)  # behind the server when the cores are busy: nothing waits for this but a query of the trail
    answers = sys.stdout.buffer

    def answer(message: dict[str, Any]) -> None:
        try:
            answers.write(frame(message))
            answers.flush()
        except BrokenPipeError:
            pass  # the server is gone: what it sent is still committed, to the end of the pipe

    try:
        directory.mkdir(parents=True, exist_ok=True)
        lock = (directory / LOCK).open("a")
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX)  # a writer of a server that just died finishes first
        writer = SegmentWriter(directory, segment_bytes, segment_seconds)
        writer.open()
    except (OSError, sqlite3.Error) as e:
        answer({"error": f"cannot open the audit log in {directory}: {e}"})
        return 1
    answer({"ready": True})
    frames = Frames(sys.stdin.fileno())
    while (payload := frames.next(wait=None)) is not None:
        events: list[Any] = []
        synced: int | None = None
        clear = False
        until = time.monotonic() + LINGER_SECONDS
        while payload is not None:  # the frames of the next LINGER_SECONDS, or until a sync: one batch
            message = orjson.loads(payload)
            if "append" in message:
                events += message["append"]
            elif "sync" in message:
                synced = int(message["sync"])
            elif message.get("clear"):
                clear = True
                break
            if len(events) >= MAX_BATCH:
                break
            payload = frames.next(wait=0.0 if synced is not None else max(0.0, until - time.monotonic()))
        _commit(writer, events, answer)
        if clear:
            writer.clear()
        if synced is not None:
            answer({"synced": synced})
    writer.close()  # the server is gone, or closed the log: everything read is committed
    return 0


def _commit(writer: SegmentWriter, events: list[Any], answer: Any) -> None:
    """Commit `events`, trying again until it succeeds (a full disk is freed, a lock released)."""
    while True:
        try:
            writer.append(events)
            return
        except (OSError, sqlite3.Error, ValueError, KeyError, TypeError, IndexError) as e:
            answer({"error": f"{type(e).__name__}: {e}"})
            time.sleep(RETRY_SECONDS)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

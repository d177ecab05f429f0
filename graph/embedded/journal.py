"""The embedded store's files: a snapshot (the JSON Lines export) and a journal of later units of work.

A unit of work is acknowledged only after its journal line is written and fsync'd, so killing the
process at any moment loses nothing acknowledged; a torn last line (a write cut short) was never
acknowledged and is cut off when the journal is opened again. Compaction writes a new snapshot
beside the old one, renames it into place and only then empties the journal; journal lines carry a
sequence number and the snapshot the last one it contains, so a crash between the two steps
replays nothing twice. The snapshot's header also carries a random id, which ties the memory image
(`graph.embedded.image`, a cache written beside it) to this very snapshot.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from graph import jsonl
from graph.changes import Op, op_from_json, op_to_json
from graph.errors import CorruptStoreError, InvalidDataError
from graph.records import Node, Relationship

SNAPSHOT = "snapshot.jsonl"
JOURNAL = "journal.jsonl"


def fsync_dir(path: Path) -> None:
    """Make a rename or a new file in `path` durable."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@dataclass(frozen=True)
class SnapshotHead:
    """What a snapshot's header says: the sequence number it holds up to, and its id (None for a
    snapshot written before snapshots had one), which ties a memory image to this very file."""

    seq: int
    id: str | None


def _head(path: Path, f: IO[str]) -> tuple[SnapshotHead, Iterator[Node | Relationship]]:
    try:
        head, records = jsonl.read_lines(f, str(path))
    except InvalidDataError as e:
        raise CorruptStoreError(f"cannot read the snapshot: {e.message}") from e
    snapshot_id = head.get("id")
    return SnapshotHead(int(head.get("seq", 0)), snapshot_id if isinstance(snapshot_id, str) else None), records


def snapshot_head(directory: Path) -> SnapshotHead | None:
    """The snapshot's header alone (None if there is no snapshot)."""
    path = directory / SNAPSHOT
    if not path.exists():
        return None
    with path.open(encoding="utf-8") as f:
        return _head(path, f)[0]


def _checked(records: Iterator[Node | Relationship]) -> Iterator[Node | Relationship]:
    try:
        yield from records
    except InvalidDataError as e:
        raise CorruptStoreError(f"cannot read the snapshot: {e.message}") from e


def read_snapshot(directory: Path) -> tuple[int, Iterator[Node | Relationship]]:
    """The sequence number the snapshot holds up to, and its records (none if there is no snapshot)."""
    path = directory / SNAPSHOT
    if not path.exists():
        return 0, iter(())
    f = path.open(encoding="utf-8")
    try:
        head, records = _head(path, f)
    except CorruptStoreError:
        f.close()
        raise

    def gen() -> Iterator[Node | Relationship]:
        with f:
            yield from _checked(records)

    return head.seq, gen()


@contextmanager
def opened_snapshot(directory: Path) -> Iterator[tuple[SnapshotHead, Iterator[Node | Relationship]] | None]:
    """The snapshot's header and records read from one open file, closed when the block ends (None if
    there is no snapshot): a newer snapshot renamed into place meanwhile does not mix with this one."""
    path = directory / SNAPSHOT
    try:
        f = path.open(encoding="utf-8")
    except FileNotFoundError:
        yield None
        return
    with f:
        head, records = _head(path, f)
        yield head, _checked(records)


def write_snapshot(directory: Path, head: SnapshotHead, nodes: Iterator[Node], rels: list[Relationship]) -> None:
    """Write a complete snapshot atomically (temp file, fsync, rename, fsync the directory)."""
    tmp = directory / (SNAPSHOT + ".tmp")
    with tmp.open("w", encoding="utf-8") as out:
        out.write(jsonl.dumps(jsonl.header(seq=head.seq, id=head.id)) + "\n")
        for node in nodes:
            out.write(jsonl.dumps(jsonl.node_line(node)) + "\n")
        for rel in rels:
            out.write(jsonl.dumps(jsonl.rel_line(rel)) + "\n")
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, directory / SNAPSHOT)
    fsync_dir(directory)


class Journal:
    """Append-only log of units of work, one JSON line each: {"seq": n, "ops": [...]}."""

    def __init__(self, directory: Path) -> None:
        self.path = directory / JOURNAL
        self._file: IO[bytes] | None = None

    def replay(self, after_seq: int) -> Iterator[tuple[int, list[Op]]]:
        """The units of work after `after_seq`, cutting off a torn last line."""
        yield from self._units(after_seq, cut=True)

    def written(self, after_seq: int) -> Iterator[tuple[int, list[Op]]]:
        """The units of work after `after_seq` whose lines are whole, touching nothing: a reader's view
        of a journal another process may be appending to (its last line may be half written)."""
        yield from self._units(after_seq, cut=False)

    def _units(self, after_seq: int, cut: bool) -> Iterator[tuple[int, list[Op]]]:
        try:
            with self.path.open("rb") as f:
                data = f.read()
        except FileNotFoundError:
            return
        offset = 0
        while offset < len(data):
            end = data.find(b"\n", offset)
            if end == -1:
                if cut:
                    self._truncate(offset)  # a write cut short: never acknowledged
                return
            line = data[offset:end]
            try:
                entry: dict[str, Any] = json.loads(line)
                seq = int(entry["seq"])
                ops = [op_from_json(op) for op in entry["ops"]]
            except (ValueError, KeyError, TypeError) as e:
                raise CorruptStoreError(f"{self.path}: unreadable entry at byte {offset}: {e}") from e
            offset = end + 1
            if seq > after_seq:
                yield seq, ops

    def _truncate(self, size: int) -> None:
        with self.path.open("r+b") as f:
            f.truncate(size)
            f.flush()
            os.fsync(f.fileno())

    def append(self, seq: int, ops: list[Op]) -> None:
        """Write one unit of work and return only once it is on disk."""
        if self._file is None:
            self._file = self.path.open("ab")
        line = jsonl.dumps({"seq": seq, "ops": [op_to_json(op) for op in ops]}).encode("utf-8") + b"\n"
        before = self._file.tell()
        try:
            self._file.write(line)
            self._file.flush()
            os.fsync(self._file.fileno())
        except OSError:
            self.close()
            self._truncate(before)  # leave no half line for the next append to follow
            raise

    def size(self) -> int:
        return self.path.stat().st_size if self.path.exists() else 0

    def reset(self) -> None:
        """Empty the journal after a snapshot has taken in everything it held."""
        self.close()
        with self.path.open("wb") as f:
            os.fsync(f.fileno())

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None

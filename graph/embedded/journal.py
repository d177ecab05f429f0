"""The embedded store's files: a snapshot (the JSON Lines export) and a journal of later units of work.

A unit of work is acknowledged only after its journal line is written and fsync'd, so killing the
process at any moment loses nothing acknowledged; a torn last line (a write cut short) was never
acknowledged and is cut off when the journal is opened again. Journal lines carry a sequence number
and the snapshot the last one it contains, so nothing is replayed twice.

The journal is written in segments: `journal.jsonl` is the one being written; compaction freezes
it (renamed `journal-<last seq>.jsonl`, so writes go on at once into a new `journal.jsonl`), folds
the snapshot and the frozen segments into a new snapshot beside the old one (`.tmp`, fsync),
renames it into place and only then deletes the frozen segments. A crash at any step leaves files
that replay to every acknowledged write; a left-over `.tmp` is deleted at start. The snapshot's
header also carries a random id, which ties the memory image (`graph.embedded.image`, a cache
written beside it) to this very snapshot.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterator
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


def write_snapshot(
    directory: Path, head: SnapshotHead, nodes: Iterator[Node], rels: list[Relationship], before_rename: Callable[[], None] = lambda: None
) -> None:
    """Write a complete snapshot atomically (temp file, fsync, rename, fsync the directory); `before_rename`
    may raise to give up before the snapshot takes the old one's place."""
    tmp = directory / (SNAPSHOT + ".tmp")
    with tmp.open("w", encoding="utf-8") as out:
        out.write(jsonl.dumps(jsonl.header(seq=head.seq, id=head.id)) + "\n")
        for node in nodes:
            out.write(jsonl.dumps(jsonl.node_line(node)) + "\n")
        for rel in rels:
            out.write(jsonl.dumps(jsonl.rel_line(rel)) + "\n")
        out.flush()
        os.fsync(out.fileno())
    before_rename()
    os.replace(tmp, directory / SNAPSHOT)
    fsync_dir(directory)


FROZEN = re.compile(r"^journal-(\d{12})\.jsonl$")


def frozen_segments(directory: Path) -> list[tuple[int, Path]]:
    """The frozen journal segments, by the last sequence number each holds, oldest first."""
    found = []
    for path in directory.glob("journal-*.jsonl"):
        match = FROZEN.match(path.name)
        if match:
            found.append((int(match.group(1)), path))
    return sorted(found)


def remove_temporary_files(directory: Path) -> list[Path]:
    """Delete what a compaction or an image write cut short left behind (`*.tmp`); return them."""
    found = sorted(directory.glob("*.tmp"))
    for path in found:
        path.unlink(missing_ok=True)
    if found:
        fsync_dir(directory)
    return found


class Journal:
    """Append-only log of units of work, one JSON line each: {"seq": n, "ops": [...]}, in segments
    (`journal.jsonl` being written, `journal-<last seq>.jsonl` frozen for compaction)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.path = directory / JOURNAL
        self._file: IO[bytes] | None = None

    def segments(self) -> list[Path]:
        """Every segment in replay order: the frozen ones, then the one being written."""
        return [path for _, path in frozen_segments(self.directory)] + ([self.path] if self.path.exists() else [])

    def replay(self, after_seq: int, upto_seq: int | None = None, frozen_only: bool = False) -> Iterator[tuple[int, list[Op]]]:
        """The units of work after `after_seq` (up to `upto_seq`), cutting off a torn last line."""
        paths = [path for _, path in frozen_segments(self.directory)] if frozen_only else self.segments()
        for path in paths:
            for seq, ops in self._replay_file(path, after_seq, cut=True):
                if upto_seq is not None and seq > upto_seq:
                    return
                yield seq, ops

    def written(self, after_seq: int) -> Iterator[tuple[int, list[Op]]]:
        """The units of work after `after_seq` whose lines are whole, touching nothing: a reader's view
        of a journal another process may be appending to (its last line may be half written, and a
        compaction may remove a frozen segment meanwhile: the reader sees the gap in the sequence)."""
        for path in self.segments():
            yield from self._replay_file(path, after_seq, cut=False)

    def _replay_file(self, path: Path, after_seq: int, cut: bool) -> Iterator[tuple[int, list[Op]]]:
        try:
            with path.open("rb") as f:
                data = f.read()
        except FileNotFoundError:
            return
        offset = 0
        while offset < len(data):
            end = data.find(b"\n", offset)
            if end == -1:
                if cut:
                    _truncate(path, offset)  # a write cut short: never acknowledged
                return
            line = data[offset:end]
            try:
                entry: dict[str, Any] = json.loads(line)
                seq = int(entry["seq"])
                ops = [op_from_json(op) for op in entry["ops"]]
            except (ValueError, KeyError, TypeError) as e:
                raise CorruptStoreError(f"{path}: unreadable entry at byte {offset}: {e}") from e
            offset = end + 1
            if seq > after_seq:
                yield seq, ops

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
            _truncate(self.path, before)  # leave no half line for the next append to follow
            raise

    def size(self) -> int:
        """The size of the segment being written."""
        return self.path.stat().st_size if self.path.exists() else 0

    def holds_anything(self) -> bool:
        return self.size() > 0 or bool(frozen_segments(self.directory))

    def freeze(self, seq: int) -> Path | None:
        """Close the segment being written as the frozen `journal-<seq>.jsonl` (`seq` its last unit);
        the next append begins a new one. None when it holds nothing."""
        self.close()
        if self.size() == 0:
            return None
        frozen = self.directory / f"journal-{seq:012d}.jsonl"
        os.replace(self.path, frozen)
        fsync_dir(self.directory)
        return frozen

    def drop_frozen(self, upto_seq: int) -> None:
        """Delete the frozen segments a snapshot at `upto_seq` has taken in."""
        dropped = [path for seq, path in frozen_segments(self.directory) if seq <= upto_seq]
        for path in dropped:
            path.unlink()
        if dropped:
            fsync_dir(self.directory)

    def reset(self) -> None:
        """Empty the journal after a snapshot has taken in everything it held."""
        self.close()
        with self.path.open("wb") as f:
            os.fsync(f.fileno())
        for _, path in frozen_segments(self.directory):
            path.unlink()
        fsync_dir(self.directory)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


def _truncate(path: Path, size: int) -> None:
    with path.open("r+b") as f:
        f.truncate(size)
        f.flush()
        os.fsync(f.fileno())

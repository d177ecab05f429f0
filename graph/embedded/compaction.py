"""Compaction in a process of its own, so that the server never waits for it.

The serving process freezes its journal (`Journal.freeze`: writes go on at once into a new
segment) and starts `python -m graph.embedded.compaction <data dir> <seq> <its pid>`. This process
builds the graph as it stood at `seq` from the files alone — the memory image (or the snapshot)
and the frozen segments, none of which anyone writes meanwhile — and writes the snapshot at `seq`
and its memory image beside the old ones, each by rename. The serving process then deletes the
frozen segments. Nothing the server holds in memory is read, so requests and writes go on; the
price is a second copy of the graph in this process while it runs.

It dies with its parent (Linux: `PR_SET_PDEATHSIG`; elsewhere it checks its parent before every
rename), so a compaction never outlives a server killed under it, and the next start deletes
what it left (`*.tmp`).
"""

from __future__ import annotations

import ctypes
import logging
import os
import signal
import sys
import uuid
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

from graph.audit_log import audit_events
from graph.embedded.image import ImageTag, read_image, write_image
from graph.embedded.journal import Journal, SnapshotHead, read_snapshot, snapshot_head, write_snapshot
from graph.embedded.memory import MemoryGraph, long_lived
from graph.errors import GovGraphError
from graph.labels import Label
from graph.records import Node

log = logging.getLogger(__name__)
PR_SET_PDEATHSIG = 1


class ParentGone(Exception):
    """The server that started the compaction is gone: its files are no longer this process's to write."""


def load(data_dir: Path) -> tuple[MemoryGraph, SnapshotHead | None, bool]:
    """The graph as the snapshot holds it (through its memory image when that matches), the
    snapshot's header, and whether the image was used."""
    head = snapshot_head(data_dir)
    if head is not None and head.id is not None:
        image = read_image(data_dir, ImageTag(head.seq, head.id))
        if image is not None:
            return image, head, True
    memory = MemoryGraph()
    _, records = read_snapshot(data_dir)
    memory.load(r for r in records if not (isinstance(r, Node) and r.label is Label.AUDIT_EVENT))
    return memory, head, False


def fold(data_dir: Path, upto: int, check: Callable[[], None] = lambda: None) -> SnapshotHead:
    """Write the snapshot (and image) of the graph at `upto` from the snapshot and the frozen journal segments."""
    memory, head, _ = load(data_dir)
    memory.take_audit_events()  # a graph of an earlier version held them: the trail has its own log now
    base = head.seq if head is not None else 0
    if upto < base:
        raise GovGraphError(f"the snapshot in {data_dir} is at {base}, past the compaction's {upto}")
    for _, ops in Journal(data_dir).replay(base, upto, frozen_only=True):
        memory.apply_all(audit_events(ops)[0])
    snapshot_id = uuid.uuid4().hex
    write_snapshot(data_dir, SnapshotHead(upto, snapshot_id), memory.iter_nodes(), memory.all_relationships(), before_rename=check)
    check()
    write_image(data_dir, ImageTag(upto, snapshot_id), memory)
    return SnapshotHead(upto, snapshot_id)


def _die_with(parent: int) -> None:
    """Be killed when `parent` exits (Linux), and stop now if it already has."""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):
            pass
    _check_parent(parent)


def _check_parent(parent: int) -> None:
    if os.getppid() != parent:
        raise ParentGone(f"the server (pid {parent}) is gone")


def main(argv: list[str]) -> int:
    data_dir, upto, parent = Path(argv[0]), int(argv[1]), int(argv[2])
    logging.basicConfig(level=logging.WARNING, format="compaction: %(message)s")
    with suppress(OSError):
        os.nice(10)  # behind the server when the cores are busy: nothing waits for a compaction
    try:
        _die_with(parent)
        with long_lived():
            new = fold(data_dir, upto, lambda: _check_parent(parent))
    except ParentGone as e:
        print(f"compaction: {e}", file=sys.stderr)
        return 3
    except (GovGraphError, OSError) as e:
        print(f"compaction of {data_dir} failed: {e}", file=sys.stderr)
        return 1
    print(f"{new.seq} {new.id}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""`EmbeddedView`: a read-only view of an embedded data directory that another process may be writing.

`govgraph serve` holds the data directory's lock while it runs, so the command line's reading
commands (lineage, impact, stats, export, report) read the directory's files instead of opening the
store: the memory image or the snapshot, then every whole journal line after it. The state read is
always one the writer acknowledged or was acknowledging, never a half-applied unit of work:

- a unit of work is one journal line, and only whole lines are read (the writer's last line may be
  half written; it is left alone, not cut off as the owner would);
- the snapshot's header and records come from one open file, and the image is used only if it names
  that very snapshot, so a compaction renaming a newer snapshot into place meanwhile does not mix in;
- a compaction may empty the journal between reading the snapshot and the journal: the lines then
  start after a gap (the new snapshot's sequence number), which is detected and read again from the
  newer snapshot. A journal emptied and not yet written to gives the older snapshot's state, which
  is a state the writer acknowledged.

The view never writes to the directory (no lock, no compaction, no image) and refuses every write.

    async with EmbeddedView(Path(".govgraph")) as store:
        counts = await store.counts()
"""

from __future__ import annotations

import logging
from pathlib import Path

from graph.audit_log import audit_events
from graph.changes import Changes
from graph.embedded.image import ImageTag, read_image
from graph.embedded.journal import opened_snapshot
from graph.embedded.memory import MemoryGraph, long_lived
from graph.embedded.store import EmbeddedStore
from graph.errors import StoreUnavailableError
from graph.store import Progress

ATTEMPTS = 5  # reads of a directory whose snapshot keeps being replaced while it is read
log = logging.getLogger(__name__)


class _Moved(Exception):
    """The journal no longer follows the snapshot read: a compaction happened meanwhile."""


class EmbeddedView(EmbeddedStore):
    """The graph as a data directory's files hold it, for reading while another process writes."""

    def __init__(self, data_dir: Path) -> None:
        super().__init__(data_dir)
        self._open = False

    async def start(self) -> None:
        if self._open:
            return
        for attempt in range(ATTEMPTS):
            try:
                with long_lived():
                    self._read()
            except _Moved:
                log.info("the data directory %s was compacted while it was read: reading it again (%d)", self.data_dir, attempt + 1)
                continue
            self._open = True
            return
        raise StoreUnavailableError(f"the embedded store in {self.data_dir} kept changing while it was read; try again")

    def _read(self) -> None:
        """The snapshot (or its image), then the whole journal lines that follow it without a gap."""
        memory, seq = MemoryGraph(), 0
        with opened_snapshot(self.data_dir) as opened:
            if opened is not None:
                head, records = opened
                seq = head.seq
                image = read_image(self.data_dir, ImageTag(head.seq, head.id)) if head.id is not None else None
                if image is not None:
                    memory = image
                else:
                    memory.load(records)
        memory.take_audit_events()  # a snapshot of an earlier version held the trail in the graph
        for unit, ops in self._journal.written(seq):
            if unit != seq + 1:
                raise _Moved()
            graph, _events = audit_events(ops)  # the trail is the audit log's, not the graph's
            memory.apply_all(graph)
            seq = unit
        self.memory, self._seq = memory, seq

    def _require_open(self) -> None:
        if not self._open:
            raise StoreUnavailableError("the view of the embedded store is not open")

    async def ping(self) -> None:
        self._require_open()

    async def apply(self, changes: Changes, progress: Progress | None = None) -> None:
        raise StoreUnavailableError(
            f"this is a read-only view of the embedded store in {self.data_dir}: write through the running service "
            "(govgraph load and import do), or stop it first"
        )

    async def close(self) -> None:
        self._open = False

    async def compact(self) -> None:
        raise StoreUnavailableError("a read-only view does not compact the store")

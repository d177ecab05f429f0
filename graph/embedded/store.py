"""`EmbeddedStore`: the default store, needing no database: memory for answers, disk for durability."""

from __future__ import annotations

import asyncio
from collections import OrderedDict
import fcntl
import logging
import os
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Hashable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import IO

from graph.access import EVERYTHING, Visibility
from graph.audit_log import audit_events
from graph.changes import Changes
from graph.embedded.audit import SEGMENT_BYTES, SEGMENT_SECONDS, AuditLog
from graph.embedded.image import ImageTag, read_image, write_image
from graph.embedded.journal import (
    Journal,
    SnapshotHead,
    frozen_segments,
    read_snapshot,
    remove_temporary_files,
    snapshot_head,
    write_snapshot,
)
from graph.embedded.memory import Memo, MemoryGraph, long_lived
from graph.embedded.search import FacetReader, Match, SearchIndex, page_of
from graph.errors import StoreUnavailableError
from graph.labels import Label
from graph.records import Counts, PageQuery, Node, NodeRef, Page, Relationship, Step, Subgraph, Traversal
from graph.search import FacetValues, SearchPage, SearchQuery, check_search
from graph.store import GraphStore, Progress, check_query, check_traversal, check_walk

LOCK = "lock"
MATCHES_KEPT = 64  # filtered pages whose matching keys are kept until the next write
log = logging.getLogger(__name__)
COMPACT_AT_BYTES = 64 * 1024 * 1024
RETRY_COMPACTION_SECONDS = 60.0  # after a failed compaction
COMPACTOR = ("-m", "graph.embedded.compaction")  # what the Python interpreter runs to compact


class EmbeddedStore(GraphStore):
    """The graph in one process, kept in `data_dir` as a snapshot and a journal, and its audit trail
    in a log of its own beside them (`graph.embedded.audit`).

    Only one process may open a data directory at a time; a second gets `StoreUnavailableError`.
    When the journal grows past `compact_at_bytes`, a process of its own folds it into a new
    snapshot (`graph.embedded.compaction`) while this one goes on serving.
    """

    name = "embedded"

    def __init__(
        self,
        data_dir: Path,
        compact_at_bytes: int = COMPACT_AT_BYTES,
        audit_segment_bytes: int = SEGMENT_BYTES,
        audit_segment_seconds: float = SEGMENT_SECONDS,
    ) -> None:
        self.data_dir = Path(data_dir)
        self.compact_at_bytes = compact_at_bytes
        self.memory = MemoryGraph()
        self._journal = Journal(self.data_dir)
        self._audit = AuditLog(self.data_dir, audit_segment_bytes, audit_segment_seconds)
        self._seq = 0
        self._snapshot: SnapshotHead | None = None  # the header of the snapshot on disk
        self._image_current = False  # whether the memory image on disk matches that snapshot
        self._lock_file: IO[str] | None = None
        self._write_lock = asyncio.Lock()
        self._matches: OrderedDict[Hashable, tuple[int, list[str]]] = OrderedDict()
        self._compaction: asyncio.Task[None] | None = None
        self._compaction_retry = 0.0  # monotonic time before which a failed compaction is not tried again
        self._stale_snapshot = False  # the snapshot holds audit events (an earlier version's): compact it
        self._search = SearchIndex()
        self._searched: OrderedDict[Hashable, tuple[int, list[Match]]] = OrderedDict()

    async def start(self) -> None:
        if self._lock_file is not None:
            return
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self._acquire_lock()
        try:
            for path in remove_temporary_files(self.data_dir):
                log.warning("deleted %s, left by a compaction or an image write that was cut short", path)
            with long_lived():
                trail = self._recover()
            await self._audit.open()
            self._audit.append(trail)
            await self._audit.flush()
            if self._snapshot is not None:
                self._journal.drop_frozen(self._snapshot.seq)  # taken in by a compaction whose server died before deleting them
        except BaseException:
            await self._audit.close()
            self._release_lock()
            raise
        if self._stale_snapshot or self._journal_bytes() > self.compact_at_bytes or frozen_segments(self.data_dir):
            self._compact_in_background()

    def _recover(self) -> list[Node]:
        """Load the memory image or else read the snapshot, then replay the journal written after it;
        return the audit events found on the way, for the log (which keeps each once)."""
        self._snapshot = snapshot_head(self.data_dir)
        image = None
        if self._snapshot is not None and self._snapshot.id is not None:
            image = read_image(self.data_dir, ImageTag(self._snapshot.seq, self._snapshot.id))
        elif self._snapshot is not None:
            log.info("the snapshot in %s predates memory images: reading it (closing the store writes one)", self.data_dir)
        self._image_current = image is not None
        if image is not None and self._snapshot is not None:
            self.memory, self._seq = image, self._snapshot.seq
        else:
            self._seq, records = read_snapshot(self.data_dir)
            self.memory.load(records)
        trail = self.memory.take_audit_events()
        if trail:
            log.info("moving %d audit events from the graph of %s into its audit log", len(trail), self.data_dir)
            self._stale_snapshot = True
            self._image_current = False
        # Every segment's records, also of units a snapshot holds: a compaction whose server died
        # before the log had them leaves those segments behind.
        for seq, ops in self._journal.replay(0):
            graph, events = audit_events(ops)
            trail += events
            if seq > self._seq:
                self.memory.apply_all(graph)
                self._seq = seq
        return trail

    def _journal_bytes(self) -> int:
        return sum(path.stat().st_size for path in self._journal.segments())

    def _release_lock(self) -> None:
        if self._lock_file is not None:
            fcntl.flock(self._lock_file.fileno(), fcntl.LOCK_UN)
            self._lock_file.close()
            self._lock_file = None

    def _acquire_lock(self) -> None:
        lock = (self.data_dir / LOCK).open("a+")
        try:
            fcntl.flock(lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            lock.seek(0)
            holder = lock.read().strip() or "another process"
            lock.close()
            raise StoreUnavailableError(
                f"the embedded store in {self.data_dir} is in use by pid {holder}; stop it or choose another "
                "GOVGRAPH_DATA_DIR"
            ) from None
        lock.seek(0)
        lock.truncate()
        lock.write(str(os.getpid()))
        lock.flush()
        self._lock_file = lock

    async def close(self) -> None:
        if self._lock_file is None:
            return
        try:
            await self._stop_compaction()
            await self._audit.flush()
            snapshot = self._snapshot
            if self._journal.holds_anything() or self._stale_snapshot or (snapshot is not None and snapshot.id is None):
                self._compact_now()
            elif snapshot is not None and snapshot.id is not None and not self._image_current and self._seq == snapshot.seq:
                # The memory is the snapshot's, but its image was missing or unusable: write it for the next start.
                self._image_current = write_image(self.data_dir, ImageTag(snapshot.seq, snapshot.id), self.memory)
        finally:
            await self._audit.close()
            self._journal.close()
            self._release_lock()

    async def compact(self) -> None:
        """Fold the journal into a fresh snapshot from memory now, and write the memory image beside it
        (a bulk load's end; the server compacts in the background instead)."""
        await self._stop_compaction()
        await self._audit.flush()  # the journal's audit records are in the log before the journal goes
        self._compact_now()

    def _compact_now(self) -> None:
        snapshot_id = uuid.uuid4().hex
        self._image_current = False
        write_snapshot(self.data_dir, SnapshotHead(self._seq, snapshot_id), self.memory.iter_nodes(), self.memory.all_relationships())
        self._snapshot = SnapshotHead(self._seq, snapshot_id)
        self._stale_snapshot = False
        self._image_current = write_image(self.data_dir, ImageTag(self._seq, snapshot_id), self.memory)
        self._journal.reset()

    @property
    def compacting(self) -> bool:
        """Whether a compaction is running in the background."""
        return self._compaction is not None and not self._compaction.done()

    async def compaction_done(self) -> None:
        """Wait for the background compaction, if one is running."""
        if self._compaction is not None:
            await asyncio.shield(self._compaction)

    def _compact_in_background(self) -> None:
        """Freeze the journal at the current unit and fold it into a new snapshot in another process."""
        if self.compacting or time.monotonic() < self._compaction_retry:
            return
        self._journal.freeze(self._seq)
        self._compaction = asyncio.get_running_loop().create_task(self._compact_frozen(self._seq), name="compaction")

    async def _compact_frozen(self, upto: int) -> None:
        # Started and waited for by hand, not through asyncio's subprocess support: cancelling that
        # while the child starts waits for the child's end (Python 3.11), and a server stopping must
        # never wait for a compaction. `subprocess` starts it with vfork: no copy of this process's memory.
        process = subprocess.Popen(
            [sys.executable, *COMPACTOR, str(self.data_dir), str(upto), str(os.getpid())],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )
        reading = asyncio.get_running_loop().run_in_executor(None, process.communicate)
        try:
            out, err = await asyncio.shield(reading)
        except BaseException:
            process.kill()
            await reading  # its pipes end with it
            remove_temporary_files(self.data_dir)
            raise
        if process.returncode != 0:
            log.error(
                "compaction of %s up to unit %d failed (exit %s); the journal keeps everything and the next one retries: %s",
                self.data_dir, upto, process.returncode, err.decode(errors="replace").strip()[-2000:],
            )
            self._compaction_retry = time.monotonic() + RETRY_COMPACTION_SECONDS
            return
        await self._audit.flush()  # the frozen units' records are in the log before their journal goes
        self._journal.drop_frozen(upto)
        self._snapshot = snapshot_head(self.data_dir)
        self._stale_snapshot = False
        self._image_current = self._seq == upto
        log.info("compacted %s up to unit %d: %s", self.data_dir, upto, out.decode(errors="replace").strip())

    async def _stop_compaction(self) -> None:
        task, self._compaction = self._compaction, None
        if task is not None and not task.done():
            task.cancel()
        if task is not None:
            try:
                await task
            except asyncio.CancelledError:
                pass

    def _require_open(self) -> None:
        if self._lock_file is None:
            raise StoreUnavailableError("the embedded store is not open")

    async def ping(self) -> None:
        self._require_open()

    async def apply(self, changes: Changes, progress: Progress | None = None) -> None:
        self._require_open()
        ops = list(changes)
        if not ops:
            return
        graph, events = audit_events(ops)
        async with self._write_lock:
            undo = self.memory.apply_all(graph)
            try:
                self._journal.append(self._seq + 1, ops)  # the change and its audit records: one line
            except BaseException as e:
                undo()
                if isinstance(e, OSError):
                    raise StoreUnavailableError(f"cannot write the journal in {self.data_dir}: {e}") from e
                raise
            self._seq += 1
            self._search.forget(graph)
            if events:
                self._audit.append(events)  # durable already (the line); the log takes them in the background
            if progress:
                progress(len(ops))
            if self._journal.size() > self.compact_at_bytes:
                self._compact_in_background()

    def append_audit(self, events: Sequence[Node]) -> None:
        self._require_open()
        self._audit.append(events)

    async def flush_audit(self) -> None:
        self._require_open()
        await self._audit.flush()

    async def get_many(self, label: Label, keys: Sequence[str], visibility: Visibility = EVERYTHING) -> dict[str, Node]:
        if label is Label.AUDIT_EVENT:
            return await self._audit.get_many(keys, visibility)
        found = {}
        for key in keys:
            node = self.memory.node(NodeRef(label, key))
            if node is not None and self.memory.visible(node.ref, visibility):
                found[key] = node
        return found

    def _matching(self, query: PageQuery, visibility: Visibility) -> list[str]:
        """The keys of every node the query's filters select under `visibility`, in key order.

        Counting a filtered page means testing every node of the label (thousands of visibility and
        text checks); the answer is kept for the next pages and the next readers until a write (the
        store's sequence number moves on), for a bounded number of filters."""
        key = (query.label, query.where, query.linked, query.text, tuple(sorted((l.value, m) for l, m in visibility.rules.items())))
        found = self._matches.get(key)
        if found is not None and found[0] == self._seq:
            self._matches.move_to_end(key)
            return found[1]
        keys = self.memory.matching(query, visibility)
        self._matches[key] = (self._seq, keys)
        while len(self._matches) > MATCHES_KEPT:
            self._matches.popitem(last=False)
        return keys

    async def page(self, query: PageQuery, visibility: Visibility = EVERYTHING) -> Page:
        check_query(query)
        if query.label is Label.AUDIT_EVENT:
            return await self._audit.page(query, visibility)
        matching = self._matching(query, visibility) if MemoryGraph.filtered(query, visibility) else None
        page = self.memory.page(query, visibility, matching)
        if not query.total:  # counted anyway (the matches are kept for the next pages), but not asked
            page = replace(page, total=None)
        if not (query.expand or query.count):
            return page
        memo: Memo = {}
        refs = [node.ref for node in page.nodes]
        expanded = {
            step: {ref.key: self.memory.neighbours(ref, (step,), visibility, memo, query.props_of(step)) for ref in refs}
            for step in query.expand
        }
        counted = {step: {ref.key: self.memory.count(ref, (step,), visibility, memo) for ref in refs} for step in query.count}
        return replace(page, expanded=expanded, counted=counted)

    def _search_matches(self, query: SearchQuery, visibility: Visibility) -> list[Match]:
        """Every match of the query's text under `visibility`, in rank order: kept, as filtered pages
        are, for the next pages and facets until a write."""
        key = (query.text, tuple(sorted((l.value, m) for l, m in visibility.rules.items())))
        found = self._searched.get(key)
        if found is not None and found[0] == self._seq:
            self._searched.move_to_end(key)
            return found[1]
        matches = self._search.matches(self.memory, query, visibility)
        self._searched[key] = (self._seq, matches)
        while len(self._searched) > MATCHES_KEPT:
            self._searched.popitem(last=False)
        return matches

    async def search(self, query: SearchQuery, visibility: Visibility = EVERYTHING) -> SearchPage:
        check_search(query)
        return page_of(self.memory, self._search_matches(query, visibility), query, FacetReader(self.memory, self._search.facets))

    async def search_facets(self, query: SearchQuery, visibility: Visibility = EVERYTHING) -> list[FacetValues]:
        check_search(query)
        reader = FacetReader(self.memory, self._search.facets)
        return [reader.values(match.ref) for match in self._search_matches(query, visibility)]

    async def neighbours_many(
        self, label: Label, keys: Sequence[str], steps: Sequence[Step], visibility: Visibility = EVERYTHING
    ) -> dict[str, list[tuple[Relationship, Node]]]:
        memo: Memo = {}  # one read: visibility answers are shared across the keys
        return {key: self.memory.neighbours(NodeRef(label, key), steps, visibility, memo) for key in keys}

    async def walks(
        self, label: Label, steps: Sequence[Step], keep: Sequence[int] | None = None, visibility: Visibility = EVERYTHING
    ) -> set[tuple[str, ...]]:
        return self.memory.walks(label, steps, check_walk(steps, keep), visibility)

    async def traverse(self, traversal: Traversal, visibility: Visibility = EVERYTHING) -> Subgraph:
        check_traversal(traversal)
        return self.memory.traverse(traversal, visibility)

    async def counts(self) -> Counts:
        counts = self.memory.counts()
        events = await self._audit.count()
        if not events:
            return counts
        return Counts(dict(sorted({**counts.labels, Label.AUDIT_EVENT.value: events}.items())), counts.relationships)

    async def nodes(self) -> AsyncIterator[Node]:
        for label in sorted(Label, key=lambda lab: lab.value):
            if label is not Label.AUDIT_EVENT:
                for node in self.memory.label_nodes(label):
                    yield node
                continue
            after = None
            while chunk := await self._audit.chunk(after):
                for node in chunk:
                    yield node
                after = chunk[-1].key

    async def clear(self) -> None:
        """Delete the graph, as one unit of work, and the whole audit trail (for tests and benchmarks)."""
        changes = Changes()
        for node in self.memory.iter_nodes():
            changes.delete_node(node.ref)
        await self.apply(changes)
        await self._audit.clear()

    async def relationships(self) -> AsyncIterator[Relationship]:
        for rel in self.memory.all_relationships():
            yield rel

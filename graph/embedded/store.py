"""`EmbeddedStore`: the default store, needing no database: memory for answers, disk for durability."""

from __future__ import annotations

import asyncio
from collections import OrderedDict
import fcntl
import gc
import logging
import os
import uuid
from collections.abc import AsyncIterator, Hashable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import IO

from graph.access import EVERYTHING, Visibility
from graph.changes import Changes
from graph.embedded.image import ImageTag, read_image, write_image
from graph.embedded.journal import Journal, SnapshotHead, read_snapshot, snapshot_head, write_snapshot
from graph.embedded.memory import Memo, MemoryGraph
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


@contextmanager
def long_lived() -> Iterator[None]:
    """Hold off the cyclic garbage collector while the graph is built, then freeze what was built.

    Building millions of containers would otherwise set off collections that walk all of them again
    and again (more than half the start-up time), and each later full collection would walk them
    once more: a pause of seconds in a running server. The graph lives as long as the process, so
    it is moved out of the collector's sight (`gc.freeze`, for the whole process); reference
    counting still frees every object the graph lets go of.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


class EmbeddedStore(GraphStore):
    """The graph in one process, kept in `data_dir` as a snapshot and a journal.

    Only one process may open a data directory at a time; a second gets `StoreUnavailableError`.
    """

    name = "embedded"

    def __init__(self, data_dir: Path, compact_at_bytes: int = COMPACT_AT_BYTES) -> None:
        self.data_dir = Path(data_dir)
        self.compact_at_bytes = compact_at_bytes
        self.memory = MemoryGraph()
        self._journal = Journal(self.data_dir)
        self._seq = 0
        self._snapshot: SnapshotHead | None = None  # the header of the snapshot on disk
        self._image_current = False  # whether the memory image on disk matches that snapshot
        self._lock_file: IO[str] | None = None
        self._write_lock = asyncio.Lock()
        self._matches: OrderedDict[Hashable, tuple[int, list[str]]] = OrderedDict()
        self._search = SearchIndex()
        self._searched: OrderedDict[Hashable, tuple[int, list[Match]]] = OrderedDict()

    async def start(self) -> None:
        if self._lock_file is not None:
            return
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self._acquire_lock()
        try:
            with long_lived():
                self._recover()
        except BaseException:
            self._release_lock()
            raise

    def _recover(self) -> None:
        """Load the memory image or else read the snapshot, then replay the journal written after it."""
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
        for seq, ops in self._journal.replay(self._seq):
            self.memory.apply_all(ops)
            self._seq = seq
        if self._journal.size() > self.compact_at_bytes:
            self.compact()

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
            snapshot = self._snapshot
            if self._journal.size() > 0 or (snapshot is not None and snapshot.id is None):
                self.compact()
            elif snapshot is not None and snapshot.id is not None and not self._image_current and self._seq == snapshot.seq:
                # The memory is the snapshot's, but its image was missing or unusable: write it for the next start.
                self._image_current = write_image(self.data_dir, ImageTag(snapshot.seq, snapshot.id), self.memory)
        finally:
            self._journal.close()
            self._release_lock()

    def compact(self) -> None:
        """Fold the journal into a fresh snapshot, and write the memory image beside it."""
        snapshot_id = uuid.uuid4().hex
        self._image_current = False
        write_snapshot(self.data_dir, SnapshotHead(self._seq, snapshot_id), self.memory.iter_nodes(), self.memory.all_relationships())
        self._snapshot = SnapshotHead(self._seq, snapshot_id)
        self._image_current = write_image(self.data_dir, ImageTag(self._seq, snapshot_id), self.memory)
        self._journal.reset()

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
        async with self._write_lock:
            undo = self.memory.apply_all(ops)
            try:
                self._journal.append(self._seq + 1, ops)
            except BaseException as e:
                undo()
                if isinstance(e, OSError):
                    raise StoreUnavailableError(f"cannot write the journal in {self.data_dir}: {e}") from e
                raise
            self._seq += 1
            self._search.forget(ops)
            if progress:
                progress(len(ops))
            if self._journal.size() > self.compact_at_bytes:
                self.compact()

    async def get_many(self, label: Label, keys: Sequence[str], visibility: Visibility = EVERYTHING) -> dict[str, Node]:
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
        matching = self._matching(query, visibility) if MemoryGraph.filtered(query, visibility) else None
        page = self.memory.page(query, visibility, matching)
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
        return self.memory.counts()

    async def nodes(self) -> AsyncIterator[Node]:
        for node in self.memory.iter_nodes():
            yield node

    async def relationships(self) -> AsyncIterator[Relationship]:
        for rel in self.memory.all_relationships():
            yield rel

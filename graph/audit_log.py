"""The audit trail's way to disk, shared by the stores: events kept apart from the graph, and written
off the caller's path.

An audit event is an `AuditEvent` node (`graph.entities.AuditEvent`); a store keeps them in a log of
their own, outside the working graph, and never changes or removes one. Two ways in:

- with a change: an `UpsertNode` of an `AuditEvent` inside a unit of work is written with that
  unit, as one unit (one journal line, one transaction): a change is never stored without its
  record, nor the record without the change;
- on their own (`GraphStore.append_audit`, the reads of restricted detail): handed over without
  waiting and written in batches in the background — by the embedded store's writer process
  (`graph.embedded.audit_writer`), by a `GroupCommit` task on Neo4j. A batch is durable once it is
  committed; until then a crash may lose it, and nothing else.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable, Sequence
from contextlib import suppress

from graph.changes import Op, UpsertNode
from graph.errors import StoreUnavailableError
from graph.labels import Label
from graph.records import Node

log = logging.getLogger(__name__)

MAX_PENDING = 200_000  # events waiting for a batch; beyond it the log is failing, and new events are refused (logged)
MAX_BATCH = 5_000  # events written in one batch at most
RETRY_SECONDS = 1.0  # after a failed batch


def audit_events(ops: Iterable[Op]) -> tuple[list[Op], list[Node]]:
    """A unit of work's graph writes, and the audit events it appends (`AuditEvent` upserts)."""
    graph: list[Op] = []
    events: list[Node] = []
    for op in ops:
        if isinstance(op, UpsertNode) and op.node.label is Label.AUDIT_EVENT:
            events.append(op.node)
        else:
            graph.append(op)
    return graph, events


async def written_within(written: asyncio.Future[None], timeout: float | None, failure: Callable[[], str]) -> None:
    """Wait until a log says `written` (the wait may end; the write goes on), else `StoreUnavailableError(failure())`
    after `timeout` seconds."""
    try:
        await asyncio.wait_for(asyncio.shield(written), timeout)
    except TimeoutError:
        raise StoreUnavailableError(failure()) from None


class GroupCommit:
    """Events queued by many callers, written by one background task in batches (group commit).

    A batch waits `linger` seconds for more events after its first, unless someone waits for it
    (`flush`): a service answering a page a few milliseconds apart then writes one batch for several
    pages instead of one each. `write(batch)` must make the batch durable before it returns, and be
    idempotent (an event written twice is kept once): a failed batch is written again after
    `RETRY_SECONDS`.
    """

    def __init__(self, write: Callable[[list[Node]], Awaitable[None]], what: str, linger: float = 0.0) -> None:
        self._write = write
        self._what = what
        self._linger = linger
        self._urgent = asyncio.Event()
        self._pending: list[Node] = []
        self._added = 0  # events accepted, ever
        self._written = 0  # of those, written (in order)
        self._waiters: list[tuple[int, asyncio.Future[None]]] = []
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._failure: str | None = None
        self._refused = 0

    @property
    def pending(self) -> int:
        """Events accepted and not yet written."""
        return len(self._pending)

    def start(self) -> None:
        """Start the background writer (in the running event loop)."""
        if self._task is None:
            self._wake = asyncio.Event()
            self._urgent = asyncio.Event()
            self._task = asyncio.get_running_loop().create_task(self._run(), name=f"audit writer: {self._what}")
            if self._pending:
                self._wake.set()

    def add(self, events: Sequence[Node]) -> None:
        """Queue `events`; they are durable once the batch that takes them is written."""
        room = MAX_PENDING - len(self._pending)
        if room < len(events):
            self._refused += len(events) - max(room, 0)
            log.error(
                "the audit trail (%s) is not being written (%s): %d events refused so far", self._what, self._failure, self._refused
            )
            events = events[: max(room, 0)]
        if not events:
            return
        self._pending.extend(events)
        self._added += len(events)
        self._wake.set()

    async def flush(self, timeout: float | None = 30.0) -> None:
        """Return once every event queued so far is written; `StoreUnavailableError` if that takes over `timeout` s."""
        target = self._added
        if self._written >= target:
            return
        if self._task is None:
            raise StoreUnavailableError(f"the audit trail ({self._what}) is not open")
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.append((target, future))
        self._urgent.set()
        await written_within(future, timeout, lambda: f"the audit trail ({self._what}) could not be written within {timeout:g} s: {self._failure or 'still writing'}")

    async def close(self, timeout: float = 30.0) -> None:
        """Write what is queued (for at most `timeout` s, then log what is lost) and stop."""
        if self._task is None:
            return
        try:
            await self.flush(timeout)
        except StoreUnavailableError as e:
            log.error("%s; %d audit events were not written", e.message, len(self._pending))
        self._task.cancel()
        try:
            await self._task
        except asyncio.CancelledError:
            pass
        self._task = None

    async def _run(self) -> None:
        while True:
            await self._wake.wait()
            self._wake.clear()
            if self._linger and not self._urgent.is_set():
                with suppress(TimeoutError):
                    await asyncio.wait_for(self._urgent.wait(), self._linger)
            self._urgent.clear()
            while self._pending:
                batch = self._pending[:MAX_BATCH]
                try:
                    await self._write(batch)
                except Exception as e:  # a failing disk or database: keep the events and try again
                    self._failure = f"{type(e).__name__}: {e}"
                    log.error("could not write %d audit events (%s), trying again: %s", len(batch), self._what, self._failure)
                    await asyncio.sleep(RETRY_SECONDS)
                    continue
                self._failure = None
                del self._pending[: len(batch)]
                self._written += len(batch)
                self._release()

    def _release(self) -> None:
        waiting = []
        for target, future in self._waiters:
            if target <= self._written:
                if not future.done():
                    future.set_result(None)
            else:
                waiting.append((target, future))
        self._waiters = waiting

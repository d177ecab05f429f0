"""The audit trail: who changed what, and who read conditional or not-shared detail, when and why
(Art.5 authorisation management, Art.24 duty use, Art.29 against over-privileged use).

An act (a mutation) is recorded with the change it makes, in the same unit of work: the request's
view of the store (`AuditTrail.watch`) adds the open act's record to the unit the act applies, so a
change is never stored without its record. An act that changes nothing (refused, or with nothing
to do) is recorded in a unit of its own before the answer goes out. Reads of restricted detail are
handed to the store's log when the request ends, written in the background (`graph.audit_log`).

Example::

    trail = AuditTrail(principal, purpose="审批所需")
    store = trail.watch(store)
    act = trail.act("updateResource", NodeRef(Label.RESOURCE, "101001/000001"))
    try:
        await edits.update(store, ...)   # the unit it applies carries the act's record
    except ConflictError as e:
        await act.end(e.code)            # refused: recorded on its own
    else:
        await act.end()
"""

from __future__ import annotations

import os
import time
from collections.abc import AsyncIterator, Collection, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from graph import validation
from graph.access import EVERYTHING, Principal, Visibility
from graph.changes import Changes, DeleteNode, UpsertNode
from graph.errors import StoreUnavailableError
from graph.labels import Label
from graph.records import Counts, Node, NodeRef, Page, PageQuery, PageRows, Relationship, Step, Subgraph, Traversal
from graph.search import FacetValues, SearchPage, SearchQuery
from graph.store import GraphStore, Progress

OK = "OK"


@dataclass
class AuditTrail:
    """The events of one request."""

    principal: Principal
    purpose: str | None = None
    _reads: list[tuple[int, str, NodeRef | str, str]] = field(default_factory=list)  # handed to the store's log at the end
    _acting: Act | None = None
    _store: GraphStore | None = None
    _valid: set[tuple[str, str]] = field(default_factory=set)  # (action, outcome) of events validated
    _salt: int = field(default_factory=lambda: int.from_bytes(os.urandom(4)))
    _count: int = 0
    _second: int = -1  # the second `_compact` and `_iso` spell
    _compact: str = ""
    _iso: str = ""

    def event(self, action: str, subject: NodeRef | str, outcome: str = OK) -> Node:
        """A valid `AuditEvent` of this request's principal, now; its id sorts by time."""
        return self._events([(time.time_ns() // 1000, action, subject, outcome)])[0]

    def record(self, action: str, subject: NodeRef, outcome: str = OK) -> None:
        """Note a read on `subject`, now; handed to the store's log when the request ends."""
        self._reads.append((time.time_ns() // 1000, action, subject, outcome))

    async def flush(self, store: GraphStore) -> None:
        """Hand the reads to the store's log, without waiting for it to write them."""
        if self._reads:
            events, self._reads = self._events(self._reads), []
            store.append_audit(events)

    def _events(self, noted: list[tuple[int, str, NodeRef | str, str]]) -> list[Node]:
        """The events noted (microseconds since the epoch, action, subject, outcome), with the request's
        principal and purpose.

        A page of fifty conditional resources makes fifty: each costs a dict and a few short strings.
        What may be invalid (the principal, the purpose, an action) is the same for many events of the
        request: validated once for each action and outcome."""
        common: dict[str, Any] = {"principal": self.principal.subject}
        if self.principal.department is not None:
            common["department"] = self.principal.department
        common["roles"] = sorted(r.value for r in self.principal.roles)
        if self.purpose is not None:
            common["purpose"] = self.purpose
        events = []
        for micros, action, subject, outcome in noted:
            second, micro = divmod(micros, 1_000_000)
            if second != self._second:
                when = datetime.fromtimestamp(second, UTC)
                self._second, self._compact, self._iso = second, f"{when:%Y%m%dT%H%M%S}", f"{when:%Y-%m-%dT%H:%M:%S}"
            self._count += 1
            # The time to the microsecond, then the request's random salt plus a count: unique, sorting by time.
            key = f"{self._compact}{micro:06d}-{(self._salt + self._count) & 0xFFFFFFFF:08x}"
            props = {"id": key, "at": f"{self._iso}.{micro:06d}+00:00", **common, "action": action[:200], "subject": str(subject)[:200], "outcome": outcome}
            if (action, outcome) in self._valid:
                events.append(Node(Label.AUDIT_EVENT, key, props))
            else:  # `subject` is cut to what a record holds: a client may send any code
                events.append(validation.node(Label.AUDIT_EVENT, props))
                self._valid.add((action, outcome))
        return events

    def watch(self, store: GraphStore) -> GraphStore:
        """The request's view of `store`: a unit of work applied during an act carries the act's record."""
        self._store = store
        return AuditedStore(store, self)

    def act(self, action: str, subject: NodeRef) -> Act:
        """Begin an act on `subject`: the first unit of work applied until it ends carries its record."""
        self._acting = Act(self, action, subject)
        return self._acting

    def _carry(self, changes: Changes) -> Changes:
        """`changes` with the open act's record, if it is still to be written."""
        act = self._acting
        if act is None or act.written:
            return changes
        unit = Changes(list(changes.ops))
        unit.add_node(self.event(act.action, _subject(act.subject, changes)))
        return unit

    def _carried(self) -> None:
        if self._acting is not None:
            self._acting.written = True


def _subject(named: NodeRef, changes: Changes) -> NodeRef:
    """What a unit of work acts on: the one node it writes (created, changed or removed), or what the act
    names when it writes several or none (a request's new use, not the resource it asks for)."""
    written = {
        op.node.ref if isinstance(op, UpsertNode) else op.ref
        for op in changes.ops
        if isinstance(op, DeleteNode) or (isinstance(op, UpsertNode) and op.node.label is not Label.AUDIT_EVENT)
    }
    return next(iter(written)) if len(written) == 1 else named


@dataclass
class Act:
    """One act of a request (a mutation), recorded once: with its change, or on its own when it ends."""

    trail: AuditTrail
    action: str
    subject: NodeRef
    written: bool = False

    async def end(self, outcome: str = OK) -> None:
        """End the act; unless its record went with a change, write it now (refused acts too), in a unit of its own."""
        trail = self.trail
        if trail._acting is self:
            trail._acting = None
        if self.written:
            return
        if trail._store is None:
            raise StoreUnavailableError("the audit trail watches no store")
        unit = Changes()
        unit.add_node(trail.event(self.action, self.subject, outcome))
        await trail._store.apply(unit)
        self.written = True


class AuditedStore(GraphStore):
    """A request's view of a store (`AuditTrail.watch`): the same reads; a unit of work applied during
    an act carries the act's record, so the change and its record are one unit."""

    def __init__(self, store: GraphStore, trail: AuditTrail) -> None:
        self.store = store
        self.trail = trail
        self.name = store.name

    async def apply(self, changes: Changes, progress: Progress | None = None) -> None:
        unit = self.trail._carry(changes)
        await self.store.apply(unit, progress)
        if unit is not changes:
            self.trail._carried()

    # Everything else as the store does it.

    async def start(self) -> None:
        await self.store.start()

    async def close(self) -> None:
        await self.store.close()

    async def ping(self) -> None:
        await self.store.ping()

    def append_audit(self, events: Sequence[Node]) -> None:
        self.store.append_audit(events)

    async def flush_audit(self) -> None:
        await self.store.flush_audit()

    async def get_many(self, label: Label, keys: Sequence[str], visibility: Visibility = EVERYTHING) -> dict[str, Node]:
        return await self.store.get_many(label, keys, visibility)

    async def page(self, query: PageQuery, visibility: Visibility = EVERYTHING) -> Page:
        return await self.store.page(query, visibility)

    async def page_rows(self, query: PageQuery, visibility: Visibility = EVERYTHING) -> PageRows:
        return await self.store.page_rows(query, visibility)

    async def search(self, query: SearchQuery, visibility: Visibility = EVERYTHING) -> SearchPage:
        return await self.store.search(query, visibility)

    async def search_facets(self, query: SearchQuery, visibility: Visibility = EVERYTHING) -> list[FacetValues]:
        return await self.store.search_facets(query, visibility)

    async def neighbours_many(
        self, label: Label, keys: Sequence[str], steps: Sequence[Step], visibility: Visibility = EVERYTHING
    ) -> dict[str, list[tuple[Relationship, Node]]]:
        return await self.store.neighbours_many(label, keys, steps, visibility)

    async def walks(
        self, label: Label, steps: Sequence[Step], keep: Sequence[int] | None = None, visibility: Visibility = EVERYTHING
    ) -> Collection[Sequence[str]]:
        return await self.store.walks(label, steps, keep, visibility)

    async def traverse(self, traversal: Traversal, visibility: Visibility = EVERYTHING) -> Subgraph:
        return await self.store.traverse(traversal, visibility)

    async def counts(self) -> Counts:
        return await self.store.counts()

    async def nodes(self) -> AsyncIterator[Node]:
        async for node in self.store.nodes():
            yield node

    async def relationships(self) -> AsyncIterator[Relationship]:
        async for rel in self.store.relationships():
            yield rel

    async def clear(self) -> None:
        await self.store.clear()

"""The store port: what every graph store must do, whatever keeps the data.

An adapter (`graph.neo4j.Neo4jStore`, `graph.embedded.EmbeddedStore`) must:

- `apply(changes)`: apply a `Changes` all-or-nothing; a relationship whose end is neither stored
  nor created earlier in the same changes fails the whole unit with `DanglingReferenceError`,
  leaving the store as it was. Every write is idempotent (MERGE semantics), so applying the same
  changes twice leaves the same graph.
- `get_many`, `page` (with the links a `PageQuery` asks to expand or count, and only the properties
  it names when it names them), `neighbours_many`,
  `walks`, `traverse`, `counts`: read, with exactly the semantics the `graph.records`
  docstrings give, so that both adapters answer every question identically.
- `search` and `search_facets`: find text across the searched kinds with exactly the rules of
  `graph.search` (ranking, terms, facets, order), answering only what the query asks for.
- `nodes`, `relationships`: stream everything in a stable order for a lossless export.
- keep the audit trail (`AuditEvent` nodes, `graph.audit_log`) as an append-only log outside the
  working graph: an `AuditEvent` upserted in a unit of work is written with it as one unit (a
  change never without its record); one that exists already is left as it is; `append_audit`
  queues events (reads of restricted detail) to be written off the caller's path, in batches, and
  `flush_audit` waits for them; `get_many`, `page` (property filters, key order = time order),
  `counts` and `nodes` read the trail with the graph, each reading what was appended before it.
- raise only `graph.errors` exceptions, translating driver errors with `from e`.

Example::

    async with store.unit_of_work() as uow:
        dept = uow.upsert_node(Label.DEPARTMENT, {"code": "SJS-EIC", "name": "区经济信息化委"})
    page = await store.page(PageQuery(Label.DEPARTMENT, text="经济"))
"""

from __future__ import annotations

import abc
import re
from collections.abc import AsyncIterator, Callable, Collection, Iterable, Mapping, Sequence
from contextlib import asynccontextmanager
from typing import Any

from graph.access import EVERYTHING, Visibility
from graph.changes import Changes
from graph.entities import ENTITIES
from graph.errors import InvalidArgumentError
from graph.search import FacetValues, SearchPage, SearchQuery
from graph.labels import Label
from graph.records import (
    Counts,
    PageQuery,
    Node,
    NodeRef,
    Page,
    PageRows,
    PropertyFilter,
    Relationship,
    Step,
    Subgraph,
    Traversal,
)

Progress = Callable[[int], None]
MAX_PAGE = 1000
MAX_DEPTH = 20
MAX_NODE_LIMIT = 20_000
MAX_WALK = 6
_PROPERTY_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class GraphStore(abc.ABC):
    """A property graph of the district that both stores implement with the same answers."""

    name: str

    async def __aenter__(self) -> GraphStore:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    @abc.abstractmethod
    async def start(self) -> None:
        """Connect or open files, and create constraints and indexes idempotently."""

    @abc.abstractmethod
    async def close(self) -> None:
        """Release connections and files; safe to call twice."""

    @abc.abstractmethod
    async def ping(self) -> None:
        """Return when the store answers; raise `StoreUnavailableError` otherwise."""

    @abc.abstractmethod
    async def apply(self, changes: Changes, progress: Progress | None = None) -> None:
        """Apply all the changes atomically and durably, or none of them; `progress(n)` reports ops done."""

    @abc.abstractmethod
    def append_audit(self, events: Sequence[Node]) -> None:
        """Queue `AuditEvent` nodes for the trail, without waiting: they are written in the background in
        batches, each durable once written; a crash loses at most the batches not yet written (a
        change's own record goes with the change through `apply`, and is never lost)."""

    @abc.abstractmethod
    async def flush_audit(self) -> None:
        """Return once every event `append_audit` took so far is durable."""

    @abc.abstractmethod
    async def get_many(self, label: Label, keys: Sequence[str], visibility: Visibility = EVERYTHING) -> dict[str, Node]:
        """The nodes of `label` with these keys that `visibility` shows; others are absent from the answer."""

    @abc.abstractmethod
    async def page(self, query: PageQuery, visibility: Visibility = EVERYTHING) -> Page:
        """A page of visible nodes in key order with the total of visible ones that match (see `PageQuery`)."""

    async def page_rows(self, query: PageQuery, visibility: Visibility = EVERYTHING) -> PageRows:
        """The same page as `page`, as plain rows (`PageRows`): for an answer built straight from them.
        A store that reads rows anyway (Neo4j) gives them without making the records first."""
        return PageRows.of(await self.page(query, visibility))

    @abc.abstractmethod
    async def search(self, query: SearchQuery, visibility: Visibility = EVERYTHING) -> SearchPage:
        """The query's `first` visible matches after its cursor, in rank order, and their total when
        `query.count` asks for it (see `graph.search`)."""

    @abc.abstractmethod
    async def search_facets(self, query: SearchQuery, visibility: Visibility = EVERYTHING) -> list[FacetValues]:
        """The facet values of every visible match of the query's text, of every searched kind, before
        the query's kinds and filters (`graph.search.facet_counts` counts them)."""

    @abc.abstractmethod
    async def neighbours_many(
        self, label: Label, keys: Sequence[str], steps: Sequence[Step], visibility: Visibility = EVERYTHING
    ) -> dict[str, list[tuple[Relationship, Node]]]:
        """For each key of `label`, the relationships along `steps` with the visible node at their other
        end, in edge order; every key asked for is in the answer (an empty list when it has none)."""

    @abc.abstractmethod
    async def walks(
        self, label: Label, steps: Sequence[Step], keep: Sequence[int] | None = None, visibility: Visibility = EVERYTHING
    ) -> Collection[Sequence[str]]:
        """The keys along every walk that starts at a visible node of `label` and follows `steps` in
        order, one relationship per step, through visible nodes only (a relationship may be walked
        more than once): for each walk, the keys at the positions `keep` (0 is the start; all of them
        by default), each distinct sequence once, in no order (as the store holds them: an S=10
        district's dependencies are ~150,000 of them, not worth a set). For questions about the
        shape of the whole graph (which systems need which systems' data): the store joins, and no
        record is made per relationship. Keys only: choose steps whose ends have one label each."""

    @abc.abstractmethod
    async def traverse(self, traversal: Traversal, visibility: Visibility = EVERYTHING) -> Subgraph:
        """The bounded subgraph reached from the starts (see `Traversal`); the walk goes through nodes
        `visibility` hides, and they come back redacted (`graph.records.redact`)."""

    @abc.abstractmethod
    async def counts(self) -> Counts:
        """Nodes per label and relationships per type."""

    @abc.abstractmethod
    def nodes(self) -> AsyncIterator[Node]:
        """Every node, ordered by (label, key)."""

    @abc.abstractmethod
    def relationships(self) -> AsyncIterator[Relationship]:
        """Every relationship, ordered by (type, start label, start key, end label, end key)."""

    # Conveniences built on the port, identical for every adapter.

    async def neighbours(
        self, ref: NodeRef, steps: Sequence[Step], visibility: Visibility = EVERYTHING
    ) -> list[tuple[Relationship, Node]]:
        """The relationships along `steps` from `ref`, with the node at their other end, in edge order."""
        return (await self.neighbours_many(ref.label, [ref.key], steps, visibility))[ref.key]

    async def get(self, label: Label, key: str, visibility: Visibility = EVERYTHING) -> Node | None:
        """The node of `label` with `key`, or None (also when `visibility` hides it)."""
        return (await self.get_many(label, [key], visibility)).get(key)

    @asynccontextmanager
    async def unit_of_work(self) -> AsyncIterator[Changes]:
        """Collect writes in the block and apply them together when it ends without an exception."""
        changes = Changes()
        yield changes
        if changes:
            await self.apply(changes)

    async def upsert_nodes(self, label: Label, rows: Iterable[Mapping[str, Any]]) -> list[Node]:
        """Validate and upsert nodes of one label in one unit of work."""
        changes = Changes()
        nodes = [changes.upsert_node(label, row) for row in rows]
        await self.apply(changes)
        return nodes

    async def clear(self) -> None:
        """Delete everything, the audit trail too, as one unit of work (adapters may do it faster): for
        tests and benchmarks, which start from nothing."""
        changes = Changes()
        async for node in self.nodes():
            changes.delete_node(node.ref)
        await self.apply(changes)

    async def delete_nodes(self, refs: Iterable[NodeRef]) -> None:
        """Delete nodes with their relationships, in one unit of work."""
        changes = Changes()
        for ref in refs:
            changes.delete_node(ref)
        await self.apply(changes)


def _check_filters(label: Label, filters: Sequence[PropertyFilter]) -> None:
    fields = ENTITIES[label].model_fields
    for f in filters:
        if f.field not in fields:
            raise InvalidArgumentError(f"{label.value} has no property {f.field!r} to filter on")
        if not f.values:
            raise InvalidArgumentError(f"the filter on {label.value}.{f.field} lists no values")


def check_query(query: PageQuery) -> None:
    """Reject a page size outside 1..MAX_PAGE or a filter on an unknown property before a store sees it."""
    if not 1 <= query.first <= MAX_PAGE:
        raise InvalidArgumentError(f"first must be between 1 and {MAX_PAGE}, got {query.first}")
    _check_filters(query.label, query.where)
    for link in query.linked:
        _check_filters(link.label, link.where)
    if query.text is not None and not query.text.strip():
        raise InvalidArgumentError("the search text is empty")
    # Property names go into Cypher map projections (`n {.name}`): only plain identifiers are allowed.
    for names in (query.props or (), *(names for _, names in query.expand_props)):
        for name in names:
            if not _PROPERTY_NAME.match(name):
                raise InvalidArgumentError(f"{name!r} is not a property name")
    for step, _ in query.expand_props:
        if step not in query.expand:
            raise InvalidArgumentError(f"expand_props names {step.rel.value} {step.direction.value}, which the query does not expand")


def check_walk(steps: Sequence[Step], keep: Sequence[int] | None) -> tuple[int, ...]:
    """The positions a walk keeps (all of them when `keep` is None), or an error for a walk with no
    steps or more than MAX_WALK, or positions that are repeated or not on the walk."""
    if not 1 <= len(steps) <= MAX_WALK:
        raise InvalidArgumentError(f"a walk takes 1 to {MAX_WALK} steps, got {len(steps)}")
    if keep is None:
        return tuple(range(len(steps) + 1))
    kept = tuple(keep)
    if not kept:
        raise InvalidArgumentError("a walk must keep at least one position")
    outside = [i for i in kept if not 0 <= i <= len(steps)]
    if outside:
        raise InvalidArgumentError(f"a walk of {len(steps)} steps has positions 0 to {len(steps)}, not {outside[0]}")
    if len(set(kept)) != len(kept):
        raise InvalidArgumentError(f"a walk keeps each position once, got {list(kept)}")
    return kept


def check_traversal(traversal: Traversal) -> None:
    """Reject unbounded or empty traversals before they reach a store."""
    if not 0 <= traversal.max_depth <= MAX_DEPTH:
        raise InvalidArgumentError(f"max_depth must be between 0 and {MAX_DEPTH}, got {traversal.max_depth}")
    if not 1 <= traversal.node_limit <= MAX_NODE_LIMIT:
        raise InvalidArgumentError(f"node_limit must be between 1 and {MAX_NODE_LIMIT}, got {traversal.node_limit}")
    if not traversal.follow:
        raise InvalidArgumentError("a traversal must follow at least one relationship type")
    if not traversal.starts:
        raise InvalidArgumentError("a traversal needs at least one start node")

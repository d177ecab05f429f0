"""`Neo4jStore`: the graph in Neo4j 5 through the official async driver."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Collection, Sequence
from itertools import groupby
from operator import itemgetter
from typing import Any, TypeVar

from neo4j import AsyncDriver, AsyncManagedTransaction, Query, RoutingControl
from neo4j.exceptions import AuthError, DatabaseUnavailable, DriverError, Neo4jError

from graph.access import EVERYTHING, Visibility
from graph.audit_log import GroupCommit
from graph.changes import Changes, DeleteNode, DeleteRelationship, ExpectVersion, Op, UpsertNode, UpsertRelationship
from graph.errors import (
    ConflictError,
    DanglingReferenceError,
    GovGraphError,
    NotFoundError,
    Problem,
    QueryTimeoutError,
    StoreError,
    StoreUnavailableError,
)
from graph.i18n import _
from graph.labels import Direction, Label, RelType
from graph.neo4j import cypher
from graph.neo4j.connection import Line
from graph.records import (
    Counts,
    PageQuery,
    Node,
    NodeRef,
    Page,
    PageRows,
    ReachedNode,
    Relationship,
    Step,
    Subgraph,
    Traversal,
    redact,
)
from graph.search import Facet, FacetValues, SearchHit, SearchPage, SearchQuery, Tier, check_search
from graph.store import GraphStore, Progress, check_query, check_traversal, check_walk

BATCH = 5000
AUDIT_LINGER_SECONDS = 0.05  # reads' audit events wait this long for more before their write transaction
T = TypeVar("T")


# Labels and relationship types by their stored names: a dict lookup, several times cheaper than
# calling the enum, and a traversal's answer names them thousands of times.
_LABELS: dict[str, Label] = {label.value: label for label in Label}
_REL_TYPES: dict[str, RelType] = {rel_type.value: rel_type for rel_type in RelType}
_KEYS: dict[str, str] = {label.value: label.key for label in Label}  # each label's key property, by its name
_REACHED_ORDER = itemgetter(0, 1, 2)  # (depth, label, key): the order of `Subgraph.nodes`
_EDGE_ORDER = itemgetter(0, 1, 2, 3, 4)  # (type, start label, start key, end label, end key): `Relationship.sort_key`
_ADJACENT_ORDER = itemgetter(1, 2, 3, 4, 5)  # the same, after the key a neighbours row is for


def _node(label: Label, props: dict[str, Any]) -> Node:
    # The driver's maps are the store's own, fresh per answer: kept, not copied.
    return Node(label, str(props[label.key]), props)


def _total(row: Any) -> int | None:
    """A page's total: null when its query did not ask for one (`PageQuery.total`)."""
    total = row["total"]
    return None if total is None else int(total)


def _projected(label: Label, props: dict[str, Any]) -> Node:
    """A node from a map projection: Neo4j stores no nulls, so a null there is a property the node lacks."""
    return Node(label, str(props[label.key]), {k: v for k, v in props.items() if v is not None})


class _Refs:
    """The node references of one answer, each made once (a traversal's edges name its nodes again)."""

    __slots__ = ("known",)

    def __init__(self) -> None:
        self.known: dict[tuple[str, str], NodeRef] = {}

    def __call__(self, label: str, key: str) -> NodeRef:
        ref = self.known.get((label, key))
        if ref is None:
            ref = self.known[(label, key)] = NodeRef(_LABELS[label], key)
        return ref


def _other_end(f: list[Any]) -> tuple[str, str]:
    """A link row's other end as (label, key) text."""
    return f[2], str(f[3][_KEYS[f[2]]])


def _in_edge_order(own: Label, key: str, step: Step, found: list[list[Any]]) -> list[list[Any]]:
    """The link rows [outgoing?, rel props, label, props] of the node (own, key) along `step`, in edge
    order (`Relationship.sort_key`): along one direction, by the other end's label and key."""
    if len(found) < 2:
        return found
    if step.direction is not Direction.BOTH:
        return sorted(found, key=_other_end)

    def where(f: list[Any]) -> tuple[str, str, str, str]:
        other = _other_end(f)
        return (own.value, key, *other) if f[0] else (*other, own.value, key)

    return sorted(found, key=where)


def _linked(own: Label, step: Step, rows: list[list[Any]], i: int) -> list[list[tuple[Label, dict[str, Any]]]]:
    """Each page row's links along `step` (its `i`-th column) as (label, properties), in edge order."""
    if step.direction is Direction.BOTH:
        key_name = own.key
        return [[(_LABELS[f[2]], f[3]) for f in _in_edge_order(own, str(r[0][key_name]), step, r[i])] for r in rows]
    # Along one direction the order does not depend on the row's own node: no key to read, and most
    # rows have at most one link (a resource's provider).
    linked = []
    for r in rows:
        found = r[i]
        linked.append([(_LABELS[f[2]], f[3]) for f in (sorted(found, key=_other_end) if len(found) > 1 else found)])
    return linked


def _expanded(ref: NodeRef, step: Step, found: list[list[Any]], make: Callable[[Label, dict[str, Any]], Node]) -> list[tuple[Relationship, Node]]:
    """A page node's neighbours along `step` from rows of [outgoing?, rel props, label, props], in edge order."""
    pairs = []
    rel_type = step.rel
    for outgoing, rprops, label, props in _in_edge_order(ref.label, ref.key, step, found):
        other = make(_LABELS[label], props)
        pairs.append((Relationship(rel_type, ref, other.ref, rprops) if outgoing else Relationship(rel_type, other.ref, ref, rprops), other))
    return pairs


def _text_index_failed(error: BaseException | None) -> bool:
    """Whether Neo4j failed a statement because the full-text index is missing or not online."""
    return (
        isinstance(error, Neo4jError)
        and error.code == "Neo.ClientError.Procedure.ProcedureCallFailed"
        and cypher.FULLTEXT_INDEX in (error.message or "")
    )


def _ref(label: str, key: str) -> NodeRef:
    return NodeRef(_LABELS[label], key)


def _group(op: Op) -> tuple[Any, ...]:
    """Ops that can share one UNWIND statement."""
    match op:
        case UpsertNode(node):
            return ("N", node.label)
        case UpsertRelationship(rel):
            return ("R", rel.type, rel.start.label, rel.end.label)
        case DeleteNode(ref):
            return ("DN", ref.label)
        case DeleteRelationship(rel_type, start, end):
            return ("DR", rel_type, start.label, end.label)
        case ExpectVersion(ref, _):
            return ("EV", ref.label)
    raise TypeError(op)


def _row(op: Op) -> dict[str, Any]:
    match op:
        case UpsertNode(node):
            return {"key": node.key, "props": node.props}
        case UpsertRelationship(rel):
            return {"s": rel.start.key, "e": rel.end.key, "props": rel.props}
        case DeleteNode(ref):
            return {"key": ref.key}
        case DeleteRelationship(_, start, end):
            return {"s": start.key, "e": end.key}
        case ExpectVersion(ref, version):
            return {"key": ref.key, "version": version}
    raise TypeError(op)


class Rows(list[Any]):
    """A statement's parameter rows, which the driver's debug log shows as their number.

    The driver formats every statement's parameters for that log even when it is off (neo4j 6.4,
    `AsyncBolt5x5.run`): the rows of the bulk writes (tens of thousands of maps each) took about 1.5 s
    of an S=10 load's CPU to format, only to be thrown away.
    """

    __slots__ = ()

    def __repr__(self) -> str:
        return f"<{len(self)} rows>"


async def upsert_relationships(
    tx: AsyncManagedTransaction, rel_type: RelType, start: Label, end: Label, rows: list[dict[str, Any]], create: bool = False
) -> None:
    """MERGE (with `create`, CREATE) a batch of relationships; if an end is missing, fail the transaction naming it."""
    written = await (await tx.run(cypher.upsert_relationships(rel_type, start, end, create), rows=Rows(rows))).single()
    if written is None or written["n"] < len(rows):
        await _name_missing_end(tx, rel_type, start, end, rows)


async def relate_by_id(
    tx: AsyncManagedTransaction,
    rel_type: RelType,
    start: Label,
    end: Label,
    rows: list[list[Any]],
    keyed: Callable[[], list[dict[str, Any]]],
) -> None:
    """CREATE a batch of relationships between nodes given by element id (`cypher.relate_by_id`); `keyed`
    gives the same relationships by key, to name an end that no longer exists."""
    written = await (await tx.run(cypher.relate_by_id(rel_type), rows=Rows(rows))).single()
    count = 0 if written is None else written["n"]
    if count < len(rows):
        await _name_missing_end(tx, rel_type, start, end, keyed())
        # Every end exists by key, yet not by the id given: an id not of a node this load created.
        raise StoreError(f"{len(rows) - count} of {len(rows)} {rel_type.value} relationships found no node by element id")


async def create_related_by_id(
    tx: AsyncManagedTransaction, label: Label, rel_type: RelType, other: Label, at_end: bool, rows: list[list[Any]], others: list[str]
) -> dict[str, str]:
    """CREATE nodes of `label`, each with its relationship to a node given by element id (`[id, properties]`,
    `cypher.create_related_by_id`); answer their element ids by key. `others` gives each row's other end
    by key, to name one that no longer exists."""
    record = await (await tx.run(cypher.create_related_by_id(label, rel_type, at_end), rows=Rows(rows))).single()
    ids: dict[str, str] = dict(record["ids"]) if record is not None else {}
    if len(ids) < len(rows):
        first = next(i for i, (_, props) in enumerate(rows) if props[label.key] not in ids)
        ref, node = NodeRef(other, others[first]), NodeRef(label, rows[first][1][label.key])
        where = f"{rel_type.value} {ref} -> {node}" if at_end else f"{rel_type.value} {node} -> {ref}"
        found = await (await tx.run(cypher.node_versions(other), keys=[ref.key])).single()
        if found is None or not found["found"]:
            raise DanglingReferenceError([Problem(where, "", _("{what} {key} does not exist", what=ref.label.noun, key=ref.key))])
        # It exists by key, yet not by the id given: an id not of a node this load created.
        raise StoreError(f"{len(rows) - len(ids)} of {len(rows)} {rel_type.value} relationships found no node by element id")
    return ids


async def _name_missing_end(
    tx: AsyncManagedTransaction, rel_type: RelType, start: Label, end: Label, rows: list[dict[str, Any]]
) -> None:
    """Fail the transaction naming the first relationship of `rows` (by key) whose start or end is missing."""
    missing = await (await tx.run(cypher.missing_endpoint(start, end), rows=Rows(rows))).single()
    if missing is not None:
        ref = NodeRef(start, missing["s"]) if missing["start_missing"] else NodeRef(end, missing["e"])
        where = f"{rel_type.value} {NodeRef(start, missing['s'])} -> {NodeRef(end, missing['e'])}"
        raise DanglingReferenceError([Problem(where, "", _("{what} {key} does not exist", what=ref.label.noun, key=ref.key))])


class Neo4jStore(GraphStore):
    """The graph in a Neo4j 5 database; every read is one statement, every unit of work one transaction."""

    name = "neo4j"

    def __init__(
        self,
        uri: str,
        user: str = "neo4j",
        password: str = "",
        database: str = "neo4j",
        timeout_seconds: float = 10.0,
        connect_timeout_seconds: float = 5.0,
    ) -> None:
        self.uri = uri
        self.database = database
        self.timeout_seconds = timeout_seconds
        self.connect_timeout_seconds = connect_timeout_seconds
        self._audit = GroupCommit(self._append_audit, f"AuditEvent nodes in Neo4j at {uri}", linger=AUDIT_LINGER_SECONDS)
        # Connected anew after a failure, the database may be another one (restarted empty): its schema again.
        self._line = Line(uri, (user, password) if password else None, connect_timeout_seconds, on_reconnect=self._create_schema)

    @property
    def deadline_seconds(self) -> float:
        """How long a statement may take on our side: a connection (connect timeout), then its budget in Neo4j."""
        return self.connect_timeout_seconds + self.timeout_seconds

    async def start(self) -> None:
        if self._line.open:
            return
        self._line.start()
        try:
            await self._call(lambda: self.driver.verify_connectivity(), self.deadline_seconds)
            await self.ensure_schema()
        except BaseException:
            await self._line.close()  # not started: a later `start` tries again from the beginning
            raise
        self._audit.start()

    async def ensure_schema(self) -> None:
        """Create the constraints and indexes that are missing, and wait until every index is online."""
        await self._create_schema()
        # Bounded by the procedure's own wait, not the statement budget: a new index over a large graph
        # takes longer to populate than a query may run.
        await self._run(cypher.AWAIT_INDEXES, {}, write=True, budgeted=False)

    async def _create_schema(self) -> None:
        """Create the constraints and indexes that are missing, without waiting for them to be populated."""
        for statement in cypher.schema_statements():
            await self._run(statement, {}, write=True)

    async def text_index_state(self) -> str | None:
        """The full-text index's state as Neo4j gives it (`ONLINE`, `POPULATING`…), or None when there is none."""
        rows = await self._run(cypher.TEXT_INDEX_STATE, {})
        return str(rows[0]["state"]) if rows else None

    async def drop_text_index(self) -> None:
        """Drop the full-text index, for a bulk load that builds it again after (`ensure_schema`)."""
        await self._run(cypher.DROP_TEXT_INDEX, {}, write=True)

    async def close(self) -> None:
        if self._line.open:
            await self._audit.close()
        await self._line.close()

    @property
    def driver(self) -> AsyncDriver:
        """The driver to use now: a connection failure replaces it (`graph.neo4j.connection`)."""
        return self._line.driver

    async def _call(self, fn: Callable[[], Awaitable[T]], deadline: float | None = None) -> T:
        """Run driver work within `deadline` seconds (None: bounded by the driver's timeouts only), turning
        driver errors into ours."""
        try:
            return await self._line.call(fn, deadline)
        except GovGraphError:
            raise
        except AuthError as e:
            raise StoreUnavailableError(f"Neo4j at {self.uri} refused the credentials: {e}") from e
        except Neo4jError as e:
            if e.code == "Neo.ClientError.Schema.ConstraintValidationFailed":  # a created key that exists
                raise ConflictError(f"Neo4j refused a write: {e.message}") from e
            if _text_index_failed(e):
                raise StoreUnavailableError(f"the full-text index {cypher.FULLTEXT_INDEX} is not ready: {e.message}") from e
            if "TransactionTimedOut" in (e.code or ""):
                raise QueryTimeoutError(f"the store query ran over its {self.timeout_seconds:g} s budget and was cancelled") from e
            if isinstance(e, DatabaseUnavailable):  # starting, stopping, or being replaced
                raise StoreUnavailableError(f"Neo4j at {self.uri} is unavailable: {e.message}") from e
            raise StoreError(f"Neo4j failed: {e}") from e
        except DriverError as e:
            raise StoreError(f"Neo4j failed: {e}") from e

    async def _run(
        self,
        statement: str,
        params: dict[str, Any],
        write: bool = False,
        budgeted: bool = True,
        deadline: float | None = None,
        repair: bool = True,
    ) -> list[dict[str, Any]]:
        """One statement's rows; its deadline on our side is `deadline_seconds` (unbudgeted: the connect
        timeout and the longest wait for indexes) unless given. A search that finds no usable full-text
        index runs again once the index is created again (with `repair`, `_repair_text_index`)."""

        async def go() -> list[dict[str, Any]]:
            result = await self.driver.execute_query(
                # A runaway read is cancelled by the server.
                Query(statement, timeout=self.timeout_seconds if budgeted else None),
                params,
                database_=self.database,
                routing_=RoutingControl.WRITE if write else RoutingControl.READ,
            )
            # Values as they came, not `data()`: our statements return maps, lists and scalars only, which `data()`
            # would walk value by value looking for graph objects to convert (~2 ms on a 50-resource page).
            return [dict(zip(result.keys, record)) for record in result.records]

        if deadline is None:
            deadline = self.deadline_seconds if budgeted else self.connect_timeout_seconds + cypher.AWAIT_INDEXES_SECONDS
        try:
            return await self._call(go, deadline)
        except StoreUnavailableError as e:
            if not (repair and _text_index_failed(e.__cause__)):
                raise
            await self._repair_text_index(e)
            return await self._call(go, deadline)

    async def _repair_text_index(self, error: StoreUnavailableError) -> None:
        """After a search found no usable full-text index: create the schema again if the database lacks it
        (Neo4j replaced by an empty one), and wait briefly for the index; or raise `error`, saying why not."""
        if await self.text_index_state() is None:
            present = (await self._run(cypher.COUNT_KEY_CONSTRAINTS, {"names": cypher.key_constraint_names()}))[0]["n"]
            if present == len(Label):
                # Only a bulk load into an empty store drops the index and keeps the constraints.
                raise StoreUnavailableError(
                    f"the full-text index {cypher.FULLTEXT_INDEX} is not ready: a bulk load into an empty store dropped it "
                    "while it writes the records, and builds it again when it ends (so does starting govgraph); "
                    "search again shortly"
                ) from error.__cause__
            await self._create_schema()
        # Being populated (just created, over a graph that is not empty): wait for a part of the budget.
        await self._run(cypher.AWAIT_TEXT_INDEX, {"seconds": max(1, int(self.timeout_seconds / 2))}, repair=False)

    async def ping(self) -> None:
        """Answer within the connect timeout whether Neo4j answers (a healthy one does in milliseconds)."""
        await self._run("RETURN 1 AS ok", {}, deadline=self.connect_timeout_seconds)

    async def apply(self, changes: Changes, progress: Progress | None = None) -> None:
        batches = [(key, [_row(op) for op in ops]) for key, ops in groupby(changes, key=_group)]

        async def work(tx: AsyncManagedTransaction) -> None:
            for key, rows in batches:
                for start in range(0, len(rows), BATCH):
                    await self._write_batch(tx, key, rows[start : start + BATCH])
                    if progress:
                        progress(len(rows[start : start + BATCH]))

        async def go() -> None:
            async with self.driver.session(database=self.database) as session:
                await session.execute_write(work)

        if batches:
            # On our side each statement of the transaction gets the statement budget (Neo4j gives a write
            # none of its own), after the connect timeout for a connection: a hung Neo4j ends the unit.
            statements = sum(-(-len(rows) // BATCH) for _, rows in batches)
            await self._call(go, self.connect_timeout_seconds + self.timeout_seconds * statements)

    def append_audit(self, events: Sequence[Node]) -> None:
        self._audit.add(events)

    async def flush_audit(self) -> None:
        await self._audit.flush()

    async def _append_audit(self, events: list[Node]) -> None:
        """One batch of audit events in one write transaction of its own (`GroupCommit`)."""
        rows = Rows({"key": event.key, "props": event.props} for event in events)
        await self._run(cypher.APPEND_AUDIT, {"rows": rows}, write=True)

    @staticmethod
    async def _write_batch(tx: AsyncManagedTransaction, key: tuple[Any, ...], rows: list[dict[str, Any]]) -> None:
        kind = key[0]
        if kind == "N" and key[1] is Label.AUDIT_EVENT:  # the change's own records, in its transaction
            await (await tx.run(cypher.APPEND_AUDIT, rows=Rows(rows))).consume()
        elif kind == "N":
            await (await tx.run(cypher.upsert_nodes(key[1]), rows=Rows(rows))).consume()
        elif kind == "DN":
            await (await tx.run(cypher.delete_nodes(key[1]), keys=[r["key"] for r in rows])).consume()
        elif kind == "DR":
            await (await tx.run(cypher.delete_relationships(*key[1:]), rows=Rows(rows))).consume()
        elif kind == "EV":
            label: Label = key[1]
            expected = {r["key"]: r["version"] for r in rows}
            result = await tx.run(cypher.node_versions(label), keys=list(expected))
            async for record in result:
                ref = NodeRef(label, record["k"])
                if expected[record["k"]] == 0:
                    if record["found"]:
                        raise ConflictError(_("{what} {key} already exists", what=ref.label.noun, key=ref.key))
                    continue
                if not record["found"]:
                    raise NotFoundError(label.value, ref.key)
                if record["version"] != expected[record["k"]]:
                    raise ConflictError(_("{what} {key} is at version {current}, not {version}: reload it and apply the change again",
                                          what=ref.label.noun, key=ref.key, current=record["version"], version=expected[record["k"]]))
        else:
            rel_type, start, end = key[1:]
            await upsert_relationships(tx, rel_type, start, end, rows)

    async def clear(self) -> None:
        """Delete everything in batches of bounded size (CALL … IN TRANSACTIONS needs an implicit transaction)."""
        await self._audit.flush()  # nothing queued before may arrive after

        async def go() -> None:
            async with self.driver.session(database=self.database) as session:
                for statement in cypher.CLEAR:
                    await (await session.run(statement)).consume()

        await self._call(go)

    async def get_many(self, label: Label, keys: Sequence[str], visibility: Visibility = EVERYTHING) -> dict[str, Node]:
        if not keys:
            return {}
        if label is Label.AUDIT_EVENT:
            await self._audit.flush()  # read what was appended
        statement, params = cypher.get_many(label, visibility)
        rows = await self._run(statement, {**params, "keys": list(keys)})
        nodes = (_node(label, props) for props in rows[0]["found"])
        return {node.key: node for node in nodes}

    async def page(self, query: PageQuery, visibility: Visibility = EVERYTHING) -> Page:
        check_query(query)
        if query.label is Label.AUDIT_EVENT:
            await self._audit.flush()  # read what was appended
        statement, params = cypher.list_page(query, visibility)
        row = (await self._run(statement, params))[0]
        make = _node if query.props is None else _projected
        if not (query.expand or query.count):
            nodes = [make(query.label, props) for props in row["page"]]
            return Page(nodes[: query.first], _total(row), len(nodes) > query.first)
        rows = row["page"]
        nodes = [make(query.label, r[0]) for r in rows[: query.first]]
        expanded: dict[Step, dict[str, list[tuple[Relationship, Node]]]] = {step: {} for step in query.expand}
        counted: dict[Step, dict[str, int]] = {step: {} for step in query.count}
        makers = [_node if query.props_of(step) is None else _projected for step in query.expand]
        for node, r in zip(nodes, rows):
            for step, found, make_other in zip(query.expand, r[1:], makers):
                expanded[step][node.key] = _expanded(node.ref, step, found, make_other)
            for step, n in zip(query.count, r[1 + len(query.expand):]):
                counted[step][node.key] = int(n)
        return Page(nodes, _total(row), len(rows) > query.first, expanded, counted)

    async def search(self, query: SearchQuery, visibility: Visibility = EVERYTHING) -> SearchPage:
        check_search(query)
        statement, params = cypher.search_page(query, visibility)
        row = (await self._run(statement, params))[0]
        hits = [
            SearchHit(_node(label, props), Tier(rank), (int(key[0]), int(key[1]), int(key[2]), str(key[3])))
            for label, props, rank, key in ((Label(r[0]), r[1], r[2], r[3]) for r in row["page"][: query.first])
        ]
        total = None if row["total"] is None else int(row["total"])
        return SearchPage(hits, len(row["page"]) > query.first, total)

    async def search_facets(self, query: SearchQuery, visibility: Visibility = EVERYTHING) -> list[FacetValues]:
        check_search(query)
        statement, params = cypher.search_facets(query, visibility)
        facets = Facet.ALL[1:]
        return [
            FacetValues(Label(r["label"]), {f: values for f in facets if (values := tuple(sorted({str(v) for v in r[f]})))})
            for r in await self._run(statement, params)
        ]

    async def page_rows(self, query: PageQuery, visibility: Visibility = EVERYTHING) -> PageRows:
        """The page's statement as `page` sends it; its rows kept as the driver gives them."""
        check_query(query)
        if query.label is Label.AUDIT_EVENT:
            await self._audit.flush()
        statement, params = cypher.list_page(query, visibility)
        row = (await self._run(statement, params))[0]
        rows = row["page"]
        total, has_next = _total(row), len(rows) > query.first
        rows = rows[: query.first]
        if not (query.expand or query.count):
            return PageRows(rows, total, has_next)
        links = {step: _linked(query.label, step, rows, i) for i, step in enumerate(query.expand, start=1)}
        first_count = 1 + len(query.expand)
        counts = {step: [int(r[first_count + j]) for r in rows] for j, step in enumerate(query.count)}
        return PageRows([r[0] for r in rows], total, has_next, links, counts)

    async def neighbours_many(
        self, label: Label, keys: Sequence[str], steps: Sequence[Step], visibility: Visibility = EVERYTHING
    ) -> dict[str, list[tuple[Relationship, Node]]]:
        found: dict[str, list[tuple[Relationship, Node]]] = {key: [] for key in keys}
        if not keys:
            return found
        statement, params = cypher.neighbours(label, steps, visibility)
        rows = (await self._run(statement, {**params, "keys": list(dict.fromkeys(keys))}))[0]["found"]
        rows.sort(key=_ADJACENT_ORDER)  # each key's pairs in `Relationship.sort_key` order, as appended
        refs = _Refs()
        own = label.value
        for key, rel_type, sl, sk, el, ek, rprops, _, m in rows:
            start, end = refs(sl, sk), refs(el, ek)
            far = end if sk == key and sl == own else start
            found[key].append((Relationship(_REL_TYPES[rel_type], start, end, rprops), Node.at(far, m)))
        return found

    async def walks(
        self, label: Label, steps: Sequence[Step], keep: Sequence[int] | None = None, visibility: Visibility = EVERYTHING
    ) -> Collection[Sequence[str]]:
        statement, params = cypher.walks(label, steps, check_walk(steps, keep), visibility)
        found: list[list[str]] = (await self._run(statement, params))[0]["found"]  # DISTINCT: each once
        return found

    async def traverse(self, traversal: Traversal, visibility: Visibility = EVERYTHING) -> Subgraph:
        check_traversal(traversal)
        statement, params = cypher.traverse(traversal, visibility)
        row = (await self._run(statement, params))[0]
        refs = _Refs()
        reached = [(depth, label, str(props[_KEYS[label]]), props) for level in row["levels"] for label, props, depth in level]
        reached.sort(key=_REACHED_ORDER)  # the raw names sort as `Subgraph` orders its nodes
        nodes = [ReachedNode(Node.at(refs(label, key), props), depth) for depth, label, key, props in reached]
        found = row["edges"]
        found.sort(key=_EDGE_ORDER)  # the raw names sort as `Relationship.sort_key` does
        edges = [Relationship(_REL_TYPES[t], refs(sl, sk), refs(el, ek), props) for t, sl, sk, el, ek, props in found]
        sub = Subgraph(nodes, edges, bool(row["truncated"]), max((n.depth for n in nodes), default=0))
        return redact(sub, {refs(label, key) for label, key in row["hidden"]})

    async def counts(self) -> Counts:
        await self._audit.flush()
        rows = await self._run(cypher.counts(), {})
        labels = {r["name"]: r["n"] for r in rows if r["kind"] == "node" and r["n"]}
        rels = {r["name"]: r["n"] for r in rows if r["kind"] == "rel" and r["n"]}
        return Counts(dict(sorted(labels.items())), dict(sorted(rels.items())))

    async def nodes(self) -> AsyncIterator[Node]:
        for label in sorted(Label, key=lambda lab: lab.value):
            if label is Label.AUDIT_EVENT:
                async for event in self._audit_events():
                    yield event
                continue
            rows = await self._run(cypher.all_nodes(label), {})
            for node in sorted((_node(label, r["props"]) for r in rows), key=lambda n: n.key):
                yield node

    async def _audit_events(self) -> AsyncIterator[Node]:
        """The whole trail in id order, a chunk at a time (it may hold millions)."""
        await self._audit.flush()
        after = None
        while rows := await self._run(cypher.AUDIT_CHUNK, {"after": after, "size": BATCH}):
            for row in rows:
                yield _node(Label.AUDIT_EVENT, row["props"])
            after = str(rows[-1]["props"]["id"])

    async def relationships(self) -> AsyncIterator[Relationship]:
        for rel_type in sorted(RelType, key=lambda t: t.value):
            rows = await self._run(cypher.all_relationships(rel_type), {})
            rels = [Relationship(rel_type, _ref(r["sl"], r["sk"]), _ref(r["el"], r["ek"]), r["props"]) for r in rows]
            for rel in sorted(rels, key=Relationship.sort_key):
                yield rel

"""What the benchmark asks, of each target: govgraph over HTTP, the raw-Cypher floor, @neo4j/graphql.

The floor runs, through the Python driver and with no GraphQL, the very statements govgraph's Neo4j
store sends for each question (built by `graph.neo4j.cypher`, as `Neo4jStore` builds them), in the
same round trips: one per store call, the DataLoaders' calls of one page side by side. It gives the
rows it read, as the driver gave them: `bench.floor_server` answers them as JSON over HTTP (the floor
every target is measured against), and the benchmark also times the floor alone in its own process.
"""

from __future__ import annotations

import asyncio
import time
from datetime import date, timedelta
from collections import Counter
from collections.abc import Awaitable, Callable, Collection, Sequence
from dataclasses import dataclass, replace
from typing import Any

from neo4j import AsyncDriver, Query, RoutingControl

from graph.access import PUBLIC, Principal, Role, Visibility
from graph.labels import Direction, Label, RelType
from graph.store import GraphStore
from graph.terms import DocumentKind
from graph.neo4j import Neo4jStore, cypher
from graph.records import NodeRef, PageQuery, PropertyFilter, Step, Traversal
from lineage.access import visibility
from lineage.catalogs import ResourceFilter, resource_query
from lineage.citation import citation_permission
from lineage.estate import page_all
from lineage.flow import FlowDirection, steps
from lineage.impact import IMPACT_KINDS
from lineage.lineage import ALL_KINDS, LineageLimits
from lineage.migration import PlanRequest, migration_plan

SEARCH_TEXT = "人口"
EIC = Principal(department=None, roles=frozenset({Role.EIC}), subject="bench")  # the benchmark's principal: sees everything


@dataclass(frozen=True)
class Question:
    """One benchmark question and how each target asks it (None: that target cannot)."""

    name: str
    govgraph: tuple[str, dict[str, Any]] | None
    public: bool = False  # asked as the public instead of the EIC (to show what access rules cost)
    neo4j_graphql: tuple[str, dict[str, Any]] | None = None
    floor: Floor | None = None
    concurrencies: tuple[int, ...] = (1, 16)
    warmup: int = 5  # requests before measuring (fewer for a question that takes seconds)


Floor = Callable[[AsyncDriver, str], Awaitable[Any]]  # the question's statements sent; the rows they read
TIMEOUT = 120  # the statement budget the benchmark's govgraph-neo4j server runs with (bench.run)


async def _run(driver: AsyncDriver, database: str, statement: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    """Exactly what `Neo4jStore._run` does for a read."""
    result = await driver.execute_query(Query(statement, timeout=TIMEOUT), params, database_=database, routing_=RoutingControl.READ)
    return [dict(zip(result.keys, record)) for record in result.records]


def size(found: Any) -> int:
    """How many rows a floor read, counting the items of a row's lists (the store's statements return
    one row of lists)."""
    if isinstance(found, list):
        return sum(size(item) for item in found)
    if isinstance(found, dict):
        return sum(len(v) if isinstance(v, list) else 1 for v in found.values())
    return 1


def _page_floor(query: PageQuery, seen: Visibility) -> Floor:
    """The page with the links its selection asks for (`PageQuery.expand` / `count`): one statement."""

    async def ask(driver: AsyncDriver, database: str) -> Any:
        statement, params = cypher.list_page(query, seen)
        return (await _run(driver, database, statement, params))[0]

    return ask


class RecordingStore(Neo4jStore):
    """A `Neo4jStore` that notes each statement it sends and when, to replay them as a floor."""

    def __init__(self, uri: str) -> None:
        super().__init__(uri, timeout_seconds=TIMEOUT)
        self.sent: list[tuple[float, float, str, dict[str, Any]]] = []

    async def _run(
        self, statement: str, params: dict[str, Any], write: bool = False, budgeted: bool = True
    ) -> list[dict[str, Any]]:
        started = time.perf_counter()
        rows = await super()._run(statement, params, write, budgeted)
        self.sent.append((started, time.perf_counter(), statement, params))
        return rows


def _waves(sent: list[tuple[float, float, str, dict[str, Any]]]) -> list[list[tuple[str, dict[str, Any]]]]:
    """The statements in the rounds they were sent in: one starting before the others of its round
    had all answered was sent beside them (gathered), so the floor sends it beside them too."""
    waves: list[list[tuple[str, dict[str, Any]]]] = []
    ends = 0.0
    for started, ended, statement, params in sorted(sent, key=lambda s: s[0]):
        if not waves or started >= ends:
            waves.append([])
            ends = ended
        waves[-1].append((statement, params))
        ends = max(ends, ended)
    return waves


def _recorded_floor(uri: str, answer: Callable[[Neo4jStore], Awaitable[object]]) -> Floor:
    """For questions answered by several store reads and Python in between (citation permission, the
    migration plan): the statements `Neo4jStore` sent while answering once in this process, replayed
    in the same rounds through the driver; the floor does none of the Python work between them."""
    recorded: list[list[tuple[str, dict[str, Any]]]] = []

    async def ask(driver: AsyncDriver, database: str) -> Any:
        if not recorded:
            store = RecordingStore(uri)
            await store.start()
            store.sent.clear()  # start() creates constraints: not part of the answer
            try:
                await answer(store)
            finally:
                await store.close()
            recorded.extend(_waves(store.sent))
        rows: list[Any] = []
        for wave in recorded:
            answers = await asyncio.gather(*(_run(driver, database, statement, params) for statement, params in wave))
            rows.extend(answers)
        return rows

    return ask


def _traverse_floor(traversal: Traversal, seen: Visibility) -> Floor:
    async def ask(driver: AsyncDriver, database: str) -> Any:
        statement, params = cypher.traverse(traversal, seen)
        return (await _run(driver, database, statement, params))[0]

    return ask


CATALOG_PAGE = """{ resources(first: 50) { totalCount pageInfo { hasNextPage endCursor }
  edges { node { code name provider { name } catalogs { code name } itemCount } } } }"""
NG_CATALOG_PAGE = """{ resourcesConnection(first: 50, sort: [{ code: ASC }]) { totalCount pageInfo { hasNextPage endCursor }
  edges { node { code name provider { name } catalogs { code name } itemsConnection { totalCount } } } } }"""
SEARCH = """query($text: String!) { resources(first: 20, filter: { text: $text }) { totalCount edges { node { code name } } } }"""
NG_SEARCH = """query($text: String!) { resourcesConnection(first: 20, where: { name: { contains: $text } }, sort: [{ code: ASC }]) {
  totalCount edges { node { code name } } } }"""
SEARCH_ALL = """query($text: String!) { search(text: $text, first: 20) { totalCount nodes { id } } }"""
LINEAGE = """query($code: String!, $depth: Int!) { lineage(code: $code, direction: UPSTREAM, depth: $depth) {
  nodes { id kind code name depth } edges { source target kind relationship transform } truncated depthReached } }"""
IMPACT = """query($code: String!) { impact(code: $code) { counts { derived uses consumers citations publications }
  truncated derived { code name } notify { id } } }"""
CITATION = """query($consumer: String!, $resource: String!, $purpose: String!, $asOf: Date!) {
  citationPermission(consumer: $consumer, resource: $resource, documentKind: MAJOR_DECISION, purpose: $purpose, asOf: $asOf) {
    allowed reasons { rule article passed message } attribution use { useId status } } }"""
MIGRATION_PLAN = """{ migrationPlan { summary { systems moving staying waves cycles crossEnvironmentLinks outsidePlanLinks }
  waves { number size systems { code wave verdict movesWith } } cycles } }"""


@dataclass(frozen=True)
class Grant:
    """A granted use whose provider permits citation: the citation-permission question asks about it."""

    consumer: str
    resource: str
    purpose: str
    as_of: date  # the day after the grant, while it is in force: every rule passes, the citation is allowed

    @classmethod
    async def find(cls, store: GraphStore) -> Grant:
        """The granted use with citation permitted on the resource with the most uses (a hub: the
        question then weighs hundreds of uses), first by id; read through the store's port."""
        granted = await page_all(store, PageQuery(Label.USE, where=(
            PropertyFilter("status", ("GRANTED",)), PropertyFilter("citation_permitted", (True,)))))
        if not granted:
            raise RuntimeError("the synthetic district has no granted use with citation permitted")
        of_walks, by_walks = await asyncio.gather(
            store.walks(Label.USE, [Step(RelType.OF, Direction.OUT)]),
            store.walks(Label.USE, [Step(RelType.REQUESTS, Direction.IN)]),
        )
        of, by = _first_of_each(of_walks), _first_of_each(by_walks)
        uses = Counter(resource for _, resource in of_walks)
        use = min((u for u in granted if u.key in of and u.key in by), key=lambda u: (-uses[of[u.key]], u.key))
        granted_at = date.fromisoformat(str(use.props["granted_at"]))
        return cls(by[use.key], of[use.key], str(use.props["purpose"]), granted_at + timedelta(days=1))


def _first_of_each(pairs: Collection[Sequence[str]]) -> dict[str, str]:
    """Each start's first other end, by key (a use has one resource and one consumer)."""
    first: dict[str, str] = {}
    for start, other in sorted(map(tuple, pairs)):
        first.setdefault(start, other)
    return first


def _nested_lineage(depth: int) -> str:
    """Upstream lineage as @neo4j/graphql can say it: derivations nested `depth` deep, with holders and providers."""

    def level(k: int) -> str:
        if k == depth:
            return "code name"
        return f"code name heldBy {{ code name }} provider {{ code name }} derivedFrom {{ {level(k + 1)} }}"

    return f"query($code: String!) {{ resources(where: {{ code: {{ eq: $code }} }}) {{ {level(0)} }} }}"


def questions(chain_tail: str, hub: str, grant: Grant, uri: str, limits: LineageLimits = LineageLimits()) -> list[Question]:
    """The questions, asked of a resource at the end of a long chain, of a hub and of a grant."""
    everything = visibility(EIC)
    # The links CATALOG_PAGE selects under edges.node, as `api.engine.prefetch.plan` puts them (names sorted:
    # catalogs, itemCount, provider), and the properties its fields read: the store reads them with
    # the page, in one statement (tests/api/schema/test_queries.py checks the plan for this selection).
    catalogs, provider = Step(RelType.LISTED_IN, Direction.OUT), Step(RelType.PROVIDES, Direction.IN)
    page = replace(
        resource_query(ResourceFilter(), 50),
        expand=(catalogs, provider), count=(Step(RelType.HAS_ITEM, Direction.OUT),),
        props=("code", "name"), expand_props=((catalogs, ("code", "name")), (provider, ("name",))),
    )
    search = replace(resource_query(ResourceFilter(text=SEARCH_TEXT), 20), props=("code", "name"))

    def upstream(depth: int) -> Traversal:  # as lineage.lineage builds it
        return Traversal(starts=(_ref(chain_tail),), follow=steps(ALL_KINDS, FlowDirection.UPSTREAM), max_depth=depth,
                         node_limit=limits.max_nodes)

    impact = Traversal(
        starts=(_ref(hub),), follow=steps(IMPACT_KINDS, FlowDirection.DOWNSTREAM), max_depth=limits.max_depth,
        node_limit=limits.max_nodes, attach=Step(RelType.PROVIDES, Direction.IN),
    )

    async def permission(store: Neo4jStore) -> object:
        return await citation_permission(
            store, everything, grant.consumer, grant.resource, DocumentKind.MAJOR_DECISION, grant.purpose, as_of=grant.as_of
        )

    async def plan(store: Neo4jStore) -> object:
        return await migration_plan(store, PlanRequest(), everything)

    citation_vars = {"consumer": grant.consumer, "resource": grant.resource, "purpose": grant.purpose, "asOf": grant.as_of.isoformat()}
    return [
        Question("catalog page (50, provider, catalogs, item count)", (CATALOG_PAGE, {}), False, (NG_CATALOG_PAGE, {}),
                 _page_floor(page, everything)),
        Question("catalog page as the public", (CATALOG_PAGE, {}), True, None, _page_floor(page, visibility(PUBLIC))),
        Question(f"search resources '{SEARCH_TEXT}' (20)", (SEARCH, {"text": SEARCH_TEXT}), False, (NG_SEARCH, {"text": SEARCH_TEXT}),
                 _page_floor(search, everything)),
        Question(f"search all kinds '{SEARCH_TEXT}' (20)", (SEARCH_ALL, {"text": SEARCH_TEXT}), False, None, None),
        Question("upstream lineage depth 3", (LINEAGE, {"code": chain_tail, "depth": 3}), False,
                 (_nested_lineage(3), {"code": chain_tail}), _traverse_floor(upstream(3), everything)),
        Question("upstream lineage depth 6", (LINEAGE, {"code": chain_tail, "depth": 6}), False,
                 (_nested_lineage(6), {"code": chain_tail}), _traverse_floor(upstream(6), everything)),
        Question("impact of a hub resource", (IMPACT, {"code": hub}), False, None, _traverse_floor(impact, everything)),
        Question("citation permission (a hub's grant)", (CITATION, citation_vars), False, None, _recorded_floor(uri, permission)),
        # The EIC's planning question, asked one at a time: sixteen whole-district plans at once only queue.
        Question("migration plan (every system)", (MIGRATION_PLAN, {}), False, None, _recorded_floor(uri, plan), concurrencies=(1,), warmup=1),
    ]


def _ref(code: str) -> NodeRef:
    return NodeRef(Label.RESOURCE, code)

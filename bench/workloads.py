"""What the benchmark asks, of each target: govgraph over HTTP, the raw-Cypher floor, @neo4j/graphql.

The floor runs, through the Python driver and with no GraphQL, the very statements govgraph's Neo4j
store sends for each question (built by `graph.neo4j.cypher`, as `Neo4jStore` builds them), in the
same round trips: one per store call, the DataLoaders' calls of one page side by side.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from neo4j import AsyncDriver, Query, RoutingControl

from graph.access import PUBLIC, Principal, Role, Visibility
from graph.labels import Direction, Label, RelType
from graph.neo4j import Neo4jStore, cypher
from graph.records import NodeRef, PageQuery, Step, Traversal
from lineage.access import visibility
from lineage.catalogs import ResourceFilter, resource_query
from lineage.flow import FlowDirection, steps
from lineage.impact import IMPACT_KINDS
from lineage.lineage import ALL_KINDS, LineageLimits

SEARCH_TEXT = "人口"
NOT_BUILT = ("citation permission", "migration plan")
EIC = Principal(department=None, roles=frozenset({Role.EIC}), subject="bench")  # the benchmark's principal: sees everything


@dataclass(frozen=True)
class Question:
    """One benchmark question and how each target asks it (None: that target cannot)."""

    name: str
    govgraph: tuple[str, dict[str, Any]] | None
    public: bool = False  # asked as the public instead of the EIC (to show what access rules cost)
    neo4j_graphql: tuple[str, dict[str, Any]] | None = None
    floor: Callable[[AsyncDriver, str], Awaitable[int]] | None = None


TIMEOUT = Neo4jStore("bolt://127.0.0.1").timeout_seconds  # as the store sends it


async def _run(driver: AsyncDriver, database: str, statement: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    """Exactly what `Neo4jStore._run` does for a read."""
    result = await driver.execute_query(Query(statement, timeout=TIMEOUT), params, database_=database, routing_=RoutingControl.READ)
    return [record.data() for record in result.records]


def _size(rows: list[dict[str, Any]]) -> int:
    """Rows, counting the items of a row's lists (the store returns one row of lists)."""
    return sum(len(v) if isinstance(v, list) else 1 for row in rows for v in row.values())


def _page_floor(query: PageQuery, seen: Visibility, linked: tuple[Step, ...]) -> Callable[[AsyncDriver, str], Awaitable[int]]:
    async def ask(driver: AsyncDriver, database: str) -> int:
        statement, params = cypher.list_page(query, seen)
        row = (await _run(driver, database, statement, params))[0]
        keys = [props["code"] for props in row["page"][: query.first]]
        rows = len(row["page"])

        async def neighbours(step: Step) -> int:
            statement, params = cypher.neighbours(Label.RESOURCE, (step,), seen)
            return _size(await _run(driver, database, statement, {**params, "keys": keys}))

        if keys and linked:
            rows += sum(await asyncio.gather(*(neighbours(step) for step in linked)))
        return rows

    return ask


def _traverse_floor(traversal: Traversal, seen: Visibility) -> Callable[[AsyncDriver, str], Awaitable[int]]:
    async def ask(driver: AsyncDriver, database: str) -> int:
        statement, params = cypher.traverse(traversal, seen)
        row = (await _run(driver, database, statement, params))[0]
        return sum(len(level) for level in row["levels"])

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


def _nested_lineage(depth: int) -> str:
    """Upstream lineage as @neo4j/graphql can say it: derivations nested `depth` deep, with holders and providers."""

    def level(k: int) -> str:
        if k == depth:
            return "code name"
        return f"code name heldBy {{ code name }} provider {{ code name }} derivedFrom {{ {level(k + 1)} }}"

    return f"query($code: String!) {{ resources(where: {{ code: {{ eq: $code }} }}) {{ {level(0)} }} }}"


def questions(chain_tail: str, hub: str, limits: LineageLimits = LineageLimits()) -> list[Question]:
    """The questions, asked of a resource at the end of a long chain and of a hub."""
    everything = visibility(EIC)
    page = resource_query(ResourceFilter(), 50)
    linked = (Step(RelType.PROVIDES, Direction.IN), Step(RelType.LISTED_IN, Direction.OUT), Step(RelType.HAS_ITEM, Direction.OUT))
    search = resource_query(ResourceFilter(text=SEARCH_TEXT), 20)

    def upstream(depth: int) -> Traversal:  # as lineage.lineage builds it
        return Traversal(starts=(_ref(chain_tail),), follow=steps(ALL_KINDS, FlowDirection.UPSTREAM), max_depth=depth,
                         node_limit=limits.max_nodes)

    impact = Traversal(
        starts=(_ref(hub),), follow=steps(IMPACT_KINDS, FlowDirection.DOWNSTREAM), max_depth=limits.max_depth,
        node_limit=limits.max_nodes, attach=Step(RelType.PROVIDES, Direction.IN),
    )
    return [
        Question("catalog page (50, provider, catalogs, item count)", (CATALOG_PAGE, {}), False, (NG_CATALOG_PAGE, {}),
                 _page_floor(page, everything, linked)),
        Question("catalog page as the public", (CATALOG_PAGE, {}), True, None, _page_floor(page, visibility(PUBLIC), linked)),
        Question(f"search resources '{SEARCH_TEXT}' (20)", (SEARCH, {"text": SEARCH_TEXT}), False, (NG_SEARCH, {"text": SEARCH_TEXT}),
                 _page_floor(search, everything, ())),
        Question(f"search all kinds '{SEARCH_TEXT}' (20)", (SEARCH_ALL, {"text": SEARCH_TEXT}), False, None, None),
        Question("upstream lineage depth 3", (LINEAGE, {"code": chain_tail, "depth": 3}), False,
                 (_nested_lineage(3), {"code": chain_tail}), _traverse_floor(upstream(3), everything)),
        Question("upstream lineage depth 6", (LINEAGE, {"code": chain_tail, "depth": 6}), False,
                 (_nested_lineage(6), {"code": chain_tail}), _traverse_floor(upstream(6), everything)),
        Question("impact of a hub resource", (IMPACT, {"code": hub}), False, None, _traverse_floor(impact, everything)),
    ]


def _ref(code: str) -> NodeRef:
    return NodeRef(Label.RESOURCE, code)

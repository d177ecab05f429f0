"""The store's Cypher uses nothing Neo4j 5.26 calls deprecated (it would be refused by a later Cypher):
every statement shape `graph.neo4j.cypher` builds is compiled (EXPLAIN) with notifications on."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from neo4j import AsyncDriver, AsyncGraphDatabase, NotificationMinimumSeverity

from graph.access import EVERYTHING, PUBLIC, Visibility
from graph.labels import Direction, Label, RelType
from graph.neo4j import cypher
from graph.records import NodeRef, PageQuery, PropertyFilter, Step, Traversal
from lineage.access import visibility

pytestmark = pytest.mark.neo4j

DERIVED_UP = Step(RelType.DERIVED_FROM, Direction.OUT)
PROVIDER = Step(RelType.PROVIDES, Direction.IN)
CATALOGS = Step(RelType.LISTED_IN, Direction.OUT)
ITEMS = Step(RelType.HAS_ITEM, Direction.OUT)
START = NodeRef(Label.RESOURCE, "101001/000001")


def _statements(seen: Visibility) -> dict[str, tuple[str, dict[str, Any]]]:
    walk = Traversal(starts=(START,), follow=(DERIVED_UP,), max_depth=3)
    page = PageQuery(Label.RESOURCE, expand=(PROVIDER, CATALOGS), count=(ITEMS,), props=("code", "name"),
                     expand_props=((CATALOGS, ("code", "name")),))
    return {
        "traverse": cypher.traverse(walk, seen),
        "traverse from neighbours, attaching": cypher.traverse(
            Traversal(starts=(START,), follow=(DERIVED_UP,), max_depth=2, start_via=ITEMS, attach=PROVIDER), seen
        ),
        "traverse, probing both ways": cypher.traverse(
            Traversal(starts=(START,), follow=(DERIVED_UP,), max_depth=2, probe=((DERIVED_UP,), (DERIVED_UP, PROVIDER, ITEMS))), seen
        ),
        "page with links and counts": cypher.list_page(page, seen),
        "page after a cursor, filtered": cypher.list_page(
            PageQuery(Label.RESOURCE, where=(PropertyFilter("status", "ACTIVE"),), after="101001/000001"), seen
        ),
        "text search (full-text index)": cypher.list_page(PageQuery(Label.RESOURCE, text="人口基础"), seen),
        "text search (scan)": cypher.list_page(PageQuery(Label.RESOURCE, text="a"), seen),
        "neighbours": cypher.neighbours(Label.RESOURCE, (PROVIDER, CATALOGS), seen),
        "get many": cypher.get_many(Label.RESOURCE, seen),
        "upsert nodes": (cypher.upsert_nodes(Label.RESOURCE), {"rows": []}),
        "upsert relationships": (cypher.upsert_relationships(RelType.AGGREGATED_ON, Label.RESOURCE, Label.PLATFORM), {"rows": []}),
        "create nodes": (cypher.create_nodes_with_ids(Label.RESOURCE), {"rows": []}),
        "create relationships by id": (cypher.relate_by_id(RelType.AGGREGATED_ON), {"rows": []}),
        "create nodes with a relationship": (cypher.create_related_by_id(Label.DATA_ITEM, RelType.HAS_ITEM, at_end=True), {"rows": []}),
        "create nodes with a relationship from them": (cypher.create_related_by_id(Label.USE, RelType.OF, at_end=False), {"rows": []}),
        "create relationships": (cypher.upsert_relationships(RelType.AGGREGATED_ON, Label.RESOURCE, Label.PLATFORM, create=True),
                                 {"rows": []}),
        "node versions": (cypher.node_versions(Label.RESOURCE), {"keys": []}),
        "counts": (cypher.counts(), {}),
        **{f"clear {i}": (statement, {}) for i, statement in enumerate(cypher.CLEAR)},
    }


@pytest.fixture
async def driver(neo4j_uri: str) -> AsyncIterator[AsyncDriver]:
    async with AsyncGraphDatabase.driver(neo4j_uri, notifications_min_severity=NotificationMinimumSeverity.INFORMATION) as found:
        yield found


@pytest.mark.parametrize("who", ["everything", "public"])
async def test_no_statement_uses_deprecated_cypher(driver: AsyncDriver, who: str) -> None:
    seen = visibility(PUBLIC) if who == "public" else EVERYTHING
    deprecated = {}
    for name, (statement, params) in _statements(seen).items():
        _, summary, _ = await driver.execute_query(f"EXPLAIN {statement}", params)
        found = [s.status_description for s in summary.gql_status_objects if "deprecat" in s.status_description.lower()]
        if found:
            deprecated[name] = found
    assert deprecated == {}

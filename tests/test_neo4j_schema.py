"""The Neo4j store's schema: a key constraint per label, the Chinese full-text index, the public's index."""

from __future__ import annotations

import pytest

from graph.labels import Label
from graph.neo4j import Neo4jStore

pytestmark = pytest.mark.neo4j


async def test_starting_sets_up_the_schema_once(neo4j_uri: str) -> None:
    store = Neo4jStore(neo4j_uri)
    await store.start()
    await store.start()  # idempotent: a second start changes nothing
    try:
        rows = await store._run("SHOW INDEXES YIELD name, type, labelsOrTypes, properties, state RETURN *", {})
    finally:
        await store.close()
    by_name = {r["name"]: r for r in rows}
    for label in Label:
        assert by_name[f"{label.value.lower()}_key"]["properties"] == [label.key]
    assert by_name["govgraph_text"]["type"] == "FULLTEXT"
    public = by_name["resource_public"]  # the public's pages and totals seek it (lineage.access, Art.21-23)
    assert (public["labelsOrTypes"], public["properties"]) == (["Resource"], ["open_type", "secret_or_security", "status"])
    assert {r["state"] for r in rows} == {"ONLINE"}

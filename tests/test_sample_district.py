"""The sample district: it loads the same into both stores, is as large as promised, and exercises the policy's rules."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from graph import jsonl
from graph.records import PageQuery
from graph.labels import Label
from graph.store import GraphStore
from lineage.checks import lineage_findings
from loaders.sample_district import load_sample, sample_path
from tests.conftest import Neo4jHolder

pytestmark = pytest.mark.slow


async def test_counts_are_what_the_issue_promises(store: GraphStore) -> None:
    await load_sample(store)
    counts = await store.counts()
    assert counts.labels["Department"] >= 30
    assert counts.labels["System"] >= 100
    assert counts.labels["Resource"] >= 500
    assert counts.labels["DataItem"] >= 1000
    assert counts.relationships["DERIVED_FROM"] >= 50
    catalogs = await store.page(PageQuery(Label.CATALOG, first=200))
    codes = {n.key for n in catalogs.nodes}
    for theme in ("POPULATION", "LEGAL_PERSON", "GEOSPATIAL", "VIDEO_IMAGE", "E_LICENCE"):
        assert f"BASE-{theme}" in codes
    themes = [c for c in codes if c.startswith("THEME-")]
    assert len(themes) >= 10
    uses = await store.page(PageQuery(Label.USE, first=1000))
    assert {n.props["status"] for n in uses.nodes} >= {
        "REQUESTED", "NEGOTIATING", "GRANTED", "DENIED", "ESCALATED_TO_EIC", "ESCALATED_TO_LEADING_GROUP", "REVOKED", "EXPIRED",
    }


async def test_loading_twice_changes_nothing(store: GraphStore) -> None:
    await load_sample(store)
    first = io.StringIO()
    await jsonl.write(first, store.nodes(), store.relationships())
    await load_sample(store)
    second = io.StringIO()
    await jsonl.write(second, store.nodes(), store.relationships())
    assert first.getvalue() == second.getvalue()


async def test_lineage_findings_fire_on_the_sample(store: GraphStore) -> None:
    await load_sample(store)
    rules = {f.article for f in await lineage_findings(store)}
    assert {"Art.12", "Art.23", "Art.24"} <= rules


async def test_both_stores_print_the_same_counts(tmp_path: Path, neo4j_holder: Neo4jHolder, request: pytest.FixtureRequest) -> None:
    """`govgraph load` of the sample into Neo4j and into the embedded store, then `govgraph stats`."""
    neo4j = await neo4j_holder.empty(request)

    def govgraph(*args: str) -> str:
        result = subprocess.run(
            [sys.executable, "-c", "from api.cli import main; main()", *args], capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    embedded = ["--data-dir", str(tmp_path / "store")]
    on_neo4j = ["--neo4j-uri", neo4j.uri]
    govgraph(*embedded, "load", str(sample_path()))
    govgraph(*on_neo4j, "load", str(sample_path()))
    assert json.loads(govgraph(*embedded, "stats", "--json")) == json.loads(govgraph(*on_neo4j, "stats", "--json"))

"""Apollo Federation v2 on both stores: our SDL composes with another subgraph (tests/js/federation.mjs,
an Apollo gateway over govgraph and a `staffing` subgraph that adds `Department.headcount`), queries
cross the two, and `_entities` reads a batch of references in one store call."""

from __future__ import annotations

import re
from typing import Any

import pytest

from graph.changes import Changes
from graph.labels import Label
from tests.api.conftest import Server
from tests.api.web.test_http_conformance import run_node
from tests.api.schema.test_queries import RoundTrips
from tests.builders import EIC, POLICE, STATS, open_to_the_public, small_district

ENTITIES = "query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Department { code name } } }"
KEYED = {"Department", "System", "Catalog", "Resource", "Consumer"}


def headcount(code: str) -> int:
    """What the `staffing` subgraph of tests/js/federation.mjs answers for a department."""
    return sum(ord(c) for c in code) % 1000


def _department(code: str, name: str) -> dict[str, Any]:
    return {"code": code, "name": name, "headcount": headcount(code)}


async def test_a_gateway_queries_across_our_subgraph_and_another(server: Server) -> None:
    await small_district(server.store)
    await open_to_the_public(server.store, "101001/000001")  # the gateway asks without a token
    report = await run_node("federation.mjs", f"{server.url}/graphql", "101001/000001", STATS, POLICE)
    edges = report["results"]["departments"]["departments"]["edges"]
    assert [e["node"] for e in edges] == [
        _department(POLICE, "区公安分局"),
        _department(EIC, "区经济信息化委"),
        _department(STATS, "区统计局"),
    ]
    assert report["results"]["resource"]["resource"] == {
        "code": "101001/000001",
        "name": "人口基础信息",
        "provider": _department(POLICE, "区公安分局"),
    }
    # The other way round: `staffing` names the departments, the gateway gets their names from us.
    assert report["results"]["staffed"]["staffed"] == [_department(STATS, "区统计局"), _department(POLICE, "区公安分局")]


@pytest.mark.parametrize("size", [pytest.param(3, id="3"), pytest.param(30, id="30")])
async def test_entities_read_a_batch_in_one_store_call(server: Server, size: int, monkeypatch: pytest.MonkeyPatch) -> None:
    changes = Changes()
    codes = [f"DEPT-{n:03d}" for n in range(size)]
    for code in codes:
        changes.upsert_node(Label.DEPARTMENT, {"code": code, "name": f"部门{code}"})
    await server.store.apply(changes)
    calls = RoundTrips()
    monkeypatch.setattr(server.store, "get_many", calls.wrap(server.store.get_many))
    representations = [{"__typename": "Department", "code": code} for code in [*codes, "NO-SUCH-DEPT"]]
    data = await server.gql(ENTITIES, {"representations": representations})
    assert data["_entities"] == [*({"code": code, "name": f"部门{code}"} for code in codes), None]
    assert calls.count == 1


async def test_the_sdl_is_federation_2_7_with_code_keys(server: Server) -> None:
    sdl = (await server.gql("{ _service { sdl } }"))["_service"]["sdl"]
    keyed = set(re.findall(r'^type (\w+)\b[^{\n]*@key\(fields: "code"\)', sdl, re.MULTILINE))
    assert keyed == KEYED
    # federation_version="2.7" links the 2.7 spec; the removed `enable_federation_2` flag linked 2.0 (or failed).
    assert '@link(url: "https://specs.apollo.dev/federation/v2.7"' in sdl
    assert "enable_federation_2" not in sdl and "federation/v2.0" not in sdl

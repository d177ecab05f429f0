"""`catalogFacets`: a catalog table's counts by provider, share type, open type and update cycle, as the
caller may see them (Art.18, Art.21–23), each facet under the filter's other fields; on both stores."""

from __future__ import annotations

from typing import Any

from graph.access import Principal, Role
from tests.api.conftest import EIC, PUBLIC, Server
from tests.api.web.test_national_export import district
from tests.builders import POLICE, STATS

FACETS = """query($view: CatalogView, $filter: ResourceFilter) { catalogFacets(view: $view, filter: $filter) {
  department { value label count } shareType { value label count } openType { value label count } updateCycle { value label count } kind { value } } }"""
POLICE_USER = Principal(POLICE, frozenset({Role.DEPARTMENT_USER}), "police@test")


async def facets(server: Server, principal: Principal, view: str = "RESOURCES", **filter: Any) -> dict[str, dict[str, int]]:
    found = (await server.gql(FACETS, {"view": view, "filter": filter or None}, principal=principal))["catalogFacets"]
    return {facet: {v["value"]: v["count"] for v in values} for facet, values in found.items()}


async def test_the_eic_counts_every_resource_of_a_catalog(server: Server) -> None:
    await district(server.store)
    found = await facets(server, EIC, catalog="DEPT-SJS-TJJ")
    assert found["department"] == {STATS: 4}
    assert found["shareType"] == {"CONDITIONAL": 2, "UNCONDITIONAL": 1, "NOT_SHARED": 1}
    assert found["updateCycle"] == {"YEARLY": 2, "MONTHLY": 1}
    assert found["kind"] == {}
    labels = (await server.gql(FACETS, {"filter": {"catalog": "DEPT-SJS-TJJ"}}))["catalogFacets"]
    assert {v["value"]: v["label"] for v in labels["shareType"]}["CONDITIONAL"] == "有条件共享"
    assert labels["department"][0]["label"] == "区统计局"


async def test_each_facet_is_counted_under_the_other_filters(server: Server) -> None:
    await district(server.store)
    found = await facets(server, EIC, "SHARE", shareType=["CONDITIONAL"], updateCycle=["YEARLY"])
    # share type under the update cycle only: the yearly ones are 000001 (unconditional) and 000004 (conditional)
    assert found["shareType"] == {"CONDITIONAL": 1, "UNCONDITIONAL": 1}
    # update cycle under the share type only: the conditional ones are yearly and monthly
    assert found["updateCycle"] == {"YEARLY": 1, "MONTHLY": 1}
    assert found["department"] == {STATS: 1}


async def test_a_department_does_not_count_what_it_may_not_see_art18(server: Server) -> None:
    await district(server.store)
    found = await facets(server, POLICE_USER, catalog="DEPT-SJS-TJJ")
    assert "NOT_SHARED" not in found["shareType"] and found["department"] == {STATS: 3}


async def test_the_public_counts_the_open_catalog_only_art21_23(server: Server) -> None:
    await district(server.store)
    for view in ("RESOURCES", "SHARE", "OPEN"):
        found = await facets(server, PUBLIC, view)
        assert found["department"] == {STATS: 1} and found["openType"] == {"UNCONDITIONAL": 1}, view

"""`viewerCan`: what each principal may do with a resource, and that the act agrees (Art.9, Art.19–20, Art.24–25)."""

from __future__ import annotations

import pytest

from graph.access import Principal, Role
from tests.api.conftest import EIC, PUBLIC, Server
from tests.builders import CIVIL, POLICE, lineage_district

CIVIL_USER = Principal(CIVIL, frozenset({Role.DEPARTMENT_USER}), "civil-user")
POLICE_ADMIN = Principal(POLICE, frozenset({Role.DEPARTMENT_ADMIN}), "police-admin")
HEALTH_USER = Principal("SJS-WJW", frozenset({Role.DEPARTMENT_USER}), "health-user")  # a department with no consumer
QUERY = '{ resource(code: "101001/000002") { viewerCan { requestUse reportError update viewUses } } }'


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        pytest.param(CIVIL_USER, {"requestUse": True, "reportError": True, "update": False, "viewUses": False}, id="another-department-with-a-consumer"),
        pytest.param(POLICE_ADMIN, {"requestUse": False, "reportError": False, "update": True, "viewUses": True}, id="the-provider's-admin"),
        pytest.param(HEALTH_USER, {"requestUse": False, "reportError": False, "update": False, "viewUses": False}, id="a-department-without-a-consumer"),
        pytest.param(EIC, {"requestUse": False, "reportError": True, "update": True, "viewUses": True}, id="the-eic"),
    ],
)
async def test_what_each_principal_may_do_with_a_resource(server: Server, who: Principal, expected: dict[str, bool]) -> None:
    await lineage_district(server.store)
    data = await server.gql(QUERY, principal=who)
    assert data["resource"]["viewerCan"] == expected


async def test_the_public_may_do_nothing_with_an_open_resource(server: Server) -> None:
    await lineage_district(server.store)
    data = await server.gql('{ resource(code: "301001/000001") { viewerCan { requestUse reportError update viewUses } } }', principal=PUBLIC)
    assert data["resource"]["viewerCan"] == {"requestUse": False, "reportError": False, "update": False, "viewUses": False}


REQUEST = """mutation($consumer: String!) {
  requestUse(consumer: $consumer, resource: "101001/000002", purpose: "社区服务", dutyBasis: "《社会救助暂行办法》") { result { status } userErrors { code } }
}"""


async def test_the_act_agrees_with_what_viewer_can_said(server: Server) -> None:
    """Where viewerCan says requestUse, the request goes through; where it does not, it is refused."""
    await lineage_district(server.store)
    allowed = await server.gql(REQUEST, {"consumer": "SJS-MZJ-APP"}, principal=CIVIL_USER)
    assert allowed["requestUse"]["userErrors"] == [] and allowed["requestUse"]["result"]["status"] == "NEGOTIATING"
    refused = await server.gql(REQUEST, {"consumer": "SJS-MZJ-APP"}, principal=HEALTH_USER)
    assert refused["requestUse"]["result"] is None and refused["requestUse"]["userErrors"]

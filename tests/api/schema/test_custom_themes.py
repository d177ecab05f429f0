"""A theme the Measures do not list (Art.8: 如…等) reaches the API as OTHER with its own name, `themeName`."""

from __future__ import annotations

from pathlib import Path

from loaders.files import read_plan
from tests.api.conftest import Server

CATALOG = Path(__file__).resolve().parents[2] / "data" / "catalog-district-real.csv"


async def test_custom_themes_are_other_with_their_own_names(server: Server) -> None:
    await read_plan(CATALOG).apply(server.store)
    data = await server.gql("{ catalogs(first: 20, filter: {kind: [THEME]}) { edges { node { name theme themeName } } } }")
    nodes = [edge["node"] for edge in data["catalogs"]["edges"]]
    assert sorted((n["theme"], n["themeName"], n["name"]) for n in nodes) == [
        ("OTHER", "医疗卫生", "医疗卫生主题信息资源目录"),
        ("OTHER", "城市建设", "城市建设主题信息资源目录"),
        ("OTHER", "经济运行", "经济运行主题信息资源目录"),
        ("URBAN_MANAGEMENT", None, "城市管理主题信息资源目录"),
    ]

"""A district's own catalog, as its departments fill the national template (issue 33), loads into both stores.

`catalog-district-real.csv` is written the way real catalogs are: Excel's UTF-8 with a BOM, a 序号
column, notes in the headers, themes the Measures do not list (医疗卫生, 经济运行, 城市建设: Art.8
lists themes with 如…等) and the wordings departments use (每天, 每月, 实时, 不定期, 共享平台, C).
Both stores must hold the same graph afterwards (the expected export beside the file).
"""

from __future__ import annotations

from pathlib import Path

from graph.labels import Direction, Label, RelType
from graph.records import NodeRef, Step
from graph.store import GraphStore
from loaders.files import read_plan
from loaders.national_csv import custom_theme_code
from tests.builders import export_text

DATA = Path(__file__).resolve().parent.parent / "data"
CATALOG = DATA / "catalog-district-real.csv"
EXPECTED = DATA / "catalog-district-real.expected.jsonl"


async def test_a_real_style_catalog_loads_with_its_own_themes_and_wordings(store: GraphStore) -> None:
    report = await read_plan(CATALOG).apply(store)
    assert [(n.line, n.field, n.code) for n in report.notes] == [
        (2, "信息资源分类", "CUSTOM_THEME"),
        (8, "信息资源分类", "CUSTOM_THEME"),
        (13, "信息资源分类", "CUSTOM_THEME"),
    ]
    assert report.nodes == {"DataItem": 18, "Resource": 7} and report.created_if_missing == 9  # 4 providers, 5 catalogs
    for theme in ("医疗卫生", "经济运行", "城市建设"):
        catalog = await store.get(Label.CATALOG, f"THEME-{custom_theme_code(theme)}")
        assert catalog is not None, theme
        assert (catalog.props["theme"], catalog.props["theme_name"], catalog.props["name"]) == ("OTHER", theme, f"{theme}主题信息资源目录")
    listed = await store.get(Label.CATALOG, "THEME-URBAN_MANAGEMENT")
    assert listed is not None and "theme_name" not in listed.props  # 城市管理 is a listed theme
    cycles = {code: (await store.get(Label.RESOURCE, code)).props.get("update_cycle") for code in  # type: ignore[union-attr]
              ("402001/000001", "402001/000002", "403001/000001", "404001/000001", "404002/000001", "405001/000001")}
    assert cycles == {
        "402001/000001": "MONTHLY", "402001/000002": "REALTIME", "403001/000001": "MONTHLY",
        "404001/000001": "DAILY", "404002/000001": "OTHER", "405001/000001": "DAILY",
    }
    upstream = await store.neighbours(NodeRef(Label.RESOURCE, "403001/000002"), [Step(RelType.DERIVED_FROM, Direction.OUT)])
    assert sorted(node.key for _rel, node in upstream) == ["403001/000001", "404001/000001"]
    assert await export_text(store) == EXPECTED.read_text(encoding="utf-8")


async def test_loading_the_catalog_again_changes_nothing(store: GraphStore) -> None:
    await read_plan(CATALOG).apply(store)
    again = await read_plan(CATALOG).apply(store)
    assert len(again.notes) == 3
    assert await export_text(store) == EXPECTED.read_text(encoding="utf-8")

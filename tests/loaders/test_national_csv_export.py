"""The national catalog template written back (发改高技〔2017〕1272号): export, import into an empty
store, export again gives the same bytes, and the same graph for what the template carries."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from graph.changes import Changes
from graph.errors import NotFoundError
from graph.labels import Label, RelType
from graph.records import NodeRef
from graph.store import GraphStore
from loaders.files import read_plan
from loaders.national_csv import EXPORT_COLUMNS, CsvExport, write_national_csv
from tests.builders import STATS, dept, res, resource_props
from tests.loaders.test_national_csv import DATA, export_text


async def export_file(store: GraphStore, path: Path, catalog: str | None = None) -> CsvExport:
    """Write the template as the CLI does: UTF-8 with a BOM, the csv module's own line ends."""
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        return await write_national_csv(store, f, catalog)


def rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))


@pytest.mark.parametrize(
    "source",
    [
        pytest.param("catalog-national.csv", id="a-template-file"),
        pytest.param("small-district.yaml", id="a-district-file"),
    ],
)
async def test_export_import_export_gives_the_same_bytes(store: GraphStore, tmp_path: Path, source: str) -> None:
    await read_plan(DATA / source).apply(store)
    first = tmp_path / "first.csv"
    await export_file(store, first)
    await store.clear()
    await read_plan(first).apply(store)
    second = tmp_path / "second.csv"
    await export_file(store, second)
    assert first.read_bytes() == second.read_bytes()


async def test_a_template_file_comes_back_as_the_same_graph(store: GraphStore, tmp_path: Path) -> None:
    # Resources, items, providers, catalog listings and DERIVED_FROM (关联资源代码) all survive.
    await read_plan(DATA / "catalog-national.csv").apply(store)
    graph = await export_text(store)
    await export_file(store, tmp_path / "out.csv")
    await store.clear()
    await read_plan(tmp_path / "out.csv").apply(store)
    assert await export_text(store) == graph


async def test_rows_carry_the_template_columns(store: GraphStore, tmp_path: Path) -> None:
    await read_plan(DATA / "catalog-national.csv").apply(store)
    report = await export_file(store, tmp_path / "out.csv")
    assert report == CsvExport(resources=4, rows=6, skipped=[])
    assert (tmp_path / "out.csv").read_bytes().startswith("\ufeff信息资源分类,".encode())
    written = rows(tmp_path / "out.csv")
    assert list(written[0]) == list(EXPORT_COLUMNS)
    by_item = {(r["信息资源代码"], r["信息项名称"]): r for r in written}
    credit = by_item[("201001/000001", "注册资本")]
    assert (credit["数据类型"], credit["是否向社会开放"], credit["开放条件"], credit["更新周期"]) == ("货币型Y", "是", "注册用户下载", "每月")
    assert (credit["信息资源格式分类"], credit["信息资源格式类型"], credit["共享方式分类"]) == ("电子表格", "xlsx", "共享平台方式")
    assert by_item[("301001/000001", "年末常住人口")]["关联资源代码"] == "101001/000001;201001/000001"
    # A resource with no items is one row; for 不予共享 the 共享条件 column holds the legal basis (Art.18).
    cases = by_item[("301002/000001", "")]
    assert (cases["共享类型"], cases["共享条件"], cases["数据类型"]) == ("不予共享", "《中华人民共和国刑事诉讼法》", "")


async def test_one_catalog_loads_on_its_own(store: GraphStore, tmp_path: Path) -> None:
    await read_plan(DATA / "catalog-national.csv").apply(store)
    report = await export_file(store, tmp_path / "stats.csv", catalog="DEPT-SJS-TJJ")
    assert report.resources == 1
    [row] = rows(tmp_path / "stats.csv")
    assert row["信息资源代码"] == "301001/000001"
    assert row["关联资源代码"] == ""  # its sources are in other catalogs: left out, so the file loads alone
    await store.clear()
    await read_plan(tmp_path / "stats.csv").apply(store)
    assert [n.key async for n in store.nodes() if n.label is Label.RESOURCE] == ["301001/000001"]


async def test_an_unknown_catalog_is_not_found(store: GraphStore, tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match="DEPT-NOPE"):
        await export_file(store, tmp_path / "out.csv", catalog="DEPT-NOPE")


async def test_classification_comes_from_the_catalog_when_not_stored(store: GraphStore, tmp_path: Path) -> None:
    c = Changes()
    c.upsert_node(Label.DEPARTMENT, {"code": STATS, "name": "区统计局"})
    c.upsert_node(Label.CATALOG, {"code": "BASE-POPULATION", "name": "人口基础信息资源目录", "kind": "BASE", "theme": "POPULATION"})
    for code, name in (("301001/000001", "人口统计"), ("301001/000002", "未编入目录的统计"), ("301001/000003", "无提供方")):
        c.upsert_node(Label.RESOURCE, resource_props(code, name, classification="人口" if code.endswith("1") else None))
        if not code.endswith("3"):
            c.upsert_relationship(RelType.PROVIDES, dept(STATS), res(code))
    c.upsert_relationship(RelType.LISTED_IN, res("301001/000001"), NodeRef(Label.CATALOG, "BASE-POPULATION"))
    c.upsert_node(Label.RESOURCE, resource_props("301001/000004", "已撤销", status="RETIRED"))
    c.upsert_relationship(RelType.PROVIDES, dept(STATS), res("301001/000004"))
    c.upsert_relationship(RelType.DERIVED_FROM, res("301001/000002"), res("301001/000003"))
    await store.apply(c)
    report = await export_file(store, tmp_path / "out.csv")
    # The template needs a provider: a resource without one is reported, and links to it are left out.
    assert report.skipped == [("301001/000003", "没有提供方部门（信息资源提供方为必填）")]
    written = {r["信息资源代码"]: r for r in rows(tmp_path / "out.csv")}
    assert set(written) == {"301001/000001", "301001/000002"}  # a retired resource is no catalog entry
    assert written["301001/000001"]["信息资源分类"] == "基础/人口"  # '人口' alone would not load: from its catalog
    assert written["301001/000002"]["信息资源分类"] == "部门"  # in no catalog: its provider's department catalog
    assert written["301001/000002"]["关联资源代码"] == ""

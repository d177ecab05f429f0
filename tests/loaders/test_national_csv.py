"""The national catalog template importer (发改高技〔2017〕1272号): files in, expected graph out."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.errors import InvalidDataError
from graph.labels import Label
from graph.store import GraphStore
from loaders.files import read_plan
from loaders.national_csv import parse_national_csv
from tests.loaders.test_district_file import SMALL
from tests.builders import export_text

DATA = Path(__file__).resolve().parent.parent / "data"
EXPECTED = DATA / "catalog-national.expected.jsonl"


@pytest.mark.parametrize(
    "name",
    [
        pytest.param("catalog-national.csv", id="joined-columns"),
        pytest.param("catalog-national-split.csv", id="split-format-and-share-mode-columns"),
        pytest.param("catalog-national-gbk.csv", id="gb18030-encoded"),
    ],
)
async def test_template_gives_the_expected_graph(store: GraphStore, name: str) -> None:
    report = await read_plan(DATA / name).apply(store)
    assert report.created_if_missing == 7  # three providers and four catalogs came from the rows
    assert await export_text(store) == EXPECTED.read_text(encoding="utf-8")


async def test_loading_twice_changes_nothing(store: GraphStore) -> None:
    await read_plan(DATA / "catalog-national.csv").apply(store)
    await read_plan(DATA / "catalog-national.csv").apply(store)
    assert await export_text(store) == EXPECTED.read_text(encoding="utf-8")


async def test_existing_provider_and_unlisted_fields_are_kept(store: GraphStore) -> None:
    await read_plan(SMALL).apply(store)
    await read_plan(DATA / "catalog-national.csv").apply(store)
    police = await store.get(Label.DEPARTMENT, "111101070000000128")
    assert police is not None and police.props["short_name"] == "区公安分局" and police.props["security_exempt"]
    resource = await store.get(Label.RESOURCE, "101001/000001")
    assert resource is not None
    assert resource.props["aggregated"] is True  # the template has no aggregation column: the store's value stays
    assert resource.props["name"] == "户籍人口基本信息" and resource.props["format_type"] == "oracle"
    assert resource.props["version"] == 2  # the template changed it, so its version moved on


HEADER = "信息资源分类,信息资源名称,信息资源代码,信息资源提供方,信息资源提供方代码,信息项名称,数据类型,共享类型,共享条件,是否向社会开放,更新周期,发布日期,关联资源代码\n"
GOOD = "基础/人口,人口信息,101001/000009,区统计局,SJS-TJJ,姓名,C,无条件共享,,否,每日,2024-01-01,\n"

BAD_ROWS = [
    pytest.param(HEADER + GOOD.replace("无条件共享", "随便共享"), 2, "共享类型", "unknown share type", id="share-type"),
    pytest.param(HEADER + GOOD.replace("每日", "每刻"), 2, "更新周期", "Input should be", id="update-cycle"),
    pytest.param(HEADER + GOOD.replace(",C,", ",X,"), 2, "数据类型", "Input should be", id="data-type"),
    pytest.param(HEADER + GOOD.replace("2024-01-01", "2024-13-01"), 2, "发布日期", "is not a date", id="date"),
    pytest.param(HEADER + GOOD.replace(",否,", ",也许,"), 2, "是否向社会开放", "expected 是 or 否", id="open-flag"),
    pytest.param(HEADER + GOOD.replace("基础/人口", "杂项/人口"), 2, "信息资源分类", "基础, 主题 or 部门", id="classification-kind"),
    pytest.param(HEADER + GOOD.replace("基础/人口", "基础/天气"), 2, "信息资源分类", "unknown", id="classification-theme"),
    pytest.param(HEADER + GOOD.replace("SJS-TJJ", "111101070000000127"), 2, "信息资源提供方代码", "check digit", id="provider-credit-code"),
    pytest.param(HEADER + GOOD.replace("101001/000009", "ABC"), 2, "信息资源代码", "information-resource code", id="resource-code"),
    pytest.param(HEADER + GOOD + GOOD.replace("人口信息", "人口资料"), 3, "信息资源名称", "differs from row 2", id="inconsistent-resource"),
    pytest.param(HEADER + GOOD + GOOD, 3, "信息项名称", "appears twice", id="duplicate-item"),
    pytest.param(HEADER + GOOD.replace(",2024-01-01,", ",2024-01-01,999999/000001"), 2, "", "neither in", id="unknown-upstream"),
    pytest.param(HEADER.replace("共享类型,", "共享性质,") + GOOD, 1, "共享类型", "missing column", id="missing-column"),
    pytest.param(HEADER + GOOD + "基础/人口,,101001/000010,区统计局,SJS-TJJ,姓名,C,无条件共享,,否,每日,,\n", 3, "信息资源名称", "is required", id="empty-name"),
]


@pytest.mark.parametrize(("text", "line", "field", "reason"), BAD_ROWS)
async def test_a_bad_row_fails_the_file_and_changes_nothing(store: GraphStore, text: str, line: int, field: str, reason: str) -> None:
    await read_plan(DATA / "catalog-national.csv").apply(store)
    before = await export_text(store)
    with pytest.raises(InvalidDataError) as caught:
        await parse_national_csv(text.encode("utf-8"), "bad.csv").apply(store)
    problem = caught.value.problems[0]
    assert problem.where.startswith(f"bad.csv:{line}"), problem
    assert problem.field == field and reason in problem.reason, problem
    assert await export_text(store) == before

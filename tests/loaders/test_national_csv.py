"""The national catalog template importer (发改高技〔2017〕1272号): files in, expected graph out."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.errors import InvalidDataError
from graph.labels import Label
from graph.store import GraphStore
from loaders.files import read_plan
from loaders.national_csv import custom_theme_code, parse_national_csv
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
    pytest.param(HEADER + GOOD.replace("无条件共享", "随便共享"), 2, "共享类型", "「随便共享」不是可识别的取值（可填：无条件共享、有条件共享、不予共享）", id="share-type"),
    pytest.param(HEADER + GOOD.replace("每日", "每刻"), 2, "更新周期", "「每刻」不是可识别的取值（可填：实时、每日、每周、每月、每季度、每半年、每年、其他）", id="update-cycle"),
    pytest.param(HEADER + GOOD.replace(",C,", ",X,"), 2, "数据类型", "「X」不是可识别的取值", id="data-type"),
    pytest.param(HEADER + GOOD.replace("2024-01-01", "2024-13-01"), 2, "发布日期", "不是日期", id="date"),
    pytest.param(HEADER + GOOD.replace(",否,", ",也许,"), 2, "是否向社会开放", "「也许」不是可识别的取值（可填：是、否）", id="open-flag"),
    pytest.param(HEADER + GOOD.replace("基础/人口", "杂项/人口"), 2, "信息资源分类", "“类”应为基础、主题或部门", id="classification-kind"),
    pytest.param(HEADER + GOOD.replace("基础/人口", "基础"), 2, "信息资源分类", "须填写“项”", id="classification-without-theme"),
    pytest.param(HEADER + GOOD.replace("SJS-TJJ", "111101070000000127"), 2, "信息资源提供方代码", "校验位错误", id="provider-credit-code"),
    pytest.param(HEADER + GOOD.replace("101001/000009", "ABC"), 2, "信息资源代码", "不是信息资源代码", id="resource-code"),
    pytest.param(HEADER + GOOD + GOOD.replace("人口信息", "人口资料").replace("姓名", "性别"), 3, "信息资源名称", "与同一资源「101001/000009」的第 2 行不一致", id="inconsistent-resource"),
    pytest.param(HEADER + GOOD + GOOD, 3, "信息项名称", "出现两次（首次在第 2 行）", id="duplicate-item"),
    pytest.param(HEADER + GOOD.replace(",2024-01-01,", ",2024-01-01,999999/000001"), 2, "关联资源代码", "Resource:999999/000001 既不在 bad.csv 中，也不在库中", id="unknown-upstream"),
    pytest.param(HEADER.replace("共享类型,", "共享性质,") + GOOD, 1, "共享类型", "缺少此列", id="missing-column"),
    pytest.param(HEADER + GOOD + "基础/人口,,101001/000010,区统计局,SJS-TJJ,姓名,C,无条件共享,,否,每日,,\n", 3, "信息资源名称", "必须填写", id="empty-name"),
    pytest.param(HEADER + GOOD.replace("姓名", "身份证号#1"), 2, "信息项名称", "信息项名称不能含有“#”", id="item-name"),
    pytest.param(HEADER + GOOD.replace(",C,", ",,").replace("姓名", "") , 2, "", "", id="no-item-is-fine"),
]


@pytest.mark.parametrize(("text", "line", "field", "reason"), BAD_ROWS)
async def test_a_bad_row_fails_the_file_and_changes_nothing(store: GraphStore, text: str, line: int, field: str, reason: str) -> None:
    await read_plan(DATA / "catalog-national.csv").apply(store)
    before = await export_text(store)
    if not reason:
        await parse_national_csv(text.encode("utf-8"), "good.csv").apply(store)
        return
    with pytest.raises(InvalidDataError) as caught:
        await parse_national_csv(text.encode("utf-8"), "bad.csv").apply(store)
    problem = caught.value.problems[0]
    assert (problem.where, problem.line, problem.field) == (f"bad.csv:{line}", line, field), problem
    assert reason in problem.reason, problem
    assert await export_text(store) == before


UPSTREAM = "101001/000001"
TWO_ROWS = (
    HEADER
    + GOOD.replace(",2024-01-01,", f",2024-01-01,{UPSTREAM}")
    + GOOD.replace("姓名", "性别").replace(",2024-01-01,", ",2024-01-01,101001/000002")
)


async def test_rows_of_one_resource_with_different_upstreams_are_refused_naming_both_rows(store: GraphStore) -> None:
    """Issue 28: a later row's 关联资源代码 was dropped (only the first row's upstream kept), its dangling code accepted."""
    await read_plan(DATA / "catalog-national.csv").apply(store)
    before = await export_text(store)
    with pytest.raises(InvalidDataError) as caught:
        await parse_national_csv(TWO_ROWS.encode("utf-8"), "bad.csv").apply(store)
    assert [(p.line, p.field) for p in caught.value.problems] == [(3, "关联资源代码")]
    assert caught.value.problems[0].reason == "与同一资源「101001/000009」的第 2 行不一致：第 2 行为「101001/000001」，本行为「101001/000002」"
    assert await export_text(store) == before


async def test_rows_may_spell_a_term_differently_and_list_upstreams_in_another_order(store: GraphStore) -> None:
    await read_plan(DATA / "catalog-national.csv").apply(store)
    first = GOOD.replace(",2024-01-01,", ",2024-01-01,101001/000001;201001/000001")
    second = GOOD.replace("姓名", "性别").replace("每日", "每天").replace(",2024-01-01,", ",2024/1/1,201001/000001，101001/000001")
    await parse_national_csv((HEADER + first + second).encode("utf-8"), "good.csv").apply(store)
    resource = await store.get(Label.RESOURCE, "101001/000009")
    assert resource is not None and resource.props["update_cycle"] == "DAILY"


SEVERAL = (
    HEADER
    + GOOD  # row 2: fine
    + GOOD.replace("101001/000009", "101001/000010").replace("每日", "每刻")  # row 3: 更新周期
    + GOOD.replace("101001/000009", "101001/000011").replace(",C,", ",文字,")  # row 4: 数据类型
    + GOOD.replace("姓名", "性别").replace("人口信息", "人口资料")  # row 5: 信息资源名称 differs from row 2
    + GOOD.replace("101001/000009", "101001/000012").replace("SJS-TJJ", "111101070000000127").replace("2024-01-01", "2024-02-30")  # row 6: two
    + GOOD.replace("101001/000009", "101001/000013").replace(",2024-01-01,", ",2024-01-01,999999/000001")  # row 7: dangling upstream
)


async def test_a_file_with_several_mistakes_gets_one_message_per_mistake_naming_row_and_column(store: GraphStore) -> None:
    await read_plan(DATA / "catalog-national.csv").apply(store)
    before = await export_text(store)
    with pytest.raises(InvalidDataError) as caught:
        await parse_national_csv(SEVERAL.encode("utf-8"), "bad.csv").apply(store)
    assert [(p.where, p.field) for p in caught.value.problems] == [
        ("bad.csv:3", "更新周期"),
        ("bad.csv:4", "数据类型"),
        ("bad.csv:5", "信息资源名称"),
        ("bad.csv:6", "发布日期"),
        ("bad.csv:6", "信息资源提供方代码"),
        ("bad.csv:7", "关联资源代码"),
    ]
    assert await export_text(store) == before


SYNONYMS_HEADER = "信息资源分类,信息资源名称,信息资源代码,信息资源提供方,信息资源提供方代码,信息资源格式,信息项名称,数据类型,共享类型,共享方式,是否向社会开放,开放类型,开放条件,更新周期\n"


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        pytest.param("数据库/oracle,姓名,字符型C,无条件,平台/接口,否,,,每天", {"update_cycle": "DAILY", "share_type": "UNCONDITIONAL", "share_mode_class": "PLATFORM", "format_class": "DATABASE"}, id="daily"),
        pytest.param("电子表格/xlsx,姓名,字符,有条件共享,共享平台/文件,否,,,月", {"update_cycle": "MONTHLY", "share_type": "CONDITIONAL", "format_class": "SPREADSHEET"}, id="monthly"),
        pytest.param("数据库/mysql,姓名,C,不共享,邮件或拷盘/光盘,否,,,实时更新", {"update_cycle": "REALTIME", "share_type": "NOT_SHARED", "share_mode_class": "EMAIL_OR_MEDIA"}, id="realtime"),
        pytest.param("文件/pdf,姓名,C,无条件共享,共享平台方式/文件,是,有条件开放,实名注册,季度", {"update_cycle": "QUARTERLY", "open_type": "CONDITIONAL", "open_condition": "实名注册", "format_class": "ELECTRONIC_FILE"}, id="quarterly-conditionally-open"),
        pytest.param("数据库/db2,姓名,C,无条件共享,共享平台方式/接口,Y,,,不定期", {"update_cycle": "OTHER", "open_type": "UNCONDITIONAL"}, id="irregular-open"),
        pytest.param("ＤＡＴＡＢＡＳＥ/db2,姓名,C,无条件共享,共享平台方式/接口,,不予开放,,Half-Yearly", {"update_cycle": "HALF_YEARLY", "open_type": "NOT_OPEN", "format_class": "DATABASE"}, id="full-width-and-english"),
    ],
)
async def test_the_template_accepts_the_wordings_departments_use(store: GraphStore, cells: str, expected: dict[str, str]) -> None:
    row = f"部门,人口信息,101001/000009,区统计局,SJS-TJJ,{cells}\n"
    await parse_national_csv((SYNONYMS_HEADER + row).encode("utf-8"), "words.csv").apply(store)
    resource = await store.get(Label.RESOURCE, "101001/000009")
    assert resource is not None and {k: resource.props.get(k) for k in expected} == expected


async def test_an_open_type_that_contradicts_the_open_flag_is_refused(store: GraphStore) -> None:
    row = "部门,人口信息,101001/000009,区统计局,SJS-TJJ,数据库/oracle,姓名,C,无条件共享,共享平台方式/接口,否,无条件开放,,每日\n"
    with pytest.raises(InvalidDataError) as caught:
        await parse_national_csv((SYNONYMS_HEADER + row).encode("utf-8"), "bad.csv").apply(store)
    assert [(p.line, p.field) for p in caught.value.problems] == [(2, "开放类型")]
    assert caught.value.problems[0].reason == "“无条件开放”与是否向社会开放“否”矛盾"


async def test_an_unlisted_theme_is_a_custom_theme_kept_by_name_and_noted(store: GraphStore) -> None:
    rows = (
        HEADER
        + GOOD.replace("基础/人口", "主题/医疗卫生/医院")
        + GOOD.replace("基础/人口", "主题/医疗卫生/医院").replace("101001/000009", "101001/000010")
        + GOOD.replace("基础/人口", "基础/宏观经济").replace("101001/000009", "101001/000011")
    )
    report = await parse_national_csv(rows.encode("utf-8"), "themes.csv").apply(store)
    assert [(n.line, n.field, n.code) for n in report.notes] == [(2, "信息资源分类", "CUSTOM_THEME"), (4, "信息资源分类", "CUSTOM_THEME")]
    assert report.notes[0].reason == "主题目录的主题「医疗卫生」不在《办法》列举的主题中，已作为自定义主题保留（OTHER，名称「医疗卫生」）（Art.8）"
    catalog = await store.get(Label.CATALOG, f"THEME-{custom_theme_code('医疗卫生')}")
    assert catalog is not None
    assert (catalog.props["name"], catalog.props["theme"], catalog.props["theme_name"]) == ("医疗卫生主题信息资源目录", "OTHER", "医疗卫生")
    base = await store.get(Label.CATALOG, f"BASE-{custom_theme_code('宏观经济')}")
    assert base is not None and base.props["theme_name"] == "宏观经济"
    resource = await store.get(Label.RESOURCE, "101001/000009")
    assert resource is not None and resource.props["classification"] == "主题/医疗卫生/医院"

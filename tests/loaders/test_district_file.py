"""The district file loader: a small file and its expected graph; bad files change nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from graph.errors import MAX_PROBLEMS, InvalidDataError
from graph.i18n import use_language
from graph.labels import Label
from graph.store import GraphStore
from loaders.district_file import parse_district
from loaders.files import read_plan
from tests.builders import export_text

DATA = Path(__file__).resolve().parent.parent / "data"
SMALL = DATA / "small-district.yaml"


async def test_small_district_gives_the_expected_graph(store: GraphStore) -> None:
    report = await read_plan(SMALL).apply(store)
    assert report.nodes["Resource"] == 2 and report.nodes["DataItem"] == 4
    assert await export_text(store) == (DATA / "small-district.expected.jsonl").read_text(encoding="utf-8")


async def test_loading_twice_changes_nothing(store: GraphStore) -> None:
    await read_plan(SMALL).apply(store)
    once = await export_text(store)
    await read_plan(SMALL).apply(store)
    assert await export_text(store) == once


async def test_json_loads_like_yaml(store: GraphStore, tmp_path: Path) -> None:
    document = yaml.safe_load(SMALL.read_text(encoding="utf-8"))
    path = tmp_path / "small.json"
    path.write_text(json.dumps(document, ensure_ascii=False, default=str), encoding="utf-8")
    await read_plan(path).apply(store)
    assert await export_text(store) == (DATA / "small-district.expected.jsonl").read_text(encoding="utf-8")


BAD = [
    pytest.param("departments: []\n", 1, "govgraph", "缺少标记", id="no-marker"),
    pytest.param("govgraph: district/1\nstaff: []\n", 2, "staff", "未知的段落", id="unknown-section"),
    pytest.param("govgraph: district/1\ndepartments:\n  - {code: SJS-A, name: 甲, colour: red}\n", 3, "colour", "未知字段", id="unknown-field"),
    pytest.param("govgraph: district/1\ndepartments:\n  - {code: SJS-A}\n", 3, "name", "必须填写", id="missing-name"),
    pytest.param("govgraph: district/1\ndepartments:\n  - code: '111101070000000127'\n    name: 甲\n", 3, "code", "校验位错误", id="bad-credit-code"),
    pytest.param("govgraph: district/1\ndepartments:\n  - code: SJS-A\n    name: 甲\n    kind: 公司\n", 5, "kind", "「公司」不是可识别的取值（可填：国家机关、", id="unknown-enum"),
    pytest.param(
        "govgraph: district/1\nsystems:\n  - code: SJS-S\n    name: 系统\n    hosting: SELF_HOSTED\n    protection_level: 0\n",
        6, "protection_level", "不能小于 1", id="protection-level-0",
    ),
    pytest.param("govgraph: district/1\nresources:\n  - {code: 'ABC', name: 资源, share_type: UNCONDITIONAL}\n", 3, "code", "不是信息资源代码", id="bad-resource-code"),
    pytest.param(
        "govgraph: district/1\nresources:\n  - code: 1/1\n    name: 资源\n    share_type: UNCONDITIONAL\n    provider: 123\n",
        6, "provider", "请在 YAML 中加引号", id="numeric-reference",
    ),
    pytest.param("govgraph: district/1\ndepartments: [\n", 3, "", "不是有效的 YAML 或 JSON", id="broken-yaml"),
    pytest.param(
        "govgraph: district/1\nrelationships:\n  - {type: LIKES, from: 'Department:A', to: 'Department:B'}\n", 3, "type", "未知的关系类型「LIKES」", id="unknown-relationship",
    ),
    pytest.param(
        "govgraph: district/1\nrelationships:\n  - {type: PROVIDES, from: 'Resource:1/1', to: 'Department:SJS-A'}\n", 3, "", "关系不能从 Resource 连到 Department", id="wrong-endpoints",
    ),
    pytest.param(
        "govgraph: district/1\ndepartments:\n  - {code: SJS-A, name: 甲}\n  - {code: SJS-A, name: 乙}\n", 4, "", "被再次定义且属性不同（首次在第 3 行）", id="conflicting-duplicate",
    ),
    pytest.param(
        "govgraph: district/1\nsystems:\n  - code: SJS-S\n    name: 系统\n    hosting: SELF_HOSTED\n    protection_level: 2\n    operator: SJS-NOBODY\n",
        7, "operator", "Department:SJS-NOBODY 既不在 bad.yaml 中，也不在库中", id="dangling-reference",
    ),
]


@pytest.mark.parametrize(("text", "line", "field", "reason"), BAD)
async def test_bad_files_fail_with_the_line_of_the_bad_value_and_change_nothing(
    store: GraphStore, text: str, line: int, field: str, reason: str
) -> None:
    await read_plan(SMALL).apply(store)
    before = await export_text(store)
    with pytest.raises(InvalidDataError) as caught:
        await parse_district(text, "bad.yaml").apply(store)
    problem = caught.value.problems[0]
    assert (problem.where, problem.line, problem.field) == (f"bad.yaml:{line}", line, field), problem
    assert reason in problem.reason, problem
    assert await export_text(store) == before


MISTAKES = """\
govgraph: district/1
departments:
  - code: SJS-A
    name: 甲
    kind: 公司
  - {code: SJS-B, name: 乙}
systems:
  - code: SJS-S
    name: 系统
    hosting: 自建
    protection_level: 9
    operator: SJS-NOBODY
catalogs:
  - {code: THEME-X, name: 专题目录, kind: THEME, theme: 医疗卫生}
resources:
  - code: 101001/000001
    name: 人口
    share_type: UNCONDITIONAL
    update_cycle: 每刻
    provider: SJS-B
    items:
      - {name: 姓名, data_type: 文字}
      - {name: 性别, colour: red}
"""


async def test_a_file_with_several_mistakes_lists_each_at_its_own_line_and_changes_nothing(store: GraphStore) -> None:
    await read_plan(SMALL).apply(store)
    before = await export_text(store)
    with pytest.raises(InvalidDataError) as caught:
        await parse_district(MISTAKES, "bad.yaml").apply(store)
    found = [(p.line, p.field, p.code) for p in caught.value.problems]
    assert found == [
        (5, "kind", ""),
        (10, "hosting", ""),
        (11, "protection_level", ""),
        (12, "operator", "DANGLING_REFERENCE"),
        (19, "update_cycle", ""),
        (22, "items.data_type", ""),
        (23, "items.colour", ""),
    ]
    assert caught.value.code == "INVALID_DATA" and not caught.value.truncated
    assert "「每刻」不是可识别的取值（可填：实时、每日、" in caught.value.problems[4].reason
    assert await export_text(store) == before


async def test_a_file_with_more_problems_than_the_cap_lists_the_first_200(store: GraphStore) -> None:
    text = "govgraph: district/1\ndepartments:\n" + "".join(f"  - {{code: SJS-D{i}, name: 部门, kind: 公司}}\n" for i in range(300))
    with pytest.raises(InvalidDataError) as caught:
        await parse_district(text, "bad.yaml").apply(store)
    assert len(caught.value.problems) == MAX_PROBLEMS and caught.value.truncated
    assert [p.line for p in caught.value.problems] == list(range(3, 3 + MAX_PROBLEMS))
    assert (await store.counts()).labels == {}


async def test_a_custom_theme_is_kept_with_its_name_and_noted(store: GraphStore) -> None:
    text = "govgraph: district/1\ncatalogs:\n  - code: THEME-JJYX\n    name: 经济运行主题信息资源目录\n    kind: 主题目录\n    theme: 经济运行\n"
    report = await parse_district(text, "themes.yaml").apply(store)
    catalog = await store.get(Label.CATALOG, "THEME-JJYX")
    assert catalog is not None and (catalog.props["theme"], catalog.props["theme_name"]) == ("OTHER", "经济运行")
    assert [(n.where, n.field, n.code) for n in report.notes] == [("themes.yaml:6", "theme", "CUSTOM_THEME")]
    assert "「经济运行」不在《办法》列举的主题中" in report.notes[0].reason


async def test_messages_are_english_on_request(store: GraphStore) -> None:
    with use_language("en"), pytest.raises(InvalidDataError) as caught:
        await parse_district("govgraph: district/1\ndepartments:\n  - {code: SJS-A, name: 甲, kind: 公司}\n", "bad.yaml").apply(store)
    assert caught.value.problems[0].reason.startswith("'公司' is not a known term (accepted: STATE_ORGAN (国家机关), ")


async def test_anchors_aliases_and_merge_keys_still_load(store: GraphStore) -> None:
    text = (
        "govgraph: district/1\nsystems:\n  - &base {code: SJS-S1, name: 系统一, hosting: SELF_HOSTED, protection_level: 2}\n"
        "  - {<<: *base, code: SJS-S2, name: 系统二}\n"
    )
    await parse_district(text, "anchors.yaml").apply(store)
    second = await store.get(Label.SYSTEM, "SJS-S2")
    assert second is not None and (second.props["name"], second.props["protection_level"]) == ("系统二", 2)


async def test_references_may_point_into_the_store(store: GraphStore) -> None:
    await read_plan(SMALL).apply(store)
    text = "govgraph: district/1\nsystems:\n  - {code: SJS-S, name: 系统, hosting: SELF_HOSTED, protection_level: 2, operator: SJS-TJJ}\n"
    await parse_district(text, "more.yaml").apply(store)
    assert (await store.counts()).labels["System"] == 3

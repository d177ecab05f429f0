"""The district file loader: a small file and its expected graph; bad files change nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from graph.errors import DanglingReferenceError, InvalidDataError
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
    pytest.param("departments: []\n", "govgraph", "expected the marker", id="no-marker"),
    pytest.param("govgraph: district/1\nstaff: []\n", "staff", "unknown section", id="unknown-section"),
    pytest.param("govgraph: district/1\ndepartments:\n  - {code: SJS-A, name: 甲, colour: red}\n", "colour", "unknown field", id="unknown-field"),
    pytest.param("govgraph: district/1\ndepartments:\n  - {code: SJS-A}\n", "name", "is required", id="missing-name"),
    pytest.param("govgraph: district/1\ndepartments:\n  - {code: '111101070000000127', name: 甲}\n", "code", "check digit", id="bad-credit-code"),
    pytest.param("govgraph: district/1\ndepartments:\n  - {code: SJS-A, name: 甲, kind: 公司}\n", "kind", "Input should be", id="unknown-enum"),
    pytest.param(
        "govgraph: district/1\nsystems:\n  - {code: SJS-S, name: 系统, hosting: SELF_HOSTED, protection_level: 0}\n",
        "protection_level", "greater than or equal to 1", id="protection-level-0",
    ),
    pytest.param("govgraph: district/1\nresources:\n  - {code: 'ABC', name: 资源, share_type: UNCONDITIONAL}\n", "code", "information-resource code", id="bad-resource-code"),
    pytest.param(
        "govgraph: district/1\nresources:\n  - {code: 1/1, name: 资源, share_type: UNCONDITIONAL, provider: 123}\n",
        "provider", "quote it", id="numeric-reference",
    ),
    pytest.param("govgraph: district/1\ndepartments: [\n", "", "not valid YAML", id="broken-yaml"),
    pytest.param(
        "govgraph: district/1\nrelationships:\n  - {type: LIKES, from: 'Department:A', to: 'Department:B'}\n", "type", "unknown type", id="unknown-relationship",
    ),
    pytest.param(
        "govgraph: district/1\nrelationships:\n  - {type: PROVIDES, from: 'Resource:1/1', to: 'Department:SJS-A'}\n", "", "cannot join", id="wrong-endpoints",
    ),
    pytest.param(
        "govgraph: district/1\ndepartments:\n  - {code: SJS-A, name: 甲}\n  - {code: SJS-A, name: 乙}\n", "", "defined again", id="conflicting-duplicate",
    ),
]


@pytest.mark.parametrize(("text", "field", "reason"), BAD)
async def test_bad_files_fail_with_place_and_change_nothing(store: GraphStore, text: str, field: str, reason: str) -> None:
    await read_plan(SMALL).apply(store)
    before = await export_text(store)
    with pytest.raises(InvalidDataError) as caught:
        await parse_district(text, "bad.yaml").apply(store)
    problem = caught.value.problems[0]
    assert problem.where.startswith("bad.yaml:"), problem
    assert problem.field.endswith(field) and reason in problem.reason, problem
    assert await export_text(store) == before


async def test_dangling_reference_fails_with_its_line(store: GraphStore) -> None:
    text = "govgraph: district/1\ndepartments:\n  - {code: SJS-A, name: 甲}\nsystems:\n  - {code: SJS-S, name: 系统, hosting: SELF_HOSTED, protection_level: 2, operator: SJS-NOBODY}\n"
    with pytest.raises(DanglingReferenceError, match=r"bad.yaml:5 operator: Department:SJS-NOBODY is neither in bad.yaml nor in the store"):
        await parse_district(text, "bad.yaml").apply(store)
    assert (await store.counts()).labels == {}


async def test_references_may_point_into_the_store(store: GraphStore) -> None:
    await read_plan(SMALL).apply(store)
    text = "govgraph: district/1\nsystems:\n  - {code: SJS-S, name: 系统, hosting: SELF_HOSTED, protection_level: 2, operator: SJS-TJJ}\n"
    await parse_district(text, "more.yaml").apply(store)
    assert (await store.counts()).labels["System"] == 3

"""`govgraph lineage`, `govgraph impact` and `govgraph export --format`, run as real processes on an
embedded data directory holding the small district."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import DCAT, DCTERMS, RDF

from api.cli.lineage_render import dot_string, mermaid_text
from tests.api.cli.test_cli import DATA, govgraph

pytestmark = pytest.mark.embedded

# A resource whose name and transform hold the characters each format must escape.
AWKWARD = """\
govgraph: district/1
resources:
  - code: 301001/000009
    name: '测试"引号"\\资源'
    share_type: UNCONDITIONAL
    provider: SJS-TJJ
    derived_from: [{resource: 101001/000001, transform: '清洗 <"a"> | b'}]
"""
DOT_STRING = r'"(?:[^"\\]|\\.)*"'


@pytest.fixture(scope="module")
def target(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """An embedded data directory with the small district and the awkward resource, loaded once."""
    root = tmp_path_factory.mktemp("lineage-cli")
    (root / "awkward.yaml").write_text(AWKWARD, encoding="utf-8")
    target = ["--data-dir", str(root / "store")]
    loaded = govgraph(target, "load", str(DATA / "small-district.yaml"), str(root / "awkward.yaml"))
    assert loaded.returncode == 0, loaded.stderr
    return target


def run(target: list[str], *args: str) -> str:
    result = govgraph(target, *args)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_tree_upstream_by_default(target: list[str]) -> None:
    tree = run(target, "lineage", "301001/000001")
    lines = tree.splitlines()
    assert lines[0].startswith("Resource 301001/000001 常住人口年度统计") and "upstream · depth ≤ 3" in lines[0]
    assert "├── ← DERIVATION 按年汇总 脱敏 Resource 101001/000001 户籍人口基本信息 · depth 1" in tree
    assert "← HOLDING System SJS-GA-HZXT 人口管理系统 · depth 2" in tree
    assert "← PROVISION Department SJS-TJJ 北京市石景山区统计局 · depth 1" in tree


def test_tree_both_ways_shows_a_node_met_twice_once(target: list[str]) -> None:
    tree = run(target, "lineage", "101001/000001", "--direction", "both", "--depth", "2")
    assert "├── upstream" in tree and "└── downstream" in tree
    assert "→ USE Consumer SJS-BYS-APP 八宝山街道社区服务系统 · depth 2" in tree
    # The citation is reached from the resource and again through the use it was made under.
    assert tree.count("Citation CIT-2024-0001") == 2 and tree.count("(shown above)") == 1


def test_json_has_nodes_and_edges(target: list[str]) -> None:
    answer = json.loads(run(target, "lineage", "101001/000001", "--direction", "downstream", "--format", "json"))
    assert (answer["code"], answer["direction"], answer["depth"], answer["level"]) == ("101001/000001", "DOWNSTREAM", 3, "RESOURCE")
    nodes = {n["id"]: n for n in answer["nodes"]}
    assert nodes["Resource:101001/000001"]["depth"] == 0
    assert nodes["Resource:301001/000009"]["name"] == '测试"引号"\\资源'
    assert nodes["Consumer:SJS-BYS-APP"] == {"id": "Consumer:SJS-BYS-APP", "kind": "Consumer", "code": "SJS-BYS-APP", "name": "八宝山街道社区服务系统", "depth": 2,
                                             "moreUpstream": 0, "moreDownstream": 0}
    assert nodes["Resource:101001/000001"]["moreUpstream"] > 0  # its sources, which a downstream walk leaves out
    derivation = next(e for e in answer["edges"] if e["target"] == "Resource:301001/000001")
    assert derivation == {
        "source": "Resource:101001/000001",
        "target": "Resource:301001/000001",
        "kind": "DERIVATION",
        "relationship": "DERIVED_FROM",
        "transform": "按年汇总",
        "properties": {"transform": "按年汇总", "system": "SJS-TJ-TJXT", "desensitisation": True},
    }
    assert answer["truncated"] is False


def test_item_level(target: list[str]) -> None:
    answer = json.loads(run(target, "lineage", "101001/000001", "--level", "item", "--format", "json"))
    kinds = {(n["kind"], n["code"]) for n in answer["nodes"]}
    assert ("DataItem", "101001/000001#公民身份号码") in kinds and ("Department", "111101070000000128") in kinds
    assert {"source": "Department:111101070000000128", "target": "DataItem:101001/000001#公民身份号码"}.items() <= next(
        e for e in answer["edges"] if e["kind"] == "COLLECTION"
    ).items()


def _dot_unquote(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: "\n" if m[1] == "n" else m[1], text[1:-1])


def test_dot_escapes_quotes_and_backslashes(target: list[str]) -> None:
    dot = run(target, "lineage", "101001/000001", "--direction", "downstream", "--format", "dot")
    lines = dot.splitlines()
    assert lines[0] == "digraph lineage {" and lines[-1] == "}"
    node = re.compile(rf"^  ({DOT_STRING}) \[label=({DOT_STRING}), shape=\w+(?:, penwidth=2)?\];$")
    edge = re.compile(rf"^  ({DOT_STRING}) -> ({DOT_STRING}) \[label=({DOT_STRING})(?:, style=dashed)?\];$")
    labels = {}
    edges = []
    for line in lines[4:-1]:
        if found := node.match(line):
            labels[_dot_unquote(found[1])] = _dot_unquote(found[2])
        else:
            found = edge.match(line)
            assert found, f"not a DOT statement: {line}"
            edges.append((_dot_unquote(found[1]), _dot_unquote(found[2]), _dot_unquote(found[3])))
    assert labels["Resource:301001/000009"] == 'Resource\n301001/000009\n测试"引号"\\资源'
    assert labels["Resource:101001/000001"] == "Resource\n101001/000001\n户籍人口基本信息"
    assert ("Resource:101001/000001", "Resource:301001/000009", 'DERIVATION 清洗 <"a"> | b') in edges
    assert '"Resource:101001/000001" [label="Resource\\n101001/000001\\n户籍人口基本信息", shape=box, penwidth=2];' in dot


def test_mermaid_escapes_what_mermaid_reads(target: list[str]) -> None:
    mermaid = run(target, "lineage", "101001/000001", "--direction", "both", "--level", "item", "--format", "mermaid")
    lines = mermaid.splitlines()
    assert lines[0] == "flowchart LR"
    node = re.compile(r'^  n\d+(\[|\(\[|\[\[|\[\(|>|\()"[^"]*"(\]|\]\)|\]\]|\)\]|\))$')
    edge = re.compile(r'^  n\d+ (-->|-\.->)\|"[^"]*"\| n\d+$')
    for line in lines[1:]:
        assert node.match(line) or edge.match(line) or line.startswith(("  classDef ", "  class ")), line
    # An item code's '#' would start an entity: it is one itself.
    assert '(["DataItem<br/>101001/000001#35;公民身份号码<br/>公民身份号码"])' in mermaid

    downstream = run(target, "lineage", "101001/000001", "--direction", "downstream", "--format", "mermaid")
    assert '["Resource<br/>301001/000009<br/>测试#quot;引号#quot;\\资源"]' in downstream
    assert '-->|"DERIVATION 清洗 #lt;#quot;a#quot;#gt; #124; b"|' in downstream
    assert "class n0 start" in downstream


def test_impact_tree_and_json(target: list[str]) -> None:
    tree = run(target, "impact", "101001/000001")
    assert tree.splitlines()[0] == "impact of Resource 101001/000001 户籍人口基本信息"
    assert "derived resources (2)" in tree and "departments to notify (2)" in tree
    assert "Citation CIT-2024-0001 八宝山街道2024年工作报告" in tree
    found = json.loads(run(target, "impact", "101001/000001", "--format", "json"))
    assert [n["code"] for n in found["derived"]] == ["301001/000001", "301001/000009"]
    assert [n["code"] for n in found["openDerived"]] == ["301001/000001"]
    assert [n["code"] for n in found["notify"]] == ["111101070000000128", "SJS-TJJ"]
    assert found["uses"][0] == {"id": "Use:USE-2024-0001", "kind": "Use", "code": "USE-2024-0001", "name": "社区人口服务"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(("lineage", "NOPE-1"), "[NOT_FOUND] 节点 「NOPE-1」 不存在", id="unknown-code"),
        pytest.param(("lineage", "999999/000001"), "[NOT_FOUND] 信息资源 「999999/000001」 不存在", id="unknown-resource"),
        pytest.param(("lineage", "101001/000001", "--depth", "40"), "[INVALID_ARGUMENT] depth 须在 1 至 12 之间，实为 40", id="too-deep"),
        pytest.param(("impact", "999999/000001"), "[NOT_FOUND] 信息资源 「999999/000001」 不存在", id="impact-unknown"),
    ],
)
def test_a_bad_question_exits_1_with_a_message(target: list[str], args: tuple[str, ...], message: str) -> None:
    result = govgraph(target, *args)
    assert result.returncode == 1 and message in result.stderr and result.stdout == ""


def test_a_bad_option_exits_2(target: list[str]) -> None:
    assert govgraph(target, "lineage", "101001/000001", "--format", "svg").returncode == 2
    assert govgraph(target, "lineage", "101001/000001", "--direction", "sideways").returncode == 2


def test_export_formats(target: list[str], tmp_path: Path) -> None:
    assert run(target, "export", str(tmp_path / "graph.jsonl")).startswith("已导出 ")
    assert (tmp_path / "graph.jsonl").read_text(encoding="utf-8").startswith('{"format":"govgraph-graph"')

    assert "已导出 1 个信息资源（3 行）" in run(target, "export", "--format", "national-csv", str(tmp_path / "base.csv"), "--catalog", "BASE-POPULATION")
    assert (tmp_path / "base.csv").read_text(encoding="utf-8-sig").startswith("信息资源分类,信息资源名称,信息资源代码,")

    for name, syntax in (("open.ttl", "turtle"), ("open.rdf", "xml")):
        run(target, "export", "--format", "dcat", str(tmp_path / name), "--base-uri", "https://data.sjs.gov.cn/")
        graph = Graph().parse(tmp_path / name, format=syntax)
        [dataset] = graph.subjects(RDF.type, DCAT.Dataset)
        assert str(graph.value(dataset, DCTERMS.identifier)) == "301001/000001"
        assert str(dataset).startswith("https://data.sjs.gov.cn/open/catalog#")

    assert govgraph(target, "export", "--catalog", "BASE-POPULATION", str(tmp_path / "x.jsonl")).returncode == 2
    assert not (tmp_path / "x.jsonl").exists()


@pytest.mark.parametrize(
    ("text", "dot", "mermaid"),
    [
        pytest.param("户籍人口", '"户籍人口"', "户籍人口", id="chinese-as-is"),
        pytest.param('说"明"', '"说\\"明\\""', "说#quot;明#quot;", id="quotes"),
        pytest.param("a\\b", '"a\\\\b"', "a\\b", id="backslash"),
        pytest.param("一行\n两行", '"一行\\n两行"', "一行 两行", id="line-break"),
        pytest.param("#quot; <b> & `x` | y", '"#quot; <b> & `x` | y"', "#35;quot; #lt;b#gt; #amp; #96;x#96; #124; y", id="mermaid-markup"),
    ],
)
def test_labels_are_escaped_for_each_format(text: str, dot: str, mermaid: str) -> None:
    assert dot_string(text) == dot
    assert mermaid_text(text) == mermaid

"""The OpenLineage loader: small events and mappings in, the lineage and the problems they give out."""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path
from typing import Any

import pytest

from graph import identifiers, jsonl
from graph.changes import Changes
from graph.errors import ConflictError, InvalidDataError
from graph.labels import Label, RelType
from graph.records import NodeRef
from graph.store import GraphStore
from loaders.openlineage import (
    MAX_EDGES,
    DatasetKey,
    LineageMapping,
    event_lineage,
    load_event,
    parse_event,
    read_mapping,
    uncatalogued_code,
)
from tests.builders import export_text

RUN = "01934f4e-7d1a-7c3e-9a52-3f1f0f6b2a10"
PG = "postgres://db.sjs.local:5432"
MAPPING = LineageMapping.model_validate(
    {
        "datasets": [
            {"namespace": PG, "name": "hk.person", "resource": "101001/000001", "fields": {"sfzh": "公民身份号码"}},
            {"namespace": PG, "name": "tj.population", "resource": "301001/000001"},
        ],
        "rules": [{"namespace_prefix": "hdfs://", "name_pattern": "/stats/monthly/*", "resource": "301001/000002"}],
        "systems": {"airflow-tj": "SJS-TJ-TJXT"},
    }
)


def event(**changes: Any) -> dict[str, Any]:
    """A COMPLETE event of job airflow-tj/monthly: hk.person -> tj.population, column sfzh -> id_no."""
    base: dict[str, Any] = {
        "eventType": "COMPLETE",
        "eventTime": "2024-03-01T02:00:00.000Z",
        "producer": "https://github.com/OpenLineage/OpenLineage/tree/1.54.0/client/python",
        "schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
        "run": {"runId": RUN, "facets": {}},
        "job": {"namespace": "airflow-tj", "name": "monthly.population"},
        "inputs": [{"namespace": PG, "name": "hk.person", "facets": {}}],
        "outputs": [
            {
                "namespace": PG,
                "name": "tj.population",
                "facets": {
                    "columnLineage": {
                        "_producer": "x",
                        "fields": {"id_no": {"inputFields": [{"namespace": PG, "name": "hk.person", "field": "sfzh", "transformations": []}]}},
                    }
                },
            }
        ],
    }
    return {**base, **changes}


def text(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False)


def test_a_client_event_parses() -> None:
    parsed = parse_event(text(event()))
    assert str(parsed.run.run_id) == RUN and parsed.job.name == "monthly.population"
    assert parsed.outputs and parsed.outputs[0].facets and parsed.outputs[0].facets.column_lineage


def without(data: dict[str, Any], *path: str | int) -> dict[str, Any]:
    """`data` with the key at `path` removed."""
    copy = json.loads(json.dumps(data))
    place = copy
    for step in path[:-1]:
        place = place[step]
    del place[path[-1]]
    return copy  # type: ignore[no-any-return]


BAD = [
    pytest.param("{not json", "", "不是有效的 JSON", id="bad-json"),
    pytest.param("[1, 2]", "", "应为映射", id="not-an-object"),
    pytest.param(text(without(event(), "run", "runId")), "run.runId", "必须填写", id="no-run-id"),
    pytest.param(text(without(event(), "job")), "job", "必须填写", id="no-job"),
    pytest.param(text(without(event(), "eventTime")), "eventTime", "必须填写", id="no-event-time"),
    pytest.param(text(event(run={"runId": "run-1"})), "run.runId", "UUID", id="run-id-not-a-uuid"),
    pytest.param(text(event(eventTime=1709258400)), "eventTime", "应为日期时间", id="event-time-a-number"),
    pytest.param(text(event(eventType="DONE")), "eventType", "「DONE」不在可选值", id="unknown-event-type"),
    pytest.param(text(event(inputs={"namespace": PG})), "inputs", "应为列表", id="inputs-not-a-list"),
    pytest.param(text(event(outputs=[{"namespace": PG}])), "outputs[0].name", "必须填写", id="output-without-name"),
    pytest.param(text(event(outputs=[{"namespace": PG, "name": "  "}])), "outputs[0].name", "不能为空白", id="blank-name"),
    pytest.param(text(event(job={"namespace": 7, "name": "j"})), "job.namespace", "应为文本，却是数字「7」", id="namespace-a-number"),
    pytest.param(
        text(without(event(), "outputs", 0, "facets", "columnLineage", "fields", "id_no", "inputFields", 0, "field")),
        "outputs[0].facets.columnLineage.fields.id_no.inputFields[0].field", "必须填写", id="column-without-field",
    ),
]


@pytest.mark.parametrize(("body", "field", "reason"), BAD)
def test_a_malformed_event_names_what_is_wrong_and_where(body: str, field: str, reason: str) -> None:
    with pytest.raises(InvalidDataError) as caught:
        parse_event(body)
    problem = caught.value.problems[0]
    assert (problem.where, problem.field) == ("event", field) and reason in problem.reason, caught.value.problems


def test_datasets_map_exactly_then_by_rule_else_to_an_uncatalogued_code() -> None:
    assert MAPPING.resource_for(DatasetKey(PG, "hk.person")) == "101001/000001"
    assert MAPPING.resource_for(DatasetKey("hdfs://nn:8020", "/stats/monthly/2024-03")) == "301001/000002"
    assert MAPPING.resource_for(DatasetKey("hdfs://nn:8020", "/stats/yearly/2024")) is None
    code = uncatalogued_code(DatasetKey(PG, "tmp.scratch"))
    assert code == identifiers.resource_code(code) and code.startswith("999999/") and len(code) == len("999999/") + 9
    assert code == uncatalogued_code(DatasetKey(PG, "tmp.scratch")) != uncatalogued_code(DatasetKey(PG + "/", "tmp.scratch"))
    digest = hashlib.sha256(text([PG, "tmp.scratch"]).encode("utf-8")).digest()
    assert code == f"999999/{int.from_bytes(digest[:8], 'big') % 10**9:09d}"  # the documented derivation, pinned


def test_an_event_states_resource_and_item_edges() -> None:
    lineage = event_lineage(parse_event(text(event())), MAPPING)
    assert (lineage.transform, lineage.system) == ("airflow-tj/monthly.population", "SJS-TJ-TJXT")
    assert lineage.resource_edges == {("301001/000001", "101001/000001")}
    assert lineage.item_edges == {("301001/000001#id_no", "101001/000001#公民身份号码")}  # the column renamed to its item


def test_every_output_derives_from_every_input_and_from_what_its_columns_name() -> None:
    scratch = {"namespace": PG, "name": "tmp.scratch"}
    body = event(
        inputs=[{"namespace": PG, "name": "hk.person"}, {"namespace": PG, "name": "tj.population"}],
        outputs=[
            {"namespace": PG, "name": "tj.population"},  # reads and writes itself: no self-loop
            {**scratch, "facets": {"columnLineage": {"fields": {"n": {"inputFields": [{"namespace": "s3://b", "name": "k", "field": "m"}]}}}}},
        ],
    )
    lineage = event_lineage(parse_event(text(body)), MAPPING)
    scratch_code, k_code = uncatalogued_code(DatasetKey(PG, "tmp.scratch")), uncatalogued_code(DatasetKey("s3://b", "k"))
    assert lineage.resource_edges == {
        ("301001/000001", "101001/000001"),
        (scratch_code, "101001/000001"),
        (scratch_code, "301001/000001"),
        (scratch_code, k_code),
    }
    assert lineage.item_edges == {(f"{scratch_code}#n", f"{k_code}#m")}
    assert {t.code for t in lineage.targets.values() if not t.mapped} == {scratch_code, k_code}


def test_a_column_that_cannot_be_an_item_is_a_problem() -> None:
    body = event()
    body["outputs"][0]["facets"]["columnLineage"]["fields"] = {"a#b": {"inputFields": [{"namespace": PG, "name": "hk.person", "field": "x" * 201}]}}
    with pytest.raises(InvalidDataError) as caught:
        event_lineage(parse_event(text(body)), MAPPING)
    fields = [p.field for p in caught.value.problems]
    assert fields == ['outputs[0].facets.columnLineage.fields["a#b"]', 'outputs[0].facets.columnLineage.fields["a#b"].inputFields[0].field']


def test_an_event_may_not_state_too_many_edges() -> None:
    side = int(MAX_EDGES**0.5) + 1
    body = event(
        inputs=[{"namespace": "in", "name": str(i)} for i in range(side)],
        outputs=[{"namespace": "out", "name": str(i)} for i in range(side)],
    )
    with pytest.raises(InvalidDataError) as caught:
        event_lineage(parse_event(text(body)), MAPPING)
    assert [(p.field, p.reason) for p in caught.value.problems] == [
        ("outputs × inputs", "101 个输出 × 101 个输入，共 10,201 条血缘边，超过单个事件的上限 10,000 条；请拆分为多个事件发送")
    ]


def test_pairs_are_counted_before_they_are_built() -> None:
    """Issue 28: 4,000 × 4,000 datasets held the event loop 13 s and 1 GB building pairs; counted, it is refused at once."""
    body = event(
        inputs=[{"namespace": "in", "name": str(i)} for i in range(8000)],
        outputs=[{"namespace": "out", "name": str(i)} for i in range(8000)],
    )
    started = time.perf_counter()
    with pytest.raises(InvalidDataError) as caught:
        event_lineage(parse_event(text(body)), MAPPING)
    assert time.perf_counter() - started < 10  # a guard against building 64 million pairs, not a benchmark (bench/hostile_inputs.py)
    assert caught.value.problems[0].reason.startswith("8,000 个输出 × 8,000 个输入，共 64,000,000 条血缘边")


def test_datasets_mapped_to_one_resource_count_once() -> None:
    rules = LineageMapping.model_validate({"rules": [{"namespace_prefix": "in", "resource": "101001/000001"}]})
    body = event(
        inputs=[{"namespace": "in", "name": str(i)} for i in range(200)],
        outputs=[{"namespace": "out", "name": str(i)} for i in range(200)],
    )
    assert len(event_lineage(parse_event(text(body)), rules).resource_edges) == 200


def test_column_lineage_input_fields_are_counted_before_they_are_built() -> None:
    body = event()
    fields = {f"c{i}": {"inputFields": [{"namespace": PG, "name": "hk.person", "field": f"f{j}"} for j in range(101)]} for i in range(100)}
    body["outputs"][0]["facets"]["columnLineage"]["fields"] = fields
    with pytest.raises(InvalidDataError) as caught:
        event_lineage(parse_event(text(body)), MAPPING)
    assert [p.field for p in caught.value.problems] == ["outputs[].facets.columnLineage.fields[].inputFields"]
    assert "10,100 个输入字段" in caught.value.problems[0].reason


def test_a_mapping_file_reads(tmp_path: Path) -> None:
    path = tmp_path / "mapping.yaml"
    path.write_text(
        "govgraph: openlineage-mapping/1\n"
        "datasets:\n  - {namespace: 'postgres://db:5432', name: hk.person, resource: '101001/000001'}\n"
        "rules:\n  - {namespace_prefix: 'hdfs://', name_pattern: '/stats/*', resource: '301001/000002'}\n"
        "systems: {airflow-tj: SJS-TJ-TJXT}\n",
        encoding="utf-8",
    )
    mapping = read_mapping(path)
    assert mapping.resource_for(DatasetKey("postgres://db:5432", "hk.person")) == "101001/000001"
    assert mapping.system_for("airflow-tj") == "SJS-TJ-TJXT" and mapping.system_for("other") is None
    assert read_mapping(None).resource_for(DatasetKey("a", "b")) is None


BAD_MAPPINGS = [
    pytest.param("datasets: []\n", "govgraph", "缺少标记", id="no-marker"),
    pytest.param("govgraph: openlineage-mapping/1\ndatasets:\n  - {namespace: a, name: b, resource: ABC}\n", "datasets[0].resource", "不是信息资源代码", id="bad-resource-code"),
    pytest.param("govgraph: openlineage-mapping/1\ndatasets:\n  - {namespace: a, resource: '1/1'}\n", "datasets[0].name", "必须填写", id="no-name"),
    pytest.param("govgraph: openlineage-mapping/1\nrules:\n  - {name_pattern: '*', resource: '1/1'}\n", "rules[0].namespace_prefix", "必须填写", id="rule-without-prefix"),
    pytest.param("govgraph: openlineage-mapping/1\nsystems: {airflow: tj system}\n", "systems.airflow", "不是有效的代码", id="bad-system-code"),
    pytest.param("govgraph: openlineage-mapping/1\ndataset: []\n", "dataset", "未知字段", id="unknown-key"),
    pytest.param(
        "govgraph: openlineage-mapping/1\ndatasets:\n  - {namespace: a, name: b, resource: '1/1'}\n  - {namespace: a, name: b, resource: '1/2'}\n",
        "", "重复映射了「a/b」", id="mapped-twice",
    ),
    pytest.param("govgraph: openlineage-mapping/1\ndatasets: [\n", "", "不是有效的 YAML 或 JSON", id="bad-yaml"),
]


@pytest.mark.parametrize(("content", "field", "reason"), BAD_MAPPINGS)
def test_a_bad_mapping_file_names_the_problem(tmp_path: Path, content: str, field: str, reason: str) -> None:
    path = tmp_path / "mapping.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InvalidDataError) as caught:
        read_mapping(path)
    problem = caught.value.problems[0]
    assert problem.where.startswith(str(path)) and problem.field == field and reason in problem.reason, caught.value.problems


async def catalog(store: GraphStore) -> None:
    """The two catalogued resources the mapping names; hk.person's 公民身份号码 is a catalog item already."""
    changes = Changes()
    for code, name in (("101001/000001", "人口基础信息"), ("301001/000001", "常住人口统计")):
        changes.upsert_node(Label.RESOURCE, {"code": code, "name": name, "share_type": "CONDITIONAL"})
    item = changes.upsert_node(Label.DATA_ITEM, {"code": "101001/000001#公民身份号码", "name": "公民身份号码", "identifier_kind": "CITIZEN_ID"})
    changes.upsert_relationship(RelType.HAS_ITEM, NodeRef(Label.RESOURCE, "101001/000001"), item.ref)
    await store.apply(changes)


EXPECTED = """\
{"format":"govgraph-graph","version":1}
{"key":"101001/000001#公民身份号码","node":"DataItem","props":{"code":"101001/000001#公民身份号码","data_type":"CHARACTER","desensitised":false,"identifier_kind":"CITIZEN_ID","name":"公民身份号码","personal":false,"version":1}}
{"key":"301001/000001#id_no","node":"DataItem","props":{"code":"301001/000001#id_no","data_type":"CHARACTER","desensitised":false,"identifier_kind":"NONE","name":"id_no","personal":false,"version":1}}
{"key":"01934f4e-7d1a-7c3e-9a52-3f1f0f6b2a10","node":"LineageRun","props":{"id":"01934f4e-7d1a-7c3e-9a52-3f1f0f6b2a10","inputs":["[\\"postgres://db.sjs.local:5432\\", \\"hk.person\\"]"],"job":"airflow-tj/monthly.population","outputs":["[\\"postgres://db.sjs.local:5432\\", \\"tj.population\\"]"],"version":1}}
{"key":"101001/000001","node":"Resource","props":{"aggregated":false,"code":"101001/000001","contains_personal_info":false,"desensitised":false,"level":"DISTRICT","name":"人口基础信息","open_type":"NOT_OPEN","secret_or_security":false,"security_reviewed":false,"share_type":"CONDITIONAL","status":"ACTIVE","version":1}}
{"key":"301001/000001","node":"Resource","props":{"aggregated":false,"code":"301001/000001","contains_personal_info":false,"desensitised":false,"level":"DISTRICT","name":"常住人口统计","open_type":"NOT_OPEN","secret_or_security":false,"security_reviewed":false,"share_type":"CONDITIONAL","status":"ACTIVE","version":1}}
{"end":["DataItem","101001/000001#公民身份号码"],"props":{"desensitisation":false,"system":"SJS-TJ-TJXT","transform":"airflow-tj/monthly.population"},"rel":"DERIVED_FROM","start":["DataItem","301001/000001#id_no"]}
{"end":["Resource","101001/000001"],"props":{"desensitisation":false,"system":"SJS-TJ-TJXT","transform":"airflow-tj/monthly.population"},"rel":"DERIVED_FROM","start":["Resource","301001/000001"]}
{"end":["DataItem","101001/000001#公民身份号码"],"props":{},"rel":"HAS_ITEM","start":["Resource","101001/000001"]}
{"end":["DataItem","301001/000001#id_no"],"props":{},"rel":"HAS_ITEM","start":["Resource","301001/000001"]}
"""


async def test_an_event_gives_the_expected_graph_and_replaying_it_changes_nothing(store: GraphStore) -> None:
    await catalog(store)
    report = await load_event(store, text(event()), MAPPING)
    assert report.stored and report.items_created == ["301001/000001#id_no"] and report.new_edges == 2
    assert await export_text(store) == EXPECTED
    again = await load_event(store, text(event(eventType="RUNNING")), MAPPING)
    assert again.stored and again.items_created == [] and again.new_edges == 0
    assert await export_text(store) == EXPECTED


async def test_an_unmapped_dataset_becomes_an_uncatalogued_resource_not_shared(store: GraphStore) -> None:
    body = event(inputs=[{"namespace": "s3://raw", "name": "people.csv"}], outputs=[{"namespace": PG, "name": "tj.population"}])
    await catalog(store)
    report = await load_event(store, text(body), MAPPING)
    code = uncatalogued_code(DatasetKey("s3://raw", "people.csv"))
    assert [(d.resource, d.created) for d in report.uncatalogued] == [(code, True)]
    node = await store.get(Label.RESOURCE, code)
    assert node is not None and node.props["status"] == "UNCATALOGUED" and node.props["share_type"] == "NOT_SHARED"
    assert node.props["name"] == "people.csv" and "s3://raw" in node.props["summary"]
    assert [(d.resource, d.created) for d in (await load_event(store, text(body), MAPPING)).uncatalogued] == [(code, False)]


async def test_a_mapped_resource_missing_from_the_store_is_created_uncatalogued(store: GraphStore) -> None:
    report = await load_event(store, text(event()), MAPPING)
    assert [(d.resource, d.created) for d in report.mapped] == [("101001/000001", True), ("301001/000001", True)]
    node = await store.get(Label.RESOURCE, "301001/000001")
    assert node is not None and node.props["status"] == "UNCATALOGUED" and node.props["name"] == "tj.population"


async def test_an_event_keeps_a_recorded_desensitisation(store: GraphStore) -> None:
    await catalog(store)
    changes = Changes()
    changes.upsert_relationship(
        RelType.DERIVED_FROM, NodeRef(Label.RESOURCE, "301001/000001"), NodeRef(Label.RESOURCE, "101001/000001"),
        {"transform": "按月汇总", "desensitisation": True},
    )
    await store.apply(changes)
    await load_event(store, text(event()), MAPPING)
    rels = [r async for r in store.relationships() if r.type is RelType.DERIVED_FROM and r.start.label is Label.RESOURCE]
    assert [r.props for r in rels] == [{"transform": "airflow-tj/monthly.population", "system": "SJS-TJ-TJXT", "desensitisation": True}]


@pytest.mark.parametrize("kind", ["FAIL", "ABORT"])
async def test_failed_and_aborted_runs_store_nothing(store: GraphStore, kind: str) -> None:
    report = await load_event(store, text(event(eventType=kind)), MAPPING)
    assert not report.stored and kind in (report.reason or "")
    assert (await store.counts()).labels == {}


async def test_an_event_without_inputs_stores_no_lineage_and_remembers_its_run(store: GraphStore) -> None:
    report = await load_event(store, text(event(inputs=[], outputs=[{"namespace": PG, "name": "x"}])), MAPPING)
    assert not report.stored and "已记下" in (report.reason or "")
    assert (await store.counts()).labels == {"LineageRun": 1}
    nothing = await load_event(store, text(event(inputs=[], outputs=[], run={"runId": "01934f4e-7d1a-7c3e-9a52-3f1f0f6b2a11"})), MAPPING)
    assert not nothing.stored and (await store.counts()).labels == {"LineageRun": 1}  # an event naming no dataset is not kept


async def test_a_runs_start_and_complete_state_its_lineage_together(store: GraphStore) -> None:
    """As the OpenLineage examples do: the START names the inputs, the COMPLETE the outputs."""
    start = event(eventType="START", outputs=[])
    complete = without(event(eventType="COMPLETE"), "inputs")
    first = await load_event(store, text(start), MAPPING)
    assert not first.stored and (await store.counts()).labels == {"LineageRun": 1}
    second = await load_event(store, text(complete), MAPPING)
    assert second.stored and second.resource_edges == 1 and second.new_edges == 2  # the resources and the items (column lineage)
    rels = [(r.start.key, r.end.key) async for r in store.relationships() if r.type is RelType.DERIVED_FROM]
    assert rels == [("301001/000001#id_no", "101001/000001#公民身份号码"), ("301001/000001", "101001/000001")]
    before = await export_text(store)
    assert (await load_event(store, text(start), MAPPING)).stored  # the run now knows its outputs too: replaying changes nothing
    assert await export_text(store) == before


async def test_a_hash_collision_is_refused_not_merged(store: GraphStore) -> None:
    code = uncatalogued_code(DatasetKey("s3://raw", "people.csv"))
    other = {"code": code, "name": "other", "share_type": "NOT_SHARED", "status": "UNCATALOGUED",
             "summary": "Seen in OpenLineage as dataset 'other' of namespace 's3://x'; in no catalog (未编目)."}
    await store.upsert_nodes(Label.RESOURCE, [other])
    before = await export_text(store)
    body = event(inputs=[{"namespace": "s3://raw", "name": "people.csv"}])
    with pytest.raises(ConflictError, match="请在映射文件中明确映射"):
        await load_event(store, text(body), MAPPING)
    assert await export_text(store) == before

"""`POST /api/v1/lineage` with the real openlineage-python client and its HTTP transport, over each store."""

from __future__ import annotations

import asyncio
import gzip
import io
import json
import time
from collections.abc import AsyncIterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from openlineage.client import OpenLineageClient
from openlineage.client.event_v2 import InputDataset, Job, OutputDataset, Run, RunEvent, RunState
from openlineage.client.facet_v2 import column_lineage_dataset as cl
from openlineage.client.serde import Serde
from openlineage.client.uuid import generate_new_uuid

from graph.changes import Changes
from graph.labels import Direction, Label, RelType
from graph.records import NodeRef, Step
from graph.store import GraphStore
from loaders.openlineage import DatasetKey, uncatalogued_code
from tests.api.conftest import Server, serve
from tests.builders import export_text

PG = "postgres://db.sjs.local:5432"
RAW = "s3://sjs-raw"
MAPPING = f"""\
govgraph: openlineage-mapping/1
datasets:
  - {{namespace: '{PG}', name: hk.person, resource: '101001/000001', fields: {{sfzh: 公民身份号码}}}}
  - {{namespace: '{PG}', name: tj.population, resource: '301001/000001'}}
systems:
  airflow-tj: SJS-TJ-TJXT
"""


@pytest.fixture
async def ol_server(store: GraphStore, tmp_path: Path) -> AsyncIterator[Server]:
    """The app with the mapping above, over an empty store of each kind holding two catalogued resources."""
    path = tmp_path / "openlineage.yaml"
    path.write_text(MAPPING, encoding="utf-8")
    changes = Changes()
    for code, name in (("101001/000001", "人口基础信息"), ("301001/000001", "常住人口统计")):
        changes.upsert_node(Label.RESOURCE, {"code": code, "name": name, "share_type": "CONDITIONAL"})
    item = changes.upsert_node(Label.DATA_ITEM, {"code": "101001/000001#公民身份号码", "name": "公民身份号码", "identifier_kind": "CITIZEN_ID"})
    changes.upsert_relationship(RelType.HAS_ITEM, NodeRef(Label.RESOURCE, "101001/000001"), item.ref)
    await store.apply(changes)
    async for running in serve(store, openlineage_mapping=path):
        yield running


def run_event(
    state: RunState = RunState.COMPLETE,
    inputs: list[tuple[str, str]] | None = None,
    output: tuple[str, str] = (PG, "tj.population"),
    columns: dict[str, list[tuple[str, str, str]]] | None = None,
    run_id: str | None = None,
) -> RunEvent:
    """An event of job airflow-tj/monthly.population, built with the client's own classes."""
    facets: dict[str, Any] = {}
    if columns:
        fields = {name: cl.Fields(inputFields=[cl.InputField(ns, ds, f) for ns, ds, f in sources]) for name, sources in columns.items()}
        facets["columnLineage"] = cl.ColumnLineageDatasetFacet(fields=fields)
    return RunEvent(
        eventType=state,
        eventTime=datetime.now(timezone.utc).isoformat(),
        run=Run(runId=run_id or str(generate_new_uuid())),
        job=Job(namespace="airflow-tj", name="monthly.population"),
        inputs=[InputDataset(ns, name) for ns, name in (inputs if inputs is not None else [(PG, "hk.person")])],
        outputs=[OutputDataset(*output, facets=facets)],
        producer="https://github.com/sjs/govgraph/tests",
    )


async def emit(server: Server, event: RunEvent, **transport: Any) -> None:
    """Send `event` as a pipeline would: OpenLineageClient with the HTTP transport (synchronous, so in a thread)."""
    token = server.headers()["Authorization"].removeprefix("Bearer ")
    auth = {"type": "api_key", "apiKey": token}  # the client sends it as a bearer token
    client = OpenLineageClient(config={"transport": {"type": "http", "url": server.url, "auth": auth, **transport}})
    try:
        await asyncio.to_thread(client.emit, event)
    finally:
        client.close()


async def derived(store: GraphStore, label: Label, key: str) -> dict[str, dict[str, Any]]:
    """The DERIVED_FROM edges leaving `key`, by the key they reach."""
    pairs = await store.neighbours(NodeRef(label, key), [Step(RelType.DERIVED_FROM, Direction.OUT)])
    return {other.key: rel.props for rel, other in pairs}


async def test_a_mapped_input_and_output_get_derived_from_with_transform_and_system(ol_server: Server) -> None:
    await emit(ol_server, run_event())
    assert await derived(ol_server.store, Label.RESOURCE, "301001/000001") == {
        "101001/000001": {"transform": "airflow-tj/monthly.population", "system": "SJS-TJ-TJXT", "desensitisation": False}
    }


async def test_the_report_lists_mapped_and_uncatalogued_datasets(ol_server: Server) -> None:
    event = run_event(inputs=[(PG, "hk.person"), (RAW, "people/2024-03.csv")])
    # The client's emit returns nothing, so post its own serialisation of the event to read the report.
    response = await ol_server.client.post("/api/v1/lineage", content=Serde.to_json(event), headers={"Content-Type": "application/json", **ol_server.headers()})
    assert response.status_code == 201, response.text
    report = response.json()
    code = uncatalogued_code(DatasetKey(RAW, "people/2024-03.csv"))
    assert report["stored"] and report["job"] == "airflow-tj/monthly.population" and report["system"] == "SJS-TJ-TJXT"
    assert [d["resource"] for d in report["mapped"]] == ["101001/000001", "301001/000001"]
    assert report["uncatalogued"] == [{"namespace": RAW, "name": "people/2024-03.csv", "resource": code, "created": True}]
    assert report["edges"] == {"resources": 2, "items": 0, "new": 2}


async def test_an_unmapped_dataset_becomes_an_uncatalogued_resource(ol_server: Server) -> None:
    await emit(ol_server, run_event(inputs=[(RAW, "people/2024-03.csv")]))
    code = uncatalogued_code(DatasetKey(RAW, "people/2024-03.csv"))
    node = await ol_server.store.get(Label.RESOURCE, code)
    assert node is not None
    assert (node.props["status"], node.props["share_type"], node.props["name"]) == ("UNCATALOGUED", "NOT_SHARED", "people/2024-03.csv")
    assert set(await derived(ol_server.store, Label.RESOURCE, "301001/000001")) == {code}


async def test_column_lineage_becomes_item_edges(ol_server: Server) -> None:
    await emit(ol_server, run_event(columns={"id_no": [(PG, "hk.person", "sfzh")], "total": [(RAW, "people.csv", "n")]}))
    raw = uncatalogued_code(DatasetKey(RAW, "people.csv"))
    assert set(await derived(ol_server.store, Label.DATA_ITEM, "301001/000001#id_no")) == {"101001/000001#公民身份号码"}
    assert set(await derived(ol_server.store, Label.DATA_ITEM, "301001/000001#total")) == {f"{raw}#n"}
    assert set(await derived(ol_server.store, Label.RESOURCE, "301001/000001")) == {"101001/000001", raw}
    items = await ol_server.store.neighbours(NodeRef(Label.RESOURCE, "301001/000001"), [Step(RelType.HAS_ITEM, Direction.OUT)])
    assert sorted(node.key for _, node in items) == ["301001/000001#id_no", "301001/000001#total"]


async def test_replaying_an_event_or_its_run_changes_nothing(ol_server: Server) -> None:
    run_id = str(generate_new_uuid())
    columns = {"id_no": [(PG, "hk.person", "sfzh")]}
    event = run_event(RunState.COMPLETE, inputs=[(PG, "hk.person"), (RAW, "x")], columns=columns, run_id=run_id)
    await emit(ol_server, event)
    once = await export_text(ol_server.store)
    await emit(ol_server, event)
    await emit(ol_server, run_event(RunState.RUNNING, inputs=[(PG, "hk.person"), (RAW, "x")], columns=columns, run_id=run_id))
    assert await export_text(ol_server.store) == once


async def test_a_gzip_event_is_read(ol_server: Server) -> None:
    await emit(ol_server, run_event(), compression="gzip")
    assert set(await derived(ol_server.store, Label.RESOURCE, "301001/000001")) == {"101001/000001"}


@pytest.mark.parametrize("state", [RunState.FAIL, RunState.ABORT])
async def test_failed_and_aborted_runs_are_accepted_and_store_nothing(ol_server: Server, state: RunState) -> None:
    before = await export_text(ol_server.store)
    await emit(ol_server, run_event(state, inputs=[(RAW, "x")]))
    assert await export_text(ol_server.store) == before


MALFORMED = [
    pytest.param(b"{\"eventType\": \"COMPLETE\",", "", "不是有效的 JSON", id="bad-json"),
    pytest.param(b"[]", "", "应为映射", id="not-an-object"),
    pytest.param(b'{"eventTime": "2024-03-01T00:00:00Z", "job": {"namespace": "a", "name": "b"}, "run": {}}', "run.runId", "必须填写", id="no-run-id"),
    pytest.param(b'{"eventTime": "2024-03-01T00:00:00Z", "run": {"runId": "01934f4e-7d1a-7c3e-9a52-3f1f0f6b2a10"}}', "job", "必须填写", id="no-job"),
    pytest.param(
        b'{"eventTime": "2024-03-01T00:00:00Z", "run": {"runId": "01934f4e-7d1a-7c3e-9a52-3f1f0f6b2a10"}, "job": {"namespace": "a", "name": "b"},'
        b' "inputs": [{"namespace": "a", "name": "b"}], "outputs": [{"namespace": "a"}]}',
        "outputs[0].name", "必须填写", id="output-without-name",
    ),
]


@pytest.mark.parametrize(("body", "field", "reason"), MALFORMED)
async def test_a_malformed_event_gets_400_naming_the_problem_and_stores_nothing(ol_server: Server, body: bytes, field: str, reason: str) -> None:
    before = await export_text(ol_server.store)
    response = await ol_server.client.post("/api/v1/lineage", content=body, headers={"Content-Type": "application/json", **ol_server.headers()})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "INVALID_DATA" and reason in error["message"]
    assert error["problems"][0]["where"] == "event" and error["problems"][0]["field"] == field and reason in error["problems"][0]["reason"]
    assert await export_text(ol_server.store) == before


async def test_an_event_of_8000_by_8000_datasets_is_refused_at_once_naming_the_field_and_the_limit(ol_server: Server) -> None:
    """Issue 28: every output × input pair was built before the 10,000-edge limit was checked (8,000 × 8,000:
    a 500 at 3.6 GB); counted first, the event is refused before anything is built. Time and memory are
    measured in bench/hostile_inputs.py; the bound here only guards against building the pairs again."""
    before = await export_text(ol_server.store)
    event = {
        "eventType": "COMPLETE",
        "eventTime": "2024-03-01T00:00:00Z",
        "run": {"runId": "01934f4e-7d1a-7c3e-9a52-3f1f0f6b2a10"},
        "job": {"namespace": "airflow-tj", "name": "fan"},
        "inputs": [{"namespace": "in", "name": f"t{i}"} for i in range(8000)],
        "outputs": [{"namespace": "out", "name": f"t{i}"} for i in range(8000)],
    }
    body = json.dumps(event, separators=(",", ":")).encode()
    assert len(body) < 1_000_000  # under the body limit: it is the pairs that cost
    started = time.perf_counter()
    response = await ol_server.client.post("/api/v1/lineage", content=body, headers={"Content-Type": "application/json", **ol_server.headers()})
    seconds = time.perf_counter() - started
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert error["code"] == "INVALID_DATA"
    assert error["problems"] == [{
        "where": "event",
        "field": "outputs × inputs",
        "reason": "8,000 个输出 × 8,000 个输入，共 64,000,000 条血缘边，超过单个事件的上限 10,000 条；请拆分为多个事件发送",
    }]
    assert seconds < 10, seconds
    assert (await ol_server.client.get("/health")).status_code == 200
    assert await export_text(ol_server.store) == before


async def test_answers_are_english_when_the_client_asks_for_it(ol_server: Server) -> None:
    body = b'{"eventTime": "2024-03-01T00:00:00Z", "run": {"runId": "01934f4e-7d1a-7c3e-9a52-3f1f0f6b2a10"}}'
    asked = {"Content-Type": "application/json", **ol_server.headers()}
    chinese = (await ol_server.client.post("/api/v1/lineage", content=body, headers=asked)).json()["error"]
    english = (await ol_server.client.post("/api/v1/lineage", content=body, headers={**asked, "Accept-Language": "en-GB,en;q=0.9"})).json()["error"]
    assert chinese["problems"] == [{"where": "event", "field": "job", "reason": "必须填写"}]
    assert english["problems"] == [{"where": "event", "field": "job", "reason": "is required"}]
    large = await ol_server.client.post("/api/v1/lineage", content=b" " * 1_000_001, headers=asked)
    assert large.json()["error"]["message"] == "事件超过 1,000,000 字节"


async def test_other_content_types_and_large_bodies_are_refused(ol_server: Server) -> None:
    form = await ol_server.client.post("/api/v1/lineage", content=b"a=b", headers={"Content-Type": "application/x-www-form-urlencoded", **ol_server.headers()})
    assert form.status_code == 415 and form.json()["error"]["code"] == "UNSUPPORTED_MEDIA_TYPE"
    large = await ol_server.client.post("/api/v1/lineage", content=b" " * 1_000_001, headers={"Content-Type": "application/json", **ol_server.headers()})
    assert large.status_code == 413 and large.json()["error"]["code"] == "PAYLOAD_TOO_LARGE"
    bomb = gzip.compress(b" " * 2_000_000)
    inflated = await ol_server.client.post(
        "/api/v1/lineage", content=bomb, headers={"Content-Type": "application/json", "Content-Encoding": "gzip", **ol_server.headers()}
    )
    assert inflated.status_code == 413
    assert (await ol_server.client.get("/api/v1/lineage")).status_code == 405


async def test_only_admins_and_the_eic_may_write_lineage(ol_server: Server) -> None:
    """Art.29: writing lineage needs a department admin's or the EIC's token."""
    from graph.access import Principal, Role

    body = b'{"eventType": "COMPLETE"}'
    anonymous = await ol_server.client.post("/api/v1/lineage", content=body, headers={"Content-Type": "application/json"})
    assert anonymous.status_code == 401
    reader = Principal("SJS-TJJ", frozenset({Role.DEPARTMENT_USER}), "reader")
    forbidden = await ol_server.client.post("/api/v1/lineage", content=body, headers={"Content-Type": "application/json", **ol_server.headers(reader)})
    assert forbidden.status_code == 403 and forbidden.json()["error"]["code"] == "FORBIDDEN"

"""`POST /api/v1/lineage` with OpenLineage 2 static lineage (JobEvent, DatasetEvent) and with real producers'
own example events replayed as they wrote them, over each store: each yields the lineage it states.

The examples are reproduced from their projects (Apache-2.0): the OpenLineage documentation's example
events (openlineage.io/docs/development/examples), the OpenLineage Python client's test events
(client/python/tests/serde_example_*.json, example_full_event.json), and Marquez's API test events
(api/src/test/resources/open_lineage/event_job_event.json, event_dataset_event.json).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from openlineage.client import OpenLineageClient
from openlineage.client.event_v2 import DatasetEvent, InputDataset, Job, JobEvent, OutputDataset, StaticDataset
from openlineage.client.facet_v2 import schema_dataset

from graph.labels import Direction, Label, RelType
from graph.records import NodeRef, Step
from graph.store import GraphStore
from loaders.openlineage import DatasetKey, uncatalogued_code
from tests.api.conftest import Server, serve
from tests.builders import export_text

PRODUCER = "https://github.com/OpenLineage/OpenLineage/blob/v1-0-0/client"
CLIENT = "https://github.com/OpenLineage/OpenLineage/tree/0.0.1/client/python"
SCHEMA_FACET = {"_producer": CLIENT, "_schemaURL": "https://raw.githubusercontent.com/OpenLineage/OpenLineage/main/spec/OpenLineage.json#/definitions/SchemaDatasetFacet"}

# openlineage.io/docs/development/examples: "START event with single input", "COMPLETE event with single output".
DOCS_START = {
    "eventType": "START", "eventTime": "2020-12-28T19:52:00.001+10:00",
    "run": {"runId": "d46e465b-d358-4d32-83d4-df660ff614dd"},
    "job": {"namespace": "workshop", "name": "process_taxes"},
    "inputs": [{"namespace": "postgres://workshop-db:None", "name": "workshop.public.taxes"}],
    "producer": PRODUCER,
}
DOCS_COMPLETE = {
    "eventType": "COMPLETE", "eventTime": "2020-12-28T20:52:00.001+10:00",
    "run": {"runId": "d46e465b-d358-4d32-83d4-df660ff614dd"},
    "job": {"namespace": "workshop", "name": "process_taxes"},
    "outputs": [{"namespace": "postgres://workshop-db:None", "name": "workshop.public.unpaid_taxes"}],
    "producer": PRODUCER,
}
# The Python client's serde_example_job_event.json and serde_example_dataset_event.json.
CLIENT_JOB_EVENT = {
    "eventTime": "2021-11-03T10:53:52.427343",
    "job": {"namespace": "openlineage", "name": "name", "facets": {}},
    "inputs": [{"namespace": "openlineage", "name": "dataset_a", "facets": {"schema": {**SCHEMA_FACET, "fields": [{"name": "a", "type": "string"}]}}}],
    "outputs": [{"namespace": "openlineage", "name": "dataset_b", "facets": {"schema": {**SCHEMA_FACET, "fields": [{"name": "a", "type": "string"}]}}}],
    "producer": CLIENT,
    "schemaURL": "https://openlineage.io/spec/2-0-0/OpenLineage.json#/$defs/JobEvent",
}
CLIENT_DATASET_EVENT = {
    "eventTime": "2021-11-03T10:53:52.427343",
    "dataset": {"namespace": "openlineage", "name": "name", "facets": {"schema": {**SCHEMA_FACET, "fields": [{"name": "a", "type": "string"}, {"name": "b", "type": "string"}]}}},
    "producer": CLIENT,
    "schemaURL": "https://openlineage.io/spec/2-0-0/OpenLineage.json#/$defs/DatasetEvent",
}
# The Python client's example_full_event.json, shortened to what it states: one table read and written by its task.
CLIENT_FULL_EVENT = {
    "eventType": "COMPLETE", "eventTime": "2020-12-28T19:51:01.641Z",
    "run": {"runId": "ea041791-68bc-4ae1-bd89-4c8106a157e4", "facets": {"nominalTime": {"_producer": PRODUCER, "_schemaURL": "http://test.schema.url", "nominalStartTime": "2020-12-17T03:00:00.001Z"}}},
    "job": {"namespace": "my-scheduler-namespace", "name": "myjob.mytask"},
    "inputs": [{"namespace": "my-datasource-namespace", "name": "instance.schema.table",
                "facets": {"schema": {"_producer": PRODUCER, "_schemaURL": "http://test.schema.url", "fields": [{"name": "column1", "type": "VARCHAR", "description": "string", "fields": []}]}}}],
    "outputs": [{"namespace": "my-datasource-namespace", "name": "instance.schema.table",
                 "outputFacets": {"outputStatistics": {"_producer": PRODUCER, "_schemaURL": "http://test.schema.url", "rowCount": 2000, "size": 2097152}}}],
    "producer": PRODUCER,
    "schemaURL": "http://test.schema.url",
}
# Marquez's event_job_event.json and event_dataset_event.json (Marquez accepts both at this path).
MARQUEZ_JOB_EVENT = {
    "eventType": "COMPLETE", "eventTime": "2020-12-28T19:52:00.001+10:00",
    "job": {"namespace": "my-scheduler-namespace", "name": "myjob"},
    "inputs": [{"namespace": "my-datasource-namespace", "name": "instance.schema.input-1"}],
    "outputs": [{"namespace": "my-datasource-namespace", "name": "instance.schema.output-1"}],
    "producer": PRODUCER,
    "schemaURL": "https://openlineage.io/spec/1-0-1/OpenLineage.json#/definitions/JobEvent",
}
MARQUEZ_DATASET_EVENT = {
    "eventTime": "2020-12-28T19:52:00.001+10:00",
    "dataset": {"namespace": "my-dataset-namespace", "name": "my-dataset-name", "facets": {"schema": {
        "_producer": PRODUCER, "_schemaURL": "https://github.com/OpenLineage/OpenLineage/blob/v1-0-0/spec/OpenLineage.yml#MyCustomJobFacet",
        "fields": [{"name": "col_a", "type": "VARCHAR", "description": "string"}],
    }}},
    "producer": PRODUCER,
    "schemaURL": "https://openlineage.io/spec/2-8-9/OpenLineage.json#/definitions/DatasetEvent",
}


def code(namespace: str, name: str) -> str:
    return uncatalogued_code(DatasetKey(namespace, name))


@pytest.fixture
async def ol_server(store: GraphStore, tmp_path: Path) -> AsyncIterator[Server]:
    """The app over an empty store, with no mapping: every dataset becomes an uncatalogued resource."""
    async for running in serve(store):
        yield running


async def post(server: Server, event: dict[str, Any]) -> Any:
    response = await server.client.post("/api/v1/lineage", json=event, headers=server.headers())
    assert response.status_code in (200, 201), response.text
    return response.json()


async def sources(store: GraphStore, label: Label, key: str) -> set[str]:
    pairs = await store.neighbours(NodeRef(label, key), [Step(RelType.DERIVED_FROM, Direction.OUT)])
    return {other.key for _, other in pairs}


async def items(store: GraphStore, resource: str) -> dict[str, Any]:
    pairs = await store.neighbours(NodeRef(Label.RESOURCE, resource), [Step(RelType.HAS_ITEM, Direction.OUT)])
    return {node.props["name"]: node.props.get("data_type") for _, node in pairs}


async def test_the_openlineage_documentation_run_states_its_lineage_across_its_events(ol_server: Server) -> None:
    taxes, unpaid = code("postgres://workshop-db:None", "workshop.public.taxes"), code("postgres://workshop-db:None", "workshop.public.unpaid_taxes")
    start = await post(ol_server, DOCS_START)
    assert start["stored"] is False and start["event"] == "RunEvent" and "已记下" in start["reason"]
    complete = await post(ol_server, DOCS_COMPLETE)
    assert complete["stored"] is True and complete["edges"] == {"resources": 1, "items": 0, "new": 1}
    assert await sources(ol_server.store, Label.RESOURCE, unpaid) == {taxes}
    # Replayed, in either order, the run states nothing new.
    once = await export_text(ol_server.store)
    for event in (DOCS_COMPLETE, DOCS_START):
        await post(ol_server, event)
    assert await export_text(ol_server.store) == once


async def test_the_python_clients_static_events_state_lineage_and_a_schema(ol_server: Server) -> None:
    job = await post(ol_server, CLIENT_JOB_EVENT)
    assert (job["event"], job["runId"], job["job"], job["stored"]) == ("JobEvent", None, "openlineage/name", True)
    assert await sources(ol_server.store, Label.RESOURCE, code("openlineage", "dataset_b")) == {code("openlineage", "dataset_a")}
    dataset = await post(ol_server, CLIENT_DATASET_EVENT)
    resource = code("openlineage", "name")
    assert dataset["event"] == "DatasetEvent" and dataset["stored"] is True
    assert dataset["uncatalogued"] == [{"namespace": "openlineage", "name": "name", "resource": resource, "created": True}]
    assert dataset["itemsCreated"] == [f"{resource}#a", f"{resource}#b"]
    assert await items(ol_server.store, resource) == {"a": "CHARACTER", "b": "CHARACTER"}
    node = await ol_server.store.get(Label.RESOURCE, resource)
    assert node is not None and (node.props["status"], node.props["share_type"]) == ("UNCATALOGUED", "NOT_SHARED")


async def test_the_python_clients_full_event_reads_and_writes_one_table_so_states_no_lineage(ol_server: Server) -> None:
    before = await export_text(ol_server.store)
    answer = await post(ol_server, CLIENT_FULL_EVENT)
    assert answer["stored"] is False and answer["event"] == "RunEvent"
    assert await export_text(ol_server.store) != before  # the run is remembered, no resource or edge is made
    assert (await ol_server.store.counts()).labels == {"LineageRun": 1}


async def test_marquezs_static_events_are_accepted_as_marquez_accepts_them(ol_server: Server) -> None:
    job = await post(ol_server, MARQUEZ_JOB_EVENT)
    assert job["event"] == "JobEvent" and job["edges"]["resources"] == 1
    output, source = code("my-datasource-namespace", "instance.schema.output-1"), code("my-datasource-namespace", "instance.schema.input-1")
    assert await sources(ol_server.store, Label.RESOURCE, output) == {source}
    edge = (await ol_server.store.neighbours(NodeRef(Label.RESOURCE, output), [Step(RelType.DERIVED_FROM, Direction.OUT)]))[0][0]
    assert edge.props["transform"] == "my-scheduler-namespace/myjob"
    dataset = await post(ol_server, MARQUEZ_DATASET_EVENT)
    assert dataset["stored"] is True
    assert await items(ol_server.store, code("my-dataset-namespace", "my-dataset-name")) == {"col_a": "CHARACTER"}
    again = await export_text(ol_server.store)
    await post(ol_server, MARQUEZ_DATASET_EVENT)
    await post(ol_server, MARQUEZ_JOB_EVENT)
    assert await export_text(ol_server.store) == again


async def test_the_client_emits_static_events(ol_server: Server) -> None:
    """JobEvent and DatasetEvent built with openlineage-python's own classes and sent by its HTTP transport."""
    token = ol_server.headers()["Authorization"].removeprefix("Bearer ")
    client = OpenLineageClient(config={"transport": {"type": "http", "url": ol_server.url, "auth": {"type": "api_key", "apiKey": token}}})
    fields = [schema_dataset.SchemaDatasetFacetFields(name="sfzh", type="VARCHAR(18)"), schema_dataset.SchemaDatasetFacetFields(name="csrq", type="DATE")]
    job = JobEvent(
        eventTime="2024-03-01T02:00:00Z", job=Job(namespace="airflow-tj", name="monthly.static"),
        inputs=[InputDataset("pg", "hk.person")], outputs=[OutputDataset("pg", "tj.population")],
    )
    dataset = DatasetEvent(eventTime="2024-03-01T02:00:00Z", dataset=StaticDataset("pg", "hk.person", facets={"schema": schema_dataset.SchemaDatasetFacet(fields=fields)}))
    try:
        await asyncio.to_thread(client.emit, job)
        await asyncio.to_thread(client.emit, dataset)
    finally:
        client.close()
    person = code("pg", "hk.person")
    assert await sources(ol_server.store, Label.RESOURCE, code("pg", "tj.population")) == {person}
    assert await items(ol_server.store, person) == {"sfzh": "CHARACTER", "csrq": "DATE"}


MALFORMED = [
    pytest.param({**MARQUEZ_JOB_EVENT, "job": {"namespace": "a"}}, "job.name", "必须填写", id="job-event-without-job-name"),
    pytest.param({k: v for k, v in MARQUEZ_JOB_EVENT.items() if k != "job"}, "job", "必须填写", id="job-event-without-job"),
    pytest.param({k: v for k, v in MARQUEZ_DATASET_EVENT.items() if k != "dataset"}, "dataset", "必须填写", id="dataset-event-without-dataset"),
    pytest.param({**MARQUEZ_DATASET_EVENT, "dataset": {"namespace": "a", "name": " "}}, "dataset.name", "不能为空白", id="dataset-blank-name"),
    pytest.param(
        {**MARQUEZ_DATASET_EVENT, "dataset": {"namespace": "a", "name": "b", "facets": {"schema": {"fields": [{"type": "INT"}]}}}},
        "dataset.facets.schema.fields[0].name", "必须填写", id="schema-field-without-name",
    ),
    pytest.param({**CLIENT_JOB_EVENT, "eventTime": "yesterday"}, "eventTime", "日期时间", id="job-event-bad-time"),
]


@pytest.mark.parametrize(("event", "field", "reason"), MALFORMED)
async def test_a_malformed_static_event_gets_400_naming_the_field(ol_server: Server, event: dict[str, Any], field: str, reason: str) -> None:
    before = await export_text(ol_server.store)
    response = await ol_server.client.post("/api/v1/lineage", json=event, headers=ol_server.headers())
    assert response.status_code == 400, response.text
    problem = response.json()["error"]["problems"][0]
    assert (problem["where"], problem["field"]) == ("event", field) and reason in problem["reason"], problem
    assert await export_text(ol_server.store) == before

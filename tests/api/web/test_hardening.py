"""Issue 28's API hardening over real HTTP on both stores: production mode hides the schema (`_service`
only to the gateway's secret, no "Did you mean"), `_entities` answers a reference it cannot resolve with
`null` and an error naming it, a client's mistake logs one line, and a body over the limit gets its 413
even when the client keeps sending it on a connection it asked to close."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator

import pytest

from graph.store import GraphStore
from tests.api.conftest import Server, serve
from tests.builders import small_district

SECRET = "the gateway's shared secret"
SDL = "{ _service { sdl } }"
ENTITIES = "query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Department { code name } } }"


@pytest.fixture
async def production(store: GraphStore) -> AsyncIterator[Server]:
    async for running in serve(store, introspection=False, graphiql=False, gateway_secret=SECRET):
        yield running


async def _sdl(server: Server, query: str = SDL, **headers: str) -> dict:  # type: ignore[type-arg]
    response = await server.client.post("/graphql", json={"query": query}, headers={"Accept": "application/json", **headers})
    assert response.status_code == 200
    return response.json()  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    "query",
    [
        pytest.param(SDL, id="plain"),
        pytest.param("{ schema: _service { sdl } }", id="aliased"),
        pytest.param("query { ...F } fragment F on Query { _service { sdl } }", id="in-a-fragment"),
    ],
)
async def test_without_introspection_the_sdl_is_refused_to_all_but_the_gateway(production: Server, query: str) -> None:
    refused = await _sdl(production, query)
    assert "data" not in refused and "sdl" not in str(refused)
    assert refused["errors"][0]["message"] == "未公开架构：内省已关闭，_service 只回答联邦网关"
    assert refused["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    # A department's token or a wrong secret is not the gateway.
    signed_in = await production.client.post("/graphql", json={"query": query}, headers=production.headers())
    assert "sdl" not in signed_in.text
    assert "errors" in await _sdl(production, query, **{"X-Gateway-Secret": SECRET + "x"})
    answered = await _sdl(production, query, **{"X-Gateway-Secret": SECRET})
    assert "errors" not in answered and '@key(fields: "code")' in str(answered["data"])
    # Introspection stays closed to the gateway too.
    assert "errors" in await _sdl(production, "{ __schema { types { name } } }", **{"X-Gateway-Secret": SECRET})


async def test_without_a_secret_nobody_reads_the_sdl(store: GraphStore) -> None:
    async for running in serve(store, introspection=False):
        assert "errors" in await _sdl(running, SDL, **{"X-Gateway-Secret": ""})
        assert "errors" in await _sdl(running, SDL, **{"X-Gateway-Secret": "anything"})


@pytest.mark.parametrize(
    "query",
    [
        pytest.param("{ resourcez(first: 1) { totalCount } }", id="field"),
        pytest.param("{ resources(frist: 1) { totalCount } }", id="argument"),
        pytest.param("{ resources(first: 1) { edges { node { sharingTyp } } } }", id="nested-field"),
        pytest.param("query($f: ResourceFiltr) { resources(filter: $f) { totalCount } }", id="type"),
    ],
)
async def test_without_introspection_no_message_suggests_a_name(production: Server, server: Server, query: str) -> None:
    body = await production.gql(query, expect_errors=True, language="en")
    assert body["errors"] and not any("Did you mean" in e["message"] for e in body["errors"]), body
    # With introspection on (development) the suggestions help.
    open_body = await server.gql(query, expect_errors=True, language="en")
    assert any("Did you mean" in e["message"] for e in open_body["errors"]), open_body


async def test_entities_answer_null_for_a_type_they_cannot_resolve(server: Server) -> None:
    await small_district(server.store)
    representations = [
        {"__typename": "Department", "code": "SJS-EIC"},
        {"__typename": "NoSuchType", "code": "x"},
        {"__typename": "Query"},
        {"code": "SJS-EIC"},
        {"__typename": "Department"},
        {"__typename": "Department", "code": "SJS-EIC"},
    ]
    body = await server.gql(ENTITIES, {"representations": representations}, expect_errors=True)
    entities = body["data"]["_entities"]
    assert entities[0] == entities[5] == {"code": "SJS-EIC", "name": "区经济信息化委"}
    assert entities[1:5] == [None, None, None, None]
    errors = {tuple(e["path"]): e for e in body["errors"]}
    assert set(errors) == {("_entities", n) for n in (1, 2, 3, 4)}
    assert all(e["extensions"]["code"] == "INVALID_ARGUMENT" for e in errors.values())
    assert "NoSuchType" in errors[("_entities", 1)]["message"] and "不是本服务的实体类型" in errors[("_entities", 1)]["message"]
    assert "__typename" in errors[("_entities", 3)]["message"]
    english = await server.gql(ENTITIES, {"representations": representations}, expect_errors=True, language="en")
    assert "which is not an entity type of this service" in english["errors"][0]["message"]


async def test_a_client_error_logs_one_line(server: Server, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="govgraph.api")
    await server.gql("{ resources(first: -1) { totalCount } }", expect_errors=True)
    await server.gql("{ resourcez }", expect_errors=True)
    records = [r for r in caplog.records if r.name == "govgraph.api"]
    assert len(records) == 2, [r.getMessage() for r in records]
    assert all(r.exc_info is None and r.levelno == logging.INFO and "\n" not in r.getMessage() for r in records)
    assert records[0].getMessage().startswith("resources [INVALID_ARGUMENT] ")
    assert records[1].getMessage().startswith("request [GRAPHQL_VALIDATION_FAILED] ")


async def _send_too_much(server: Server, size: int) -> bytes:
    """POSTs a `size`-byte body with `Connection: close`, writing all of it whatever the server says; the answer."""
    host, port = server.url.removeprefix("http://").split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    head = f"POST /graphql HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nContent-Length: {size}\r\nConnection: close\r\n\r\n"
    writer.write(head.encode())
    try:
        for start in range(0, size, 65_536):
            writer.write(b"x" * min(65_536, size - start))
            await writer.drain()
        return await asyncio.wait_for(reader.read(), 10)
    except ConnectionResetError:
        return b"reset"
    finally:
        writer.close()


async def test_a_body_over_the_limit_gets_its_413_on_a_closing_connection(server: Server) -> None:
    answers = [await _send_too_much(server, 2_000_000) for _ in range(10)]
    assert all(a.startswith(b"HTTP/1.1 413") for a in answers), [a[:40] for a in answers]
    assert "请求体超过 1,000,000 字节".encode() in answers[0]


async def test_the_body_limit_is_a_setting(store: GraphStore) -> None:
    async for running in serve(store, max_body_bytes=20_000):
        padded = {"query": "{ __typename }", "padding": "x" * 30_000}
        refused = await running.client.post("/graphql", json=padded)
        assert refused.status_code == 413 and refused.json()["errors"][0]["message"] == "请求体超过 20,000 字节"
        event = await running.client.post("/api/v1/lineage", json={"padding": "x" * 30_000}, headers=running.headers())
        assert event.status_code == 413
        assert (await running.client.post("/graphql", json={"query": "{ __typename }", "padding": "x" * 10_000})).status_code == 200


async def test_an_operation_over_its_cost_is_refused_in_the_request_language(store: GraphStore) -> None:
    async for running in serve(store, max_query_cost=100):
        query = "query Page { resources(first: 100) { edges { node { code } } } }"
        chinese = (await running.gql(query, expect_errors=True))["errors"][0]
        assert chinese["extensions"]["code"] == "QUERY_TOO_COSTLY" and chinese["extensions"]["limit"] == 100
        assert chinese["message"].startswith("「Page」的开销为 ") and "超过上限 100" in chinese["message"]
        english = (await running.gql(query, expect_errors=True, language="en"))["errors"][0]
        assert english["message"].startswith("'Page' would cost ") and "over the limit of 100" in english["message"]


@pytest.mark.parametrize(
    ("query", "chinese", "english"),
    [
        pytest.param("{ resourcez { code } }", "类型「Query」没有字段「resourcez」", "Cannot query field 'resourcez' on type 'Query'.", id="field"),
        pytest.param("{ resources(frist: 1) { totalCount } }", "字段「Query.resources」没有参数「frist」", "Unknown argument 'frist' on field 'Query.resources'.", id="argument"),
        pytest.param("{ resources }", "字段「resources」（类型「ResourceConnection!」）须选择其下的字段", "Field 'resources' of type 'ResourceConnection!' must have a selection of subfields.", id="selection"),
        pytest.param("{ resources(", "语法错误：", "Syntax Error: ", id="syntax"),
        pytest.param("{ ...Missing }", "没有片段「Missing」", "Unknown fragment 'Missing'.", id="unknown-fragment"),
        pytest.param("{ " + " ".join(f"a{i}: __typename" for i in range(31)) + " }", "该操作有 31 个别名，超过上限 30", "31 aliases found. Allowed: 30", id="aliases"),
    ],
)
async def test_the_librarys_request_errors_read_in_the_request_language(production: Server, query: str, chinese: str, english: str) -> None:
    zh = await production.gql(query, expect_errors=True)
    assert [e["extensions"]["code"] for e in zh["errors"]] == ["GRAPHQL_VALIDATION_FAILED"] and zh["errors"][0]["message"].startswith(chinese), zh
    assert "是否想用" not in zh["errors"][0]["message"]  # production: no suggestions in either language
    en = await production.gql(query, expect_errors=True, language="en")
    assert en["errors"][0]["message"].startswith(english), en


async def test_suggestions_read_in_chinese_with_introspection_on(server: Server) -> None:
    body = await server.gql("{ resourcez { code } }", expect_errors=True)
    assert body["errors"][0]["message"] == "类型「Query」没有字段「resourcez」 是否想用：「resource」、「resources」？"
    response = await server.client.post(
        "/graphql",
        json={"query": "query($f: ResourceFilter) { resources(filter: $f) { totalCount } }", "variables": {"f": {"shareType": "MAYBE"}}},
    )
    assert response.json()["errors"][0]["message"] == "变量「$f」在 .shareType 处的值无效：「MAYBE」不是「ShareType」的取值"

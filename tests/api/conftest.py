"""A real HTTP server (uvicorn) running the app over each store, inside the test's event loop."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
import uvicorn

from api.app import create_app
from graph.settings import Settings
from graph.store import GraphStore
from tests.conftest import ROOT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    """A running govgraph app and a client for it."""

    url: str
    client: httpx.AsyncClient
    store: GraphStore

    async def gql(self, query: str, variables: dict[str, Any] | None = None, expect_errors: bool = False) -> dict[str, Any]:
        """POST a GraphQL request; returns `data`, or the whole body when errors are expected."""
        response = await self.client.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers={"Accept": "application/graphql-response+json"}
        )
        body: dict[str, Any] = response.json()
        if expect_errors:
            return body
        assert response.status_code == 200 and "errors" not in body, body
        return body["data"]  # type: ignore[no-any-return]


async def serve(store: GraphStore, **settings: Any) -> AsyncIterator[Server]:
    port = free_port()
    app = create_app(Settings(assets_dir=ROOT / "web" / "node_modules", **settings), store, owns_store=False)
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()
        await asyncio.sleep(0.02)
    url = f"http://127.0.0.1:{port}"
    async with httpx.AsyncClient(base_url=url, timeout=30) as client:
        yield Server(url, client, store)
    server.should_exit = True
    await task


@pytest.fixture
async def server(store: GraphStore) -> AsyncIterator[Server]:
    """The app over an empty store of each kind; the test puts its own graph in `server.store`."""
    async for running in serve(store):
        yield running

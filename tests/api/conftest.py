"""A real HTTP server (uvicorn) running the app over each store, inside the test's event loop."""

from __future__ import annotations

import asyncio
import os
import socket
from collections.abc import AsyncGenerator, AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
import uvicorn

from api.web.app import create_app
from api.web.dev_tokens import issue
from graph.access import Principal, Role
from graph.settings import Settings
from graph.store import GraphStore
from tests.conftest import ROOT

SECRET = "a test secret that is at least thirty-two bytes long"
# The servers answer with the engine's fast path unless GOVGRAPH_FAST_PATH turns it off for the whole run
# (`GOVGRAPH_FAST_PATH=false scripts/test tests/api`: every answer the general way).
FAST_PATH = Settings.from_environ({"GOVGRAPH_FAST_PATH": os.environ.get("GOVGRAPH_FAST_PATH", "")}).fast_path
EIC = Principal("SJS-EIC", frozenset({Role.EIC}), "eic@test")
PUBLIC = Principal()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    """A running govgraph app and a client for it; requests go as the EIC unless told otherwise."""

    url: str
    client: httpx.AsyncClient
    store: GraphStore
    settings: Settings

    def headers(self, principal: Principal = EIC) -> dict[str, str]:
        """Request headers that authenticate as `principal` (none for the public)."""
        if principal.is_public or principal.department is None:
            return {}
        token = issue(self.settings, principal.department, principal.roles, subject=principal.subject).token
        return {"Authorization": f"Bearer {token}"}

    async def gql(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        expect_errors: bool = False,
        principal: Principal = EIC,
        language: str | None = None,
    ) -> dict[str, Any]:
        """POST a GraphQL request as `principal` (with `Accept-Language: language` when given: messages are Chinese
        without it); returns `data`, or the whole body when errors are expected."""
        asked = {"Accept-Language": language} if language else {}
        response = await self.client.post(
            "/graphql",
            json={"query": query, "variables": variables or {}},
            headers={"Accept": "application/graphql-response+json", **self.headers(principal), **asked},
        )
        body: dict[str, Any] = response.json()
        if expect_errors:
            return body
        assert response.status_code == 200 and "errors" not in body, body
        return body["data"]  # type: ignore[no-any-return]


async def serve(store: GraphStore, **settings: Any) -> AsyncGenerator[Server, None]:
    """Runs the app over `store` with `settings` (GraphiQL's files from web/node_modules and the built web app
    from web/app/dist unless `assets_dir` or `app_dir` is given)."""
    port = free_port()
    config_settings = Settings(
        **{"assets_dir": ROOT / "web" / "node_modules", "app_dir": ROOT / "web" / "app" / "dist", "jwt_secret": SECRET, "fast_path": FAST_PATH, **settings}
    )
    app = create_app(config_settings, store, owns_store=False)
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()
        await asyncio.sleep(0.02)
    url = f"http://127.0.0.1:{port}"
    try:
        async with httpx.AsyncClient(base_url=url, timeout=30) as client:
            yield Server(url, client, store, config_settings)
    finally:  # also when the test failed (the generator closed at its yield)
        server.should_exit = True
        await task


@pytest.fixture
async def server(store: GraphStore) -> AsyncIterator[Server]:
    """The app over an empty store of each kind; the test puts its own graph in `server.store`."""
    async for running in serve(store):
        yield running

"""GraphiQL as a user gets it, in a real headless Chromium: it must work with no internet, since
government networks have none. Debian's Chromium comes from `scripts/browser`; Playwright drives it.
"""

from __future__ import annotations

import json
import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.async_api import Page, Route, async_playwright, expect

from graph.store import GraphStore
from tests.api.conftest import Server, serve
from tests.builders import open_to_the_public, small_district
from tests.conftest import ROOT

CHROMIUM = Path("/usr/bin/chromium")
STEP_MS = 20_000  # per step: the whole test takes about a second
SCREENSHOT = ROOT / "docs" / "screenshots" / "graphiql.png"
QUERY = "{ resources(first: 2) { totalCount edges { node { code name } } } }"
# GraphiQL 3 edits with CodeMirror 5, which hangs its editor object on the element.
EDITOR_TEXT = "selector => document.querySelector(selector).CodeMirror.getValue()"


class LocalOnly:
    """Aborts every request that is not for the test server (127.0.0.1) and remembers it."""

    def __init__(self) -> None:
        self.blocked: list[str] = []

    async def handle(self, route: Route) -> None:
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            await route.continue_()
        else:
            self.blocked.append(route.request.url)
            await route.abort("internetdisconnected")


@pytest.fixture
async def page() -> AsyncIterator[Page]:
    """A page in headless Chromium that cannot reach anything but 127.0.0.1."""
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/browser (the browser test never skips)")
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        try:
            page = await browser.new_page(viewport={"width": 1280, "height": 800})
            page.set_default_timeout(STEP_MS)
            yield page
        finally:
            await browser.close()


async def test_graphiql_runs_a_query_offline(server: Server, page: Page) -> None:
    await small_district(server.store)
    # GraphiQL asks without a token, as the public: open the resources it will list (Art.21).
    await open_to_the_public(server.store, "101001/000001", "101001/000002", "301001/000001", "301001/000002", "301001/000003")
    local = LocalOnly()
    await page.route("**/*", local.handle)
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))

    await page.goto(f"{server.url}/graphql")
    query_editor = page.locator(".graphiql-query-editor .CodeMirror")
    await query_editor.wait_for()
    # The examples are preloaded as tabs, each named by its operation.
    await expect(page.locator(".graphiql-tab")).to_have_text(
        ["CatalogPage", "ResourceDetail", "Search", "Lineage", "Impact", "CitationPermission", "OpenCatalog", "MigrationPlan", "Findings"], use_inner_text=True, timeout=STEP_MS
    )
    assert (await page.evaluate(EDITOR_TEXT, ".graphiql-query-editor .CodeMirror")).startswith("# 目录分页 — a catalog page\nquery CatalogPage(")

    await query_editor.click()
    await page.keyboard.press("Control+A")
    await page.keyboard.insert_text(QUERY)
    # The button, not Shift-Ctrl-P: the editor opens its completion list on the key's release.
    await page.get_by_role("button", name="Prettify query (Shift-Ctrl-P)").click()
    # GraphiQL reads the operation name after a debounce; running sooner would send the old one.
    await expect(page.locator(".graphiql-tab-active")).to_have_text("<untitled>", use_inner_text=True, timeout=STEP_MS)
    await page.get_by_role("button", name="Execute query (Ctrl-Enter)").click()
    await expect(page.locator(".graphiql-response")).to_contain_text('"totalCount": 5', timeout=STEP_MS)
    assert (await page.evaluate(EDITOR_TEXT, ".graphiql-query-editor .CodeMirror")).startswith("{\n  resources(first: 2) {\n")
    result: dict[str, Any] = json.loads(await page.evaluate(EDITOR_TEXT, ".graphiql-response .CodeMirror"))
    assert result == {
        "data": {
            "resources": {
                "totalCount": 5,
                "edges": [
                    {"node": {"code": "101001/000001", "name": "人口基础信息"}},
                    {"node": {"code": "101001/000002", "name": "户籍人口信息"}},
                ],
            }
        }
    }

    # The explorer plugin (its own UMD file, global GraphiQLPluginExplorer) renders the schema.
    await page.get_by_role("button", name="Show GraphiQL Explorer").click()
    await expect(page.locator(".graphiql-explorer-root")).to_contain_text("openCatalog", timeout=STEP_MS)

    if os.environ.get("GOVGRAPH_SCREENSHOTS") == "1":
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        await page.screenshot(path=SCREENSHOT)
    assert local.blocked == [], "the page tried to reach beyond the server"
    assert problems == []


async def test_without_assets_the_page_says_how_to_install_them(store: GraphStore, tmp_path: Path) -> None:
    await small_district(store)
    empty = tmp_path / "no-assets"
    empty.mkdir()
    async for server in serve(store, assets_dir=empty):
        page = await server.client.get("/graphql", headers={"Accept": "text/html"})
        assert page.status_code == 503 and page.headers["content-type"].startswith("text/html")
        assert "GraphiQL's files are not installed" in page.text and "scripts/assets" in page.text
        assert (await server.client.get("/graphiql/assets/graphiql.js")).status_code == 404
        # The API does not need the assets.
        assert await server.gql("{ resources(first: 2) { totalCount } }") == {"resources": {"totalCount": 5}}

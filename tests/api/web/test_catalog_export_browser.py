"""The derived catalogs' and a catalog's tables in real Chromium over the sample district, on both stores:
the current selection downloaded as the national template CSV is exactly what the table lists, as
the signed-in department may see it (Art.24), and the public's export holds the open catalog only."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from playwright.async_api import BrowserContext, Page, expect

from graph.access import Principal, Role
from lineage.clock import today
from loaders.national_csv import CODE, ITEM, parse_national_csv
from tests.api.conftest import PUBLIC, Server
from tests.api.web.test_webapp_browser import Watch, accessible, app_server, context, sign_in  # noqa: F401 (fixtures)

STATS = "11110107185980569F"  # 区统计局 in the sample district
STATS_USER = Principal(STATS, frozenset({Role.DEPARTMENT_USER}), "stats@test")
ROWS = """query($filter: ResourceFilter, $after: String) { %s(first: 100, after: $after, filter: $filter) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { code itemCount } } } }"""


async def listed(server: Server, field: str, principal: Principal, filter: dict[str, Any] | None = None) -> dict[str, Any]:
    """Every page of the connection `field` as `principal` sees it: its total and all its edges."""
    edges: list[dict[str, Any]] = []
    after = None
    while True:
        page = (await server.gql(ROWS % field, {"filter": filter, "after": after}, principal=principal))[field]
        edges += page["edges"]
        if not page["pageInfo"]["hasNextPage"]:
            return {"totalCount": page["totalCount"], "edges": edges}
        after = page["pageInfo"]["endCursor"]


async def download(page: Page, button: str, tmp_path: Path) -> tuple[str, dict[str, list[str]]]:
    """Press the export button; the file's name and its items per resource (after checking it loads back)."""
    async with page.expect_download() as info:
        await page.get_by_role("button", name=button).click()
    done = await info.value
    path = tmp_path / done.suggested_filename
    await done.save_as(path)
    data = path.read_bytes()
    assert not parse_national_csv(data, path.name).problems.problems
    found: dict[str, list[str]] = {}
    for row in csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")):
        found.setdefault(row[CODE], []).append(row[ITEM])
    return done.suggested_filename, found


def expected(connection: dict[str, Any]) -> dict[str, int]:
    """Rows per resource: one per item the principal sees, one for a resource with none (Art.24)."""
    assert connection["totalCount"] == len(connection["edges"])
    return {e["node"]["code"]: max(1, e["node"]["itemCount"]) for e in connection["edges"]}


async def test_a_department_downloads_the_conditional_share_catalog_it_sees(app_server: Server, context: tuple[BrowserContext, Watch], tmp_path: Path) -> None:
    ctx, watch = context
    page = await ctx.new_page()
    base = app_server.url
    await page.goto(f"{base}/signin")
    await sign_in(page, "区统计局", "部门用户")
    await expect(page.get_by_role("banner")).to_contain_text("区统计局")
    await page.goto(f"{base}/catalogs/share")
    await expect(page.get_by_role("heading", name="共享目录", level=1)).to_be_visible()

    # The facets count what 区统计局 may see; narrow the table to the conditional resources, then export what it lists.
    shown = await listed(app_server, "shareCatalog", STATS_USER, {"shareType": ["CONDITIONAL"]})
    total = shown["totalCount"]
    facets = page.get_by_role("navigation", name="按分面筛选目录")
    await facets.get_by_role("checkbox", name=f"有条件共享（{total}）").check()
    await expect(page.get_by_text(f"共 {total} 项")).to_be_visible()
    await accessible(page)
    name, found = await download(page, f"导出 CSV（{total} 项资源）", tmp_path)
    assert name == f"共享目录-{today().isoformat()}.csv"
    assert {code: len(items) for code, items in found.items()} == expected(shown)
    # Art.24: some conditional resource's items are hidden from 区统计局 (it holds no use of it).
    hidden = [code for code, items in found.items() if items == [""]]
    assert hidden, "the sample district should have a conditional resource 区统计局 may not read the items of"
    await expect(page.get_by_role("status").filter(has_text="已导出")).to_contain_text(f"已导出 {sum(len(v) for v in found.values())} 行")

    # A provider chosen among the facets narrows the table, its facet counts and the export alike.
    mine = await listed(app_server, "shareCatalog", STATS_USER, {"shareType": ["CONDITIONAL"], "provider": STATS})
    await facets.get_by_role("combobox", name="提供部门").click()
    await page.keyboard.type("区统计局")
    await page.locator(".ant-select-item-option", has_text=f"区统计局（{mine['totalCount']}）").first.click()
    await expect(page.get_by_text(f"共 {mine['totalCount']} 项")).to_be_visible()
    await accessible(page)
    _name, narrowed = await download(page, f"导出 CSV（{mine['totalCount']} 项资源）", tmp_path)
    assert {code: len(items) for code, items in narrowed.items()} == expected(mine)
    watch.check()


async def test_the_public_downloads_the_open_catalog(app_server: Server, context: tuple[BrowserContext, Watch], tmp_path: Path) -> None:
    ctx, watch = context
    page = await ctx.new_page()
    await page.goto(f"{app_server.url}/open/catalog")
    shown = await listed(app_server, "openCatalog", PUBLIC)
    await expect(page.get_by_text(f"共 {shown['totalCount']} 项")).to_be_visible()
    name, found = await download(page, f"导出 CSV（{shown['totalCount']} 项资源）", tmp_path)
    assert name == f"开放目录-{today().isoformat()}.csv"
    assert {code: len(items) for code, items in found.items()} == expected(shown)
    watch.check()

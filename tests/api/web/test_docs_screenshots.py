"""The documentation's screenshots, taken from the sample district in a real Chromium, signed in as the
pages show: a department user's search and resource page, the lineage explorer, GraphiQL and its Lineage panel as the EIC and the annual
report. With `GOVGRAPH_SCREENSHOTS=1` they are written into docs/screenshots/ (the pages link them);
otherwise into the test's own directory, and checked either way."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.async_api import BrowserContext, expect

from api.web.report_page import render
from lineage import clock
from lineage.report import annual_report
from tests.api.conftest import Server
from tests.api.web.test_webapp_browser import RESOURCE, SEARCH_BOX, Watch, app_server, context, run_in_graphiql, sign_in, stored_token  # noqa: F401  (fixtures)
from tests.conftest import ROOT

pytestmark = pytest.mark.embedded
RENDER_MS = 800  # cytoscape sharpens its labels after the first frame
LINEAGE = (
    '{\n  lineage(code: "101001/000001", direction: DOWNSTREAM, depth: 1) {\n    truncated depthReached\n'
    "    nodes { id kind code name depth redacted node { ... on Resource { effectiveShareType } } }\n"
    "    edges { source target kind relationship transform desensitisation }\n  }\n}"
)
MIGRATION_PLAN = "{\n  migrationPlan {\n    summary { systems moving staying waves cycles }\n    waves { number size systems { code name verdict } }\n  }\n}"


def where(tmp_path: Path) -> Path:
    target = ROOT / "docs" / "screenshots" if os.environ.get("GOVGRAPH_SCREENSHOTS") == "1" else tmp_path
    target.mkdir(parents=True, exist_ok=True)
    return target


def looks_like_a_picture(path: Path) -> None:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000, path


@pytest.mark.parametrize("store", ["embedded"], indirect=True)
async def test_screenshots_of_the_sample(app_server: Server, context: tuple[BrowserContext, Watch], tmp_path: Path) -> None:  # noqa: F811
    ctx, watch = context
    shots = where(tmp_path)
    base = app_server.url

    page = await ctx.new_page()
    await page.goto(f"{base}/signin")
    await sign_in(page, "区卫生健康委", "部门用户")
    await page.get_by_label(SEARCH_BOX).fill("户籍 人口")
    await page.get_by_label(SEARCH_BOX).press("Enter")
    results = page.get_by_role("region", name="搜索结果")
    await expect(results.get_by_role("listitem").first).to_contain_text("户籍人口基本信息")
    await expect(page.get_by_role("navigation", name="按分面筛选搜索结果")).to_contain_text("信息资源（")
    await page.screenshot(path=shots / "sample-search.png")
    await page.goto(f"{base}/resources/{RESOURCE.replace('/', '%2F')}")
    await expect(page.get_by_role("heading", name="出生医学证明信息", level=1)).to_be_visible()
    await expect(page.locator(".ant-card").filter(has_text="信息项（13 项）")).to_be_visible()
    await page.screenshot(path=shots / "sample-resource.png")

    explorer = await ctx.new_page()
    await explorer.goto(f"{base}/explore")
    await expect(explorer.get_by_label("令牌")).to_have_value(await stored_token(page) or "")
    await explorer.fill("#depth", "2")
    await explorer.fill("#search", "101001/000001")
    await explorer.press("#search", "Enter")
    await explorer.wait_for_function("window.govgraphExplorer && window.govgraphExplorer.drawn >= 1")
    await expect(explorer.locator("#status")).to_contain_text("个节点")
    await explorer.wait_for_timeout(RENDER_MS)
    await explorer.screenshot(path=shots / "sample-explorer.png")

    eic = await ctx.new_page()  # the same browser: signed in anew as the EIC, as scripts/serve's user would
    await eic.goto(f"{base}/signin")
    await page.close()
    await explorer.close()
    await eic.evaluate("() => localStorage.removeItem('govgraph.token')")
    await eic.goto(f"{base}/signin")
    await sign_in(eic, "区经济信息化委", "区经济信息化委")
    await expect(eic.get_by_role("banner")).to_contain_text("区经济信息化委")
    await eic.goto(f"{base}/graphql")
    await run_in_graphiql(eic, MIGRATION_PLAN)
    await expect(eic.locator(".graphiql-response")).to_contain_text('"waves": 4')
    await eic.screenshot(path=shots / "sample-graphiql.png")
    await run_in_graphiql(eic, LINEAGE)  # and GraphiQL's Lineage panel drawing the answer, as the tour's step 2 asks it
    await expect(eic.locator(".graphiql-response")).to_contain_text('"depthReached": 1')
    await eic.get_by_role("button", name="Show Lineage").click()
    await eic.wait_for_function("window.govgraphLineagePanel && window.govgraphLineagePanel.drawn > 0")
    await expect(eic.locator(".govgraph-lineage-plugin-counts")).to_contain_text("15 个节点")
    bar = eic.locator(".graphiql-horizontal-drag-bar").first  # widened, as an analyst would, beside the JSON
    box = await bar.bounding_box()
    assert box is not None
    await eic.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    await eic.mouse.down()
    await eic.mouse.move(box["x"] + 420, box["y"] + box["height"] / 2, steps=5)
    await eic.mouse.up()
    await eic.get_by_role("button", name="适应").click()
    await eic.wait_for_timeout(RENDER_MS)
    await eic.screenshot(path=shots / "sample-graphiql-lineage.png")

    report = await ctx.new_page()
    found = await annual_report(app_server.store, 2025)
    await report.set_content(render(found, clock.today()))
    await report.screenshot(path=shots / "sample-report.png")
    watch.check()

    for name in ("sample-search.png", "sample-resource.png", "sample-explorer.png", "sample-graphiql.png", "sample-graphiql-lineage.png", "sample-report.png"):
        looks_like_a_picture(shots / name)

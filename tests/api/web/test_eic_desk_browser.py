"""The EIC's desk as the EIC uses it, in a real headless Chromium over the sample district, on both
stores, signed in through the development sign-in page: findings triaged (the same totals as
`findings(filter:)`, drilled to a subject's page), the migration board (every system's verdict as
`migrationVerdicts` gives it, a pin to wave 3, capacity 1 marking the oversized cycle, two saved
scenarios compared), and the annual report; a department cannot open the desk.

Every page state is checked with axe-core; no page may log a console error or reach any host but the server.
"""

from __future__ import annotations

import re
from typing import Any

from playwright.async_api import BrowserContext, Page, expect

from graph.access import Principal, Role
from tests.api.conftest import Server
from tests.api.web.test_webapp_browser import Watch, accessible, app_server, context, sign_in, stored_token  # noqa: F401 (fixtures)

__all__ = ["app_server", "context"]

NAV = "主导航"
DESK = "经信委工作台"
HEALTH = Principal("111101075771478671", frozenset({Role.DEPARTMENT_USER}), "health@test")
CYCLE_MEMBER = "SJS-WJW-QMJK"  # moves with four other systems that need each other's data (wave 2 unpinned)
CYCLE_DEPENDENT = "SJS-WJW-FYBJ"  # takes data from SJS-WJW-QMJK through an interface

PLAN = """query ($input: MigrationPlanInput) { migrationPlan(input: $input) {
  waves { number oversized systems { code wave reasons { kind message } } } } }"""


async def total(server: Server, filter_: dict[str, Any]) -> int:
    """findings(filter:)'s totalCount, as the EIC (every rule runs: on a busy Neo4j that can take more than the client's usual 30 s)."""
    query = "query ($f: FindingFilter) { findings(filter: $f, first: 1) { totalCount } }"
    answer = await server.client.post("/graphql", json={"query": query, "variables": {"f": filter_}}, headers=server.headers(), timeout=300)
    assert answer.status_code == 200 and "errors" not in answer.json(), answer.text
    return int(answer.json()["data"]["findings"]["totalCount"])


async def statistic(page: Page, title: str) -> int:
    box = page.locator(".ant-statistic", has=page.locator(".ant-statistic-title", has_text=re.compile(f"^{title}$")))
    return int((await box.locator(".ant-statistic-content-value").inner_text()).replace(",", ""))


async def open_desk(context: tuple[BrowserContext, Watch], base: str, tab: str) -> tuple[Page, Watch]:
    """A new tab, signed in as the EIC through the sign-in page, on the desk's `tab` reached from the header."""
    ctx, watch = context
    page = await ctx.new_page()
    await page.goto(f"{base}/signin")
    await sign_in(page, "区经济信息化委", "区经济信息化委")
    await page.get_by_role("navigation", name=NAV).get_by_role("link", name=DESK).click()
    await expect(page.get_by_role("heading", name="区经济信息化委工作台", level=1)).to_be_visible()
    await page.get_by_role("tab", name=tab).click()
    return page, watch


async def placements(server: Server, input_: dict[str, Any]) -> dict[str, int]:
    plan = (await server.gql(PLAN, {"input": input_}))["migrationPlan"]
    return {s["code"]: w["number"] for w in plan["waves"] for s in w["systems"]}


async def pin(page: Page, system: str, wave: int) -> None:
    await page.get_by_role("combobox", name="选择要固定批次的系统").click()
    await page.keyboard.type(system)
    await page.locator(".ant-select-item-option", has_text=system).first.click()
    await page.get_by_role("spinbutton", name="批次").fill(str(wave))
    await page.get_by_role("button", name="固定到该批次").click()


def wave_column(page: Page, number: int) -> Any:
    return page.locator(f'.gg-wave[data-wave="{number}"]')


async def test_the_eic_triages_findings_and_drills_to_a_subject(app_server: Server, context: tuple[BrowserContext, Watch]) -> None:
    page, watch = await open_desk(context, app_server.url, "合规发现")

    # The same totals as findings(filter:): in all, per severity, and for an article.
    everything = await total(app_server, {})
    await expect(page.locator(".ant-statistic", has_text="发现数")).to_contain_text(str(everything))
    assert await statistic(page, "发现数") == everything
    for severity, label in (("HIGH", "高"), ("MEDIUM", "中"), ("LOW", "低")):
        assert await statistic(page, label) == await total(app_server, {"severity": [severity]}), severity
    by_article = page.locator(".ant-card", has_text="按条款").locator("tbody tr", has_text="Art.24")
    onward = await total(app_server, {"article": ["Art.24"]})
    await expect(by_article.locator("td").nth(1)).to_have_text(str(onward))
    await page.locator(".ant-card", has=page.locator(".ant-card-head-title", has_text="按条款")).get_by_role("img").first.wait_for()
    await accessible(page)

    # A click on the article's row filters the list to it; a department's too (both must match).
    await by_article.click()
    await expect(page.get_by_role("heading", name=f"合规发现（{onward} 项）")).to_be_visible()
    health = await total(app_server, {"article": ["Art.24"], "department": HEALTH.department})
    await page.get_by_role("combobox", name="责任部门").click()
    await page.keyboard.type("区卫生健康委")
    await page.locator(".ant-select-item-option", has_text="区卫生健康委").first.click()
    await page.keyboard.press("Escape")
    await expect(page.get_by_role("heading", name=f"合规发现（{health} 项）")).to_be_visible()
    await accessible(page)

    # Each finding links to its subject's page.
    first = page.get_by_role("region", name="合规发现列表").locator("tbody tr").first.get_by_role("link").first
    await first.click()
    await expect(page).to_have_url(re.compile(r"/(resources|systems|departments)/"))
    await expect(page.get_by_role("heading", level=1)).to_be_visible()
    watch.check()


async def test_the_eic_plans_the_move_on_the_board_and_compares_scenarios(app_server: Server, context: tuple[BrowserContext, Watch]) -> None:
    page, watch = await open_desk(context, app_server.url, "迁移看板")

    # Every system's verdict, as migrationVerdicts gives it, page after page of the board's table.
    verdicts: dict[str, str] = {}
    after = None
    while True:
        data = await app_server.gql(
            "query ($after: String) { migrationVerdicts(first: 100, after: $after) { pageInfo { hasNextPage endCursor } edges { node { code verdict } } } }", {"after": after}
        )
        verdicts.update({e["node"]["code"]: e["node"]["verdict"] for e in data["migrationVerdicts"]["edges"]})
        if not data["migrationVerdicts"]["pageInfo"]["hasNextPage"]:
            break
        after = data["migrationVerdicts"]["pageInfo"]["endCursor"]
    labels = (await app_server.gql('{ enumLabels(names: ["MigrationVerdict"]) { values { value label } } }'))["enumLabels"][0]["values"]
    label = {v["value"]: v["label"] for v in labels}
    table = page.locator(".ant-card", has=page.locator(".ant-card-head-title", has_text="各系统的迁移结论"))
    await expect(table.locator(".ant-card-head-title")).to_contain_text(f"（{len(verdicts)} / {len(verdicts)}）")
    seen: dict[str, str] = {}
    while True:
        rows = await table.locator("tbody tr[data-row-key]").evaluate_all("rows => rows.map(r => [r.dataset.rowKey, r.querySelector('.ant-tag').textContent])")
        seen.update({code: text for code, text in rows})
        following = table.locator(".ant-pagination-next")
        if await following.get_attribute("aria-disabled") == "true":
            break
        await following.click()
    assert seen == {code: label[v] for code, v in verdicts.items()}
    await accessible(page)

    # Pinning a cycle's member to wave 3 moves its group there; pinning what needs its data to wave 1 warns.
    await pin(page, CYCLE_MEMBER, 3)
    member = wave_column(page, 3).locator(f'[data-code="{CYCLE_MEMBER}"]')
    await expect(member).to_contain_text("已固定")
    await pin(page, CYCLE_DEPENDENT, 1)
    dependent = wave_column(page, 1).locator(f'[data-code="{CYCLE_DEPENDENT}"]')
    both = {"pinned": [{"system": CYCLE_MEMBER, "wave": 3}, {"system": CYCLE_DEPENDENT, "wave": 1}]}
    waves = (await app_server.gql(PLAN, {"input": both}))["migrationPlan"]["waves"]
    warning = next(r["message"] for w in waves for s in w["systems"] if s["code"] == CYCLE_DEPENDENT for r in s["reasons"] if r["kind"] == "PIN_BEFORE_DEPENDENCY")
    assert warning.startswith("被指定在第 1 批")
    await expect(dependent.get_by_role("note")).to_have_text(warning)
    await expect(page.get_by_role("alert").filter(has_text="规划警告")).to_contain_text(warning)
    await accessible(page)
    pinned = await placements(app_server, both)
    assert pinned[CYCLE_MEMBER] == 3 and pinned[CYCLE_DEPENDENT] == 1
    await page.get_by_role("textbox", name="方案名称").fill("固定两个系统")
    await page.get_by_role("button", name="保存为方案").click()

    # Capacity 1 without pins: the cycle of five takes a wave alone, marked oversized.
    await page.get_by_role("button", name="清除固定和容量").click()
    await page.get_by_label("每批容量").fill("1")
    one = (await app_server.gql(PLAN, {"input": {"capacityPerWave": 1}}))["migrationPlan"]
    oversized = next(w for w in one["waves"] if w["oversized"])
    column = wave_column(page, oversized["number"])
    await expect(column).to_contain_text("超大依赖组：单独成批")
    await expect(column.locator(f'[data-code="{CYCLE_MEMBER}"]').get_by_role("note")).to_contain_text("超过每批容量 1")
    await page.get_by_role("textbox", name="方案名称").fill("每批一个")
    await page.get_by_role("button", name="保存为方案").click()

    # The two scenarios side by side: the systems whose wave differs, as the API's two plans say.
    await page.get_by_role("combobox", name="方案甲").click()
    await page.locator(".ant-select-item-option", has_text="固定两个系统").click()
    await page.get_by_role("combobox", name="方案乙").click()
    await page.locator(".ant-select-item-option", has_text="每批一个").last.click()
    capacity_one = {s["code"]: w["number"] for w in one["waves"] for s in w["systems"]}
    moved = sorted(code for code in set(pinned) | set(capacity_one) if pinned.get(code) != capacity_one.get(code))
    comparison = page.get_by_role("region", name="方案比较")
    await expect(comparison.get_by_role("heading", name=f"批次不同的系统（{len(moved)}）")).to_be_visible()
    shown = await comparison.locator("tbody tr[data-row-key]").evaluate_all("rows => rows.map(r => r.dataset.rowKey)")
    assert sorted(shown) == moved
    await expect(comparison).to_contain_text(f"仅“固定两个系统”有的警告（1）")
    await accessible(page)

    # A moving system's impact: what its move must be announced to.
    await column.locator(f'[data-code="{CYCLE_MEMBER}"]').get_by_role("button", name="迁移影响").click()
    await expect(page.get_by_role("dialog")).to_contain_text("存储的信息资源")
    watch.check()


async def test_the_eic_reads_the_annual_report_and_a_department_cannot_open_the_desk(app_server: Server, context: tuple[BrowserContext, Watch]) -> None:
    page, watch = await open_desk(context, app_server.url, "年度报告")
    await page.get_by_role("spinbutton", name="年度", exact=True).fill("2025")
    await page.get_by_role("button", name="生成报告").click()
    report = page.frame_locator('iframe[title="2025 年度报告"]')
    await expect(report.locator("h1")).to_contain_text("2025年度报告", timeout=180_000)
    await expect(page.get_by_role("button", name="下载")).to_be_enabled()
    async with page.expect_download() as saved:
        await page.get_by_role("button", name="下载").click()
    assert (await saved.value).suggested_filename.endswith("2025年度报告.html")
    await page.mouse.move(0, 0)  # the pressed button's hover colour is not the page's
    await page.get_by_role("heading", level=1).click()
    await accessible(page)

    # A department's user: no link to the desk, the desk refuses, and so does the report.
    await page.get_by_role("banner").get_by_role("button", name="退出登录").click()
    await page.goto(f"{app_server.url}/signin")
    await sign_in(page, "区卫生健康委", "部门用户")
    await expect(page.get_by_role("banner")).to_contain_text("区卫生健康委")
    await expect(page.get_by_role("navigation", name=NAV).get_by_role("link", name=DESK)).to_have_count(0)
    await page.goto(f"{app_server.url}/eic?tab=migration")
    await expect(page.get_by_text("无权使用工作台")).to_be_visible()
    await expect(page.get_by_role("tab")).to_have_count(0)
    token = await stored_token(page)
    refused = await app_server.client.get("/report?year=2025", headers={"Authorization": f"Bearer {token}"})
    assert token and refused.status_code == 403
    await accessible(page)
    watch.check()

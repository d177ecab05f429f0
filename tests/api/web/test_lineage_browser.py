"""The lineage picture and the impact list in a real headless Chromium over the sample district, on
both stores, signed in as the district's people (issue 31): the EIC reads 户籍人口基本信息's lineage
from its resource page, grows it one node at a time without anything drawn moving, folds it back, and
reads the impact of an error as a list; a 区卫健委 user sees what it may not see as groups, never as
a wall of placeholders. Every page is checked with axe-core; none may log an error or reach another host.
"""

from __future__ import annotations

from typing import Any

from playwright.async_api import BrowserContext, Locator, Page, expect

from tests.api.conftest import Server
from tests.api.web.test_webapp_browser import Watch, accessible, app_server, context, sign_in  # noqa: F401 (fixtures)

SHOWCASE = "101001/000001"  # 户籍人口基本信息, 区公安分局's: the README's showcase
NODES = ".react-flow__node"

LINEAGE = """
query ($code: String!, $direction: FlowDirection!, $depth: Int!, $follow: [FlowKind!]) {
  lineage(code: $code, direction: $direction, depth: $depth, follow: $follow) {
    truncated
    nodes { id code name redacted moreUpstream moreDownstream usage { uses consumers hiddenUses } }
  }
}"""


async def ask(page: Page, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    """The API's answer to `query`, asked from the page with the signed-in person's token."""
    answer: dict[str, Any] = await page.evaluate(
        """async ([query, variables]) => {
            const token = localStorage.getItem('govgraph.token');
            const response = await fetch('/graphql', {method: 'POST', headers: {'content-type': 'application/json', authorization: `Bearer ${token}`}, body: JSON.stringify({query, variables})});
            return response.json();
        }""",
        [query, variables],
    )
    assert "errors" not in answer, answer
    data: dict[str, Any] = answer["data"]
    return data


async def boxes(page: Page) -> dict[str, tuple[float, float]]:
    """Where each drawn box is on the screen (its id: the API's node ID, or a group's)."""
    found: dict[str, tuple[float, float]] = {}
    for node in await page.locator(NODES).all():
        key = await node.get_attribute("data-id")
        box = await node.bounding_box()
        assert key and box
        found[key] = (round(box["x"], 1), round(box["y"], 1))
    return found


async def drawn(page: Page) -> None:
    """Wait until the picture is drawn and measured (the page marks it) and its transitions end."""
    await expect(page.locator(".gg-drawn")).to_have_count(1)
    await page.wait_for_function("() => document.getAnimations().every((a) => a.playState !== 'running')")


async def signed_in(ctx: BrowserContext, base: str, department: str, role: str) -> Page:
    """A new tab, signed in through the sign-in page as `role` of `department`."""
    page = await ctx.new_page()
    await page.goto(f"{base}/signin")
    await sign_in(page, department, role)
    await expect(page.get_by_role("banner")).to_contain_text(department)
    return page


async def box_of(page: Page, node_id: str) -> Locator:
    return page.locator(f'{NODES}[data-id="{node_id}"]')


async def test_the_eic_reads_grows_and_folds_the_showcase_lineage_and_its_impact_list(app_server: Server, context: tuple[BrowserContext, Watch]) -> None:
    ctx, watch = context
    base = app_server.url
    page = await signed_in(ctx, base, "区经济信息化委", "区经济信息化委")

    # From the resource page to its lineage: upstream and downstream, 6 steps, derivation only.
    await page.goto(f"{base}/resources/101001%2F000001")
    await page.get_by_role("link", name="查看血缘图").click()
    await expect(page).to_have_url(f"{base}/lineage?code=101001%2F000001")
    await expect(page.get_by_role("heading", level=1)).to_contain_text(SHOWCASE)
    await drawn(page)
    count = await page.locator(NODES).count()
    assert 2 <= count <= 40, f"the default view draws {count} boxes"
    await expect(page.get_by_role("radio", name="上下游")).to_be_checked()
    await expect(page.get_by_role("checkbox", name="加工派生")).to_be_checked()
    await expect(page.get_by_role("checkbox", name="共享使用")).not_to_be_checked()

    # Uses and consumers are badges on their resource, and say what the API counts.
    answer = (await ask(page, LINEAGE, {"code": SHOWCASE, "direction": "BOTH", "depth": 6, "follow": ["DERIVATION"]}))["lineage"]
    by_id = {n["id"]: n for n in answer["nodes"]}
    shown_uses = 0
    for key in (await boxes(page)).keys():
        node = by_id.get(key)
        if node is None or node["usage"] is None:
            continue
        box = await box_of(page, key)
        uses = node["usage"]["uses"]
        if uses:
            await expect(box.locator(".gg-badge").first).to_have_text(f"使用 {uses}")
            shown_uses += uses
        else:
            await expect(box.get_by_text("使用 ", exact=False)).to_have_count(0)
    start_usage = next(n for n in answer["nodes"] if n["code"] == SHOWCASE)["usage"]
    assert start_usage["uses"] > 0 and shown_uses >= start_usage["uses"]
    await accessible(page)

    # Selecting a box with the keyboard shows its details and does not grow the picture.
    before = await boxes(page)
    start = page.locator(f"{NODES}.selectable", has_text="户籍人口基本信息").first
    await start.focus()
    await page.keyboard.press("Enter")
    details = page.locator(".ant-card").filter(has_text="节点详情")
    await expect(details.get_by_role("heading", name="户籍人口基本信息")).to_be_visible()
    await expect(details).to_contain_text(SHOWCASE)
    assert await boxes(page) == before

    # Depth 1: the picture starts small, and a neighbour's + grows it on that side only, keeping
    # every box already drawn where it was; − folds it back to the picture before.
    await page.get_by_role("spinbutton", name="层数").fill("1")
    await page.get_by_role("spinbutton", name="层数").press("Enter")
    await expect(page).to_have_url(f"{base}/lineage?code=101001%2F000001&direction=BOTH&depth=1&level=RESOURCE&kinds=DERIVATION")
    await drawn(page)
    first = await boxes(page)
    answer = (await ask(page, LINEAGE, {"code": SHOWCASE, "direction": "BOTH", "depth": 1, "follow": ["DERIVATION"]}))["lineage"]
    assert answer["truncated"] is True
    growable = [n for n in answer["nodes"] if n["code"] != SHOWCASE and n["moreDownstream"] > 0 and n["id"] in first]
    assert growable, "a neighbour of the showcase at depth 1 has more downstream"
    node = growable[0]
    plus = (await box_of(page, node["id"])).get_by_role("button", name=f"{node['name']}：展开下游（{node['moreDownstream']} 个）")
    await plus.click()
    await expect(page.locator(NODES)).not_to_have_count(len(first))
    grown = await boxes(page)
    assert {k: grown[k] for k in first} == first, "a box already drawn moved when the picture grew"
    added = set(grown) - set(first)
    assert 1 <= len(added) <= node["moreDownstream"]
    for key in added:
        assert grown[key][0] > first[node["id"]][0], "a downstream neighbour is drawn right of its node"
    await accessible(page)
    await (await box_of(page, node["id"])).get_by_role("button", name=f"{node['name']}：收起下游").click()
    await expect(page.locator(NODES)).to_have_count(len(first))
    assert await boxes(page) == first

    # Search within the picture finds a box by its code.
    await page.get_by_label("在图中查找").fill(SHOWCASE)
    await expect(page.get_by_role("status").filter(has_text="图中有")).to_contain_text("图中有 1 处匹配")

    # The impact of an error, as a list: uses in force only by default, all of them on request.
    await page.get_by_role("link", name="影响清单").first.click()
    await expect(page).to_have_url(f"{base}/impact?code=101001%2F000001")
    await expect(page.get_by_role("heading", level=1)).to_contain_text("户籍人口基本信息")
    notify = page.locator(".ant-card").filter(has_text="需要通知的部门")
    await expect(notify).to_contain_text("区公安分局")
    await expect(notify).to_contain_text("抄送区经济信息化委")
    table = page.get_by_role("table")
    await expect(table.get_by_role("row").nth(1)).to_be_visible()
    summary = page.get_by_role("status").filter(has_text="共 ")
    in_force = await summary.inner_text()
    await accessible(page)
    await page.get_by_label("只看有效期内的使用").click()
    await expect(page).to_have_url(f"{base}/impact?code=101001%2F000001&all=1")
    await expect(summary).not_to_have_text(in_force)
    await page.get_by_role("checkbox", name="派生资源").click()
    await expect(page).to_have_url(f"{base}/impact?code=101001%2F000001&all=1&kind=DERIVED")
    await expect(page.locator(".ant-tag", has_text="共享使用")).to_have_text("共享使用 0")
    for row in (await table.get_by_role("row").all())[1:]:
        await expect(row.get_by_role("cell").first).to_have_text("派生资源")
    async with page.expect_download() as downloading:
        await page.get_by_role("button", name="导出 CSV").click()
    download = await downloading.value
    assert download.suggested_filename == "影响清单-101001-000001.csv"
    text = (await download.path()).read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].startswith('"类别","名称","代码"')
    assert len(text.splitlines()) == 1 + await table.get_by_role("row").count() - 1
    await accessible(page)
    watch.check()


async def test_a_health_commission_user_sees_what_it_may_not_see_as_groups(app_server: Server, context: tuple[BrowserContext, Watch]) -> None:
    ctx, watch = context
    base = app_server.url
    page = await signed_in(ctx, base, "区卫生健康委", "部门用户")

    # With uses and consumers drawn, the others' uses are placeholders: one group per node and side.
    await page.goto(f"{base}/lineage?code=101001%2F000001&direction=BOTH&depth=6&kinds=DERIVATION,USE")
    await drawn(page)
    answer = (await ask(page, LINEAGE, {"code": SHOWCASE, "direction": "BOTH", "depth": 6, "follow": ["DERIVATION", "USE"]}))["lineage"]
    hidden = sum(1 for n in answer["nodes"] if n["redacted"])
    assert hidden > 0, "the 区卫健委 user may not see every use of the showcase"
    groups = page.locator(NODES, has_text="个无权查看")
    await expect(groups.first).to_be_visible()
    # At most 40 boxes of nodes and placeholder groups, nearest first; a node at the edge of that says
    # what it folds (另有 N 个).
    assert 1 <= await page.locator(f"{NODES}-hidden").count() < await page.locator(f"{NODES}-entity, {NODES}-hidden").count() <= 40
    assert await page.locator(NODES).count() < len(answer["nodes"])
    await accessible(page)

    # The whole answer drawn: every placeholder is in a group, and there are fewer groups than placeholders.
    await page.get_by_role("button", name=f"全部画出（{len(answer['nodes'])} 个节点）").click()
    await expect(page.get_by_role("button", name="恢复折叠")).to_be_visible()
    await drawn(page)
    counts = [int((await g.locator(".gg-box-title").inner_text()).split(" ")[0]) for g in await groups.all()]
    assert sum(counts) == hidden
    assert len(counts) < hidden, "placeholders are grouped, not drawn one by one"
    await expect(page.locator(NODES)).to_have_count(len(answer["nodes"]) - hidden + len(counts))

    # The start picker finds a resource by name; its lineage opens with the defaults.
    await page.goto(f"{base}/lineage")
    await page.get_by_label("起点").fill("出生医学")
    await page.locator(".ant-select-item-option", has_text="101003/000001").first.click()
    await expect(page).to_have_url(f"{base}/lineage?code=101003%2F000001&direction=BOTH&depth=6&level=RESOURCE&kinds=DERIVATION")
    await drawn(page)
    await expect(page.locator(f"{NODES}", has_text="出生医学证明信息").first).to_be_visible()
    await accessible(page)
    watch.check()

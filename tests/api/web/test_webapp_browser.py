"""The web app as the district's people use it, in a real headless Chromium over the sample district,
on both stores, signed in through the development sign-in page exactly as `scripts/serve` offers it.

Every page the tests visit is checked with axe-core (from npm, web/app/node_modules) for serious
or critical violations; no page may log a console error or reach any host but the server.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import jwt
import pytest
from playwright.async_api import BrowserContext, Page, async_playwright, expect

from api.web.dev_tokens import dev_key
from graph.store import GraphStore
from loaders.sample_district import load_sample
from tests.api.conftest import PUBLIC, Server, serve
from tests.api.web.test_graphiql_browser import CHROMIUM, EDITOR_TEXT, STEP_MS, LocalOnly
from tests.api.web.test_webapp import dev_settings
from tests.conftest import ROOT

AXE = ROOT / "web" / "app" / "node_modules" / "axe-core" / "axe.min.js"
HEALTH = "111101075771478671"  # 区卫生健康委 in the sample district
EIC = "11110107836834283W"  # 区经济信息化委
RESOURCE = "101003/000001"  # 出生医学证明信息: 区卫健委's, conditionally shared, 13 items
SEARCH_BOX = "搜索信息资源、部门、系统和目录"
WAIT_MS = 60_000


class Watch:
    """Every page of a browser context: console errors, uncaught errors, and requests to other hosts (aborted)."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.local = LocalOnly()

    async def start(self, context: BrowserContext) -> None:
        await context.route("**/*", self.local.handle)
        context.on("page", self.attach)

    def attach(self, page: Page) -> None:
        page.on("console", lambda message: self.problems.append(f"{page.url}: {message.text}") if message.type == "error" else None)
        page.on("pageerror", lambda error: self.problems.append(f"{page.url}: {error}"))

    def check(self) -> None:
        assert self.local.blocked == [], "a page tried to reach beyond the server"
        assert self.problems == []


@pytest.fixture
async def app_server(store: GraphStore, tmp_path: Path) -> AsyncIterator[Server]:
    """The service over the sample district with the development keys, as scripts/serve runs it."""
    await load_sample(store)
    async for running in serve(store, store_timeout_seconds=120, **dev_settings(tmp_path)):
        yield running


@pytest.fixture
async def context() -> AsyncIterator[tuple[BrowserContext, Watch]]:
    """A browser context (its tabs share localStorage, as a person's browser does) that reaches only 127.0.0.1."""
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/browser (the browser test never skips)")
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run scripts/webapp (it installs the web app's packages)")
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        try:
            ctx = await browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
            # A Neo4j that has just started plans each statement the first time it sees it, which on a
            # busy two-core machine can take many seconds: slow, and not what these tests are about.
            ctx.set_default_timeout(WAIT_MS)
            expect.set_options(timeout=WAIT_MS)
            watch = Watch()
            await watch.start(ctx)
            yield ctx, watch
        finally:
            await browser.close()


async def accessible(page: Page) -> None:
    """axe-core finds no serious or critical violation on the page as it is now (once its transitions end)."""
    await page.wait_for_function("() => document.getAnimations().every((a) => a.playState !== 'running')")
    await page.add_script_tag(path=str(AXE))
    result: dict[str, Any] = await page.evaluate("async () => await axe.run(document, { resultTypes: ['violations'] })")
    grave = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[(n['target'], n['failureSummary']) for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert grave == [], f"{page.url}: {grave}"


async def sign_in(page: Page, department: str, role: str) -> None:
    """Through the sign-in page, as a person: pick the department by name, tick the role, press 登录."""
    await expect(page.get_by_role("heading", name="登录", exact=True)).to_be_visible()
    await page.get_by_role("combobox", name="部门").click()
    await page.keyboard.type(department)
    await page.locator(".ant-select-item-option", has_text=department).first.click()
    for box in await page.get_by_role("checkbox").all():
        if await box.is_checked():
            await box.uncheck()
    await page.get_by_role("checkbox", name=role, exact=True).check()
    await page.get_by_role("button", name="登录", exact=True).click()


async def stored_token(page: Page) -> str | None:
    token: str | None = await page.evaluate("() => localStorage.getItem('govgraph.token')")
    return token


async def test_a_health_commission_user_signs_in_searches_and_reads_a_resource(app_server: Server, context: tuple[BrowserContext, Watch]) -> None:
    ctx, watch = context
    page = await ctx.new_page()
    base = app_server.url

    # A newcomer is the public: the app opens on the open catalog and offers to sign in.
    await page.goto(f"{base}/")
    await expect(page).to_have_url(f"{base}/open/catalog")
    await expect(page.get_by_role("heading", name="开放目录", level=1)).to_be_visible()
    await expect(page.get_by_role("banner")).to_contain_text("公众")
    await accessible(page)
    await page.get_by_role("banner").get_by_role("button", name="登录").click()
    await expect(page).to_have_url(f"{base}/signin")
    await accessible(page)

    await sign_in(page, "区卫生健康委", "部门用户")
    banner = page.get_by_role("banner")
    await expect(banner).to_contain_text("区卫生健康委")
    await expect(banner).to_contain_text("部门用户")
    await expect(page.get_by_role("heading", name="政务信息资源目录", level=1)).to_be_visible()
    token = await stored_token(page)
    assert token and token.count(".") == 2
    await accessible(page)

    # Search with two terms (ranked: 户籍人口基本信息 first), then open it: another department's
    # conditional resource, whose share condition shows and which the user may request (申请使用).
    await page.get_by_label(SEARCH_BOX).fill("户籍 人口")
    await page.get_by_label(SEARCH_BOX).press("Enter")
    await expect(page).to_have_url(f"{base}/search?q=%E6%88%B7%E7%B1%8D%20%E4%BA%BA%E5%8F%A3")
    results = page.get_by_role("region", name="搜索结果")
    await expect(results.get_by_role("listitem").first).to_contain_text("户籍人口基本信息")
    await expect(results.get_by_role("listitem").first).to_contain_text("名称含全部词")
    await expect(page.get_by_role("navigation", name="按分面筛选搜索结果")).to_contain_text("信息资源（")
    await accessible(page)
    await results.get_by_role("link", name="户籍人口基本信息").click()
    await expect(page).to_have_url(f"{base}/resources/101001%2F000001")
    await expect(page.get_by_role("heading", name="户籍人口基本信息", level=1)).to_be_visible()
    sharing = page.locator(".ant-descriptions").filter(has_text="共享与开放")
    await expect(sharing.get_by_role("row").filter(has_text="共享条件")).to_contain_text("仅限政务部门依法履职使用")
    await expect(page.locator(".ant-card").filter(has_text="信息项（")).to_contain_text("须经授权使用后方可查看")
    await expect(page.get_by_role("button", name="申请使用")).to_be_visible()
    await accessible(page)

    # Its own resource: every item, and no 申请使用 (a department needs no share of its own data).
    await page.get_by_role("navigation", name="主导航").get_by_role("link", name="首页").click()
    await page.get_by_label(SEARCH_BOX).fill("出生医学")
    await page.get_by_label(SEARCH_BOX).press("Enter")
    await expect(page).to_have_url(f"{base}/search?q=%E5%87%BA%E7%94%9F%E5%8C%BB%E5%AD%A6")
    results = page.get_by_role("region", name="搜索结果")
    await expect(results).to_contain_text("已显示")
    await results.get_by_role("link", name="出生医学证明信息").click()

    await expect(page).to_have_url(f"{base}/resources/101003%2F000001")
    await expect(page.get_by_role("heading", name="出生医学证明信息", level=1)).to_be_visible()
    await check_resource_page(page)
    await expect(page.get_by_role("button", name="申请使用")).to_have_count(0)
    await accessible(page)

    # A reload keeps the session and the page (a deep link the server answers with the app).
    await page.reload()
    await expect(page.get_by_role("banner")).to_contain_text("区卫生健康委")
    await check_resource_page(page)
    assert await stored_token(page) == token

    # The catalogs: the tree, a catalog's resources; the share catalog sorts by a column.
    await page.get_by_role("navigation", name="主导航").get_by_role("link", name="目录", exact=True).click()
    await page.get_by_role("tree", name="目录树").get_by_text("人口基础信息资源目录", exact=False).first.click()
    await expect(page.get_by_role("heading", level=2)).to_contain_text("人口")
    await expect(page.get_by_role("cell", name="101003/000001")).to_be_visible()
    await accessible(page)
    await page.get_by_role("navigation", name="主导航").get_by_role("link", name="共享目录").click()
    await expect(page.get_by_role("heading", name="共享目录", level=1)).to_be_visible()
    await expect(page.get_by_text("已显示 50 / 共")).to_be_visible()
    await accessible(page)

    # GraphiQL, opened from the app in a new tab, sends the same sign-in on its requests.
    async with ctx.expect_page() as opened:
        await page.get_by_role("navigation", name="主导航").get_by_role("link", name="GraphiQL").click()
    graphiql = await opened.value
    sent: list[str | None] = []
    graphiql.on("request", lambda r: sent.append(r.headers.get("authorization")) if r.url.endswith("/graphql") and r.method == "POST" else None)
    await expect(graphiql.locator(".govgraph-signed-in")).to_have_text("已登录：区卫生健康委 · 部门用户")
    await run_in_graphiql(graphiql, "{ me { department roles } }")
    await expect(graphiql.locator(".graphiql-response")).to_contain_text(HEALTH)
    assert sent and all(header == f"Bearer {token}" for header in sent)

    # The explorer reads the same token.
    explorer = await ctx.new_page()
    await explorer.goto(f"{base}/explore")
    await expect(explorer.get_by_label("令牌")).to_have_value(token)
    # A pasted "Bearer …" line (as scripts/serve prints it) is taken as the token itself.
    await explorer.get_by_label("令牌").fill(f"Bearer {token}")
    assert await stored_token(explorer) == token

    # Signing out forgets the token everywhere.
    await page.bring_to_front()
    await page.get_by_role("button", name="退出登录").click()
    await expect(page).to_have_url(re.compile(rf"^{re.escape(base)}/signin(\?from=.*)?$"))
    await expect(page.get_by_role("banner")).to_contain_text("公众")
    assert await stored_token(page) is None
    watch.check()


async def check_resource_page(page: Page) -> None:
    """Items, the share condition and the attributes of 出生医学证明信息, as its provider's user sees them."""
    sharing = page.locator(".ant-descriptions").filter(has_text="共享与开放")
    await expect(sharing.get_by_role("row").filter(has_text="共享条件")).to_contain_text("仅限政务部门依法履职使用")
    await expect(sharing.get_by_role("row").filter(has_text="共享类型").first).to_contain_text("有条件共享")
    items = page.locator(".ant-card").filter(has_text="信息项（13 项）")
    await expect(items.get_by_role("row")).to_have_count(14)
    await expect(items.get_by_role("row").filter(has_text="母亲公民身份号码")).to_contain_text("公民身份号码")
    await expect(page.locator(".ant-descriptions").filter(has_text="资源属性").get_by_role("row").filter(has_text="提供部门")).to_contain_text("北京市石景山区卫生健康委员会")
    await expect(page.locator(".ant-card").filter(has_text="存储该资源的信息系统")).to_contain_text("妇幼保健信息系统")


async def run_in_graphiql(page: Page, query: str) -> None:
    editor = page.locator(".graphiql-query-editor .CodeMirror")
    await editor.wait_for()
    await editor.click()
    await page.keyboard.press("Control+A")
    await page.keyboard.insert_text(query)
    # GraphiQL reads the operation name after a debounce; running sooner would send the old one.
    await expect(page.locator(".graphiql-tab-active")).to_have_text("<untitled>", use_inner_text=True)
    await page.get_by_role("button", name="Execute query (Ctrl-Enter)").click()


async def test_the_public_sees_only_the_open_catalog(app_server: Server, context: tuple[BrowserContext, Watch]) -> None:
    ctx, watch = context
    page = await ctx.new_page()
    base = app_server.url
    await page.goto(f"{base}/signin")
    await page.get_by_role("button", name="以公众身份浏览").click()
    await expect(page).to_have_url(f"{base}/open/catalog")
    nav = page.get_by_role("navigation", name="主导航")
    await expect(nav.get_by_role("link")).to_have_text(["开放目录"])

    expected = (await app_server.gql("{ openCatalog(first: 1) { totalCount } }", principal=PUBLIC))["openCatalog"]["totalCount"]
    await expect(page.get_by_text(f"已显示 {min(50, expected)} / 共 {expected} 项")).to_be_visible()
    open_types = await page.locator("tbody tr.ant-table-row td:nth-child(5)").all_inner_texts()
    assert open_types and set(open_types) <= {"无条件开放", "有条件开放"}
    await accessible(page)

    # The departments' pages ask the public to sign in; a resource that is not open is not found.
    await page.goto(f"{base}/catalogs")
    await expect(page).to_have_url(f"{base}/signin?from=%2Fcatalogs")
    await page.goto(f"{base}/resources/{RESOURCE.replace('/', '%2F')}")
    await expect(page.get_by_text("没有找到代码为 101003/000001 的信息资源")).to_be_visible()
    await accessible(page)
    assert await stored_token(page) is None
    watch.check()


async def test_a_refused_or_expired_token_says_why_and_offers_to_sign_in_again(app_server: Server, context: tuple[BrowserContext, Watch], tmp_path: Path) -> None:
    ctx, watch = context
    page = await ctx.new_page()
    base = app_server.url
    await page.goto(f"{base}/open/catalog")

    # A token the server cannot read (pasted with "Bearer ", as scripts/serve prints it).
    await page.evaluate("() => localStorage.setItem('govgraph.token', 'Bearer not.a.token')")
    await page.goto(f"{base}/catalogs")
    notice = page.get_by_role("alert").filter(has_text="登录已失效")
    await expect(notice).to_contain_text("令牌格式不正确")
    await accessible(page)
    await notice.get_by_role("button", name="重新登录").click()
    await expect(page).to_have_url(f"{base}/signin?from=%2Fcatalogs")
    await expect(notice).to_have_count(0)

    # An expired token, signed by the right key.
    key = dev_key(app_server.settings.data_dir)
    now = int(time.time())
    expired = jwt.encode(
        {"sub": "dev:old", "dept": HEALTH, "roles": ["DEPARTMENT_USER"], "iat": now - 7200, "exp": now - 3600, "iss": "govgraph", "aud": "govgraph"},
        key.private, algorithm=key.algorithm, headers={"kid": key.kid},
    )
    await page.evaluate("(t) => localStorage.setItem('govgraph.token', t)", expired)
    await page.goto(f"{base}/open/catalog")
    await expect(page.get_by_role("alert").filter(has_text="登录已失效")).to_contain_text("令牌已过期")
    assert await stored_token(page) is None

    # Pasting the token line scripts/serve prints signs in.
    good = app_server.headers()["Authorization"]
    await page.goto(f"{base}/signin")
    await page.get_by_role("button", name="粘贴令牌").click()
    await page.get_by_label("令牌", exact=True).fill(json.dumps({"Authorization": good}))
    await page.get_by_role("button", name="使用此令牌").click()
    await expect(page.get_by_role("banner")).to_contain_text("区经济信息化委")
    assert await stored_token(page) == good.removeprefix("Bearer ")
    # Chromium logs the refused request itself (the server's 401 is the contract); nothing else may be logged.
    refused = [p for p in watch.problems if "status of 401 (Unauthorized)" in p]
    assert len(refused) == 1, watch.problems
    watch.problems = [p for p in watch.problems if p not in refused]
    watch.check()


async def test_graphiql_opened_from_the_app_runs_the_eics_migration_plan_in_a_new_tab(app_server: Server, context: tuple[BrowserContext, Watch]) -> None:
    ctx, watch = context
    page = await ctx.new_page()
    await page.goto(f"{app_server.url}/signin")
    await sign_in(page, "区经济信息化委", "区经济信息化委")
    await expect(page.get_by_role("banner")).to_contain_text("区经济信息化委")
    async with ctx.expect_page() as opened:
        await page.get_by_role("navigation", name="主导航").get_by_role("link", name="GraphiQL").click()
    graphiql = await opened.value
    await expect(graphiql.locator(".govgraph-signed-in")).to_contain_text("已登录：区经济信息化委")
    await graphiql.locator(".graphiql-tab", has_text="MigrationPlan").click()
    await expect(graphiql.locator(".graphiql-tab-active")).to_have_text("MigrationPlan", use_inner_text=True)
    assert (await graphiql.evaluate(EDITOR_TEXT, ".graphiql-query-editor .CodeMirror")).startswith("# 迁移计划")
    # GraphiQL takes the new tab's operation name after a debounce; running sooner would send the first tab's.
    await graphiql.wait_for_timeout(1000)
    await graphiql.get_by_role("button", name="Execute query (Ctrl-Enter)").click()
    await expect(graphiql.locator(".graphiql-response")).to_contain_text('"waves"', timeout=60_000)
    answer = json.loads(await graphiql.evaluate(EDITOR_TEXT, ".graphiql-response .CodeMirror"))
    summary = answer["data"]["migrationPlan"]["summary"]
    assert summary["systems"] > 0 and answer["data"]["migrationPlan"]["waves"], summary

    # A reload of GraphiQL keeps the sign-in.
    await graphiql.reload()
    await expect(graphiql.locator(".govgraph-signed-in")).to_contain_text("已登录：区经济信息化委")
    watch.check()

"""Department staff take the Measures' decisions in the web app, in a real Chromium, on both stores, over
the sample district, signed in as real departments through the development sign-in page:

区民政局 requests 区卫健委's conditional resource → 区卫健委's admin finds it in 我的待办 with 10 working
days left and refuses with a reason → 区民政局 escalates → the EIC grants with citation permitted →
区民政局 checks citation permission for a 重大决策 and gets the source line, and records it → 区卫健委
revokes. Every state and history line is on screen; the audit trail holds each act, refused ones too.
Then an overdue reply: first in the provider's 我的待办 with its working days overdue, and escalation
open to the requester exactly the day after the reply was due; a decision taken in a stale tab (已被他人修改);
and an error report filed, verified and corrected (Art.19–20, Art.24–26).
"""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest
from playwright.async_api import BrowserContext, Page, expect

from graph.access import Principal, Role
from lineage import clock
from tests.api.conftest import EIC, Server
from tests.api.web.test_webapp_browser import Watch, accessible, app_server, context, sign_in

__all__ = ["app_server", "context"]

CIVIL, HEALTH, EIC_NAME = "区民政局", "区卫生健康委", "区经济信息化委"
CIVIL_CODE = "11110107984364017A"
RESOURCE, RESOURCE_NAME = "321004/000001", "计划生育特殊家庭扶助信息"  # 区卫健委's, conditional, in no base or theme catalog
CONSUMER = "社会救助管理系统"
CIVIL_USER = Principal(CIVIL_CODE, frozenset({Role.DEPARTMENT_USER}), "user@mzj")
MONDAY = date(2026, 3, 2)  # the reply is due 10 working days later: Monday 16 March


def set_day(monkeypatch: pytest.MonkeyPatch, day: date) -> None:
    """The service's clock (the server runs in this process): every act is dated `day`, 10:00 in Beijing."""
    monkeypatch.setattr(clock, "now", lambda: datetime(day.year, day.month, day.day, 10, 0, tzinfo=clock.CHINA))


async def become(page: Page, base: str, department: str, role: str) -> None:
    """Sign in afresh as a member of `department` with `role` (the sign-in page offers to switch)."""
    await page.goto(f"{base}/signin")
    await sign_in(page, department, role)
    await expect(page.get_by_role("banner")).to_contain_text(department)
    await expect(page.get_by_role("banner")).to_contain_text(role)


async def pick_consumer(page: Page) -> None:
    """Choose 区民政局's 社会救助管理系统 as the consumer of a form."""
    await page.get_by_role("combobox", name="使用方").click()
    await page.locator(".ant-select-item-option", has_text=CONSUMER).first.click()


async def open_use(page: Page, base: str, use_id: str) -> None:
    await page.goto(f"{base}/uses/{use_id}")
    await expect(page.get_by_role("heading", name=f"共享使用：{RESOURCE_NAME}", level=1)).to_be_visible()


async def act(page: Page, button: str, fill: dict[str, str] | None = None, check: str | None = None) -> None:
    """Press an act's button, fill its form in the dialog, confirm."""
    await page.get_by_role("button", name=button, exact=True).click()
    dialog = page.get_by_role("dialog")
    await expect(dialog).to_be_visible()
    for label, value in (fill or {}).items():
        await dialog.get_by_label(label).fill(value)
    if check:
        await dialog.get_by_label(check).check()
    await dialog.get_by_role("button", name="确定", exact=True).click()
    await expect(dialog).to_be_hidden()


async def test_art20_a_request_refused_escalated_granted_cited_and_revoked_in_the_browser(
    app_server: Server, context: tuple[BrowserContext, Watch], monkeypatch: pytest.MonkeyPatch
) -> None:
    ctx, watch = context
    page = await ctx.new_page()
    base = app_server.url
    set_day(monkeypatch, MONDAY)

    # 区民政局 asks for 区卫健委's conditional resource from its page.
    await become(page, base, CIVIL, "部门用户")
    await page.goto(f"{base}/resources/{RESOURCE.replace('/', '%2F')}")
    await page.get_by_role("button", name="申请使用").click()
    await expect(page).to_have_url(f"{base}/resources/{RESOURCE.replace('/', '%2F')}/request")
    await expect(page.get_by_role("heading", name=f"申请使用：{RESOURCE_NAME}", level=1)).to_be_visible()
    await expect(page.get_by_text("须经授权后方可查看")).to_be_visible()  # Art.24: the items are not shown before a grant
    await accessible(page)

    # Sent empty: every missing field is named at once, in Chinese.
    await page.get_by_role("button", name="提交申请").click()
    await expect(page.get_by_text("请选择使用方")).to_be_visible()
    await expect(page.get_by_text("请填写用途：共享数据只能用于所申请的用途（第二十四条）")).to_be_visible()
    await expect(page.get_by_text("请填写履职依据")).to_be_visible()
    await accessible(page)

    # An item the resource lacks: the server's objection appears next to the items, and nothing typed is lost.
    await pick_consumer(page)
    await page.get_by_label("用途").fill("计划生育特殊家庭社会救助审核")
    await page.get_by_label("依职责（履职依据）").fill("《社会救助暂行办法》第十一条")
    items = page.get_by_role("combobox", name="所需信息项")
    await items.fill("并不存在的信息项")
    await items.press("Enter")
    await page.get_by_role("button", name="提交申请").click()
    items_field = page.locator(".ant-form-item").filter(has_text="所需信息项")
    await expect(items_field.locator(".ant-form-item-explain-error")).to_contain_text("并不存在的信息项")
    await expect(page.get_by_label("用途")).to_have_value("计划生育特殊家庭社会救助审核")
    await accessible(page)

    # Without it: a negotiation, answered at once with its reply date in working days (Art.20).
    await items_field.locator(".ant-select-clear").click(force=True)
    await page.get_by_role("button", name="提交申请").click()
    outcome = page.locator(".ant-result")
    await expect(outcome).to_contain_text("协商中：提供部门应在 10 个工作日内（2026-03-16 前，剩余 10 个工作日）答复（第二十条）")
    recorded = await outcome.inner_text()
    found = re.search(r"申请编号 (USE-\S+)，", recorded)
    assert found, recorded
    use_id = found.group(1)
    await accessible(page)
    await page.get_by_role("button", name="查看申请").click()
    await expect(page).to_have_url(f"{base}/uses/{use_id}")
    await expect(page.get_by_text("可于 2026-03-17 起提请区经济信息化委协调")).to_be_visible()
    await expect(page.get_by_role("button", name="提请区经济信息化委协调")).to_have_count(0)
    await accessible(page)

    # 区卫健委's admin: the request waits in 我的待办 with 10 working days left, who asks shown; it refuses with a reason.
    await become(page, base, HEALTH, "部门管理员")
    nav = page.get_by_role("navigation", name="主导航")
    await expect(nav.get_by_role("link", name=re.compile(r"我的待办（\d+）"))).to_be_visible()
    await nav.get_by_role("link", name=re.compile("我的待办")).click()
    await expect(page.get_by_role("heading", name="我的待办", level=1)).to_be_visible()
    row = page.get_by_role("row").filter(has_text=use_id)
    await expect(row).to_contain_text("审批共享申请")
    await expect(row).to_contain_text("剩余 10 个工作日")
    await expect(row).to_contain_text(f"{RESOURCE_NAME} · {CIVIL}")
    # Overdue first: the sample district's older unanswered requests lead, with their working days overdue.
    await expect(page.get_by_role("row").nth(1)).to_contain_text("已逾期")
    await accessible(page)
    await row.get_by_role("link", name="打开办理").click()
    await expect(page).to_have_url(f"{base}/uses/{use_id}")
    details = page.locator(".ant-descriptions").filter(has_text="申请内容")
    await expect(details).to_contain_text(CONSUMER)
    await expect(details).to_contain_text(CIVIL)
    await accessible(page)
    await page.get_by_role("button", name="拒绝", exact=True).click()
    dialog = page.get_by_role("dialog")
    await dialog.get_by_role("button", name="确定", exact=True).click()
    await expect(dialog.get_by_text("请填写理由")).to_be_visible()
    await accessible(page)
    await dialog.get_by_label("理由").fill("申请用途超出该资源的共享条件")
    await dialog.get_by_role("button", name="确定", exact=True).click()
    await expect(dialog).to_be_hidden()
    await expect(page.get_by_text("已拒绝，当前状态：已拒绝")).to_be_visible()
    await expect(page.locator(".ant-descriptions")).to_contain_text("申请用途超出该资源的共享条件")

    # 区民政局 sees it refused among its own requests, and escalates to the EIC.
    await become(page, base, CIVIL, "部门用户")
    await page.get_by_role("navigation", name="主导航").get_by_role("link", name="共享申请").click()
    mine = page.locator(".ant-card").filter(has_text="本部门提出的申请")
    await expect(mine.get_by_role("row").filter(has_text=use_id)).to_contain_text("已拒绝")
    await accessible(page)
    await mine.get_by_role("link", name=use_id).click()
    await act(page, "提请区经济信息化委协调", {"说明（可不填）": "该数据为履行社会救助职责所必需"})
    await expect(page.get_by_text("当前状态：区经济信息化委协调中")).to_be_visible()

    # The EIC decides it from its 我的待办: granted, with citation permitted (Art.20, Art.25).
    await become(page, base, EIC_NAME, "区经济信息化委")
    await page.goto(f"{base}/todo")
    eic_row = page.get_by_role("row").filter(has_text=use_id)
    await expect(eic_row).to_contain_text("审批共享申请")
    await eic_row.get_by_role("link", name="打开办理").click()
    await act(page, "批准", check="允许在重大决策和印发文件中引用")
    await expect(page.get_by_text("已批准，当前状态：已授权")).to_be_visible()
    await accessible(page)

    # 区民政局 checks citation permission for a major decision: every reason, and the source line to print.
    await become(page, base, CIVIL, "部门用户")
    await open_use(page, base, use_id)
    citation = page.locator(".ant-card").filter(has_text="引用许可核查")
    await citation.get_by_label("文件名称").fill("关于调整计划生育特殊家庭扶助标准的决定")
    await citation.get_by_role("button", name="核查", exact=True).click()
    await expect(citation.get_by_text("可以引用")).to_be_visible()
    await expect(citation).to_contain_text("Art.25")
    await expect(citation).to_contain_text("数据来源：")
    await accessible(page)
    await citation.get_by_role("button", name="登记引用", exact=True).click()
    await expect(citation.get_by_text(re.compile("已登记引用"))).to_be_visible()

    # 区卫健委 revokes the grant; the history shows every act, who, in which role, when, from which state to which.
    await become(page, base, HEALTH, "部门管理员")
    await open_use(page, base, use_id)
    await act(page, "撤销授权", {"理由": "扶助对象信息核查发现数据外传风险"})
    await expect(page.get_by_text("已撤销授权，当前状态：已撤销")).to_be_visible()
    history = page.locator(".ant-card").filter(has_text="办理记录")
    for action, change in (("提出申请", "（新建） → 协商中"), ("拒绝", "协商中 → 已拒绝"), ("提请协调", "已拒绝 → 区经济信息化委协调中"),
                           ("批准", "区经济信息化委协调中 → 已授权"), ("撤销授权", "已授权 → 已撤销")):
        await expect(history.get_by_role("row").filter(has_text=change)).to_contain_text(action)
    await expect(history).to_contain_text("北京时间")
    await expect(history).to_contain_text("部门管理员")
    await accessible(page)

    # The audit trail, on the EIC's page: every act on the use, and the refused request too.
    await become(page, base, EIC_NAME, "区经济信息化委")
    await page.get_by_role("navigation", name="主导航").get_by_role("link", name="审计记录").click()
    await expect(page.get_by_role("heading", name="审计记录", level=1)).to_be_visible()
    await page.get_by_label("对象").fill(f"Use:{use_id}")
    await page.get_by_role("button", name="筛选").click()
    trail = page.locator(".ant-table")
    for action in ("requestUse", "refuseUse", "escalateUse", "approveUse", "revokeUse"):
        await expect(trail.get_by_role("row").filter(has_text=f"({action})").or_(trail.get_by_role("row").filter(has_text=f"（{action}）"))).to_contain_text("已办理")
    await accessible(page)
    await page.get_by_label("对象").fill(f"Resource:{RESOURCE}")
    await page.get_by_role("button", name="筛选").click()
    await expect(trail.get_by_role("row").filter(has_text="未受理（INVALID_DATA）")).to_contain_text("requestUse")
    # The same, over the API.
    audit = await app_server.gql("{ auditEvents(first: 100) { edges { node { action subject outcome } } } }", principal=EIC)
    events = [(e["node"]["action"], e["node"]["outcome"]) for e in audit["auditEvents"]["edges"] if use_id in e["node"]["subject"] or RESOURCE in e["node"]["subject"] or e["node"]["subject"].startswith("Citation:")]
    assert ("requestUse", "INVALID_DATA") in events
    for done in ("requestUse", "refuseUse", "escalateUse", "approveUse", "recordCitation", "revokeUse"):
        assert (done, "OK") in events, events
    watch.check()


async def test_art20_an_overdue_reply_leads_the_todo_and_escalation_opens_the_day_after(
    app_server: Server, context: tuple[BrowserContext, Watch], monkeypatch: pytest.MonkeyPatch
) -> None:
    ctx, watch = context
    page = await ctx.new_page()
    base = app_server.url
    set_day(monkeypatch, MONDAY)
    asked = await app_server.gql(
        """mutation($c: String!, $r: String!) { requestUse(consumer: $c, resource: $r, purpose: "扶助资格复核", dutyBasis: "《社会救助暂行办法》") {
             result { useId replyDue } userErrors { message } } }""",
        {"c": "C-SJS-MZ-SHJZ", "r": RESOURCE}, principal=CIVIL_USER,
    )
    use_id, due = asked["requestUse"]["result"]["useId"], asked["requestUse"]["result"]["replyDue"]
    assert due == "2026-03-16"

    # On the due day: no escalation yet.
    set_day(monkeypatch, date(2026, 3, 16))
    await become(page, base, CIVIL, "部门用户")
    await open_use(page, base, use_id)
    await expect(page.get_by_text("今日到期")).to_be_visible()
    await expect(page.get_by_role("button", name="提请区经济信息化委协调")).to_have_count(0)

    # The working day after: open to the requester, and in its 我的待办.
    set_day(monkeypatch, date(2026, 3, 17))
    await page.reload()
    await expect(page.get_by_text("已逾期 1 个工作日")).to_be_visible()
    await expect(page.get_by_role("button", name="提请区经济信息化委协调")).to_be_visible()
    await page.goto(f"{base}/todo")
    await expect(page.get_by_role("row").filter(has_text=use_id)).to_contain_text("可提请协调")
    await accessible(page)

    # The provider's 我的待办: overdue first, each with its working days overdue, most overdue first.
    await become(page, base, HEALTH, "部门管理员")
    await page.goto(f"{base}/todo")
    row = page.get_by_role("row").filter(has_text=use_id)
    await expect(row).to_contain_text("已逾期 1 个工作日")
    rows = page.get_by_role("row")
    texts = [await rows.nth(i).inner_text() for i in range(1, await rows.count())]
    late = [int(m.group(1)) if (m := re.search(r"已逾期 (\d+) 个工作日", t)) else None for t in texts]
    overdue = [d for d in late if d is not None]
    assert late[: len(overdue)] == overdue and overdue == sorted(overdue, reverse=True), texts
    await accessible(page)

    # Two tabs of the provider's admin: one grants; the other, still showing the request as it was,
    # tries to refuse it and is told 已被他人修改 with the state now, its reason kept.
    second = await ctx.new_page()
    await open_use(page, base, use_id)
    await open_use(second, base, use_id)
    await act(page, "批准")
    await expect(page.get_by_text("已批准，当前状态：已授权")).to_be_visible()
    await second.get_by_role("button", name="拒绝", exact=True).click()
    dialog = second.get_by_role("dialog")
    await dialog.get_by_label("理由").fill("与已有申请重复")
    await dialog.get_by_role("button", name="确定", exact=True).click()
    await expect(dialog.get_by_text("已被他人修改")).to_be_visible()
    await expect(dialog).to_contain_text("当前状态：已授权")
    await expect(dialog.get_by_label("理由")).to_have_value("与已有申请重复")
    await accessible(second)
    await second.close()

    # 纠错 (Art.25–26): 区民政局 reports an error in the resource; 区卫健委 verifies and corrects it from 我的待办.
    await become(page, base, CIVIL, "部门用户")
    await page.goto(f"{base}/resources/{RESOURCE.replace('/', '%2F')}")
    await page.get_by_role("button", name="数据纠错").click()
    await expect(page.get_by_role("heading", name=f"数据纠错：{RESOURCE_NAME}", level=1)).to_be_visible()
    await page.get_by_role("button", name="提交纠错").click()
    await expect(page.get_by_text("请选择使用方")).to_be_visible()
    await expect(page.get_by_text("请填写错误情况")).to_be_visible()
    await accessible(page)
    await pick_consumer(page)
    await page.get_by_label("错误情况").fill("扶助对象张某已于2025年迁出本区，仍在名单中")
    await page.get_by_role("button", name="提交纠错").click()
    await expect(page.get_by_text("已提交，当前状态：已报告")).to_be_visible()

    await become(page, base, HEALTH, "部门管理员")
    await page.goto(f"{base}/todo")
    report = page.get_by_role("row").filter(has_text="扶助对象张某")
    await expect(report).to_contain_text("处理纠错申请")
    await report.get_by_role("button", name="核实属实").click()
    await page.get_by_role("dialog").get_by_role("button", name="确定", exact=True).click()
    await expect(report.get_by_role("button", name="核实属实")).to_have_count(0)
    await report.get_by_role("button", name="已更正").click()
    dialog = page.get_by_role("dialog")
    await dialog.get_by_role("button", name="确定", exact=True).click()
    await expect(dialog.get_by_text("请填写更正内容")).to_be_visible()
    await accessible(page)
    await dialog.get_by_label("更正内容").fill("已删除迁出人员记录")
    await dialog.get_by_role("button", name="确定", exact=True).click()
    await expect(page.get_by_role("row").filter(has_text="扶助对象张某")).to_have_count(0)
    watch.check()

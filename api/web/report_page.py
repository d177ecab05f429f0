"""The annual report (Art.34) as one self-contained HTML page: inline CSS and inline SVG charts
(`api.web.svg_charts`), no script, nothing fetched from anywhere, so it opens on a network without
internet, prints, and can be mailed as one file. Chinese first, English labels beside.

Example::

    html = render(await annual_report(store, 2025))
    Path("report-2025.html").write_text(html, encoding="utf-8")
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date
from html import escape

from api.web.svg_charts import area, columns, donut, hbars
from lineage.compliance import RULES
from lineage.findings import Severity
from lineage.migration import MigrationPlan
from lineage.report import AnnualReport
from lineage.scorecard import Rate, Replies, Scorecard
from lineage.verdicts import CloudAction, Verdict

VERDICTS = [  # verdict, Chinese, English, colour
    (Verdict.ON_GOVERNMENT_CLOUD, "已在政务云", "On the government cloud", "#2e7d32"),
    (Verdict.MUST_MIGRATE, "须迁移上云", "Must migrate", "#f08c00"),
    (Verdict.RETIRE_TO_PLATFORM, "整合至共享平台", "Retire to the platform", "#7b4fb3"),
    (Verdict.EXEMPT, "豁免迁移", "Exempt", "#52667a"),
    (Verdict.MUNICIPAL, "市级平台", "Municipal", "#9fb1c2"),
    (Verdict.RETIRED, "已下线", "Retired", "#d5dce3"),
]
SEVERITIES = [(Severity.HIGH, "严重", "High", "#d64541"), (Severity.MEDIUM, "一般", "Medium", "#f0a202"), (Severity.LOW, "轻微", "Low", "#86a8d8")]
STAGES = {"ORDERED": ("责令整改", "Ordered"), "CORRECTED": ("已整改", "Corrected"), "CRITICISED": ("通报批评", "Criticised"),
          "REPORTED": ("报告领导小组", "Reported")}
EXEMPTIONS = {"SECURITY_DEPARTMENT": "公安、国家安全等部门 Security department", "CLASSIFIED": "涉密系统 Classified",
              "PROTECTION_LEVEL": "等保四级及以上 Protection level 4+"}
TOP_DEPARTMENTS = 15

CSS = """
:root { --ink:#1d2b45; --muted:#6b7890; --line:#e4e8ef; --bg:#f3f5f9; --card:#fff; --red:#c8102e; --navy:#15325f; }
* { box-sizing: border-box; }
body { margin:0; background:var(--bg); color:var(--ink); font: 14px/1.55 "PingFang SC","Microsoft YaHei","Noto Sans CJK SC","WenQuanYi Micro Hei","Source Han Sans SC",system-ui,sans-serif; }
header { background: linear-gradient(120deg, #0f2649 0%, #1d4a8a 62%, #2b62b0 100%); color:#fff; padding:44px 0 86px; position:relative; overflow:hidden; }
header::after { content:""; position:absolute; right:-120px; top:-140px; width:460px; height:460px; border-radius:50%; background:rgba(255,255,255,.06); }
header .wrap { position:relative; z-index:1; }
.wrap { max-width:1120px; margin:0 auto; padding:0 28px; }
.kicker { display:inline-block; font-size:12px; letter-spacing:.12em; text-transform:uppercase; background:rgba(255,255,255,.14); padding:3px 10px; border-radius:20px; }
h1 { font-size:32px; margin:14px 0 4px; letter-spacing:.02em; }
.en { color:var(--muted); font-weight:400; }
header .en { color:#c9d6ee; font-size:15px; }
header .meta { margin-top:18px; font-size:13px; color:#dbe4f5; }
header .meta b { color:#fff; }
main { margin-top:-58px; padding-bottom:40px; position:relative; z-index:2; }
.tiles { display:grid; grid-template-columns:repeat(6,1fr); gap:14px; }
.tile { background:var(--card); border-radius:12px; padding:16px 18px; box-shadow:0 6px 20px rgba(21,50,95,.08); }
.tile .v { font-size:26px; font-weight:700; color:var(--navy); }
.tile .v small { font-size:14px; color:var(--muted); font-weight:500; }
.tile .k { font-size:13px; } .tile .k .en { font-size:11px; display:block; }
.tile.alert .v { color:var(--red); }
section { background:var(--card); border-radius:14px; padding:24px 26px 26px; margin-top:22px; box-shadow:0 4px 16px rgba(21,50,95,.06); }
h2 { font-size:20px; margin:0 0 2px; display:flex; align-items:baseline; gap:10px; }
h2 .art { font-size:12px; font-weight:600; color:var(--red); border:1px solid #f3c2ca; background:#fdf1f3; padding:1px 8px; border-radius:10px; }
h2 .en { font-size:14px; }
.lead { color:var(--muted); margin:2px 0 18px; font-size:13px; }
h3 { font-size:14px; margin:0 0 8px; }
.grid2 { display:grid; grid-template-columns: 1fr 1fr; gap:26px; align-items:start; }
.grid-donut { display:grid; grid-template-columns: 250px 1fr; gap:26px; align-items:center; }
.legend { display:flex; flex-wrap:wrap; gap:6px 16px; font-size:12px; margin:6px 0 10px; }
.legend i { display:inline-block; width:10px; height:10px; border-radius:3px; margin-right:5px; vertical-align:-1px; }
.vlist { list-style:none; padding:0; margin:0; }
.vlist li { display:grid; grid-template-columns: 14px 1fr auto; gap:8px; align-items:center; padding:6px 0; border-bottom:1px dashed var(--line); }
.vlist li:last-child { border-bottom:0; }
.vlist i { width:12px; height:12px; border-radius:3px; display:block; }
.vlist b { font-size:16px; }
.facts { display:grid; grid-template-columns:repeat(4,1fr); gap:12px; margin-top:18px; }
.fact { background:#f7f9fc; border:1px solid var(--line); border-radius:10px; padding:10px 12px; }
.fact .v { font-size:20px; font-weight:700; color:var(--navy); }
.fact .k { font-size:12px; color:var(--muted); }
.waves { margin-top:16px; }
.wave { display:grid; grid-template-columns: 92px 1fr; gap:10px; padding:8px 0; border-top:1px solid var(--line); }
.wave .n { font-weight:700; color:var(--navy); }
.wave .n small { display:block; color:var(--muted); font-weight:400; font-size:11px; }
.chip { display:inline-block; font-size:12px; padding:2px 9px; margin:2px 4px 2px 0; border-radius:12px; background:#eef3fb; color:#1d3f73; border:1px solid #d8e3f5; }
.chip.retire { background:#f3edfb; color:#5b3591; border-color:#e2d5f4; }
.chip.group { box-shadow: inset 0 0 0 1px #f08c00; }
.note { font-size:12px; color:var(--muted); margin-top:10px; }
table { width:100%; border-collapse:collapse; font-size:13px; }
th { text-align:left; font-weight:600; color:var(--muted); font-size:12px; padding:8px 8px; border-bottom:2px solid var(--line); white-space:nowrap; }
td { padding:5px 8px; border-bottom:1px solid var(--line); vertical-align:middle; }
td.num, th.num { text-align:right; font-variant-numeric: tabular-nums; }
.score { display:flex; align-items:center; gap:8px; }
.score .bar { flex:1; height:8px; background:#edf0f5; border-radius:5px; overflow:hidden; min-width:70px; }
.score .bar span { display:block; height:100%; border-radius:5px; }
.pill { display:inline-block; min-width:24px; text-align:center; font-size:11px; font-weight:700; padding:1px 6px; border-radius:9px; color:#fff; }
.muted { color:var(--muted); }
.stages { display:flex; gap:12px; flex-wrap:wrap; }
.stage { flex:1; min-width:160px; border:1px solid var(--line); border-radius:10px; padding:12px 14px; background:#fbfcfe; }
.stage .v { font-size:24px; font-weight:700; color:var(--navy); }
footer { color:var(--muted); font-size:12px; text-align:center; padding:10px 0 34px; }
@media print { body { background:#fff; } section, .tile { box-shadow:none; border:1px solid var(--line); } }
"""


def _pct(rate: Rate) -> str:
    return "—" if rate.value is None else f"{rate.value * 100:.0f}%"


def _legend(items: list[tuple[str, str]]) -> str:
    return '<div class="legend">' + "".join(f'<span><i style="background:{c}"></i>{escape(t)}</span>' for t, c in items) + "</div>"


def _tile(value: str, zh: str, en: str, alert: bool = False) -> str:
    return f'<div class="tile{" alert" if alert else ""}"><div class="v">{value}</div><div class="k">{zh}<span class="en">{en}</span></div></div>'


def _overview(r: AnnualReport) -> str:
    t = r.totals
    high = sum(1 for f in r.findings if f.finding.severity is Severity.HIGH)
    share = f"{t['shared'] * 100 / t['resources']:.0f}<small>%</small>" if t["resources"] else "—"
    return '<div class="tiles">' + "".join([
        _tile(f"{t['departments']}", "政务部门", "Departments"),
        _tile(f"{t['systems']}", "信息系统", "Information systems"),
        _tile(f"{t['resources']:,}", "信息资源", f"Resources · {t['items']:,} items"),
        _tile(share, "可共享资源", "Shareable (Art.18–19)"),
        _tile(f"{t['open']}", "开放资源", "Open resources (Art.21)"),
        _tile(f"{len(r.findings)}<small> / {high}</small>", "合规问题 / 严重", "Findings / high", alert=high > 0),
    ]) + "</div>"


def _progress(plan: MigrationPlan) -> tuple[int, int]:
    done = plan.count(Verdict.ON_GOVERNMENT_CLOUD)
    return done, done + plan.count(Verdict.MUST_MIGRATE) + plan.count(Verdict.RETIRE_TO_PLATFORM)


def _migration(r: AnnualReport) -> str:
    plan = r.plan
    done, due = _progress(plan)
    share = f"{done * 100 / due:.0f}%" if due else "—"
    ring = donut([(f"{zh} {en}", plan.count(v), c) for v, zh, en, c in VERDICTS], center=share, caption="已上云 on the cloud")
    rows = "".join(
        f'<li><i style="background:{c}"></i><span>{zh} <span class="en">{en}</span></span><b>{plan.count(v)}</b></li>' for v, zh, en, c in VERDICTS
    )
    waves = [str(w.number) for w in plan.waves]
    wave_chart = columns(
        [f"第{n}批" for n in waves],
        [("迁移上云 Migrate", "#f08c00", [sum(1 for p in w.placements if p.verdict.verdict is Verdict.MUST_MIGRATE) for w in plan.waves]),
         ("整合至平台 Retire to platform", "#7b4fb3", [sum(1 for p in w.placements if p.verdict.verdict is Verdict.RETIRE_TO_PLATFORM) for w in plan.waves])],
        width=520, height=230, stacked=True,
    ) if plan.waves else '<p class="muted">无待迁移系统 Nothing left to move.</p>'
    exempt = Counter(v.exempting_rule.value for v in plan.verdicts if v.exempting_rule is not None)
    cross = sum(1 for link in plan.links if link.kind.value == "CROSS_ENVIRONMENT")
    clouds = [c for c in plan.clouds]
    retire = sum(1 for c in clouds if c.action is CloudAction.RETIRE)
    facts = "".join(f'<div class="fact"><div class="v">{v}</div><div class="k">{k}</div></div>' for v, k in [
        (f"{len(plan.placements)}", "待迁移系统 systems to move"),
        (f"{len(plan.waves)}", "迁移批次 waves, in dependency order"),
        (f"{len(plan.groups)}", "须同批迁移的依赖环 cycles moved together"),
        (f"{cross}", "跨环境依赖 cross-environment links"),
    ])
    wave_rows = []
    for w in plan.waves:
        chips = "".join(
            f'<span class="chip{" retire" if p.verdict.verdict is Verdict.RETIRE_TO_PLATFORM else ""}{" group" if len(p.group) > 1 else ""}" '
            f'title="{escape(p.code)} · {escape(r.short_name(p.verdict.system.operator))}">{escape(p.verdict.system.name)}</span>'
            for p in w.placements
        )
        wave_rows.append(f'<div class="wave"><div class="n">第{w.number}批<small>Wave {w.number} · {len(w.placements)}</small></div><div>{chips}</div></div>')
    exempt_text = "；".join(f"{EXEMPTIONS.get(k, k)} {n}" for k, n in sorted(exempt.items()))
    cloud_text = "；".join(
        f"{escape(c.cloud.name)}（{len(c.systems)}个系统，{'迁移后撤销 retire' if c.action is CloudAction.RETIRE else '纳入政务云管理 bring under'}）" for c in clouds
    )
    return f"""<section>
<h2>迁移上云进展 <span class="en">Migration to the government cloud</span><span class="art">Art.15 · Art.28</span></h2>
<p class="lead">除公安、国家安全等部门系统、涉密系统和等保四级及以上系统外，现有系统逐步迁移至区政务云；跨部门共享系统整合至大数据平台。
Every system moves to the district government cloud except security departments', classified and level-4+ systems; cross-department sharing systems retire onto the platform.</p>
<div class="grid2">
  <div class="grid-donut">{ring}<ul class="vlist">{rows}</ul></div>
  <div><h3>迁移批次 <span class="en">Waves</span></h3>{wave_chart}</div>
</div>
<div class="facts">{facts}</div>
<div class="waves">{''.join(wave_rows)}</div>
<p class="note">豁免 Exempt: {escape(exempt_text) or '—'}。部门云 Departmental clouds ({retire}/{len(clouds)} to retire): {cloud_text or '—'}。
橙框为依赖环内须同批迁移的系统 Orange outline: systems that need each other's data and move together.</p>
</section>"""


def _findings(r: AnnualReport) -> str:
    per: dict[str, Counter[Severity]] = defaultdict(Counter)
    for f in r.findings:
        per[f.department or "—"][f.finding.severity] += 1
    ranked = sorted(per.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))[:TOP_DEPARTMENTS]
    chart = hbars(
        [(r.short_name(code), [counts.get(s, 0) for s, *_ in SEVERITIES]) for code, counts in ranked],
        [(f"{zh} {en}", c) for _, zh, en, c in SEVERITIES], width=560, label_width=130,
    )
    by_rule = Counter(f.finding.rule for f in r.findings)
    high = Counter(f.finding.rule for f in r.findings if f.finding.severity is Severity.HIGH)
    rows = "".join(
        f'<tr><td><span class="muted">{rule.article}</span></td><td>{escape(rule.title)}<br><span class="en">{escape(rule.description)}</span></td>'
        f'<td class="num"><b>{by_rule.get(rule.id, 0)}</b></td><td class="num">{high.get(rule.id, 0) or ""}</td></tr>'
        for rule in RULES
    )
    return f"""<section>
<h2>合规问题 <span class="en">Compliance findings by department</span><span class="art">Art.33 · Art.38</span></h2>
<p class="lead">共 {len(r.findings)} 项，按须整改部门统计（前 {min(TOP_DEPARTMENTS, len(ranked))} 个部门）。
{len(r.findings)} findings, by the department that must act (top {min(TOP_DEPARTMENTS, len(ranked))}).</p>
<div class="grid2">
  <div>{_legend([(f"{zh} {en}", c) for _, zh, en, c in SEVERITIES])}{chart}</div>
  <div><table><thead><tr><th>条款 Art.</th><th>规则 Rule</th><th class="num">数量 Count</th><th class="num">严重 High</th></tr></thead><tbody>{rows}</tbody></table></div>
</div>
</section>"""


def _sharing(r: AnnualReport) -> str:
    years = [str(y.year) for y in r.sharing]
    series = [("共享申请 Requests", "#4a78c2", [y.requests for y in r.sharing]),
              ("授权使用 Grants", "#2e9e6b", [y.grants for y in r.sharing]),
              ("引用 Citations", "#e07b39", [y.citations for y in r.sharing])]
    cumulative = [y.open_total for y in r.sharing]
    return f"""<section>
<h2>共享开放趋势 <span class="en">Sharing and opening over time</span><span class="art">Art.18–22 · Art.25</span></h2>
<p class="lead">各年度共享申请、授权与引用，以及开放资源累计发布情况。Requests, grants and citations per year; open resources published, cumulative.</p>
<div class="grid2">
  <div><h3>共享申请与授权 <span class="en">Requests and grants</span></h3>{_legend([(n, c) for n, c, _ in series])}{columns(years, series)}</div>
  <div><h3>开放资源累计 <span class="en">Open resources published (cumulative)</span></h3>{_legend([("开放资源 Open resources", "#c8102e")])}{area(years, cumulative, "#c8102e", "开放资源 Open resources")}</div>
</div>
</section>"""


def _replies(card: Scorecard) -> Rate:
    a: Replies = card.conditional_replies
    b: Replies = card.open_replies
    return Rate(a.rate.done + b.rate.done, a.rate.of + b.rate.of)


def _score_colour(score: float) -> str:
    return "#2e9e6b" if score >= 80 else "#f0a202" if score >= 60 else "#d64541"


def _scorecards(r: AnnualReport) -> str:
    rows = []
    for card in sorted(r.scorecards, key=lambda c: (-c.score, c.department)):
        pills = "".join(
            f'<span class="pill" style="background:{c}" title="{zh} {en}">{card.findings.get(s, 0)}</span> ' if card.findings.get(s, 0) else
            '<span class="pill" style="background:#e4e8ef;color:#8a94a6">0</span> '
            for s, zh, en, c in SEVERITIES
        )
        rows.append(
            f'<tr><td>{escape(r.short_name(card.department))}</td>'
            f'<td><div class="score"><b>{card.score:.0f}</b><div class="bar"><span style="width:{card.score:.0f}%;background:{_score_colour(card.score)}"></span></div></div></td>'
            f'<td class="num">{card.resources}</td><td class="num">{_pct(card.complete)}</td><td class="num">{_pct(card.aggregated)}</td>'
            f'<td class="num">{_pct(card.shared)}</td><td class="num">{_pct(_replies(card))}</td><td class="num">{_pct(card.opened)}</td>'
            f'<td>{pills}</td></tr>'
        )
    return f"""<section>
<h2>部门评估 <span class="en">Department scorecards</span><span class="art">Art.33</span></h2>
<p class="lead">评分为各项比率均值扣减问题分（本系统设计，非《管理办法》原文）。The score is the mean of the rates less points for findings (our design, not the Measures' words).</p>
<table><thead><tr><th>部门 Department</th><th>评分 Score</th><th class="num">资源 Resources</th><th class="num">编目完整 Complete</th>
<th class="num">汇聚 Aggregated</th><th class="num">共享 Shared</th><th class="num">按时答复 On time</th><th class="num">开放 Open</th><th>问题 Findings H/M/L</th></tr></thead>
<tbody>{''.join(rows)}</tbody></table>
</section>"""


def _orders(r: AnnualReport) -> str:
    stages = "".join(
        f'<div class="stage"><div class="v">{r.orders.get(code, 0)}</div><div>{zh} <span class="en">{en}</span></div></div>'
        for code, (zh, en) in STAGES.items()
    )
    return f"""<section>
<h2>整改督办 <span class="en">Rectification orders</span><span class="art">Art.38</span></h2>
<p class="lead">领导小组办公室责令限期整改；逾期未改的，会同区监察委通报批评并报告领导小组。The Leading Group Office orders correction by a deadline; if not corrected, a notice of criticism, then a report to the leading group.</p>
<div class="stages">{stages}</div>
</section>"""


def render(report: AnnualReport, generated: date | None = None) -> str:
    """The report as one HTML page that loads nothing from anywhere."""
    title = f"{report.district}政务信息资源共享开放{report.year}年度报告"
    made = generated or report.as_of
    return f"""<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
<style>{CSS}</style>
</head>
<body>
<header><div class="wrap">
  <span class="kicker">年度报告 · Annual report (Art.34)</span>
  <h1>{escape(title)}</h1>
  <div class="en">Annual report on the sharing and opening of government information resources, {report.year}</div>
  <div class="meta">依据《石景山区政务信息资源共享开放管理办法》第三十四条 · 区经济信息化委汇总 Compiled by the EIC for the leading group · 数据截至 As of <b>{report.as_of}</b></div>
</div></header>
<main><div class="wrap">
{_overview(report)}
{_migration(report)}
{_findings(report)}
{_sharing(report)}
{_scorecards(report)}
{_orders(report)}
</div></main>
<footer>govgraph · 生成于 Generated {made} · 本页自包含，不加载任何外部资源 This page is self-contained and loads nothing from the network.</footer>
</body>
</html>
"""

"""The annual report the EIC compiles for the leading group (Art.34), as data: migration progress
(Art.28), compliance findings by department (Art.38), sharing over the years (Art.18–22), and each
department's scorecard (Art.33). `api.report_page` renders it as one self-contained HTML page.

The graph holds the district as it stands, so the figures are those of the day the report is made
(for a past year: its last day, for the dated records), not a replay of history: the migration plan
and the catalog figures are today's; requests, grants, citations and publications are counted by
their dates, year by year up to the report's year.

Example::

    report = await annual_report(store, 2025)
    report.plan.count(Verdict.MUST_MIGRATE), len(report.findings), report.sharing[-1].grants
"""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import dataclass
from datetime import date

from graph.errors import InvalidArgumentError
from graph.i18n import _
from graph.labels import Label
from graph.records import Node, PageQuery
from graph.store import GraphStore
from graph.terms import DepartmentKind, DepartmentRole, Level, OpenType
from lineage import clock
from lineage.compliance import ComplianceFinding, compliance_findings
from lineage.estate import page_all
from lineage.migration import MigrationPlan, PlanRequest, migration_plan
from lineage.scorecard import Scorecard, scorecards

YEARS_SHOWN = 8
FIRST_YEAR = 2017  # the Measures were issued on 2017-11-30


@dataclass(frozen=True)
class YearFigures:
    """One year of sharing and opening: requests made, grants given, citations, open resources published
    that year and in all by its end."""

    year: int
    requests: int
    grants: int
    citations: int
    published: int
    open_total: int


@dataclass(frozen=True)
class AnnualReport:
    """Everything the annual report shows."""

    year: int
    as_of: date
    district: str
    totals: dict[str, int]
    plan: MigrationPlan
    findings: list[ComplianceFinding]
    scorecards: list[Scorecard]
    sharing: list[YearFigures]
    orders: dict[str, int]
    departments: dict[str, Node]

    def short_name(self, code: str | None) -> str:
        """A department's short name (else its name, else its code)."""
        node = self.departments.get(code or "")
        if node is None:
            return code or "—"
        return str(node.props.get("short_name") or node.props.get("name") or code)


def _year(value: object) -> int | None:
    return date.fromisoformat(str(value)).year if value else None


def _district_name(departments: list[Node]) -> str:
    """The district, read from the EIC's name (北京市石景山区经济和信息化委员会 → 北京市石景山区)."""
    eic = next((d for d in departments if DepartmentRole.EIC.value in (d.props.get("roles") or [])), None)
    name = str(eic.props.get("name", "")) if eic else ""
    return name[: name.index("区") + 1] if "区" in name else (name or "本区")


def _assessed(department: Node) -> bool:
    """The EIC assesses the district's departments and streets (Art.33), not municipal organs or coordinating bodies."""
    return (
        department.props.get("level", Level.DISTRICT.value) in (Level.DISTRICT.value, Level.STREET.value)
        and department.props.get("kind") != DepartmentKind.COORDINATING_BODY.value
    )


async def annual_report(store: GraphStore, year: int, as_of: date | None = None) -> AnnualReport:
    """The annual report of `year` (Art.34), as of its last day or today, whichever comes first."""
    today = clock.today()
    if not FIRST_YEAR <= year <= today.year:
        raise InvalidArgumentError(_("the year must be between {first} and {last}, got {value}", first=FIRST_YEAR, last=today.year, value=year))
    day = as_of or min(date(year, 12, 31), today)
    plan, findings = await asyncio.gather(migration_plan(store, PlanRequest()), compliance_findings(store, day))
    departments, uses, citations, resources, orders = await asyncio.gather(
        *(page_all(store, PageQuery(label)) for label in (Label.DEPARTMENT, Label.USE, Label.CITATION, Label.RESOURCE, Label.ORDER))
    )
    assessed = [d.key for d in departments if _assessed(d)]
    cards, counts = await asyncio.gather(scorecards(store, assessed, year, day, findings), store.counts())
    requested = Counter(_year(u.props.get("requested_at")) for u in uses)
    granted = Counter(_year(u.props.get("granted_at")) for u in uses)
    cited = Counter(_year(c.props.get("cited_at")) for c in citations)
    opened = [r for r in resources if r.props.get("open_type", OpenType.NOT_OPEN.value) != OpenType.NOT_OPEN.value]
    published = Counter(_year(r.props.get("published_at")) for r in opened)
    first = max(FIRST_YEAR, year - YEARS_SHOWN + 1)
    sharing = [
        YearFigures(y, requested[y], granted[y], cited[y], published[y], sum(n for p, n in published.items() if p is not None and p <= y))
        for y in range(first, year + 1)
    ]
    totals = {
        "departments": counts.labels.get(Label.DEPARTMENT.value, 0),
        "systems": counts.labels.get(Label.SYSTEM.value, 0),
        "resources": counts.labels.get(Label.RESOURCE.value, 0),
        "items": counts.labels.get(Label.DATA_ITEM.value, 0),
        "uses": counts.labels.get(Label.USE.value, 0),
        "open": len(opened),
        "shared": sum(1 for r in resources if r.props.get("share_type") != "NOT_SHARED"),
    }
    return AnnualReport(
        year=year,
        as_of=day,
        district=_district_name(departments),
        totals=totals,
        plan=plan,
        findings=findings,
        scorecards=[c for c in cards if c.resources],
        sharing=sharing,
        orders=dict(sorted(Counter(str(o.props.get("stage")) for o in orders).items())),
        departments={d.key: d for d in departments},
    )

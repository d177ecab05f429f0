"""Scorecards: how a department shares and opens its data, as the EIC assesses it (Art.33).

Per department: catalog completeness (listed in a catalog, Art.6; every Art.9 attribute stated),
aggregation on the platform (Art.15), share rate and share types (Art.18–19), replies on time to
conditional requests (10 working days, Art.20) and to open requests (15 working days, Art.22), open
resources and the year's open plan (Art.21–22), and the compliance findings it must act on, by
severity (`lineage.compliance`). The overall score is our design, not the Measures': the mean of the
rates as a percentage, less up to 40 points for findings (3 a HIGH, 1 a MEDIUM, ¼ a LOW).

A year narrows the replies to the requests made that year and asks for that year's open plan; the
catalog figures are the catalog as it stands. Who sees what: `lineage.compliance.may_assess`.

Example::

    card = (await scorecards(store, ["SJS-ZJW"], year=2025))[0]
    card.aggregated.value, card.conditional_replies.rate.value, card.findings
"""

from __future__ import annotations

import asyncio
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from graph.errors import InvalidArgumentError
from graph.i18n import _
from graph.labels import Direction, Label, RelType
from graph.records import Node, PageQuery, Step
from graph.store import GraphStore
from graph.terms import OpenType, ResourceStatus, ShareType
from lineage import clock
from lineage.compliance import ComplianceFinding, compliance_findings
from lineage.estate import page_all, page_linked
from lineage.findings import Severity

R, L = RelType, Label
NOT_OPEN = OpenType.NOT_OPEN.value
HIGH_POINTS, MEDIUM_POINTS, LOW_POINTS, MAX_DEDUCTION = 3.0, 1.0, 0.25, 40.0


@dataclass(frozen=True)
class Rate:
    """`done` of `of`; no value when there is nothing to count."""

    done: int
    of: int

    @property
    def value(self) -> float | None:
        return self.done / self.of if self.of else None


@dataclass(frozen=True)
class Replies:
    """Replies to requests: on time, late, overdue (unanswered past the due date), pending (not yet
    due), and answered without a recorded date (refusals record none; counted as on time)."""

    on_time: int = 0
    late: int = 0
    overdue: int = 0
    pending: int = 0
    undated: int = 0

    @property
    def rate(self) -> Rate:
        answered = self.on_time + self.undated
        return Rate(answered, answered + self.late + self.overdue)


@dataclass(frozen=True)
class Scorecard:
    """One department's figures for the assessment (Art.33)."""

    department: str
    name: str
    year: int | None
    as_of: date
    resources: int
    catalogued: Rate
    complete: Rate
    aggregated: Rate
    share_types: dict[str, int]
    shared: Rate
    conditional_replies: Replies
    open_replies: Replies
    opened: Rate
    open_plan: bool | None
    findings: dict[Severity, int]

    @property
    def score(self) -> float:
        rates = [r.value for r in (self.catalogued, self.complete, self.aggregated, self.shared,
                                   self.conditional_replies.rate, self.open_replies.rate, self.opened) if r.value is not None]
        base = 100 * sum(rates) / len(rates) if rates else 0.0
        points = (HIGH_POINTS * self.findings.get(Severity.HIGH, 0) + MEDIUM_POINTS * self.findings.get(Severity.MEDIUM, 0)
                  + LOW_POINTS * self.findings.get(Severity.LOW, 0))
        return round(max(0.0, base - min(MAX_DEDUCTION, points)), 1)


FIRST_YEAR, LAST_YEAR = 2017, 2100  # the Measures were issued in 2017


def check_year(year: int) -> None:
    """Refuse a year the assessment cannot be about."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise InvalidArgumentError(_("the year must be between {first} and {last}, got {value}", first=FIRST_YEAR, last=LAST_YEAR, value=year))


def _complete(r: Node) -> bool:
    """Every attribute a catalog entry states (Art.9): collection route, update cycle, format, share and
    open attributes with their condition or legal basis."""
    p = r.props
    needed = ["collection_route", "update_cycle", "format_class", "share_type", "open_type"]
    if p.get("share_type") == ShareType.CONDITIONAL.value:
        needed.append("share_condition")
    if p.get("share_type") == ShareType.NOT_SHARED.value:
        needed.append("legal_basis")
    if p.get("open_type") == OpenType.CONDITIONAL.value:
        needed.append("open_condition")
    return all(p.get(name) for name in needed)


def _day(value: object) -> date | None:
    return date.fromisoformat(str(value)) if value else None


def _replies(records: Iterable[Node], due_field: str, answered_field: str, asked_field: str, open_states: set[str],
             year: int | None, as_of: date) -> Replies:
    counts: Counter[str] = Counter()
    for node in records:
        asked, due = _day(node.props.get(asked_field)), _day(node.props.get(due_field))
        if due is None or (year is not None and (asked is None or asked.year != year)) or (asked is not None and asked > as_of):
            continue
        answered = _day(node.props.get(answered_field))
        if node.props.get("status") in open_states and answered is None:
            counts["overdue" if due < as_of else "pending"] += 1
        elif answered is None:
            counts["undated"] += 1
        else:
            counts["on_time" if answered <= due else "late"] += 1
    return Replies(**counts)


def _should_aggregate(r: Node) -> bool:
    p = r.props
    return p.get("level", "DISTRICT") in ("DISTRICT", "STREET") and p.get("share_type") != ShareType.NOT_SHARED.value and not p.get("secret_or_security")


async def scorecards(
    store: GraphStore, departments: Sequence[str] | None = None, year: int | None = None, as_of: date | None = None,
    findings: list[ComplianceFinding] | None = None,
) -> list[Scorecard]:
    """The scorecards of `departments` (every department that provides a resource when None), in code order."""
    if year is not None:
        check_year(year)
    day = as_of or clock.today()
    if findings is None:
        findings = await compliance_findings(store, day)
    (depts, (resources, resource_links), (uses, use_links), (requests, request_links), (plans, plan_links)) = await asyncio.gather(
        page_all(store, PageQuery(L.DEPARTMENT)),
        page_linked(store, PageQuery(L.RESOURCE), (Step(R.PROVIDES, Direction.IN), Step(R.LISTED_IN, Direction.OUT), Step(R.AGGREGATED_ON, Direction.OUT))),
        page_linked(store, PageQuery(L.USE), (Step(R.OF, Direction.OUT),)),
        page_linked(store, PageQuery(L.OPEN_REQUEST), (Step(R.ADDRESSED_TO, Direction.OUT),)),
        page_linked(store, PageQuery(L.OPEN_PLAN), (Step(R.PLANNED_BY, Direction.OUT),)),
    )
    names = {d.key: str(d.props.get("name", d.key)) for d in depts}
    provider = {k: next((n.key for r, n in pairs if r.type is R.PROVIDES), None) for k, pairs in resource_links.items()}
    own: dict[str, list[Node]] = defaultdict(list)
    for r in resources:
        if r.props.get("status", ResourceStatus.ACTIVE.value) == ResourceStatus.ACTIVE.value and provider.get(r.key):
            own[provider[r.key] or ""].append(r)
    asked: dict[str, list[Node]] = defaultdict(list)
    for u in uses:
        resource = next((n.key for _, n in use_links[u.key]), None)
        if resource and provider.get(resource):
            asked[provider[resource] or ""].append(u)
    addressed: dict[str, list[Node]] = defaultdict(list)
    for o in requests:
        for _, d in request_links[o.key]:
            addressed[d.key].append(o)
    planned = {(d.key, int(p.props.get("year", 0))) for p in plans for _, d in plan_links[p.key]}
    severities: dict[str, Counter[Severity]] = defaultdict(Counter)
    for f in findings:
        if f.department:
            severities[f.department][f.finding.severity] += 1
    chosen = sorted(departments) if departments is not None else sorted(own)
    cards = []
    for code in chosen:
        if code not in names:
            continue
        mine = own.get(code, [])
        listed = [r for r in mine if resource_links[r.key] and any(rel.type is R.LISTED_IN for rel, _ in resource_links[r.key])]
        meant = [r for r in mine if _should_aggregate(r)]
        done = [r for r in meant if r.props.get("aggregated") or r.props.get("aggregation_exception")
                or any(rel.type is R.AGGREGATED_ON for rel, _ in resource_links[r.key])]
        types = Counter(str(r.props.get("share_type")) for r in mine)
        cards.append(Scorecard(
            department=code,
            name=names[code],
            year=year,
            as_of=day,
            resources=len(mine),
            catalogued=Rate(len(listed), len(mine)),
            complete=Rate(sum(1 for r in mine if _complete(r)), len(mine)),
            aggregated=Rate(len(done), len(meant)),
            share_types={t.value: types.get(t.value, 0) for t in ShareType},
            shared=Rate(len(mine) - types.get(ShareType.NOT_SHARED.value, 0), len(mine)),
            conditional_replies=_replies(asked.get(code, []), "reply_due", "granted_at", "requested_at", {"REQUESTED", "NEGOTIATING"}, year, day),
            open_replies=_replies(addressed.get(code, []), "reply_due", "answered_at", "notified_at", {"NOTIFIED"}, year, day),
            opened=Rate(sum(1 for r in mine if r.props.get("open_type", NOT_OPEN) != NOT_OPEN), len(mine)),
            open_plan=None if year is None else (code, year) in planned,
            findings={s: severities[code].get(s, 0) for s in Severity},
        ))
    return cards

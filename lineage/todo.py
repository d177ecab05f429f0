"""What awaits a principal (我的待办): every act the Measures expect of it now, overdue first, with the
working days left before each deadline.

- A provider's admin replies to the uses asked of its resources within 10 working days (Art.20), answers
  the citation permissions asked of it (Art.25), verifies and corrects the errors reported to it
  (Art.25–26), answers the open requests the EIC passed to it within 15 working days (Art.22), and
  catalogs the demanded data it was named to provide (Art.20).
- A department's members may escalate a use the provider refused, or whose reply is overdue (Art.20).
- The EIC coordinates escalated uses, and names providers of demanded data (Art.20); the leading group
  decides what the EIC referred to it (Art.20).

Nothing here decides a rule: each task names an act whose mutation checks everything again.

Example: `await awaiting(store, principal, visibility(principal), date(2025, 3, 3))`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum

from graph.access import Principal, Role, Visibility
from graph.labels import Direction, Label, RelType
from graph.records import LinkFilter, Node, PageQuery, PropertyFilter
from graph.store import GraphStore
from graph.terms import CitationPermission, DemandStatus, ErrorReportStatus, OpenRequestStatus, UseStatus
from lineage import sharing, workflow
from lineage.permissions import use_acts
from lineage.workdays import WorkCalendar, work_calendar

L, R = Label, RelType
AWAITING = (UseStatus.REQUESTED.value, UseStatus.NEGOTIATING.value)


class TaskKind(Enum):
    """What a task asks of its principal."""

    DECIDE_USE = "DECIDE_USE"  # grant or refuse a use: the provider, the EIC on escalation, the leading group on referral (Art.20)
    ESCALATE_USE = "ESCALATE_USE"  # the consumer may take a refusal or an overdue reply to the EIC (Art.20)
    DECIDE_CITATION = "DECIDE_CITATION"  # permit or refuse a citation (Art.25)
    ANSWER_ERROR_REPORT = "ANSWER_ERROR_REPORT"  # verify, correct or find right a reported error (Art.25–26)
    ANSWER_OPEN_REQUEST = "ANSWER_OPEN_REQUEST"  # open the data or refuse with reasons within 15 working days (Art.22)
    NAME_PROVIDER = "NAME_PROVIDER"  # the EIC names the provider of demanded data (Art.20)
    CATALOG_DEMAND = "CATALOG_DEMAND"  # the named provider catalogs the demanded data (Art.20)


@dataclass(frozen=True)
class Task:
    """One act awaiting the principal: what (`kind`), on which record, under which article, and by when."""

    kind: TaskKind
    article: str
    record: Node
    due: date | None
    working_days_left: int | None  # negative: working days overdue

    @property
    def overdue(self) -> bool:
        return self.working_days_left is not None and self.working_days_left < 0


def _status(*values: str) -> tuple[PropertyFilter, ...]:
    return (PropertyFilter("status", values),)


def _department(code: str) -> LinkFilter:
    return LinkFilter(R.PROVIDES, Direction.IN, L.DEPARTMENT, keys=(code,))


def _left(calendar: WorkCalendar, due: str | None, today: date) -> tuple[date | None, int | None]:
    if not due:
        return None, None
    day = date.fromisoformat(due)
    return day, calendar.working_days_between(today, day)


async def _uses(store: GraphStore, principal: Principal, visibility: Visibility, today: date, calendar: WorkCalendar) -> list[Task]:
    """Uses the principal may decide or escalate now (the same rules as `use_acts`)."""
    queries = []
    own = principal.department
    if own is not None and workflow.is_admin(principal, own):
        queries.append(PageQuery(L.USE, where=_status(*AWAITING), linked=(LinkFilter(R.OF, Direction.OUT, L.RESOURCE, linked=(_department(own),)),)))
    if own is not None and workflow.is_member(principal, own):
        asked = LinkFilter(R.REQUESTS, Direction.IN, L.CONSUMER, linked=(LinkFilter(R.ACTS_FOR, Direction.OUT, L.DEPARTMENT, keys=(own,)),))
        queries.append(PageQuery(L.USE, where=_status(*AWAITING, UseStatus.DENIED.value), linked=(asked,)))
    if principal.has(Role.EIC):
        queries.append(PageQuery(L.USE, where=_status(UseStatus.ESCALATED_TO_EIC.value)))
    if principal.has(Role.LEADING_GROUP):
        queries.append(PageQuery(L.USE, where=_status(UseStatus.ESCALATED_TO_LEADING_GROUP.value)))
    tasks = []
    for query in queries:
        for use in await workflow.every(store, query, visibility):
            acts = use_acts(principal, use, await sharing.parties(store, use), today)
            due, left = _left(calendar, use.props.get("reply_due"), today) if use.props["status"] in AWAITING else (None, None)
            if acts.approve:
                tasks.append(Task(TaskKind.DECIDE_USE, "Art.20", use, due, left))
            elif acts.escalate and use.props["status"] != UseStatus.ESCALATED_TO_EIC.value:
                tasks.append(Task(TaskKind.ESCALATE_USE, "Art.20", use, None, None))
    return tasks


async def _department_tasks(store: GraphStore, code: str, visibility: Visibility, today: date, calendar: WorkCalendar) -> list[Task]:
    """What a department's admin answers: citation permissions, error reports, open requests, demands."""
    tasks = []
    cites_mine = LinkFilter(R.CITES, Direction.OUT, L.RESOURCE, linked=(_department(code),))
    for found in await workflow.every(store, PageQuery(L.CITATION, where=(PropertyFilter("permission", (CitationPermission.REQUESTED.value,)),), linked=(cites_mine,)), visibility):
        tasks.append(Task(TaskKind.DECIDE_CITATION, "Art.25", found, None, None))
    to_me = LinkFilter(R.ADDRESSED_TO, Direction.OUT, L.DEPARTMENT, keys=(code,))
    open_reports = _status(ErrorReportStatus.REPORTED.value, ErrorReportStatus.VERIFIED.value)
    for found in await workflow.every(store, PageQuery(L.ERROR_REPORT, where=open_reports, linked=(to_me,)), visibility):
        tasks.append(Task(TaskKind.ANSWER_ERROR_REPORT, "Art.25", found, None, None))
    for found in await workflow.every(store, PageQuery(L.OPEN_REQUEST, where=_status(OpenRequestStatus.NOTIFIED.value), linked=(to_me,)), visibility):
        tasks.append(Task(TaskKind.ANSWER_OPEN_REQUEST, "Art.22", found, *_left(calendar, found.props.get("reply_due"), today)))
    assigned = LinkFilter(R.ASSIGNED_TO, Direction.OUT, L.DEPARTMENT, keys=(code,))
    for found in await workflow.every(store, PageQuery(L.DATA_DEMAND, where=_status(DemandStatus.PROVIDER_ASSIGNED.value), linked=(assigned,)), visibility):
        tasks.append(Task(TaskKind.CATALOG_DEMAND, "Art.20", found, None, None))
    return tasks


def _order(task: Task) -> tuple[int, int, str, str]:
    """Overdue first (most overdue first), then by working days left, then undated; then by record."""
    left = task.working_days_left
    return (0 if task.overdue else 1 if left is not None else 2, left if left is not None else 0, task.kind.value, task.record.key)


async def awaiting(store: GraphStore, principal: Principal, visibility: Visibility, today: date) -> list[Task]:
    """Every act awaiting `principal` on `today` (China time), overdue first."""
    if principal.is_public:
        return []
    calendar = await work_calendar(store)
    tasks = await _uses(store, principal, visibility, today, calendar)
    if principal.department is not None and workflow.is_admin(principal, principal.department):
        tasks += await _department_tasks(store, principal.department, visibility, today, calendar)
    if principal.has(Role.EIC):
        for found in await workflow.every(store, PageQuery(L.DATA_DEMAND, where=_status(DemandStatus.REQUESTED.value)), visibility):
            tasks.append(Task(TaskKind.NAME_PROVIDER, "Art.20", found, None, None))
    return sorted(tasks, key=_order)

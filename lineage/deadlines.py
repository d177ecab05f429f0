"""Deadlines: every request still unanswered past its due date, by the department that owes the answer
(Art.20: a provider replies to a negotiation within 10 working days; Art.22: a department answers an
open request within 15 working days; a delay is a violation under Art.38(2)).

Example: `await overdue(store, date(2025, 3, 1))` lists, per department, the uses awaiting its reply and
the open requests awaiting its answer whose due date is before 1 March 2025, with the working days
each is late.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from graph.access import EVERYTHING, Visibility
from graph.i18n import _
from graph.labels import Direction, Label, RelType
from graph.records import Node, PageQuery, PropertyFilter, Step
from graph.store import GraphStore
from graph.terms import OpenRequestStatus, UseStatus
from lineage import naming, workflow
from lineage.workdays import work_calendar


@dataclass(frozen=True)
class Overdue:
    """One request past its due date: what it is, the rule, the due date and how late it is."""

    record: Node
    kind: str
    article: str
    due: date
    working_days_late: int
    message: str


@dataclass(frozen=True)
class DepartmentOverdue:
    """The overdue requests one department owes an answer to, oldest due first."""

    department: str
    items: list[Overdue]


async def _owners(store: GraphStore, label: Label, keys: list[str], step: Step, visibility: Visibility = EVERYTHING) -> dict[str, str]:
    found = await store.neighbours_many(label, keys, [step], visibility) if keys else {}
    return {key: pairs[0][1].key for key, pairs in found.items() if pairs}


async def overdue(store: GraphStore, as_of: date, visibility: Visibility = EVERYTHING) -> list[DepartmentOverdue]:
    """Requests whose due date is before `as_of` and that still await an answer, by department code."""
    calendar = await work_calendar(store)
    awaiting = PropertyFilter("status", (UseStatus.REQUESTED.value, UseStatus.NEGOTIATING.value))
    uses = [u for u in await workflow.every(store, PageQuery(Label.USE, where=(awaiting,)), visibility) if _past(u, as_of)]
    notified = PropertyFilter("status", (OpenRequestStatus.NOTIFIED.value,))
    requests = [r for r in await workflow.every(store, PageQuery(Label.OPEN_REQUEST, where=(notified,)), visibility) if _past(r, as_of)]
    resources = await _owners(store, Label.USE, [u.key for u in uses], Step(RelType.OF, Direction.OUT), visibility)
    providers = await _owners(store, Label.RESOURCE, sorted(set(resources.values())), Step(RelType.PROVIDES, Direction.IN))
    addressed = await _owners(store, Label.OPEN_REQUEST, [r.key for r in requests], Step(RelType.ADDRESSED_TO, Direction.OUT))
    names = await naming.names(store, Label.RESOURCE, resources.values())
    by_department: dict[str, list[Overdue]] = {}
    for use in uses:
        due = date.fromisoformat(use.props["reply_due"])
        department = providers.get(resources.get(use.key, ""), "unknown")
        late = calendar.working_days_between(due, as_of)
        message = _("the reply to {use} for {resource} was due on {due}, 10 working days after the request (Art.20)",
                    use=use.key, resource=names.get(resources.get(use.key, ""), _("unknown")), due=due)
        by_department.setdefault(department, []).append(Overdue(use, "USE_REPLY", "Art.20", due, late, message))
    for request in requests:
        due = date.fromisoformat(request.props["reply_due"])
        department = addressed.get(request.key, "unknown")
        late = calendar.working_days_between(due, as_of)
        message = _("the answer to the open request {request} was due on {due}, 15 working days after the EIC's notice (Art.22)",
                    request=request.key, due=due)
        by_department.setdefault(department, []).append(Overdue(request, "OPEN_REQUEST_ANSWER", "Art.22", due, late, message))
    return [
        DepartmentOverdue(code, sorted(items, key=lambda o: (o.due, o.record.key)))
        for code, items in sorted(by_department.items())
    ]


def _past(record: Node, as_of: date) -> bool:
    due = record.props.get("reply_due")
    return due is not None and date.fromisoformat(due) < as_of

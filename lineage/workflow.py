"""What every request workflow shares: acts dated and signed, a history on the record, checked and
atomic transitions, and who belongs to which side (Art.20, Art.22, Art.25; Art.5 and Art.29: every act
is authorised and traceable).

A transition reads the record, checks its state and the actor, and writes the new state with the
version it read (`expect_version`), so two concurrent acts on one record cannot both apply: the second
is a `ConflictError`. Each record keeps its own history (who, with which roles, when, from which state
to which, and why); the API's audit trail records the attempt as well.

Example::

    act = Act.by(principal, "approveUse")
    node = await transition(store, use, version, {**props, "status": "GRANTED"}, act, "NEGOTIATING", "GRANTED")
"""

from __future__ import annotations

import json
import re
import unicodedata
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from graph import validation
from graph.access import EVERYTHING, Principal, Role, Visibility
from graph.changes import Changes
from graph.errors import ForbiddenError, GovGraphError, InvalidDataError, NotFoundError, Problem
from graph.i18n import _
from graph.labels import Direction, Label, RelType
from graph.records import Node, NodeRef, PageQuery, Step
from graph.store import MAX_PAGE, GraphStore
from graph.terms import CitationPermission, DemandStatus, ErrorReportStatus, OpenRequestStatus, Term, UseStatus
from lineage import clock

MEMBERS = frozenset({Role.DEPARTMENT_USER, Role.DEPARTMENT_ADMIN})
_STATES: dict[Label, type[Term]] = {
    Label.USE: UseStatus, Label.CITATION: CitationPermission, Label.OPEN_REQUEST: OpenRequestStatus,
    Label.DATA_DEMAND: DemandStatus, Label.ERROR_REPORT: ErrorReportStatus,
}


class IllegalTransitionError(GovGraphError):
    """The act does not apply to the record in its current state; the message names the state."""

    code = "ILLEGAL_TRANSITION"

    def __init__(self, ref: NodeRef, state: str, action: str, needs: str) -> None:
        self.ref = ref
        self.state = state
        term = _STATES.get(ref.label)
        said = term.parse(state).label if term is not None and state in term.__members__ else state
        super().__init__(_("{record} is {state}: {action} {needs}", record=_("{what} {key}", what=ref.label.noun, key=ref.key), state=said, action=action, needs=needs))


@dataclass(frozen=True)
class Act:
    """One act: who does it (the principal), what (the mutation's name), and when (China time)."""

    principal: Principal
    action: str
    at: datetime

    @classmethod
    def by(cls, principal: Principal, action: str) -> Act:
        return cls(principal, action, clock.now())

    @property
    def on(self) -> date:
        return self.at.date()

    def entry(self, state_from: str | None, state_to: str, note: str | None = None) -> str:
        """The history line this act leaves on a record."""
        line: dict[str, Any] = {
            "at": self.at.isoformat(timespec="seconds"),
            "action": self.action,
            "from": state_from,
            "to": state_to,
            "by": self.principal.subject,
            "department": self.principal.department,
            "roles": sorted(r.value for r in self.principal.roles),
        }
        if note:
            line["note"] = note
        return json.dumps(line, ensure_ascii=False, sort_keys=True)


def history(props: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The recorded acts of a record, oldest first."""
    return [json.loads(line) for line in props.get("history") or []]


def new_id(prefix: str, on: date) -> str:
    """A fresh record id that sorts by day: USE-20250124-1a2b3c4d."""
    return f"{prefix}-{on:%Y%m%d}-{uuid.uuid4().hex[:8]}"


def plain(props: Mapping[str, Any]) -> dict[str, Any]:
    """A node's properties without the version the store keeps."""
    return {k: v for k, v in props.items() if k != "version"}


def required_text(field: str, value: str | None, why: str) -> str:
    """`value` stripped, or an `InvalidDataError` on `field` saying why it is needed (`why`: a msgid marked with `N_`)."""
    if value is None or not value.strip():
        raise InvalidDataError([Problem("input", field, _("is required: {why}", why=_(why)))])
    return value.strip()


def normalised(text: str) -> str:
    """Text compared as people mean it: width-folded (NFKC), case-folded, without spaces or punctuation."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"[\s\W_]+", "", folded)


# Who is who.


def is_member(principal: Principal, department: str | None) -> bool:
    """A user or admin of `department`."""
    return department is not None and principal.department == department and bool(principal.roles & MEMBERS)


def is_admin(principal: Principal, department: str | None) -> bool:
    """An admin of `department`."""
    return department is not None and principal.department == department and principal.has(Role.DEPARTMENT_ADMIN)


def require(allowed: bool, message: str) -> None:
    if not allowed:
        raise ForbiddenError(message)


async def linked_key(store: GraphStore, ref: NodeRef, rel: RelType, direction: Direction, label: Label) -> str | None:
    """The key of the first `label` node along `rel` from `ref` (the truth, whatever the caller sees)."""
    for _, node in await store.neighbours(ref, [Step(rel, direction)]):
        if node.label is label:
            return node.key
    return None


async def department_of_consumer(store: GraphStore, consumer: str) -> str | None:
    """The department a consumer acts for (none for a public application)."""
    return await linked_key(store, NodeRef(Label.CONSUMER, consumer), RelType.ACTS_FOR, Direction.OUT, Label.DEPARTMENT)


async def provider_of(store: GraphStore, resource: str) -> str | None:
    """The department that provides a resource."""
    return await linked_key(store, NodeRef(Label.RESOURCE, resource), RelType.PROVIDES, Direction.IN, Label.DEPARTMENT)


# Reading and writing records.


async def visible(store: GraphStore, label: Label, key: str, visibility: Visibility) -> Node:
    """The node as the principal may see it; a hidden one is as missing as one that does not exist."""
    node = await store.get(label, key, visibility)
    if node is None:
        raise NotFoundError(label.value, key)
    return node


async def every(store: GraphStore, query: PageQuery, visibility: Visibility = EVERYTHING) -> list[Node]:
    """Every node matching `query`, page by page, in key order."""
    found: list[Node] = []
    after = query.after
    while True:
        page = await store.page(PageQuery(query.label, query.where, query.linked, query.text, MAX_PAGE, after, total=False), visibility)
        found += page.nodes
        if not page.has_next or not page.nodes:
            return found
        after = page.nodes[-1].key


async def reload(store: GraphStore, ref: NodeRef) -> Node:
    node = await store.get(ref.label, ref.key)
    if node is None:
        raise NotFoundError(ref.label.value, ref.key)
    return node


async def transition(
    store: GraphStore,
    current: Node,
    version: int,
    changes_to: Mapping[str, Any],
    act: Act,
    state_field: str = "status",
    note: str | None = None,
    extra: Changes | None = None,
) -> Node:
    """Write `current` with `changes_to` (None removes a field) and a history line, only if it is still
    at `version`; `extra` changes (relationships) apply in the same unit."""
    props = plain(current.props)
    before = props.get(state_field)
    for name, value in changes_to.items():
        if value is None:
            props.pop(name, None)
        else:
            props[name] = value
    after = str(props.get(state_field))
    props["history"] = [*(props.get("history") or []), act.entry(None if before is None else str(before), after, note)]
    changes = Changes()
    changes.expect_version(current.ref, version)
    changes.upsert_node(current.label, props, "input")
    if extra is not None:
        changes.extend(extra.ops)
    await store.apply(changes)
    return await reload(store, current.ref)


async def create(
    store: GraphStore, label: Label, props: Mapping[str, Any], act: Act, links: Sequence[tuple[RelType, NodeRef, NodeRef]], note: str | None = None
) -> Node:
    """Create a new record with its first history line and its relationships, all in one unit."""
    state = props.get("status") or props.get("permission")
    record = {k: v for k, v in props.items() if v is not None}
    record["history"] = [act.entry(None, str(state), note)]
    node = validation.node(label, record, "input")
    changes = Changes()
    changes.expect_absent(node.ref)
    changes.add_node(node)
    for rel, start, end in links:
        changes.upsert_relationship(rel, start, end, where="input")
    await store.apply(changes)
    return await reload(store, node.ref)


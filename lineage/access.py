"""Who may see and change what: the policy's access rules as visibilities the stores apply.

- Not-shared resources are seen only by their provider and the EIC (Art.18).
- Departments see the share catalog (unconditional and conditional resources' metadata) and all of
  their own department's data; the items of a conditional resource only under a granted use
  (Art.19–20, Art.24: duty use only), or as its provider.
- The public sees the open catalog only: open, in-force resources touching no state secret, and their
  items that are not personal or are desensitised (Art.21–23, Art.32).
- The EIC and the leading group see everything (Art.4, Art.20).
- Department admins change their own department's catalog, systems and data; the EIC changes anything
  (Art.9, Art.29: against over-privileged use).

Example: `await store.page(query, visibility(principal))`.
"""

from __future__ import annotations

from graph.access import EVERYTHING, Match, Principal, Role, Visibility
from graph.errors import ForbiddenError, NotFoundError
from graph.i18n import _
from graph.labels import Direction, Label, RelType
from graph.records import LinkFilter, NodeRef, PropertyFilter, Step
from graph.store import GraphStore
from graph.terms import OpenType, ResourceStatus, ShareType, UseStatus
from lineage.naming import named, names

L, R = Label, RelType
OPEN = PropertyFilter("open_type", (OpenType.UNCONDITIONAL.value, OpenType.CONDITIONAL.value))
NOT_SECRET = PropertyFilter("secret_or_security", (False,))
ACTIVE = PropertyFilter("status", (ResourceStatus.ACTIVE.value,))
SHARED = PropertyFilter("share_type", (ShareType.UNCONDITIONAL.value, ShareType.CONDITIONAL.value))
UNCONDITIONAL = PropertyFilter("share_type", (ShareType.UNCONDITIONAL.value,))
CONDITIONAL = PropertyFilter("share_type", (ShareType.CONDITIONAL.value,))
GRANTED = PropertyFilter("status", (UseStatus.GRANTED.value,))
EDITORS = {Role.DEPARTMENT_ADMIN, Role.EIC}
ALL_SEEING = {Role.EIC, Role.LEADING_GROUP}


def _public() -> Visibility:
    open_resource = (OPEN, NOT_SECRET, ACTIVE)
    of_open_resource = LinkFilter(R.HAS_ITEM, Direction.IN, L.RESOURCE, where=open_resource)
    hidden = (L.SYSTEM, L.CONSUMER, L.USE, L.CITATION, L.OPEN_REQUEST, L.OPEN_PLAN, L.DATA_DEMAND,
              L.ERROR_REPORT, L.PROJECT, L.CATALOG_CHANGE, L.ORDER, L.AUDIT_EVENT)
    rules: dict[Label, tuple[Match, ...]] = {label: () for label in hidden}
    rules[L.RESOURCE] = (Match(where=open_resource),)
    rules[L.DATA_ITEM] = (
        Match(where=(PropertyFilter("personal", (False,)),), linked=(of_open_resource,)),
        Match(where=(PropertyFilter("desensitised", (True,)),), linked=(of_open_resource,)),
    )
    return Visibility(rules)


def _item_of(where: tuple[PropertyFilter, ...], linked: tuple[LinkFilter, ...] = ()) -> LinkFilter:
    """An item whose resource matches `where` and `linked`."""
    return LinkFilter(R.HAS_ITEM, Direction.IN, L.RESOURCE, where=where, linked=linked)


def _department(code: str) -> Visibility:
    mine = (code,)
    dept = LinkFilter(R.ACTS_FOR, Direction.OUT, L.DEPARTMENT, keys=mine)
    own_consumer_in = LinkFilter(R.REQUESTS, Direction.IN, L.CONSUMER, linked=(dept,))
    provided = LinkFilter(R.PROVIDES, Direction.IN, L.DEPARTMENT, keys=mine)
    granted = LinkFilter(R.OF, Direction.IN, L.USE, where=(GRANTED,), linked=(own_consumer_in,))
    to_me = LinkFilter(R.ADDRESSED_TO, Direction.OUT, L.DEPARTMENT, keys=mine)
    own_resource = LinkFilter(R.OF, Direction.OUT, L.RESOURCE, linked=(provided,))
    rules: dict[Label, tuple[Match, ...]] = {
        # Art.18: not shared means seen by the provider (and the EIC) only.
        L.RESOURCE: (Match(where=(SHARED,)), Match(linked=(provided,))),
        # Art.24: the detail of a conditional resource only under a granted use.
        L.DATA_ITEM: (
            Match(linked=(_item_of((UNCONDITIONAL,)),)),
            Match(linked=(_item_of((), (provided,)),)),
            Match(linked=(_item_of((CONDITIONAL,), (granted,)),)),
        ),
        L.SYSTEM: (Match(linked=(LinkFilter(R.OPERATES, Direction.IN, L.DEPARTMENT, keys=mine),)),),
        L.CONSUMER: (Match(linked=(dept,)),),
        L.USE: (Match(linked=(own_consumer_in,)), Match(linked=(own_resource,))),
        L.CITATION: (
            Match(linked=(LinkFilter(R.CITES, Direction.OUT, L.RESOURCE, linked=(provided,)),)),
            Match(linked=(LinkFilter(R.UNDER, Direction.OUT, L.USE, linked=(own_consumer_in,)),)),
        ),
        L.OPEN_REQUEST: (Match(linked=(to_me,)),),
        L.ERROR_REPORT: (
            Match(linked=(to_me,)),
            Match(linked=(LinkFilter(R.REPORTED_BY, Direction.OUT, L.CONSUMER, linked=(dept,)),)),
        ),
        L.OPEN_PLAN: (Match(linked=(LinkFilter(R.PLANNED_BY, Direction.OUT, L.DEPARTMENT, keys=mine),)),),
        L.DATA_DEMAND: (
            Match(linked=(LinkFilter(R.ASSIGNED_TO, Direction.OUT, L.DEPARTMENT, keys=mine),)),
            Match(linked=(LinkFilter(R.RAISED_BY, Direction.OUT, L.DEPARTMENT, keys=mine),)),
            Match(linked=(LinkFilter(R.RAISED_BY, Direction.OUT, L.CONSUMER, linked=(dept,)),)),
        ),
        L.PROJECT: (Match(linked=(LinkFilter(R.RUNS, Direction.IN, L.DEPARTMENT, keys=mine),)),),
        L.ORDER: (Match(linked=(LinkFilter(R.ORDERS, Direction.OUT, L.DEPARTMENT, keys=mine),)),),
        L.CATALOG_CHANGE: (
            Match(linked=(LinkFilter(R.AFFECTS, Direction.OUT, L.CATALOG, linked=(LinkFilter(R.MAINTAINS, Direction.IN, L.DEPARTMENT, keys=mine),)),)),
        ),
        L.AUDIT_EVENT: (),  # the EIC audits (Art.33)
    }
    return Visibility(rules)


def visibility(principal: Principal) -> Visibility:
    """What `principal` may see."""
    if principal.roles & ALL_SEEING:
        return EVERYTHING
    if principal.is_public or principal.department is None:
        return _public()
    return _department(principal.department)


OWNERSHIP: dict[Label, tuple[RelType, Direction]] = {
    L.RESOURCE: (R.PROVIDES, Direction.IN),
    L.CATALOG: (R.MAINTAINS, Direction.IN),
    L.SYSTEM: (R.OPERATES, Direction.IN),
}


async def check_edit(store: GraphStore, principal: Principal, label: Label, key: str | None, owner: str | None = None) -> None:
    """Raise `ForbiddenError` unless `principal` may change the `label` entity `key` (None: a new
    one, whose owning department is `owner`). Art.9: a department maintains its own catalog; Art.29:
    no over-privileged use."""
    if principal.has(Role.EIC):
        return
    if not principal.has(Role.DEPARTMENT_ADMIN) or principal.department is None:
        raise ForbiddenError(_("only a department admin or the EIC may change the catalog (Art.9, Art.29)"))
    mine = principal.department
    if label is L.DEPARTMENT:
        if key == mine:
            return
        department = (await names(store, L.DEPARTMENT, [key]))[key] if key else key
        raise ForbiddenError(_("a department admin changes only its own department's data, not {department}", department=department))
    if label is L.DATA_ITEM and key is not None:
        label, key = L.RESOURCE, key.split("#", 1)[0]
    subject = None if key is None else await store.get(label, key, visibility(principal))
    if key is not None and subject is None:
        raise NotFoundError(label.value, key)  # never reveal, even through a refusal, that a hidden node exists
    holders = []
    if key is not None and label in OWNERSHIP:
        rel, direction = OWNERSHIP[label]
        holders = [n.key for _, n in await store.neighbours(NodeRef(label, key), [Step(rel, direction)])]
    # Departments are named (区统计局), not given by their codes; the codes stay in the audit trail.
    called = await names(store, L.DEPARTMENT, [mine, owner, *holders])
    if owner is not None and owner != mine:
        raise ForbiddenError(_("a department admin may not assign a {what} to another department ({department})", what=label.noun, department=called[owner]))
    if subject is not None and holders and mine not in holders:
        raise ForbiddenError(
            _(
                "the {what} {key} belongs to {holders}, not to {mine} (Art.9)",
                what=label.noun,
                key=named(subject),
                holders=_(", ").join(called[h] for h in holders),
                mine=called[mine],
            )
        )
    if key is None and owner is None:
        raise ForbiddenError(_("a new {what} must name its department ({mine})", what=label.noun, mine=called[mine]))

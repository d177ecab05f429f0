"""The life of a use (共享使用): request, grant or refusal, negotiation, escalation, revocation, expiry
(Art.18–20, Art.24).

    request ─┬─ unconditional, or listed in a base/theme catalog ──────────────▶ GRANTED   (Art.19)
             ├─ not shared ─────────────────────────────────────────────────────▶ DENIED    (Art.18, citing the legal basis)
             └─ conditional ─▶ NEGOTIATING (provider replies within 10 working days, Art.20)
                  provider approves ─▶ GRANTED          provider refuses ─▶ DENIED
                  DENIED, or NEGOTIATING past its reply date ─(consumer escalates)─▶ ESCALATED_TO_EIC
                  ESCALATED_TO_EIC ─(EIC)─▶ GRANTED | DENIED | ESCALATED_TO_LEADING_GROUP
                  ESCALATED_TO_LEADING_GROUP ─(leading group: final)─▶ GRANTED | DENIED
    GRANTED ─(provider or EIC revokes)─▶ REVOKED          GRANTED past expires_at ─(expireUses)─▶ EXPIRED

Who acts: the consumer's department (user or admin) requests and escalates; the provider's admin
replies and revokes; the EIC coordinates (decides or refers an escalated use, revokes, runs expiry); the
leading group decides what is referred to it, and only it may revoke what it granted (its decision is
final, Art.20). A legacy REQUESTED use is treated as awaiting the provider's reply.

Expiry is evaluated on read as well: a grant past its `expires_at` no longer counts for citation
(`lineage.citation`) from the next day, whether or not `expire_uses` has recorded it as EXPIRED yet.

Example::

    use = await request_use(store, principal, visibility(principal), UseRequest("C-SJS-TJ-TJCJ", "101001/000001", "人口统计", "《统计法》第七条"))
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from graph.access import EVERYTHING, Principal, Role, Visibility
from graph.changes import Changes
from graph.errors import ForbiddenError, InvalidDataError, NotFoundError, Problem
from graph.i18n import N_, _
from graph.labels import Direction, Label, RelType
from graph.records import Node, NodeRef, PageQuery, PropertyFilter, Step
from graph.store import GraphStore
from graph.terms import CatalogKind, ResourceStatus, ShareType, UseStatus
from lineage import workflow
from lineage.naming import named
from lineage.workdays import work_calendar
from lineage.workflow import Act, IllegalTransitionError, is_admin, is_member, require

REPLY_WORKING_DAYS = 10  # Art.20
AWAITING = {UseStatus.REQUESTED.value, UseStatus.NEGOTIATING.value}
S = UseStatus


@dataclass(frozen=True)
class UseRequest:
    """What a consumer asks for: a resource, for a purpose, on a duty basis; optionally some items, via a system."""

    consumer: str
    resource: str
    purpose: str
    duty_basis: str
    items: Sequence[str] = ()
    via: str | None = None


@dataclass(frozen=True)
class Scope:
    """What a grant covers, as the deciding side sets it; None keeps what was asked (Art.20, Art.24)."""

    items: Sequence[str] | None = None
    purpose: str | None = None
    expires_at: date | None = None
    citation_permitted: bool | None = None


@dataclass(frozen=True)
class Parties:
    """The two sides of a use."""

    consumer: str | None
    consumer_department: str | None
    resource: str | None
    provider: str | None
    share_type: str | None = None
    legal_basis: str | None = None
    items: list[str] = field(default_factory=list)


async def _items_of(store: GraphStore, resource: str) -> list[str]:
    pairs = await store.neighbours(NodeRef(Label.RESOURCE, resource), [Step(RelType.HAS_ITEM, Direction.OUT)])
    return [str(n.props["name"]) for _, n in pairs]


def _check_items(items: Sequence[str], known: Sequence[str], field_name: str = "items") -> list[str]:
    wanted = [i.strip() for i in items if i.strip()]
    if known:
        unknown = [i for i in wanted if i not in known]
        if unknown:
            raise InvalidDataError([Problem("input", field_name, _("not items of the resource: {items}", items=_(", ").join(unknown)))])
    return list(dict.fromkeys(wanted))


async def _in_base_or_theme(store: GraphStore, resource: str) -> Node | None:
    """The base or theme catalog listing the resource, if any (Art.19)."""
    for _, catalog in await store.neighbours(NodeRef(Label.RESOURCE, resource), [Step(RelType.LISTED_IN, Direction.OUT)]):
        if catalog.props.get("kind") in (CatalogKind.BASE.value, CatalogKind.THEME.value):
            return catalog
    return None


async def _requested_resource(store: GraphStore, code: str, visibility: Visibility) -> Node:
    """The resource asked for. A not-shared resource is hidden from other departments (Art.18), but a
    request for it is refused citing its legal basis, as Art.18 requires; anything else hidden is NOT_FOUND."""
    seen = await store.get(Label.RESOURCE, code, visibility)
    if seen is not None:
        return seen
    truth = await store.get(Label.RESOURCE, code, EVERYTHING)
    if truth is not None and truth.props.get("share_type") == ShareType.NOT_SHARED.value:
        return truth
    raise NotFoundError(Label.RESOURCE.value, code)


def not_shared_reason(resource: Node) -> str:
    """The refusal of a not-shared resource: its legal basis, or the lack of one (Art.18). It names no
    code or name: the resource stays hidden from the consumer's department."""
    basis = resource.props.get("legal_basis")
    if basis:
        return f"Art.18: not shared (不予共享); legal basis: {basis}"
    return "Art.18: not shared (不予共享), and no legal basis is recorded, which Art.18 requires: a finding for its provider"


async def request_use(store: GraphStore, principal: Principal, visibility: Visibility, request: UseRequest) -> Node:
    """Open a use: granted at once (Art.19), refused at once (Art.18), or a negotiation (Art.20)."""
    act = Act.by(principal, "requestUse")
    consumer = await workflow.visible(store, Label.CONSUMER, request.consumer, visibility)
    department = await workflow.department_of_consumer(store, consumer.key)
    if department is None:
        raise ForbiddenError(_("{consumer} is a public application: it uses the open catalog (Art.21–23) and requests no share", consumer=named(consumer)))
    require(is_member(principal, department), _("only a user or admin of {department} requests uses for its consumer {consumer}", department=department, consumer=named(consumer)))
    purpose, duty = workflow.required_texts(
        ("purpose", request.purpose, N_("shared data serves only the stated purpose (Art.24)")),
        ("dutyBasis", request.duty_basis, N_("a use answers a duty need (Art.19, Art.24)")),
    )
    resource = await _requested_resource(store, request.resource, visibility)
    status = resource.props.get("status", ResourceStatus.ACTIVE.value)
    if status == ResourceStatus.UNCATALOGUED.value:
        raise InvalidDataError([Problem("input", "resource", _("{resource} is in no catalog yet: raise a data demand with the EIC (Art.20)", resource=named(resource)))])
    if status != ResourceStatus.ACTIVE.value:
        raise InvalidDataError([Problem("input", "resource", _("{resource} is retired: it is no longer shared", resource=named(resource)))])
    provider = await workflow.provider_of(store, resource.key)
    if provider == department:
        raise InvalidDataError([Problem("input", "resource", _("{resource} is {department}'s own resource: no share is needed", resource=named(resource), department=department))])
    items = _check_items(request.items, await _items_of(store, resource.key))
    ref = NodeRef(Label.USE, workflow.new_id("USE", act.on))
    links = [(RelType.REQUESTS, consumer.ref, ref), (RelType.OF, ref, resource.ref)]
    if request.via:
        system = await workflow.visible(store, Label.SYSTEM, request.via, visibility)
        operator = await workflow.linked_key(store, system.ref, RelType.OPERATES, Direction.IN, Label.DEPARTMENT)
        if operator != department:
            raise InvalidDataError([Problem("input", "via", _("{system} is not a system of {department}", system=named(system), department=department))])
        links.append((RelType.VIA, ref, system.ref))

    share = resource.props.get("share_type")
    props: dict[str, object] = {"purpose": purpose, "duty_basis": duty, "requested_at": act.on, "items": items or None}
    if share == ShareType.NOT_SHARED.value:
        note = not_shared_reason(resource)
        props.update(status=S.DENIED.value, decision_reason=note)
    elif share == ShareType.UNCONDITIONAL.value:
        note = "Art.19: unconditionally shared; granted for the stated duty need"
        props.update(status=S.GRANTED.value, granted_at=act.on)
    elif (catalog := await _in_base_or_theme(store, resource.key)) is not None:
        note = f"Art.19: listed in the {catalog.props.get('kind', '').lower()} catalog {catalog.key}; granted for the stated duty need"
        props.update(status=S.GRANTED.value, granted_at=act.on)
    else:
        due = (await work_calendar(store)).add_working_days(act.on, REPLY_WORKING_DAYS)
        note = f"Art.20: conditionally shared; {provider or 'the provider'} replies within {REPLY_WORKING_DAYS} working days, by {due}"
        props.update(status=S.NEGOTIATING.value, reply_due=due)
    return await workflow.create(store, Label.USE, {"id": ref.key, **props}, act, links, note)


async def parties(store: GraphStore, use: Node) -> Parties:
    """Consumer, its department, resource and provider of a use (the truth, for deciding who may act)."""
    consumer = await workflow.linked_key(store, use.ref, RelType.REQUESTS, Direction.IN, Label.CONSUMER)
    resource_key = await workflow.linked_key(store, use.ref, RelType.OF, Direction.OUT, Label.RESOURCE)
    department = None if consumer is None else await workflow.department_of_consumer(store, consumer)
    resource = None if resource_key is None else await store.get(Label.RESOURCE, resource_key)
    provider = None if resource_key is None else await workflow.provider_of(store, resource_key)
    return Parties(
        consumer, department, resource_key, provider,
        share_type=None if resource is None else resource.props.get("share_type"),
        legal_basis=None if resource is None else resource.props.get("legal_basis"),
        items=[] if resource_key is None else await _items_of(store, resource_key),
    )


def _decider(use: Node, principal: Principal, side: Parties, action: str) -> str:
    """Who decides the use in its current state, checked against `principal`; returns the stage's name."""
    status = use.props["status"]
    if status in AWAITING:
        require(is_admin(principal, side.provider), _("{use} awaits its provider's reply: only an admin of {provider} may {action} it (Art.20)", use=use.key, provider=side.provider, action=action))
        return "provider"
    if status == S.ESCALATED_TO_EIC.value:
        require(principal.has(Role.EIC), _("{use} is escalated to the EIC: only the EIC may {action} it now (Art.20)", use=use.key, action=action))
        return "EIC"
    if status == S.ESCALATED_TO_LEADING_GROUP.value:
        require(principal.has(Role.LEADING_GROUP), _("{use} is referred to the leading group: only the leading group decides it (Art.20)", use=use.key))
        return "leading group"
    raise IllegalTransitionError(use.ref, status, action, _("applies to a use awaiting a decision (negotiating, or escalated to the EIC or the leading group)"))


async def _current(store: GraphStore, use_id: str, visibility: Visibility) -> Node:
    return await workflow.visible(store, Label.USE, use_id, visibility)


async def approve_use(store: GraphStore, principal: Principal, visibility: Visibility, use_id: str, version: int, scope: Scope) -> Node:
    """Grant a use awaiting a decision, with its scope: items, purpose, expiry, citation (Art.20, Art.24–25)."""
    act = Act.by(principal, "approveUse")
    use = await _current(store, use_id, visibility)
    side = await parties(store, use)
    stage = _decider(use, principal, side, "approve")
    changes: dict[str, object] = {"status": S.GRANTED.value, "granted_at": act.on, "decision_reason": None}
    if scope.items is not None:
        changes["items"] = _check_items(scope.items, side.items, "scope.items") or None
    if scope.purpose is not None:
        changes["purpose"] = workflow.required_text("scope.purpose", scope.purpose, N_("a grant states its purpose (Art.24)"))
    if scope.expires_at is not None:
        if scope.expires_at < act.on:
            raise InvalidDataError([Problem("input", "scope.expiresAt", _("{day} is before today ({today})", day=scope.expires_at, today=act.on))])
        changes["expires_at"] = scope.expires_at
    if scope.citation_permitted is not None:
        changes["citation_permitted"] = scope.citation_permitted
    note = f"granted by the {stage}" + (" (final, Art.20)" if stage == "leading group" else "")
    return await workflow.transition(store, use, version, changes, act, note=note)


async def refuse_use(store: GraphStore, principal: Principal, visibility: Visibility, use_id: str, version: int, reason: str) -> Node:
    """Refuse a use awaiting a decision, with the reason (Art.20)."""
    act = Act.by(principal, "refuseUse")
    use = await _current(store, use_id, visibility)
    side = await parties(store, use)
    stage = _decider(use, principal, side, "refuse")
    why = workflow.required_text("reason", reason, N_("a refusal states its reason (Art.20)"))
    note = f"refused by the {stage}" + (" (final, Art.20)" if stage == "leading group" else "")
    return await workflow.transition(store, use, version, {"status": S.DENIED.value, "decision_reason": why}, act, note=f"{note}: {why}")


def escalated_before(use: Node) -> str | None:
    reached = {line.get("to") for line in workflow.history(use.props)}
    if S.ESCALATED_TO_LEADING_GROUP.value in reached:
        return "the leading group decided it, and its decision is final (Art.20)"
    if S.ESCALATED_TO_EIC.value in reached:
        return "the EIC coordinated it and decided; what the EIC cannot settle it refers to the leading group itself (Art.20)"
    return None


def refused_at_request(use: Node, side: Parties) -> bool:
    lines = workflow.history(use.props)
    if lines:
        return any(line.get("action") == "requestUse" and line.get("to") == S.DENIED.value for line in lines)
    return bool(side.share_type == ShareType.NOT_SHARED.value)


async def escalate_use(
    store: GraphStore, principal: Principal, visibility: Visibility, use_id: str, version: int, note: str | None = None
) -> Node:
    """The consumer takes a refusal or an overdue reply to the EIC; the EIC refers what it cannot settle to the leading group (Art.20)."""
    act = Act.by(principal, "escalateUse")
    use = await _current(store, use_id, visibility)
    side = await parties(store, use)
    status = use.props["status"]
    if status == S.ESCALATED_TO_EIC.value:
        require(principal.has(Role.EIC), _("{use} is with the EIC: only the EIC refers it to the leading group (Art.20)", use=use.key))
        return await workflow.transition(store, use, version, {"status": S.ESCALATED_TO_LEADING_GROUP.value}, act, note=note or "the EIC could not settle it: referred to the leading group (Art.20)")
    if status not in AWAITING and status != S.DENIED.value:
        raise IllegalTransitionError(use.ref, status, "escalateUse", _("applies to a refused use or an overdue reply (Art.20)"))
    require(is_member(principal, side.consumer_department), _("only a user or admin of {department} escalates {use} (Art.20)", department=side.consumer_department, use=use.key))
    if status == S.DENIED.value:
        if refused_at_request(use, side):
            raise IllegalTransitionError(use.ref, status, "escalateUse", _(
                "does not apply: it was refused under Art.18 (not shared; legal basis: {basis}), which no negotiation changes", basis=side.legal_basis)
                if side.legal_basis else _("does not apply: it was refused under Art.18 (not shared), which no negotiation changes"))
        if (settled := escalated_before(use)) is not None:
            raise IllegalTransitionError(use.ref, status, "escalateUse", _("does not apply: {why}", why=settled))
        why = note or "the provider refused: the consumer asks the EIC to coordinate (Art.20)"
    else:
        due = use.props.get("reply_due")
        if due is None or date.fromisoformat(due) >= act.on:
            when = _("its reply is due on {due}; escalation is open from the next day", due=due) if due else _("it has no reply date")
            raise IllegalTransitionError(use.ref, status, "escalateUse", _("waits for the provider's reply: {when} (Art.20)", when=when))
        why = note or f"no reply by {due} (10 working days, Art.20): the consumer asks the EIC to coordinate"
    return await workflow.transition(store, use, version, {"status": S.ESCALATED_TO_EIC.value}, act, note=why)


def granted_by_leading_group(use: Node) -> bool:
    grants = [line for line in workflow.history(use.props) if line.get("to") == S.GRANTED.value]
    if not grants:
        return False
    last = grants[-1]
    return bool(last.get("action") == "approveUse" and Role.LEADING_GROUP.value in last.get("roles", []))


async def revoke_use(store: GraphStore, principal: Principal, visibility: Visibility, use_id: str, version: int, reason: str) -> Node:
    """Withdraw a grant, with the reason: the provider or the EIC; a grant of the leading group only by it (Art.20, Art.38)."""
    act = Act.by(principal, "revokeUse")
    use = await _current(store, use_id, visibility)
    side = await parties(store, use)
    status = use.props["status"]
    if status != S.GRANTED.value:
        raise IllegalTransitionError(use.ref, status, "revokeUse", _("applies to a granted use"))
    if granted_by_leading_group(use):
        require(principal.has(Role.LEADING_GROUP), _("{use} was granted by the leading group, whose decision is final: only it revokes the grant (Art.20)", use=use.key))
    else:
        require(principal.has(Role.EIC) or is_admin(principal, side.provider), _("only an admin of the provider {provider} or the EIC revokes {use}", provider=side.provider, use=use.key))
    why = workflow.required_text("reason", reason, N_("a revocation states its reason"))
    return await workflow.transition(store, use, version, {"status": S.REVOKED.value, "decision_reason": why}, act, note=why)


def in_force(use: Node, as_of: date) -> bool:
    """A granted use whose expiry, if any, is not before `as_of` (expiry evaluated on read)."""
    if use.props.get("status") != S.GRANTED.value:
        return False
    expires = use.props.get("expires_at")
    return expires is None or date.fromisoformat(expires) >= as_of


async def expire_uses(store: GraphStore, principal: Principal, as_of: date) -> list[Node]:
    """Record as EXPIRED every grant whose `expires_at` is before `as_of`, in one unit (the EIC runs it)."""
    require(principal.has(Role.EIC), _("only the EIC records the expiry of grants"))
    act = Act.by(principal, "expireUses")
    granted = await workflow.every(store, PageQuery(Label.USE, where=(PropertyFilter("status", (S.GRANTED.value,)),)))
    due = [u for u in granted if not in_force(u, as_of)]
    changes = Changes()
    for use in due:
        props = workflow.plain(use.props)
        props["status"] = S.EXPIRED.value
        props["history"] = [*(props.get("history") or []), act.entry(S.GRANTED.value, S.EXPIRED.value, f"the grant ran until {use.props['expires_at']}")]
        changes.expect_version(use.ref, int(use.props.get("version", 1)))
        changes.upsert_node(Label.USE, props, "input")
    if changes:
        await store.apply(changes)
    found = await store.get_many(Label.USE, [u.key for u in due])
    return [found[u.key] for u in due if u.key in found]

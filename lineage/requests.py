"""Open requests (开放需求, Art.22) and demands for data no catalog has (共享需求, Art.20).

Open requests: the EIC collects a request from society and notifies the department, which answers
within 15 working days of the notice, giving its reasons when it refuses (Art.22).

    NOTIFIED ─(department admin)─▶ OPENED | REFUSED (with the reason); an answer after reply_due is late

Data demands: a consumer asks the EIC for data no catalog has; where it is truly needed, the EIC with
the staffing office (区编办) names the provider, which collects it and lists it in its catalog (Art.20).
Both must name the same provider: the demand is PROVIDER_ASSIGNED once the EIC and an admin of a
department with the STAFFING_OFFICE role have named it, in either order.

    REQUESTED ─(EIC and staffing office name a provider)─▶ PROVIDER_ASSIGNED ─(provider catalogs a resource)─▶ CATALOGUED
    REQUESTED ─(EIC: not truly needed, with the reason)─▶ REJECTED

Example::

    request = await submit_open_request(store, eic, "某科技公司", "开放停车场泊位数据", "111101078219639559")
"""

from __future__ import annotations

from datetime import date

from graph.access import EVERYTHING, Principal, Role, Visibility
from graph.changes import Changes
from graph.errors import ForbiddenError, InvalidDataError, Problem
from graph.i18n import N_, _, quote
from graph.labels import Direction, Label, RelType
from graph.records import Node, NodeRef, Step
from graph.store import GraphStore
from graph.terms import DemandStatus, DepartmentRole, OpenRequestStatus, ResourceStatus
from lineage import workflow
from lineage.naming import named, word
from lineage.workdays import work_calendar
from lineage.workflow import Act, IllegalTransitionError, is_admin, is_member, require

ANSWER_WORKING_DAYS = 15  # Art.22
O, D = OpenRequestStatus, DemandStatus
EIC, STAFFING_OFFICE = "EIC", "STAFFING_OFFICE"


# Open requests (Art.22).


async def submit_open_request(
    store: GraphStore, principal: Principal, requester: str, content: str, department: str, resource: str | None = None
) -> Node:
    """The EIC notifies `department` of a request to open data; the answer is due in 15 working days (Art.22)."""
    require(principal.has(Role.EIC), _("the EIC collects open requests and notifies the departments (Art.22)"))
    act = Act.by(principal, "submitOpenRequest")
    who = workflow.required_text("requester", requester, N_("the EIC records who asks"))
    what = workflow.required_text("content", content, N_("the department answers what was asked"))
    if await store.get(Label.DEPARTMENT, department) is None:
        raise InvalidDataError([Problem("input", "department", _("{what} {key} does not exist", what=Label.DEPARTMENT.noun, key=quote(department)))])
    due = (await work_calendar(store)).add_working_days(act.on, ANSWER_WORKING_DAYS)
    ref = NodeRef(Label.OPEN_REQUEST, workflow.new_id("OR", act.on))
    links = [(RelType.ADDRESSED_TO, ref, NodeRef(Label.DEPARTMENT, department))]
    if resource is not None:
        found = await store.get(Label.RESOURCE, resource)
        if found is None:
            raise InvalidDataError([Problem("input", "resource", _("{what} {key} does not exist", what=Label.RESOURCE.noun, key=quote(resource)))])
        links.append((RelType.CONCERNS, ref, found.ref))
    props = {"id": ref.key, "requester": who, "content": what, "notified_at": act.on, "reply_due": due, "status": O.NOTIFIED.value}
    return await workflow.create(store, Label.OPEN_REQUEST, props, act, links, f"{department} answers within {ANSWER_WORKING_DAYS} working days, by {due} (Art.22)")


def answered_late(request: Node) -> bool | None:
    """Whether the answer came after its due date (None while unanswered or undated)."""
    answered, due = request.props.get("answered_at"), request.props.get("reply_due")
    if answered is None or due is None:
        return None
    return date.fromisoformat(answered) > date.fromisoformat(due)


async def answer_open_request(
    store: GraphStore, principal: Principal, visibility: Visibility, request_id: str, version: int, opened: bool, reason: str | None = None
) -> Node:
    """The department opens the data or refuses with its reasons (Art.22); a late answer is recorded as late."""
    act = Act.by(principal, "answerOpenRequest")
    request = await workflow.visible(store, Label.OPEN_REQUEST, request_id, visibility)
    department = await workflow.linked_key(store, request.ref, RelType.ADDRESSED_TO, Direction.OUT, Label.DEPARTMENT)
    require(is_admin(principal, department), _("only an admin of {department} answers {request} (Art.22)", department=department, request=request.key))
    state = str(request.props.get("status"))
    if state != O.NOTIFIED.value:
        raise IllegalTransitionError(request.ref, state, "answerOpenRequest", _("applies to a request awaiting its answer"))
    due = request.props.get("reply_due")
    late = due is not None and act.on > date.fromisoformat(due)
    timing = f"late: due {due}" if late else "in time"
    if opened:
        return await workflow.transition(store, request, version, {"status": O.OPENED.value, "answered_at": act.on}, act, note=f"opened ({timing})")
    why = workflow.required_text("reason", reason, N_("a refusal to open states its reasons (Art.22)"))
    changes = {"status": O.REFUSED.value, "answered_at": act.on, "refusal_reason": why}
    return await workflow.transition(store, request, version, changes, act, note=f"refused ({timing}): {why}")


# Data demands (Art.20).


async def raise_data_demand(store: GraphStore, principal: Principal, visibility: Visibility, consumer: str, description: str) -> Node:
    """A consumer asks the EIC for data that no catalog has (Art.20)."""
    act = Act.by(principal, "raiseDataDemand")
    consumer_node = await workflow.visible(store, Label.CONSUMER, consumer, visibility)
    department = await workflow.department_of_consumer(store, consumer_node.key)
    require(is_member(principal, department), _("only a user or admin of {department} raises demands for {consumer}", department=department, consumer=consumer))
    text = workflow.required_text("description", description, N_("the EIC judges whether collecting it is truly needed (Art.20)"))
    ref = NodeRef(Label.DATA_DEMAND, workflow.new_id("DD", act.on))
    props = {"id": ref.key, "description": text, "requested_at": act.on, "status": D.REQUESTED.value}
    return await workflow.create(store, Label.DATA_DEMAND, props, act, [(RelType.RAISED_BY, ref, consumer_node.ref)], "to the EIC (Art.20)")


async def _naming_side(store: GraphStore, principal: Principal) -> str:
    """EIC or STAFFING_OFFICE: the side of the joint naming `principal` speaks for."""
    if principal.has(Role.EIC):
        return EIC
    if principal.has(Role.DEPARTMENT_ADMIN) and principal.department is not None:
        office = await store.get(Label.DEPARTMENT, principal.department)
        if office is not None and DepartmentRole.STAFFING_OFFICE.value in (office.props.get("roles") or []):
            return STAFFING_OFFICE
    raise ForbiddenError(_("only the EIC and the staffing office name the provider of demanded data (Art.20)"))


async def assign_data_demand_provider(
    store: GraphStore, principal: Principal, visibility: Visibility, demand_id: str, version: int, provider: str
) -> Node:
    """The EIC or the staffing office names the provider; once both named the same one, it is assigned (Art.20)."""
    act = Act.by(principal, "assignDataDemandProvider")
    side = await _naming_side(store, principal)
    # Art.20 makes the staffing office a party to every demand, though the department access rules show
    # a department only the demands it raised or is named for.
    demand = await workflow.visible(store, Label.DATA_DEMAND, demand_id, EVERYTHING if side == STAFFING_OFFICE else visibility)
    state = str(demand.props.get("status"))
    if state != D.REQUESTED.value:
        raise IllegalTransitionError(demand.ref, state, "assignDataDemandProvider", _("applies to a demand awaiting its provider"))
    if await store.get(Label.DEPARTMENT, provider) is None:
        raise InvalidDataError([Problem("input", "provider", _("{what} {key} does not exist", what=Label.DEPARTMENT.noun, key=quote(provider)))])
    current = await workflow.linked_key(store, demand.ref, RelType.ASSIGNED_TO, Direction.OUT, Label.DEPARTMENT)
    named = list(demand.props.get("provider_named_by") or []) if current == provider else []
    named = sorted({*named, side})
    extra = Changes()
    if current is not None and current != provider:
        extra.delete_relationship(RelType.ASSIGNED_TO, demand.ref, NodeRef(Label.DEPARTMENT, current))
    extra.upsert_relationship(RelType.ASSIGNED_TO, demand.ref, NodeRef(Label.DEPARTMENT, provider), where="input")
    agreed = named == [EIC, STAFFING_OFFICE]
    status = D.PROVIDER_ASSIGNED.value if agreed else D.REQUESTED.value
    other = STAFFING_OFFICE if side == EIC else EIC
    note = f"{side} names {provider}" + ("; the EIC and the staffing office agree (Art.20)" if agreed else f"; awaiting the {other.replace('_', ' ').lower()}")
    return await workflow.transition(store, demand, version, {"status": status, "provider_named_by": named}, act, note=note, extra=extra)


async def reject_data_demand(store: GraphStore, principal: Principal, visibility: Visibility, demand_id: str, version: int, reason: str) -> Node:
    """The EIC finds collection not truly needed, with the reason (Art.20)."""
    require(principal.has(Role.EIC), _("the EIC judges whether demanded data is truly needed (Art.20)"))
    act = Act.by(principal, "rejectDataDemand")
    demand = await workflow.visible(store, Label.DATA_DEMAND, demand_id, visibility)
    state = str(demand.props.get("status"))
    if state != D.REQUESTED.value:
        raise IllegalTransitionError(demand.ref, state, "rejectDataDemand", _("applies to a demand awaiting its provider"))
    why = workflow.required_text("reason", reason, N_("the consumer learns why"))
    return await workflow.transition(store, demand, version, {"status": D.REJECTED.value, "decision_reason": why}, act, note=why)


async def catalog_data_demand(
    store: GraphStore, principal: Principal, visibility: Visibility, demand_id: str, version: int, resource: str
) -> Node:
    """The named provider has collected the data and lists it in its catalog (Art.20)."""
    act = Act.by(principal, "catalogDataDemand")
    demand = await workflow.visible(store, Label.DATA_DEMAND, demand_id, visibility)
    provider = await workflow.linked_key(store, demand.ref, RelType.ASSIGNED_TO, Direction.OUT, Label.DEPARTMENT)
    require(is_admin(principal, provider), _("only an admin of the named provider {provider} catalogs {demand} (Art.20)", provider=provider, demand=demand.key))
    state = str(demand.props.get("status"))
    if state != D.PROVIDER_ASSIGNED.value:
        raise IllegalTransitionError(demand.ref, state, "catalogDataDemand", _("applies to a demand whose provider is named"))
    found = await store.get(Label.RESOURCE, resource, EVERYTHING)
    if found is None:
        raise InvalidDataError([Problem("input", "resource", _("{what} {key} does not exist", what=Label.RESOURCE.noun, key=quote(resource)))])
    problems = []
    if await workflow.provider_of(store, resource) != provider:
        problems.append(Problem("input", "resource", _("{resource} is not provided by {provider}", resource=named(found), provider=provider)))
    if found.props.get("status", ResourceStatus.ACTIVE.value) != ResourceStatus.ACTIVE.value:
        problems.append(Problem("input", "resource", _("{resource} is {status}, not in force", resource=named(found), status=word(ResourceStatus, found.props.get("status")))))
    if not await store.neighbours(found.ref, [Step(RelType.LISTED_IN, Direction.OUT)]):
        problems.append(Problem("input", "resource", _("{resource} is in no catalog yet: list it in the department catalog first (Art.9, Art.20)", resource=named(found))))
    if problems:
        raise InvalidDataError(problems)
    extra = Changes()
    extra.upsert_relationship(RelType.FULFILLED_BY, demand.ref, found.ref, where="input")
    return await workflow.transition(store, demand, version, {"status": D.CATALOGUED.value}, act, note=f"catalogued as {resource}", extra=extra)

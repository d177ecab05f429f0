"""GraphQL for sharing and citation: the use lifecycle, citation permission, error reports, open and
data demands, deadlines and the working-day calendar (Art.18–20, Art.22, Art.24–26).

Resolvers hold no rules: they call `lineage.sharing`, `lineage.citation`, `lineage.error_reports`,
`lineage.requests`, `lineage.deadlines` and `lineage.workdays` with the request's principal and
visibility. Every act comes back as a `Payload` whose user errors carry a code; the audit trail records
each attempt, refused ones included.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from typing import Annotated, Any, TypeVar

import strawberry

from api.schema import enums
from api.engine.ids import parse_cursor
from api.schema.connections import Connection, page_connection
from api.schema.history import Transition, transitions
from api.schema.lineage import Finding
from api.schema.payloads import Payload, UserError
from api.schema.nodes import Citation, Consumer, Ctx, Department, Impact, Node, Resource, Use, linked, prop, resource_impact
from graph.access import Role
from graph.errors import ConflictError, ForbiddenError, InvalidArgumentError, InvalidDataError, NotFoundError
from graph.i18n import _
from graph.labels import Direction, Label, RelType
from graph.records import Node as StoredNode
from graph.records import NodeRef, PageQuery, PropertyFilter, Step
from graph.terms import DocumentKind as DocumentKindTerm
from lineage import citation, clock, deadlines, error_reports, requests, sharing, workflow
from lineage.citation import PermissionRequiredError
from lineage.workdays import UnknownYearError, load_schedule, stored_schedules, work_calendar
from lineage.workflow import IllegalTransitionError

T = TypeVar("T")
MAX_FIRST = 100
USER_ERRORS = (ConflictError, NotFoundError, ForbiddenError, IllegalTransitionError, UnknownYearError, InvalidArgumentError)

Id = Annotated[str, strawberry.argument(description="Id of the record to act on.")]
Version = Annotated[int, strawberry.argument(description="The `version` you read; a stale one is a CONFLICT (two acts on one record never both apply).")]
Reason = Annotated[str, strawberry.argument(description="Why, in words; recorded on the record and shown to the other side.")]
AsOf = Annotated[date | None, strawberry.argument(description="The day to evaluate on (China time); default today.")]
First = Annotated[int, strawberry.argument(description=f"Page size, 1 to {MAX_FIRST}.")]
After = Annotated[str | None, strawberry.argument(description="Return the items after this cursor (`pageInfo.endCursor`).")]


def _camel(path: str) -> list[str]:
    parts = []
    for part in path.split("."):
        head, *rest = part.split("_")
        parts.append(head + "".join(w.title() for w in rest))
    return parts


async def attempt(info: Ctx, action: str, subject: NodeRef, work: Awaitable[T], make: Callable[[T], Any]) -> Payload[Any]:
    """Run an act; expected failures become user errors; either way the audit trail records it (with
    the change, in its unit of work; a refusal on its own)."""
    act = info.context.audit.act(action, subject)
    try:
        done = await work
    except InvalidDataError as e:
        await act.end(e.code)
        return Payload(result=None, user_errors=[UserError(field=_camel(p.field) if p.field else [], message=p.reason, code=e.code) for p in e.problems])
    except PermissionRequiredError as e:
        await act.end(e.code)
        return Payload(result=None, user_errors=[UserError(field=[], message=_("{article} {rule}: {reason}", article=r.article, rule=r.rule, reason=r.message), code=e.code) for r in e.reasons])
    except USER_ERRORS as e:
        await act.end(e.code)
        return Payload(result=None, user_errors=[UserError(field=[], message=e.message, code=e.code)])
    await act.end()
    return Payload(result=make(done), user_errors=[])


# Types.


def _prop(stored: StoredNode, name: str) -> Any:
    return stored.props.get(name)


def _date(stored: StoredNode, name: str) -> date | None:
    value = stored.props.get(name)
    return None if value is None else date.fromisoformat(value)


async def _one(info: Ctx, stored: StoredNode, rel: RelType, direction: Direction, label: Label) -> StoredNode | None:
    pairs = await info.context.loaders.neighbours(stored.label, (Step(rel, direction),)).load(stored.key)
    return next((n for _, n in pairs if n.label is label), None)


@strawberry.type(description="A consumer's report of an error in shared data, to the provider and copied to the EIC (Art.25–26).")
class ErrorReport(Node):
    report_id: str = prop("id", str, "Record id.")
    description: str = prop("description", str, "What is wrong.")

    @strawberry.field(description="The items in doubt (empty: the resource as a whole).")
    def items(self) -> list[str]:
        return list(_prop(self.stored, "items") or [])

    reported_at: date | None = prop("reported_at", date | None, "Reported on.", is_date=True)
    status: enums.ErrorReportStatus = prop("status", enums.ErrorReportStatus, "State: reported, verified, corrected, or found correct (REJECTED).", enum=enums.ErrorReportStatus)

    @strawberry.field(description="Copied to the EIC (Art.25).")
    def copied_to_eic(self) -> bool:
        return bool(_prop(self.stored, "copied_to_eic"))

    resolution: str | None = prop("resolution", str | None, "The provider's correction, or why it found the data right.")
    resource: Resource | None = linked(Step(RelType.CONCERNS, Direction.OUT), "The resource in doubt.", one=True, only=Label.RESOURCE)
    reported_by: Consumer | None = linked(Step(RelType.REPORTED_BY, Direction.OUT), "The consumer that reported it.", one=True, only=Label.CONSUMER)
    provider: Department | None = linked(Step(RelType.ADDRESSED_TO, Direction.OUT), "The provider that verifies and corrects it (Art.26).", one=True, only=Label.DEPARTMENT)

    @strawberry.field(description="What a wrong value in the resource reaches: derived resources, uses, citations, publications (Art.25); as far as you may see.")
    async def impact(self, info: Ctx) -> Impact | None:
        found = await _one(info, self.stored, RelType.CONCERNS, Direction.OUT, Label.RESOURCE)
        if found is None:
            return None
        try:
            return await resource_impact(info, found.key)
        except NotFoundError:
            return None

    @strawberry.field(description="Every act on it, oldest first.")
    def history(self) -> list[Transition]:
        return transitions(self.stored)


@strawberry.type(description="A request to open data, collected by the EIC and answered by the department within 15 working days (Art.22).")
class OpenRequest(Node):
    request_id: str = prop("id", str, "Record id.")
    requester: str = prop("requester", str, "Who asks (a citizen, a firm, an organisation).")
    content: str = prop("content", str, "What is asked to be opened.")
    notified_at: date | None = prop("notified_at", date | None, "The EIC's notice to the department.", is_date=True)
    reply_due: date | None = prop("reply_due", date | None, "The answer is due: 15 working days after the notice (Art.22).", is_date=True)
    status: enums.OpenRequestStatus = prop("status", enums.OpenRequestStatus, "State.", enum=enums.OpenRequestStatus)
    answered_at: date | None = prop("answered_at", date | None, "Answered on.", is_date=True)

    @strawberry.field(description="The answer came after its due date (null while unanswered).")
    def late(self) -> bool | None:
        return requests.answered_late(self.stored)

    refusal_reason: str | None = prop("refusal_reason", str | None, "Why it was not opened (Art.22: a refusal states its reasons).")
    department: Department | None = linked(Step(RelType.ADDRESSED_TO, Direction.OUT), "The department that answers.", one=True, only=Label.DEPARTMENT)
    resource: Resource | None = linked(Step(RelType.CONCERNS, Direction.OUT), "The resource concerned, if named.", one=True, only=Label.RESOURCE)

    @strawberry.field(description="Every act on it, oldest first.")
    def history(self) -> list[Transition]:
        return transitions(self.stored)


@strawberry.type(description="A demand for data no catalog has: the EIC with the staffing office names a provider, which catalogs it (Art.20).")
class DataDemand(Node):
    demand_id: str = prop("id", str, "Record id.")
    description: str = prop("description", str, "The data wanted, and what for.")
    requested_at: date | None = prop("requested_at", date | None, "Raised on.", is_date=True)
    status: enums.DemandStatus = prop("status", enums.DemandStatus, "State.", enum=enums.DemandStatus)

    @strawberry.field(description="Who has named the provider so far: EIC, STAFFING_OFFICE (both are needed, Art.20).")
    def provider_named_by(self) -> list[str]:
        return list(_prop(self.stored, "provider_named_by") or [])

    decision_reason: str | None = prop("decision_reason", str | None, "Why the EIC found collection not needed.")
    raised_by: Consumer | None = linked(Step(RelType.RAISED_BY, Direction.OUT), "The consumer that raised it.", one=True, only=Label.CONSUMER)
    assigned_to: Department | None = linked(Step(RelType.ASSIGNED_TO, Direction.OUT), "The provider named.", one=True, only=Label.DEPARTMENT)

    @strawberry.field(description="The resource that now answers it.")
    async def fulfilled_by(self, info: Ctx) -> Resource | None:
        found = await _one(info, self.stored, RelType.FULFILLED_BY, Direction.OUT, Label.RESOURCE)
        return None if found is None else Resource(stored=found)

    @strawberry.field(description="Every act on it, oldest first.")
    def history(self) -> list[Transition]:
        return transitions(self.stored)


@strawberry.type(description="The State Council's holiday notice for one year, loaded by the EIC; the working-day calendar consults it before the built-in one.")
class HolidaySchedule:
    stored: strawberry.Private[StoredNode]

    @strawberry.field(description="The year.")
    def year(self) -> int:
        return int(self.stored.props["year"])

    @strawberry.field(description="Days off (放假).")
    def holidays(self) -> list[date]:
        return [date.fromisoformat(d) for d in self.stored.props.get("holidays", [])]

    @strawberry.field(description="Make-up working days on weekends (调休上班).")
    def workdays(self) -> list[date]:
        return [date.fromisoformat(d) for d in self.stored.props.get("workdays", [])]

    @strawberry.field(description="The notice it comes from.")
    def source(self) -> str | None:
        return _prop(self.stored, "source")  # type: ignore[no-any-return]

    @strawberry.field(description="Loaded on.")
    def loaded_at(self) -> date | None:
        return _date(self.stored, "loaded_at")

    @strawberry.field(description="Version of the stored schedule.")
    def version(self) -> int:
        return int(self.stored.props.get("version", 1))


@strawberry.type(description="One condition of a citation, the article it comes from, and whether it holds.")
class CitationReason:
    rule: str = strawberry.field(description="USE_GRANTED, USE_IN_FORCE, PURPOSE_WITHIN_GRANT, PROVIDER_PERMISSION or SOURCE_NAMED.")
    article: str = strawberry.field(description="The article, e.g. Art.25.")
    passed: bool = strawberry.field(description="Whether it holds.")
    message: str = strawberry.field(description="Why, in words.")


@strawberry.type(description="May this consumer cite this resource in this document: every reason, and the source line to print (Art.24–25).")
class CitationDecision:
    allowed: bool = strawberry.field(description="Every reason holds.")
    reasons: list[CitationReason] = strawberry.field(description="Every condition, passed or not, in order.")
    attribution: str = strawberry.field(description="The source line the document must carry (Art.25), e.g. 数据来源：区统计局《人口基础信息》.")
    use: Use | None = strawberry.field(description="The use the decision rests on (the closest one the consumer holds).")
    citation: Citation | None = strawberry.field(description="The citation on record for the named document, if any.")


@strawberry.type(description="A request past its due date.")
class OverdueRequest:
    kind: str = strawberry.field(description="USE_REPLY (a provider's reply to a negotiation, Art.20) or OPEN_REQUEST_ANSWER (Art.22).")
    article: str = strawberry.field(description="The article that sets the deadline.")
    record_id: str = strawberry.field(description="Id of the use or open request.")
    due: date = strawberry.field(description="The last day to answer.")
    working_days_late: int = strawberry.field(description="Working days after the due date, up to the day asked.")
    message: str = strawberry.field(description="What is owed, in words.")
    use: Use | None = strawberry.field(description="The use awaiting a reply, for USE_REPLY.")
    open_request: OpenRequest | None = strawberry.field(description="The open request awaiting an answer, for OPEN_REQUEST_ANSWER.")


@strawberry.type(description="The overdue requests one department owes an answer to (Art.38(2): delay).")
class DepartmentOverdue:
    code: str = strawberry.field(description="Code of the department.")
    department: Department | None = strawberry.field(description="The department.")
    requests: list[OverdueRequest] = strawberry.field(description="Oldest due first.")


@strawberry.type(description="The grants recorded as expired.")
class ExpiredUses:
    as_of: date = strawberry.field(description="The day evaluated: grants whose expiry is before it.")
    uses: list[Use] = strawberry.field(description="The uses now EXPIRED.")


@strawberry.input(description="What a grant covers; a field left out keeps what the consumer asked.")
class UseScope:
    items: list[str] | None = strawberry.field(default=None, description="Item names granted (names of the resource's items).")
    purpose: str | None = strawberry.field(default=None, description="The purpose granted (Art.24: duty use only).")
    expires_at: date | None = strawberry.field(default=None, description="Last day of the grant.")
    citation_permitted: bool | None = strawberry.field(default=None, description="The provider permits citation in major decisions and issued documents under this grant (Art.25).")


def _decision(found: citation.CitationDecision) -> CitationDecision:
    return CitationDecision(
        allowed=found.allowed,
        reasons=[CitationReason(rule=r.rule, article=r.article, passed=r.passed, message=r.message) for r in found.reasons],
        attribution=found.attribution,
        use=None if found.use is None else Use(stored=found.use),
        citation=None if found.citation is None else Citation(stored=found.citation),
    )


async def _department(info: Ctx, code: str) -> Department | None:
    stored = await info.context.loaders.nodes(Label.DEPARTMENT).load(code)
    return None if stored is None else Department(stored=stored)


def _first(first: int) -> int:
    if not 1 <= first <= MAX_FIRST:
        raise InvalidArgumentError(_("{name} must be between 1 and {limit}, got {value}", name="first", limit=MAX_FIRST, value=first))
    return first


async def _page(info: Ctx, label: Label, status: list[Any] | None, first: int, after: str | None, node_type: Callable[..., T]) -> Connection[T]:
    where = (PropertyFilter("status", tuple(s.name for s in status)),) if status else ()
    query = PageQuery(label, where=where, first=_first(first), after=parse_cursor(after))
    return await page_connection(info, query, after, node_type)


async def _lookup(info: Ctx, label: Label, key: str, make: Callable[[StoredNode], T]) -> T | None:
    stored = await info.context.loaders.nodes(label).load(key)
    return None if stored is None else make(stored)


@strawberry.type
class SharingQuery:
    @strawberry.field(description="The use with this id, or null.")
    async def use(self, info: Ctx, id: Annotated[str, strawberry.argument(description="Use id.")]) -> Use | None:
        return await _lookup(info, Label.USE, id, lambda n: Use(stored=n))

    @strawberry.field(description="May the consumer cite the resource in a document of this kind for this purpose? Every reason with its article, and the source line to print (Art.24–25).")
    async def citation_permission(
        self,
        info: Ctx,
        consumer: Annotated[str, strawberry.argument(description="Code of the citing consumer.")],
        resource: Annotated[str, strawberry.argument(description="Code of the resource cited.")],
        document_kind: Annotated[enums.DocumentKind, strawberry.argument(description="MAJOR_DECISION and ISSUED_DOCUMENT need the provider's permission (Art.25).")],
        purpose: Annotated[str, strawberry.argument(description="What the citation serves (Art.24: within the granted purpose).")],
        document: Annotated[str | None, strawberry.argument(description="Title of the document, to find the provider's permission for it.")] = None,
        as_of: AsOf = None,
    ) -> CitationDecision:
        kind = DocumentKindTerm.parse(document_kind.name)
        found = await citation.citation_permission(info.context.store, info.context.visibility, consumer, resource, kind, purpose, document, as_of)
        return _decision(found)

    @strawberry.field(description="Citations that break the rules: needed permission missing or source not named (Art.25), outside a grant (Art.24); violations under Art.38(4).")
    async def citation_findings(self, info: Ctx) -> list[Finding]:
        return [Finding(found=f) for f in await citation.citation_findings(info.context.store, info.context.visibility)]

    @strawberry.field(description="Every request still unanswered past its due date (uses: 10 working days, Art.20; open requests: 15, Art.22), by the department that owes the answer.")
    async def overdue(self, info: Ctx, as_of: AsOf = None) -> list[DepartmentOverdue]:
        found = await deadlines.overdue(info.context.store, as_of or clock.today(), info.context.visibility)
        answer = []
        for group in found:
            items = [
                OverdueRequest(
                    kind=o.kind, article=o.article, record_id=o.record.key, due=o.due, working_days_late=o.working_days_late, message=o.message,
                    use=Use(stored=o.record) if o.record.label is Label.USE else None,
                    open_request=OpenRequest(stored=o.record) if o.record.label is Label.OPEN_REQUEST else None,
                )
                for o in group.items
            ]
            answer.append(DepartmentOverdue(code=group.department, department=await _department(info, group.department), requests=items))
        return answer

    @strawberry.field(description="Error reports on shared data (Art.25–26), in id order.")
    async def error_reports(
        self, info: Ctx, first: First = 20, after: After = None,
        status: Annotated[list[enums.ErrorReportStatus] | None, strawberry.argument(description="Only these states.")] = None,
    ) -> Connection[ErrorReport]:
        return await _page(info, Label.ERROR_REPORT, status, first, after, ErrorReport)

    @strawberry.field(description="The error report with this id, or null.")
    async def error_report(self, info: Ctx, id: Annotated[str, strawberry.argument(description="Report id.")]) -> ErrorReport | None:
        return await _lookup(info, Label.ERROR_REPORT, id, lambda n: ErrorReport(stored=n))

    @strawberry.field(description="Requests to open data (Art.22), in id order.")
    async def open_requests(
        self, info: Ctx, first: First = 20, after: After = None,
        status: Annotated[list[enums.OpenRequestStatus] | None, strawberry.argument(description="Only these states.")] = None,
    ) -> Connection[OpenRequest]:
        return await _page(info, Label.OPEN_REQUEST, status, first, after, OpenRequest)

    @strawberry.field(description="The open request with this id, or null.")
    async def open_request(self, info: Ctx, id: Annotated[str, strawberry.argument(description="Request id.")]) -> OpenRequest | None:
        return await _lookup(info, Label.OPEN_REQUEST, id, lambda n: OpenRequest(stored=n))

    @strawberry.field(description="Demands for data no catalog has (Art.20), in id order.")
    async def data_demands(
        self, info: Ctx, first: First = 20, after: After = None,
        status: Annotated[list[enums.DemandStatus] | None, strawberry.argument(description="Only these states.")] = None,
    ) -> Connection[DataDemand]:
        return await _page(info, Label.DATA_DEMAND, status, first, after, DataDemand)

    @strawberry.field(description="The data demand with this id, or null.")
    async def data_demand(self, info: Ctx, id: Annotated[str, strawberry.argument(description="Demand id.")]) -> DataDemand | None:
        return await _lookup(info, Label.DATA_DEMAND, id, lambda n: DataDemand(stored=n))

    @strawberry.field(description="The holiday notices the EIC has loaded, by year (the built-in calendar knows 2004–2026).")
    async def holiday_schedules(self, info: Ctx) -> list[HolidaySchedule]:
        return [HolidaySchedule(stored=n) for n in await stored_schedules(info.context.store)]

    @strawberry.field(description="The last day of a deadline: the `days`-th working day after `from` in the PRC calendar (weekends and holidays off, make-up days on).")
    async def add_working_days(
        self, info: Ctx,
        from_: Annotated[date, strawberry.argument(name="from", description="The day the deadline starts from (not counted).")],
        days: Annotated[int, strawberry.argument(description="Working days, 0 or more.")],
    ) -> date:
        return (await work_calendar(info.context.store)).add_working_days(from_, days)

    @strawberry.field(description="Working days after `from` up to and including `to` (negative when `to` is earlier).")
    async def working_days_between(
        self, info: Ctx,
        from_: Annotated[date, strawberry.argument(name="from", description="The first day (not counted).")],
        to: Annotated[date, strawberry.argument(description="The last day (counted).")],
    ) -> int:
        return (await work_calendar(info.context.store)).working_days_between(from_, to)


def _use(n: StoredNode) -> Use:
    return Use(stored=n)


def _citation(n: StoredNode) -> Citation:
    return Citation(stored=n)


def _ref(label: Label, key: str) -> NodeRef:
    return NodeRef(label, key)


Consumer_ = Annotated[str, strawberry.argument(description="Code of the consumer (使用部门 or its system).")]
Resource_ = Annotated[str, strawberry.argument(description="Code of the resource.")]


@strawberry.type
class SharingMutation:
    # Uses (Art.18–20, Art.24).

    @strawberry.mutation(description="Ask to use a resource: granted at once when unconditional or in a base/theme catalog (Art.19), refused at once when not shared, citing its legal basis (Art.18), else a negotiation the provider answers within 10 working days (Art.20). The consumer's department (user or admin) asks.")
    async def request_use(
        self, info: Ctx, consumer: Consumer_, resource: Resource_,
        purpose: Annotated[str, strawberry.argument(description="What the data will serve (Art.24: only that).")],
        duty_basis: Annotated[str, strawberry.argument(description="The duty that needs it: a law, regulation or the department's functions (Art.19).")],
        items: Annotated[list[str] | None, strawberry.argument(description="Item names wanted (default: the whole resource).")] = None,
        via: Annotated[str | None, strawberry.argument(description="Code of the consumer department's system that will use it.")] = None,
    ) -> Payload[Use]:
        request = sharing.UseRequest(consumer, resource, purpose, duty_basis, tuple(items or ()), via)
        work = sharing.request_use(info.context.store, info.context.principal, info.context.visibility, request)
        return await attempt(info, "requestUse", _ref(Label.RESOURCE, resource), work, _use)

    @strawberry.mutation(description="Grant a use awaiting a decision, with its scope: the provider's admin answers a negotiation, the EIC an escalation, the leading group a referral (final) (Art.20).")
    async def approve_use(
        self, info: Ctx, id: Id, version: Version,
        scope: Annotated[UseScope | None, strawberry.argument(description="What the grant covers.")] = None,
    ) -> Payload[Use]:
        s = scope or UseScope()
        found = sharing.Scope(s.items, s.purpose, s.expires_at, s.citation_permitted)
        work = sharing.approve_use(info.context.store, info.context.principal, info.context.visibility, id, version, found)
        return await attempt(info, "approveUse", _ref(Label.USE, id), work, _use)

    @strawberry.mutation(description="Refuse a use awaiting a decision, with the reason (the same deciders as approveUse) (Art.20).")
    async def refuse_use(self, info: Ctx, id: Id, version: Version, reason: Reason) -> Payload[Use]:
        work = sharing.refuse_use(info.context.store, info.context.principal, info.context.visibility, id, version, reason)
        return await attempt(info, "refuseUse", _ref(Label.USE, id), work, _use)

    @strawberry.mutation(description="Take a refusal or an overdue reply to the EIC (the consumer's department), or refer an escalated use to the leading group (the EIC) (Art.20).")
    async def escalate_use(
        self, info: Ctx, id: Id, version: Version,
        note: Annotated[str | None, strawberry.argument(description="Why, in words.")] = None,
    ) -> Payload[Use]:
        work = sharing.escalate_use(info.context.store, info.context.principal, info.context.visibility, id, version, note)
        return await attempt(info, "escalateUse", _ref(Label.USE, id), work, _use)

    @strawberry.mutation(description="Withdraw a grant, with the reason: the provider's admin or the EIC; a grant of the leading group only by it (Art.20).")
    async def revoke_use(self, info: Ctx, id: Id, version: Version, reason: Reason) -> Payload[Use]:
        work = sharing.revoke_use(info.context.store, info.context.principal, info.context.visibility, id, version, reason)
        return await attempt(info, "revokeUse", _ref(Label.USE, id), work, _use)

    @strawberry.mutation(description="Record as EXPIRED every grant whose last day is before `asOf` (the EIC). Decisions treat such grants as expired on read either way.")
    async def expire_uses(self, info: Ctx, as_of: AsOf = None) -> Payload[ExpiredUses]:
        day = as_of or clock.today()
        work = sharing.expire_uses(info.context.store, info.context.principal, day)
        return await attempt(info, "expireUses", _ref(Label.USE, "*"), work, lambda found: ExpiredUses(as_of=day, uses=[Use(stored=n) for n in found]))

    # Citations (Art.24–25).

    @strawberry.mutation(description="Ask the provider's permission to cite data obtained under a use in a document (Art.25); the consumer's department asks.")
    async def request_citation_permission(
        self, info: Ctx,
        use: Annotated[str, strawberry.argument(description="Id of the granted use the data was obtained under.")],
        document: Annotated[str, strawberry.argument(description="Title of the citing document.")],
        document_kind: Annotated[enums.DocumentKind, strawberry.argument(description="Kind of document.")],
    ) -> Payload[Citation]:
        kind = DocumentKindTerm.parse(document_kind.name)
        work = citation.request_citation_permission(info.context.store, info.context.principal, info.context.visibility, use, document, kind)
        return await attempt(info, "requestCitationPermission", _ref(Label.USE, use), work, _citation)

    @strawberry.mutation(description="The provider's admin permits a requested citation (Art.25).")
    async def grant_citation(self, info: Ctx, id: Id, version: Version) -> Payload[Citation]:
        work = citation.grant_citation(info.context.store, info.context.principal, info.context.visibility, id, version)
        return await attempt(info, "grantCitation", _ref(Label.CITATION, id), work, _citation)

    @strawberry.mutation(description="The provider's admin refuses a requested citation, with the reason (Art.25).")
    async def refuse_citation(self, info: Ctx, id: Id, version: Version, reason: Reason) -> Payload[Citation]:
        work = citation.refuse_citation(info.context.store, info.context.principal, info.context.visibility, id, version, reason)
        return await attempt(info, "refuseCitation", _ref(Label.CITATION, id), work, _citation)

    @strawberry.mutation(description="Record that a document cites data obtained under a use, today, with its source line; refused (PERMISSION_REQUIRED, one user error per failed reason) unless citationPermission allows it (Art.24–25).")
    async def record_citation(
        self, info: Ctx,
        use: Annotated[str, strawberry.argument(description="Id of the granted use the data was obtained under.")],
        document: Annotated[str, strawberry.argument(description="Title of the citing document.")],
        document_kind: Annotated[enums.DocumentKind, strawberry.argument(description="Kind of document.")],
    ) -> Payload[Citation]:
        kind = DocumentKindTerm.parse(document_kind.name)
        work = citation.record_citation(info.context.store, info.context.principal, info.context.visibility, use, document, kind)
        return await attempt(info, "recordCitation", _ref(Label.USE, use), work, _citation)

    # Error reports (Art.25–26).

    @strawberry.mutation(description="Report an error in shared data to its provider, copied to the EIC; the answer carries its impact (Art.25).")
    async def report_data_error(
        self, info: Ctx, consumer: Consumer_, resource: Resource_,
        description: Annotated[str, strawberry.argument(description="What is wrong.")],
        items: Annotated[list[str] | None, strawberry.argument(description="The items in doubt.")] = None,
    ) -> Payload[ErrorReport]:
        work = error_reports.report_data_error(info.context.store, info.context.principal, info.context.visibility, consumer, resource, items or [], description)
        return await attempt(info, "reportDataError", _ref(Label.RESOURCE, resource), work, lambda n: ErrorReport(stored=n))

    @strawberry.mutation(description="The provider's admin confirms the reported error (Art.25).")
    async def verify_data_error(
        self, info: Ctx, id: Id, version: Version,
        note: Annotated[str | None, strawberry.argument(description="What was found.")] = None,
    ) -> Payload[ErrorReport]:
        work = error_reports.verify_data_error(info.context.store, info.context.principal, info.context.visibility, id, version, note)
        return await attempt(info, "verifyDataError", _ref(Label.ERROR_REPORT, id), work, lambda n: ErrorReport(stored=n))

    @strawberry.mutation(description="The provider's admin has corrected the data (Art.26).")
    async def correct_data_error(
        self, info: Ctx, id: Id, version: Version,
        correction: Annotated[str, strawberry.argument(description="What was corrected.")],
    ) -> Payload[ErrorReport]:
        work = error_reports.correct_data_error(info.context.store, info.context.principal, info.context.visibility, id, version, correction)
        return await attempt(info, "correctDataError", _ref(Label.ERROR_REPORT, id), work, lambda n: ErrorReport(stored=n))

    @strawberry.mutation(description="The provider's admin finds the data right (核实无误), with the reason.")
    async def reject_data_error(self, info: Ctx, id: Id, version: Version, reason: Reason) -> Payload[ErrorReport]:
        work = error_reports.reject_data_error(info.context.store, info.context.principal, info.context.visibility, id, version, reason)
        return await attempt(info, "rejectDataError", _ref(Label.ERROR_REPORT, id), work, lambda n: ErrorReport(stored=n))

    # Open requests (Art.22) and data demands (Art.20).

    @strawberry.mutation(description="The EIC records a request to open data and notifies the department, which answers within 15 working days (Art.22).")
    async def submit_open_request(
        self, info: Ctx,
        requester: Annotated[str, strawberry.argument(description="Who asks.")],
        content: Annotated[str, strawberry.argument(description="What is asked to be opened.")],
        department: Annotated[str, strawberry.argument(description="Code of the department that answers.")],
        resource: Annotated[str | None, strawberry.argument(description="Code of the resource concerned, if known.")] = None,
    ) -> Payload[OpenRequest]:
        work = requests.submit_open_request(info.context.store, info.context.principal, requester, content, department, resource)
        return await attempt(info, "submitOpenRequest", _ref(Label.DEPARTMENT, department), work, lambda n: OpenRequest(stored=n))

    @strawberry.mutation(description="The department's admin opens the data or refuses with its reasons (Art.22); an answer after the due date is recorded as late.")
    async def answer_open_request(
        self, info: Ctx, id: Id, version: Version,
        open: Annotated[bool, strawberry.argument(description="True: the data is opened; false: refused.")],
        reason: Annotated[str | None, strawberry.argument(description="Why not, when refused (required then).")] = None,
    ) -> Payload[OpenRequest]:
        work = requests.answer_open_request(info.context.store, info.context.principal, info.context.visibility, id, version, open, reason)
        return await attempt(info, "answerOpenRequest", _ref(Label.OPEN_REQUEST, id), work, lambda n: OpenRequest(stored=n))

    @strawberry.mutation(description="Ask the EIC for data no catalog has (Art.20); the consumer's department asks.")
    async def raise_data_demand(
        self, info: Ctx, consumer: Consumer_,
        description: Annotated[str, strawberry.argument(description="The data wanted, and what for.")],
    ) -> Payload[DataDemand]:
        work = requests.raise_data_demand(info.context.store, info.context.principal, info.context.visibility, consumer, description)
        return await attempt(info, "raiseDataDemand", _ref(Label.CONSUMER, consumer), work, lambda n: DataDemand(stored=n))

    @strawberry.mutation(description="The EIC or the staffing office names the provider of demanded data; when both have named the same one it is assigned (Art.20).")
    async def assign_data_demand_provider(
        self, info: Ctx, id: Id, version: Version,
        provider: Annotated[str, strawberry.argument(description="Code of the department to collect and catalog it.")],
    ) -> Payload[DataDemand]:
        work = requests.assign_data_demand_provider(info.context.store, info.context.principal, info.context.visibility, id, version, provider)
        return await attempt(info, "assignDataDemandProvider", _ref(Label.DATA_DEMAND, id), work, lambda n: DataDemand(stored=n))

    @strawberry.mutation(description="The EIC finds collecting demanded data not truly needed, with the reason (Art.20).")
    async def reject_data_demand(self, info: Ctx, id: Id, version: Version, reason: Reason) -> Payload[DataDemand]:
        work = requests.reject_data_demand(info.context.store, info.context.principal, info.context.visibility, id, version, reason)
        return await attempt(info, "rejectDataDemand", _ref(Label.DATA_DEMAND, id), work, lambda n: DataDemand(stored=n))

    @strawberry.mutation(description="The named provider's admin answers a demand with the resource it now catalogs (Art.20).")
    async def catalog_data_demand(
        self, info: Ctx, id: Id, version: Version,
        resource: Annotated[str, strawberry.argument(description="Code of the catalogued resource.")],
    ) -> Payload[DataDemand]:
        work = requests.catalog_data_demand(info.context.store, info.context.principal, info.context.visibility, id, version, resource)
        return await attempt(info, "catalogDataDemand", _ref(Label.DATA_DEMAND, id), work, lambda n: DataDemand(stored=n))

    # The calendar.

    @strawberry.mutation(description="The EIC loads the State Council's holiday notice for a year (replacing an earlier one); deadlines in that year count by it.")
    async def load_holiday_schedule(
        self, info: Ctx,
        year: Annotated[int, strawberry.argument(description="The year.")],
        holidays: Annotated[list[date], strawberry.argument(description="Days off (放假).")],
        workdays: Annotated[list[date], strawberry.argument(description="Make-up working days on weekends (调休上班).")],
        source: Annotated[str | None, strawberry.argument(description="The notice, e.g. 国办发明电〔2026〕X号.")] = None,
    ) -> Payload[HolidaySchedule]:
        async def work() -> StoredNode:
            workflow.require(info.context.principal.has(Role.EIC), _("only the EIC loads holiday schedules"))
            return await load_schedule(info.context.store, year, holidays, workdays, source)

        return await attempt(info, "loadHolidaySchedule", _ref(Label.HOLIDAY_SCHEDULE, str(year)), work(), lambda n: HolidaySchedule(stored=n))


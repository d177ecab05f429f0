"""The GraphQL object types of stored nodes, one per node kind, each wrapping a stored node; and the
types their own fields answer with (an impact, a restriction).

A field says where its value comes from, once: `prop` (a stored property), `linked` (the nodes along
a step), `counted` (how many), or, on a resolver, `reads` (the stored properties it works from). That
declaration (`api.engine.sources`) is all the engine needs to answer the field fast; a link or count
answers from what its page read brought (`api.engine.prefetch`) or else through the request's
DataLoaders, one batched read per kind of link.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import strawberry
from strawberry.types import Info

from api.engine.ids import global_id
from api.engine.sources import NOTHING_PREFETCHED, Computed, Counted, GlobalId, Linked, OnRead, Prefetched, Stored, declared
from api.schema import enums
from api.schema.context import Context
from api.schema.history import Transition, transitions
from lineage import clock
from lineage.permissions import resource_acts, use_acts
from lineage.sharing import AWAITING, parties
from lineage.workdays import work_calendar
from graph.labels import Direction, Label, RelType
from graph.records import Node as StoredNode
from graph.records import Step
from lineage.impact import impact as impact_question
from lineage.restriction import Restriction as FoundRestriction

Ctx = Info[Context, None]
RESTRICTED_SHARE = {"CONDITIONAL", "NOT_SHARED"}


def prop(name: str, graphql_type: Any, description: str, enum: Any = None, is_date: bool = False) -> Any:
    """A field read from the stored property `name`: as stored, as the value of `enum` named so, or as a date.

    It has no resolver of its own: the schema's default resolver (`StoredFieldReader`) reads it."""
    # `default=None`: the object is built from the stored node alone; the reader, not the attribute, answers.
    return strawberry.field(graphql_type=graphql_type, description=description, default=None, metadata=declared(Stored(name, enum, is_date)))


def linked(step: Step, description: str, *, one: bool = False, only: Label | None = None, on_read: OnRead | None = None, reads: tuple[str, ...] = ()) -> Any:
    """A field answered by the nodes along `step`: a list, or with `one` the first (or null); `only`
    keeps nodes of one label; `on_read` sees what is returned (e.g. to audit it), reading the stored
    properties `reads` of the node that has the field."""
    source = Linked(step, one, only, on_read, reads)

    async def load(node: Node, info: Ctx) -> Any:
        pairs = await info.context.loaders.neighbours(node.stored.label, (step,)).load(node.stored.key)
        return source.answer(node, info.context, [n for _, n in pairs], wrap)

    def resolve(self: Node, info: Ctx) -> Any:
        # Not `async def`: what the page read brought is returned as a value; otherwise an awaitable the executor awaits.
        nodes = source.at_hand(self)
        return load(self, info) if nodes is None else source.answer(self, info.context, nodes, wrap)

    # The field's type is the class annotation it is assigned to (`provider: Department | None = linked(…)`).
    return strawberry.field(resolver=resolve, description=description, metadata=declared(source))


def counted(step: Step, description: str) -> Any:
    """A field answered by the number of visible nodes along `step`."""
    source = Counted(step)

    async def load(node: Node, info: Ctx) -> int:
        return len(await info.context.loaders.neighbours(node.stored.label, (step,)).load(node.stored.key))

    def resolve(self: Node, info: Ctx) -> Any:
        found = source.at_hand(self)
        return load(self, info) if found is None else found

    return strawberry.field(resolver=resolve, graphql_type=int, description=description, metadata=declared(source))


def reads(*names: str) -> dict[str, Any]:
    """The metadata of a field whose resolver works from the stored properties `names` of its node alone
    (and its key): `@strawberry.field(description=…, metadata=reads("share_type"))`."""
    return declared(Computed(names))


@strawberry.interface(description="An object with a global ID (Relay).")
class Node:
    stored: strawberry.Private[StoredNode]
    prefetched: strawberry.Private[Prefetched] = NOTHING_PREFETCHED

    @strawberry.field(description="Global ID, usable with `node(id:)`.", metadata=declared(GlobalId()))
    def id(self) -> strawberry.ID:
        return strawberry.ID(global_id(self.stored.label, self.stored.key))

    @strawberry.field(description="Version of the stored object: send it back with an update (optimistic locking).", metadata=reads("version"))
    def version(self) -> int:
        return int(self.stored.props.get("version", 1))


def _audit_restricted_detail(resource: Node, context: Context, items: list[StoredNode]) -> None:
    """Reading the items of a conditional or not-shared resource is recorded (Art.24, Art.29)."""
    if items and resource.stored.props.get("share_type") in RESTRICTED_SHARE:
        context.audit.record("READ_DETAIL", resource.stored.ref)


def wrap(stored: StoredNode) -> Any:
    """The GraphQL object for a stored node."""
    return TYPES[stored.label](stored=stored)


@strawberry.federation.type(keys=["code"], description="A government department (政务部门, Art.2), or a body the Measures apply to by reference (Art.39).")
class Department(Node):
    code: str = prop("code", str, "Unified social credit code (统一社会信用代码) where it has one, else the district's internal code.")
    name: str = prop("name", str, "Full name (名称).")
    short_name: str | None = prop("short_name", str | None, "Short name (简称).")
    kind: enums.DepartmentKind = prop("kind", enums.DepartmentKind, "What kind of body it is (Art.2, Art.39).", enum=enums.DepartmentKind)
    level: enums.Level = prop("level", enums.Level, "Administrative level.", enum=enums.Level)
    security_exempt: bool = prop("security_exempt", bool, "A public security, state security or similar department, whose systems need not move to the government cloud (Art.28).")
    roles: list[enums.DepartmentRole] = prop("roles", list[enums.DepartmentRole], "Duties the Measures name it for (e.g. EIC, LEADING_GROUP).", enum=enums.DepartmentRole)

    @classmethod
    async def resolve_reference(cls, info: Ctx, code: str) -> Department | None:
        stored = await info.context.loaders.nodes(Label.DEPARTMENT).load(code)
        return None if stored is None else cls(stored=stored)

    resources: list[Resource] = linked(Step(RelType.PROVIDES, Direction.OUT), "Resources this department provides (提供部门).")
    systems: list[System] = linked(Step(RelType.OPERATES, Direction.OUT), "Information systems it operates.", only=Label.SYSTEM)
    catalogs: list[Catalog] = linked(Step(RelType.MAINTAINS, Direction.OUT), "Catalogs it maintains (Art.8–9).")
    parent: Department | None = linked(Step(RelType.SUBORDINATE_TO, Direction.OUT), "The department it is subordinate to.", one=True)


@strawberry.federation.type(keys=["code"], description="An information system (政务信息系统, Art.15, Art.27–28).")
class System(Node):
    code: str = prop("code", str, "System code.")
    name: str = prop("name", str, "Name.")
    hosting: enums.Hosting = prop("hosting", enums.Hosting, "Where it runs (Art.28).", enum=enums.Hosting)
    network: enums.Network = prop("network", enums.Network, "The network it sits on (Art.14, Art.17).", enum=enums.Network)
    protection_level: int = prop("protection_level", int, "Information security protection level, 1–5 (等级保护, Art.28).")
    classified: bool = prop("classified", bool, "A classified system (涉密系统, Art.28).")
    cross_department_sharing: bool = prop("cross_department_sharing", bool, "A cross-department sharing or opening system (Art.15).")
    cross_level_sharing: bool = prop("cross_level_sharing", bool, "A cross-level sharing system (Art.15).")
    cross_domain_sharing: bool = prop("cross_domain_sharing", bool, "A cross-domain sharing system (Art.15).")
    built_at: date | None = prop("built_at", date | None, "When it was built.", is_date=True)
    on_integration_list: bool = prop("on_integration_list", bool, "On its department's list for integration and sharing (Art.27).")
    status: enums.SystemStatus = prop("status", enums.SystemStatus, "Life-cycle state.", enum=enums.SystemStatus)

    @classmethod
    async def resolve_reference(cls, info: Ctx, code: str) -> System | None:
        stored = await info.context.loaders.nodes(Label.SYSTEM).load(code)
        return None if stored is None else cls(stored=stored)

    operator: Department | None = linked(Step(RelType.OPERATES, Direction.IN), "The department that operates it.", one=True)
    resources: list[Resource] = linked(Step(RelType.HOLDS, Direction.OUT), "Resources it holds.")
    hosted_on: Platform | None = linked(Step(RelType.HOSTED_ON, Direction.OUT), "The platform it is hosted on (a cloud).", one=True)


@strawberry.federation.type(keys=["code"], description="A catalog (政务信息资源目录): base, theme or department (Art.6–9).")
class Catalog(Node):
    code: str = prop("code", str, "Catalog code.")
    name: str = prop("name", str, "Name.")
    kind: enums.CatalogKind = prop("kind", enums.CatalogKind, "Base, theme or department catalog.", enum=enums.CatalogKind)
    theme: enums.CatalogTheme | None = prop("theme", enums.CatalogTheme | None, "Subject of a base or theme catalog.", enum=enums.CatalogTheme)
    theme_name: str | None = prop("theme_name", str | None, "A custom theme's own name (e.g. 医疗卫生) when `theme` is OTHER: Art.7 and Art.8 list themes with 等, an open list.")
    updated_at: date | None = prop("updated_at", date | None, "Last update (Art.9: within 15 working days of a law or function change).", is_date=True)

    @classmethod
    async def resolve_reference(cls, info: Ctx, code: str) -> Catalog | None:
        stored = await info.context.loaders.nodes(Label.CATALOG).load(code)
        return None if stored is None else cls(stored=stored)

    maintainer: Department | None = linked(Step(RelType.MAINTAINS, Direction.IN), "The department that compiles and maintains it.", one=True)
    resource_count: int = counted(Step(RelType.LISTED_IN, Direction.IN), "Number of resources listed in it.")


@strawberry.federation.type(keys=["code"], description="An information resource (政务信息资源), as the national catalog template describes it (Art.9).")
class Resource(Node):
    code: str = prop("code", str, "Information-resource code (信息资源代码): classification code / sequence code.")
    name: str = prop("name", str, "Name (信息资源名称).")
    summary: str | None = prop("summary", str | None, "Summary (信息资源摘要).")
    classification: str | None = prop("classification", str | None, "Classification (信息资源分类), e.g. 基础/人口/户籍人口.")
    format_class: enums.FormatClass | None = prop("format_class", enums.FormatClass | None, "Format class (格式分类).", enum=enums.FormatClass)
    format_type: str | None = prop("format_type", str | None, "Format type (格式类型), e.g. oracle, xlsx.")
    update_cycle: enums.UpdateCycle | None = prop("update_cycle", enums.UpdateCycle | None, "Update cycle (更新周期).", enum=enums.UpdateCycle)
    collection_route: str | None = prop("collection_route", str | None, "Collection route (采集途径, Art.9).")
    share_type: enums.ShareType = prop("share_type", enums.ShareType, "Share type (共享类型, Art.18).", enum=enums.ShareType)
    share_condition: str | None = prop("share_condition", str | None, "Share condition (共享条件) of a conditional resource (Art.18).")
    share_mode_class: enums.ShareModeClass | None = prop("share_mode_class", enums.ShareModeClass | None, "Share mode class (共享方式分类).", enum=enums.ShareModeClass)
    share_mode_type: str | None = prop("share_mode_type", str | None, "Share mode type (共享方式类型), e.g. 接口.")
    legal_basis: str | None = prop("legal_basis", str | None, "Legal basis for not sharing (Art.18).")
    open_type: enums.OpenType = prop("open_type", enums.OpenType, "Open type (Art.21–23).", enum=enums.OpenType)
    open_condition: str | None = prop("open_condition", str | None, "Open condition (开放条件).")
    aggregated: bool = prop("aggregated", bool, "Aggregated on the district big data platform (Art.15).")
    contains_personal_info: bool = prop("contains_personal_info", bool, "Holds personal information (Art.32).")
    desensitised: bool = prop("desensitised", bool, "Desensitised (脱敏, Art.23).")
    priority_domain: enums.PriorityDomain | None = prop("priority_domain", enums.PriorityDomain | None, "Priority domain for opening (Art.22).", enum=enums.PriorityDomain)
    published_at: date | None = prop("published_at", date | None, "Publication date (发布日期).", is_date=True)
    level: enums.Level = prop("level", enums.Level, "Level of the resource (district, municipal…).", enum=enums.Level)
    status: enums.ResourceStatus = prop("status", enums.ResourceStatus, "Whether it is still listed.", enum=enums.ResourceStatus)

    @classmethod
    async def resolve_reference(cls, info: Ctx, code: str) -> Resource | None:
        stored = await info.context.loaders.nodes(Label.RESOURCE).load(code)
        return None if stored is None else cls(stored=stored)

    provider: Department | None = linked(Step(RelType.PROVIDES, Direction.IN), "The provider department (提供部门).", one=True)
    catalogs: list[Catalog] = linked(Step(RelType.LISTED_IN, Direction.OUT), "Catalogs it is listed in.")
    items: list[DataItem] = linked(
        Step(RelType.HAS_ITEM, Direction.OUT),
        "Its information items (信息项) that you may see; reading those of a conditional or not-shared resource is audited (Art.24, Art.29).",
        on_read=_audit_restricted_detail, reads=("share_type",),
    )
    item_count: int = counted(Step(RelType.HAS_ITEM, Direction.OUT), "Number of its information items.")
    systems: list[System] = linked(Step(RelType.HOLDS, Direction.IN), "Systems that hold it.")

    @strawberry.field(
        description="Effective share type: at least as restricted as anything it derives from without desensitisation (Art.18, Art.23).",
        metadata=reads("share_type"),
    )
    async def effective_share_type(self, info: Ctx) -> enums.ShareType:
        found = await info.context.loaders.restrictions().load(self.stored.key)
        return enums.ShareType[found.share_type if found else self.stored.props["share_type"]]

    @strawberry.field(description="Effective share and open restriction, with the upstream resources that force it (Art.18, Art.23).", metadata=reads())
    async def effective_restriction(self, info: Ctx) -> Restriction | None:
        found = await info.context.loaders.restrictions().load(self.stored.key)
        return None if found is None else Restriction(found=found)

    @strawberry.field(description="Everything downstream of it, grouped by kind (Art.25).", metadata=reads())
    async def impact(self, info: Ctx) -> Impact:
        return await resource_impact(info, self.stored.key)

    @strawberry.field(description="What you may do with it, so a front-end shows only what will work; every act still checks its rules.", metadata=reads("status"))
    async def viewer_can(self, info: Ctx) -> ResourceViewerCan:
        context = info.context
        provider = await context.loaders.neighbours(Label.RESOURCE, (Step(RelType.PROVIDES, Direction.IN),)).load(self.stored.key)
        own = context.principal.department
        consumers = [] if own is None else await context.loaders.neighbours(Label.DEPARTMENT, (Step(RelType.ACTS_FOR, Direction.IN),)).load(own)
        acts = resource_acts(context.principal, self.stored.props, provider[0][1].key if provider else None, bool(consumers))
        return ResourceViewerCan(request_use=acts.request_use, report_error=acts.report_error, update=acts.update, view_uses=acts.view_uses)


@strawberry.type(description="What the signed-in principal may do with a resource (the acts still check every rule).")
class ResourceViewerCan:
    request_use: bool = strawberry.field(description="Request a use of it for a consumer of your department (申请使用; Art.19–20).")
    report_error: bool = strawberry.field(description="Report an error in it to its provider (纠错; Art.25).")
    update: bool = strawberry.field(description="Change its catalog entry (its provider's admin, the EIC; Art.9).")
    view_uses: bool = strawberry.field(description="See who uses it (its provider and the EIC).")


@strawberry.type(description="An information item (信息项) of a resource.")
class DataItem(Node):
    code: str = prop("code", str, "Item code: the resource code, '#', and the item name.")
    name: str = prop("name", str, "Item name (信息项名称).")
    data_type: enums.DataType = prop("data_type", enums.DataType, "Data type (数据类型).", enum=enums.DataType)
    identifier_kind: enums.IdentifierKind = prop("identifier_kind", enums.IdentifierKind, "Identifier it carries (Art.13).", enum=enums.IdentifierKind)
    personal: bool = prop("personal", bool, "Personal information (Art.32).")
    desensitised: bool = prop("desensitised", bool, "Desensitised (Art.23).")


@strawberry.type(description="A platform: the big data platform, intranet sharing, an open portal or a cloud (Art.14–17, Art.28).")
class Platform(Node):
    code: str = prop("code", str, "Platform code.")
    name: str = prop("name", str, "Name.")
    kind: enums.PlatformKind = prop("kind", enums.PlatformKind, "Kind of platform.", enum=enums.PlatformKind)
    url: str | None = prop("url", str | None, "Address, for portals.")


@strawberry.federation.type(keys=["code"], description="A consumer (使用部门, or a public application) of shared or open resources (Art.24).")
class Consumer(Node):
    code: str = prop("code", str, "Consumer code.")
    name: str = prop("name", str, "Name.")
    kind: enums.ConsumerKind = prop("kind", enums.ConsumerKind, "Kind of consumer.", enum=enums.ConsumerKind)

    @classmethod
    async def resolve_reference(cls, info: Ctx, code: str) -> Consumer | None:
        stored = await info.context.loaders.nodes(Label.CONSUMER).load(code)
        return None if stored is None else cls(stored=stored)

    acts_for: Department | None = linked(Step(RelType.ACTS_FOR, Direction.OUT), "The department it acts for (none for a public application).", one=True)


@strawberry.type(description="A consumer's use of a resource, from request to grant, refusal or escalation (Art.19–20, Art.24).")
class Use(Node):
    use_id: str = prop("id", str, "Record id.")
    purpose: str = prop("purpose", str, "Stated purpose (Art.24: duty use only).")
    duty_basis: str | None = prop("duty_basis", str | None, "The duty that needs it (Art.19).")
    status: enums.UseStatus = prop("status", enums.UseStatus, "State.", enum=enums.UseStatus)
    requested_at: date = prop("requested_at", date, "Requested on.", is_date=True)
    reply_due: date | None = prop("reply_due", date | None, "Provider's reply due (10 working days, Art.20).", is_date=True)
    granted_at: date | None = prop("granted_at", date | None, "Granted on.", is_date=True)
    expires_at: date | None = prop("expires_at", date | None, "Grant expires on.", is_date=True)
    items: list[str] = prop("items", list[str], "Item names the use covers (empty: the whole resource).")
    decision_reason: str | None = prop("decision_reason", str | None, "Why it was refused or revoked (Art.18: the legal basis of a not-shared resource; Art.20).")
    citation_permitted: bool = prop("citation_permitted", bool, "The provider permits citing it in major decisions and issued documents under this grant (Art.25).")

    @strawberry.field(description="Every act on it, oldest first: who, with which roles, when, from which state to which, and why.")
    def history(self) -> list[Transition]:
        return transitions(self.stored)

    via: System | None = linked(Step(RelType.VIA, Direction.OUT), "The system it is used through.", one=True)
    consumer: Consumer | None = linked(Step(RelType.REQUESTS, Direction.IN), "The consumer.", one=True)
    resource: Resource | None = linked(Step(RelType.OF, Direction.OUT), "The resource used.", one=True)

    @strawberry.field(description="Working days left for the provider's reply (Art.20: 10 working days), from today in China: 0 on the due day, negative when overdue; null unless a reply is awaited.")
    async def reply_working_days_left(self, info: Ctx) -> int | None:
        due = self.stored.props.get("reply_due")
        if self.stored.props.get("status") not in AWAITING or not due:
            return None
        return (await work_calendar(info.context.store)).working_days_between(clock.today(), date.fromisoformat(due))

    @strawberry.field(description="What you may do with it now, so a front-end shows only what will work; every act still checks its rules.")
    async def viewer_can(self, info: Ctx) -> UseViewerCan:
        acts = use_acts(info.context.principal, self.stored, await parties(info.context.store, self.stored), clock.today())
        return UseViewerCan(approve=acts.approve, refuse=acts.approve, escalate=acts.escalate, revoke=acts.revoke, escalate_from=acts.escalate_from)


@strawberry.type(description="What the signed-in principal may do with a use now (the acts still check every rule).")
class UseViewerCan:
    approve: bool = strawberry.field(description="Grant it with a scope (approveUse): its provider's admin while negotiating, the EIC once escalated, the leading group once referred (Art.20).")
    refuse: bool = strawberry.field(description="Refuse it with a reason (refuseUse): the same deciders as approve.")
    escalate: bool = strawberry.field(description="Escalate it (escalateUse): the consumer's department after a refusal or once the reply is overdue; the EIC refers it to the leading group (Art.20).")
    revoke: bool = strawberry.field(description="Revoke the grant (revokeUse): its provider's admin or the EIC; a grant of the leading group only by it (Art.20).")
    escalate_from: date | None = strawberry.field(description="While a reply is awaited: the first day the consumer may escalate (the day after replyDue).")


@strawberry.type(description="A citation of shared data in a decision or document (Art.25).")
class Citation(Node):
    citation_id: str = prop("id", str, "Record id.")
    document: str = prop("document", str, "The citing document.")
    document_kind: enums.DocumentKind = prop("document_kind", enums.DocumentKind, "Kind of document.", enum=enums.DocumentKind)
    permission: enums.CitationPermission = prop("permission", enums.CitationPermission, "The provider's permission (Art.25).", enum=enums.CitationPermission)
    attribution: str | None = prop("attribution", str | None, "Source attribution printed in the document (Art.25).")
    cited_at: date | None = prop("cited_at", date | None, "Cited on.", is_date=True)
    decision_reason: str | None = prop("decision_reason", str | None, "Why the provider refused permission (Art.25).")

    use: Use | None = linked(Step(RelType.UNDER, Direction.OUT), "The use the cited data was obtained under.", one=True)

    @strawberry.field(description="Every act on it, oldest first.")
    def history(self) -> list[Transition]:
        return transitions(self.stored)

    resource: Resource | None = linked(Step(RelType.CITES, Direction.OUT), "The resource cited.", one=True)


@strawberry.type(description="One recorded act: a change, or a read of conditional or not-shared detail (Art.5, Art.29). Only the EIC sees these.")
class AuditEvent(Node):
    event_id: str = prop("id", str, "Event id; ids sort by time.")
    at: str = prop("at", str, "When (ISO 8601, UTC).")
    principal: str = prop("principal", str, "Who: the token's subject, or 'public'.")
    department: str | None = prop("department", str | None, "The principal's department.")
    roles: list[str] = prop("roles", list[str], "The principal's roles.")
    action: str = prop("action", str, "What was done: a mutation's name, or READ_DETAIL.")
    subject: str = prop("subject", str, "What it was done to, as Kind:code.")
    purpose: str | None = prop("purpose", str | None, "The stated purpose (the X-Purpose header), Art.24.")
    outcome: str = prop("outcome", str, "OK, or the error code.")


TYPES: dict[Label, Callable[..., Any]] = {
    Label.DEPARTMENT: Department,
    Label.SYSTEM: System,
    Label.CATALOG: Catalog,
    Label.RESOURCE: Resource,
    Label.DATA_ITEM: DataItem,
    Label.PLATFORM: Platform,
    Label.CONSUMER: Consumer,
    Label.USE: Use,
    Label.CITATION: Citation,
    Label.AUDIT_EVENT: AuditEvent,
}


# What a resource's own fields answer with.


@strawberry.type(description="A resource published on an open portal (Art.16, Art.21).")
class Publication:
    resource: Resource = strawberry.field(description="The published resource.")
    platform: Platform = strawberry.field(description="The portal.")


@strawberry.type(description="Everything downstream of a resource, for whoever must act on an error in it (Art.25).")
class Impact:
    resource: Resource = strawberry.field(description="The resource.")
    derived: list[Resource] = strawberry.field(description="Resources derived from it, directly or not.")
    uses: list[Use] = strawberry.field(description="Uses of it or of anything derived from it.")
    consumers: list[Consumer] = strawberry.field(description="Consumers holding those uses.")
    citations: list[Citation] = strawberry.field(description="Citations of any of them in decisions and documents.")
    publications: list[Publication] = strawberry.field(description="Open publications of any of them.")
    open_derived: list[Resource] = strawberry.field(description="Derived resources that are opened.")
    notify: list[Department] = strawberry.field(description="Provider departments to notify (Art.25–26).")
    truncated: bool = strawberry.field(description="A cap cut the answer.")

    @strawberry.field(description="How many of each.")
    def counts(self) -> ImpactCounts:
        return ImpactCounts(
            derived=len(self.derived), uses=len(self.uses), consumers=len(self.consumers),
            citations=len(self.citations), publications=len(self.publications),
        )


@strawberry.type(description="Counts of an impact.")
class ImpactCounts:
    derived: int = strawberry.field(description="Derived resources.")
    uses: int = strawberry.field(description="Uses.")
    consumers: int = strawberry.field(description="Consumers.")
    citations: int = strawberry.field(description="Citations.")
    publications: int = strawberry.field(description="Open publications.")


async def resource_impact(info: Ctx, code: str) -> Impact:
    """The impact of resource `code` as GraphQL objects."""
    found = await impact_question(info.context.store, code, info.context.limits, info.context.visibility)
    return Impact(
        resource=Resource(stored=found.resource),
        derived=[Resource(stored=n) for n in found.derived],
        uses=[Use(stored=n) for n in found.uses],
        consumers=[Consumer(stored=n) for n in found.consumers],
        citations=[Citation(stored=n) for n in found.citations],
        publications=[Publication(resource=Resource(stored=p.resource), platform=Platform(stored=p.platform)) for p in found.publications],
        open_derived=[Resource(stored=n) for n in found.open_derived],
        notify=[Department(stored=n) for n in found.notify],
        truncated=found.truncated,
    )


async def _visible_resource(info: Ctx, stored: StoredNode | None) -> Resource | None:
    """The resource as the principal may see it, or None."""
    if stored is None:
        return None
    visible = await info.context.loaders.nodes(stored.label).load(stored.key)
    return None if visible is None else Resource(stored=visible)


@strawberry.type(description="A resource's effective restriction: at least that of what it derives from, unless a step desensitised (Art.18, Art.23).")
class Restriction:
    found: strawberry.Private[FoundRestriction]

    @strawberry.field(description="Effective share type (a ShareType value).")
    def share_type(self) -> str:
        return self.found.share_type

    @strawberry.field(description="The upstream resource that forces the share type, if it is not the resource's own (null too when you may not see it).")
    async def share_forced_by(self, info: Ctx) -> Resource | None:
        return await _visible_resource(info, self.found.share_forced_by)

    @strawberry.field(description="Effective open type (an OpenType value).")
    def open_type(self) -> str:
        return self.found.open_type

    @strawberry.field(description="The upstream resource that forces the open type, if it is not the resource's own (null too when you may not see it).")
    async def open_forced_by(self, info: Ctx) -> Resource | None:
        return await _visible_resource(info, self.found.open_forced_by)

    @strawberry.field(description="Upstream resources holding personal information, reached with no desensitisation (Art.23, Art.32); only those you may see.")
    async def personal_upstream(self, info: Ctx) -> list[Resource]:
        found = [await _visible_resource(info, n) for n in self.found.personal_upstream]
        return [r for r in found if r is not None]

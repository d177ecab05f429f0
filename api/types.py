"""The GraphQL object types: one per node kind, each wrapping a stored node. Its stored properties are
plain fields (`prop`); its links (`linked`, `counted`) answer from what its page read brought
(`api.prefetch`) or else through the request's DataLoaders, one batched read per kind of link."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, Generic, TypeVar

import strawberry
from graphql import Undefined
from strawberry.types import Info
from strawberry.types.base import get_object_definition

from api import enums
from api.context import Context
from api.execution import DIRECT, EFFECTS, STORED
from api.ids import cursor, global_id
from graph.labels import Direction, Label, RelType
from graph.records import Node as StoredNode
from graph.records import Page, Pair, Props, Step

T = TypeVar("T")
Ctx = Info[Context, None]
RESTRICTED_SHARE = {"CONDITIONAL", "NOT_SHARED"}

if TYPE_CHECKING:
    from api.lineage import Impact, Restriction
    from api.sharing import Transition


def _convert(value: Any, enum: Any = None, is_date: bool = False) -> Any:
    if value is None:
        return None
    if enum is not None:
        return [enum[v] for v in value] if isinstance(value, list) else enum[value]
    if is_date:
        return date.fromisoformat(value)
    return value


PROP = "govgraph.prop"  # field metadata: how a `prop()` field reads the stored properties
# Field metadata of an enum `prop()`: (stored property, the enum's value names); a stored name answers as itself.
STORED_NAMES = "govgraph.storedNames"
# Field metadata: the stored properties of its node a field reads (the key aside). A page reads only
# those its selection needs (`api.prefetch`); a field without it may read any, and then all are read.
READS = "govgraph.reads"


def prop(name: str, graphql_type: Any, description: str, enum: Any = None, is_date: bool = False) -> Any:
    """A field read from the stored property `name`.

    It has no resolver of its own: strawberry resolves such a plain field without building an `Info`
    and an argument list for it (several times cheaper, and a page of 50 resources has hundreds),
    through the schema's default resolver, `StoredFieldReader`, which finds this reader in the metadata.
    """

    def read(props: Props) -> Any:
        return _convert(props.get(name), enum, is_date)

    # `default=None`: the wrapper is built from the stored node alone; the reader, not the attribute, answers.
    metadata: dict[str, Any] = {PROP: read, READS: (name,)}
    if enum is None and not is_date:
        metadata[STORED] = name  # its value is the stored one: the executor may read it directly
    elif enum is not None:
        metadata[STORED_NAMES] = (name, frozenset(enum.__members__))  # a stored name is the enum value's GraphQL name
    return strawberry.field(graphql_type=graphql_type, description=description, default=None, metadata=metadata)


class StoredFieldReader:
    """The schema's default resolver: a `prop()` field of a node reads the node's stored properties;
    any other plain field is the attribute of that name. One per schema; it learns each type once."""

    def __init__(self) -> None:
        self._readers: dict[type, dict[str, Callable[[Props], Any]]] = {}

    @staticmethod
    def _learn(cls: type) -> dict[str, Callable[[Props], Any]]:
        definition = get_object_definition(cls)
        if definition is None:
            return {}
        return {f.python_name: f.metadata[PROP] for f in definition.fields if PROP in (f.metadata or {})}

    @staticmethod
    def reads_attribute(field: Any) -> bool:
        """Whether this resolver answers `field` with its attribute alone (it is not a `prop()`)."""
        return PROP not in (field.metadata or {})

    def __call__(self, source: Any, name: str) -> Any:
        cls = type(source)
        readers = self._readers.get(cls)
        if readers is None:
            readers = self._readers[cls] = self._learn(cls)
        read = readers.get(name)
        return getattr(source, name) if read is None else read(source.stored.props)


@dataclass(frozen=True)
class Prefetched:
    """Links of a node read together with it (`PageQuery.expand` / `count`), so that its link fields
    answer at once instead of through a DataLoader: no awaitable, no batch, no second read."""

    links: Mapping[Step, list[Pair]] = field(default_factory=dict)
    counts: Mapping[Step, int] = field(default_factory=dict)


NOTHING_PREFETCHED = Prefetched()
LINK, COUNT = "govgraph.link", "govgraph.count"  # field metadata: the step a link or count field follows
LINK_SHAPE = "govgraph.linkShape"  # field metadata of a link field: (one, only), which of the nodes along its step it answers
GLOBAL_ID = "govgraph.globalId"  # field metadata: the field is its node's global ID (`api.ids.global_id`)


def linked(
    step: Step, description: str, *, one: bool = False, only: Label | None = None,
    on_read: Callable[[Entity, Context, list[StoredNode]], None] | None = None, reads: tuple[str, ...] = (),
) -> Any:
    """A field answered by the nodes along `step`: a list, or with `one` the first (or null); `only`
    keeps nodes of one label; `on_read` sees what is returned (e.g. to audit it), reading the stored
    properties `reads` of the node that has the field."""

    def shape(entity: Entity, context: Context, nodes: list[StoredNode]) -> Any:
        kept = [n for n in nodes if only is None or n.label is only]
        if on_read is not None:
            on_read(entity, context, kept)
        if one:
            return wrap(kept[0]) if kept else None
        return [wrap(n) for n in kept]

    def at_hand(entity: Entity, context: Context) -> Any:
        pairs = entity.prefetched.links.get(step)
        return Undefined if pairs is None else shape(entity, context, [n for _, n in pairs])

    async def load(entity: Entity, info: Ctx) -> Any:
        pairs = await info.context.loaders.neighbours(entity.stored.label, (step,)).load(entity.stored.key)
        return shape(entity, info.context, [n for _, n in pairs])

    def resolve(self: Entity, info: Ctx) -> Any:
        # Not `async def`: a prefetched answer is returned as a value; otherwise an awaitable the executor awaits.
        found = at_hand(self, info.context)
        return load(self, info) if found is Undefined else found

    # The field's type is the class annotation it is assigned to (`provider: Department | None = linked(…)`).
    metadata = {LINK: step, LINK_SHAPE: (one, only), READS: reads, DIRECT: at_hand, EFFECTS: on_read is not None}
    return strawberry.field(resolver=resolve, description=description, metadata=metadata)


def counted(step: Step, description: str) -> Any:
    """A field answered by the number of visible nodes along `step`."""

    def at_hand(entity: Entity, _: Context) -> Any:
        if step in entity.prefetched.counts:
            return entity.prefetched.counts[step]
        if step in entity.prefetched.links:
            return len(entity.prefetched.links[step])
        return Undefined

    async def load(entity: Entity, info: Ctx) -> int:
        return len(await info.context.loaders.neighbours(entity.stored.label, (step,)).load(entity.stored.key))

    def resolve(self: Entity, info: Ctx) -> Any:
        found = at_hand(self, info.context)
        return load(self, info) if found is Undefined else found

    return strawberry.field(resolver=resolve, graphql_type=int, description=description, metadata={COUNT: step, READS: (), DIRECT: at_hand})


@strawberry.interface(description="An object with a global ID (Relay).")
class Node:
    stored: strawberry.Private[StoredNode]
    prefetched: strawberry.Private[Prefetched] = NOTHING_PREFETCHED

    # Both answered in place (`DIRECT`): a list of nodes (an impact's departments to notify) is then
    # answered row by row.
    @strawberry.field(description="Global ID, usable with `node(id:)`.", metadata={READS: (), GLOBAL_ID: True, DIRECT: lambda node, _: node._global_id()})
    def id(self) -> strawberry.ID:
        return self._global_id()

    @strawberry.field(
        description="Version of the stored object: send it back with an update (optimistic locking).",
        metadata={READS: ("version",), DIRECT: lambda node, _: node._version()},
    )
    def version(self) -> int:
        return self._version()

    def _global_id(self) -> strawberry.ID:
        return strawberry.ID(global_id(self.stored.label, self.stored.key))

    def _version(self) -> int:
        return int(self.stored.props.get("version", 1))


Entity = Node


def _audit_restricted_detail(resource: Entity, context: Context, items: list[StoredNode]) -> None:
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
        metadata={READS: ("share_type",)},
    )
    async def effective_share_type(self, info: Ctx) -> enums.ShareType:
        found = await info.context.loaders.restrictions().load(self.stored.key)
        return enums.ShareType[found.share_type if found else self.stored.props["share_type"]]

    @strawberry.field(description="Effective share and open restriction, with the upstream resources that force it (Art.18, Art.23).", metadata={READS: ()})
    async def effective_restriction(self, info: Ctx) -> Annotated["Restriction", strawberry.lazy("api.lineage")] | None:
        from api.lineage import Restriction

        found = await info.context.loaders.restrictions().load(self.stored.key)
        return None if found is None else Restriction(found=found)

    @strawberry.field(description="Everything downstream of it, grouped by kind (Art.25).", metadata={READS: ()})
    async def impact(self, info: Ctx) -> Annotated["Impact", strawberry.lazy("api.lineage")]:
        from api.lineage import resource_impact

        return await resource_impact(info, self.stored.key)


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
    def history(self) -> list[Annotated["Transition", strawberry.lazy("api.sharing")]]:
        from api.sharing import transitions

        return transitions(self.stored)

    via: System | None = linked(Step(RelType.VIA, Direction.OUT), "The system it is used through.", one=True)
    consumer: Consumer | None = linked(Step(RelType.REQUESTS, Direction.IN), "The consumer.", one=True)
    resource: Resource | None = linked(Step(RelType.OF, Direction.OUT), "The resource used.", one=True)


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
    def history(self) -> list[Annotated["Transition", strawberry.lazy("api.sharing")]]:
        from api.sharing import transitions

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


@strawberry.type(description="Where a page stands in the whole list (Relay).")
class PageInfo:
    has_next_page: bool = strawberry.field(description="More items follow this page.")
    has_previous_page: bool = strawberry.field(description="This page was asked for after a cursor.")
    start_cursor: str | None = strawberry.field(description="Cursor of the first edge of the page.")
    end_cursor: str | None = strawberry.field(description="Cursor of the last edge: pass it as `after` for the next page.")


@strawberry.type(description="An item of a page, with its cursor (Relay).")
class Edge(Generic[T]):
    cursor: str = strawberry.field(description="Opaque position of this item, for `after`.")
    node: T = strawberry.field(description="The item.")


@strawberry.type(description="A page of a list (Relay connection) with the total that match.")
class Connection(Generic[T]):
    edges: list[Edge[T]] = strawberry.field(description="The items of this page, in code order.")
    page_info: PageInfo = strawberry.field(description="Where this page stands.")
    total_count: int = strawberry.field(description="How many items match the filter in all, across pages.")


def connection(page: Page, after: str | None, make: Callable[[StoredNode], T]) -> Connection[T]:
    """A Relay connection from a store page."""
    edges = [Edge(cursor=cursor(n.key), node=make(n)) for n in page.nodes]
    info = PageInfo(
        has_next_page=page.has_next,
        has_previous_page=after is not None,
        start_cursor=edges[0].cursor if edges else None,
        end_cursor=edges[-1].cursor if edges else None,
    )
    return Connection(edges=edges, page_info=info, total_count=page.total)

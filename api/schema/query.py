"""The root Query: lists as Relay connections with filters, lookups by code and global ID, search."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import strawberry

from api.schema import enums
from api.engine.ids import parse_cursor, parse_global_id
from api.schema.connections import Connection, page_connection
from api.schema.compliance import ComplianceQuery
from api.schema.impact_list import ImpactListQuery
from api.schema.lineage import LineageQuery
from api.schema.migration import MigrationQuery
from api.schema.sharing import SharingQuery
from api.schema.search import SearchFacets, SearchQuery, facets_answer
from api.schema.labels import LabelsQuery
from api.schema.nodes import (
    AuditEvent,
    Catalog,
    Citation,
    Consumer,
    Ctx,
    Department,
    Node,
    Resource,
    System,
    TYPES,
    Use,
    wrap,
)
from graph import terms
from graph.errors import InvalidArgumentError
from graph.i18n import _
from graph.labels import Direction, Label, RelType
from graph.records import LinkFilter, PageQuery, PropertyFilter
from graph.records import Node as StoredNode
from lineage import catalogs

T = TypeVar("T")
MAX_FIRST = 100
DEFAULT_FIRST = 20

First = Annotated[int, strawberry.argument(description=f"Page size, 1 to {MAX_FIRST}.")]
After = Annotated[str | None, strawberry.argument(description="Return the items after this cursor (`pageInfo.endCursor`).")]
Code = Annotated[str, strawberry.argument(description="The code to look up.")]


def _first(first: int) -> int:
    if not 1 <= first <= MAX_FIRST:
        raise InvalidArgumentError(_("{name} must be between 1 and {limit}, got {value}", name="first", limit=MAX_FIRST, value=first))
    return first


def _codes(name: str, values: list[Any] | None) -> tuple[PropertyFilter, ...]:
    return (PropertyFilter(name, tuple(v.name for v in values)),) if values else ()


def _eq(name: str, value: Any) -> tuple[PropertyFilter, ...]:
    return () if value is None else (PropertyFilter(name, (value,)),)


def _link(rel: RelType, direction: Direction, label: Label, key: str | None) -> tuple[LinkFilter, ...]:
    return () if key is None else (LinkFilter(rel, direction, label, keys=(key,)),)


def _nested(rel: RelType, direction: Direction, label: Label, inner: tuple[LinkFilter, ...]) -> tuple[LinkFilter, ...]:
    """A link to a `label` node that itself matches `inner` (nothing when `inner` is empty)."""
    return () if not inner else (LinkFilter(rel, direction, label, linked=inner),)


@strawberry.input(description="Filters for resources; every given field must match.")
class ResourceFilter:
    catalog_kind: list[enums.CatalogKind] | None = strawberry.field(default=None, description="Listed in a catalog of one of these kinds.")
    catalog: str | None = strawberry.field(default=None, description="Listed in the catalog with this code.")
    provider: str | None = strawberry.field(default=None, description="Provided by the department with this code.")
    share_type: list[enums.ShareType] | None = strawberry.field(default=None, description="Share type is one of these.")
    open_type: list[enums.OpenType] | None = strawberry.field(default=None, description="Open type is one of these.")
    update_cycle: list[enums.UpdateCycle] | None = strawberry.field(default=None, description="Update cycle is one of these.")
    aggregated: bool | None = strawberry.field(default=None, description="Aggregated on the big data platform (Art.15).")
    text: str | None = strawberry.field(default=None, description="Text in the name or summary (Chinese substrings included), or a code prefix.")

    def to_filter(self) -> catalogs.ResourceFilter:
        return catalogs.ResourceFilter(
            catalog_kinds=tuple(terms.CatalogKind.parse(k.name) for k in self.catalog_kind or ()),
            catalog=self.catalog,
            provider=self.provider,
            share_types=tuple(terms.ShareType.parse(k.name) for k in self.share_type or ()),
            open_types=tuple(terms.OpenType.parse(k.name) for k in self.open_type or ()),
            update_cycles=tuple(terms.UpdateCycle.parse(k.name) for k in self.update_cycle or ()),
            aggregated=self.aggregated,
            text=self.text,
        )


VIEWS: dict[enums.CatalogView, catalogs.View] = {
    enums.CatalogView.RESOURCES: lambda query: query,
    enums.CatalogView.SHARE: catalogs.share_catalog,
    enums.CatalogView.OPEN: catalogs.open_catalog,
}


@strawberry.input(description="Filters for departments.")
class DepartmentFilter:
    kind: list[enums.DepartmentKind] | None = strawberry.field(default=None, description="Kind of body is one of these.")
    level: list[enums.Level] | None = strawberry.field(default=None, description="Level is one of these.")
    security_exempt: bool | None = strawberry.field(default=None, description="A public or state security department (Art.28).")
    text: str | None = strawberry.field(default=None, description="Text in the name, or a code prefix.")


@strawberry.input(description="Filters for information systems.")
class SystemFilter:
    hosting: list[enums.Hosting] | None = strawberry.field(default=None, description="Hosting is one of these.")
    network: list[enums.Network] | None = strawberry.field(default=None, description="Network is one of these.")
    protection_level: list[int] | None = strawberry.field(default=None, description="Protection level is one of these.")
    classified: bool | None = strawberry.field(default=None, description="Classified or not.")
    cross_department_sharing: bool | None = strawberry.field(default=None, description="A cross-department sharing system (Art.15) or not.")
    operator: str | None = strawberry.field(default=None, description="Operated by the department with this code.")
    text: str | None = strawberry.field(default=None, description="Text in the name, or a code prefix.")


@strawberry.input(description="Filters for catalogs.")
class CatalogFilter:
    kind: list[enums.CatalogKind] | None = strawberry.field(default=None, description="Kind is one of these.")
    theme: list[enums.CatalogTheme] | None = strawberry.field(default=None, description="Theme is one of these.")
    maintainer: str | None = strawberry.field(default=None, description="Maintained by the department with this code.")
    text: str | None = strawberry.field(default=None, description="Text in the name, or a code prefix.")


@strawberry.input(description="Filters for consumers.")
class ConsumerFilter:
    kind: list[enums.ConsumerKind] | None = strawberry.field(default=None, description="Kind is one of these.")
    acts_for: str | None = strawberry.field(default=None, description="Acting for the department with this code.")
    text: str | None = strawberry.field(default=None, description="Text in the name, or a code prefix.")


@strawberry.input(description="Filters for uses.")
class UseFilter:
    status: list[enums.UseStatus] | None = strawberry.field(default=None, description="State is one of these.")
    consumer: str | None = strawberry.field(default=None, description="Requested by the consumer with this code.")
    resource: str | None = strawberry.field(default=None, description="Of the resource with this code.")
    requester_department: str | None = strawberry.field(default=None, description="Requested by a consumer acting for the department with this code (a department's own requests).")
    provider: str | None = strawberry.field(default=None, description="Of a resource the department with this code provides (the requests it answers).")


@strawberry.input(description="Filters for citations.")
class CitationFilter:
    document_kind: list[enums.DocumentKind] | None = strawberry.field(default=None, description="Document kind is one of these.")
    permission: list[enums.CitationPermission] | None = strawberry.field(default=None, description="Permission state is one of these.")
    resource: str | None = strawberry.field(default=None, description="Citing the resource with this code.")


@strawberry.type(description="The caller, as its token names it.")
class Me:
    subject: str = strawberry.field(description="The token's subject, or 'public'.")
    department: str | None = strawberry.field(description="The department the token names.")
    roles: list[str] = strawberry.field(description="The roles the token grants.")

    @strawberry.field(description="The department the token names, to show by name (null for the public, or a code the district lacks).")
    async def dept(self, info: Ctx) -> Department | None:
        if self.department is None:
            return None
        stored = await info.context.loaders.nodes(Label.DEPARTMENT).load(self.department)
        return None if stored is None else Department(stored=stored)


@strawberry.input(description="Filters for audit events; every given field must match.")
class AuditFilter:
    principal: str | None = strawberry.field(default=None, description="The token subject.")
    department: str | None = strawberry.field(default=None, description="The principal's department.")
    action: str | None = strawberry.field(default=None, description="A mutation's name, or READ_DETAIL.")
    subject: str | None = strawberry.field(default=None, description="Kind:code of what was acted on.")
    outcome: str | None = strawberry.field(default=None, description="OK or an error code.")


async def _page(info: Ctx, query: PageQuery, after: str | None, node_type: Callable[..., T]) -> Connection[T]:
    return await page_connection(info, query, after, node_type)


def _resource_query(filter: ResourceFilter | None, first: int, after: str | None) -> PageQuery:
    f = filter.to_filter() if filter else catalogs.ResourceFilter()
    return catalogs.resource_query(f, _first(first), parse_cursor(after))


@strawberry.type(description="Reading the district graph.")
class Query(LineageQuery, ImpactListQuery, SharingQuery, MigrationQuery, ComplianceQuery, SearchQuery, LabelsQuery):
    @strawberry.field(description="Departments (政务部门), in code order.")
    async def departments(self, info: Ctx, first: First = DEFAULT_FIRST, after: After = None, filter: Annotated[DepartmentFilter | None, strawberry.argument(description="Only the items matching this.")] = None) -> Connection[Department]:
        f = filter or DepartmentFilter()
        query = PageQuery(
            Label.DEPARTMENT,
            where=(*_codes("kind", f.kind), *_codes("level", f.level), *_eq("security_exempt", f.security_exempt)),
            text=f.text, first=_first(first), after=parse_cursor(after),
        )
        return await _page(info, query, after, Department)

    @strawberry.field(description="Information systems, in code order.")
    async def systems(self, info: Ctx, first: First = DEFAULT_FIRST, after: After = None, filter: Annotated[SystemFilter | None, strawberry.argument(description="Only the items matching this.")] = None) -> Connection[System]:
        f = filter or SystemFilter()
        levels = (PropertyFilter("protection_level", tuple(f.protection_level)),) if f.protection_level else ()
        query = PageQuery(
            Label.SYSTEM,
            where=(
                *_codes("hosting", f.hosting), *_codes("network", f.network), *levels,
                *_eq("classified", f.classified), *_eq("cross_department_sharing", f.cross_department_sharing),
            ),
            linked=_link(RelType.OPERATES, Direction.IN, Label.DEPARTMENT, f.operator),
            text=f.text, first=_first(first), after=parse_cursor(after),
        )
        return await _page(info, query, after, System)

    @strawberry.field(description="Catalogs (base, theme, department), in code order.")
    async def catalogs(self, info: Ctx, first: First = DEFAULT_FIRST, after: After = None, filter: Annotated[CatalogFilter | None, strawberry.argument(description="Only the items matching this.")] = None) -> Connection[Catalog]:
        f = filter or CatalogFilter()
        query = PageQuery(
            Label.CATALOG,
            where=(*_codes("kind", f.kind), *_codes("theme", f.theme)),
            linked=_link(RelType.MAINTAINS, Direction.IN, Label.DEPARTMENT, f.maintainer),
            text=f.text, first=_first(first), after=parse_cursor(after),
        )
        return await _page(info, query, after, Catalog)

    @strawberry.field(description="Information resources, in code order.")
    async def resources(self, info: Ctx, first: First = DEFAULT_FIRST, after: After = None, filter: Annotated[ResourceFilter | None, strawberry.argument(description="Only the items matching this.")] = None) -> Connection[Resource]:
        return await _page(info, _resource_query(filter, first, after), after, Resource)

    @strawberry.field(description="The share catalog (共享目录), derived from the base, theme and department catalogs by share type (Art.10).")
    async def share_catalog(self, info: Ctx, first: First = DEFAULT_FIRST, after: After = None, filter: Annotated[ResourceFilter | None, strawberry.argument(description="Only the items matching this.")] = None) -> Connection[Resource]:
        query = catalogs.share_catalog(_resource_query(filter, first, after))
        return await _page(info, query, after, Resource)

    @strawberry.field(description="The open catalog (开放目录), derived by open type; nothing touching state secrets or security (Art.10, Art.23).")
    async def open_catalog(self, info: Ctx, first: First = DEFAULT_FIRST, after: After = None, filter: Annotated[ResourceFilter | None, strawberry.argument(description="Only the items matching this.")] = None) -> Connection[Resource]:
        query = catalogs.open_catalog(_resource_query(filter, first, after))
        return await _page(info, query, after, Resource)

    @strawberry.field(
        description="Counts of a catalog table's resources by provider (`department`), share type, open type and update cycle, "
        "as you may see them: each facet counted under the filter's other fields, so a table can show what each choice gives. "
        "`kind` and `catalogKind` are empty."
    )
    async def catalog_facets(
        self,
        info: Ctx,
        view: Annotated[enums.CatalogView, strawberry.argument(description="The table's connection.")] = enums.CatalogView.RESOURCES,
        filter: Annotated[ResourceFilter | None, strawberry.argument(description="The table's filter.")] = None,
    ) -> SearchFacets:
        f = filter.to_filter() if filter else catalogs.ResourceFilter()
        counts = await catalogs.catalog_facets(info.context.store, VIEWS[view], f, info.context.visibility)
        return await facets_answer(info, dict(counts))

    @strawberry.field(description="Consumers of shared and open resources, in code order.")
    async def consumers(self, info: Ctx, first: First = DEFAULT_FIRST, after: After = None, filter: Annotated[ConsumerFilter | None, strawberry.argument(description="Only the items matching this.")] = None) -> Connection[Consumer]:
        f = filter or ConsumerFilter()
        query = PageQuery(
            Label.CONSUMER, where=_codes("kind", f.kind),
            linked=_link(RelType.ACTS_FOR, Direction.OUT, Label.DEPARTMENT, f.acts_for),
            text=f.text, first=_first(first), after=parse_cursor(after),
        )
        return await _page(info, query, after, Consumer)

    @strawberry.field(description="Uses of shared resources, in id order.")
    async def uses(self, info: Ctx, first: First = DEFAULT_FIRST, after: After = None, filter: Annotated[UseFilter | None, strawberry.argument(description="Only the items matching this.")] = None) -> Connection[Use]:
        f = filter or UseFilter()
        query = PageQuery(
            Label.USE, where=_codes("status", f.status),
            linked=(
                *_link(RelType.REQUESTS, Direction.IN, Label.CONSUMER, f.consumer), *_link(RelType.OF, Direction.OUT, Label.RESOURCE, f.resource),
                *_nested(RelType.REQUESTS, Direction.IN, Label.CONSUMER, _link(RelType.ACTS_FOR, Direction.OUT, Label.DEPARTMENT, f.requester_department)),
                *_nested(RelType.OF, Direction.OUT, Label.RESOURCE, _link(RelType.PROVIDES, Direction.IN, Label.DEPARTMENT, f.provider)),
            ),
            first=_first(first), after=parse_cursor(after),
        )
        return await _page(info, query, after, Use)

    @strawberry.field(description="Citations of shared data (Art.25), in id order.")
    async def citations(self, info: Ctx, first: First = DEFAULT_FIRST, after: After = None, filter: Annotated[CitationFilter | None, strawberry.argument(description="Only the items matching this.")] = None) -> Connection[Citation]:
        f = filter or CitationFilter()
        query = PageQuery(
            Label.CITATION, where=(*_codes("document_kind", f.document_kind), *_codes("permission", f.permission)),
            linked=_link(RelType.CITES, Direction.OUT, Label.RESOURCE, f.resource),
            first=_first(first), after=parse_cursor(after),
        )
        return await _page(info, query, after, Citation)

    @strawberry.field(description="The audit trail, oldest first (the EIC only; others see an empty list).")
    async def audit_events(
        self,
        info: Ctx,
        first: First = DEFAULT_FIRST,
        after: After = None,
        filter: Annotated[AuditFilter | None, strawberry.argument(description="Only the events matching this.")] = None,
    ) -> Connection[AuditEvent]:
        f = filter or AuditFilter()
        where = tuple(
            PropertyFilter(name, (value,))
            for name, value in (("principal", f.principal), ("department", f.department), ("action", f.action), ("subject", f.subject), ("outcome", f.outcome))
            if value is not None
        )
        query = PageQuery(Label.AUDIT_EVENT, where=where, first=_first(first), after=parse_cursor(after))
        return await _page(info, query, after, AuditEvent)

    @strawberry.field(description="Who you are to the service: your department and roles (none for the public).")
    def me(self, info: Ctx) -> Me:
        principal = info.context.principal
        return Me(subject=principal.subject, department=principal.department, roles=sorted(r.value for r in principal.roles))

    @strawberry.field(description="The department with this code, or null.")
    async def department(self, info: Ctx, code: Code) -> Department | None:
        stored = await info.context.loaders.nodes(Label.DEPARTMENT).load(code)
        return None if stored is None else Department(stored=stored)

    @strawberry.field(description="The system with this code, or null.")
    async def system(self, info: Ctx, code: Code) -> System | None:
        stored = await info.context.loaders.nodes(Label.SYSTEM).load(code)
        return None if stored is None else System(stored=stored)

    @strawberry.field(description="The catalog with this code, or null.")
    async def catalog(self, info: Ctx, code: Code) -> Catalog | None:
        stored = await info.context.loaders.nodes(Label.CATALOG).load(code)
        return None if stored is None else Catalog(stored=stored)

    @strawberry.field(description="The resource with this code, or null.")
    async def resource(self, info: Ctx, code: Code) -> Resource | None:
        stored = await info.context.loaders.nodes(Label.RESOURCE).load(code)
        return None if stored is None else Resource(stored=stored)

    @strawberry.field(description="The object with this global ID, or null (Relay).")
    async def node(self, info: Ctx, id: Annotated[strawberry.ID, strawberry.argument(description="A global ID (`id` of any object).")]) -> Node | None:
        ref = parse_global_id(str(id))
        if ref.label not in TYPES:  # the service's own records (a LineageRun…) have no object type
            return None
        stored = await info.context.loaders.nodes(ref.label).load(ref.key)
        return None if stored is None else wrap(stored)


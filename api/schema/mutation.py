"""Mutations that maintain the catalog. Expected failures (bad input, a stale version, a missing
code) come back as typed user errors in the payload, not as raised GraphQL errors."""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable
from datetime import date
from enum import Enum
from typing import Annotated, Any, TypeVar

import strawberry
from strawberry.utils.str_converters import to_camel_case

from api.schema import enums
from api.schema.payloads import Payload, UserError
from api.schema.sharing import SharingMutation
from api.schema.nodes import Catalog, Ctx, DataItem, Department, Resource, System
from graph.errors import ConflictError, ForbiddenError, InvalidDataError, NotFoundError
from graph.labels import Label
from graph.records import Node as StoredNode
from graph.records import NodeRef
from lineage.access import check_edit
from loaders import edits
from loaders.links import links_of

OWNER_FIELD = {Label.RESOURCE: "provider", Label.SYSTEM: "operator", Label.CATALOG: "maintainer"}


async def _create(info: Ctx, label: Label, fields: dict[str, Any], links: dict[str, Any]) -> StoredNode:
    """Create after checking the principal may (Art.9, Art.29)."""
    await check_edit(info.context.store, info.context.principal, label, None, links.get(OWNER_FIELD.get(label, "")))
    return await edits.create(info.context.store, label, fields, links)


async def _update(info: Ctx, label: Label, code: str, version: int, fields: dict[str, Any], links: dict[str, Any] | None = None) -> StoredNode:
    """Update after checking the principal may (Art.9, Art.29)."""
    owner = (links or {}).get(OWNER_FIELD.get(label, ""))
    await check_edit(info.context.store, info.context.principal, label, code, owner)
    return await edits.update(info.context.store, label, code, version, fields, links)

T = TypeVar("T")
UNSET: Any = strawberry.UNSET
Code = Annotated[str, strawberry.argument(description="Code of the object to change.")]
Version = Annotated[int, strawberry.argument(description="The `version` you read; a stale one is a CONFLICT.")]


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.name
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _split(label: Label, data: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """An input object as entity fields and link fields; fields left out are not in either."""
    links = links_of(label)
    fields: dict[str, Any] = {}
    linked: dict[str, Any] = {}
    for f in dataclasses.fields(data):
        value = getattr(data, f.name)
        if value is UNSET:
            continue
        (linked if f.name in links else fields)[f.name] = _plain(value)
    return fields, linked


async def _attempt(
    info: Ctx, action: str, subject: NodeRef | None, work: Awaitable[StoredNode], make: Callable[[StoredNode], T]
) -> Payload[T]:
    """Run a change; expected failures become user errors; either way the audit trail records it (with
    the change, in its unit of work; a refusal on its own)."""
    act = info.context.audit.act(action, subject or NodeRef(Label.RESOURCE, "new"))
    try:
        node = await work
    except InvalidDataError as e:
        await act.end(e.code)
        errors = [UserError(field=["input", to_camel_case(p.field)] if p.field else ["input"], message=p.reason, code=e.code) for p in e.problems]
        return Payload(result=None, user_errors=errors)
    except (ConflictError, NotFoundError, ForbiddenError) as e:
        await act.end(e.code)
        return Payload(result=None, user_errors=[UserError(field=[], message=e.message, code=e.code)])
    await act.end()
    return Payload(result=make(node), user_errors=[])


def _optional(description: str) -> Any:
    return strawberry.field(default=UNSET, description=description)


@strawberry.input(description="Fields of a resource. On create, code, name, shareType and provider are required; on update, only the fields given change (null removes an optional one).")
class ResourceInput:
    code: str | None = _optional("Information-resource code (信息资源代码), e.g. 101001/000001; create only.")
    name: str | None = _optional("Name (信息资源名称).")
    summary: str | None = _optional("Summary (信息资源摘要).")
    classification: str | None = _optional("Classification (信息资源分类), e.g. 基础/人口/户籍人口.")
    format_class: enums.FormatClass | None = _optional("Format class (格式分类).")
    format_type: str | None = _optional("Format type (格式类型).")
    update_cycle: enums.UpdateCycle | None = _optional("Update cycle (更新周期).")
    collection_route: str | None = _optional("Collection route (采集途径, Art.9).")
    share_type: enums.ShareType | None = _optional("Share type (Art.18).")
    share_condition: str | None = _optional("Share condition of a conditional resource (Art.18).")
    share_mode_class: enums.ShareModeClass | None = _optional("Share mode class (共享方式分类).")
    share_mode_type: str | None = _optional("Share mode type (共享方式类型).")
    legal_basis: str | None = _optional("Legal basis for not sharing (Art.18).")
    open_type: enums.OpenType | None = _optional("Open type (Art.21–23).")
    open_condition: str | None = _optional("Open condition (开放条件).")
    aggregated: bool | None = _optional("Aggregated on the big data platform (Art.15).")
    aggregation_exception: str | None = _optional("The leading group's consent not to aggregate (Art.15).")
    contains_personal_info: bool | None = _optional("Holds personal information (Art.32).")
    secret_or_security: bool | None = _optional("Touches state secrets or security (Art.3, Art.23).")
    desensitised: bool | None = _optional("Desensitised (Art.23).")
    security_reviewed: bool | None = _optional("Security-reviewed (Art.23).")
    usage_note: str | None = _optional("The department's usage note for open data (Art.23).")
    priority_domain: enums.PriorityDomain | None = _optional("Priority domain for opening (Art.22).")
    published_at: date | None = _optional("Publication date (发布日期).")
    level: enums.Level | None = _optional("Level of the resource.")
    provider: str | None = _optional("Code of the provider department (提供部门).")
    catalogs: list[str] | None = _optional("Codes of the catalogs it is listed in (replaces the list).")
    held_by: list[str] | None = _optional("Codes of the systems that hold it (replaces the list).")


@strawberry.input(description="Fields of an information item; on create, name is required.")
class DataItemInput:
    name: str | None = _optional("Item name (信息项名称); create only (it is part of the code).")
    data_type: enums.DataType | None = _optional("Data type (数据类型).")
    identifier_kind: enums.IdentifierKind | None = _optional("Identifier it carries (Art.13).")
    personal: bool | None = _optional("Personal information (Art.32).")
    desensitised: bool | None = _optional("Desensitised (Art.23).")


@strawberry.input(description="Fields of a catalog; on create, code, name and kind are required.")
class CatalogInput:
    code: str | None = _optional("Catalog code; create only.")
    name: str | None = _optional("Name.")
    kind: enums.CatalogKind | None = _optional("Base, theme or department catalog.")
    theme: enums.CatalogTheme | None = _optional("Subject of a base or theme catalog.")
    updated_at: date | None = _optional("Last update (Art.9).")
    maintainer: str | None = _optional("Code of the department that maintains it.")


@strawberry.input(description="Fields of an information system; on create, code, name, hosting and protectionLevel are required.")
class SystemInput:
    code: str | None = _optional("System code; create only.")
    name: str | None = _optional("Name.")
    hosting: enums.Hosting | None = _optional("Where it runs (Art.28).")
    network: enums.Network | None = _optional("The network it sits on.")
    protection_level: int | None = _optional("Protection level 1–5 (Art.28).")
    classified: bool | None = _optional("A classified system (Art.28).")
    cross_department_sharing: bool | None = _optional("A cross-department sharing system (Art.15).")
    cross_level_sharing: bool | None = _optional("A cross-level sharing system (Art.15).")
    cross_domain_sharing: bool | None = _optional("A cross-domain sharing system (Art.15).")
    built_at: date | None = _optional("When it was built.")
    on_integration_list: bool | None = _optional("On the integration list (Art.27).")
    status: enums.SystemStatus | None = _optional("Life-cycle state.")
    operator: str | None = _optional("Code of the department that operates it.")
    hosted_on: str | None = _optional("Code of the platform it is hosted on.")


@strawberry.input(description="A department's own data; only the fields given change.")
class DepartmentInput:
    name: str | None = _optional("Full name.")
    short_name: str | None = _optional("Short name.")
    kind: enums.DepartmentKind | None = _optional("What kind of body it is (Art.2, Art.39).")
    level: enums.Level | None = _optional("Administrative level.")
    security_exempt: bool | None = _optional("A public or state security department (Art.28).")
    subordinate_to: str | None = _optional("Code of the department it is subordinate to.")


@strawberry.type(description="What a removal removed.")
class Removed:
    code: str = strawberry.field(description="Code of the removed object.")


@strawberry.type(description="Maintaining the catalog; sharing, citation and requests (api/schema/sharing.py).")
class Mutation(SharingMutation):
    @strawberry.mutation(description="Create a resource in the catalog.")
    async def create_resource(self, info: Ctx, input: Annotated[ResourceInput, strawberry.argument(description="The fields to set.")]) -> Payload[Resource]:
        fields, links = _split(Label.RESOURCE, input)
        return await _attempt(info, "createResource", None, _create(info, Label.RESOURCE, fields, links), lambda n: Resource(stored=n))

    @strawberry.mutation(description="Change a resource at the version you read.")
    async def update_resource(self, info: Ctx, code: Code, version: Version, input: Annotated[ResourceInput, strawberry.argument(description="The fields to set.")]) -> Payload[Resource]:
        fields, links = _split(Label.RESOURCE, input)
        return await _attempt(info, "updateResource", NodeRef(Label.RESOURCE, code), _update(info, Label.RESOURCE, code, version, fields, links), lambda n: Resource(stored=n))

    @strawberry.mutation(description="Retire a resource: it leaves every catalog view but keeps its lineage and uses.")
    async def retire_resource(self, info: Ctx, code: Code, version: Version) -> Payload[Resource]:
        work = _update(info, Label.RESOURCE, code, version, {"status": "RETIRED"})
        return await _attempt(info, "retireResource", NodeRef(Label.RESOURCE, code), work, lambda n: Resource(stored=n))

    @strawberry.mutation(description="Add an information item to a resource.")
    async def add_data_item(
        self, info: Ctx, resource: Annotated[str, strawberry.argument(description="Code of the resource.")], input: Annotated[DataItemInput, strawberry.argument(description="The fields to set.")]) -> Payload[DataItem]:
        fields, _ = _split(Label.DATA_ITEM, input)

        async def work() -> StoredNode:
            await check_edit(info.context.store, info.context.principal, Label.RESOURCE, resource)
            return await edits.add_item(info.context.store, resource, fields)

        return await _attempt(info, "addDataItem", NodeRef(Label.RESOURCE, resource), work(), lambda n: DataItem(stored=n))

    @strawberry.mutation(description="Change an information item at the version you read.")
    async def update_data_item(self, info: Ctx, code: Code, version: Version, input: Annotated[DataItemInput, strawberry.argument(description="The fields to set.")]) -> Payload[DataItem]:
        fields, _ = _split(Label.DATA_ITEM, input)
        return await _attempt(info, "updateDataItem", NodeRef(Label.DATA_ITEM, code), _update(info, Label.DATA_ITEM, code, version, fields), lambda n: DataItem(stored=n))

    @strawberry.mutation(description="Remove an information item at the version you read.")
    async def remove_data_item(self, info: Ctx, code: Code, version: Version) -> Payload[Removed]:
        async def work() -> StoredNode:
            current = await info.context.store.get(Label.DATA_ITEM, code, info.context.visibility)
            if current is None:
                raise NotFoundError(Label.DATA_ITEM.value, code)
            await check_edit(info.context.store, info.context.principal, Label.DATA_ITEM, code)
            await edits.remove(info.context.store, Label.DATA_ITEM, code, version)
            return current

        return await _attempt(info, "removeDataItem", NodeRef(Label.DATA_ITEM, code), work(), lambda n: Removed(code=n.key))

    @strawberry.mutation(description="Create a catalog.")
    async def create_catalog(self, info: Ctx, input: Annotated[CatalogInput, strawberry.argument(description="The fields to set.")]) -> Payload[Catalog]:
        fields, links = _split(Label.CATALOG, input)
        return await _attempt(info, "createCatalog", None, _create(info, Label.CATALOG, fields, links), lambda n: Catalog(stored=n))

    @strawberry.mutation(description="Change a catalog at the version you read.")
    async def update_catalog(self, info: Ctx, code: Code, version: Version, input: Annotated[CatalogInput, strawberry.argument(description="The fields to set.")]) -> Payload[Catalog]:
        fields, links = _split(Label.CATALOG, input)
        return await _attempt(info, "updateCatalog", NodeRef(Label.CATALOG, code), _update(info, Label.CATALOG, code, version, fields, links), lambda n: Catalog(stored=n))

    @strawberry.mutation(description="Register an information system.")
    async def create_system(self, info: Ctx, input: Annotated[SystemInput, strawberry.argument(description="The fields to set.")]) -> Payload[System]:
        fields, links = _split(Label.SYSTEM, input)
        return await _attempt(info, "createSystem", None, _create(info, Label.SYSTEM, fields, links), lambda n: System(stored=n))

    @strawberry.mutation(description="Change an information system at the version you read.")
    async def update_system(self, info: Ctx, code: Code, version: Version, input: Annotated[SystemInput, strawberry.argument(description="The fields to set.")]) -> Payload[System]:
        fields, links = _split(Label.SYSTEM, input)
        return await _attempt(info, "updateSystem", NodeRef(Label.SYSTEM, code), _update(info, Label.SYSTEM, code, version, fields, links), lambda n: System(stored=n))

    @strawberry.mutation(description="Change a department's own data at the version you read.")
    async def update_department(self, info: Ctx, code: Code, version: Version, input: Annotated[DepartmentInput, strawberry.argument(description="The fields to set.")]) -> Payload[Department]:
        fields, links = _split(Label.DEPARTMENT, input)
        return await _attempt(info, "updateDepartment", NodeRef(Label.DEPARTMENT, code), _update(info, Label.DEPARTMENT, code, version, fields, links), lambda n: Department(stored=n))

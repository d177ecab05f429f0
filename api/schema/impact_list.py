"""GraphQL types and the root field of impact as a list (影响清单): rows to filter, sort and export,
and the departments to notify of an error (Art.25–26). The rules are in `lineage.impact_list`."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from api.schema import impact_enums as ienums
from api.schema.nodes import Ctx, Department, Node, Resource, wrap
from lineage import clock
from lineage import impact_list as question

@strawberry.input(description="Which rows of an impact list to keep, and their order.")
class ImpactListFilter:
    in_force_only: bool = strawberry.field(
        default=True, description="Keep only uses in force (granted and not past their expiry), and the consumers holding one. Default true."
    )
    kinds: list[ienums.ImpactKind] | None = strawberry.field(default=None, description="Keep rows of these kinds (default: all).")
    departments: list[str] | None = strawberry.field(
        default=None, description="Keep rows whose department (provider of a derived resource or publication, the consumer's department for a use, consumer or citation) has one of these codes."
    )
    max_depth: int | None = strawberry.field(default=None, description="Keep rows at most this many steps from the resource (1 to the lineage depth cap).")


@strawberry.type(description="One thing an error in the resource reaches.")
class ImpactRow:
    found: strawberry.Private[question.ImpactRow]

    @strawberry.field(description="What it is.")
    def kind(self) -> ienums.ImpactKind:
        return ienums.ImpactKind[self.found.kind.name]

    @strawberry.field(description="The resource, use, consumer or citation; the portal, for a publication.")
    def node(self) -> Node:
        wrapped: Node = wrap(self.found.node)
        return wrapped

    @strawberry.field(description="Its code (a record's id).")
    def code(self) -> str:
        return self.found.node.key

    @strawberry.field(description="Its name (a use's purpose, a citation's document).")
    def name(self) -> str:
        props = self.found.node.props
        return str(props.get("name") or props.get("document") or props.get("purpose") or self.found.node.key)

    @strawberry.field(description="Steps from the resource.")
    def depth(self) -> int:
        return self.found.depth

    @strawberry.field(description="The department concerned: a derived resource's or publication's provider; for a use, consumer or citation, the consumer's department.")
    def department(self) -> Department | None:
        return None if self.found.department is None else Department(stored=self.found.department)

    @strawberry.field(description="The resource it is reached through: a use's resource, a consumer's (first) used resource, a citation's cited resource, the published resource.")
    def via(self) -> Resource | None:
        return None if self.found.via is None else Resource(stored=self.found.via)

    @strawberry.field(description="A use's status (a UseStatus value) or a citation's permission (a CitationPermission value).")
    def status(self) -> str | None:
        return self.found.status

    @strawberry.field(description="For a use: granted and not expired; for a consumer: holds such a use; for a citation: its use is. Null for the rest.")
    def in_force(self) -> bool | None:
        return self.found.in_force


@strawberry.type(description="A department to notify of an error, why, and the affected resources it provides or uses (Art.25–26).")
class ImpactNotice:
    found: strawberry.Private[question.Notice]

    @strawberry.field(description="The department.")
    def department(self) -> Department:
        return Department(stored=self.found.department)

    @strawberry.field(description="Why it is notified.")
    def roles(self) -> list[ienums.NoticeRole]:
        return [ienums.NoticeRole[r.name] for r in self.found.roles]

    @strawberry.field(description="Codes of the affected resources it provides or uses.")
    def resources(self) -> list[str]:
        return list(self.found.resources)


@strawberry.type(description="How many rows of each kind the list keeps.")
class ImpactKindCount:
    kind: ienums.ImpactKind = strawberry.field(description="The kind.")
    count: int = strawberry.field(description="Rows of it.")


@strawberry.type(description="The impact of an error in a resource as a list: rows kept by the filter, in order, and who to notify (Art.25–26).")
class ImpactListing:
    found: strawberry.Private[question.ImpactListing]

    @strawberry.field(description="The resource.")
    def resource(self) -> Resource:
        return Resource(stored=self.found.resource)

    @strawberry.field(description="The rows the filter keeps, in the order asked (bounded by the lineage node cap).")
    def rows(self) -> list[ImpactRow]:
        return [ImpactRow(found=row) for row in self.found.rows]

    @strawberry.field(description="Number of rows kept.")
    def total_count(self) -> int:
        return len(self.found.rows)

    @strawberry.field(description="Rows kept, by kind (every kind, zero included).")
    def counts(self) -> list[ImpactKindCount]:
        return [ImpactKindCount(kind=ienums.ImpactKind[k.name], count=n) for k, n in self.found.counts.items()]

    @strawberry.field(description="Rows the filter left out (uses not in force, other kinds, departments or depths).")
    def filtered_out(self) -> int:
        return self.found.filtered_out

    @strawberry.field(description="Downstream nodes you may not see: counted, never listed (Art.24, Art.29).")
    def hidden(self) -> int:
        return self.found.hidden

    @strawberry.field(description="Departments to notify: providers of the resource and of the derived resources kept, departments whose uses kept are in force, and the EIC (Art.25–26).")
    def notify(self) -> list[ImpactNotice]:
        return [ImpactNotice(found=n) for n in self.found.notify]

    @strawberry.field(description="The depth or node cap left part of the downstream out.")
    def truncated(self) -> bool:
        return self.found.truncated


Sort = Annotated[ienums.ImpactSort, strawberry.argument(description="Order of the rows (default DEPTH).")]


@strawberry.type
class ImpactListQuery:
    @strawberry.field(description="Everything an error in a resource reaches, one row each, to filter, sort and export, with the departments to notify (Art.25–26).")
    async def impact_list(
        self,
        info: Ctx,
        code: Annotated[str, strawberry.argument(description="Resource code.")],
        filter: Annotated[ImpactListFilter | None, strawberry.argument(description="Which rows to keep (default: uses in force only).")] = None,
        sort: Sort = ienums.ImpactSort.DEPTH,
        descending: Annotated[bool, strawberry.argument(description="Reverse the order.")] = False,
        as_of: Annotated[date | None, strawberry.argument(description="The day uses are in force on (default: today in Beijing).")] = None,
    ) -> ImpactListing:
        f = filter or ImpactListFilter()
        query = question.ImpactQuery(
            in_force_only=f.in_force_only,
            kinds=tuple(question.ImpactKind[k.name] for k in f.kinds or ()),
            departments=tuple(f.departments or ()),
            max_depth=f.max_depth,
            sort=question.ImpactSort[sort.name],
            descending=descending,
        )
        found = await question.impact_list(
            info.context.store, code, query, as_of or clock.today(), info.context.limits, info.context.visibility
        )
        return ImpactListing(found=found)

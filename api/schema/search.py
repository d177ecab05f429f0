"""Search across kinds, for people and front-ends: ranked, multi-term, paged and faceted.

The ranking and facets are `graph.search`'s (both stores answer them alike); this module exposes them:
`search(text:, first:, after:, filter:)` answers `edges` (each with how it matched), `pageInfo`, and,
only when selected, `totalCount` and `facets` (each value with its label and count, under the other
filters), among what the principal may see.
"""

from __future__ import annotations

from typing import Annotated

import strawberry

from api.engine.ids import parse_search_cursor, search_cursor
from api.engine.prefetch import selects
from api.schema import enums
from api.schema.enums import MatchTier, SearchKind
from api.schema.connections import PageInfo
from api.schema.labels import facet_label
from api.schema.nodes import Ctx, Node, wrap
from graph.errors import InvalidArgumentError
from graph.i18n import _
from graph.labels import Label
from graph.search import Facet, FacetCount, SearchHit
from lineage.search import search as search_graph

MAX_FIRST = 100


@strawberry.input(description="Facet filters of a search: a match must have one of the values each given field lists (a match without that facet, e.g. a department filtered on share type, is left out).")
class SearchFilter:
    kinds: list[SearchKind] | None = strawberry.field(default=None, description="Only these kinds.")
    department: list[str] | None = strawberry.field(default=None, description="Codes of the answerable department: a resource's or item's provider, a system's operator, a catalog's maintainer, a consumer's department, a department itself.")
    catalog_kind: list[enums.CatalogKind] | None = strawberry.field(default=None, description="Listed in a catalog of one of these kinds (a catalog: its own kind).")
    share_type: list[enums.ShareType] | None = strawberry.field(default=None, description="A resource's (an item's resource's) share type.")
    open_type: list[enums.OpenType] | None = strawberry.field(default=None, description="A resource's (an item's resource's) open type.")
    update_cycle: list[enums.UpdateCycle] | None = strawberry.field(default=None, description="A resource's (an item's resource's) update cycle.")

    def where(self) -> dict[str, list[str]]:
        named = {
            Facet.CATALOG_KIND: self.catalog_kind, Facet.SHARE_TYPE: self.share_type,
            Facet.OPEN_TYPE: self.open_type, Facet.UPDATE_CYCLE: self.update_cycle,
        }
        where = {facet: [v.name for v in values] for facet, values in named.items() if values}
        if self.department:
            where[Facet.DEPARTMENT] = list(self.department)
        return where

    def labels(self) -> list[Label]:
        return [Label(kind.value) for kind in self.kinds] if self.kinds else []


@strawberry.type(description="A match of a search.")
class SearchEdge:
    hit: strawberry.Private[SearchHit]

    @strawberry.field(description="Its cursor: pass it as `after` for the matches after it.")
    def cursor(self) -> str:
        return search_cursor(self.hit.sort_key)

    @strawberry.field(description="The object found.")
    def node(self) -> Node:
        return wrap(self.hit.node)  # type: ignore[no-any-return]

    @strawberry.field(description="How it matched the text.")
    def match(self) -> MatchTier:
        return MatchTier[self.hit.tier.name]


@strawberry.type(description="A facet value: how many matches have it, under the search's other filters.")
class FacetValue:
    value: str = strawberry.field(description="The value, as the filter takes it (an enum value, a department code, a kind).")
    label: str = strawberry.field(description="Its label for people (a department's name, a term in Chinese).")
    count: int = strawberry.field(description="Matches with this value.")


@strawberry.type(description="Counts of the matches by facet; each facet counted under the other filters.")
class SearchFacets:
    kind: list[FacetValue] = strawberry.field(description="By kind (over every kind, whatever `kinds` chooses).")
    department: list[FacetValue] = strawberry.field(description="By answerable department.")
    catalog_kind: list[FacetValue] = strawberry.field(description="By kind of catalog listed in.")
    share_type: list[FacetValue] = strawberry.field(description="By share type (Art.18).")
    open_type: list[FacetValue] = strawberry.field(description="By open type (Art.21–23).")
    update_cycle: list[FacetValue] = strawberry.field(description="By update cycle.")


@strawberry.type(description="A page of matches of a search across kinds, best first.")
class SearchResult:
    edges: list[SearchEdge] = strawberry.field(description="The matches of this page, with their cursors.")
    page_info: PageInfo = strawberry.field(description="Where this page stands.")
    total: strawberry.Private[int | None]
    facet_counts: strawberry.Private[SearchFacets | None]

    @strawberry.field(description="The matches of this page (as `edges { node }`).")
    def nodes(self) -> list[Node]:
        return [edge.node() for edge in self.edges]

    @strawberry.field(description="How many match in all, across pages (counted only when asked for).")
    def total_count(self) -> int:
        return self.total or 0

    @strawberry.field(description="Counts by facet, under the other filters (computed only when asked for).")
    def facets(self) -> SearchFacets:
        return self.facet_counts or SearchFacets(kind=[], department=[], catalog_kind=[], share_type=[], open_type=[], update_cycle=[])


async def _facets(info: Ctx, counts: dict[str, list[FacetCount]]) -> SearchFacets:
    codes = [c.value for c in counts.get(Facet.DEPARTMENT, [])]
    departments = await info.context.loaders.nodes(Label.DEPARTMENT).load_many(codes)
    names = {code: (node.props.get("short_name") or node.props.get("name")) for code, node in zip(codes, departments) if node is not None}

    def values(facet: str) -> list[FacetValue]:
        return [FacetValue(value=c.value, label=facet_label(facet, c.value, names), count=c.count) for c in counts.get(facet, [])]

    return SearchFacets(
        kind=values(Facet.KIND), department=values(Facet.DEPARTMENT), catalog_kind=values(Facet.CATALOG_KIND),
        share_type=values(Facet.SHARE_TYPE), open_type=values(Facet.OPEN_TYPE), update_cycle=values(Facet.UPDATE_CYCLE),
    )


@strawberry.type
class SearchQuery:
    @strawberry.field(
        description="Search resources, their data items, catalogs, departments, systems and consumers: by name "
        "(Chinese included; several terms separated by spaces must all match), by code or code prefix (a data "
        "item's code is `<resource code>#<item name>`), or in a resource's summary. Best matches first "
        "(`MatchTier`), then resources before other kinds, shorter names first."
    )
    async def search(
        self,
        info: Ctx,
        text: Annotated[str, strawberry.argument(description="The text: one or more terms separated by spaces, at most 100 characters.")],
        first: Annotated[int, strawberry.argument(description=f"Page size, 1 to {MAX_FIRST}.")] = 20,
        after: Annotated[str | None, strawberry.argument(description="Return the matches after this cursor (`pageInfo.endCursor`).")] = None,
        filter: Annotated[SearchFilter | None, strawberry.argument(description="Facet filters.")] = None,
    ) -> SearchResult:
        if not 1 <= first <= MAX_FIRST:
            raise InvalidArgumentError(_("{name} must be between 1 and {limit}, got {value}", name="first", limit=MAX_FIRST, value=first))
        chosen = filter or SearchFilter()
        found = await search_graph(
            info.context.store, text, first=first, after=parse_search_cursor(after), kinds=chosen.labels() or None,
            where=chosen.where(), visibility=info.context.visibility,
            count=selects(info, "totalCount"), facets=selects(info, "facets"),
        )
        edges = [SearchEdge(hit=hit) for hit in found.hits]
        page_info = PageInfo(
            has_next_page=found.has_next, has_previous_page=after is not None,
            start_cursor=edges[0].cursor() if edges else None, end_cursor=edges[-1].cursor() if edges else None,
        )
        facets = None if found.facets is None else await _facets(info, dict(found.facets))
        return SearchResult(edges=edges, page_info=page_info, total=found.total, facet_counts=facets)

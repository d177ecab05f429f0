"""Catalog views: filtered resource listings and the derived share and open catalogs (Art.10).

The share and open catalogs are never stored: each is a view the EIC forms from the base, theme and
department catalogs by the resources' share and open attributes (Art.10). Example::

    query = open_catalog(resource_query(ResourceFilter(text="人口"), first=20))
    page = await store.page(query)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from graph.access import EVERYTHING, Visibility
from graph.labels import Direction, Label, RelType
from graph.records import LinkFilter, PageQuery, PropertyFilter, Step
from graph.search import Facet, FacetCount, FacetValues, SearchQuery, facet_counts
from graph.store import MAX_PAGE, GraphStore
from graph.terms import CatalogKind, OpenType, ResourceStatus, ShareType, Term, UpdateCycle


@dataclass(frozen=True)
class ResourceFilter:
    """What a front-end may filter resources by; empty fields do not filter."""

    catalog_kinds: tuple[CatalogKind, ...] = ()
    catalog: str | None = None
    provider: str | None = None
    share_types: tuple[ShareType, ...] = ()
    open_types: tuple[OpenType, ...] = ()
    update_cycles: tuple[UpdateCycle, ...] = ()
    aggregated: bool | None = None
    statuses: tuple[ResourceStatus, ...] = field(default=())
    text: str | None = None


def _values(name: str, values: Sequence[Term]) -> tuple[PropertyFilter, ...]:
    return (PropertyFilter(name, tuple(v.value for v in values)),) if values else ()


def resource_query(f: ResourceFilter, first: int, after: str | None = None) -> PageQuery:
    """The store query for a page of resources matching `f`."""
    where = (
        *_values("share_type", f.share_types),
        *_values("open_type", f.open_types),
        *_values("update_cycle", f.update_cycles),
        *_values("status", f.statuses),
        *((PropertyFilter("aggregated", (f.aggregated,)),) if f.aggregated is not None else ()),
    )
    linked: list[LinkFilter] = []
    if f.catalog is not None:
        linked.append(LinkFilter(RelType.LISTED_IN, Direction.OUT, Label.CATALOG, keys=(f.catalog,)))
    if f.catalog_kinds:
        kinds = tuple(k.value for k in f.catalog_kinds)
        linked.append(LinkFilter(RelType.LISTED_IN, Direction.OUT, Label.CATALOG, where=(PropertyFilter("kind", kinds),)))
    if f.provider is not None:
        linked.append(LinkFilter(RelType.PROVIDES, Direction.IN, Label.DEPARTMENT, keys=(f.provider,)))
    return PageQuery(Label.RESOURCE, where=where, linked=tuple(linked), text=f.text, first=first, after=after)


def share_catalog(query: PageQuery) -> PageQuery:
    """Restrict a resource query to the share catalog: listed, in force, and not of type not-shared (Art.10, Art.18)."""
    shared = PropertyFilter("share_type", (ShareType.UNCONDITIONAL.value, ShareType.CONDITIONAL.value))
    return replace(query, where=(*query.where, shared, _ACTIVE), linked=(*query.linked, _LISTED))


def open_catalog(query: PageQuery) -> PageQuery:
    """Restrict a resource query to the open catalog: listed, in force, opened, and touching no state
    secret or security (Art.10, Art.23)."""
    opened = PropertyFilter("open_type", (OpenType.UNCONDITIONAL.value, OpenType.CONDITIONAL.value))
    not_secret = PropertyFilter("secret_or_security", (False,))
    return replace(query, where=(*query.where, opened, not_secret, _ACTIVE), linked=(*query.linked, _LISTED))


_ACTIVE = PropertyFilter("status", (ResourceStatus.ACTIVE.value,))
_LISTED = LinkFilter(RelType.LISTED_IN, Direction.OUT, Label.CATALOG)


View = Callable[[PageQuery], PageQuery]
_PROVIDER = Step(RelType.PROVIDES, Direction.IN)
# The facets a catalog table offers, and the resource property each counts (the provider is a link).
CATALOG_FACETS: dict[str, str] = {Facet.SHARE_TYPE: "share_type", Facet.OPEN_TYPE: "open_type", Facet.UPDATE_CYCLE: "update_cycle"}


def _chosen(f: ResourceFilter) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The filter's facet choices, as `graph.search` takes them."""
    chosen = {
        Facet.DEPARTMENT: (f.provider,) if f.provider else (),
        Facet.SHARE_TYPE: tuple(v.value for v in f.share_types),
        Facet.OPEN_TYPE: tuple(v.value for v in f.open_types),
        Facet.UPDATE_CYCLE: tuple(v.value for v in f.update_cycles),
    }
    return tuple((facet, values) for facet, values in chosen.items() if values)


async def catalog_facets(store: GraphStore, view: View, f: ResourceFilter, visibility: Visibility = EVERYTHING) -> dict[str, list[FacetCount]]:
    """How many resources of the view (the identity, `share_catalog` or `open_catalog`) that `f`
    selects have each provider, share type, open type and update cycle, as `visibility` lets them be
    seen (Art.18, Art.21–23): each facet counted under `f`'s other filters (as a search's facets are),
    so choosing one value shows what the others would give. One read of the selection without its
    facet filters, a page of `MAX_PAGE` at a time, with only the counted properties."""
    base = replace(f, provider=None, share_types=(), open_types=(), update_cycles=())
    rows: list[FacetValues] = []
    after: str | None = None
    while True:
        query = replace(
            view(resource_query(base, MAX_PAGE, after)),
            expand=(_PROVIDER,), props=tuple(CATALOG_FACETS.values()), expand_props=((_PROVIDER, ()),),
        )
        page = await store.page(query, visibility)
        providers = page.expanded.get(_PROVIDER, {})
        for node in page.nodes:
            values: dict[str, tuple[str, ...]] = {
                facet: (str(node.props[name]),) if node.props.get(name) else () for facet, name in CATALOG_FACETS.items()
            }
            values[Facet.DEPARTMENT] = tuple(n.key for _rel, n in providers.get(node.key, []))
            rows.append(FacetValues(Label.RESOURCE, values))
        if not page.has_next or not page.nodes:
            break
        after = page.nodes[-1].key
    counts = facet_counts(rows, SearchQuery(text="", kinds=(Label.RESOURCE,), where=_chosen(f)))
    return {facet: counts[facet] for facet in (Facet.DEPARTMENT, *CATALOG_FACETS)}

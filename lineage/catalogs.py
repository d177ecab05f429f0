"""Catalog views: filtered resource listings and the derived share and open catalogs (Art.10).

The share and open catalogs are never stored: each is a view the EIC forms from the base, theme and
department catalogs by the resources' share and open attributes (Art.10). Example::

    query = open_catalog(resource_query(ResourceFilter(text="人口"), first=20))
    page = await store.page(query)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from graph.labels import Direction, Label, RelType
from graph.records import LinkFilter, PageQuery, PropertyFilter
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

"""The links an entity names by a field (`provider: <department code>` on a resource): which
relationship each stands for and in which direction. District files and catalog edits share them."""

from __future__ import annotations

from dataclasses import dataclass

from graph.labels import Label, RelType


@dataclass(frozen=True)
class Link:
    """A shorthand field standing for relationships between the entity and others.

    `other` is None when the field takes `Label:key` references; `outgoing` tells which end the
    entity is; `many` whether the field takes a list; `key_field` names the reference inside a
    mapping entry whose other fields are the relationship's properties.
    """

    rel: RelType
    other: Label | None
    outgoing: bool
    many: bool = False
    key_field: str | None = None


L, R = Label, RelType

# Section of a district file -> the label its entries are, and their link fields.
SECTIONS: dict[str, tuple[Label, dict[str, Link]]] = {
    "departments": (L.DEPARTMENT, {
        "subordinate_to": Link(R.SUBORDINATE_TO, L.DEPARTMENT, True),
        "guides": Link(R.GUIDES, L.DEPARTMENT, True, many=True),
    }),
    "platforms": (L.PLATFORM, {"operator": Link(R.OPERATES, L.DEPARTMENT, False)}),
    "systems": (L.SYSTEM, {
        "operator": Link(R.OPERATES, L.DEPARTMENT, False),
        "hosted_on": Link(R.HOSTED_ON, L.PLATFORM, True),
        "exchanges_with": Link(R.EXCHANGES_WITH, L.SYSTEM, True, many=True),
    }),
    "catalogs": (L.CATALOG, {
        "maintainer": Link(R.MAINTAINS, L.DEPARTMENT, False),
        "contributors": Link(R.CONTRIBUTES_TO, L.DEPARTMENT, False, many=True),
    }),
    "resources": (L.RESOURCE, {
        "provider": Link(R.PROVIDES, L.DEPARTMENT, False),
        "catalogs": Link(R.LISTED_IN, L.CATALOG, True, many=True),
        "held_by": Link(R.HOLDS, L.SYSTEM, False, many=True),
        "aggregated_on": Link(R.AGGREGATED_ON, L.PLATFORM, True, many=True),
        "published_on": Link(R.PUBLISHED_ON, L.PLATFORM, True, many=True),
        "derived_from": Link(R.DERIVED_FROM, L.RESOURCE, True, many=True, key_field="resource"),
    }),
    "consumers": (L.CONSUMER, {"acts_for": Link(R.ACTS_FOR, L.DEPARTMENT, True)}),
    "uses": (L.USE, {
        "consumer": Link(R.REQUESTS, L.CONSUMER, False),
        "resource": Link(R.OF, L.RESOURCE, True),
        "via": Link(R.VIA, L.SYSTEM, True),
    }),
    "citations": (L.CITATION, {
        "resource": Link(R.CITES, L.RESOURCE, True),
        "use": Link(R.UNDER, L.USE, True),
    }),
    "open_requests": (L.OPEN_REQUEST, {
        "department": Link(R.ADDRESSED_TO, L.DEPARTMENT, True),
        "resource": Link(R.CONCERNS, L.RESOURCE, True),
    }),
    "open_plans": (L.OPEN_PLAN, {"department": Link(R.PLANNED_BY, L.DEPARTMENT, True)}),
    "data_demands": (L.DATA_DEMAND, {
        "raised_by": Link(R.RAISED_BY, None, True),
        "assigned_to": Link(R.ASSIGNED_TO, L.DEPARTMENT, True),
        "fulfilled_by": Link(R.FULFILLED_BY, L.RESOURCE, True),
    }),
    "error_reports": (L.ERROR_REPORT, {
        "resource": Link(R.CONCERNS, L.RESOURCE, True),
        "reported_by": Link(R.REPORTED_BY, L.CONSUMER, True),
        "department": Link(R.ADDRESSED_TO, L.DEPARTMENT, True),
    }),
    "projects": (L.PROJECT, {
        "department": Link(R.RUNS, L.DEPARTMENT, False),
        "builds": Link(R.BUILDS, L.SYSTEM, True, many=True),
    }),
    "catalog_changes": (L.CATALOG_CHANGE, {"affects": Link(R.AFFECTS, L.CATALOG, True, many=True)}),
    "orders": (L.ORDER, {
        "department": Link(R.ORDERS, L.DEPARTMENT, True),
        "concerns": Link(R.CONCERNS, None, True, many=True),
    }),
}

ITEM_LINKS: dict[str, Link] = {
    "derived_from": Link(R.DERIVED_FROM, L.DATA_ITEM, True, many=True, key_field="item"),
    "collected_by": Link(R.COLLECTS, L.DEPARTMENT, False, many=True, key_field="department"),
}


def links_of(label: Label) -> dict[str, Link]:
    """The link fields of `label` (items' for data items)."""
    if label is Label.DATA_ITEM:
        return ITEM_LINKS
    for section_label, links in SECTIONS.values():
        if section_label is label:
            return links
    return {}

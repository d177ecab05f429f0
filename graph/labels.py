"""Node labels and relationship types of the graph (DESIGN.md), the only names Cypher may interpolate."""

from __future__ import annotations

from enum import Enum

from graph.i18n import N_, _


class Label(str, Enum):
    """A node label; every label has one key property, unique within the label."""

    DEPARTMENT = "Department"
    SYSTEM = "System"
    CATALOG = "Catalog"
    RESOURCE = "Resource"
    DATA_ITEM = "DataItem"
    PLATFORM = "Platform"
    CONSUMER = "Consumer"
    USE = "Use"
    CITATION = "Citation"
    OPEN_REQUEST = "OpenRequest"
    OPEN_PLAN = "OpenPlan"
    DATA_DEMAND = "DataDemand"
    ERROR_REPORT = "ErrorReport"
    PROJECT = "Project"
    CATALOG_CHANGE = "CatalogChange"
    ORDER = "Order"
    AUDIT_EVENT = "AuditEvent"
    HOLIDAY_SCHEDULE = "HolidaySchedule"
    LINEAGE_RUN = "LineageRun"

    @property
    def key(self) -> str:
        """The key property: `code` for the things the district names, `id` for records of events."""
        return "code" if self in _CODED else "id"

    @property
    def noun(self) -> str:
        """What a node of this label is called, in the current language (部门, 信息资源…)."""
        return _(_NOUNS[self])


_NOUNS = {
    Label.DEPARTMENT: N_("department"),
    Label.SYSTEM: N_("information system"),
    Label.CATALOG: N_("catalog"),
    Label.RESOURCE: N_("information resource"),
    Label.DATA_ITEM: N_("data item"),
    Label.PLATFORM: N_("platform"),
    Label.CONSUMER: N_("consumer"),
    Label.USE: N_("use"),
    Label.CITATION: N_("citation"),
    Label.OPEN_REQUEST: N_("open request"),
    Label.OPEN_PLAN: N_("open plan"),
    Label.DATA_DEMAND: N_("data demand"),
    Label.ERROR_REPORT: N_("error report"),
    Label.PROJECT: N_("project"),
    Label.CATALOG_CHANGE: N_("catalog change"),
    Label.ORDER: N_("rectification order"),
    Label.AUDIT_EVENT: N_("audit event"),
    Label.HOLIDAY_SCHEDULE: N_("holiday schedule"),
}


def noun(label: str) -> str:
    """What a node of the label named `label` (`Resource`) is called; 'node' for any other name."""
    try:
        return Label(label).noun
    except ValueError:
        return _("node")


_CODED = {
    Label.DEPARTMENT,
    Label.SYSTEM,
    Label.CATALOG,
    Label.RESOURCE,
    Label.DATA_ITEM,
    Label.PLATFORM,
    Label.CONSUMER,
    Label.PROJECT,
}


class RelType(str, Enum):
    """A relationship type; its direction carries meaning (see `graph.relationships`)."""

    SUBORDINATE_TO = "SUBORDINATE_TO"
    OPERATES = "OPERATES"
    MAINTAINS = "MAINTAINS"
    PROVIDES = "PROVIDES"
    LISTED_IN = "LISTED_IN"
    HAS_ITEM = "HAS_ITEM"
    HOLDS = "HOLDS"
    HOSTED_ON = "HOSTED_ON"
    AGGREGATED_ON = "AGGREGATED_ON"
    PUBLISHED_ON = "PUBLISHED_ON"
    DERIVED_FROM = "DERIVED_FROM"
    EXCHANGES_WITH = "EXCHANGES_WITH"
    ACTS_FOR = "ACTS_FOR"
    REQUESTS = "REQUESTS"
    OF = "OF"
    VIA = "VIA"
    CITES = "CITES"
    UNDER = "UNDER"
    COLLECTS = "COLLECTS"
    GUIDES = "GUIDES"
    CONTRIBUTES_TO = "CONTRIBUTES_TO"
    RUNS = "RUNS"
    BUILDS = "BUILDS"
    AFFECTS = "AFFECTS"
    ADDRESSED_TO = "ADDRESSED_TO"
    CONCERNS = "CONCERNS"
    RAISED_BY = "RAISED_BY"
    ASSIGNED_TO = "ASSIGNED_TO"
    FULFILLED_BY = "FULFILLED_BY"
    REPORTED_BY = "REPORTED_BY"
    PLANNED_BY = "PLANNED_BY"
    ORDERS = "ORDERS"


class Direction(str, Enum):
    """Which way to follow a relationship from a node."""

    OUT = "OUT"
    IN = "IN"
    BOTH = "BOTH"

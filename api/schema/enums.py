"""GraphQL enums, made from the policy vocabularies of `graph.terms` (values keep the stored codes)."""

from __future__ import annotations

from enum import Enum
from typing import Any, TypeVar

import strawberry

from graph import terms
from lineage import flow
from lineage.findings import Severity as SeveritySource
from lineage.lineage import Level as LineageLevelSource
from graph.labels import Label
from graph.search import Tier

E = TypeVar("E", bound=Enum)


def _graphql_enum(term: type[terms.Term], description: str) -> Any:
    members = {m.name: strawberry.enum_value(m.value, description=m.zh) for m in term}
    return strawberry.enum(Enum(term.__name__, members), description=description)  # type: ignore[call-overload]


ShareType = _graphql_enum(terms.ShareType, "Share type of a resource (共享类型, Art.18).")
OpenType = _graphql_enum(terms.OpenType, "Whether a resource is opened to society (是否向社会开放, Art.21–23).")
UpdateCycle = _graphql_enum(terms.UpdateCycle, "Update cycle of a resource (更新周期).")
CatalogKind = _graphql_enum(terms.CatalogKind, "Kind of catalog (目录类型, Art.6–9).")
CatalogTheme = _graphql_enum(terms.CatalogTheme, "Subject of a base (Art.7) or theme (Art.8) catalog.")
DepartmentKind = _graphql_enum(terms.DepartmentKind, "What kind of body a department is (Art.2, Art.39).")
DepartmentRole = _graphql_enum(terms.DepartmentRole, "A named duty the Measures give a body (Art.4, Art.20, Art.27).")
Level = _graphql_enum(terms.Level, "Administrative level (层级).")
Hosting = _graphql_enum(terms.Hosting, "Where a system runs (Art.28).")
Network = _graphql_enum(terms.Network, "The network a system sits on (Art.14, Art.17).")
SystemStatus = _graphql_enum(terms.SystemStatus, "Life-cycle state of an information system.")
FormatClass = _graphql_enum(terms.FormatClass, "Format class of a resource (信息资源格式分类).")
ShareModeClass = _graphql_enum(terms.ShareModeClass, "How a resource is shared (共享方式分类).")
PriorityDomain = _graphql_enum(terms.PriorityDomain, "Priority domain for opening (Art.22).")
ResourceStatus = _graphql_enum(terms.ResourceStatus, "Whether a resource is still listed.")
DataType = _graphql_enum(terms.DataType, "Data type of an information item (数据类型).")
IdentifierKind = _graphql_enum(terms.IdentifierKind, "Identifier an information item carries (Art.13).")
PlatformKind = _graphql_enum(terms.PlatformKind, "Kind of platform (Art.14–17, Art.28).")
ConsumerKind = _graphql_enum(terms.ConsumerKind, "Kind of consumer (使用部门 or public application).")
UseStatus = _graphql_enum(terms.UseStatus, "State of a use of a shared resource (Art.19–20, Art.24).")
DocumentKind = _graphql_enum(terms.DocumentKind, "Kind of document a citation appears in (Art.25).")
CitationPermission = _graphql_enum(terms.CitationPermission, "The provider's permission to cite (Art.25).")
ErrorReportStatus = _graphql_enum(terms.ErrorReportStatus, "State of an error report on shared data (Art.25–26).")
OpenRequestStatus = _graphql_enum(terms.OpenRequestStatus, "State of a request to open data (Art.22).")
DemandStatus = _graphql_enum(terms.DemandStatus, "State of a demand for data no catalog has (Art.20).")


def described(source: type[Enum], name: str, description: str, values: dict[str, str]) -> Any:
    """A GraphQL enum named `name` from a Python enum, each value documented by `values`."""
    members = {m.name: strawberry.enum_value(m.value, description=values[m.name]) for m in source}
    return strawberry.enum(Enum(name, members), description=description)  # type: ignore[call-overload]


FlowKind = described(flow.FlowKind, "FlowKind", "A kind of step in the flow of data.", {
    "DERIVATION": "A resource or item derived from another (DERIVED_FROM).",
    "COLLECTION": "A department collects an item at source (采集, Art.11–12).",
    "HOLDING": "A system holds a resource.",
    "PROVISION": "A department provides a resource (提供部门).",
    "AGGREGATION": "A resource aggregated on the big data platform (汇聚, Art.15).",
    "PUBLICATION": "A resource published on an open portal (Art.16).",
    "USE": "A consumer's use of a resource (Art.24).",
    "CITATION": "A citation of a resource in a decision or document (Art.25).",
})
FlowDirection = described(flow.FlowDirection, "FlowDirection", "Which way to walk.", {
    "UPSTREAM": "Against the flow: where the data comes from.",
    "DOWNSTREAM": "Along the flow: where the data goes.",
    "BOTH": "Both ways, as two walks merged.",
})
LineageLevel = described(LineageLevelSource, "LineageLevel", "Granularity of a lineage answer.", {
    "RESOURCE": "Resources (信息资源) and what surrounds them.",
    "ITEM": "Information items (信息项), with the resources they belong to.",
})
Severity = described(SeveritySource, "Severity", "How grave a finding is.", {
    "LOW": "Worth fixing when convenient.",
    "MEDIUM": "To be rectified.",
    "HIGH": "To be rectified first: data leaves its permitted scope.",
})


@strawberry.enum(description="A kind of thing a search finds.")
class SearchKind(Enum):
    RESOURCE = strawberry.enum_value(Label.RESOURCE.value, description="An information resource (信息资源).")
    DATA_ITEM = strawberry.enum_value(Label.DATA_ITEM.value, description="An information item (信息项) of a resource.")
    CATALOG = strawberry.enum_value(Label.CATALOG.value, description="A catalog (目录, Art.6–10).")
    DEPARTMENT = strawberry.enum_value(Label.DEPARTMENT.value, description="A department (部门).")
    SYSTEM = strawberry.enum_value(Label.SYSTEM.value, description="An information system (信息系统).")
    CONSUMER = strawberry.enum_value(Label.CONSUMER.value, description="A consumer of shared data (使用方).")


@strawberry.enum(description="How a match matched the text, best first (`graph.search.Tier`).")
class MatchTier(Enum):
    EXACT = strawberry.enum_value(Tier.EXACT.name, description="Its code or name is the text.")
    PREFIX = strawberry.enum_value(Tier.PREFIX.name, description="Its code or name starts with the text.")
    TERMS = strawberry.enum_value(Tier.TERMS.name, description="Every term is in its name, or is a prefix of its code.")
    SUBSTRING = strawberry.enum_value(Tier.SUBSTRING.name, description="Every term is somewhere in it (e.g. a resource's summary).")



def from_code(enum: Any, code: str | None) -> Any:
    """The GraphQL enum member for a stored code (None stays None)."""
    return None if code is None else enum[code]


def to_term(term: type[terms.Term], member: Enum) -> terms.Term:
    """The policy term for a GraphQL enum member given as an argument."""
    return term.parse(member.name)

"""The node kinds of the graph as typed, validated records (DESIGN.md "The graph").

Each class validates structure only: codes, enums, ranges, required fields. Policy rules are not
checked here: a not-shared resource without a legal basis is valid data and becomes a finding
later (Art.18). Stored properties are the JSON form of a model (`to_props`): enums as their
codes, dates as ISO strings, absent values omitted.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, ClassVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from graph import identifiers as ids
from graph.labels import Label
from graph.terms import (
    CatalogChangeKind,
    CatalogKind,
    CatalogTheme,
    CitationPermission,
    ConsumerKind,
    DataType,
    DemandStatus,
    DepartmentKind,
    DepartmentRole,
    DocumentKind,
    ErrorReportStatus,
    FormatClass,
    Hosting,
    IdentifierKind,
    Level,
    Network,
    OpenRequestStatus,
    OpenType,
    OrderStage,
    PlatformKind,
    PriorityDomain,
    ProjectStage,
    ResourceStatus,
    ShareModeClass,
    ShareType,
    SystemStatus,
    UpdateCycle,
    UseStatus,
)

DepartmentCode = Annotated[str, AfterValidator(ids.department_code)]
InternalCode = Annotated[str, AfterValidator(ids.internal_code)]
ResourceCode = Annotated[str, AfterValidator(ids.resource_code)]
DataItemCode = Annotated[str, AfterValidator(ids.data_item_code)]
RecordId = Annotated[str, AfterValidator(ids.record_id)]
Name = Annotated[str, Field(min_length=1, max_length=200)]
Text = Annotated[str, Field(min_length=1, max_length=4000)]
# One recorded act of a workflow (who, when, from which state to which), as JSON text (lineage.workflow).
HistoryEntry = Annotated[str, Field(min_length=2, max_length=8000)]
History = list[HistoryEntry] | None


class Entity(BaseModel):
    """A node: one label, one key, validated properties."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)
    label: ClassVar[Label]
    version: int | None = Field(
        default=None, ge=1, description="Kept by the store: starts at 1 and grows with every change of the node"
    )

    @property
    def key(self) -> str:
        return str(getattr(self, self.label.key))

    def to_props(self) -> dict[str, Any]:
        """The properties as stored: JSON-compatible scalars and lists, no nulls."""
        # `model_dump(mode="json", exclude_none=True)` without its wrapper's argument handling: a bulk load
        # asks this of hundreds of thousands of nodes.
        props: dict[str, Any] = self.__pydantic_serializer__.to_python(self, mode="json", exclude_none=True)
        return props


class Department(Entity):
    """A government department (政务部门, Art.2), or a body the Measures apply to by reference (Art.39)."""

    label = Label.DEPARTMENT
    code: DepartmentCode
    name: Name
    kind: DepartmentKind = DepartmentKind.STATE_ORGAN
    level: Level = Level.DISTRICT
    security_exempt: bool = False
    roles: list[DepartmentRole] = Field(default_factory=list)
    short_name: Name | None = None


class System(Entity):
    """An information system (政务信息系统) a department operates (Art.15, Art.27–28)."""

    label = Label.SYSTEM
    code: InternalCode
    name: Name
    hosting: Hosting
    network: Network = Network.EXTRANET
    protection_level: int = Field(ge=1, le=5, description="等级保护 level, 1-5 (Art.28)")
    classified: bool = False
    cross_department_sharing: bool = False
    cross_level_sharing: bool = False
    cross_domain_sharing: bool = False
    built_at: date | None = None
    on_integration_list: bool = False
    status: SystemStatus = SystemStatus.IN_SERVICE


class Catalog(Entity):
    """A catalog (政务信息资源目录): base, theme or department (Art.6–9)."""

    label = Label.CATALOG
    code: InternalCode
    name: Name
    kind: CatalogKind
    theme: CatalogTheme | None = None
    theme_name: Name | None = Field(
        default=None, description="A custom theme's own name (theme OTHER): Art.7 and Art.8 list themes with 等, an open list"
    )
    updated_at: date | None = None

    @model_validator(mode="before")
    @classmethod
    def _custom_theme(cls, data: Any) -> Any:
        """A theme the Measures do not list (医疗卫生) is OTHER, keeping its own name (Art.7, Art.8)."""
        if isinstance(data, dict) and isinstance(data.get("theme"), str) and data["theme"].strip():
            theme, name = CatalogTheme.read(data["theme"])
            if name is not None:
                return {**data, "theme": theme.value, "theme_name": data.get("theme_name") or name}
        return data


class Resource(Entity):
    """An information resource (政务信息资源), described as the national catalog template does (Art.9)."""

    label = Label.RESOURCE
    code: ResourceCode
    name: Name
    summary: Text | None = None
    classification: Name | None = None
    format_class: FormatClass | None = None
    format_type: Name | None = None
    update_cycle: UpdateCycle | None = None
    collection_route: Name | None = None
    share_type: ShareType
    share_condition: Text | None = None
    share_mode_class: ShareModeClass | None = None
    share_mode_type: Name | None = None
    legal_basis: Text | None = None
    open_type: OpenType = OpenType.NOT_OPEN
    open_condition: Text | None = None
    aggregated: bool = False
    aggregation_exception: Text | None = None
    contains_personal_info: bool = False
    secret_or_security: bool = False
    desensitised: bool = False
    security_reviewed: bool = False
    usage_note: Text | None = None
    priority_domain: PriorityDomain | None = None
    published_at: date | None = None
    level: Level = Level.DISTRICT
    status: ResourceStatus = ResourceStatus.ACTIVE


class DataItem(Entity):
    """An information item (信息项) of a resource; items that identify a subject declare how (Art.13)."""

    label = Label.DATA_ITEM
    code: DataItemCode
    name: Name
    data_type: DataType = DataType.CHARACTER
    identifier_kind: IdentifierKind = IdentifierKind.NONE
    personal: bool = False
    desensitised: bool = False


class Platform(Entity):
    """A platform: the big data platform, intranet sharing, open portal or a cloud (Art.14–17, Art.28)."""

    label = Label.PLATFORM
    code: InternalCode
    name: Name
    kind: PlatformKind
    level: Level = Level.DISTRICT
    url: Name | None = None


class Consumer(Entity):
    """A consumer (使用部门 or a public application) that uses shared or open resources (Art.24)."""

    label = Label.CONSUMER
    code: InternalCode
    name: Name
    kind: ConsumerKind


class Use(Entity):
    """A consumer's use of a resource, from request to grant, refusal or escalation (Art.19–20, Art.24)."""

    label = Label.USE
    id: RecordId
    purpose: Text
    duty_basis: Text | None = None
    status: UseStatus
    requested_at: date
    reply_due: date | None = None
    granted_at: date | None = None
    expires_at: date | None = None
    items: list[Name] = Field(default_factory=list)
    decision_reason: Text | None = None
    citation_permitted: bool = False
    history: History = None


class Citation(Entity):
    """A citation of shared data in a decision or document (Art.25)."""

    label = Label.CITATION
    id: RecordId
    document: Name
    document_kind: DocumentKind
    permission: CitationPermission
    attribution: Text | None = None
    cited_at: date | None = None
    decision_reason: Text | None = None
    history: History = None


class OpenRequest(Entity):
    """A request to open data, collected by the EIC and answered by the department (Art.22)."""

    label = Label.OPEN_REQUEST
    id: RecordId
    requester: Name
    content: Text
    notified_at: date
    reply_due: date | None = None
    status: OpenRequestStatus = OpenRequestStatus.NOTIFIED
    answered_at: date | None = None
    refusal_reason: Text | None = None
    history: History = None


class OpenPlan(Entity):
    """A department's annual open plan: content, time, scope, form, update cycle (Art.22)."""

    label = Label.OPEN_PLAN
    id: RecordId
    year: int = Field(ge=2017, le=2100)
    content: Text
    time: Name | None = None
    scope: Name | None = None
    form: Name | None = None
    update_cycle: UpdateCycle | None = None


class DataDemand(Entity):
    """A demand for data no catalog has; the EIC and the staffing office name a provider (Art.20)."""

    label = Label.DATA_DEMAND
    id: RecordId
    description: Text
    requested_at: date
    status: DemandStatus = DemandStatus.REQUESTED
    provider_named_by: list[Name] | None = Field(default=None, description="Who named the assigned provider: EIC, STAFFING_OFFICE (Art.20)")
    decision_reason: Text | None = None
    history: History = None


class ErrorReport(Entity):
    """A consumer's report of an error in shared data, copied to the EIC (Art.25–26)."""

    label = Label.ERROR_REPORT
    id: RecordId
    description: Text
    items: list[Name] = Field(default_factory=list)
    reported_at: date
    status: ErrorReportStatus = ErrorReportStatus.REPORTED
    copied_to_eic: bool = True
    resolution: Text | None = None
    history: History = None


class Project(Entity):
    """An information project and its gates (Art.9, Art.35)."""

    label = Label.PROJECT
    code: InternalCode
    name: Name
    stage: ProjectStage
    involves_resources: bool = True
    has_project_catalog: bool = False
    shares_or_opens: bool = False
    completed_at: date | None = None


class CatalogChange(Entity):
    """A law or function change that obliges a catalog update within 15 working days (Art.9)."""

    label = Label.CATALOG_CHANGE
    id: RecordId
    kind: CatalogChangeKind
    effective_at: date
    description: Text | None = None


class Order(Entity):
    """A rectification order of the Leading Group Office and its stages (Art.38)."""

    label = Label.ORDER
    id: RecordId
    subject: Name
    rule: Name
    ordered_at: date
    due: date
    stage: OrderStage = OrderStage.ORDERED


class AuditEvent(Entity):
    """One recorded act: a change, or a read of conditional or not-shared detail (Art.5, Art.29).

    Append-only: nothing in govgraph updates or deletes one. Its id sorts by time.
    """

    label = Label.AUDIT_EVENT
    id: RecordId
    at: Name = Field(description="When, as an ISO 8601 UTC timestamp")
    principal: Name = Field(description="The token's subject, or 'public'")
    department: Name | None = None
    roles: list[Name] = Field(default_factory=list)
    action: Name
    subject: Name = Field(description="What was acted on, as Label:key")
    purpose: Text | None = None
    outcome: Name = Field(description="OK, or the error code")


class HolidaySchedule(Entity):
    """The State Council's holiday notice for one year, loaded by the EIC when the calendar library does
    not know the year yet; the working-day calendar consults it first (POLICY.md "Working days")."""

    label = Label.HOLIDAY_SCHEDULE
    id: RecordId = Field(description="The year, as text")
    year: int = Field(ge=2000, le=2200)
    holidays: list[date] = Field(default_factory=list, description="Days off (放假); weekend days inside a break may be listed too")
    workdays: list[date] = Field(default_factory=list, description="Make-up working days (调休上班) on weekends")
    source: Text | None = Field(default=None, description="The notice, e.g. 国办发明电〔2026〕X号")
    loaded_at: date | None = None


class LineageRun(Entity):
    """One OpenLineage run (运行) as its events have stated it so far: the datasets it read and wrote
    (each as the JSON text `["namespace", "name"]`), so that a run whose START names its inputs and
    whose COMPLETE names its outputs is one lineage, as Marquez reads a run (loaders.openlineage).
    The service's own record: only the EIC sees it."""

    label = Label.LINEAGE_RUN
    id: RecordId = Field(description="The run's runId")
    job: Text = Field(description="The job, as namespace/name")
    inputs: list[Text] = Field(default_factory=list)
    outputs: list[Text] = Field(default_factory=list)


ENTITIES: dict[Label, type[Entity]] = {
    cls.label: cls
    for cls in (
        Department,
        System,
        Catalog,
        Resource,
        DataItem,
        Platform,
        Consumer,
        Use,
        Citation,
        OpenRequest,
        OpenPlan,
        DataDemand,
        ErrorReport,
        Project,
        CatalogChange,
        Order,
        AuditEvent,
        HolidaySchedule,
        LineageRun,
    )
}

# Properties searched as text (substring, case-insensitive), per label; the key is always searched too.
TEXT_FIELDS: dict[Label, tuple[str, ...]] = {
    label: ("name", "summary") if label is Label.RESOURCE else ("name",)
    for label, cls in ENTITIES.items()
    if "name" in cls.model_fields
}

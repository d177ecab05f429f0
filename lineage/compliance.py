"""Compliance findings: what in the graph breaks a rule of the Measures, with the article, the severity,
the department that must act, and the due date when one applies (Art.33, Art.38).

| rule | article | fires when |
|---|---|---|
| CATALOG_NOT_UPDATED | Art.9 | a catalog was not updated within 15 working days of a recorded law or function change (late: LOW; still not updated and overdue: MEDIUM) |
| IDENTIFIER_NOT_DECLARED | Art.13 | an item named as a person's or organisation's identifier (身份证…, 证件号…, 信用代码…) declares none |
| NOT_AGGREGATED | Art.15 | a base or theme catalog resource of the district is not aggregated on the platform and has no leading-group exception |
| CROSS_DEPARTMENT_SHARING_SYSTEM | Art.15 | a cross-department, cross-level or cross-domain sharing system still runs (HIGH while one is being planned or built) |
| NOT_SHARED_WITHOUT_LEGAL_BASIS | Art.18 | a resource in force is not shared and cites no legal basis |
| CONDITIONAL_REPLY_OVERDUE | Art.20 | a request for a conditional resource (requested or negotiating) is past its reply date (10 working days) |
| OPEN_REQUEST_OVERDUE | Art.22 | an open request is unanswered 15 working days after the EIC's notice |
| DEPARTMENT_CLOUD_REMAINING | Art.28 | a departmental cloud still exists |
| PROJECT_WITHOUT_CATALOG | Art.35 | an information project that involves resources has no pre-compiled project catalog |
| PROJECT_FAILS_ACCEPTANCE | Art.35 | a completed project's systems hold data not aggregated, or its department's catalog was not updated after completion |
| DUPLICATE_COLLECTION | Art.12 | (from `lineage.collection`) an item is collected again at source although another department collects it |
| OPEN_DATA_NOT_DESENSITISED | Art.23 | (from `lineage.restriction`) open data derives from personal or unopened data with no desensitisation |
| ONWARD_FLOW_TO_THIRD_PARTY | Art.24 | (from `lineage.restriction`) shared data flows on from a consumer to a third party |

Deadlines count PRC working days (`lineage.workdays`); a stored due date (`reply_due`) is the
record's own and is used as it is. A deadline in a year the calendar does not know is never guessed:
the rule stays silent on it. A finding whose subject a rectification order of the Leading Group Office
concerns (Art.38, stage ORDERED, the same article) carries the order's due date when it has none of
its own. Who sees what: the EIC and the leading group every finding; a department its own (those it
must act on), with the nodes it may not see named only as 无权查看 (`visible_to`, `redacted`); the
public none.

Example::

    found = await compliance_findings(store, as_of=date(2025, 12, 31))
    [(f.finding.rule, f.finding.subject.key, f.due) for f in select(found, FindingFilter(departments=("SJS-ZJW",)))]
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from graph.access import Principal, Visibility
from graph.i18n import N_, _
from graph.labels import Direction, Label, RelType
from graph.records import Node, NodeRef, PageQuery, PropertyFilter, Relationship, Step
from graph.store import GraphStore
from graph.terms import (
    CatalogChangeKind,
    CatalogKind,
    IdentifierKind,
    Level,
    OpenRequestStatus,
    OrderStage,
    ProjectStage,
    ResourceStatus,
    ShareType,
    SystemStatus,
    UseStatus,
)
from lineage import clock
from lineage.access import ALL_SEEING
from lineage.checks import lineage_findings
from lineage.estate import Estate, SystemInfo, page_all, page_linked, read_estate
from lineage.findings import Finding, Severity
from lineage.lineage import LineageLimits
from lineage.naming import cross_kinds, named, word
from lineage.verdicts import Verdict, judge
from lineage.workdays import UnknownYearError, WorkCalendar, work_calendar

R, L = RelType, Label
CATALOG_UPDATE_DAYS = 15  # Art.9
REPLY_DAYS = 10  # Art.20
OPEN_REPLY_DAYS = 15  # Art.22
# Item names that say the item identifies a person or an organisation (Art.13).
IDENTIFIER_WORDS = ("身份证", "身份号码", "证件号", "信用代码", "组织机构代码", "护照号")
DISTRICT_LEVELS = {Level.DISTRICT.value, Level.STREET.value}
COMPLETED = {ProjectStage.COMPLETED.value, ProjectStage.ACCEPTED.value}


@dataclass(frozen=True)
class Rule:
    """A rule findings are made by: its id, article, Chinese and English titles, usual severity."""

    id: str
    article: str
    title: str
    description: str
    severity: Severity


RULES: tuple[Rule, ...] = (
    Rule("CATALOG_NOT_UPDATED", "Art.9", "目录未按时更新", "Catalog not updated within 15 working days of a law or function change", Severity.MEDIUM),
    Rule("DUPLICATE_COLLECTION", "Art.12", "重复采集", "Data obtainable by sharing collected again (one datum, one source, Art.5)", Severity.MEDIUM),
    Rule("IDENTIFIER_NOT_DECLARED", "Art.13", "未声明标识码", "Identifying item without a declared identifier", Severity.LOW),
    Rule("CROSS_DEPARTMENT_SHARING_SYSTEM", "Art.15", "跨部门共享系统仍在运行", "Cross-department sharing system still running", Severity.MEDIUM),
    Rule("NOT_AGGREGATED", "Art.15", "基础/主题资源未汇聚", "Base or theme resource not aggregated", Severity.MEDIUM),
    Rule("NOT_SHARED_WITHOUT_LEGAL_BASIS", "Art.18", "不予共享无依据", "Not shared without a legal basis", Severity.MEDIUM),
    Rule("CONDITIONAL_REPLY_OVERDUE", "Art.20", "有条件共享逾期未答复", "Conditional request not answered within 10 working days", Severity.MEDIUM),
    Rule("OPEN_REQUEST_OVERDUE", "Art.22", "开放申请逾期未答复", "Open request not answered within 15 working days", Severity.MEDIUM),
    Rule("OPEN_DATA_NOT_DESENSITISED", "Art.23", "开放数据未脱敏", "Open data not desensitised", Severity.HIGH),
    Rule("ONWARD_FLOW_TO_THIRD_PARTY", "Art.24", "共享数据流向第三方", "Shared data passed on to a third party", Severity.HIGH),
    Rule("DEPARTMENT_CLOUD_REMAINING", "Art.28", "部门云未迁移", "Departmental cloud remaining", Severity.MEDIUM),
    Rule("PROJECT_WITHOUT_CATALOG", "Art.35", "项目未预编目录", "Project without a pre-compiled project catalog", Severity.MEDIUM),
    Rule("PROJECT_FAILS_ACCEPTANCE", "Art.35", "项目建成未汇聚或未更新目录", "Completed project without aggregation or catalog update", Severity.MEDIUM),
)
RULE_BY_ID = {r.id: r for r in RULES}


def article_number(article: str) -> int:
    """9 for 'Art.9' (the first article of 'Art.5/12' style text), for ordering."""
    digits = "".join(c if c.isdigit() else " " for c in article).split()
    return int(digits[0]) if digits else 0


@dataclass(frozen=True)
class ComplianceFinding:
    """A finding with the department that must act on it and its due date, when one applies."""

    finding: Finding
    department: str | None
    due: date | None = None
    key: str = field(default="", compare=False)

    def sort_key(self) -> str:
        f = self.finding
        return f"{article_number(f.article):03d}|{f.rule}|{f.subject}|{','.join(map(str, f.related))}"


@dataclass(frozen=True)
class FindingFilter:
    """Keep findings matching every non-empty field."""

    departments: tuple[str, ...] = ()
    rules: tuple[str, ...] = ()
    severities: tuple[Severity, ...] = ()
    articles: tuple[str, ...] = ()


def select(findings: Iterable[ComplianceFinding], f: FindingFilter) -> list[ComplianceFinding]:
    """The findings `f` keeps, in their order."""
    return [
        x for x in findings
        if (not f.departments or x.department in f.departments)
        and (not f.rules or x.finding.rule in f.rules)
        and (not f.severities or x.finding.severity in f.severities)
        and (not f.articles or x.finding.article in f.articles)
    ]


def may_assess(principal: Principal, department: str | None) -> bool:
    """The EIC and the leading group assess every department (Art.33); a department sees its own."""
    if principal.roles & ALL_SEEING:
        return True
    return not principal.is_public and department is not None and principal.department == department


def visible_to(principal: Principal, findings: Iterable[ComplianceFinding]) -> list[ComplianceFinding]:
    """The findings `principal` may see: all for the EIC and the leading group, a department's own for it, none for the public."""
    return [f for f in findings if may_assess(principal, f.department)]


HIDDEN = N_("(hidden)")


async def redacted(store: GraphStore, visibility: Visibility, findings: list[ComplianceFinding]) -> list[ComplianceFinding]:
    """The findings as a principal with `visibility` may read them: the nodes it may not see left out of
    `related` and named in the message only as 无权查看 (Art.24, Art.29), in two batched reads per label."""
    refs = {r for f in findings for r in (f.finding.subject, *f.finding.related)}
    by_label: dict[Label, list[str]] = defaultdict(list)
    for ref in sorted(refs):
        by_label[ref.label].append(ref.key)
    hidden: set[NodeRef] = set()
    spelled: dict[NodeRef, list[str]] = {}
    for label, keys in by_label.items():
        shown = await store.get_many(label, keys, visibility)
        missing = [k for k in keys if k not in shown]
        hidden |= {NodeRef(label, k) for k in missing}
        for key, node in (await store.get_many(label, missing)).items():
            name = str(node.props.get("name") or "")
            # An item's name is the datum itself, which the finding is about: only its code is hidden.
            words = [key, named(node), name, str(node.props.get("short_name") or "")] if label is not L.DATA_ITEM else [key]
            spelled[NodeRef(label, key)] = [w for w in words if w]
    if not hidden:
        return findings
    words = sorted({w for ref in hidden for w in spelled.get(ref, [ref.key])}, key=lambda w: (-len(w), w))
    out = []
    hidden_word = _(HIDDEN)
    for f in findings:
        message = f.finding.message
        for word in words:
            message = message.replace(word, hidden_word)
        related = tuple(r for r in f.finding.related if r not in hidden)
        found = Finding(f.finding.rule, f.finding.article, f.finding.severity, f.finding.subject, message, related)
        out.append(ComplianceFinding(found, f.department, f.due, f.key))
    return out


@dataclass
class District:
    """What the rules read, as plain data: nodes by key and the links the rules follow."""

    as_of: date
    calendar: WorkCalendar
    departments: dict[str, Node]
    resources: dict[str, Node]
    provider: dict[str, str]
    listed_in: dict[str, list[str]]
    aggregated_on: set[str]
    catalogs: dict[str, Node]
    maintainer: dict[str, str]
    changes: list[tuple[Node, list[str]]]
    pending_uses: list[tuple[Node, str | None, str | None]]  # use, resource, consumer
    consumers: dict[str, Node]  # those of the pending uses, for their names
    open_requests: list[tuple[Node, str | None]]  # request, department
    identifying_items: list[tuple[Node, str | None]]  # item, resource
    estate: Estate
    projects: list[tuple[Node, str | None, list[str]]]  # project, department, systems built
    orders: list[tuple[Node, list[NodeRef]]]
    lineage: list[Finding]

    def name(self, label: Label, key: str | None) -> str:
        """How a finding names a node: a resource or catalog by its department's short name and its own (区卫健委「…」)."""
        nodes = {L.DEPARTMENT: self.departments, L.RESOURCE: self.resources, L.CATALOG: self.catalogs, L.CONSUMER: self.consumers}.get(label, {})
        node = nodes.get(key or "")
        if node is None:
            return key or _("unknown")
        owner = {L.RESOURCE: self.provider, L.CATALOG: self.maintainer}.get(label, {}).get(node.key)
        department = self.departments.get(owner or "")
        return (named(department) if department is not None and label is not L.DEPARTMENT else "") + named(node)

    def operated(self, system: SystemInfo) -> str:
        """A system named with its operator's: 区卫健委「…系统」."""
        return (self.name(L.DEPARTMENT, system.operator) if system.operator else "") + f"「{system.name}」"

    def working_days_after(self, start: date, days: int) -> date | None:
        try:
            return self.calendar.add_working_days(start, days)
        except UnknownYearError:
            return None


def _first(pairs: list[tuple[Relationship, Node]], rel: RelType) -> str | None:
    return next((n.key for r, n in pairs if r.type is rel), None)


def _day(value: object) -> date | None:
    return date.fromisoformat(str(value)) if value else None


async def _identifying_items(store: GraphStore) -> tuple[list[Node], dict[str, list[tuple[Relationship, Node]]]]:
    """Items declaring no identifier whose name says they identify someone: one text search per word
    (the stores answer Chinese text from an index), then their resources."""
    no_identifier = PropertyFilter("identifier_kind", ("NONE",))
    pages = await asyncio.gather(*(page_all(store, PageQuery(L.DATA_ITEM, where=(no_identifier,), text=w)) for w in IDENTIFIER_WORDS))
    found = {n.key: n for page in pages for n in page if any(w in str(n.props.get("name", "")) for w in IDENTIFIER_WORDS)}
    items = [found[k] for k in sorted(found)]
    return items, await store.neighbours_many(L.DATA_ITEM, [n.key for n in items], [Step(R.HAS_ITEM, Direction.IN)])


async def read_district(store: GraphStore, as_of: date, limits: LineageLimits = LineageLimits()) -> District:
    """Everything the rules read, in a fixed number of batched statements (run concurrently)."""
    pending = PropertyFilter("status", (UseStatus.REQUESTED.value, UseStatus.NEGOTIATING.value))
    unanswered = PropertyFilter("status", (OpenRequestStatus.NOTIFIED.value,))
    ordered = PropertyFilter("stage", (OrderStage.ORDERED.value,))
    departments, (resources, resource_links), (catalogs, catalog_links), (changes, change_links), (uses, use_links), (
        requests, request_links) = await asyncio.gather(
        page_all(store, PageQuery(L.DEPARTMENT)),
        page_linked(store, PageQuery(L.RESOURCE), (Step(R.PROVIDES, Direction.IN), Step(R.LISTED_IN, Direction.OUT), Step(R.AGGREGATED_ON, Direction.OUT))),
        page_linked(store, PageQuery(L.CATALOG), (Step(R.MAINTAINS, Direction.IN),)),
        page_linked(store, PageQuery(L.CATALOG_CHANGE), (Step(R.AFFECTS, Direction.OUT),)),
        page_linked(store, PageQuery(L.USE, where=(pending,)), (Step(R.OF, Direction.OUT), Step(R.REQUESTS, Direction.IN))),
        page_linked(store, PageQuery(L.OPEN_REQUEST, where=(unanswered,)), (Step(R.ADDRESSED_TO, Direction.OUT),)),
    )
    consumer_keys = sorted({k for pairs in use_links.values() if (k := _first(pairs, R.REQUESTS))})
    (items, item_links), estate, (projects, project_links), (orders, order_links), found, calendar = await asyncio.gather(
        _identifying_items(store),
        read_estate(store, dependencies=False),
        page_linked(store, PageQuery(L.PROJECT), (Step(R.RUNS, Direction.IN), Step(R.BUILDS, Direction.OUT))),
        page_linked(store, PageQuery(L.ORDER, where=(ordered,)), (Step(R.CONCERNS, Direction.OUT),)),
        lineage_findings(store, limits),
        work_calendar(store),
    )
    consumers = await store.get_many(L.CONSUMER, consumer_keys) if consumer_keys else {}
    return District(
        as_of=as_of,
        calendar=calendar,
        departments={n.key: n for n in departments},
        resources={n.key: n for n in resources},
        provider={k: p for k, pairs in resource_links.items() if (p := _first(pairs, R.PROVIDES))},
        listed_in={k: [n.key for r, n in pairs if r.type is R.LISTED_IN] for k, pairs in resource_links.items()},
        aggregated_on={k for k, pairs in resource_links.items() if any(r.type is R.AGGREGATED_ON for r, _ in pairs)},
        catalogs={n.key: n for n in catalogs},
        maintainer={k: m for k, pairs in catalog_links.items() if (m := _first(pairs, R.MAINTAINS))},
        changes=[(n, [c.key for _, c in change_links[n.key]]) for n in changes],
        pending_uses=[(n, _first(use_links[n.key], R.OF), _first(use_links[n.key], R.REQUESTS)) for n in uses],
        consumers=consumers,
        open_requests=[(n, _first(request_links[n.key], R.ADDRESSED_TO)) for n in requests],
        identifying_items=[(n, _first(item_links[n.key], R.HAS_ITEM)) for n in items],
        estate=estate,
        projects=[(n, _first(project_links[n.key], R.RUNS), sorted(s.key for r, s in project_links[n.key] if r.type is R.BUILDS)) for n in projects],
        orders=[(n, [s.ref for _, s in order_links[n.key]]) for n in orders],
        lineage=found,
    )


def _finding(rule: str, subject: NodeRef, message: str, department: str | None, due: date | None = None,
             related: tuple[NodeRef, ...] = (), severity: Severity | None = None) -> ComplianceFinding:
    spec = RULE_BY_ID[rule]
    return ComplianceFinding(Finding(rule, spec.article, severity or spec.severity, subject, message, related), department, due)


def _project(d: District, department: str | None, name: object, key: str) -> str:
    return (d.name(L.DEPARTMENT, department) if department else "") + (f"「{name}」" if name else key)


def _active(node: Node) -> bool:
    return bool(node.props.get("status", ResourceStatus.ACTIVE.value) == ResourceStatus.ACTIVE.value)


def not_shared_without_basis(d: District) -> list[ComplianceFinding]:
    """Art.18: a not-shared resource must cite a law, an administrative regulation, or a Party Central /
    State Council / Beijing policy."""
    return [
        _finding("NOT_SHARED_WITHOUT_LEGAL_BASIS", r.ref,
                 _("{resource} is not shared but cites no legal basis: cite the law, regulation or policy that forbids "
                   "sharing, or share it (Art.18)", resource=d.name(L.RESOURCE, r.key)), d.provider.get(r.key))
        for r in d.resources.values()
        if _active(r) and r.props.get("share_type") == ShareType.NOT_SHARED.value and not r.props.get("legal_basis")
    ]


def _should_aggregate(d: District, r: Node) -> bool:
    """A district resource in force, shared, touching no state secret, neither aggregated nor excepted."""
    return (
        _active(r)
        and r.props.get("level", Level.DISTRICT.value) in DISTRICT_LEVELS
        and r.props.get("share_type") != ShareType.NOT_SHARED.value
        and not r.props.get("secret_or_security")
        and not r.props.get("aggregated")
        and r.key not in d.aggregated_on
        and not r.props.get("aggregation_exception")
    )


def not_aggregated(d: District) -> list[ComplianceFinding]:
    """Art.15: the big data platform aggregates the base and theme catalogs' resources; not aggregating
    one needs the leading group's exception. Not-shared and secret resources are not aggregated for
    sharing (our design, Art.18, Art.29)."""
    found = []
    for r in d.resources.values():
        kinds = sorted({str(d.catalogs[c].props.get("kind")) for c in d.listed_in.get(r.key, []) if c in d.catalogs})
        base_or_theme = [k for k in kinds if k in (CatalogKind.BASE.value, CatalogKind.THEME.value)]
        if base_or_theme and _should_aggregate(d, r):
            which = CatalogKind.BASE if CatalogKind.BASE.value in base_or_theme else CatalogKind.THEME
            found.append(_finding(
                "NOT_AGGREGATED", r.ref,
                _("{resource} is in a catalog of kind {kind} but not aggregated on the district big data platform, with no "
                  "exception from the leading group: aggregate it (Art.15; aggregate once, share many times, Art.20)",
                  resource=d.name(L.RESOURCE, r.key), kind=which.label),
                d.provider.get(r.key)))
    return found


def reply_overdue(d: District) -> list[ComplianceFinding]:
    """Art.20: the provider replies to a request for a conditional resource within 10 working days."""
    found = []
    for use, resource, consumer in d.pending_uses:
        node = d.resources.get(resource or "")
        if node is None or node.props.get("share_type") != ShareType.CONDITIONAL.value:
            continue
        due = _day(use.props.get("reply_due"))
        if due is None:
            requested = _day(use.props.get("requested_at"))
            due = d.working_days_after(requested, REPLY_DAYS) if requested else None
        if due is None or due >= d.as_of:
            continue
        late = (d.as_of - due).days
        found.append(_finding(
            "CONDITIONAL_REPLY_OVERDUE", use.ref,
            _("{consumer} asked for the conditional resource {resource} on {requested} ({status}); the provider's reply was "
              "due on {due}, {late} day(s) ago: reply, or the EIC coordinates (Art.20: reply within 10 working days)",
              consumer=d.name(L.CONSUMER, consumer) if consumer else _("a consumer"), resource=d.name(L.RESOURCE, resource),
              requested=use.props.get("requested_at"), status=word(UseStatus, use.props.get("status")), due=due, late=late),
            d.provider.get(node.key), due, (node.ref, NodeRef(L.CONSUMER, consumer)) if consumer else (node.ref,)))
    return found


def open_request_overdue(d: District) -> list[ComplianceFinding]:
    """Art.22: the department answers an open request within 15 working days of the EIC's notice."""
    found = []
    for request, department in d.open_requests:
        if request.props.get("answered_at"):
            continue
        due = _day(request.props.get("reply_due"))
        if due is None:
            notified = _day(request.props.get("notified_at"))
            due = d.working_days_after(notified, OPEN_REPLY_DAYS) if notified else None
        if due is None or due >= d.as_of:
            continue
        found.append(_finding(
            "OPEN_REQUEST_OVERDUE", request.ref,
            _("the open request of {requester} ({content}), notified on {notified}, was due for an answer on {due} and is "
              "unanswered: answer it, with reasons if refused (Art.22: within 15 working days)",
              requester=request.props.get("requester"), content=request.props.get("content"),
              notified=request.props.get("notified_at"), due=due),
            department, due))
    return found


def catalog_not_updated(d: District) -> list[ComplianceFinding]:
    """Art.9: a catalog is updated within 15 working days of a law change or a change of the department's functions."""
    found = []
    for change, affected in d.changes:
        effective = _day(change.props.get("effective_at"))
        deadline = d.working_days_after(effective, CATALOG_UPDATE_DAYS) if effective else None
        if effective is None or deadline is None:
            continue
        for code in affected:
            catalog = d.catalogs.get(code)
            if catalog is None:
                continue
            updated = _day(catalog.props.get("updated_at"))
            facts = {"catalog": d.name(L.CATALOG, code), "deadline": deadline, "effective": effective,
                     "change": word(CatalogChangeKind, change.props.get("kind"))}
            if updated is not None and updated >= effective:
                if updated <= deadline:
                    continue
                message = _("{catalog} had to be updated by {deadline}, 15 working days after the {change} of {effective}, but "
                            "was updated only on {updated} (Art.9)", updated=updated, **facts)
                severity = Severity.LOW
            elif deadline < d.as_of:
                message = _("{catalog} had to be updated by {deadline}, 15 working days after the {change} of {effective}, and "
                            "has not been updated since (Art.9): update it now", **facts)
                severity = Severity.MEDIUM
            else:
                continue
            found.append(_finding("CATALOG_NOT_UPDATED", catalog.ref, message, d.maintainer.get(code), deadline, (change.ref,), severity))
    return found


def identifier_not_declared(d: District) -> list[ComplianceFinding]:
    """Art.13: natural persons are keyed by the citizen ID number, legal persons by the unified social
    credit code, others by their own rules; an item that identifies one declares which."""
    found = []
    for item, resource in d.identifying_items:
        found.append(_finding(
            "IDENTIFIER_NOT_DECLARED", item.ref,
            _("the item {item} of {resource} identifies a person or an organisation but declares no identifier: declare "
              "{citizen}, {credit} or {other} (Art.13)", item=item.props.get("name"), resource=d.name(L.RESOURCE, resource),
              citizen=IdentifierKind.CITIZEN_ID.label, credit=IdentifierKind.CREDIT_CODE.label, other=IdentifierKind.OTHER.label),
            d.provider.get(resource or ""), related=(NodeRef(L.RESOURCE, resource),) if resource else ()))
    return found


def sharing_systems(d: District) -> list[ComplianceFinding]:
    """Art.15: no new cross-department, cross-level or cross-domain sharing systems; existing ones migrate to the platform."""
    found = []
    for s in d.estate.systems.values():
        if not s.cross_sharing or s.retired:
            continue
        new = s.status in (SystemStatus.PLANNED.value, SystemStatus.BUILDING.value)
        system, kinds = d.operated(s), cross_kinds(s.cross_sharing)
        if new:
            message = _("{system} is a {kinds} sharing system being planned or built: no new ones unless a law, regulation or "
                        "government document provides (Art.15)", system=system, kinds=kinds)
        else:
            message = _("{system} is a {kinds} sharing system still running: migrate its sharing to the district big data "
                        "platform and retire it (Art.15)", system=system, kinds=kinds)
        found.append(_finding("CROSS_DEPARTMENT_SHARING_SYSTEM", NodeRef(L.SYSTEM, s.code), message, s.operator,
                              severity=Severity.HIGH if new else Severity.MEDIUM))
    return found


def department_clouds(d: District) -> list[ComplianceFinding]:
    """Art.28: in principle no departmental clouds; existing ones migrate to, or come under, the government cloud."""
    found = []
    for cloud in d.estate.clouds:
        verdicts = [judge(d.estate.systems[c]) for c in cloud.systems if c in d.estate.systems]
        exempt = [d.operated(v.system) for v in verdicts if v.verdict is Verdict.EXEMPT]
        todo = (_("bring it under the government cloud (exempt systems stay: {systems})", systems=_(", ").join(exempt)) if exempt
                else _("migrate its systems and retire it"))
        found.append(_finding(
            "DEPARTMENT_CLOUD_REMAINING", NodeRef(L.PLATFORM, cloud.code),
            _("the departmental cloud {cloud} still hosts {count} system(s): {todo} (Art.28)",
              cloud=(d.name(L.DEPARTMENT, cloud.operator) if cloud.operator else "") + f"「{cloud.name}」",
              count=len(cloud.systems), todo=todo),
            cloud.operator, related=tuple(NodeRef(L.SYSTEM, c) for c in cloud.systems)))
    return found


def projects(d: District) -> list[ComplianceFinding]:
    """Art.35 (and Art.9): no project catalog, no acceptance; after completion the data is aggregated
    and the department catalog updated, else the project fails acceptance."""
    found = []
    held = {s.code: s.resources for s in d.estate.systems.values()}
    for project, department, built in d.projects:
        p = project.props
        if not p.get("involves_resources", True):
            continue
        stage = p.get("stage")
        if not p.get("has_project_catalog") and stage != ProjectStage.REJECTED.value:
            found.append(_finding(
                "PROJECT_WITHOUT_CATALOG", project.ref,
                _("the project {project} ({stage}) has no pre-compiled project catalog: it may not be accepted (Art.35, Art.9)",
                  project=_project(d, department, p.get("name"), project.key), stage=word(ProjectStage, stage)), department))
        if stage not in COMPLETED:
            continue
        problems = []
        pending = sorted({r for s in built for r in held.get(s, ()) if r in d.resources and _should_aggregate(d, d.resources[r])})
        if pending:
            shown = _(", ").join(d.resources[r].props.get("name") and named(d.resources[r]) or r for r in pending[:5])
            problems.append(_("data of its systems is not aggregated ({resources})", resources=shown + ("…" if len(pending) > 5 else "")))
        completed = _day(p.get("completed_at"))
        catalogs = [d.catalogs[c] for c, m in d.maintainer.items() if m == department and c in d.catalogs
                    and d.catalogs[c].props.get("kind") == CatalogKind.DEPARTMENT.value]
        updated = max((u for c in catalogs if (u := _day(c.props.get("updated_at")))), default=None)
        if completed is not None and (updated is None or updated < completed):
            problems.append(
                _("its department catalog was not updated after completion on {completed} (last updated {updated})", completed=completed, updated=updated)
                if updated else _("its department catalog was not updated after completion on {completed}", completed=completed))
        if problems:
            found.append(_finding(
                "PROJECT_FAILS_ACCEPTANCE", project.ref,
                _("the completed project {project}: {problems}: it fails acceptance until corrected (Art.35, Art.9)",
                  project=_project(d, department, p.get("name"), project.key), problems=_("; ").join(problems)),
                department, related=tuple(NodeRef(L.RESOURCE, r) for r in pending)))
    return found


def _responsible(d: District, f: Finding) -> str | None:
    """The department that must act on a lineage finding."""
    if f.rule == "DUPLICATE_COLLECTION":
        return next((r.key for r in f.related if r.label is L.DEPARTMENT), None)  # the department collecting again
    if f.rule == "ONWARD_FLOW_TO_THIRD_PARTY" and len(f.related) > 1:
        return d.provider.get(f.related[1].key)  # the department that passed the data on
    if f.subject.label is L.RESOURCE:
        return d.provider.get(f.subject.key)
    return None


def _with_orders(d: District, found: list[ComplianceFinding]) -> list[ComplianceFinding]:
    """Give a finding without a due date the due date of an open rectification order on its subject (Art.38)."""
    orders: dict[tuple[NodeRef, str], Node] = {}
    for node, concerns in sorted(d.orders, key=lambda o: (str(o[0].props.get("due")), o[0].key)):
        for ref in concerns:
            orders.setdefault((ref, str(node.props.get("rule"))), node)
    out = []
    for f in found:
        order = orders.get((f.finding.subject, f.finding.article))
        if order is not None and f.due is None:
            due = _day(order.props.get("due"))
            message = _("{finding}; the Leading Group Office ordered it corrected by {due} ({order}, Art.38)",
                        finding=f.finding.message, due=due, order=order.key)
            f = ComplianceFinding(Finding(f.finding.rule, f.finding.article, f.finding.severity, f.finding.subject, message,
                                          (*f.finding.related, order.ref)), f.department, due)
        out.append(f)
    return out


RULE_CHECKS = (
    not_shared_without_basis, not_aggregated, reply_overdue, open_request_overdue, catalog_not_updated,
    identifier_not_declared, sharing_systems, department_clouds, projects,
)


def evaluate(d: District) -> list[ComplianceFinding]:
    """Every finding over `d`, in (article, rule, subject, related) order, each with its key."""
    found = [f for check in RULE_CHECKS for f in check(d)]
    found += [ComplianceFinding(f, _responsible(d, f)) for f in d.lineage]
    keyed: dict[str, ComplianceFinding] = {}
    for f in _with_orders(d, found):
        base = f.sort_key()
        key, n = base, 1
        while key in keyed:
            n += 1
            key = f"{base}#{n}"
        keyed[key] = ComplianceFinding(f.finding, f.department, f.due, key)
    return [keyed[k] for k in sorted(keyed)]


async def compliance_findings(store: GraphStore, as_of: date | None = None, limits: LineageLimits = LineageLimits()) -> list[ComplianceFinding]:
    """Every compliance finding of the district as of `as_of` (default: today in Beijing)."""
    district = await read_district(store, as_of or clock.today(), limits)
    return evaluate(district)


def by_department(findings: Iterable[ComplianceFinding]) -> dict[str | None, list[ComplianceFinding]]:
    """Findings grouped by the department that must act."""
    grouped: dict[str | None, list[ComplianceFinding]] = defaultdict(list)
    for f in findings:
        grouped[f.department].append(f)
    return dict(grouped)

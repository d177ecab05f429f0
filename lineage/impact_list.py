"""Impact as a list (影响清单): one row for each thing a wrong value in a resource reaches, to filter,
sort and export, with the departments to notify (Art.25–26).

A consumer that finds an error in shared data reports it to the provider for verification, copying
the EIC (Art.25); the provider corrects it (Art.26). Who must hear of it is then the providers of the
resource and of everything derived from it, the departments whose uses of any of them are in force,
and the EIC. By default the list keeps uses in force only (granted and not past their expiry): a
refused, revoked, expired or pending use reaches nobody. Example::

    listing = await impact_list(store, "101001/000001", ImpactQuery(kinds=(ImpactKind.USE,)), date(2024, 6, 1))
    [(row.node.key, row.department.key if row.department else None) for row in listing.rows]
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any

from graph.access import EVERYTHING, Visibility
from graph.errors import InvalidArgumentError, NotFoundError
from graph.labels import Direction, Label, RelType
from graph.records import Node, NodeRef, PageQuery, Step, Traversal
from graph.store import GraphStore
from graph.terms import DepartmentRole
from lineage.flow import FlowDirection, steps
from lineage.impact import IMPACT_KINDS
from lineage.lineage import LineageLimits
from lineage.sharing import in_force
from lineage.workflow import every


class ImpactKind(str, Enum):
    """What a row of the impact is."""

    DERIVED = "DERIVED"  # a resource derived from the resource, directly or not
    USE = "USE"  # a use of it or of a derived resource
    CONSUMER = "CONSUMER"  # a consumer holding such a use
    CITATION = "CITATION"  # a citation in a decision or document
    PUBLICATION = "PUBLICATION"  # an open publication of it or of a derived resource


class ImpactSort(str, Enum):
    """The order of the rows (ties: kind, then code)."""

    DEPTH = "DEPTH"
    KIND = "KIND"
    NAME = "NAME"
    DEPARTMENT = "DEPARTMENT"
    STATUS = "STATUS"


class NoticeRole(str, Enum):
    """Why a department is to be notified of an error (Art.25–26)."""

    PROVIDER = "PROVIDER"  # provides the resource or a derived one: verifies and corrects it
    USER = "USER"  # acts for a consumer whose use of one of them is in force
    EIC = "EIC"  # copied on every error report (Art.25)


@dataclass(frozen=True)
class ImpactQuery:
    """Which rows to keep and in what order; empty `kinds` or `departments` keep all."""

    in_force_only: bool = True
    kinds: tuple[ImpactKind, ...] = ()
    departments: tuple[str, ...] = ()
    max_depth: int | None = None
    sort: ImpactSort = ImpactSort.DEPTH
    descending: bool = False


@dataclass(frozen=True)
class ImpactRow:
    """One thing the error reaches: its kind, the node, its distance in steps from the resource, the
    department concerned, the resource it is reached through, its status and whether it is in force."""

    kind: ImpactKind
    node: Node
    depth: int
    department: Node | None
    via: Node | None
    status: str | None
    in_force: bool | None


@dataclass(frozen=True)
class Notice:
    """A department to notify, why, and the affected resources it provides or uses."""

    department: Node
    roles: tuple[NoticeRole, ...]
    resources: tuple[str, ...]


@dataclass(frozen=True)
class ImpactListing:
    """The rows the query keeps, in its order; their number by kind; the departments to notify; how
    many rows the filters left out and how many nodes the principal may not see; whether a cap cut it."""

    resource: Node
    rows: list[ImpactRow]
    counts: dict[ImpactKind, int]
    notify: list[Notice]
    filtered_out: int
    hidden: int
    truncated: bool


_ORDER = {kind: i for i, kind in enumerate(ImpactKind)}
_LISTED = frozenset({Label.RESOURCE, Label.USE, Label.CONSUMER, Label.CITATION})  # platforms: as publications
_PROVIDER = Step(RelType.PROVIDES, Direction.IN)
_ACTS_FOR = Step(RelType.ACTS_FOR, Direction.OUT)


def _check(query: ImpactQuery, limits: LineageLimits) -> None:
    if query.max_depth is not None and not 1 <= query.max_depth <= limits.max_depth:
        raise InvalidArgumentError(f"maxDepth must be between 1 and {limits.max_depth}, got {query.max_depth}")


@dataclass(frozen=True)
class _Found:
    start: Node
    provider: Node | None
    rows: list[ImpactRow]
    hidden: int
    truncated: bool


async def _rows(store: GraphStore, code: str, limits: LineageLimits, visibility: Visibility, today: date) -> _Found:
    """Every row of the impact of `code`, unfiltered, with the resource's provider, the number of hidden nodes and `truncated`."""
    start = NodeRef(Label.RESOURCE, code)
    sub = await store.traverse(
        Traversal((start,), steps(IMPACT_KINDS, FlowDirection.DOWNSTREAM), limits.max_depth, limits.max_nodes, attach=_PROVIDER),
        visibility,
    )
    seen = {n.node.ref: n for n in sub.nodes if not n.redacted}
    if start not in seen:
        raise NotFoundError(Label.RESOURCE.value, code)
    walked = {ref for ref, n in seen.items() if ref.label is not Label.DEPARTMENT}
    provider: dict[NodeRef, Node] = {}
    resource_of: dict[NodeRef, Node] = {}  # a use's resource
    consumer_of: dict[NodeRef, NodeRef] = {}  # a use's consumer
    use_of: dict[NodeRef, NodeRef] = {}  # a citation's use
    cited: dict[NodeRef, Node] = {}  # a citation's resource
    published: list[tuple[Node, Node]] = []
    for rel in sub.edges:
        if rel.start not in seen or rel.end not in seen:
            continue
        if rel.type is RelType.PROVIDES:
            provider[rel.end] = seen[rel.start].node
        elif rel.type is RelType.OF:
            resource_of[rel.start] = seen[rel.end].node
        elif rel.type is RelType.REQUESTS:
            consumer_of[rel.end] = rel.start
        elif rel.type is RelType.UNDER:
            use_of[rel.start] = rel.end
        elif rel.type is RelType.CITES:
            cited[rel.start] = seen[rel.end].node
        elif rel.type is RelType.PUBLISHED_ON:
            published.append((seen[rel.start].node, seen[rel.end].node))
    consumers = sorted(r.key for r in walked if r.label is Label.CONSUMER)
    acting = await store.neighbours_many(Label.CONSUMER, consumers, [_ACTS_FOR], visibility) if consumers else {}
    department_of = {NodeRef(Label.CONSUMER, key): pairs[0][1] for key, pairs in acting.items() if pairs}

    def use_in_force(ref: NodeRef) -> bool:
        return in_force(seen[ref].node, today)

    def department_of_use(use: NodeRef | None) -> Node | None:
        holder = consumer_of.get(use) if use is not None else None
        return department_of.get(holder) if holder is not None else None

    uses_of_consumer: dict[NodeRef, list[NodeRef]] = {}
    for use, holder in consumer_of.items():
        uses_of_consumer.setdefault(holder, []).append(use)

    def row(ref: NodeRef) -> ImpactRow:
        node, depth = seen[ref].node, seen[ref].depth
        if ref.label is Label.USE:
            return ImpactRow(ImpactKind.USE, node, depth, department_of_use(ref), resource_of.get(ref), node.props.get("status"), use_in_force(ref))
        if ref.label is Label.CONSUMER:
            uses = sorted(uses_of_consumer.get(ref, []))
            via = next((resource_of[u] for u in uses if u in resource_of), None)
            return ImpactRow(ImpactKind.CONSUMER, node, depth, department_of.get(ref), via, None, any(map(use_in_force, uses)))
        if ref.label is Label.CITATION:
            use = use_of.get(ref)
            via = cited.get(ref) or (resource_of.get(use) if use is not None else None)
            permission = node.props.get("permission")
            return ImpactRow(ImpactKind.CITATION, node, depth, department_of_use(use), via, permission, use_in_force(use) if use is not None else None)
        return ImpactRow(ImpactKind.DERIVED, node, depth, provider.get(ref), None, None, None)

    rows = [row(ref) for ref in sorted(walked) if ref != start and ref.label in _LISTED]
    rows += [
        ImpactRow(ImpactKind.PUBLICATION, platform, seen[platform.ref].depth, provider.get(resource.ref), resource, None, None)
        for resource, platform in published
    ]
    hidden = sum(1 for n in sub.nodes if n.redacted)
    return _Found(seen[start].node, provider.get(start), rows, hidden, sub.truncated)


def _kept(row: ImpactRow, query: ImpactQuery) -> bool:
    if query.in_force_only and row.kind in (ImpactKind.USE, ImpactKind.CONSUMER) and not row.in_force:
        return False
    if query.kinds and row.kind not in query.kinds:
        return False
    if query.departments and (row.department is None or row.department.key not in query.departments):
        return False
    return query.max_depth is None or row.depth <= query.max_depth


def _name(node: Node | None) -> str:
    if node is None:
        return ""
    props = node.props
    return str(props.get("name") or props.get("document") or props.get("purpose") or node.key)


_SORT_KEYS: dict[ImpactSort, Callable[[ImpactRow], Any]] = {
    ImpactSort.DEPTH: lambda row: row.depth,
    ImpactSort.KIND: lambda row: _ORDER[row.kind],
    ImpactSort.NAME: lambda row: _name(row.node),
    ImpactSort.DEPARTMENT: lambda row: (row.department is None, _name(row.department)),
    ImpactSort.STATUS: lambda row: (row.status is None, row.status or ""),
}


def _sorted(rows: list[ImpactRow], query: ImpactQuery) -> list[ImpactRow]:
    key = _SORT_KEYS[query.sort]
    # Ties in a fixed order whichever way the chosen key goes: stable sorts, the tie-break first.
    ordered = sorted(rows, key=lambda row: (_ORDER[row.kind], row.node.key, _name(row.via)))
    return sorted(ordered, key=key, reverse=query.descending)


async def _notices(store: GraphStore, start: Node, rows: list[ImpactRow], provider: Node | None, visibility: Visibility) -> list[Notice]:
    """Providers of the resource and of the derived resources kept, the departments of the consumers
    kept whose use is in force, and the EIC, each once with every reason (Art.25–26)."""
    roles: dict[str, set[NoticeRole]] = {}
    resources: dict[str, set[str]] = {}
    departments: dict[str, Node] = {}

    def note(department: Node | None, role: NoticeRole, resource: Node | None) -> None:
        if department is None:
            return
        departments[department.key] = department
        roles.setdefault(department.key, set()).add(role)
        if resource is not None:
            resources.setdefault(department.key, set()).add(resource.key)

    note(provider, NoticeRole.PROVIDER, start)
    for row in rows:
        if row.kind is ImpactKind.DERIVED:
            note(row.department, NoticeRole.PROVIDER, row.node)
        elif row.kind is ImpactKind.USE and row.in_force:
            note(row.department, NoticeRole.USER, row.via)
    for department in await every(store, PageQuery(Label.DEPARTMENT), visibility):
        if DepartmentRole.EIC.value in (department.props.get("roles") or []):
            note(department, NoticeRole.EIC, None)
    order = list(NoticeRole)
    return [
        Notice(departments[key], tuple(sorted(roles[key], key=order.index)), tuple(sorted(resources.get(key, ()))))
        for key in sorted(departments, key=lambda k: (min(order.index(r) for r in roles[k]), k))
    ]


async def impact_list(
    store: GraphStore,
    code: str,
    query: ImpactQuery,
    today: date,
    limits: LineageLimits = LineageLimits(),
    visibility: Visibility = EVERYTHING,
) -> ImpactListing:
    """The impact of resource `code` as rows `query` keeps and orders, with the departments to notify;
    uses are in force or not as of `today`. What `visibility` hides is counted, never listed."""
    _check(query, limits)
    found = await _rows(store, code, limits, visibility, today)
    kept = [row for row in found.rows if _kept(row, query)]
    return ImpactListing(
        resource=found.start,
        rows=_sorted(kept, query),
        counts={kind: sum(1 for row in kept if row.kind is kind) for kind in ImpactKind},
        notify=await _notices(store, found.start, kept, found.provider, visibility),
        filtered_out=len(found.rows) - len(kept),
        hidden=found.hidden,
        truncated=found.truncated,
    )

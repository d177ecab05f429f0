"""The district's systems as plain data: where each runs, who operates it, and whose data it needs.

Migration planning (Art.28), consolidation (Art.27) and the compliance findings on systems (Art.15)
all start from this one batched read, then work on plain values, so networkx can run on them in a
thread, never inside a transaction. A system depends on another when it needs that system's data:

- an interface: `(A)-[:EXCHANGES_WITH]->(B)` means A takes data from B (our reading of the arrow);
- derived data: A holds a resource derived from a resource B holds (`DERIVED_FROM`);
- a use via A (`(Use)-[:VIA]->(A)`) of a resource B holds.

Example::

    estate = await read_estate(store)
    estate.systems["SJS-GA-RKXT"].security_exempt     # True: the police operate it (Art.28)
    [d.provider for d in estate.dependencies if d.dependent == "SJS-GA-LDRK"]
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Callable, Collection, Container, Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Any

from graph.access import EVERYTHING, Visibility
from graph.i18n import _
from graph.labels import Direction, Label, RelType
from graph.records import Node, PageQuery, PropertyFilter, Props, Relationship, Step
from graph.store import GraphStore
from graph.terms import Hosting, Level, PlatformKind, SystemStatus

PAGE = 1000


async def page_all(store: GraphStore, query: PageQuery, visibility: Visibility = EVERYTHING) -> list[Node]:
    """Every node `query` matches, read page by page in key order."""
    found: list[Node] = []
    after = query.after
    while True:
        page = await store.page(replace(query, first=PAGE, after=after, total=False), visibility)
        found += page.nodes
        if not page.has_next or not page.nodes:
            return found
        after = page.nodes[-1].key


async def page_linked(
    store: GraphStore, query: PageQuery, steps: Sequence[Step], visibility: Visibility = EVERYTHING
) -> tuple[list[Node], dict[str, list[tuple[Relationship, Node]]]]:
    """Every node `query` matches, and for each its neighbours along `steps`: two batched reads (and pages)."""
    nodes = await page_all(store, query, visibility)
    return nodes, await store.neighbours_many(query.label, [n.key for n in nodes], steps, visibility)


class DependencyKind(str, Enum):
    """Why one system needs another's data."""

    INTERFACE = "INTERFACE"
    DERIVED_DATA = "DERIVED_DATA"
    USE_VIA = "USE_VIA"


@dataclass(frozen=True)
class SystemInfo:
    """One system with what its verdict and its place in a plan depend on."""

    code: str
    name: str
    hosting: str
    network: str
    protection_level: int
    classified: bool
    cross_sharing: tuple[str, ...]  # "department", "level", "domain" (Art.15)
    status: str
    operator: str | None
    operator_name: str | None
    operator_level: str
    security_exempt: bool
    platform: str | None
    platform_kind: str | None
    resources: tuple[str, ...] = ()

    @property
    def retired(self) -> bool:
        return self.status == str(SystemStatus.RETIRED.value)

    @property
    def environment(self) -> str:
        """Where it runs: the platform's kind when it is hosted on a cloud, else its hosting."""
        if self.platform_kind == PlatformKind.GOVERNMENT_CLOUD.value:
            return str(Hosting.GOVERNMENT_CLOUD.value)
        if self.platform_kind == PlatformKind.DEPARTMENT_CLOUD.value:
            return str(Hosting.DEPARTMENT_CLOUD.value)
        return self.hosting

    @property
    def district(self) -> bool:
        """Operated by a district (or street) body rather than a municipal or national one."""
        return self.operator_level in (Level.DISTRICT.value, Level.STREET.value)


class Involved:
    """The walks (dependent, provider, the provider's resource) of one kind of dependency, grouped by
    pair when first asked: a plan reads the resources of few of the ~93,000 pairs of an S=10 district."""

    def __init__(self, walks: Iterable[Sequence[str]]) -> None:
        self._walks = walks
        self._by_pair: dict[tuple[str, str], list[str]] | None = None

    def of(self, dependent: str, provider: str) -> tuple[str, ...]:
        """The provider's resources involved, in code order."""
        if self._by_pair is None:  # two threads may both group: each gets the same
            by_pair: dict[tuple[str, str], list[str]] = defaultdict(list)
            for walk in self._walks:
                by_pair[walk[0], walk[1]].append(walk[2])
            self._by_pair = by_pair
        return tuple(sorted(self._by_pair.get((dependent, provider), ())))


@dataclass(frozen=True, eq=False)
class Dependency:
    """`dependent` needs data of `provider`: through an interface, and/or because it holds data derived
    from the provider's resources `derived`, and/or because uses of the provider's resources `used`
    go through it."""

    dependent: str
    provider: str
    kinds: tuple[DependencyKind, ...]
    involved: tuple[Involved, Involved] = field(repr=False)  # derived, used

    @property
    def derived(self) -> tuple[str, ...]:
        return self.involved[0].of(self.dependent, self.provider)

    @property
    def used(self) -> tuple[str, ...]:
        return self.involved[1].of(self.dependent, self.provider)

    @property
    def resources(self) -> tuple[str, ...]:
        """The provider's resources involved, in code order."""
        return tuple(sorted({*self.derived, *self.used}))

    def _compared(self) -> tuple[object, ...]:
        return self.dependent, self.provider, self.kinds, self.derived, self.used

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Dependency) and self._compared() == other._compared()

    def __hash__(self) -> int:
        return hash((self.dependent, self.provider, self.kinds))

    def describe(self, subject: str | None = None) -> str:
        """Why, in a phrase about the dependent (named `subject`, default its code)."""
        who = subject or self.dependent
        parts = []
        for kind in self.kinds:
            if kind is DependencyKind.INTERFACE:
                parts.append(_("{system} takes data from {provider} through an interface", system=who, provider=self.provider))
            elif kind is DependencyKind.DERIVED_DATA:
                parts.append(_("{system} holds data derived from {resources} of {provider}", system=who, provider=self.provider, resources=few(self.derived)))
            else:
                parts.append(_("uses of {resources} of {provider} go through {system}", system=who, provider=self.provider, resources=few(self.used)))
        return _("; ").join(parts)


def few(codes: Sequence[str], shown: int = 3, total: int | None = None) -> str:
    """The first `shown` codes, and how many more of the `total` (default: of `codes`)."""
    more = (len(codes) if total is None else total) - min(shown, len(codes))
    listed = _(", ").join(codes[:shown])
    return _("{listed} and {count} more", listed=listed, count=more) if more > 0 else listed


_NONE: dict[str, int] = {}


class Dependencies:
    """Which systems need which systems' data: each dependent's providers with the kinds of each
    dependency, and the walks that name the resources involved. A `Dependency` is made only when one is
    asked for: an S=10 district has ~93,000 pairs, and a plan describes few of them. Iterating gives
    every dependency in (dependent, provider) order."""

    def __init__(self, found: dict[str, dict[str, int]] | None = None, involved: tuple[Involved, Involved] | None = None) -> None:
        self._found = found or {}  # dependent -> provider -> kinds as bits (`_KINDS`)
        self._involved = involved or (Involved(()), Involved(()))

    def dependents(self) -> Iterable[str]:
        """The systems that need another's data, in no order."""
        return self._found.keys()

    def providers(self, dependent: str) -> AbstractSet[str]:
        """The systems whose data `dependent` needs, in no order (a set: `&` another finds those of them in it)."""
        return self._found.get(dependent, _NONE).keys()

    def get(self, dependent: str, provider: str) -> Dependency:
        """The dependency of `dependent` on `provider` (KeyError when there is none)."""
        return Dependency(dependent, provider, _KINDS[self._found[dependent][provider]], self._involved)

    def of(self, dependent: str, among: Container[str] | None = None) -> tuple[Dependency, ...]:
        """The dependencies of `dependent` (on the providers `among`, when given), by provider."""
        providers = self._found.get(dependent, _NONE)
        return tuple(self.get(dependent, p) for p in sorted(providers) if among is None or p in among)

    def __iter__(self) -> Iterator[Dependency]:
        for dependent in sorted(self._found):  # many short sorts of codes, not one long sort of pairs
            yield from self.of(dependent)


@dataclass(frozen=True)
class CloudInfo:
    """A departmental cloud (部门云) and the systems it hosts (Art.28)."""

    code: str
    name: str
    operator: str | None
    operator_name: str | None
    systems: tuple[str, ...]


@dataclass(frozen=True)
class Estate:
    """Every system (retired ones included) by code, their dependencies, and the departmental clouds."""

    systems: dict[str, SystemInfo]
    dependencies: Dependencies = field(default_factory=Dependencies)
    clouds: tuple[CloudInfo, ...] = ()


# What a system's verdict reads of its operator and platform (their properties) ...
_OPERATOR, _PLATFORM = Step(RelType.OPERATES, Direction.IN), Step(RelType.HOSTED_ON, Direction.OUT)
# ... and where its data flows, as walks the store joins: keys only, thousands of them at S=1.
_HELD = (Step(RelType.HOLDS, Direction.OUT),)
_INTERFACES = (Step(RelType.EXCHANGES_WITH, Direction.OUT),)
# (dependent, provider, the provider's resource): the dependent holds data derived from it ...
_DERIVED = (Step(RelType.HOLDS, Direction.OUT), Step(RelType.DERIVED_FROM, Direction.OUT), Step(RelType.HOLDS, Direction.IN))
# ... or uses of it go through the dependent.
_USED_VIA = (Step(RelType.VIA, Direction.IN), Step(RelType.OF, Direction.OUT), Step(RelType.HOLDS, Direction.IN))
_DEPENDENT_PROVIDER_RESOURCE = (0, 3, 2)
_CROSS = (("cross_department_sharing", "department"), ("cross_level_sharing", "level"), ("cross_domain_sharing", "domain"))
# The systems a page at a time, each with only the properties a verdict reads, of it, its operator and its platform.
_SYSTEMS = PageQuery(
    Label.SYSTEM, first=PAGE, expand=(_OPERATOR, _PLATFORM), total=False,
    props=("name", "hosting", "network", "protection_level", "classified", "status", *(prop for prop, _ in _CROSS)),
    expand_props=((_OPERATOR, ("name", "level", "security_exempt")), (_PLATFORM, ("kind",))),
)
_Read = tuple[Props, Props | None, Props | None]  # a system's properties, its operator's, its platform's


def _get(props: Props, name: str, default: Any) -> Any:
    """A property read from a page's rows, where one a node lacks may be absent or None."""
    value = props.get(name)
    return default if value is None else value


def _system(p: Props, operator: Props | None, platform: Props | None, resources: Sequence[str]) -> SystemInfo:
    code = str(p[Label.SYSTEM.key])
    return SystemInfo(
        code=code,
        name=str(_get(p, "name", code)),
        hosting=str(_get(p, "hosting", Hosting.SELF_HOSTED.value)),
        network=str(_get(p, "network", "EXTRANET")),
        protection_level=int(_get(p, "protection_level", 1)),
        classified=bool(p.get("classified")),
        cross_sharing=tuple(kind for prop, kind in _CROSS if p.get(prop)),
        status=str(_get(p, "status", SystemStatus.IN_SERVICE.value)),
        operator=str(operator[Label.DEPARTMENT.key]) if operator else None,
        operator_name=str(operator.get("name")) if operator else None,
        operator_level=str(_get(operator, "level", Level.DISTRICT.value)) if operator else Level.DISTRICT.value,
        security_exempt=bool(operator.get("security_exempt")) if operator else False,
        platform=str(platform[Label.PLATFORM.key]) if platform else None,
        platform_kind=str(platform.get("kind")) if platform else None,
        resources=tuple(sorted(resources)),
    )


async def read_estate(
    store: GraphStore, visibility: Visibility = EVERYTHING, dependencies: bool = True,
    on_systems: Callable[[dict[str, SystemInfo]], object] | None = None,
) -> Estate:
    """The systems `visibility` shows, with their operators, platforms and held resources, the
    departmental clouds, and (unless `dependencies` is False) the systems' data dependencies: a fixed
    number of batched reads whatever the size of the district, sent together; what each answers is
    worked on as soon as it arrives, while the others are still being read. `on_systems` is called
    with the systems as soon as they are read (a planner judges them while the dependencies are read)."""

    async def systems_read() -> dict[str, SystemInfo]:
        systems = await _systems(store, visibility)
        if on_systems is not None:
            on_systems(systems)
        return systems

    systems, clouds, found = await asyncio.gather(
        systems_read(), _read_clouds(store, visibility), _read_dependencies(store, visibility) if dependencies else _none()
    )
    return Estate(systems, found, _clouds(clouds, visibility, systems))


async def _systems(store: GraphStore, visibility: Visibility) -> dict[str, SystemInfo]:
    """The systems `visibility` shows, each with its operator, platform and held resources."""
    read, held = await asyncio.gather(_read_systems(store, visibility), store.walks(Label.SYSTEM, _HELD, visibility=visibility))
    holding: dict[str, list[str]] = defaultdict(list)
    for system, resource in held:
        holding[system].append(resource)
    systems = (_system(props, operator, platform, holding[str(props[Label.SYSTEM.key])]) for props, operator, platform in read)
    return {system.code: system for system in systems}


_Walks = Collection[Sequence[str]]


async def _read_systems(store: GraphStore, visibility: Visibility) -> list[_Read]:
    """The systems `visibility` shows, each with its operator (the first department that operates it)
    and its platform (the first it is hosted on), a page of rows at a time."""
    found: list[_Read] = []
    after = None
    while True:
        rows = await store.page_rows(replace(_SYSTEMS, after=after), visibility)
        operators, platforms = rows.links[_OPERATOR], rows.links[_PLATFORM]
        for props, operated, hosted in zip(rows.nodes, operators, platforms):
            operator = next((linked for label, linked in operated if label is Label.DEPARTMENT), None)
            found.append((props, operator, hosted[0][1] if hosted else None))
        if not rows.has_next or not rows.nodes:
            return found
        after = str(rows.nodes[-1][Label.SYSTEM.key])


async def _read_dependencies(store: GraphStore, visibility: Visibility) -> Dependencies:
    """The systems' dependencies: three walks, each one's pairs gathered as it arrives."""
    kinds = _Kinds()

    async def gather(steps: Sequence[Step], keep: Sequence[int] | None, kind: int) -> _Walks:
        walks = await store.walks(Label.SYSTEM, steps, keep, visibility)
        kinds.add(walks, kind)
        return walks

    _, derived, used = await asyncio.gather(
        gather(_INTERFACES, None, _INTERFACE),
        gather(_DERIVED, _DEPENDENT_PROVIDER_RESOURCE, _DERIVED_DATA),
        gather(_USED_VIA, _DEPENDENT_PROVIDER_RESOURCE, _USE_VIA),
    )
    return kinds.dependencies(derived, used)


async def _none() -> Dependencies:
    return Dependencies()


# Kinds of dependency as bits, so that walks may be gathered in any order; each set of bits as the kinds
# it stands for, in the order `DependencyKind` lists them.
_INTERFACE, _DERIVED_DATA, _USE_VIA = 1, 2, 4
_BITS = ((_INTERFACE, DependencyKind.INTERFACE), (_DERIVED_DATA, DependencyKind.DERIVED_DATA), (_USE_VIA, DependencyKind.USE_VIA))
_KINDS = {
    bits: tuple(kind for bit, kind in _BITS if bits & bit)
    for bits in range(1, 8)
}


class _Kinds:
    """The kinds of each (dependent, provider) of different systems, gathered walk by walk."""

    def __init__(self) -> None:
        self.found: dict[str, dict[str, int]] = defaultdict(dict)  # dependent -> provider -> bits

    def add(self, walks: _Walks, kind: int) -> None:
        found = self.found
        for walk in walks:
            dependent, provider = walk[0], walk[1]
            if dependent != provider:
                by_provider = found[dependent]
                by_provider[provider] = by_provider.get(provider, 0) | kind

    def dependencies(self, derived: _Walks, used: _Walks) -> Dependencies:
        """The pairs gathered; the resources involved are grouped only when asked."""
        return Dependencies(self.found, (Involved(derived), Involved(used)))


async def _read_clouds(store: GraphStore, visibility: Visibility) -> list[tuple[Node, Node | None]]:
    """The departmental clouds `visibility` shows, each with its operator."""
    kind = PropertyFilter("kind", (PlatformKind.DEPARTMENT_CLOUD.value,))
    clouds = await page_all(store, PageQuery(Label.PLATFORM, where=(kind,)), visibility)
    operators = await store.neighbours_many(Label.PLATFORM, [c.key for c in clouds], [Step(RelType.OPERATES, Direction.IN)], visibility)
    return [(cloud, operators[cloud.key][0][1] if operators[cloud.key] else None) for cloud in clouds]


def _clouds(clouds: list[tuple[Node, Node | None]], visibility: Visibility, systems: dict[str, SystemInfo]) -> tuple[CloudInfo, ...]:
    hosted: dict[str, list[str]] = defaultdict(list)
    for system in systems.values():
        if system.platform is not None and not system.retired:
            hosted[system.platform].append(system.code)
    found = []
    for cloud, operator in clouds:
        if visibility.restricts(Label.SYSTEM) and not hosted[cloud.key]:
            continue  # a principal who sees only some systems sees only the clouds that host one of them
        found.append(
            CloudInfo(
                cloud.key,
                str(cloud.props.get("name", cloud.key)),
                operator.key if operator else None,
                str(operator.props.get("name")) if operator else None,
                tuple(sorted(hosted[cloud.key])),
            )
        )
    return tuple(found)

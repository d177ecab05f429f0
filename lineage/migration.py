"""Migration waves to the district government cloud (Art.28), with cross-department sharing systems
retiring onto the platform (Art.15): systems that depend on each other's data move together, the rest
in dependency order, within a capacity per wave, pinned systems where they are pinned.

How a plan is made (our design, from the dependencies of `lineage.estate`):

1. Every system gets its verdict (`lineage.verdicts`); those that move (MUST_MIGRATE,
   RETIRE_TO_PLATFORM) of the departments asked for are planned.
2. Among them, a system moves no earlier than the systems whose data it needs; systems that need
   each other's data (a strongly connected component: a cycle of interfaces or derived data) move
   together, in one wave.
3. Groups go wave by wave in topological generations of the condensation, each into the first wave
   after its dependencies with room for it; a group larger than the capacity takes a wave alone
   (flagged); pinned groups stay where they are pinned (a pin before a dependency is flagged).
4. A dependency on a system that stays off the government cloud (EXEMPT, MUNICIPAL) is flagged as a
   cross-environment link; one on a moving system outside the departments asked for, as outside the plan.

networkx runs on plain data in a worker thread (`asyncio.to_thread`), never inside a transaction;
the same input always gives the same plan (everything is sorted).

Example::

    plan = await migration_plan(store, PlanRequest(capacity_per_wave=5, pinned=(Pin("SJS-JW-RXFW", 1),)))
    [(w.number, [p.code for p in w.placements]) for w in plan.waves]
    plan.placement("SJS-WJW-FYBJ").reasons[0].message   # 'moves after SJS-WJW-QMJK (wave 1): …'
"""

from __future__ import annotations

import asyncio
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import cached_property
from enum import Enum
from typing import Protocol

import networkx as nx

from graph.access import EVERYTHING, Visibility
from graph.errors import InvalidArgumentError
from graph.i18n import _
from graph.labels import Label
from graph.store import GraphStore
from lineage.estate import Dependencies, Dependency, Estate, SystemInfo, few, read_estate
from lineage.naming import spelled
from lineage.verdicts import CloudVerdict, SystemVerdict, Verdict, judge, judge_cloud

MAX_WAVE = 1000


@dataclass(frozen=True)
class Pin:
    """Keep `system` (and the systems it must move with) in wave `wave` (1 is the first)."""

    system: str
    wave: int


@dataclass(frozen=True)
class PlanRequest:
    """What to plan: the systems of `departments` (every department when empty), at most
    `capacity_per_wave` systems a wave (no limit when None), with `pinned` systems fixed."""

    departments: tuple[str, ...] = ()
    capacity_per_wave: int | None = None
    pinned: tuple[Pin, ...] = ()


class ReasonKind(str, Enum):
    """Why a system is in its wave."""

    PINNED = "PINNED"
    MOVES_WITH = "MOVES_WITH"
    AFTER_DEPENDENCY = "AFTER_DEPENDENCY"
    NO_DEPENDENCY = "NO_DEPENDENCY"
    WAVE_FULL = "WAVE_FULL"
    OVERSIZED = "OVERSIZED"
    PIN_BEFORE_DEPENDENCY = "PIN_BEFORE_DEPENDENCY"
    OVER_CAPACITY = "OVER_CAPACITY"


class Described(Protocol):
    """What a reason rests on, described when its message is asked for (a `Dependency`, say)."""

    def describe(self) -> str: ...


class _NeedsOfGroup:
    """What one member of a group needs of the others ("; it needs A, B and 3 more"), found when described:
    an S=10 district's largest group has over a thousand members, each needing dozens of the others."""

    __slots__ = ("needs", "code", "members")

    def __init__(self, needs: Dependencies, code: str, members: AbstractSet[str]) -> None:
        self.needs, self.code, self.members = needs, code, members

    def describe(self) -> str:
        inside = sorted(self.needs.providers(self.code) & self.members)
        return _("; it needs {systems}", systems=few(inside, _SHOWN)) if inside else ""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _NeedsOfGroup) and (self.code, self.describe()) == (other.code, other.describe())

    def __hash__(self) -> int:
        return hash(self.code)


@dataclass(frozen=True)
class PlacementReason:
    """One reason for a placement; `system` is the other system it names, if any. A reason that rests on
    something (`because`: a dependency, or what a member of a group needs of the others) has it
    described between `head` and `tail` when its message is asked for: a district plan has thousands
    of them, and describing one reads its resources."""

    kind: ReasonKind
    head: str
    system: str | None = None
    because: Described | None = None
    tail: str = ""

    @cached_property
    def message(self) -> str:
        return self.head if self.because is None else f"{self.head}{self.because.describe()}{self.tail}"


@dataclass(frozen=True)
class Placement:
    """A system in its wave, with the systems it moves with (itself included), whether it or one of
    them is pinned, why it is there, and its dependencies on the other systems of the plan (`planned`),
    made when asked for."""

    verdict: SystemVerdict
    wave: int
    group: tuple[str, ...]
    pinned: bool
    reasons: tuple[PlacementReason, ...]
    needs: Dependencies = field(repr=False, compare=False)
    planned: AbstractSet[str] = field(repr=False, compare=False)
    position: int = field(repr=False, compare=False)  # its place in `group`

    @property
    def code(self) -> str:
        return self.verdict.code

    @property
    def moves_with(self) -> tuple[str, ...]:
        """The others of its group, in code order."""
        group, at = self.group, self.position
        return group[:at] + group[at + 1 :]

    @property
    def depends_on(self) -> tuple[Dependency, ...]:
        return self.needs.of(self.code, self.planned)


@dataclass(frozen=True)
class Wave:
    """One wave: `oversized` when a group larger than the capacity holds it alone, `over_capacity`
    when pins put more systems in it than the capacity."""

    number: int
    placements: tuple[Placement, ...]
    oversized: bool = False
    over_capacity: bool = False


class LinkKind(str, Enum):
    """A dependency the plan cannot make local."""

    CROSS_ENVIRONMENT = "CROSS_ENVIRONMENT"
    OUTSIDE_PLAN = "OUTSIDE_PLAN"


@dataclass(frozen=True)
class Link:
    """A dependency between a planned system (`moving`, in `wave`) and one that stays off the cloud
    (CROSS_ENVIRONMENT) or moves in another plan (OUTSIDE_PLAN)."""

    kind: LinkKind
    dependency: Dependency
    moving: str
    wave: int
    other: SystemVerdict
    article: str = "Art.28"

    @cached_property
    def message(self) -> str:
        """What to do about it, naming the articles (made when asked: a district plan has thousands of links)."""
        dep, mine, other, wave = self.dependency, self.moving, self.other.code, self.wave
        if self.kind is LinkKind.OUTSIDE_PLAN:
            return _("{dependency}; {other} moves too, but is not of the departments planned: plan them together, or keep "
                     "the link across environments until both have moved (Art.28)", dependency=dep.describe(), other=other)
        rule = self.other.exempting_rule
        what = self.other.verdict.label + (_(": ") + rule.label if rule else "")
        side = (_("{mine} (wave {wave}) needs data of {other}, which stays off the government cloud ({what})",
                  mine=mine, wave=wave, other=other, what=what)
                if mine == dep.dependent else
                _("{other}, which stays off the government cloud ({what}), needs data of {mine} (wave {wave})",
                  mine=mine, wave=wave, other=other, what=what))
        return _("{side}: {dependency}; keep this link across the cloud boundary, through the big data platform or the "
                 "intranet sharing platform (Art.15, Art.17, Art.28)", side=side, dependency=dep.describe())


@dataclass(frozen=True)
class MigrationPlan:
    """The answer: the verdicts of the systems in scope, the waves, the links to flag, the clouds."""

    request: PlanRequest
    verdicts: tuple[SystemVerdict, ...]
    waves: tuple[Wave, ...]
    found_links: Links
    clouds: tuple[CloudVerdict, ...]

    @property
    def links(self) -> tuple[Link, ...]:
        """The dependencies to flag, by kind, wave, placed system, other system and dependent."""
        return self.found_links.all

    def link_count(self, kind: LinkKind) -> int:
        """How many links of `kind`, without making them."""
        return self.found_links.counts[kind]

    @cached_property
    def placements(self) -> tuple[Placement, ...]:
        return tuple(p for w in self.waves for p in w.placements)

    def placement(self, code: str) -> Placement | None:
        return next((p for p in self.placements if p.code == code), None)

    @cached_property
    def groups(self) -> tuple[tuple[str, ...], ...]:
        """The groups of systems that depend on each other's data (cycles), in code order."""
        # The members of a group share its tuple: one look at each, not a hash of thousands of codes each.
        shared = {id(p.group): p.group for p in self.placements if len(p.group) > 1}
        return tuple(sorted(shared.values()))

    @property
    def staying(self) -> tuple[SystemVerdict, ...]:
        return tuple(v for v in self.verdicts if not v.verdict.moves)

    def count(self, verdict: Verdict) -> int:
        return sum(1 for v in self.verdicts if v.verdict is verdict)


def _check(request: PlanRequest) -> None:
    if request.capacity_per_wave is not None and request.capacity_per_wave < 1:
        raise InvalidArgumentError(_("capacityPerWave must be at least 1, got {value}", value=request.capacity_per_wave))
    seen: dict[str, int] = {}
    for pin in request.pinned:
        if not 1 <= pin.wave <= MAX_WAVE:
            raise InvalidArgumentError(_("{system} is pinned to wave {wave}; waves are numbered 1 to {last}", system=pin.system, wave=pin.wave, last=MAX_WAVE))
        if seen.get(pin.system, pin.wave) != pin.wave:
            raise InvalidArgumentError(_("{system} is pinned to both wave {first} and wave {second}", system=pin.system, first=seen[pin.system], second=pin.wave))
        seen[pin.system] = pin.wave


def _pins(request: PlanRequest, verdicts: dict[str, SystemVerdict], planned: set[str]) -> dict[str, int]:
    pins = {}
    for pin in request.pinned:
        found = verdicts.get(pin.system)
        if found is None:
            raise InvalidArgumentError(_("the pinned system {system} does not exist", system=pin.system))
        if not found.verdict.moves:
            raise InvalidArgumentError(_("the pinned system {system} does not move ({verdict}): only moving systems are placed in waves",
                                         system=_called(verdicts, pin.system), verdict=found.verdict.label))
        if pin.system not in planned:
            raise InvalidArgumentError(_("the pinned system {system} is not of the departments planned", system=_called(verdicts, pin.system)))
        pins[pin.system] = pin.wave
    return pins


def _called(verdicts: dict[str, SystemVerdict], code: str) -> str:
    """A system as a sentence names it (「人口管理系统」), by its code when it has no name on record."""
    found = verdicts.get(code)
    return spelled(Label.SYSTEM, code, {"name": found.system.name} if found is not None else None)


def _span(first: int, last: int) -> str:
    return _("wave {first} is", first=first) if first == last else _("waves {first}–{last} are", first=first, last=last)


class _Waves:
    """Assigns groups to waves: capacity per wave, waves held alone by oversized groups, pins."""

    def __init__(self, capacity: int | None, pinned: dict[int, tuple[int, int]]) -> None:
        self.capacity = capacity
        self.load: Counter[int] = Counter()
        self.alone: set[int] = set()
        for wave, size in pinned.values():
            self.load[wave] += size

    def fits(self, wave: int, size: int) -> bool:
        return wave not in self.alone and (self.capacity is None or self.load[wave] + size <= self.capacity)

    def place(self, earliest: int, size: int) -> int:
        wave = earliest
        if self.capacity is not None and size > self.capacity:
            while wave in self.alone or self.load[wave]:
                wave += 1
            self.alone.add(wave)
        else:
            while not self.fits(wave, size):
                wave += 1
        self.load[wave] += size
        return wave


def judge_all(systems: dict[str, SystemInfo]) -> dict[str, SystemVerdict]:
    """Every system's verdict, in code order."""
    return {code: judge(system) for code, system in sorted(systems.items())}


def plan_waves(estate: Estate, request: PlanRequest, judged: dict[str, SystemVerdict] | None = None) -> MigrationPlan:
    """The plan for `request` over `estate` (its systems' verdicts `judged` already, or judged here),
    computed on plain data (run it in a thread)."""
    _check(request)
    verdicts = judge_all(estate.systems) if judged is None else judged
    wanted = set(request.departments)
    scope = [v for v in verdicts.values() if not wanted or v.system.operator in wanted]
    planned = {v.code for v in scope if v.verdict.moves}
    pins = _pins(request, verdicts, planned)

    needs = estate.dependencies
    graph = nx.DiGraph()
    graph.add_nodes_from(sorted(planned))
    graph.add_edges_from((provider, code) for code in planned for provider in needs.providers(code) & planned)
    groups = sorted(tuple(sorted(component)) for component in nx.strongly_connected_components(graph))
    dag = nx.condensation(graph, scc=[set(g) for g in groups])
    group_of = {code: i for i, group in enumerate(groups) for code in group}

    pinned: dict[int, tuple[int, int]] = {}  # group -> (wave, size)
    for i, group in enumerate(groups):
        waves = sorted({pins[c] for c in group if c in pins})
        if len(waves) > 1:
            raise InvalidArgumentError(
                _("{systems} need each other's data and move together, but are pinned to waves {waves}",
                  systems=_(", ").join(_called(verdicts, c) for c in group), waves=_(", ").join(map(str, waves)))
            )
        if waves:
            pinned[i] = (waves[0], len(group))
    capacity = request.capacity_per_wave
    slots = _Waves(capacity, pinned)
    wave_of: dict[int, int] = {}
    reasons: dict[int, list[PlacementReason]] = {}
    for generation in nx.topological_generations(dag):
        for i in sorted(generation, key=lambda g: groups[g]):
            group = groups[i]
            outside = [needs.get(code, provider) for code, provider in sorted(
                ((code, provider) for code in group for provider in needs.providers(code) & planned if group_of[provider] != i),
                key=lambda pair: (-wave_of[group_of[pair[1]]], pair[1], pair[0]),
            )]
            earliest = (wave_of[group_of[outside[0].provider]] + 1) if outside else 1
            notes: list[PlacementReason] = []
            if i in pinned:
                wave = pinned[i][0]
                who = [c for c in group if c in pins]
                notes.append(PlacementReason(ReasonKind.PINNED, _("pinned to wave {wave}", wave=wave) if len(group) == 1 else
                                             _("pinned to wave {wave} ({systems} pinned; the group moves together)", wave=wave, systems=_(", ").join(_called(verdicts, c) for c in who))))
                for dep in outside:
                    later = wave_of[group_of[dep.provider]]
                    if later > wave:
                        notes.append(PlacementReason(
                            ReasonKind.PIN_BEFORE_DEPENDENCY,
                            _("pinned to wave {wave} although {provider} moves in wave {later}: ", wave=wave, provider=_called(verdicts, dep.provider), later=later),
                            dep.provider, dep, _("; the link crosses environments from wave {wave} to wave {later}", wave=wave, later=later),
                        ))
            else:
                wave = slots.place(earliest, len(group))
                if capacity is not None and len(group) > capacity:
                    notes.append(PlacementReason(
                        ReasonKind.OVERSIZED,
                        _("{count} systems must move together, more than the capacity of {capacity}: they take wave {wave} alone",
                          count=len(group), capacity=capacity, wave=wave),
                    ))
                elif wave > earliest:
                    alone = [str(w) for w in range(earliest, wave) if w in slots.alone]
                    held = _("; wave {waves} is held alone by a group larger than that", waves=_(", ").join(alone)) if alone else ""
                    notes.append(PlacementReason(
                        ReasonKind.WAVE_FULL, _("{span} full (capacity {capacity}{held}): the first wave with room is {wave}",
                                                span=_span(earliest, wave - 1), capacity=capacity, held=held, wave=wave)
                    ))
            for dep in outside:
                provider_wave = wave_of[group_of[dep.provider]]
                if provider_wave < wave:
                    notes.append(PlacementReason(
                        ReasonKind.AFTER_DEPENDENCY, _("moves after {provider} (wave {wave}): ", provider=_called(verdicts, dep.provider), wave=provider_wave), dep.provider, dep
                    ))
            if not outside and i not in pinned:
                notes.append(PlacementReason(ReasonKind.NO_DEPENDENCY, _("it needs the data of no other system in this plan: the first wave with room")
                                             if len(group) == 1 else
                                             _("beyond each other, they need the data of no other system in this plan: the first wave with room")))
            wave_of[i] = wave
            reasons[i] = notes
    return _assemble(request, estate, verdicts, scope, groups, group_of, wave_of, reasons, planned, pins, capacity, slots)


def _assemble(
    request: PlanRequest,
    estate: Estate,
    verdicts: dict[str, SystemVerdict],
    scope: list[SystemVerdict],
    groups: list[tuple[str, ...]],
    group_of: dict[str, int],
    wave_of: dict[int, int],
    reasons: dict[int, list[PlacementReason]],
    planned: set[str],
    pins: dict[str, int],
    capacity: int | None,
    slots: _Waves,
) -> MigrationPlan:
    by_wave: dict[int, list[Placement]] = defaultdict(list)
    needs, among = estate.dependencies, frozenset(planned)
    for i, group in enumerate(groups):
        wave = wave_of[i]
        over = capacity is not None and slots.load[wave] > capacity and wave not in slots.alone and len(group) <= capacity
        pinned_group = any(c in pins for c in group)
        members = frozenset(group) if len(group) > 1 else frozenset()
        for position, code in enumerate(group):  # a group can be thousands of systems: nothing per pair of them
            notes = list(reasons[i])
            if len(group) > 1:
                first = [c for c in group[:_SHOWN + 1] if c != code]  # `movesWith` lists them all
                notes.insert(0, PlacementReason(
                    ReasonKind.MOVES_WITH,
                    _("moves with {systems}: they need each other's data (a cycle", systems=few(first, _SHOWN, len(group) - 1)),
                    because=_NeedsOfGroup(needs, code, members),
                    tail=_("), so they move in one wave"),
                ))
            if over and pinned_group:
                notes.append(PlacementReason(
                    ReasonKind.OVER_CAPACITY, _("pins put {count} systems in wave {wave}, over its capacity of {capacity}",
                                                count=slots.load[wave], wave=wave, capacity=capacity)
                ))
            by_wave[wave].append(Placement(verdicts[code], wave, group, pinned_group, tuple(notes), needs, among, position))
    last = max(by_wave, default=0)
    waves = tuple(
        Wave(
            n,
            tuple(sorted(by_wave[n], key=lambda p: (p.group, p.code))),
            oversized=any(capacity is not None and len(p.group) > capacity for p in by_wave[n]),
            over_capacity=capacity is not None and slots.load[n] > capacity and len({p.group for p in by_wave[n]}) > 1,
        )
        for n in range(1, last + 1)
    )
    placed = {p.code: p.wave for w in waves for p in w.placements}
    in_scope = {v.code for v in scope}
    clouds = tuple(
        judge_cloud(c, verdicts) for c in estate.clouds
        if not request.departments or c.operator in request.departments or set(c.systems) & in_scope
    )
    return MigrationPlan(request, tuple(scope), waves, Links(estate.dependencies, verdicts, placed), clouds)


class Links:
    """The dependencies between a placed system and one that stays outside (CROSS_ENVIRONMENT) or is
    placed by another plan (OUTSIDE_PLAN): found with the plan and counted by kind, but each `Link` made
    only when they are asked for (an S=10 plan has ~11,000; its summary only counts them)."""

    def __init__(self, needs: Dependencies, verdicts: dict[str, SystemVerdict], placed: dict[str, int]) -> None:
        self._needs, self._verdicts = needs, verdicts
        kind_of = {code: LinkKind.CROSS_ENVIRONMENT for code, v in verdicts.items() if v.verdict.stays_outside}
        kind_of.update((code, LinkKind.OUTSIDE_PLAN) for code, v in verdicts.items() if v.verdict.moves and code not in placed)
        found: list[tuple[LinkKind, int, str, str, str, str]] = []  # kind, wave, placed, other, dependent, provider
        outside, inside = kind_of.keys(), placed.keys()
        for dependent in needs.dependents():
            if dependent in placed:  # from a placed system to one outside ...
                found += [(kind_of[p], placed[dependent], dependent, p, dependent, p) for p in needs.providers(dependent) & outside]
            elif dependent in kind_of:  # ... or to a placed system from one outside
                found += [(kind_of[dependent], placed[p], p, dependent, dependent, p) for p in needs.providers(dependent) & inside]
        self._found = found
        self.counts = Counter(kind for kind, *_ in found)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Links) and self.all == other.all

    def __hash__(self) -> int:
        return len(self._found)

    @cached_property
    def all(self) -> tuple[Link, ...]:
        """Every link, by kind, wave, placed system, other system and dependent (both ways between two systems)."""
        ordered = sorted(self._found, key=lambda f: (f[0].value, *f[1:5]))
        return tuple(self._link(*found) for found in ordered)

    def _link(self, kind: LinkKind, wave: int, mine: str, other: str, dependent: str, provider: str) -> Link:
        return Link(kind, self._needs.get(dependent, provider), mine, wave, self._verdicts[other])

    @cached_property
    def _keyed(self) -> dict[LinkKind, tuple[list[str], list[tuple[LinkKind, int, str, str, str, str]]]]:
        """The links of each kind in `link_key` order: their keys, and what makes each link."""
        keyed: dict[LinkKind, list[tuple[str, tuple[LinkKind, int, str, str, str, str]]]] = {kind: [] for kind in LinkKind}
        for found in self._found:
            keyed[found[0]].append((link_key(*found[1:5]), found))
        for links in keyed.values():
            links.sort()
        return {kind: ([key for key, _ in links], [found for _, found in links]) for kind, links in keyed.items()}

    def page(self, kind: LinkKind, first: int, after: str | None) -> tuple[list[tuple[str, Link]], bool]:
        """The `first` links of `kind` whose `link_key` follows `after`, each with its key, and whether
        more follow: only those links are made (an S=100 plan has over 100,000)."""
        keys, found = self._keyed[kind]
        start = 0 if after is None else bisect_right(keys, after)
        end = start + first
        return [(key, self._link(*made)) for key, made in zip(keys[start:end], found[start:end])], end < len(keys)


def link_key(wave: int, placed: str, other: str, dependent: str) -> str:
    """A link's place among those of its kind: by wave, placed system, other system and dependent; a
    tab sorts before every character of a code, so the key's order is that of the tuple."""
    return f"{wave:06d}\t{placed}\t{other}\t{dependent}"


def placement_key(placement: Placement) -> str:
    """A placement's place in the plan: by wave, then code."""
    return f"{placement.wave:06d}\t{placement.code}"


_SHOWN = 3  # codes a reason names before "and N more"


async def migration_plan(store: GraphStore, request: PlanRequest, visibility: Visibility = EVERYTHING) -> MigrationPlan:
    """The plan over the systems `visibility` shows (the EIC sees the district; a department its own
    systems), read in a few batched statements and computed in a worker thread."""
    _check(request)
    if request.departments:
        known = await store.get_many(Label.DEPARTMENT, list(request.departments), visibility)
        missing = sorted(set(request.departments) - set(known))
        if missing:
            raise InvalidArgumentError(_("no department {codes}", codes=_(", ").join(missing)))
    judged: list[dict[str, SystemVerdict]] = []  # the systems are judged while their dependencies are read
    estate = await read_estate(store, visibility, on_systems=lambda systems: judged.append(judge_all(systems)))
    return await asyncio.to_thread(plan_waves, estate, request, judged[0])

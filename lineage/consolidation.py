"""Consolidation candidates (Art.27): pairs of systems that hold the same resources or the same data items.

Each department lists its systems for integration and sharing (Art.27); two systems holding the same
resources, or resources with the same items (the same datum: identifier kind and name, as
`lineage.collection` reads it), are candidates to merge. Each pair is scored by Jaccard similarity
(|A ∩ B| / |A ∪ B|) of the resources they hold and of the items of those resources; the pair's score
is the larger. Pairs inside one department and pairs across departments are asked for separately.

Example::

    found = await consolidation_candidates(store, Scope.WITHIN_DEPARTMENT, min_score=0.3)
    [(c.systems, round(c.score, 2), c.shared_items) for c in found]
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from dataclasses import dataclass
from enum import Enum
from itertools import combinations

from graph.access import EVERYTHING, Visibility
from graph.errors import InvalidArgumentError
from graph.i18n import _
from graph.terms import Network
from lineage.naming import word
from graph.labels import Direction, Label, RelType
from graph.records import Step
from graph.store import GraphStore
from lineage.estate import Estate, SystemInfo, read_estate

# Items too common to say anything about two systems (every register of people has a name).
COMMON_ITEMS = frozenset({"姓名", "性别", "出生日期", "联系电话", "地址", "备注", "更新日期", "所属街道", "所属社区"})


class Scope(str, Enum):
    """Which pairs: of one department, or of two."""

    WITHIN_DEPARTMENT = "WITHIN_DEPARTMENT"
    ACROSS_DEPARTMENTS = "ACROSS_DEPARTMENTS"


@dataclass(frozen=True)
class Candidate:
    """Two systems that hold overlapping data, scored, with the overlap listed (Art.27)."""

    systems: tuple[SystemInfo, SystemInfo]
    resource_score: float
    item_score: float
    shared_resources: tuple[str, ...]
    shared_items: tuple[str, ...]  # "KIND:name" of the items both hold
    caveats: tuple[str, ...]

    @property
    def score(self) -> float:
        return max(self.resource_score, self.item_score)

    @property
    def key(self) -> str:
        return f"{self.systems[0].code}|{self.systems[1].code}"

    @property
    def message(self) -> str:
        a, b = self.systems
        parts = []
        if self.shared_resources:
            parts.append(_("{count} resource(s) in common (Jaccard {score:.2f})", count=len(self.shared_resources), score=self.resource_score))
        if self.shared_items:
            parts.append(_("{count} data item(s) in common (Jaccard {score:.2f})", count=len(self.shared_items), score=self.item_score))
        return _("{first} and {second} hold overlapping data: {overlap}; consider merging them (Art.27)",
                 first=f"「{a.name}」", second=f"「{b.name}」", overlap=_("; ").join(parts))


def _jaccard(a: set[str], b: set[str]) -> tuple[float, tuple[str, ...]]:
    shared = a & b
    union = a | b
    return (len(shared) / len(union) if union else 0.0), tuple(sorted(shared))


def _caveats(a: SystemInfo, b: SystemInfo) -> tuple[str, ...]:
    found = []
    if a.network != b.network:
        found.append(_("different networks ({first}, {second}): integrated systems connect to the platform of their own network (Art.17, Art.27)",
                       first=word(Network, a.network), second=word(Network, b.network)))
    if a.classified != b.classified:
        found.append(_("one is classified: it may not be merged with an unclassified system (Art.28)"))
    if a.operator != b.operator:
        found.append(_("different departments ({first}, {second}): who provides, maintains (Art.24)", first=a.operator_name, second=b.operator_name))
    return tuple(found)


def candidates(
    estate: Estate, items: dict[str, frozenset[str]], scope: Scope, min_score: float = 0.1, department: str | None = None
) -> list[Candidate]:
    """The pairs of `scope` (involving `department` when given) scoring at least `min_score`, best first."""
    systems = [s for s in estate.systems.values() if not s.retired and (s.resources)]
    held = {s.code: set(s.resources) for s in systems}
    data = {s.code: {i for r in s.resources for i in items.get(r, frozenset())} - {f"NONE:{n}" for n in COMMON_ITEMS} for s in systems}
    by_datum: dict[str, list[str]] = defaultdict(list)
    for code in sorted(held):
        for datum in held[code] | data[code]:
            by_datum[datum].append(code)
    pairs = {pair for codes in by_datum.values() for pair in combinations(codes, 2)}
    found = []
    for a_code, b_code in sorted(pairs):
        a, b = estate.systems[a_code], estate.systems[b_code]
        same = a.operator is not None and a.operator == b.operator
        if same != (scope is Scope.WITHIN_DEPARTMENT):
            continue
        if department is not None and department not in (a.operator, b.operator):
            continue
        resource_score, shared_resources = _jaccard(held[a_code], held[b_code])
        item_score, shared_items = _jaccard(data[a_code], data[b_code])
        candidate = Candidate((a, b), resource_score, item_score, shared_resources, shared_items, _caveats(a, b))
        if candidate.score >= min_score and candidate.score > 0:
            found.append(candidate)
    return sorted(found, key=lambda c: (-c.score, c.key))


async def consolidation_candidates(
    store: GraphStore,
    scope: Scope = Scope.WITHIN_DEPARTMENT,
    min_score: float = 0.1,
    department: str | None = None,
    visibility: Visibility = EVERYTHING,
) -> list[Candidate]:
    """Candidates among the systems `visibility` shows (a department sees pairs of its own systems)."""
    if not 0 <= min_score <= 1:
        raise InvalidArgumentError(_("minScore must be between 0 and 1, got {value}", value=min_score))
    estate = await read_estate(store, visibility, dependencies=False)
    held = sorted({r for s in estate.systems.values() for r in s.resources})
    found = await store.neighbours_many(Label.RESOURCE, held, [Step(RelType.HAS_ITEM, Direction.OUT)], visibility)
    items = {
        code: frozenset(f"{n.props.get('identifier_kind', 'NONE')}:{str(n.props.get('name', '')).strip()}" for _, n in pairs)
        for code, pairs in found.items()
    }
    return await asyncio.to_thread(candidates, estate, items, scope, min_score, department)

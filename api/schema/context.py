"""What every resolver gets: the store and this request's DataLoaders (one set per request)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from strawberry.dataloader import DataLoader

from graph.access import EVERYTHING, PUBLIC, Principal, Visibility
from graph.labels import Label
from graph.records import Node, Relationship, Step
from graph.store import GraphStore
from lineage.access import visibility
from lineage.audit import AuditTrail
from lineage.lineage import LineageLimits
from lineage.restriction import Restriction, effective_restrictions

Pair = tuple[Relationship, Node]


@dataclass
class Loaders:
    """Batch and cache store reads for one request, so nested fields never cost a round trip each."""

    store: GraphStore
    visibility: Visibility = EVERYTHING
    _nodes: dict[Label, DataLoader[str, Node | None]] = field(default_factory=dict)
    _neighbours: dict[tuple[Label, tuple[Step, ...]], DataLoader[str, list[Pair]]] = field(default_factory=dict)
    _restrictions: DataLoader[str, Restriction | None] | None = None

    def nodes(self, label: Label) -> DataLoader[str, Node | None]:
        """Nodes of `label` by key."""
        if label not in self._nodes:

            async def load(keys: Sequence[str]) -> list[Node | None]:
                found = await self.store.get_many(label, list(keys), self.visibility)
                return [found.get(key) for key in keys]

            self._nodes[label] = DataLoader(load_fn=load)
        return self._nodes[label]

    def neighbours(self, label: Label, steps: tuple[Step, ...]) -> DataLoader[str, list[Pair]]:
        """The (relationship, node) pairs along `steps` from nodes of `label`, by key."""
        if (label, steps) not in self._neighbours:

            async def load(keys: Sequence[str]) -> list[list[Pair]]:
                found = await self.store.neighbours_many(label, list(keys), steps, self.visibility)
                return [found[key] for key in keys]

            self._neighbours[(label, steps)] = DataLoader(load_fn=load)
        return self._neighbours[(label, steps)]


    def restrictions(self) -> DataLoader[str, Restriction | None]:
        """Effective restrictions of resources by code, one traversal for a whole page."""
        if self._restrictions is None:

            async def load(keys: Sequence[str]) -> list[Restriction | None]:
                found = await effective_restrictions(self.store, list(keys))
                return [found.get(key) for key in keys]

            self._restrictions = DataLoader(load_fn=load)
        return self._restrictions


@dataclass
class Context:
    """The request context of a GraphQL operation."""

    store: GraphStore
    loaders: Loaders
    limits: LineageLimits = field(default_factory=LineageLimits)
    principal: Principal = PUBLIC
    audit: AuditTrail = field(default_factory=lambda: AuditTrail(PUBLIC))
    gateway: bool = False  # the federation gateway asks (api.web.http): it may read `_service` with introspection off

    @property
    def visibility(self) -> Visibility:
        return self.loaders.visibility

    @classmethod
    def for_request(
        cls,
        store: GraphStore,
        limits: LineageLimits | None = None,
        principal: Principal = PUBLIC,
        purpose: str | None = None,
        gateway: bool = False,
    ) -> Context:
        """The context of one request by `principal`: its reads see only what the principal may see;
        its acts are recorded with the changes they make (`AuditTrail.watch`)."""
        trail = AuditTrail(principal, purpose)
        return cls(trail.watch(store), Loaders(store, visibility(principal)), limits or LineageLimits(), principal, trail, gateway)

"""GraphQL types and root fields for lineage, impact, paths, restriction and lineage findings."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

import strawberry

from api.engine.ids import GlobalIds
from api.engine.lineage_answers import LineageIds, lineage_answer, node_name
from api.schema import enums
from api.schema.nodes import Ctx, Node, Impact, resource_impact, wrap
from graph.labels import Label
from graph.records import NodeRef, ReachedNode
from lineage import clock, flow
from lineage import lineage as lineage_question
from lineage.checks import lineage_findings
from lineage.findings import Finding as FoundFinding
from lineage.lineage import FlowEdge, LineageGraph
from lineage.paths import lineage_paths
from lineage.usage import NO_USAGE, Usage, usage


# Lineage answers carry hundreds of nodes and edges: their scalar fields are plain values set when the
# object is made, which strawberry resolves without building an `Info` per field (several times faster
# than a resolver method each); a plain selection of them is answered straight from the lineage graph
# (`api.engine.lineage_answers`).


@strawberry.type(description="A resource's uses and the consumers holding them, counted (Art.24): what a picture folds into badges.")
class ResourceUsage:
    uses: int = strawberry.field(description="Uses of it you may see, in any state.")
    uses_in_force: int = strawberry.field(description="Of those, the uses in force (granted and not expired).")
    consumers: int = strawberry.field(description="Distinct consumers holding the uses you may see.")
    hidden_uses: int = strawberry.field(description="Uses of it you may not see: counted, never named (Art.24, Art.29).")


class UsageBatch:
    """The usage of every resource of one lineage answer, read once for all its nodes when one asks."""

    def __init__(self, codes: list[str]) -> None:
        self.codes = codes
        self.task: asyncio.Task[dict[str, Usage]] | None = None

    async def of(self, info: Ctx, code: str) -> ResourceUsage:
        if self.task is None:
            context = info.context
            self.task = asyncio.ensure_future(usage(context.store, self.codes, clock.today(), context.visibility))
        found = (await self.task).get(code, NO_USAGE)
        return ResourceUsage(uses=found.uses, uses_in_force=found.in_force, consumers=found.consumers, hidden_uses=found.hidden)


@strawberry.type(description="A node of a lineage answer.")
class LineageNode:
    reached: strawberry.Private[ReachedNode]
    batch: strawberry.Private[UsageBatch | None]
    id: strawberry.ID = strawberry.field(description="Global ID (as `node(id:)` takes it); edges refer to nodes by it.")
    kind: str = strawberry.field(description="Kind of node: Resource, DataItem, System, Department, Consumer, Use, Citation, Platform.")
    code: str = strawberry.field(description="Its code (or a record's id).")
    name: str = strawberry.field(description="Its name (a citation's document, a use's purpose).")
    depth: int = strawberry.field(description="Steps from the start (0 for the start itself).")
    redacted: bool = strawberry.field(description="A placeholder for a node you may not see (kind only; its code is `redacted-N`).")
    has_more_upstream: bool = strawberry.field(
        description="It has upstream neighbours, along the kinds followed, that this answer does not link to it: "
        "beyond the depth or the node cap, or (for a node reached downstream) other sources it was not reached through. "
        "Ask again from this node, UPSTREAM, to see them. False for the resources an item-level answer brings along."
    )
    has_more_downstream: bool = strawberry.field(
        description="It has downstream neighbours, along the kinds followed, that this answer does not link to it "
        "(as `hasMoreUpstream`, the other way)."
    )
    more_upstream: int = strawberry.field(description="How many upstream neighbours `hasMoreUpstream` counts (hidden ones included).")
    more_downstream: int = strawberry.field(description="How many downstream neighbours `hasMoreDownstream` counts (hidden ones included).")

    @classmethod
    def of(cls, reached: ReachedNode, ids: LineageIds, batch: UsageBatch | None = None) -> LineageNode:
        node = reached.node
        up, down = ids.more_of(node.ref)
        return cls(
            reached=reached, batch=batch, id=strawberry.ID(ids(node.ref)), kind=node.label.value, code=node.key,
            name=node_name(node), depth=reached.depth, redacted=reached.redacted,
            has_more_upstream=up > 0, has_more_downstream=down > 0, more_upstream=up, more_downstream=down,
        )

    @strawberry.field(description="For a resource: its uses and their consumers, counted (what a picture folds into a badge); null for any other node and for a placeholder.")
    async def usage(self, info: Ctx) -> ResourceUsage | None:
        if self.batch is None or self.reached.redacted or self.reached.node.label is not Label.RESOURCE:
            return None
        return await self.batch.of(info, self.reached.node.key)

    @strawberry.field(description="The full object, for its own fields; null for a redacted placeholder, which has none.")
    def node(self) -> Node | None:
        return None if self.reached.redacted else wrap(self.reached.node)


@strawberry.type(description="One step of data flow, from the upstream node (source) to the downstream one (target).")
class LineageEdge:
    source: strawberry.ID = strawberry.field(description="ID of the upstream node.")
    target: strawberry.ID = strawberry.field(description="ID of the downstream node.")
    kind: enums.FlowKind | None = strawberry.field(description="Kind of step; null for an item's link to its own resource.")
    relationship: str = strawberry.field(description="The stored relationship type (DERIVED_FROM, OF, HAS_ITEM…).")
    transform: str | None = strawberry.field(description="The transform of a derivation (加工处理), if recorded.")
    system: str | None = strawberry.field(description="Code of the system that ran the derivation, if recorded.")
    desensitisation: bool = strawberry.field(description="The derivation desensitised the data (脱敏, Art.23).")

    @classmethod
    def of(cls, edge: FlowEdge, ids: GlobalIds) -> LineageEdge:
        props = edge.rel.props
        return cls(
            source=strawberry.ID(ids(edge.source)),
            target=strawberry.ID(ids(edge.target)),
            kind=None if edge.kind is None else enums.FlowKind[edge.kind.name],
            relationship=edge.rel.type.value, transform=props.get("transform"), system=props.get("system"),
            desensitisation=bool(props.get("desensitisation", False)),
        )


@strawberry.type(description="A lineage answer: a subgraph to draw.")
class Lineage:
    graph: strawberry.Private[LineageGraph]
    ids: strawberry.Private[LineageIds]

    @strawberry.field(description="Nodes, nearest first.")
    def nodes(self) -> list[LineageNode]:
        nodes = self.graph.nodes
        batch = UsageBatch([r.node.key for r in nodes if r.node.label is Label.RESOURCE and not r.redacted])
        return [LineageNode.of(r, self.ids, batch) for r in nodes]

    @strawberry.field(description="Flow edges between the nodes.")
    def edges(self) -> list[LineageEdge]:
        return [LineageEdge.of(e, self.ids) for e in self.graph.edges]

    @strawberry.field(
        description="Something was left out: the depth stopped the walk where it could have gone on, or the node cap cut "
        "a level. The nodes at the cut say so (`hasMoreUpstream`, `hasMoreDownstream`)."
    )
    def truncated(self) -> bool:
        return self.graph.truncated

    @strawberry.field(description="The farthest step reached.")
    def depth_reached(self) -> int:
        return self.graph.depth_reached


@strawberry.type(description="One way data flows between two nodes.")
class LineagePath:
    length: int = strawberry.field(description="Number of steps.")
    edges: list[LineageEdge] = strawberry.field(description="The steps, from the source.")


@strawberry.type(description="A rule of the Measures that something in the graph breaks.")
class Finding:
    found: strawberry.Private[FoundFinding]

    @strawberry.field(description="Rule id, e.g. DUPLICATE_COLLECTION.")
    def rule(self) -> str:
        return self.found.rule

    @strawberry.field(description="The article the rule comes from, e.g. Art.12.")
    def article(self) -> str:
        return self.found.article

    @strawberry.field(description="How grave it is.")
    def severity(self) -> enums.Severity:
        return enums.Severity[self.found.severity.name]

    @strawberry.field(description="What breaks the rule: kind and code.")
    def subject(self) -> str:
        return str(self.found.subject)

    @strawberry.field(description="What is wrong, and what to do.")
    def message(self) -> str:
        return self.found.message

    @strawberry.field(description="Other nodes the finding names (kind:code).")
    def related(self) -> list[str]:
        return [str(r) for r in self.found.related]


async def visible_findings(info: Ctx, findings: list[FoundFinding]) -> list[FoundFinding]:
    """The findings whose subject and every node they name the principal may see (Art.29): a finding
    must not reveal through its message what the store would hide."""
    refs = {ref for f in findings for ref in (f.subject, *f.related)}
    seen = set()
    for ref in refs:
        if await info.context.loaders.nodes(ref.label).load(ref.key) is not None:
            seen.add(ref)
    return [f for f in findings if f.subject in seen and all(r in seen for r in f.related)]


async def _objects(info: Ctx, refs: list[NodeRef]) -> list[Any]:
    found = []
    for ref in refs:
        stored = await info.context.loaders.nodes(ref.label).load(ref.key)
        if stored is not None:
            found.append(wrap(stored))
    return found


Depth = Annotated[int, strawberry.argument(description="How many steps to walk (1 to the configured cap).")]


@strawberry.type
class LineageQuery:
    @strawberry.field(description="Where data comes from or goes: a subgraph to draw (Art.12, Art.20, Art.24–25).")
    async def lineage(
        self,
        info: Ctx,
        code: Annotated[str, strawberry.argument(description="Code of a resource, item (resource#item), system, department, consumer or platform.")],
        direction: Annotated[enums.FlowDirection, strawberry.argument(description="UPSTREAM (sources), DOWNSTREAM (consumers) or BOTH.")] = enums.FlowDirection.UPSTREAM,
        depth: Depth = 3,
        level: Annotated[enums.LineageLevel, strawberry.argument(description="RESOURCE or ITEM level.")] = enums.LineageLevel.RESOURCE,
        follow: Annotated[list[enums.FlowKind] | None, strawberry.argument(description="Kinds of step to follow (default: all).")] = None,
    ) -> Lineage:
        kinds = tuple(flow.FlowKind[k.name] for k in follow) if follow else None
        graph = await lineage_question.lineage(
            info.context.store,
            code,
            flow.FlowDirection[direction.name],
            depth,
            lineage_question.Level[level.name],
            kinds,
            info.context.limits,
            info.context.visibility,
        )
        return lineage_answer(info, Lineage(graph=graph, ids=LineageIds(graph.more)))

    @strawberry.field(description="The ways data flows from one node to another, shortest first.")
    async def lineage_paths(
        self,
        info: Ctx,
        from_: Annotated[str, strawberry.argument(name="from", description="Code of the upstream node.")],
        to: Annotated[str, strawberry.argument(description="Code of the downstream node.")],
        max_depth: Annotated[int, strawberry.argument(description="Longest path to return.")] = 6,
    ) -> list[LineagePath]:
        paths = await lineage_paths(info.context.store, from_, to, max_depth, info.context.limits, info.context.visibility)
        ids = GlobalIds()
        return [LineagePath(length=len(p.edges), edges=[LineageEdge.of(e, ids) for e in p.edges]) for p in paths]

    @strawberry.field(description="Everything downstream of a resource, grouped by kind, with the departments to notify (Art.25).")
    async def impact(self, info: Ctx, code: Annotated[str, strawberry.argument(description="Resource code.")]) -> Impact:
        return await resource_impact(info, code)

    @strawberry.field(description="Findings from lineage: open data not desensitised (Art.23), onward flow to third parties (Art.24), duplicate collection (Art.5, Art.12).")
    async def lineage_findings(self, info: Ctx) -> list[Finding]:
        found = await lineage_findings(info.context.store, info.context.limits)
        return [Finding(found=f) for f in await visible_findings(info, found)]

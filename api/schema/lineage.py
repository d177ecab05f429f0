"""GraphQL types and root fields for lineage, impact, paths, restriction and lineage findings."""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any, cast

import strawberry
from graphql import GraphQLResolveInfo

from api.schema import enums
from api.engine.answers import NO, Expression, Getter, Recipe, per_field
from api.engine.executor import DIRECT, Answered, takes_answers
from api.engine.ids import GlobalIds
from api.schema.nodes import Citation, Consumer, Ctx, Department, Node, Platform, Resource, Use, wrap
from graph.records import NodeRef, ReachedNode
from graph.records import Node as StoredNode
from lineage import flow
from lineage import lineage as lineage_question
from lineage.checks import lineage_findings
from lineage.findings import Finding as FoundFinding
from lineage.impact import impact as impact_question
from lineage.lineage import FlowEdge, LineageGraph
from lineage.paths import lineage_paths
from lineage.restriction import Restriction as FoundRestriction

def _name(stored: StoredNode) -> str:
    props = stored.props
    return str(props.get("name") or props.get("document") or props.get("purpose") or stored.key)


# Lineage answers carry hundreds of nodes and edges: their scalar fields are plain values set when the
# object is made, which strawberry resolves without building an `Info` per field (several times faster
# than a resolver method each).


@strawberry.type(description="A node of a lineage answer.")
class LineageNode:
    reached: strawberry.Private[ReachedNode]
    id: strawberry.ID = strawberry.field(description="Global ID (as `node(id:)` takes it); edges refer to nodes by it.")
    kind: str = strawberry.field(description="Kind of node: Resource, DataItem, System, Department, Consumer, Use, Citation, Platform.")
    code: str = strawberry.field(description="Its code (or a record's id).")
    name: str = strawberry.field(description="Its name (a citation's document, a use's purpose).")
    depth: int = strawberry.field(description="Steps from the start (0 for the start itself).")
    redacted: bool = strawberry.field(description="A placeholder for a node you may not see (kind only; its code is `redacted-N`).")

    @classmethod
    def of(cls, reached: ReachedNode, ids: GlobalIds) -> LineageNode:
        node = reached.node
        return cls(
            reached=reached, id=strawberry.ID(ids(node.ref)), kind=node.label.value, code=node.key,
            name=_name(node), depth=reached.depth, redacted=reached.redacted,
        )

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


def _text(value: Any) -> Any:
    """A recorded text as a nullable String answers it (anything else: the general path)."""
    return value if value is None or type(value) is str else NO


# A lineage's answer built straight from its graph (`api.answers.Recipe`): each field of its nodes and
# edges as the field above answers it, from the reached node or flow edge (`each`) and the answer's IDs
# (`env`). Written as expressions: the recipe writes them into the one function that builds the rows.
_NODE_ANSWERS: dict[str, Getter] = {
    "id": Expression("env[each.node.ref]"),
    "kind": Expression("each.node.label._value_"),  # `.value` is a Python property: read the field
    "code": Expression("each.node.key if type(each.node.key) is str else NO", NO=NO),
    "name": Expression("_name(each.node)", _name=_name),
    "depth": Expression("each.depth"),
    "redacted": Expression("each.redacted"),
}
_EDGE_ANSWERS: dict[str, Getter] = {
    "source": Expression("env[each.source]"),
    "target": Expression("env[each.target]"),
    "kind": Expression("None if each.kind is None else each.kind.name"),  # FlowKind's GraphQL values are its names
    "relationship": Expression("each.rel.type._value_"),
    "transform": Expression("_text(each.rel.props.get('transform'))", _text=_text),
    "system": Expression("_text(each.rel.props.get('system'))", _text=_text),
    "desensitisation": Expression("bool(each.rel.props.get('desensitisation', False))"),
}
_LINEAGE_ANSWERS: dict[str, Getter] = {
    "truncated": lambda graph, _: graph.truncated,
    "depthReached": lambda graph, _: graph.depth_reached,
}
_LINEAGE_LISTS = {"nodes": (lambda graph, _: graph.nodes, _NODE_ANSWERS), "edges": (lambda graph, _: graph.edges, _EDGE_ANSWERS)}


def _lineage_recipe(info: GraphQLResolveInfo[Any]) -> Recipe | None:
    if len(info.field_nodes) != 1:
        return None
    return Recipe.compile(info, info.return_type, info.field_nodes[0].selection_set, _LINEAGE_ANSWERS, _LINEAGE_LISTS)


def _answered(info: Ctx, graph: LineageGraph) -> Lineage:
    """The lineage field's answer: built straight from the graph when its selection is plain (its
    nodes' and edges' leaves), else the object the executor completes field by field."""
    answer = Lineage(graph=graph)
    raw = info._raw_info
    if not takes_answers(info.schema):
        return answer
    recipe = per_field(raw, "lineage", lambda: _lineage_recipe(raw))
    data = None if recipe is None else recipe.fill(graph, answer.ids)
    if data is None:
        return answer

    async def general() -> Lineage:
        return answer

    # The executor takes the answer as it is (`api.execution.Answered`); strawberry is not told.
    return cast(Lineage, Answered(data, general))


def _nodes(reached: list[ReachedNode], ids: GlobalIds) -> list[LineageNode]:
    return [LineageNode.of(r, ids) for r in reached]


def _lineage_nodes(answer: Lineage, _: object = None) -> list[LineageNode]:
    return _nodes(answer.graph.nodes, answer.ids)


def _lineage_edges(answer: Lineage, _: object = None) -> list[LineageEdge]:
    return [LineageEdge.of(e, answer.ids) for e in answer.graph.edges]


# The fields of a lineage answer are worked out from the graph with nothing else: each says so
# (`DIRECT`), and the executor answers it without strawberry's resolver machinery.
@strawberry.type(description="A lineage answer: a subgraph to draw.")
class Lineage:
    graph: strawberry.Private[LineageGraph]
    ids: strawberry.Private[GlobalIds] = dataclasses.field(default_factory=GlobalIds)

    @strawberry.field(description="Nodes, nearest first.", metadata={DIRECT: _lineage_nodes})
    def nodes(self) -> list[LineageNode]:
        return _lineage_nodes(self)

    @strawberry.field(description="Flow edges between the nodes.", metadata={DIRECT: _lineage_edges})
    def edges(self) -> list[LineageEdge]:
        return _lineage_edges(self)

    @strawberry.field(description="A cap on nodes cut the answer: there is more than shown.", metadata={DIRECT: lambda answer, _: answer.graph.truncated})
    def truncated(self) -> bool:
        return self.graph.truncated

    @strawberry.field(description="The farthest step reached.", metadata={DIRECT: lambda answer, _: answer.graph.depth_reached})
    def depth_reached(self) -> int:
        return self.graph.depth_reached


@strawberry.type(description="One way data flows between two nodes.")
class LineagePath:
    length: int = strawberry.field(description="Number of steps.")
    edges: list[LineageEdge] = strawberry.field(description="The steps, from the source.")


@strawberry.type(description="A resource published on an open portal (Art.16, Art.21).")
class Publication:
    resource: Resource = strawberry.field(description="The published resource.")
    platform: Platform = strawberry.field(description="The portal.")


@strawberry.type(description="Everything downstream of a resource, for whoever must act on an error in it (Art.25).")
class Impact:
    resource: Resource = strawberry.field(description="The resource.")
    derived: list[Resource] = strawberry.field(description="Resources derived from it, directly or not.")
    uses: list[Use] = strawberry.field(description="Uses of it or of anything derived from it.")
    consumers: list[Consumer] = strawberry.field(description="Consumers holding those uses.")
    citations: list[Citation] = strawberry.field(description="Citations of any of them in decisions and documents.")
    publications: list[Publication] = strawberry.field(description="Open publications of any of them.")
    open_derived: list[Resource] = strawberry.field(description="Derived resources that are opened.")
    notify: list[Department] = strawberry.field(description="Provider departments to notify (Art.25–26).")
    truncated: bool = strawberry.field(description="A cap cut the answer.")

    @strawberry.field(description="How many of each.", metadata={DIRECT: lambda impact, _: _counts(impact)})
    def counts(self) -> ImpactCounts:
        return _counts(self)


def _counts(impact: Impact) -> ImpactCounts:
    return ImpactCounts(
        derived=len(impact.derived), uses=len(impact.uses), consumers=len(impact.consumers),
        citations=len(impact.citations), publications=len(impact.publications),
    )


@strawberry.type(description="Counts of an impact.")
class ImpactCounts:
    derived: int = strawberry.field(description="Derived resources.")
    uses: int = strawberry.field(description="Uses.")
    consumers: int = strawberry.field(description="Consumers.")
    citations: int = strawberry.field(description="Citations.")
    publications: int = strawberry.field(description="Open publications.")


async def _visible_resource(info: Ctx, stored: StoredNode | None) -> Resource | None:
    """The resource as the principal may see it, or None."""
    if stored is None:
        return None
    visible = await info.context.loaders.nodes(stored.label).load(stored.key)
    return None if visible is None else Resource(stored=visible)


@strawberry.type(description="A resource's effective restriction: at least that of what it derives from, unless a step desensitised (Art.18, Art.23).")
class Restriction:
    found: strawberry.Private[FoundRestriction]

    @strawberry.field(description="Effective share type (a ShareType value).")
    def share_type(self) -> str:
        return self.found.share_type

    @strawberry.field(description="The upstream resource that forces the share type, if it is not the resource's own (null too when you may not see it).")
    async def share_forced_by(self, info: Ctx) -> Resource | None:
        return await _visible_resource(info, self.found.share_forced_by)

    @strawberry.field(description="Effective open type (an OpenType value).")
    def open_type(self) -> str:
        return self.found.open_type

    @strawberry.field(description="The upstream resource that forces the open type, if it is not the resource's own (null too when you may not see it).")
    async def open_forced_by(self, info: Ctx) -> Resource | None:
        return await _visible_resource(info, self.found.open_forced_by)

    @strawberry.field(description="Upstream resources holding personal information, reached with no desensitisation (Art.23, Art.32); only those you may see.")
    async def personal_upstream(self, info: Ctx) -> list[Resource]:
        found = [await _visible_resource(info, n) for n in self.found.personal_upstream]
        return [r for r in found if r is not None]


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


async def resource_impact(info: Ctx, code: str) -> Impact:
    """The impact of resource `code` as GraphQL objects."""
    found = await impact_question(info.context.store, code, info.context.limits, info.context.visibility)
    return Impact(
        resource=Resource(stored=found.resource),
        derived=[Resource(stored=n) for n in found.derived],
        uses=[Use(stored=n) for n in found.uses],
        consumers=[Consumer(stored=n) for n in found.consumers],
        citations=[Citation(stored=n) for n in found.citations],
        publications=[Publication(resource=Resource(stored=p.resource), platform=Platform(stored=p.platform)) for p in found.publications],
        open_derived=[Resource(stored=n) for n in found.open_derived],
        notify=[Department(stored=n) for n in found.notify],
        truncated=found.truncated,
    )


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
        return _answered(info, graph)

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

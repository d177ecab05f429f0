"""Lineage answers built straight from the lineage graph.

A `lineage` field whose nodes and edges select only their leaves (IDs, kinds, codes, names, depths,
the edge's relationship, transform and flags) is answered from its `LineageGraph` by a recipe compiled
once per field of a parsed document (`api.engine.answers.Recipe`), without a `LineageNode` or
`LineageEdge` object or any field completed one by one. Each getter below answers what the schema's
field of that name answers (`api.schema.lineage`), from the reached node or flow edge (`each`) and the
answer's global IDs (`env`); `tests/api/engine/test_answers.py` compares both paths. A selection of
`node` (the full object), a directive, or a value the general path would coerce (a transform that is
not text) takes the general path.
"""

from __future__ import annotations

from typing import Any, Protocol, TypeVar, cast

import strawberry
from graphql import GraphQLResolveInfo

from api.engine.answers import NO, Expression, Getter, Recipe, per_field
from api.engine.executor import Answered, takes_answers
from api.engine.ids import GlobalIds
from api.engine.internals import raw_info
from graph.records import Node as StoredNode
from graph.records import NodeRef
from lineage.lineage import LineageGraph


class LineageIds(GlobalIds):
    """A lineage answer's global IDs, with what the answer leaves out around each node
    (`LineageGraph.more`), which its nodes' `moreUpstream`… fields answer from."""

    def __init__(self, more: dict[NodeRef, tuple[int, int]]) -> None:
        super().__init__()
        self.more = more

    def more_of(self, ref: NodeRef) -> tuple[int, int]:
        """(upstream, downstream) neighbours of `ref` the answer leaves out."""
        return self.more.get(ref, NONE_MORE)


NONE_MORE = (0, 0)


def node_name(stored: StoredNode) -> str:
    """The name a lineage answer gives a node: its name, a citation's document, a use's purpose, or its key."""
    props = stored.props
    return str(props.get("name") or props.get("document") or props.get("purpose") or stored.key)


def _text(value: Any) -> Any:
    """A recorded text as a nullable String answers it (anything else: the general path)."""
    return value if value is None or type(value) is str else NO


# Written as expressions: the recipe writes them into the one function that builds the rows.
_NODE_ANSWERS: dict[str, Getter] = {
    "id": Expression("env[each.node.ref]"),
    "kind": Expression("each.node.label._value_"),  # `.value` is a Python property: read the field
    "code": Expression("each.node.key if type(each.node.key) is str else NO", NO=NO),
    "name": Expression("_name(each.node)", _name=node_name),
    "depth": Expression("each.depth"),
    "redacted": Expression("each.redacted"),
    "moreUpstream": Expression("env.more.get(each.node.ref, _none)[0]", _none=NONE_MORE),
    "moreDownstream": Expression("env.more.get(each.node.ref, _none)[1]", _none=NONE_MORE),
    "hasMoreUpstream": Expression("env.more.get(each.node.ref, _none)[0] > 0", _none=NONE_MORE),
    "hasMoreDownstream": Expression("env.more.get(each.node.ref, _none)[1] > 0", _none=NONE_MORE),
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


class LineageObject(Protocol):
    """The schema's lineage answer: its graph, and the global IDs of its nodes."""

    @property
    def graph(self) -> LineageGraph: ...

    @property
    def ids(self) -> LineageIds: ...


L = TypeVar("L", bound=LineageObject)


def _recipe(info: GraphQLResolveInfo[Any]) -> Recipe | None:
    if len(info.field_nodes) != 1:
        return None
    return Recipe.compile(info, info.return_type, info.field_nodes[0].selection_set, _LINEAGE_ANSWERS, _LINEAGE_LISTS)


def lineage_answer(info: strawberry.Info[Any, Any], answer: L) -> L:
    """The lineage field's answer: built straight from `answer`'s graph when its selection is plain and
    the schema is answered fast, else `answer` itself, which the executor completes field by field."""
    if not takes_answers(info.schema):
        return answer
    raw = raw_info(info)
    recipe = per_field(raw, "lineage", lambda: _recipe(raw))
    data = None if recipe is None else recipe.fill(answer.graph, answer.ids)
    if data is None:
        return answer

    async def general() -> L:
        return answer

    # The executor takes the answer as it is (`api.engine.executor.Answered`); strawberry is not told.
    return cast(L, Answered(data, general))

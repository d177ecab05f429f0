"""The executor: graphql-core's, with plain scalar fields answered in place.

Most fields of a large answer are plain: a stored property or an attribute, a scalar or an enum, with no
resolver, no arguments and no extension (an upstream lineage of depth 6 at S=10 has ~1,100 fields, over
1,000 of them such leaves). graphql-core executes each one the general way: it builds a `ResolveInfo`,
calls the (default) resolver through strawberry's wrapper, then walks `complete_value` down the
non-null, list, leaf, abstract and object cases. For a plain leaf all that ends in `coerce_output_value`
of what the default resolver reads. This executor does just that for such a field and leaves every other
field, and every case it is not sure of (a null, an error, a value the scalar refuses, a request with
field middleware), to the general path, so answers and errors are exactly graphql-core's.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from graphql import (
    GraphQLEnumType, GraphQLField, GraphQLLeafType, GraphQLNonNull, GraphQLObjectType, GraphQLScalarType, GraphQLSchema, Undefined,
)
from graphql.execution.collect_fields import GroupedFieldSet
from graphql.pyutils import Path
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.field import StrawberryField

DEFINITION_BACKREF = GraphQLCoreConverter.DEFINITION_BACKREF  # a GraphQL field's strawberry field
Reader = Callable[[Any, str], Any]  # the schema's default resolver: (source, python name) -> value


class PlainLeaf:
    """How to answer one plain leaf field: read it with the default resolver, coerce it with its type."""

    __slots__ = ("name", "read", "leaf", "non_null")

    def __init__(self, name: str, read: Reader, leaf: GraphQLLeafType, non_null: bool) -> None:
        self.name, self.read, self.leaf, self.non_null = name, read, leaf, non_null

    def answer(self, source: Any) -> Any:
        """The field's value, or `Undefined` when the general path must answer (null, error, refusal)."""
        try:
            value = self.read(source, self.name)
            if value is None:
                return Undefined if self.non_null else None
            coerced = self.leaf.coerce_output_value(value)
        except Exception:  # the general path raises it again, located, with the field's path
            return Undefined
        return Undefined if coerced is None else coerced


def _plain_leaf(field: StrawberryField, graphql_field: GraphQLField) -> PlainLeaf | None:
    """The field's `PlainLeaf` if strawberry would resolve it with the default resolver alone."""
    if not field.is_basic_field or graphql_field.args or field.default_resolver is None:
        return None
    graphql_type = graphql_field.type
    non_null = isinstance(graphql_type, GraphQLNonNull)
    leaf = graphql_type.of_type if isinstance(graphql_type, GraphQLNonNull) else graphql_type
    if not isinstance(leaf, (GraphQLScalarType, GraphQLEnumType)):
        return None
    return PlainLeaf(field.python_name, field.default_resolver, leaf, non_null)


def plain_leaves(schema: GraphQLSchema) -> dict[str, dict[str, PlainLeaf]]:
    """Per object type name, its plain leaf fields by GraphQL name (fields strawberry did not define have none)."""
    table: dict[str, dict[str, PlainLeaf]] = {}
    for name, graphql_type in schema.type_map.items():
        if not isinstance(graphql_type, GraphQLObjectType):
            continue
        leaves: dict[str, PlainLeaf] = {}
        for field_name, graphql_field in graphql_type.fields.items():
            field = (graphql_field.extensions or {}).get(DEFINITION_BACKREF)
            if isinstance(field, StrawberryField) and (plain := _plain_leaf(field, graphql_field)) is not None:
                leaves[field_name] = plain
        if leaves:
            table[name] = leaves
    return table


class PlainFieldExecutor(StrawberryGraphQLCoreExecutionContext):
    """strawberry's executor, answering plain leaf fields in place (see the module's docstring).

    The table of plain leaves is learnt on the first request and kept in the GraphQL schema's own
    `extensions`, so it lives and dies with the schema it describes.
    """

    def execute_fields(
        self,
        parent_type: GraphQLObjectType,
        source_value: Any,
        path: Path | None,
        grouped_field_set: GroupedFieldSet,
        position_context: Any,
    ) -> Any:
        leaves = _table(self.schema).get(parent_type.name)
        if leaves is None or self._middleware_wraps():
            return super().execute_fields(parent_type, source_value, path, grouped_field_set, position_context)
        answered: dict[str, Any] = {}
        rest: GroupedFieldSet = {}
        for response_name, field_details_list in grouped_field_set.items():
            node = field_details_list[0].node
            plain = leaves.get(node.name.value)
            if plain is not None and not node.arguments:
                value = plain.answer(source_value)
                if value is not Undefined:
                    answered[response_name] = value
                    continue
            rest[response_name] = field_details_list
        if not rest:
            return answered
        others = super().execute_fields(parent_type, source_value, path, rest, position_context)
        if isinstance(others, dict):
            return _merged(grouped_field_set, answered, others)
        return _merged_later(grouped_field_set, answered, others)

    def _middleware_wraps(self) -> bool:
        """Whether some extension resolves fields as middleware: then every field goes through it."""
        manager = self.middleware_manager
        return manager is not None and bool(manager.middlewares)


def _merged(order: GroupedFieldSet, answered: dict[str, Any], others: dict[str, Any]) -> dict[str, Any]:
    """Both halves of an object's answer, in the order the query asked for its fields."""
    return {name: answered[name] if name in answered else others[name] for name in order if name in answered or name in others}


async def _merged_later(order: GroupedFieldSet, answered: dict[str, Any], others: Awaitable[dict[str, Any]]) -> dict[str, Any]:
    return _merged(order, answered, await others)


_TABLE = "govgraph.plainLeaves"  # key of the GraphQL schema's `extensions` holding its `plain_leaves`


def _table(schema: GraphQLSchema) -> dict[str, dict[str, PlainLeaf]]:
    table: dict[str, dict[str, PlainLeaf]] | None = schema.extensions.get(_TABLE)
    if table is None:
        table = schema.extensions[_TABLE] = plain_leaves(schema)
    return table

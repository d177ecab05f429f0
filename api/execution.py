"""The executor: graphql-core's, with the fields whose value is at hand answered in place.

Most fields of a large answer are plain: a stored property or an attribute, a scalar or an enum, with no
resolver, no arguments and no extension (an upstream lineage of depth 6 at S=10 has ~1,100 fields, over
1,000 of them such leaves). graphql-core executes each one the general way: it builds a `ResolveInfo`,
calls the (default) resolver through strawberry's wrapper, then walks `complete_value` down the
non-null, list, leaf, abstract and object cases. For a plain leaf all that ends in `coerce_output_value`
of what the default resolver reads. This executor does just that for such a field.

A field with a resolver may also say, in its metadata (`DIRECT`), how to get its value from its source
and the request context alone when it can (a link a page read brought along, `api.prefetch`); then the
executor skips strawberry's resolver machinery (its `Info`, argument conversion and extension chain) and
completes that value as graphql-core would.

Every other field, and every case this is not sure of (a null, an error, a value the scalar refuses, a
direct value that is not at hand, a request with field middleware), takes the general path, so answers
and errors are exactly graphql-core's.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from graphql import (
    GraphQLEnumType, GraphQLField, GraphQLLeafType, GraphQLNonNull, GraphQLObjectType, GraphQLOutputType,
    GraphQLResolveInfo, GraphQLScalarType, GraphQLSchema, Undefined,
)
from graphql.execution.collect_fields import FieldDetailsList, GroupedFieldSet
from graphql.execution.executor import to_nodes
from graphql.pyutils import Path
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.field import StrawberryField

DEFINITION_BACKREF = GraphQLCoreConverter.DEFINITION_BACKREF  # a GraphQL field's strawberry field
# Field metadata: `(source, context) -> value`, the field's value when it is at hand without its
# resolver, else `Undefined` (then the resolver answers). It must give what the resolver would.
DIRECT = "govgraph.direct"
Getter = Callable[[Any, Any], Any]


class InPlace:
    """How to answer one field in place: `get` its value from (source, context); a leaf is then coerced
    with its type, an object completed by graphql-core."""

    __slots__ = ("get", "leaf", "non_null", "definition")

    def __init__(self, get: Getter, definition: GraphQLField) -> None:
        graphql_type = definition.type
        inner = graphql_type.of_type if isinstance(graphql_type, GraphQLNonNull) else graphql_type
        self.get, self.definition, self.non_null = get, definition, isinstance(graphql_type, GraphQLNonNull)
        self.leaf: GraphQLLeafType | None = inner if isinstance(inner, (GraphQLScalarType, GraphQLEnumType)) else None

    def answer_leaf(self, source: Any, context: Any) -> Any:
        """A leaf field's value, or `Undefined` when the general path must answer (null, error, refusal)."""
        assert self.leaf is not None
        try:
            value = self.get(source, context)
            if value is None:
                return Undefined if self.non_null else None
            if value is Undefined:
                return Undefined
            coerced = self.leaf.coerce_output_value(value)
        except Exception:  # the general path raises it again, located, with the field's path
            return Undefined
        return Undefined if coerced is None else coerced


def _in_place(field: StrawberryField, definition: GraphQLField) -> InPlace | None:
    """How to answer the field in place, if it can be: a plain leaf strawberry would resolve with the
    default resolver alone, or a field without arguments or extensions that says how (`DIRECT`)."""
    if definition.args or field.extensions:
        return None
    direct = field.metadata.get(DIRECT) if field.metadata else None
    if direct is not None:
        return InPlace(direct, definition)
    read = field.default_resolver
    if not field.is_basic_field or read is None:
        return None
    name = field.python_name
    found = InPlace(lambda source, _: read(source, name), definition)
    return found if found.leaf is not None else None


def in_place_fields(schema: GraphQLSchema) -> dict[str, dict[str, InPlace]]:
    """Per object type name, its fields answered in place, by GraphQL name (fields strawberry did not define have none)."""
    table: dict[str, dict[str, InPlace]] = {}
    for name, graphql_type in schema.type_map.items():
        if not isinstance(graphql_type, GraphQLObjectType):
            continue
        found: dict[str, InPlace] = {}
        for field_name, definition in graphql_type.fields.items():
            field = (definition.extensions or {}).get(DEFINITION_BACKREF)
            if isinstance(field, StrawberryField) and (answer := _in_place(field, definition)) is not None:
                found[field_name] = answer
        if found:
            table[name] = found
    return table


class InPlaceExecutor(StrawberryGraphQLCoreExecutionContext):
    """strawberry's executor, answering fields in place where it can (see the module's docstring).

    The table of such fields is learnt on the first request and kept in the GraphQL schema's own
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
        fields = _table(self.schema).get(parent_type.name)
        if fields is None or self._middleware_wraps():
            return super().execute_fields(parent_type, source_value, path, grouped_field_set, position_context)
        answered: dict[str, Any] = {}
        rest: GroupedFieldSet = {}
        for response_name, field_details_list in grouped_field_set.items():
            node = field_details_list[0].node
            field = fields.get(node.name.value)
            if field is not None and field.leaf is not None and not node.arguments:
                value = field.answer_leaf(source_value, self.context_value)
                if value is not Undefined:
                    answered[response_name] = value
                    continue
            rest[response_name] = field_details_list  # objects in place go through `execute_field`
        if not rest:
            return answered
        others = super().execute_fields(parent_type, source_value, path, rest, position_context)
        if isinstance(others, dict):
            return _merged(grouped_field_set, answered, others)
        return _merged_later(grouped_field_set, answered, others)

    def execute_field(
        self,
        parent_type: GraphQLObjectType,
        source: Any,
        field_details_list: FieldDetailsList,
        path: Path,
        position_context: Any,
    ) -> Any:
        node = field_details_list[0].node
        field = _table(self.schema).get(parent_type.name, {}).get(node.name.value)
        value = Undefined
        if field is not None and field.leaf is None and not node.arguments and not self._middleware_wraps():
            try:
                value = field.get(source, self.context_value)
            except Exception:  # the resolver, on the general path, raises it again, located
                value = Undefined
        if value is Undefined or field is None:
            return super().execute_field(parent_type, source, field_details_list, path, position_context)
        # From here as graphql-core goes on once the resolver has answered `value`.
        return_type = field.definition.type
        info = self.build_resolve_info(field.definition, to_nodes(field_details_list), parent_type, path)
        try:
            completed = self.complete_value(return_type, field_details_list, info, path, value, position_context)
        except Exception as raw_error:
            self.handle_field_error(raw_error, return_type, field_details_list, path)
            return None
        if self.is_awaitable(completed):
            return self._settled(completed, return_type, field_details_list, path)
        return completed

    def complete_iterable_value(
        self,
        item_type: GraphQLOutputType,
        field_details_list: FieldDetailsList,
        info: GraphQLResolveInfo[Any],
        path: Path,
        items: Iterable[Any],
        position_context: Any,
    ) -> Any:
        rows = self._leaf_rows(item_type, field_details_list, info, items)
        if rows is not None:
            return rows
        return super().complete_iterable_value(item_type, field_details_list, info, path, items, position_context)

    def _leaf_rows(
        self, item_type: GraphQLOutputType, field_details_list: FieldDetailsList, info: GraphQLResolveInfo[Any], items: Iterable[Any]
    ) -> list[dict[str, Any] | None] | None:
        """A list of objects whose selected fields are all leaves answered in place (a lineage's nodes and
        edges), answered row by row without completing each object field by field; None (the general
        path) as soon as anything is not that simple: an item the type refuses, a null, a field that
        must take the general path, a directive on the list field, a deferred fragment."""
        non_null = isinstance(item_type, GraphQLNonNull)
        object_type = item_type.of_type if isinstance(item_type, GraphQLNonNull) else item_type
        if not isinstance(object_type, GraphQLObjectType) or not isinstance(items, (list, tuple)) or self._middleware_wraps():
            return None
        if any(details.node.directives for details in field_details_list):
            return None
        fields = _table(self.schema).get(object_type.name)
        grouped, deferred, _ = self.collect_subfields(object_type, field_details_list)
        if fields is None or deferred:
            return None
        columns: list[tuple[str, InPlace | None]] = []
        for response_name, details in grouped.items():
            node = details[0].node
            name = node.name.value
            if name == "__typename":
                columns.append((response_name, None))
                continue
            field = fields.get(name)
            if field is None or field.leaf is None or node.arguments:
                return None
            columns.append((response_name, field))
        context, is_type_of = self.context_value, object_type.is_type_of
        rows: list[dict[str, Any] | None] = []
        for item in items:
            if item is None:
                if non_null:
                    return None
                rows.append(None)
                continue
            if is_type_of is not None and is_type_of(item, info) is not True:
                return None
            row: dict[str, Any] = {}
            for response_name, field in columns:
                value = object_type.name if field is None else field.answer_leaf(item, context)
                if value is Undefined:
                    return None
                row[response_name] = value
            rows.append(row)
        return rows

    async def _settled(
        self, completed: Awaitable[Any], return_type: GraphQLOutputType, field_details_list: FieldDetailsList, path: Path
    ) -> Any:
        try:
            return await completed
        except Exception as raw_error:
            self.handle_field_error(raw_error, return_type, field_details_list, path)
            return None

    def _middleware_wraps(self) -> bool:
        """Whether some extension resolves fields as middleware: then every field goes through it."""
        manager = self.middleware_manager
        return manager is not None and bool(manager.middlewares)


def _merged(order: GroupedFieldSet, answered: dict[str, Any], others: dict[str, Any]) -> dict[str, Any]:
    """Both halves of an object's answer, in the order the query asked for its fields."""
    return {name: answered[name] if name in answered else others[name] for name in order if name in answered or name in others}


async def _merged_later(order: GroupedFieldSet, answered: dict[str, Any], others: Awaitable[dict[str, Any]]) -> dict[str, Any]:
    return _merged(order, answered, await others)


_TABLE = "govgraph.inPlaceFields"  # key of the GraphQL schema's `extensions` holding its `in_place_fields`


def _table(schema: GraphQLSchema) -> dict[str, dict[str, InPlace]]:
    table: dict[str, dict[str, InPlace]] | None = schema.extensions.get(_TABLE)
    if table is None:
        table = schema.extensions[_TABLE] = in_place_fields(schema)
    return table

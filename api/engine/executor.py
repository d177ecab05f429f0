"""The executor: graphql-core's, with the fields whose value is at hand answered in place.

Most fields of a large answer are plain: a stored property or an attribute, a scalar or an enum, with no
resolver, no arguments and no extension (an upstream lineage of depth 6 at S=10 has ~1,100 fields, over
1,000 of them such leaves). graphql-core executes each one the general way: it builds a `ResolveInfo`,
calls the (default) resolver through strawberry's wrapper, then walks `complete_value` down the
non-null, list, leaf, abstract and object cases. For a plain leaf all that ends in `coerce_output_value`
of what the default resolver reads. This executor does just that for such a field.

Which fields it answers in place, and how, it derives from the schema alone (`in_place_fields`): a
field without a resolver (an attribute, or a `Stored` property of its node), a field whose resolver is
a plain method (not async, taking `self` alone: it is called with the object, and may be called again
when the general path must answer after all, so it has no effect of its own), and a field whose
declared source says how to find its value without its resolver when it is at hand (`Linked` and
`Counted`: what the node's page read brought, `api.engine.sources`). Such a field skips strawberry's
resolver machinery (its `Info`, argument conversion and extension chain) and its value is completed
as graphql-core would.

A list of objects whose selected fields are all answered so (leaves, or objects and lists of objects
whose own fields are, a few levels deep: a page's edges with each node's provider and catalogs) is
answered row by row, without completing any of its objects field by field. A link whose getter has an
effect (`Linked.on_read`: it audits) is never answered in a row, since a row may be given up half-way.

Every other field, and every case this is not sure of (a null, an error, a value the scalar refuses, a
value not at hand, a request with field middleware), takes the general path, so answers and errors are
exactly graphql-core's.

The schema tells the engine what it cannot derive (`answer_fast`): which object type answers a stored
node of each label (to answer links), and which generic type is the Relay connection (pages answered
from rows, `api.engine.answers`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import strawberry
from graphql import (
    GraphQLEnumType, GraphQLField, GraphQLLeafType, GraphQLList, GraphQLNonNull, GraphQLObjectType, GraphQLOutputType,
    GraphQLResolveInfo, GraphQLScalarType, GraphQLSchema, Undefined,
)
from graphql.pyutils import Path

from api.engine.ids import global_id
from api.engine.internals import (
    FieldDetailsList, GroupedFieldSet, StrawberryExecutionContext, StrawberryField, accepted_classes, field_of, graphql_schema,
    is_cast, middleware_wraps, plain_attribute, plain_method, to_nodes,
)
from api.engine.sources import Counted, GlobalId, Linked, Stored, StoredFieldReader, source_of, stored_reader
from graph.labels import Label
from graph.records import Node as StoredNode

Getter = Callable[[Any, Any], Any]
INT_RANGE = range(-(2**31), 2**31)  # GraphQL's Int
# Per scalar, the Python type whose values it answers unchanged (graphql-core's serializers return them as they are).
_UNCHANGED = {"String": str, "ID": str, "Boolean": bool, "Int": int}
_FAST_PATH = "govgraph.fastPath"  # key of the GraphQL schema's `extensions` holding what `answer_fast` was told


@dataclass(frozen=True)
class FastPath:
    """What the schema tells the engine (`answer_fast`): the object type of each stored node's label,
    and the generic Relay connection type whose pages are answered straight from the store's rows."""

    node_types: Mapping[Label, Callable[..., Any]]
    connection: type | None = None

    def wrap(self, stored: StoredNode) -> Any:
        """The GraphQL object for a stored node."""
        return self.node_types[stored.label](stored=stored)

    @classmethod
    def of(cls, schema: GraphQLSchema) -> FastPath | None:
        """What `schema` was told, if it is answered fast."""
        found = schema.extensions.get(_FAST_PATH)
        return found if isinstance(found, cls) else None


def answer_fast(schema: strawberry.Schema, node_types: Mapping[Label, Callable[..., Any]], connection: type | None = None) -> None:
    """Tell `schema`, built with `InPlaceExecutor`, what the engine cannot derive: the object type of
    each stored node's label, and the generic Relay connection type. It is kept in the schema itself."""
    graphql_schema(schema).extensions[_FAST_PATH] = FastPath(node_types, connection)


def unchanged_type(scalar: GraphQLScalarType) -> type | None:
    """The Python type whose values `scalar` answers unchanged (an `int` only within `INT_RANGE`), if any."""
    return _UNCHANGED.get(scalar.name)


def answers_unchanged(value: Any, python_type: type | None) -> bool:
    """Whether `value` is what a scalar answering `python_type` unchanged (`unchanged_type`) answers for it."""
    return type(value) is python_type and (python_type is not int or value in INT_RANGE)


class Answered:
    """A resolver's value that is already its field's complete answer, exactly what completing the
    value `general()` awaits to would give (`api.engine.answers`: a page built straight from the store's rows).
    The executor takes `data` as it is, unless field middleware must see every field: then it
    completes `general()` the general way."""

    __slots__ = ("data", "general")

    def __init__(self, data: dict[str, Any], general: Callable[[], Awaitable[Any]]) -> None:
        self.data, self.general = data, general


def takes_answers(schema: object) -> bool:
    """Whether the (strawberry) schema executes with the executor that takes an `Answered` as it is."""
    executor = getattr(schema, "execution_context_class", None)
    return isinstance(executor, type) and issubclass(executor, InPlaceExecutor)


class InPlace:
    """How to answer one field in place: `get` its value from (source, context); a leaf is then coerced
    with its type, an object completed by graphql-core."""

    __slots__ = ("get", "leaf", "non_null", "definition", "effects", "stored", "unchanged")

    def __init__(self, get: Getter, definition: GraphQLField, effects: bool = False, stored: str | None = None) -> None:
        self.effects = effects
        graphql_type = definition.type
        inner = graphql_type.of_type if isinstance(graphql_type, GraphQLNonNull) else graphql_type
        self.get, self.definition, self.non_null = get, definition, isinstance(graphql_type, GraphQLNonNull)
        self.leaf: GraphQLLeafType | None = inner if isinstance(inner, (GraphQLScalarType, GraphQLEnumType)) else None
        # The stored property answered as it is (a `Stored` one with nothing to convert), and the Python type the scalar passes unchanged.
        self.unchanged = unchanged_type(inner) if stored is not None and isinstance(inner, GraphQLScalarType) else None
        self.stored = stored if self.unchanged is not None else None

    def answer_leaf(self, source: Any, context: Any) -> Any:
        """A leaf field's value, or `Undefined` when the general path must answer (null, error, refusal)."""
        assert self.leaf is not None
        if self.stored is not None:
            stored = getattr(source, "stored", None)
            props = getattr(stored, "props", None)
            if type(props) is dict:
                value = props.get(self.stored)
                if answers_unchanged(value, self.unchanged):
                    return value
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


def _in_place(field: StrawberryField, definition: GraphQLField, fast: FastPath | None) -> InPlace | None:
    """How to answer the field in place, if it can be (see the module's docstring): derived from its
    declared source, or else from how strawberry would resolve it."""
    if definition.args or field.extensions:
        return None
    source = source_of(field)
    if isinstance(source, Linked):
        return None if fast is None else InPlace(_linked(source, fast.wrap), definition, effects=source.on_read is not None)
    if isinstance(source, Counted):
        return InPlace(_counted(source), definition)
    if isinstance(source, GlobalId):
        return InPlace(lambda node, _: global_id(node.stored.label, node.stored.key), definition)
    read = plain_attribute(field)
    if read is not None:
        name = field.python_name
        if isinstance(read, StoredFieldReader) and isinstance(source, Stored):
            from_props = stored_reader(source)
            return InPlace(lambda node, _: from_props(node.stored.props), definition, stored=source.name if source.as_is else None)
        if read is getattr or isinstance(read, StoredFieldReader):  # the attribute itself
            return InPlace(lambda obj, _: getattr(obj, name), definition)
        return InPlace(lambda obj, _: read(obj, name), definition)
    method = plain_method(field)
    return None if method is None else InPlace(lambda obj, _: method(obj), definition)


def _linked(source: Linked, wrap: Callable[[StoredNode], Any]) -> Getter:
    """A link's answer from what its node's page read brought, else `Undefined` (its resolver loads it)."""

    brought, answer = source.at_hand, source.answer  # bound once: a page's rows call this for every node

    def at_hand(node: Any, context: Any) -> Any:
        nodes = brought(node)
        return Undefined if nodes is None else answer(node, context, nodes, wrap)

    return at_hand


def _counted(source: Counted) -> Getter:
    """A count from what its node's page read brought, else `Undefined` (its resolver counts)."""

    brought = source.at_hand

    def at_hand(node: Any, _: Any) -> Any:
        found = brought(node)
        return Undefined if found is None else found

    return at_hand


def in_place_fields(schema: GraphQLSchema) -> dict[str, dict[str, InPlace]]:
    """Per object type name, its fields answered in place, by GraphQL name (fields strawberry did not define have none)."""
    fast = FastPath.of(schema)
    table: dict[str, dict[str, InPlace]] = {}
    for name, graphql_type in schema.type_map.items():
        if not isinstance(graphql_type, GraphQLObjectType):
            continue
        found: dict[str, InPlace] = {}
        for field_name, definition in graphql_type.fields.items():
            field = field_of(definition)
            if field is not None and (answer := _in_place(field, definition, fast)) is not None:
                found[field_name] = answer
        if found:
            table[name] = found
    return table


class InPlaceExecutor(StrawberryExecutionContext):
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
            if field is not None and field.leaf is not None and not field.effects and not node.arguments:
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

    def complete_value(
        self,
        return_type: GraphQLOutputType,
        field_details_list: FieldDetailsList,
        info: GraphQLResolveInfo[Any],
        path: Path,
        result: Any,
        position_context: Any,
    ) -> Any:
        if type(result) is Answered:
            if not self._middleware_wraps():
                return result.data
            return self._completed_generally(return_type, field_details_list, info, path, result, position_context)
        return super().complete_value(return_type, field_details_list, info, path, result, position_context)

    async def _completed_generally(
        self, return_type: GraphQLOutputType, field_details_list: FieldDetailsList, info: GraphQLResolveInfo[Any], path: Path,
        answered: Answered, position_context: Any,
    ) -> Any:
        value = await answered.general()
        completed = super().complete_value(return_type, field_details_list, info, path, value, position_context)
        return await completed if self.is_awaitable(completed) else completed

    def complete_iterable_value(
        self,
        item_type: GraphQLOutputType,
        field_details_list: FieldDetailsList,
        info: GraphQLResolveInfo[Any],
        path: Path,
        items: Iterable[Any],
        position_context: Any,
    ) -> Any:
        rows = self._leaves(item_type, field_details_list, items)
        if rows is None:
            rows = self._rows(item_type, field_details_list, info, items)
        if rows is not None:
            return rows
        return super().complete_iterable_value(item_type, field_details_list, info, path, items, position_context)

    def _leaves(self, item_type: GraphQLOutputType, field_details_list: FieldDetailsList, items: Iterable[Any]) -> list[Any] | None:
        """A list of scalars or enums (a system's `movesWith`), each item coerced as graphql-core would;
        None (the general path) for a null where none may be, a value the type refuses, a directive
        on the field (`@stream`)."""
        leaves = _LeafList.of(item_type)
        if leaves is None or any(details.node.directives for details in field_details_list):
            return None
        answered = leaves.answer(items)
        return None if answered is Undefined else answered

    def _rows(
        self, item_type: GraphQLOutputType, field_details_list: FieldDetailsList, info: GraphQLResolveInfo[Any], items: Iterable[Any]
    ) -> list[Any] | None:
        """A list of objects whose selected fields are all answered in place, leaves or objects (and lists
        of objects) whose fields are too (a lineage's nodes and edges, a page's edges with each node's
        provider and catalogs), answered row by row without completing each object field by field;
        None (the general path) as soon as anything is not that simple: an item the type refuses, a
        null where none may be, a field that must take the general path, an abstract type, a directive
        on a field, a deferred fragment."""
        if not isinstance(items, (list, tuple)) or self._middleware_wraps():
            return None
        if any(details.node.directives for details in field_details_list):
            return None
        shape = self._shape(item_type, field_details_list, depth=0)
        if shape is None:
            return None
        answered = _fill_list(shape, items, self.context_value, info)
        return None if answered is Undefined else answered

    def _shape(self, item_type: GraphQLOutputType, field_details_list: FieldDetailsList, depth: int) -> _Shape | None:
        """How to answer each object of `item_type` in place with the selection of `field_details_list`."""
        non_null = isinstance(item_type, GraphQLNonNull)
        object_type = item_type.of_type if isinstance(item_type, GraphQLNonNull) else item_type
        if not isinstance(object_type, GraphQLObjectType) or depth > MAX_ROW_DEPTH:
            return None
        fields = _table(self.schema).get(object_type.name)
        grouped, deferred, _ = self.collect_subfields(object_type, field_details_list)
        if fields is None or deferred:
            return None
        columns: list[_Column] = []
        for response_name, details in grouped.items():
            node = details[0].node
            name = node.name.value
            if name == "__typename":
                columns.append((response_name, None, None))
                continue
            field = fields.get(name)
            if field is None or field.effects or node.arguments or any(d.node.directives for d in details):
                return None
            if field.leaf is not None:
                columns.append((response_name, field, None))
                continue
            leaves = _LeafList.of_field(field.definition.type)
            if leaves is not None:
                columns.append((response_name, field, leaves))
                continue
            inner = self._object_shape(field.definition.type, details, depth + 1)
            if inner is None:
                return None
            columns.append((response_name, field, inner))
        return _Shape(object_type, non_null, columns)

    def _object_shape(self, field_type: GraphQLOutputType, details: FieldDetailsList, depth: int) -> _Nested | None:
        """An object field's shape, or a list of objects' (no deeper list nesting)."""
        non_null = isinstance(field_type, GraphQLNonNull)
        inner = field_type.of_type if isinstance(field_type, GraphQLNonNull) else field_type
        if isinstance(inner, GraphQLList):
            shape = self._shape(inner.of_type, details, depth)
            return None if shape is None else _Nested(shape, non_null, True)
        shape = self._shape(field_type, details, depth)
        return None if shape is None else _Nested(shape, non_null, False)

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
        return middleware_wraps(self)


MAX_ROW_DEPTH = 4  # objects nested deeper than this in a row take the general path


class _Shape:
    """An object type's answer in place: per response name, a leaf, `__typename` (None), or a nested object."""

    __slots__ = ("object_type", "non_null", "columns", "accepts")

    def __init__(self, object_type: GraphQLObjectType, non_null: bool, columns: list[_Column]) -> None:
        self.object_type, self.non_null, self.columns = object_type, non_null, columns
        self.accepts = accepted_classes(object_type)


class _Nested:
    """An object field (or a list of objects) inside a row: its items' shape, and whether it may be null."""

    __slots__ = ("shape", "non_null", "is_list")

    def __init__(self, shape: _Shape, non_null: bool, is_list: bool) -> None:
        self.shape, self.non_null, self.is_list = shape, non_null, is_list


class _LeafList:
    """A list of scalars or enums: each item coerced as graphql-core would, or answered unchanged when its
    scalar passes it through (S=10: a plan's `movesWith` lists millions of codes)."""

    __slots__ = ("leaf", "items_non_null", "non_null", "unchanged")

    def __init__(self, leaf: GraphQLLeafType, items_non_null: bool, non_null: bool = False) -> None:
        self.leaf, self.items_non_null, self.non_null = leaf, items_non_null, non_null
        self.unchanged = unchanged_type(leaf) if isinstance(leaf, GraphQLScalarType) else None

    @classmethod
    def of(cls, item_type: GraphQLOutputType, non_null: bool = False) -> _LeafList | None:
        """For a list whose items are `item_type`, if they are leaves."""
        leaf = item_type.of_type if isinstance(item_type, GraphQLNonNull) else item_type
        if not isinstance(leaf, (GraphQLScalarType, GraphQLEnumType)):
            return None
        return cls(leaf, isinstance(item_type, GraphQLNonNull), non_null)

    @classmethod
    def of_field(cls, field_type: GraphQLOutputType) -> _LeafList | None:
        """For a field of `field_type`, if it is a list of leaves."""
        inner = field_type.of_type if isinstance(field_type, GraphQLNonNull) else field_type
        return cls.of(inner.of_type, isinstance(field_type, GraphQLNonNull)) if isinstance(inner, GraphQLList) else None

    def answer(self, items: Any) -> Any:
        """The answered items, or `Undefined` when the general path must answer (not a list, a null where
        none may be, a value the type refuses)."""
        if not isinstance(items, (list, tuple)):
            return Undefined
        unchanged = self.unchanged
        if unchanged is str and _all_text(items):
            return list(items)  # every item answers itself, none is null
        if unchanged is bool and set(map(type, items)) <= {bool}:
            return list(items)
        answered: list[Any] = []
        for item in items:
            if item is None:
                if self.items_non_null:
                    return Undefined
                answered.append(None)
            elif answers_unchanged(item, unchanged):
                answered.append(item)
            else:
                try:
                    coerced = self.leaf.coerce_output_value(item)
                except Exception:  # the general path raises it again, located
                    return Undefined
                if coerced is None or coerced is Undefined:
                    return Undefined
                answered.append(coerced)
        return answered


def _all_text(items: list[Any] | tuple[Any, ...]) -> bool:
    """Whether every item is a `str` (String and ID answer such an item as it is, as graphql-core's
    serializers do for any `str`): joining them fails on anything else. One pass in C, without a set of
    types (S=10: a plan's `movesWith` lists 1.7 million codes)."""
    try:
        "".join(items)
    except TypeError:
        return False
    return True


_Column = tuple[str, "InPlace | None", "_Nested | _LeafList | None"]


def _fill(shape: _Shape, item: Any, context: Any, info: GraphQLResolveInfo[Any]) -> Any:
    """One object's answer, or `Undefined` when the general path must give it (null, refusal, error)."""
    if item is None:
        return Undefined if shape.non_null else None
    is_type_of = shape.object_type.is_type_of
    if is_type_of is not None and not (type(item) in shape.accepts and not is_cast(item)):
        if is_type_of(item, info) is not True:
            return Undefined
    row: dict[str, Any] = {}
    value: Any
    for response_name, field, nested in shape.columns:
        if field is None:
            value = shape.object_type.name
        elif nested is None:
            value = field.answer_leaf(item, context)
        else:
            try:
                raw = field.get(item, context)
            except Exception:  # the general path raises it again, located
                return Undefined
            if raw is Undefined:
                return Undefined
            if raw is None:
                if nested.non_null:
                    return Undefined
                value = None
            elif isinstance(nested, _LeafList):
                value = nested.answer(raw)
            elif nested.is_list:
                value = _fill_list(nested.shape, raw, context, info)
            else:
                value = _fill(nested.shape, raw, context, info)
        if value is Undefined:
            return Undefined
        row[response_name] = value
    return row


def _fill_list(shape: _Shape, items: Any, context: Any, info: GraphQLResolveInfo[Any]) -> Any:
    if not isinstance(items, (list, tuple)):
        return Undefined
    rows = []
    for item in items:
        row = _fill(shape, item, context, info)
        if row is Undefined:
            return Undefined
        rows.append(row)
    return rows


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

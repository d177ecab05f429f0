"""Every private part of strawberry and graphql-core the engine relies on, and nothing else.

The engine answers fields in place by subclassing graphql-core's execution context through
strawberry's, and reads strawberry's field definitions back from the GraphQL schema. None of that is
public API: a new release may rename or reshape any of it. So it is all named here, once, and
`assumptions` says what of it no longer holds; `tests/api/engine/test_internals.py` checks them
against the installed versions and fails naming them. `pyproject.toml` bounds strawberry-graphql and
graphql-core at the versions those checks passed on: to move either, run that test on the new one.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from importlib.metadata import version
from typing import Any

import strawberry
from graphql import ASTValidationRule, GraphQLField, GraphQLObjectType, GraphQLResolveInfo, GraphQLSchema
from graphql.execution.collect_fields import FieldDetailsList, GroupedFieldSet
from graphql.execution.executor import Executor, to_nodes
from strawberry.extensions.add_validation_rules import AddValidationRules
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext, validate_document
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.base import (
    StrawberryList, StrawberryObjectDefinition, StrawberryOptional, get_object_definition, has_object_definition,
)
from strawberry.types.cast import get_strawberry_type_cast
from strawberry.types.execution import ParseOptions
from strawberry.types.field import StrawberryField
from strawberry.types.nodes import FragmentSpread, InlineFragment, SelectedField, Selection
from strawberry.utils.str_converters import to_camel_case

__all__ = [
    "FieldDetailsList", "FragmentSpread", "GroupedFieldSet", "InlineFragment", "ParseOptions", "SelectedField", "Selection",
    "StrawberryExecutionContext", "StrawberryField", "StrawberryObjectDefinition", "accepted_classes", "assumptions", "field_of",
    "fields_by_name", "generic_origin", "graphql_schema", "is_cast", "middleware_wraps", "object_definition", "plain_attribute",
    "plain_method", "raw_info", "target_class", "to_nodes", "type_definition", "validate_document", "validation_rules", "versions",
]

# strawberry's execution context, itself graphql-core's `Executor`: the engine's executor subclasses it.
StrawberryExecutionContext = StrawberryGraphQLCoreExecutionContext
_BACKREF = GraphQLCoreConverter.DEFINITION_BACKREF  # the key of a GraphQL type's or field's `extensions` holding strawberry's definition


def versions() -> str:
    """The installed versions these parts come from."""
    return f"strawberry-graphql {version('strawberry-graphql')}, graphql-core {version('graphql-core')}"


# Reading strawberry's definitions back from the GraphQL schema.


def field_of(definition: GraphQLField) -> StrawberryField | None:
    """The strawberry field a GraphQL field was made from (None for one strawberry did not define)."""
    found = (definition.extensions or {}).get(_BACKREF)
    return found if isinstance(found, StrawberryField) else None


def type_definition(object_type: GraphQLObjectType) -> StrawberryObjectDefinition | None:
    """The strawberry definition a GraphQL object type was made from."""
    found = (object_type.extensions or {}).get(_BACKREF)
    return found if isinstance(found, StrawberryObjectDefinition) else None


def generic_origin(object_type: GraphQLObjectType) -> type | None:
    """The generic class a GraphQL object type specialises (`Connection` for `ResourceConnection`), if any."""
    definition = type_definition(object_type)
    concrete = None if definition is None else definition.concrete_of
    return None if concrete is None else concrete.origin


def object_definition(cls: Any) -> StrawberryObjectDefinition | None:
    """The strawberry definition of a class decorated as a strawberry type."""
    return get_object_definition(cls)


def graphql_schema(schema: strawberry.Schema) -> GraphQLSchema:
    """The graphql-core schema strawberry built."""
    return schema._schema


def raw_info(info: strawberry.Info[Any, Any]) -> GraphQLResolveInfo[Any]:
    """graphql-core's resolve info under strawberry's `Info`."""
    return info._raw_info


# What a field is, as the executor would resolve it.


def plain_attribute(field: StrawberryField) -> Callable[[Any, str], Any] | None:
    """For a field without a resolver of its own, the default resolver that reads it (`(source, name)`)."""
    return field.default_resolver if field.is_basic_field else None


def plain_method(field: StrawberryField) -> Callable[[Any], Any] | None:
    """The resolver of a field, callable with the object alone, when it is a plain method: not async,
    taking `self` and nothing else (no argument, no info, no root). strawberry calls it just so."""
    resolver = field.base_resolver
    if (
        resolver is None or resolver.is_async or resolver.arguments or resolver.self_parameter is None
        or resolver.info_parameter is not None or resolver.root_parameter is not None
    ):
        return None
    return resolver


def fields_by_name(cls: Any) -> dict[str, StrawberryField]:
    """A strawberry type's fields by GraphQL name."""
    definition = get_object_definition(cls, strict=True)
    return {f.graphql_name or to_camel_case(f.python_name): f for f in definition.fields}


def target_class(field: StrawberryField) -> type | None:
    """The object type a field answers with (through its list or null wrappers), if it is one."""
    target: Any = field.type
    while isinstance(target, (StrawberryList, StrawberryOptional)):
        target = target.of_type
    return target if has_object_definition(target) else None


def accepted_classes(object_type: GraphQLObjectType) -> frozenset[type]:
    """The classes whose (uncast) instances strawberry's `is_type_of` for `object_type` accepts, as it
    would: the type's own class and its interfaces' (a generic's specialisation also accepts instances
    of the generic class); empty when that is not known (a custom `is_type_of`: it is called)."""
    definition = type_definition(object_type)
    if definition is None or definition.is_type_of is not None:
        return frozenset()
    classes = {definition.origin, *(interface.origin for interface in definition.interfaces)}
    if definition.concrete_of is not None:
        classes.add(definition.concrete_of.origin)
    return frozenset(classes)


def is_cast(item: Any) -> bool:
    """Whether `item` was cast to a type (`strawberry.cast`): then only `is_type_of` may judge it."""
    return get_strawberry_type_cast(item) is not None


def middleware_wraps(context: Executor[Any]) -> bool:
    """Whether some extension resolves fields as middleware: then every field goes through it."""
    manager = context.middleware_manager
    return manager is not None and bool(manager.middlewares)


def validation_rules(extension: AddValidationRules) -> list[type[ASTValidationRule]]:
    """The validation rules a strawberry extension adds (`QueryDepthLimiter`, `MaxAliasesLimiter`)."""
    return list(extension.validation_rules)


# What the parts above must still be (`assumptions`): the engine's executor overrides and calls these
# methods of graphql-core's execution context, with these parameters, ...
EXECUTOR_METHODS: dict[str, tuple[str, ...]] = {
    "execute_fields": ("self", "parent_type", "source_value", "path", "grouped_field_set", "position_context"),
    "execute_field": ("self", "parent_type", "source", "field_details_list", "path", "position_context"),
    "complete_value": ("self", "return_type", "field_details_list", "info", "path", "result", "position_context"),
    "complete_iterable_value": ("self", "item_type", "field_details_list", "info", "path", "items", "position_context"),
    "build_resolve_info": ("self", "field_def", "field_nodes", "parent_type", "path"),
    "handle_field_error": ("self", "raw_error", "return_type", "field_details_list", "path"),
    "collect_subfields": ("self", "return_type", "field_details_list"),
}
# ... and the functions above call these, with these leading parameters ...
FUNCTIONS: dict[str, tuple[Callable[..., Any], tuple[str, ...]]] = {
    "graphql.execution.executor.to_nodes": (to_nodes, ("field_details_list",)),
    "strawberry.schema.schema.validate_document": (validate_document, ("schema", "document", "validation_rules")),
    "strawberry.types.base.get_object_definition": (get_object_definition, ("obj", "strict")),
    "strawberry.types.cast.get_strawberry_type_cast": (get_strawberry_type_cast, ("obj",)),
}
# ... and read these attributes: of graphql-core's execution context (as it annotates them), of a
# strawberry field and type definition, of a field's resolver, of strawberry's `Info` and of a
# validation-rules extension (on the instances `assumptions` is given).
CONTEXT_ATTRIBUTES = ("middleware_manager", "context_value", "schema", "is_awaitable")
FIELD_ATTRIBUTES = ("metadata", "extensions", "is_basic_field", "default_resolver", "base_resolver", "python_name", "graphql_name", "type")
DEFINITION_ATTRIBUTES = ("origin", "interfaces", "is_type_of", "concrete_of", "fields")
RESOLVER_ATTRIBUTES = ("is_async", "arguments", "self_parameter", "info_parameter", "root_parameter")


def _parameters(function: Callable[..., Any]) -> tuple[str, ...]:
    return tuple(inspect.signature(function).parameters)


def _undeclared(cls: type, names: Iterable[str], what: str) -> list[str]:
    """The `names` that instances of `cls` are not declared to have (as class annotations or attributes)."""
    annotated: set[str] = set()
    for klass in cls.__mro__:
        annotated.update(getattr(klass, "__annotations__", {}))
    return [f"{what} has no `{name}`" for name in names if name not in annotated and not hasattr(cls, name)]


def _missing(instance: Any, names: Iterable[str], what: str) -> list[str]:
    return [f"{what} has no `{name}`" for name in names if not hasattr(instance, name)]


def assumptions(probe: strawberry.Schema) -> list[str]:
    """What no longer holds of the parts above on the installed versions (empty when all do), checked
    on `probe`: a schema with a field that has a plain method for resolver and one without resolver."""
    problems: list[str] = []
    if not issubclass(StrawberryExecutionContext, Executor):
        problems.append("strawberry's StrawberryGraphQLCoreExecutionContext is no longer a graphql-core Executor")
    for name, parameters in EXECUTOR_METHODS.items():
        method = getattr(StrawberryExecutionContext, name, None)
        if method is None:
            problems.append(f"ExecutionContext.{name} is gone")
        elif _parameters(method) != parameters:
            problems.append(f"ExecutionContext.{name} takes {_parameters(method)}, not {parameters}")
    for name, (function, parameters) in FUNCTIONS.items():
        if _parameters(function)[: len(parameters)] != parameters:
            problems.append(f"{name} takes {_parameters(function)}, not {parameters}")
    problems += _undeclared(Executor, CONTEXT_ATTRIBUTES, "graphql-core's Executor")
    problems += _undeclared(strawberry.Info, ("_raw_info", "selected_fields"), "strawberry's Info")
    problems += _missing(AddValidationRules([]), ("validation_rules",), "AddValidationRules")
    built = getattr(probe, "_schema", None)
    if not isinstance(built, GraphQLSchema):
        return [*problems, "strawberry's Schema no longer holds its graphql-core schema as `_schema`"]
    objects = [t for t in built.type_map.values() if isinstance(t, GraphQLObjectType) and not t.name.startswith("__")]
    definitions = [d for t in objects if (d := type_definition(t)) is not None]
    fields = [f for t in objects for definition in t.fields.values() if (f := field_of(definition)) is not None]
    if not definitions:
        problems.append(f"GraphQL object types no longer hold their strawberry definition under {_BACKREF!r}")
    if not fields:
        problems.append(f"GraphQL fields no longer hold their strawberry field under {_BACKREF!r}")
    for definition in definitions[:1]:
        problems += _missing(definition, DEFINITION_ATTRIBUTES, "StrawberryObjectDefinition")
    for field in fields:
        problems += _missing(field, FIELD_ATTRIBUTES, f"StrawberryField {field.python_name}")
        if field.base_resolver is not None:
            problems += _missing(field.base_resolver, RESOLVER_ATTRIBUTES, f"the resolver of {field.python_name}")
    if not any(plain_method(f) is not None for f in fields):
        problems.append("no field's resolver is recognised as a plain method")
    if not any(plain_attribute(f) is not None for f in fields):
        problems.append("no field is recognised as resolved by its default resolver")
    return sorted(set(problems))

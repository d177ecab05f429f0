"""Every type, field, argument, input field and enum value of the schema is documented."""

from __future__ import annotations

from graphql import GraphQLEnumType, GraphQLInputObjectType, GraphQLInterfaceType, GraphQLObjectType, GraphQLScalarType

from api.schema.build import build_schema

BUILT_IN = {"String", "Int", "Float", "Boolean", "ID"}


def test_everything_is_documented() -> None:
    schema = build_schema()._schema
    missing: list[str] = []
    for name, t in schema.type_map.items():
        if name.startswith("_") or name.startswith("link__") or name in BUILT_IN:  # federation's own
            continue
        if not t.description:
            missing.append(name)
        if isinstance(t, (GraphQLObjectType, GraphQLInterfaceType)):
            for field_name, field in t.fields.items():
                if field_name.startswith("_"):
                    continue
                if not field.description:
                    missing.append(f"{name}.{field_name}")
                missing += [f"{name}.{field_name}({a})" for a, arg in field.args.items() if not arg.description]
        elif isinstance(t, GraphQLInputObjectType):
            missing += [f"{name}.{f}" for f, field in t.fields.items() if not field.description]
        elif isinstance(t, GraphQLEnumType):
            missing += [f"{name}.{v}" for v, value in t.values.items() if not value.description]
        elif isinstance(t, GraphQLScalarType) and not t.description:
            missing.append(name)
    assert not missing, f"undocumented: {', '.join(sorted(set(missing)))}"

"""Turns raw mappings into validated nodes and relationships, or precise `Problem`s."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from pydantic import ValidationError

from graph.entities import ENTITIES
from graph.errors import InvalidDataError, Problem
from graph.labels import Label, RelType
from graph.records import Node, NodeRef, Relationship
from graph.relationships import RELATIONSHIPS


# The properties of each relationship type given none (its defaults), validated once: most
# relationships carry none, and a bulk load validates hundreds of thousands of them.
_DEFAULT_PROPS: Mapping[RelType, dict[str, Any]] = MappingProxyType({
    rel_type: spec.props.model_validate({}).to_props()
    for rel_type, spec in RELATIONSHIPS.items()
    if not any(f.is_required() for f in spec.props.model_fields.values())
})


def _problems(where: str, error: ValidationError) -> list[Problem]:
    problems = []
    for item in error.errors():
        loc = ".".join(str(p) for p in item["loc"])
        message = str(item["msg"]).removeprefix("Value error, ")
        if item["type"] == "extra_forbidden":
            message = "unknown field"
        elif item["type"] == "missing":
            message = "is required"
        elif item["type"] == "string_type" and isinstance(item.get("input"), (int, float)):
            message = f"expected text, got the number {item['input']!r}; quote it (in YAML: '...') to keep it exact"
        problems.append(Problem(where, loc, message))
    return problems


def node(label: Label, raw: Mapping[str, Any], where: str = "") -> Node:
    """Validate `raw` as a node of `label`; raise `InvalidDataError` naming entity, key and field."""
    try:
        # The model's validator itself (what `model_validate` calls): a bulk load validates hundreds of thousands.
        entity = ENTITIES[label].__pydantic_validator__.validate_python(raw if type(raw) is dict else dict(raw))
    except ValidationError as e:
        key_value = raw.get(label.key)
        place = f"{where}{' ' if where else ''}{label.value} {key_value!r}" if key_value else f"{where} {label.value}".strip()
        raise InvalidDataError(_problems(place, e)) from None
    return Node(label, entity.key, entity.to_props())


def relationship(
    rel_type: RelType,
    start: NodeRef,
    end: NodeRef,
    raw_props: Mapping[str, Any] | None = None,
    where: str = "",
) -> Relationship:
    """Validate a relationship's endpoint labels and properties."""
    spec = RELATIONSHIPS[rel_type]
    if (start.label, end.label) not in spec.endpoints:
        place = _rel_place(rel_type, start, end, where)
        allowed = ", ".join(sorted(f"{a.value}->{b.value}" for a, b in spec.endpoints))
        raise InvalidDataError(
            [Problem(place, "", f"{rel_type.value} cannot join {start.label.value} to {end.label.value} (allowed: {allowed})")]
        )
    if not raw_props and (defaults := _DEFAULT_PROPS.get(rel_type)) is not None:
        return Relationship(rel_type, start, end, dict(defaults))
    try:
        props = spec.props.__pydantic_validator__.validate_python(dict(raw_props or {})).to_props()
    except ValidationError as e:
        raise InvalidDataError(_problems(_rel_place(rel_type, start, end, where), e)) from None
    return Relationship(rel_type, start, end, props)


def _rel_place(rel_type: RelType, start: NodeRef, end: NodeRef, where: str) -> str:
    return f"{where}{' ' if where else ''}{rel_type.value} {start} -> {end}"


def parse_label(text: str) -> Label:
    """A label from its name (`Resource`), raising a clear error for an unknown one."""
    try:
        return Label(text)
    except ValueError:
        known = ", ".join(label.value for label in Label)
        raise InvalidDataError([Problem("label", "", f"unknown label {text!r} (known: {known})")]) from None


def parse_rel_type(text: str) -> RelType:
    """A relationship type from its name (`DERIVED_FROM`), raising a clear error for an unknown one."""
    try:
        return RelType(text.upper())
    except ValueError:
        known = ", ".join(t.value for t in RelType)
        raise InvalidDataError([Problem("relationship", "type", f"unknown type {text!r} (known: {known})")]) from None

"""Turns raw mappings into validated nodes and relationships, or precise `Problem`s.

Reasons are written for a person, in the current language (`graph.i18n`), from pydantic's error
types: a value is quoted by a short prefix only, and an unknown term lists the accepted ones.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from graph.entities import ENTITIES
from graph.errors import InvalidDataError, Problem
from graph.i18n import _, quote
from graph.labels import Label, RelType
from graph.records import Node, NodeRef, Relationship
from graph.relationships import RELATIONSHIPS
from graph.terms import Term


# The properties of each relationship type given none (its defaults), validated once: most
# relationships carry none, and a bulk load validates hundreds of thousands of them.
_DEFAULT_PROPS: Mapping[RelType, dict[str, Any]] = MappingProxyType({
    rel_type: spec.props.model_validate({}).to_props()
    for rel_type, spec in RELATIONSHIPS.items()
    if not any(f.is_required() for f in spec.props.model_fields.values())
})


def _term_of(model: type[BaseModel], loc: tuple[int | str, ...]) -> type[Term] | None:
    """The vocabulary a field of `model` takes (through `X | None` and `list[X]`), if it takes one."""
    field = model.model_fields.get(str(loc[0])) if loc else None
    pending = [field.annotation] if field is not None else []
    while pending:
        kind = pending.pop()
        if isinstance(kind, type) and issubclass(kind, Term):
            return kind
        if typing.get_origin(kind) in (typing.Union, types.UnionType, list):
            pending.extend(typing.get_args(kind))
    return None


def reason(item: ErrorDetails, model: type[BaseModel] | None = None) -> str:
    """What a pydantic error means, for a person, in the current language."""
    kind, ctx, given = item["type"], item.get("ctx") or {}, item.get("input")
    if kind == "missing":
        return _("is required")
    if kind == "extra_forbidden":
        return _("unknown field")
    if kind == "value_error":
        return str(ctx.get("error", item["msg"])).removeprefix("Value error, ")
    if kind == "enum":
        term = _term_of(model, item["loc"]) if model is not None else None
        if term is not None:
            return _("{value} is not a known term (accepted: {choices})", value=quote(given), choices=term.choices())
        return _("{value} is not one of {expected}", value=quote(given), expected=ctx.get("expected", ""))
    if kind == "string_type" and isinstance(given, (int, float)) and not isinstance(given, bool):
        return _("expected text, got the number {number}; put it in quotes to keep it exact", number=quote(given))
    if kind == "string_type":
        return _("expected text, got {value}", value=quote(given))
    if kind == "string_too_short":
        return _("must not be empty")
    if kind == "string_too_long":
        length = len(given) if isinstance(given, str) else 0
        return _("is {length:,} characters long, more than the {limit} allowed", length=length, limit=ctx.get("max_length"))
    if kind == "string_pattern_mismatch":
        return _("must not be blank")
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return _("expected a whole number, got {value}", value=quote(given))
    if kind in ("bool_parsing", "bool_type"):
        return _("expected true or false, got {value}", value=quote(given))
    if kind in ("float_parsing", "float_type"):
        return _("expected a number, got {value}", value=quote(given))
    if kind.startswith("date"):
        what = _("a date and time, e.g. 2024-03-01T08:00:00Z") if kind.startswith("datetime") else _("a date, e.g. 2024-03-01")
        return _("expected {what}, got {value}", what=what, value=quote(given))
    if kind.startswith("uuid"):
        return _("expected a UUID, got {value}", value=quote(given))
    bounds = {"greater_than_equal": "ge", "greater_than": "gt", "less_than_equal": "le", "less_than": "lt"}
    if kind in bounds:
        limit = ctx.get(bounds[kind])
        return {
            "ge": _("must be at least {limit}", limit=limit),
            "gt": _("must be more than {limit}", limit=limit),
            "le": _("must be at most {limit}", limit=limit),
            "lt": _("must be less than {limit}", limit=limit),
        }[bounds[kind]]
    if kind in ("list_type", "tuple_type", "set_type"):
        return _("expected a list, got {value}", value=quote(given))
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return _("expected a mapping, got {value}", value=quote(given))
    if kind == "json_invalid":
        return _("not valid JSON: {detail}", detail=ctx.get("error", ""))
    if kind == "too_long":
        return _("has more than {limit} entries", limit=ctx.get("max_length"))
    return _("invalid value: {detail}", detail=item["msg"])


def _problems(where: str, error: ValidationError, model: type[BaseModel] | None = None) -> list[Problem]:
    return [Problem(where, ".".join(str(p) for p in item["loc"]), reason(item, model)) for item in error.errors()]


def node(label: Label, raw: Mapping[str, Any], where: str = "") -> Node:
    """Validate `raw` as a node of `label`; raise `InvalidDataError` naming entity, key and field."""
    try:
        # The model's validator itself (what `model_validate` calls): a bulk load validates hundreds of thousands.
        entity = ENTITIES[label].__pydantic_validator__.validate_python(raw if type(raw) is dict else dict(raw))
    except ValidationError as e:
        key_value = raw.get(label.key)
        place = f"{where}{' ' if where else ''}{label.value} {quote(key_value)}" if key_value else f"{where} {label.value}".strip()
        raise InvalidDataError(_problems(place, e, ENTITIES[label])) from None
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
        why = _("{type} cannot join {start} to {end} (allowed: {allowed})", type=rel_type.value, start=start.label.value, end=end.label.value, allowed=allowed)
        raise InvalidDataError([Problem(place, "", why)])
    if not raw_props and (defaults := _DEFAULT_PROPS.get(rel_type)) is not None:
        return Relationship(rel_type, start, end, dict(defaults))
    try:
        props = spec.props.__pydantic_validator__.validate_python(dict(raw_props or {})).to_props()
    except ValidationError as e:
        raise InvalidDataError(_problems(_rel_place(rel_type, start, end, where), e, spec.props)) from None
    return Relationship(rel_type, start, end, props)


def _rel_place(rel_type: RelType, start: NodeRef, end: NodeRef, where: str) -> str:
    return f"{where}{' ' if where else ''}{rel_type.value} {start} -> {end}"


def parse_label(text: str) -> Label:
    """A label from its name (`Resource`), raising a clear error for an unknown one."""
    try:
        return Label(text)
    except ValueError:
        known = ", ".join(label.value for label in Label)
        raise InvalidDataError([Problem("label", "", _("unknown label {label} (known: {known})", label=quote(text), known=known))]) from None


def parse_rel_type(text: str) -> RelType:
    """A relationship type from its name (`DERIVED_FROM`), raising a clear error for an unknown one."""
    try:
        return RelType(text.upper())
    except ValueError:
        known = ", ".join(t.value for t in RelType)
        raise InvalidDataError([Problem("relationship", "type", _("unknown type {type} (known: {known})", type=quote(text), known=known))]) from None

"""The district file: YAML or JSON holding any mix of entities and relationships.

Each section lists one label's entities with their fields, plus shorthand fields that stand for
relationships (`provider: <department code>` on a resource is `(Department)-[:PROVIDES]->(Resource)`);
the `relationships` section takes anything else in a generic form. README.md documents the format
with an example. Errors name the file, the line and the field.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, cast

import yaml

from graph import identifiers, validation
from graph.errors import InvalidDataError, Problem
from graph.labels import Label, RelType
from graph.records import NodeRef
from loaders.links import ITEM_LINKS, SECTIONS, Link
from loaders.plan import LoadPlan

FORMAT = "district/1"


class _Mapping(dict[str, Any]):
    """A YAML mapping that remembers the line it starts on."""

    line = 0


class _LineLoader(yaml.SafeLoader):
    """YAML's safe loader, recording each mapping's line for error messages."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> _Mapping:
    mapping = _Mapping(cast(dict[str, Any], loader.construct_mapping(node, deep=True)))
    mapping.line = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


class _Reader:
    """Reads one parsed district file into a `LoadPlan`."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.plan = LoadPlan(source)

    def where(self, mapping: Any) -> str:
        return f"{self.source}:{getattr(mapping, 'line', 0) or '?'}"

    def fail(self, mapping: Any, field: str, reason: str) -> InvalidDataError:
        return InvalidDataError([Problem(self.where(mapping), field, reason)])

    def ref(self, text: Any, other: Label | None, owner: Any, field: str) -> NodeRef:
        """A reference: a key of `other`, or `Label:key` where the field takes any label."""
        if isinstance(text, (int, float)) and not isinstance(text, bool):
            raise self.fail(owner, field, f"expected a code as text, got the number {text!r}; quote it in YAML ('...')")
        if not isinstance(text, str) or not text.strip():
            raise self.fail(owner, field, f"expected a code as text, got {text!r}")
        if other is not None:
            return NodeRef(other, text.strip())
        label_name, sep, key = text.partition(":")
        if not sep or not key:
            raise self.fail(owner, field, f"expected Label:key, got {text!r}")
        try:
            return NodeRef(validation.parse_label(label_name.strip()), key.strip())
        except InvalidDataError:
            raise self.fail(owner, field, f"unknown label {label_name!r} in {text!r}") from None

    def links(self, entity: Mapping[str, Any], me: NodeRef, field: str, link: Link) -> None:
        value = entity[field]
        entries = value if link.many else [value]
        if link.many and not isinstance(value, list):
            raise self.fail(entity, field, "expected a list")
        for entry in entries:
            props: dict[str, Any] = {}
            if link.key_field is not None:
                if isinstance(entry, Mapping):
                    props = {k: v for k, v in entry.items() if k != link.key_field}
                    entry = entry.get(link.key_field)
                    if entry is None:
                        raise self.fail(value, f"{field}.{link.key_field}", "is required")
            other = self.ref(entry, link.other, entity, field)
            start, end = (me, other) if link.outgoing else (other, me)
            where = f"{self.where(entity)} {field}"
            self.plan.add_relationship(validation.relationship(link.rel, start, end, props, where), where)

    def entity(self, label: Label, raw: Any, links: Mapping[str, Link], section: str) -> NodeRef:
        if not isinstance(raw, Mapping):
            raise self.fail(raw, section, f"each entry must be a mapping, got {type(raw).__name__}")
        nested = {"items"} if label is Label.RESOURCE else set()
        fields = {k: v for k, v in raw.items() if k not in links and k not in nested}
        node = validation.node(label, fields, self.where(raw))
        self.plan.add_node(node, self.where(raw))
        for field, link in links.items():
            if raw.get(field) is not None:
                self.links(raw, node.ref, field, link)
        if nested and raw.get("items") is not None:
            self.items(raw, node.ref)
        return node.ref

    def items(self, resource: Mapping[str, Any], ref: NodeRef) -> None:
        items = resource["items"]
        if not isinstance(items, list):
            raise self.fail(resource, "items", "expected a list of items")
        for item in items:
            if not isinstance(item, Mapping) or not isinstance(item.get("name"), str):
                raise self.fail(item if isinstance(item, Mapping) else resource, "items", "each item needs a name")
            try:
                code = identifiers.make_item_code(ref.key, item["name"])
            except ValueError as e:
                raise self.fail(item, "name", str(e)) from None
            fields = {k: v for k, v in item.items() if k not in ITEM_LINKS}
            node = validation.node(Label.DATA_ITEM, {**fields, "code": code}, self.where(item))
            self.plan.add_node(node, self.where(item))
            where = f"{self.where(item)} items"
            self.plan.add_relationship(validation.relationship(RelType.HAS_ITEM, ref, node.ref, {}, where), where)
            for field, link in ITEM_LINKS.items():
                if item.get(field) is not None:
                    self.links(item, node.ref, field, link)

    def relationship(self, raw: Any) -> None:
        if not isinstance(raw, Mapping):
            raise self.fail(raw, "relationships", "each entry must be a mapping")
        unknown = set(raw) - {"type", "from", "to", "props"}
        if unknown:
            raise self.fail(raw, sorted(unknown)[0], "unknown field")
        if "type" not in raw:
            raise self.fail(raw, "type", "is required")
        try:
            rel_type = validation.parse_rel_type(str(raw["type"]))
        except InvalidDataError as e:
            raise self.fail(raw, "type", e.problems[0].reason) from None
        start = self.ref(raw.get("from"), None, raw, "from")
        end = self.ref(raw.get("to"), None, raw, "to")
        props = raw.get("props") or {}
        if not isinstance(props, Mapping):
            raise self.fail(raw, "props", "expected a mapping")
        where = self.where(raw)
        self.plan.add_relationship(validation.relationship(rel_type, start, end, props, where), where)

    def read(self, document: Any) -> LoadPlan:
        if not isinstance(document, Mapping):
            raise InvalidDataError([Problem(f"{self.source}:1", "", "expected a mapping with a 'govgraph' marker")])
        if document.get("govgraph") != FORMAT:
            raise self.fail(document, "govgraph", f"expected the marker 'govgraph: {FORMAT}'")
        known = set(SECTIONS) | {"govgraph", "relationships"}
        for section in document:
            if section not in known:
                raise self.fail(document, section, f"unknown section (known: {', '.join(sorted(known))})")
        for section, (label, links) in SECTIONS.items():
            entries = document.get(section) or []
            if not isinstance(entries, list):
                raise self.fail(document, section, "expected a list")
            for raw in entries:
                self.entity(label, raw, links, section)
        relationships = document.get("relationships") or []
        if not isinstance(relationships, list):
            raise self.fail(document, "relationships", "expected a list")
        for raw in relationships:
            self.relationship(raw)
        return self.plan


def parse_district(text: str, source: str) -> LoadPlan:
    """Parse and validate a district file's text (YAML, or JSON, which YAML reads too)."""
    try:
        document = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = f"{mark.line + 1}" if mark is not None else "?"
        problem = getattr(e, "problem", None) or str(e)
        raise InvalidDataError([Problem(f"{source}:{line}", "", f"not valid YAML/JSON: {problem}")]) from None
    return _Reader(source).read(document)


def read_district_file(path: Path) -> LoadPlan:
    """Read a district file from disk."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        raise InvalidDataError([Problem(str(path), "", f"not UTF-8 text: {e.reason} at byte {e.start}")]) from None
    return parse_district(text, str(path))

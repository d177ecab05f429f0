"""The district file: YAML or JSON holding any mix of entities and relationships.

Each section lists one label's entities with their fields, plus shorthand fields that stand for
relationships (`provider: <department code>` on a resource is `(Department)-[:PROVIDES]->(Resource)`);
the `relationships` section takes anything else in a generic form. README.md documents the format
with an example. The file is read within bounds (`loaders.bounded_yaml`); every problem is reported
at once, each with the line of the bad value and its field.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from graph import identifiers, validation
from graph.errors import InvalidDataError, Problem
from graph.i18n import _, quote
from graph.labels import Label, RelType
from graph.records import Node, NodeRef, Relationship
from loaders import bounded_yaml
from loaders.bounded_yaml import line_of
from loaders.links import ITEM_LINKS, SECTIONS, Link
from loaders.plan import LoadPlan, Place

FORMAT = "district/1"
CUSTOM_THEME = "CUSTOM_THEME"


class _Reader:
    """Reads one parsed district file into a `LoadPlan`, recording every problem and reading on."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.plan = LoadPlan(source)

    def place(self, owner: Any, field: str = "", *path: int | str) -> Place:
        """The place of `owner`'s `field` (and deeper along `path`): the line of that value."""
        line = line_of(owner, [field, *path] if field else [])
        return Place(self.source, line, field)

    def problem(self, place: Place, reason: str) -> None:
        self.plan.problem(place, reason)

    def placed(self, owner: Any, error: InvalidDataError, prefix: str = "") -> None:
        """Record a validation error's problems, each at the line of its field's value inside `owner`."""
        for p in error.problems:
            path = [int(part) if part.isdigit() else part for part in p.field.split(".")] if p.field else []
            name = f"{prefix}.{p.field}" if prefix and p.field else prefix or p.field
            self.problem(Place(self.source, line_of(owner, path), name), p.reason)

    def ref(self, text: Any, other: Label | None, place: Place) -> NodeRef | None:
        """A reference: a key of `other`, or `Label:key` where the field takes any label; None (recorded) when bad."""
        if isinstance(text, (int, float)) and not isinstance(text, bool):
            self.problem(place, _("expected a code as text, got the number {number}; quote it in YAML ('...')", number=quote(text)))
            return None
        if not isinstance(text, str) or not text.strip():
            self.problem(place, _("expected a code as text, got {value}", value=quote(text)))
            return None
        if other is not None:
            return NodeRef(other, text.strip())
        label_name, sep, key = text.partition(":")
        if not sep or not key:
            self.problem(place, _("expected Label:key, got {value}", value=quote(text)))
            return None
        try:
            return NodeRef(validation.parse_label(label_name.strip()), key.strip())
        except InvalidDataError:
            self.problem(place, _("unknown label {label} in {value}", label=quote(label_name), value=quote(text)))
            return None

    def relationship(self, rel_type: RelType, start: NodeRef, end: NodeRef, props: Mapping[str, Any], place: Place, owner: Any) -> None:
        try:
            rel: Relationship = validation.relationship(rel_type, start, end, props)
        except InvalidDataError as e:
            for p in e.problems:
                field = f"{place.field}.{p.field}" if p.field else place.field
                line = line_of(owner, [p.field]) if p.field and isinstance(owner, Mapping) and p.field in owner else place.line
                self.problem(Place(self.source, line, field), p.reason)
            return
        self.plan.add_relationship(rel, place)

    def links(self, entity: Mapping[str, Any], me: NodeRef, field: str, link: Link) -> None:
        value = entity[field]
        if link.many and not isinstance(value, list):
            self.problem(self.place(entity, field), _("expected a list"))
            return
        entries = list(enumerate(value)) if link.many else [(None, value)]
        for index, entry in entries:
            place = self.place(entity, field, *([] if index is None else [index]))
            props: Mapping[str, Any] = {}
            owner: Any = entry
            if link.key_field is not None and isinstance(entry, Mapping):
                props = {k: v for k, v in entry.items() if k != link.key_field}
                if entry.get(link.key_field) is None:
                    self.problem(place.at(f"{field}.{link.key_field}"), _("is required"))
                    continue
                place = Place(self.source, line_of(entry, [link.key_field]), field)
                entry = entry[link.key_field]
            other = self.ref(entry, link.other, place)
            if other is None:
                continue
            start, end = (me, other) if link.outgoing else (other, me)
            self.relationship(link.rel, start, end, props, place, owner)

    def node(self, label: Label, raw: Mapping[str, Any], fields: dict[str, Any], prefix: str = "") -> NodeRef | None:
        """Validate and add one node; on a problem, record it and return the key it claims (if any)."""
        try:
            node: Node = validation.node(label, fields)
        except InvalidDataError as e:
            self.placed(raw, e, prefix)
            key = fields.get(label.key)
            if not isinstance(key, str) or not key.strip():
                return None
            ref = NodeRef(label, key.strip())
            self.plan.failed.add(ref)
            return ref
        place = self.place(raw)
        self.plan.add_node(node, place)
        if label is Label.CATALOG and node.props.get("theme_name"):
            self.custom_theme(raw, node)
        return node.ref

    def custom_theme(self, raw: Mapping[str, Any], node: Node) -> None:
        """A theme the Measures do not list is kept as the department wrote it, and noted (Art.7, Art.8: 等)."""
        reason = _(
            "theme {name} is not one the Measures list; kept as a custom theme (OTHER, named {name}) (Art.7, Art.8)",
            name=quote(node.props["theme_name"]),
        )
        self.plan.note(self.place(raw, "theme"), CUSTOM_THEME, reason)

    def entity(self, label: Label, raw: Any, links: Mapping[str, Link], place: Place, section: str) -> None:
        if not isinstance(raw, Mapping):
            self.problem(place.at(section), _("each entry must be a mapping, got {value}", value=quote(raw)))
            return
        nested = {"items"} if label is Label.RESOURCE else set()
        fields = {k: v for k, v in raw.items() if k not in links and k not in nested}
        me = self.node(label, raw, fields)
        if me is None:
            return
        for field, link in links.items():
            if raw.get(field) is not None:
                self.links(raw, me, field, link)
        if nested and raw.get("items") is not None:
            self.items(raw, me)

    def items(self, resource: Mapping[str, Any], ref: NodeRef) -> None:
        items = resource["items"]
        if not isinstance(items, list):
            self.problem(self.place(resource, "items"), _("expected a list of items"))
            return
        for index, item in enumerate(items):
            place = self.place(resource, "items", index)
            if not isinstance(item, Mapping) or not isinstance(item.get("name"), str):
                self.problem(place.at("items.name"), _("each item needs a name"))
                continue
            try:
                code = identifiers.make_item_code(ref.key, item["name"])
            except ValueError as e:
                self.problem(self.place(item, "name").at("items.name"), str(e))
                continue
            fields = {k: v for k, v in item.items() if k not in ITEM_LINKS}
            me = self.node(Label.DATA_ITEM, item, {**fields, "code": code}, "items")
            if me is None:
                continue
            self.relationship(RelType.HAS_ITEM, ref, me, {}, place, item)
            for field, link in ITEM_LINKS.items():
                if item.get(field) is not None:
                    self.links(item, me, field, link)

    def generic_relationship(self, raw: Any, place: Place) -> None:
        if not isinstance(raw, Mapping):
            self.problem(place.at("relationships"), _("each entry must be a mapping, got {value}", value=quote(raw)))
            return
        for unknown in sorted(str(k) for k in set(raw) - {"type", "from", "to", "props"}):
            self.problem(self.place(raw, unknown), _("unknown field"))
        if "type" not in raw:
            self.problem(self.place(raw).at("type"), _("is required"))
            return
        try:
            rel_type = validation.parse_rel_type(str(raw["type"]))
        except InvalidDataError as e:
            self.problem(self.place(raw, "type"), e.problems[0].reason)
            return
        start = self.ref(raw.get("from"), None, self.place(raw, "from"))
        end = self.ref(raw.get("to"), None, self.place(raw, "to"))
        props = raw.get("props") or {}
        if not isinstance(props, Mapping):
            self.problem(self.place(raw, "props"), _("expected a mapping"))
            return
        if start is not None and end is not None:
            self.relationship(rel_type, start, end, props, self.place(raw), props)

    def read(self, document: Any) -> LoadPlan:
        if not isinstance(document, Mapping):
            raise InvalidDataError([Problem(f"{self.source}:1", "", _("expected a mapping with a 'govgraph' marker"), 1)])
        if document.get("govgraph") != FORMAT:
            raise InvalidDataError([self.place(document, "govgraph").problem(_("expected the marker 'govgraph: {format}'", format=FORMAT))])
        known = set(SECTIONS) | {"govgraph", "relationships"}
        for section in document:
            if section not in known:
                self.problem(self.place(document, str(section)), _("unknown section (known: {known})", known=", ".join(sorted(known))))
        for section, (label, links) in SECTIONS.items():
            entries = document.get(section) or []
            if not isinstance(entries, list):
                self.problem(self.place(document, section), _("expected a list"))
                continue
            for index, raw in enumerate(entries):
                if self.plan.enough():
                    return self.plan
                self.entity(label, raw, links, self.place(document, section, index), section)
        relationships = document.get("relationships") or []
        if not isinstance(relationships, list):
            self.problem(self.place(document, "relationships"), _("expected a list"))
            return self.plan
        for index, raw in enumerate(relationships):
            if self.plan.enough():
                break
            self.generic_relationship(raw, self.place(document, "relationships", index))
        return self.plan


def parse_district(text: str, source: str) -> LoadPlan:
    """Parse and check a district file's text (YAML, or JSON, which YAML reads too).

    A file that cannot be read at all (syntax, bounds, no marker) raises `InvalidDataError` here;
    otherwise the plan holds every problem found, and `apply` (or `resolve`) raises with all of them.
    """
    return _Reader(source).read(bounded_yaml.load(text, source))


def parse_district_bytes(data: bytes, source: str) -> LoadPlan:
    """Parse and check a district file's bytes, which must be UTF-8 (a file sent to the service)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise InvalidDataError([Problem(source, "", _("not UTF-8 text: {reason} at byte {offset}", reason=e.reason, offset=e.start))]) from None
    return parse_district(text.replace("\r\n", "\n"), source)


def read_district_file(path: Path) -> LoadPlan:
    """Read a district file from disk."""
    return parse_district_bytes(path.read_bytes(), str(path))


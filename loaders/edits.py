"""Catalog maintenance: create, update and retire entities one at a time, as the API's mutations do.

Every edit is validated like a loaded file (entity fields, codes, link targets), guarded by
optimistic locking (the client sends back the `version` it read; a stale one is a conflict, never a
silent overwrite) and applied as one unit of work. Example::

    node = await update(store, Label.RESOURCE, "101001/000001", version=3, fields={"update_cycle": "DAILY"})
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from graph import identifiers, validation
from graph.changes import Changes
from graph.errors import InvalidDataError, NotFoundError, Problem
from graph.i18n import _
from graph.labels import Direction, Label, RelType
from graph.records import Node, NodeRef, Step
from graph.store import GraphStore
from loaders.links import Link, links_of

WHERE = "input"
LinkValues = Mapping[str, str | Sequence[str] | None]


def _editable(label: Label) -> dict[str, Link]:
    """Link fields an edit may set: those without relationship properties."""
    return {name: link for name, link in links_of(label).items() if link.key_field is None and link.other is not None}


def _targets(label: Label, links: LinkValues) -> dict[str, list[NodeRef]]:
    editable = _editable(label)
    targets: dict[str, list[NodeRef]] = {}
    for name, value in links.items():
        link = editable.get(name)
        if link is None or link.other is None:
            raise InvalidDataError([Problem(WHERE, name, _("{label} has no link field '{field}'", label=label.value, field=name))])
        keys = [] if value is None else [value] if isinstance(value, str) else list(value)
        if not link.many and len(keys) > 1:
            raise InvalidDataError([Problem(WHERE, name, _("takes one code"))])
        targets[name] = [NodeRef(link.other, key) for key in keys]
    return targets


async def _check_targets(store: GraphStore, targets: Mapping[str, list[NodeRef]]) -> None:
    for name, refs in targets.items():
        for ref in refs:
            if await store.get(ref.label, ref.key) is None:
                raise InvalidDataError([Problem(WHERE, name, _("{label} '{key}' does not exist", label=ref.label.value, key=ref.key))])


async def _relink(
    store: GraphStore, changes: Changes, me: NodeRef, targets: Mapping[str, list[NodeRef]], existing: bool
) -> None:
    """Make each link field point exactly at its targets: drop other relationships, add the new ones."""
    editable = _editable(me.label)
    for name, refs in targets.items():
        link = editable[name]
        if existing:
            direction = Direction.OUT if link.outgoing else Direction.IN
            for rel, other in await store.neighbours(me, [Step(link.rel, direction)]):
                if other.label is link.other and other.ref not in refs:
                    changes.delete_relationship(rel.type, rel.start, rel.end)
        for ref in refs:
            start, end = (me, ref) if link.outgoing else (ref, me)
            changes.upsert_relationship(link.rel, start, end, where=f"{WHERE} {name}")


def _validated(label: Label, props: Mapping[str, Any]) -> Node:
    try:
        return validation.node(label, props, WHERE)
    except InvalidDataError as e:
        raise InvalidDataError([Problem(WHERE, p.field, p.reason) for p in e.problems]) from None


async def create(
    store: GraphStore,
    label: Label,
    fields: Mapping[str, Any],
    links: LinkValues | None = None,
    parent: tuple[RelType, NodeRef] | None = None,
) -> Node:
    """Create a new entity; it must not exist yet. `parent` links it from a node that owns it."""
    given = {k: v for k, v in fields.items() if v is not None and k != "version"}
    node = _validated(label, given)
    targets = _targets(label, links or {})
    await _check_targets(store, targets)
    changes = Changes()
    changes.expect_absent(node.ref)
    changes.add_node(node)
    if parent is not None:
        rel, owner = parent
        if await store.get(owner.label, owner.key) is None:
            raise NotFoundError(owner.label.value, owner.key)
        changes.upsert_relationship(rel, owner, node.ref)
    await _relink(store, changes, node.ref, targets, existing=False)
    await store.apply(changes)
    return await _reload(store, node.ref)


async def update(
    store: GraphStore,
    label: Label,
    key: str,
    version: int,
    fields: Mapping[str, Any],
    links: LinkValues | None = None,
) -> Node:
    """Change the given fields (None removes an optional one) and links of an entity at `version`."""
    current = await store.get(label, key)
    if current is None:
        raise NotFoundError(label.value, key)
    if label.key in fields and fields[label.key] != key:
        raise InvalidDataError([Problem(WHERE, label.key, _("a code cannot change; create a new entity instead"))])
    props = {k: v for k, v in current.props.items() if k != "version"}
    for name, value in fields.items():
        if name == "version":
            continue
        if value is None:
            props.pop(name, None)
        else:
            props[name] = value
    node = _validated(label, props)
    targets = _targets(label, links or {})
    await _check_targets(store, targets)
    changes = Changes()
    changes.expect_version(current.ref, version)
    changes.add_node(node)
    await _relink(store, changes, current.ref, targets, existing=True)
    await store.apply(changes)
    return await _reload(store, current.ref)


async def add_item(store: GraphStore, resource: str, fields: Mapping[str, Any]) -> Node:
    """Add an information item to a resource; its code is the resource code, '#', and its name."""
    name = fields.get("name")
    if not isinstance(name, str) or not name.strip():
        raise InvalidDataError([Problem(WHERE, "name", _("is required"))])
    try:
        code = identifiers.make_item_code(resource, name)
    except ValueError as e:
        raise InvalidDataError([Problem(WHERE, "name", str(e))]) from None
    owner = NodeRef(Label.RESOURCE, resource)
    return await create(store, Label.DATA_ITEM, {**fields, "code": code}, parent=(RelType.HAS_ITEM, owner))


async def remove(store: GraphStore, label: Label, key: str, version: int) -> None:
    """Delete an entity at `version` with its relationships (for items; resources are retired)."""
    changes = Changes()
    changes.expect_version(NodeRef(label, key), version)
    changes.delete_node(NodeRef(label, key))
    await store.apply(changes)


async def _reload(store: GraphStore, ref: NodeRef) -> Node:
    node = await store.get(ref.label, ref.key)
    if node is None:
        raise NotFoundError(ref.label.value, ref.key)
    return node

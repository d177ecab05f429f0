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
from graph.i18n import _, quote
from graph.labels import Direction, Label, RelType
from graph.records import Node, NodeRef, Step
from graph.store import GraphStore
from loaders.links import Link, links_of

WHERE = "input"
LinkValues = Mapping[str, str | Sequence[str] | None]


def _editable(label: Label) -> dict[str, Link]:
    """Link fields an edit may set: those without relationship properties."""
    return {name: link for name, link in links_of(label).items() if link.key_field is None and link.other is not None}


def _targets(label: Label, links: LinkValues, problems: list[Problem]) -> dict[str, list[NodeRef]]:
    """The nodes each link field names; what is wrong with a field goes to `problems` (every field is read)."""
    editable = _editable(label)
    targets: dict[str, list[NodeRef]] = {}
    for name, value in links.items():
        link = editable.get(name)
        if link is None or link.other is None:
            problems.append(Problem(WHERE, name, _("{label} has no link field '{field}'", label=label.value, field=name)))
            continue
        keys = [] if value is None else [value] if isinstance(value, str) else list(value)
        if not link.many and len(keys) > 1:
            problems.append(Problem(WHERE, name, _("takes one code")))
            continue
        targets[name] = [NodeRef(link.other, key) for key in keys]
    return targets


async def _missing_targets(store: GraphStore, targets: Mapping[str, list[NodeRef]]) -> list[Problem]:
    """A problem for each code a link field names that does not exist (one read per kind of node)."""
    wanted: dict[Label, set[str]] = {}
    for refs in targets.values():
        for ref in refs:
            wanted.setdefault(ref.label, set()).add(ref.key)
    found = {label: set(await store.get_many(label, sorted(keys))) for label, keys in wanted.items()}
    return [
        Problem(WHERE, name, _("no {what} has the code {key}", what=ref.label.noun, key=quote(ref.key)))
        for name, refs in targets.items()
        for ref in refs
        if ref.key not in found[ref.label]
    ]


async def _checked(store: GraphStore, label: Label, props: Mapping[str, Any], links: LinkValues | None) -> tuple[Node, dict[str, list[NodeRef]]]:
    """The node and its link targets, or `InvalidDataError` listing every problem of the edit at once: its
    fields', its link fields', and each code they name that does not exist."""
    problems: list[Problem] = []
    node: Node | None = None
    try:
        node = validation.node(label, props, WHERE)
    except InvalidDataError as e:
        problems += [Problem(WHERE, p.field, p.reason) for p in e.problems]
    targets = _targets(label, links or {}, problems)
    problems += await _missing_targets(store, targets)
    if problems or node is None:
        raise InvalidDataError(problems)
    return node, targets


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


async def create(
    store: GraphStore,
    label: Label,
    fields: Mapping[str, Any],
    links: LinkValues | None = None,
    parent: tuple[RelType, NodeRef] | None = None,
) -> Node:
    """Create a new entity; it must not exist yet. `parent` links it from a node that owns it."""
    given = {k: v for k, v in fields.items() if v is not None and k != "version"}
    node, targets = await _checked(store, label, given, links)
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
    node, targets = await _checked(store, label, props, links)
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

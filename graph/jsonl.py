"""The graph as JSON Lines: a header, then every node, then every relationship, in a stable order.

The same format serves `govgraph export`/`import` and the embedded store's snapshot, so an export
of one store imports into the other and exports again byte for byte the same.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from graph import validation
from graph.changes import Changes
from graph.errors import InvalidDataError, Problem
from graph.i18n import _, quote
from graph.records import Node, NodeRef, Relationship

FORMAT = "govgraph-graph"
VERSION = 1


def dumps(obj: Any) -> str:
    """One canonical JSON line: sorted keys, UTF-8 text, no spaces."""
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def header(**extra: Any) -> dict[str, Any]:
    return {"format": FORMAT, "version": VERSION, **extra}


def node_line(node: Node) -> dict[str, Any]:
    return {"node": node.label.value, "key": node.key, "props": node.props}


def rel_line(rel: Relationship) -> dict[str, Any]:
    return {
        "rel": rel.type.value,
        "start": [rel.start.label.value, rel.start.key],
        "end": [rel.end.label.value, rel.end.key],
        "props": rel.props,
    }


async def write(out: IO[str], nodes: AsyncIterator[Node], rels: AsyncIterator[Relationship], **extra: Any) -> int:
    """Write a whole graph; returns the number of records written."""
    out.write(dumps(header(**extra)) + "\n")
    count = 0
    async for node in nodes:
        out.write(dumps(node_line(node)) + "\n")
        count += 1
    async for rel in rels:
        out.write(dumps(rel_line(rel)) + "\n")
        count += 1
    return count


def _record(data: Any, where: str) -> Node | Relationship:
    if not isinstance(data, dict):
        raise InvalidDataError([Problem(where, "", _("expected a JSON object"))])
    if "node" in data:
        label = validation.parse_label(str(data["node"]))
        props = data.get("props")
        if not isinstance(props, dict):
            raise InvalidDataError([Problem(where, "props", _("expected a JSON object"))])
        if props.get(label.key) != data.get("key"):
            raise InvalidDataError([Problem(where, "key", _("does not match {field}", field="props." + label.key))])
        return validation.node(label, props, where)
    if "rel" in data:
        rel_type = validation.parse_rel_type(str(data["rel"]))
        ends = []
        for side in ("start", "end"):
            value = data.get(side)
            if not (isinstance(value, list) and len(value) == 2 and all(isinstance(v, str) for v in value)):
                raise InvalidDataError([Problem(where, side, _("expected {shape}", shape="[label, key]"))])
            ends.append(NodeRef(validation.parse_label(value[0]), value[1]))
        return validation.relationship(rel_type, ends[0], ends[1], data.get("props") or {}, where)
    raise InvalidDataError([Problem(where, "", _("a line must hold a node or a rel"))])


def read_lines(lines: Iterable[str], source: str) -> tuple[dict[str, Any], Iterator[Node | Relationship]]:
    """Check the header and return it with a lazy iterator of validated records (errors name the line)."""
    it = iter(enumerate(lines, start=1))
    try:
        _number, first = next(it)
        head = json.loads(first)
    except StopIteration:
        raise InvalidDataError([Problem(f"{source}:1", "", _("empty file: expected a {format} header", format=FORMAT))]) from None
    except json.JSONDecodeError as e:
        raise InvalidDataError([Problem(f"{source}:1", "", _("not JSON: {detail}", detail=e.msg))]) from None
    except RecursionError:  # the json module recurses into nested arrays and objects
        raise InvalidDataError([Problem(f"{source}:1", "", _("not JSON: nested too deep"))]) from None
    if not isinstance(head, dict) or head.get("format") != FORMAT:
        raise InvalidDataError([Problem(f"{source}:1", "format", _("not a {format} file", format=FORMAT))])
    if head.get("version") != VERSION:
        raise InvalidDataError([Problem(f"{source}:1", "version", _("unsupported version {version}", version=quote(str(head.get("version")))))])

    def records() -> Iterator[Node | Relationship]:
        for number, line in it:
            if not line.strip():
                continue
            where = f"{source}:{number}"
            try:
                data = json.loads(line)
            except json.JSONDecodeError as e:
                raise InvalidDataError([Problem(where, "", _("not JSON: {detail}", detail=e.msg))]) from None
            except RecursionError:
                raise InvalidDataError([Problem(where, "", _("not JSON: nested too deep"))]) from None
            yield _record(data, where)

    return head, records()


def changes_from_lines(lines: Iterable[str], source: str) -> Changes:
    """Read and validate a whole export's lines into one unit of work (nothing is applied here)."""
    changes = Changes()
    _head, records = read_lines(lines, source)
    for record in records:
        if isinstance(record, Node):
            changes.add_node(record)
        else:
            changes.add_relationship(record)
    return changes


def read_changes(path: Path) -> Changes:
    """Read and validate a whole export file into one unit of work (nothing is applied here)."""
    with path.open(encoding="utf-8") as f:
        return changes_from_lines(f, str(path))

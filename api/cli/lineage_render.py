"""Lineage and impact answers as text for the terminal and for documents: a rich tree, JSON,
Graphviz DOT and Mermaid (flowchart LR).

Pure functions of the answers of `lineage.lineage.lineage` and `lineage.impact.impact`; the CLI
prints what they return. Names are the district's own (Chinese, with any quotes or backslashes
they hold), so every format escapes them by its own rules. Example::

    graph = await lineage(store, "301001/000001", FlowDirection.UPSTREAM, depth=3)
    print(lineage_mermaid(graph))
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from io import StringIO
from typing import Any

from rich.console import Console, RenderableType
from rich.text import Text
from rich.tree import Tree

from graph.labels import Label
from graph.records import Node, NodeRef, ReachedNode
from lineage.flow import FlowDirection
from lineage.impact import Impact
from lineage.lineage import FlowEdge, Level, LineageGraph

STYLES = {
    Label.RESOURCE: "bold cyan",
    Label.DATA_ITEM: "cyan",
    Label.SYSTEM: "magenta",
    Label.DEPARTMENT: "green",
    Label.PLATFORM: "blue",
    Label.CONSUMER: "yellow",
    Label.USE: "yellow",
    Label.CITATION: "red",
}
DOT_SHAPES = {
    Label.RESOURCE: "box",
    Label.DATA_ITEM: "ellipse",
    Label.SYSTEM: "component",
    Label.DEPARTMENT: "house",
    Label.PLATFORM: "cylinder",
    Label.CONSUMER: "oval",
    Label.USE: "parallelogram",
    Label.CITATION: "note",
}
# Mermaid node shapes as (open, close) around the quoted label.
MERMAID_SHAPES = {
    Label.RESOURCE: ("[", "]"),
    Label.DATA_ITEM: ("([", "])"),
    Label.SYSTEM: ("[[", "]]"),
    Label.PLATFORM: ("[(", ")]"),
    Label.CITATION: (">", "]"),
}
FONT = "Noto Sans CJK SC"  # a font with Han characters, so Graphviz draws the Chinese names


@dataclass(frozen=True)
class LineageQuestion:
    """What was asked, to title the answer: the code, the direction, the depth and the level."""

    code: str
    direction: FlowDirection = FlowDirection.UPSTREAM
    depth: int = 3
    level: Level = Level.RESOURCE


def node_name(node: Node) -> str:
    """A node's human name: its name, a citation's document, a use's purpose, else its key."""
    props = node.props
    return str(props.get("name") or props.get("document") or props.get("purpose") or node.key)


def node_id(ref: NodeRef) -> str:
    """The id a node has in the JSON, DOT and Mermaid outputs: `Label:key`."""
    return str(ref)


def edge_caption(edge: FlowEdge) -> str:
    """The kind of step, its transform (加工处理) and a desensitisation mark (脱敏), e.g. `DERIVATION 按年汇总 脱敏`."""
    parts = [edge.kind.value if edge.kind is not None else edge.rel.type.value]
    if edge.rel.props.get("transform"):
        parts.append(str(edge.rel.props["transform"]))
    if edge.rel.props.get("desensitisation"):
        parts.append("脱敏")
    return " ".join(parts)


def to_text(renderable: RenderableType, width: int = 120) -> str:
    """A rich renderable as plain text (no colours), for tests and files."""
    console = Console(file=StringIO(), width=width, color_system=None, force_terminal=False, legacy_windows=False)
    console.print(renderable)
    return console.file.getvalue()  # type: ignore[attr-defined, no-any-return]


# --- the tree ----------------------------------------------------------------------------------


def _label(node: Node, depth: int | None = None) -> Text:
    text = Text.assemble((node.label.value, STYLES.get(node.label, "")), " ", (node.key, "bold"))
    name = node_name(node)
    if name != node.key:
        text.append(f" {name}")
    if depth is not None:
        text.append(f" · depth {depth}", style="dim")
    return text


def _roots(graph: LineageGraph) -> list[ReachedNode]:
    """The starts: depth-0 nodes, except the items of a start resource (they hang under it)."""
    starts = {n.node.ref for n in graph.nodes if n.depth == 0}
    owned = {e.target for e in graph.edges if e.kind is None and e.source in starts}
    return [n for n in graph.nodes if n.depth == 0 and n.node.ref not in owned]


def _branch(tree: Tree, graph: LineageGraph, start: NodeRef, upstream: bool) -> None:
    """Hang the walk from `start` under `tree`: sources when `upstream`, else targets. A node met again
    (a diamond) is shown once more and not expanded."""
    reached = {n.node.ref: n for n in graph.nodes}
    starts = {n.node.ref for n in graph.nodes if n.depth == 0}
    children: dict[NodeRef, list[tuple[FlowEdge, NodeRef]]] = defaultdict(list)
    for edge in graph.edges:
        if edge.kind is None:  # an item's resource: a child only of a start resource
            if edge.source in starts:
                children[edge.source].append((edge, edge.target))
        elif upstream:
            children[edge.target].append((edge, edge.source))
        else:
            children[edge.source].append((edge, edge.target))
    seen = {start}
    arrow = "←" if upstream else "→"

    def grow(parent: Tree, ref: NodeRef) -> None:
        for edge, child in sorted(children[ref], key=lambda pair: (edge_caption(pair[0]), pair[1].sort_key())):
            node = reached[child]
            caption = Text.assemble((f"{arrow if edge.kind is not None else '◇'} {edge_caption(edge)}", "dim"), " ")
            label = caption + _label(node.node, node.depth)
            if child in seen:
                parent.add(label + Text(" (shown above)", style="dim italic"))
                continue
            seen.add(child)
            grow(parent.add(label), child)

    grow(tree, start)


def lineage_tree(graph: LineageGraph, question: LineageQuestion) -> Tree:
    """The answer as a tree from the start: each line the edge kind and transform, then the node's
    kind, code, name and depth; BOTH has an upstream and a downstream branch."""
    summary = (
        f"{question.direction.value.lower()} · depth ≤ {question.depth} · {question.level.value.lower()} level · "
        f"{len(graph.nodes)} nodes, {len(graph.edges)} edges"
    )
    if graph.truncated:
        summary += " · TRUNCATED (the depth or the node cap left more out)"
    roots = _roots(graph)
    if not roots:
        return Tree(Text(f"lineage of {question.code}: nothing ({summary})"))
    top = Tree(Text.assemble(*(_label(r.node) + Text("  ") for r in roots), (summary, "dim")))
    for root in roots:
        holder = top if len(roots) == 1 else top.add(_label(root.node))
        if question.direction is FlowDirection.BOTH:
            _branch(holder.add(Text("upstream", style="bold")), graph, root.node.ref, upstream=True)
            _branch(holder.add(Text("downstream", style="bold")), graph, root.node.ref, upstream=False)
        else:
            _branch(holder, graph, root.node.ref, upstream=question.direction is FlowDirection.UPSTREAM)
    return top


# --- JSON --------------------------------------------------------------------------------------


def _node_json(node: Node, depth: int | None = None, more: tuple[int, int] | None = None) -> dict[str, Any]:
    found: dict[str, Any] = {"id": node_id(node.ref), "kind": node.label.value, "code": node.key, "name": node_name(node)}
    if depth is not None:
        found["depth"] = depth
    if more is not None:
        found["moreUpstream"], found["moreDownstream"] = more
    return found


def lineage_json(graph: LineageGraph, question: LineageQuestion) -> str:
    """The answer as JSON: the question, `nodes` (id, kind, code, name, depth) and `edges` (source,
    target, kind, relationship, transform and the relationship's other properties)."""
    body = {
        "code": question.code,
        "direction": question.direction.value,
        "depth": question.depth,
        "level": question.level.value,
        "truncated": graph.truncated,
        "depthReached": graph.depth_reached,
        "nodes": [_node_json(n.node, n.depth, graph.more_of(n.node.ref)) for n in graph.nodes],
        "edges": [
            {
                "source": node_id(e.source),
                "target": node_id(e.target),
                "kind": e.kind.value if e.kind is not None else None,
                "relationship": e.rel.type.value,
                "transform": e.rel.props.get("transform"),
                "properties": e.rel.props,
            }
            for e in graph.edges
        ],
    }
    return json.dumps(body, ensure_ascii=False, indent=2)


# --- Graphviz DOT ------------------------------------------------------------------------------


def dot_string(text: str) -> str:
    """`text` as a DOT double-quoted string: backslashes and quotes escaped, line breaks as `\\n`."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return f'"{escaped}"'


def _dot_label(*lines: str) -> str:
    return dot_string("\n".join(lines))


def lineage_dot(graph: LineageGraph) -> str:
    """The answer as a Graphviz digraph, left to right, the starts drawn bold; `dot -Tsvg` draws it."""
    lines = [
        "digraph lineage {",
        f"  graph [rankdir=LR, charset=\"UTF-8\", fontname={dot_string(FONT)}];",
        f"  node [shape=box, fontname={dot_string(FONT)}];",
        f"  edge [fontname={dot_string(FONT)}, fontsize=10];",
    ]
    for reached in graph.nodes:
        node = reached.node
        attrs = [f"label={_dot_label(node.label.value, node.key, node_name(node))}", f"shape={DOT_SHAPES.get(node.label, 'box')}"]
        if reached.depth == 0:
            attrs.append("penwidth=2")
        lines.append(f"  {dot_string(node_id(node.ref))} [{', '.join(attrs)}];")
    for edge in graph.edges:
        attrs = [f"label={dot_string(edge_caption(edge))}"]
        if edge.kind is None:
            attrs.append("style=dashed")
        lines.append(f"  {dot_string(node_id(edge.source))} -> {dot_string(node_id(edge.target))} [{', '.join(attrs)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


# --- Mermaid -----------------------------------------------------------------------------------

# `#` first, so the entities put in afterwards are not escaped again.
_MERMAID_ENTITIES = (("#", "#35;"), ('"', "#quot;"), ("<", "#lt;"), (">", "#gt;"), ("&", "#amp;"), ("`", "#96;"), ("|", "#124;"))


def mermaid_text(text: str) -> str:
    """`text` safe inside a quoted Mermaid label: its markup characters as entity codes, on one line."""
    for char, entity in _MERMAID_ENTITIES:
        text = text.replace(char, entity)
    return " ".join(text.splitlines())


def lineage_mermaid(graph: LineageGraph) -> str:
    """The answer as a Mermaid flowchart (LR), for Markdown documents; the starts are outlined thick."""
    ids = {reached.node.ref: f"n{i}" for i, reached in enumerate(graph.nodes)}
    lines = ["flowchart LR"]
    for reached in graph.nodes:
        node = reached.node
        label = "<br/>".join(mermaid_text(part) for part in (node.label.value, node.key, node_name(node)))
        opening, closing = MERMAID_SHAPES.get(node.label, ("(", ")"))
        lines.append(f'  {ids[node.ref]}{opening}"{label}"{closing}')
    for edge in graph.edges:
        arrow = "-.->" if edge.kind is None else "-->"
        lines.append(f'  {ids[edge.source]} {arrow}|"{mermaid_text(edge_caption(edge))}"| {ids[edge.target]}')
    starts = [ids[r.node.ref] for r in graph.nodes if r.depth == 0]
    if starts:
        lines.append("  classDef start stroke-width:3px")
        lines.append(f"  class {','.join(starts)} start")
    return "\n".join(lines) + "\n"


# --- impact ------------------------------------------------------------------------------------


def impact_tree(found: Impact) -> Tree:
    """What a wrong value in the resource reaches, by group (Art.25): derived resources, uses,
    consumers, citations, open publications, derived open resources, departments to notify."""
    title = Text("impact of ") + _label(found.resource)
    if found.truncated:
        title.append(" · TRUNCATED (a cap cut the answer)", style="dim")
    tree = Tree(title)

    def group(name: str, labels: list[Text]) -> None:
        branch = tree.add(Text(f"{name} ({len(labels)})", style="bold"))
        for label in labels:
            branch.add(label)

    group("derived resources", [_label(n) for n in found.derived])
    group("uses", [_label(n) for n in found.uses])
    group("consumers", [_label(n) for n in found.consumers])
    group("citations", [_label(n) for n in found.citations])
    group("open publications", [_label(p.resource) + Text(" on ", style="dim") + _label(p.platform) for p in found.publications])
    group("derived open resources", [_label(n) for n in found.open_derived])
    group("departments to notify", [_label(n) for n in found.notify])
    return tree


def impact_json(found: Impact) -> str:
    """The impact as JSON: the resource, each group as a list of nodes (id, kind, code, name), and `truncated`."""
    body = {
        "resource": _node_json(found.resource),
        "derived": [_node_json(n) for n in found.derived],
        "uses": [_node_json(n) for n in found.uses],
        "consumers": [_node_json(n) for n in found.consumers],
        "citations": [_node_json(n) for n in found.citations],
        "publications": [{"resource": _node_json(p.resource), "platform": _node_json(p.platform)} for p in found.publications],
        "openDerived": [_node_json(n) for n in found.open_derived],
        "notify": [_node_json(n) for n in found.notify],
        "truncated": found.truncated,
    }
    return json.dumps(body, ensure_ascii=False, indent=2)

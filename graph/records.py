"""Plain values the store interface speaks: nodes, relationships, pages, queries and subgraphs."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

from graph.labels import Direction, Label, RelType

Props = dict[str, Any]


class NodeRef(NamedTuple):
    """Names one node: its label and key.

    A named tuple, so that hashing and comparing one are done in C: a walk over the graph looks nodes
    up thousands of times per answer, and a Python `__hash__` and `__eq__` were most of the cost of
    each look-up. Labels are text, so refs order as (label, key) text, as `sort_key` says.
    """

    label: Label
    key: str

    def __str__(self) -> str:
        return f"{self.label.value}:{self.key}"

    def sort_key(self) -> tuple[str, str]:
        return self  # the label compares as its text: (label.value, key) without reading `.value`


# The records a store answers with are made by the hundreds per answer: their `__init__` fills the
# instance's dict directly, which is what the frozen dataclass's own does field by field through
# `object.__setattr__`, at about half the cost.


@dataclass(frozen=True, init=False)
class Node:
    """A node with its stored properties (the key included)."""

    label: Label
    key: str
    props: Props

    def __init__(self, label: Label, key: str, props: Props) -> None:
        values = self.__dict__
        values["label"] = label
        values["key"] = key
        values["props"] = props

    @classmethod
    def at(cls, ref: NodeRef, props: Props) -> Node:
        """The node `ref` names, with `props`; its `ref` is the one given (a walk has it already)."""
        node = cls(ref.label, ref.key, props)
        node.__dict__["_ref"] = ref
        return node

    @property
    def ref(self) -> NodeRef:
        # Made once (a bulk load's grouping and a page's links ask for it again): kept beside the fields.
        values = self.__dict__
        ref: NodeRef | None = values.get("_ref")
        if ref is None:
            ref = values["_ref"] = NodeRef(self.label, self.key)
        return ref


@dataclass(frozen=True, init=False)
class Relationship:
    """A relationship; at most one of a type joins an ordered pair of nodes."""

    type: RelType
    start: NodeRef
    end: NodeRef
    props: Props = field(default_factory=dict)

    def __init__(self, type: RelType, start: NodeRef, end: NodeRef, props: Props | None = None) -> None:  # noqa: A002 (the field's name)
        values = self.__dict__
        values["type"] = type
        values["start"] = start
        values["end"] = end
        values["props"] = {} if props is None else props

    def sort_key(self) -> tuple[str, str, str, str, str]:
        return (self.type, *self.start, *self.end)  # enums compare as their text


@dataclass(frozen=True)
class PropertyFilter:
    """Keep nodes whose scalar property `field` equals one of `values`."""

    field: str
    values: tuple[str | int | bool, ...]


@dataclass(frozen=True)
class LinkFilter:
    """Keep nodes that have a neighbour through `rel` (in `direction`) with `label` matching the
    filters, and (for a path) whose own `linked` filters hold in turn."""

    rel: RelType
    direction: Direction
    label: Label
    keys: tuple[str, ...] = ()
    where: tuple[PropertyFilter, ...] = ()
    linked: tuple[LinkFilter, ...] = ()


@dataclass(frozen=True)
class PageQuery:
    """A page of one label's nodes in key order, after the key `after`, filtered and text-searched.

    `text` matches a node when it is a substring of one of the label's text fields, ignoring case,
    or a prefix of its key. `expand` and `count` ask the same read for each page node's visible
    neighbours along those steps, or only their number (see `Page`).

    `total` asks for the number of every match as well (`Page.total`); without it the store reads only
    the page (and the row after it), however many match.

    `props` names the stored properties the caller will read from the page's nodes: they come with
    those (the ones they have) and their key only; None brings them whole. `expand_props` does the same
    for the nodes an `expand` step brings, step by step (a step not named there brings them whole).
    """

    label: Label
    where: tuple[PropertyFilter, ...] = ()
    linked: tuple[LinkFilter, ...] = ()
    text: str | None = None
    first: int = 50
    after: str | None = None
    expand: tuple[Step, ...] = ()
    count: tuple[Step, ...] = ()
    props: tuple[str, ...] | None = None
    expand_props: tuple[tuple[Step, tuple[str, ...]], ...] = ()
    total: bool = True

    def props_of(self, step: Step) -> tuple[str, ...] | None:
        """The properties the nodes along the expanded `step` come with (None: all)."""
        return next((names for s, names in self.expand_props if s == step), None)


def projected(label: Label, props: Props, names: tuple[str, ...] | None) -> Props:
    """`props` cut down to `names` and the key of `label` (a copy of all of them when `names` is None)."""
    if names is None:
        return dict(props)
    kept = {label.key: props[label.key]} if label.key in props else {}
    kept.update((name, props[name]) for name in names if name in props)
    return kept


Pair = tuple[Relationship, Node]


@dataclass(frozen=True)
class Page:
    """One page of nodes, with the total that match (None unless `PageQuery.total` asked) and whether more follow.

    `expanded[step][key]` holds, for each node of the page and each step of the query's `expand`,
    what `GraphStore.neighbours` would answer for that step; `counted[step][key]` the length of it,
    for each step of `count`. A page of resources with their providers is then one read, not two.
    """

    nodes: list[Node]
    total: int | None
    has_next: bool
    expanded: dict[Step, dict[str, list[Pair]]] = field(default_factory=dict)
    counted: dict[Step, dict[str, int]] = field(default_factory=dict)


@dataclass(frozen=True)
class PageRows:
    """A page as plain rows, before any record is made: what an answer built straight from the store's
    reply needs (`GraphStore.page_rows`). Row i is the page's node i, in key order:

    - `nodes[i]`: its properties (those `PageQuery.props` names, and its key); one it lacks is absent or None;
    - `links[step][i]`: for each step of `expand`, the visible nodes at the other end, as (label,
      properties: those `PageQuery.props_of(step)` names), in edge order (as `Page.expanded`);
    - `counts[step][i]`: for each step of `count`, how many (as `Page.counted`).
    """

    nodes: list[Props]
    total: int | None
    has_next: bool
    links: dict[Step, list[list[tuple[Label, Props]]]] = field(default_factory=dict)
    counts: dict[Step, list[int]] = field(default_factory=dict)

    @classmethod
    def of(cls, page: Page) -> PageRows:
        """The rows of a page of records."""
        keys = [node.key for node in page.nodes]
        return cls(
            [node.props for node in page.nodes], page.total, page.has_next,
            {step: [[(other.label, other.props) for _, other in found[key]] for key in keys] for step, found in page.expanded.items()},
            {step: [found[key] for key in keys] for step, found in page.counted.items()},
        )


@dataclass(frozen=True)
class Step:
    """Follow relationships of `rel` in `direction` during a traversal."""

    rel: RelType
    direction: Direction
    # Hashed once: a page's links are looked up by step for every node of the page.
    _hash: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_hash", hash((self.rel, self.direction)))

    def __hash__(self) -> int:
        return self._hash

    def __reduce__(self) -> tuple[type[Step], tuple[RelType, Direction]]:
        # Rebuilt from its fields, so that the hash is the new process's.
        return Step, (self.rel, self.direction)


@dataclass(frozen=True)
class Traversal:
    """A bounded breadth-first walk from `starts` along `follow`.

    Nodes are reached level by level; a level that would pass `node_limit` keeps its first nodes in
    (label, key) order and sets `truncated`. With `start_via`, the walk starts from the starts'
    neighbours along that step instead of the starts. With `attach`, every reached node brings its
    neighbours along that step (at its depth, walked no further, not counted in the limit): an item
    brings its resource, say. Edges are every followed or attaching relationship between the nodes.
    """

    starts: tuple[NodeRef, ...]
    follow: tuple[Step, ...]
    max_depth: int
    node_limit: int = 500
    start_via: Step | None = None
    attach: Step | None = None


@dataclass(frozen=True, init=False)
class ReachedNode:
    """A node of a subgraph with its distance in hops from the nearest start; a node the principal
    may not see is `redacted`: its kind stays, its key is a placeholder and its properties are gone."""

    node: Node
    depth: int
    redacted: bool = False

    def __init__(self, node: Node, depth: int, redacted: bool = False) -> None:
        values = self.__dict__
        values["node"] = node
        values["depth"] = depth
        values["redacted"] = redacted


@dataclass(frozen=True)
class Subgraph:
    """The answer to a traversal: nodes by (depth, label, key), edges in (type, start, end) order."""

    nodes: list[ReachedNode]
    edges: list[Relationship]
    truncated: bool
    depth_reached: int


@dataclass(frozen=True)
class Counts:
    """How many nodes per label and relationships per type a store holds (zero counts omitted)."""

    labels: dict[str, int]
    relationships: dict[str, int]


REDACTED = "redacted"


def redact(sub: Subgraph, hidden: set[NodeRef]) -> Subgraph:
    """The subgraph with `hidden` nodes as placeholders (kind only) and the properties of their edges
    removed, so the shape stays honest without leaking names (Art.24, Art.29)."""
    if not hidden:
        return sub
    placeholder: dict[NodeRef, NodeRef] = {}
    nodes = []
    for reached in sub.nodes:
        ref = reached.node.ref
        if ref in hidden:
            placeholder[ref] = NodeRef(ref.label, f"{REDACTED}-{len(placeholder) + 1}")
            nodes.append(ReachedNode(Node(ref.label, placeholder[ref].key, {}), reached.depth, redacted=True))
        else:
            nodes.append(reached)
    edges = []
    for rel in sub.edges:
        if rel.start in hidden or rel.end in hidden:
            rel = Relationship(rel.type, placeholder.get(rel.start, rel.start), placeholder.get(rel.end, rel.end), {})
        edges.append(rel)
    edges.sort(key=Relationship.sort_key)
    return Subgraph(nodes, edges, sub.truncated, sub.depth_reached)

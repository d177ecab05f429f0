"""Where a field's value comes from: one declaration per field, written by the schema, read by both paths.

A field of a node type says its source once, in its metadata (`declared(...)`, through the schema's
helpers `prop`, `linked`, `counted`, `reads`):

- `Stored("code")`: the stored property, as stored, as the name of an enum value, or as a date;
- `Linked(step, one=True)`: the nodes along a step (all of them, or the first);
- `Counted(step)`: how many nodes lie along a step;
- `GlobalId()`: the node's global ID;
- `Computed(reads=("share_type",))`: what its resolver works out from these stored properties.

The general path reads the value from it (`StoredFieldReader`, the resolvers of links and counts).
The engine derives from it, in its own room, what it needs to answer fast: in-place getters
(`api.engine.executor`), values answered as stored and enum names (`api.engine.answers`), the links,
counts and properties a page read brings along (`api.engine.prefetch`), and which getters have an
effect (a link that audits what it answers).

A node object (any type implementing the `Node` interface) holds `stored`, a `graph.records.Node`, and
`prefetched`, what its page read brought along (`Prefetched`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from api.engine.internals import StrawberryField, object_definition
from graph.labels import Label
from graph.records import Node as StoredNode
from graph.records import Pair, Props, Step

SOURCE = "govgraph.source"  # the key of a field's metadata that holds its source


@dataclass(frozen=True)
class Prefetched:
    """Links of a node read together with it (`PageQuery.expand` / `count`), so that its link fields
    answer at once instead of through a DataLoader: no awaitable, no batch, no second read."""

    links: Mapping[Step, list[Pair]] = field(default_factory=dict)
    counts: Mapping[Step, int] = field(default_factory=dict)


NOTHING_PREFETCHED = Prefetched()


@dataclass(frozen=True)
class Stored:
    """The stored property `name`: as stored, or the value of `enum` whose name is stored, or a date
    stored as ISO text."""

    name: str
    enum: Any = None
    is_date: bool = False

    @property
    def reads(self) -> tuple[str, ...]:
        return (self.name,)

    @property
    def as_is(self) -> bool:
        """Whether the value is the stored one, with nothing to convert."""
        return self.enum is None and not self.is_date

    @property
    def names(self) -> frozenset[str] | None:
        """The enum's value names, which are what is stored (None when it is not an enum)."""
        return None if self.enum is None else frozenset(self.enum.__members__)


def stored_reader(source: Stored) -> Callable[[Props], Any]:
    """The value of a `Stored` field from its node's stored properties."""
    name, enum, is_date = source.name, source.enum, source.is_date
    if enum is not None:

        def named(props: Props) -> Any:
            value = props.get(name)
            if value is None:
                return None
            return [enum[v] for v in value] if isinstance(value, list) else enum[value]

        return named
    if is_date:

        def dated(props: Props) -> Any:
            value = props.get(name)
            return None if value is None else date.fromisoformat(value)

        return dated
    return lambda props: props.get(name)


# What a link field's answer is made of: (the node object, the request context, the nodes it answers).
OnRead = Callable[[Any, Any, list[StoredNode]], None]
Wrap = Callable[[StoredNode], Any]  # the GraphQL object for a stored node


@dataclass(frozen=True)
class Linked:
    """The nodes along `step`: a list, or with `one` the first (or null); `only` keeps nodes of one
    label; `on_read` sees what is answered (e.g. to audit it: an effect), reading the stored
    properties `reads` of the node that has the field."""

    step: Step
    one: bool = False
    only: Label | None = None
    on_read: OnRead | None = None
    reads: tuple[str, ...] = ()

    def at_hand(self, node: Any) -> list[StoredNode] | None:
        """The nodes along the step that the node's page read brought, or None when it brought none."""
        pairs = node.prefetched.links.get(self.step)
        return None if pairs is None else [other for _, other in pairs]

    def answer(self, node: Any, context: Any, nodes: list[StoredNode], wrap: Wrap) -> Any:
        """The field's answer from the nodes along the step (`on_read` sees the ones it keeps)."""
        kept = nodes if self.only is None else [n for n in nodes if n.label is self.only]
        if self.on_read is not None:
            self.on_read(node, context, kept)
        if self.one:
            return wrap(kept[0]) if kept else None
        return [wrap(n) for n in kept]


@dataclass(frozen=True)
class Counted:
    """The number of visible nodes along `step`."""

    step: Step
    reads: tuple[str, ...] = ()

    def at_hand(self, node: Any) -> int | None:
        """The count the node's page read brought (or the length of the links it brought), or None."""
        prefetched: Prefetched = node.prefetched
        if self.step in prefetched.counts:
            return prefetched.counts[self.step]
        if self.step in prefetched.links:
            return len(prefetched.links[self.step])
        return None


@dataclass(frozen=True)
class GlobalId:
    """The node's global ID (`api.engine.ids.global_id` of its label and key)."""

    reads: tuple[str, ...] = ()


@dataclass(frozen=True)
class Computed:
    """A value its resolver works out from the stored properties `reads` of its node (and its key)."""

    reads: tuple[str, ...] = ()


Source = Stored | Linked | Counted | GlobalId | Computed


def declared(source: Source) -> dict[str, Any]:
    """The field metadata that declares `source` (`strawberry.field(metadata=declared(...))`)."""
    return {SOURCE: source}


def source_of(field: StrawberryField | None) -> Source | None:
    """The source a field declares, if it declares one."""
    if field is None or not field.metadata:
        return None
    found = field.metadata.get(SOURCE)
    return found if isinstance(found, (Stored, Linked, Counted, GlobalId, Computed)) else None


class StoredFieldReader:
    """The schema's default resolver: a `Stored` field of a node reads the node's stored properties;
    any other plain field is the attribute of that name. One per schema; it learns each type once.

    A `Stored` field has no resolver of its own: strawberry resolves such a plain field without
    building an `Info` and an argument list for it (several times cheaper, and a page of 50 resources
    has hundreds of them)."""

    def __init__(self) -> None:
        self._readers: dict[type, dict[str, Callable[[Props], Any]]] = {}

    @staticmethod
    def _learn(cls: type) -> dict[str, Callable[[Props], Any]]:
        definition = object_definition(cls)
        if definition is None:
            return {}
        return {f.python_name: stored_reader(s) for f in definition.fields if isinstance(s := source_of(f), Stored)}

    def __call__(self, source: Any, name: str) -> Any:
        cls = type(source)
        readers = self._readers.get(cls)
        if readers is None:
            readers = self._readers[cls] = self._learn(cls)
        read = readers.get(name)
        return getattr(source, name) if read is None else read(source.stored.props)

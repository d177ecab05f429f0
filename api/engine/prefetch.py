"""Reading a page's links with the page: one store read per list field, whatever its selection.

A list field (`resources`, `departments`, …) looks at what the request selects under
`edges { node { … } }`. Each selected link field (`provider`, `catalogs`, …) or count field
(`itemCount`) declares its step (`Linked`, `Counted`, `api.engine.sources`); the page query asks the
store for those steps too (`PageQuery.expand`, `PageQuery.count`), so the store answers the page and
its links in one read (one Cypher statement on Neo4j), and each node's link fields answer from what
came back (`Prefetched`), without a DataLoader round. Links nested deeper (a provider's systems) still
go through the request's DataLoaders, batched per level. The store reads only the properties the
selected fields declare they read (`PageQuery.props`); a field that does not declare its source may
read any, and then all are read.

When the schema is answered fast, a page whose selection is plain is answered straight from the
store's rows (`answered_page`, `api.engine.answers`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any

import strawberry

from api.engine.answers import PageAnswer, compile_page, per_field
from api.engine.executor import Answered, takes_answers
from api.engine.internals import (
    FragmentSpread, InlineFragment, SelectedField, Selection, StrawberryField, fields_by_name, raw_info, target_class,
)
from api.engine.sources import Counted, Linked, Prefetched, source_of
from graph.access import Visibility
from graph.records import Page, PageQuery, Step
from graph.store import GraphStore

Info = strawberry.Info[Any, Any]


def _fields(selections: Iterable[Selection]) -> Iterator[SelectedField]:
    """The fields of a selection set, looking through fragments and inline fragments."""
    for selection in selections:
        if isinstance(selection, SelectedField):
            yield selection
        elif isinstance(selection, (FragmentSpread, InlineFragment)):
            yield from _fields(selection.selections)


def _children(selections: Iterable[Selection], name: str) -> list[Selection]:
    return [child for f in _fields(selections) if f.name == name for child in f.selections]


def selects(info: Info, name: str) -> bool:
    """Whether the field being resolved selects its field `name` (through fragments too): work for a
    field nobody asked for (a total, facet counts) is then not done."""
    selected = [child for f in info.selected_fields for child in f.selections]
    return any(f.name == name for f in _fields(selected))


def selected_nodes(info: Info) -> list[Selection]:
    """What the request selects under `edges { node { … } }` of the field being resolved."""
    selected = [child for f in info.selected_fields for child in f.selections]  # info.selected_fields: the field itself
    return _children(_children(selected, "edges"), "node")


Fields = dict[str, StrawberryField]  # an object type's fields by GraphQL name


def link_fields(fields: Fields) -> dict[str, Linked | Counted]:
    """The link and count fields among an object type's `fields`, by GraphQL name."""
    return {name: source for name, field in fields.items() if isinstance(source := source_of(field), (Linked, Counted))}


def reads(fields: Fields, selections: Iterable[Selection]) -> tuple[str, ...] | None:
    """The stored properties the selected ones of an object type's `fields` read (what their sources
    declare), sorted; None when one of them declares no source, and may read any."""
    needed: set[str] = set()
    for selected in _fields(selections):
        if selected.name == "__typename":
            continue
        source = source_of(fields.get(selected.name))
        if source is None:
            return None
        needed.update(source.reads)
    return tuple(sorted(needed))


@dataclass(frozen=True)
class Plan:
    """What a page read brings for a selection: links to expand or count, and the properties to read."""

    expand: tuple[Step, ...]
    count: tuple[Step, ...]
    props: tuple[str, ...] | None
    expand_props: tuple[tuple[Step, tuple[str, ...]], ...]

    def apply(self, query: PageQuery) -> PageQuery:
        return replace(query, expand=self.expand, count=self.count, props=self.props, expand_props=self.expand_props)


def plan(info: Info, node_type: object) -> Plan:
    """The steps to expand and to count, and the properties to read, for the page the field being resolved returns."""
    nodes = selected_nodes(info)
    fields = fields_by_name(node_type)
    links = link_fields(fields)
    chosen = [links[name] for name in sorted({f.name for f in _fields(nodes)}) if name in links]
    expand = tuple(dict.fromkeys(source.step for source in chosen if isinstance(source, Linked)))
    count = tuple(dict.fromkeys(source.step for source in chosen if isinstance(source, Counted) and source.step not in expand))
    return Plan(expand, count, reads(fields, nodes), _expand_props(fields, nodes, expand))


def _expand_props(fields: Fields, nodes: list[Selection], expand: tuple[Step, ...]) -> tuple[tuple[Step, tuple[str, ...]], ...]:
    """For each expanded step, what the link fields that follow it read of the nodes they bring (a
    step whose fields may read anything is left out: its nodes come whole)."""
    needed: dict[Step, set[str] | None] = {}
    for selected in _fields(nodes):
        field = fields.get(selected.name)
        source = source_of(field)
        if field is None or not isinstance(source, Linked) or source.step not in expand:
            continue
        step = source.step
        target = target_class(field)
        names = None if target is None else reads(fields_by_name(target), selected.selections)
        known = needed.get(step, set())
        needed[step] = None if names is None or known is None else known | set(names)
    return tuple((step, tuple(sorted(names))) for step, names in needed.items() if names is not None)


def prefetched(page: Page, key: str) -> Prefetched:
    """What the page read brought for the node `key`."""
    return Prefetched(
        {step: found[key] for step, found in page.expanded.items()},
        {step: found[key] for step, found in page.counted.items()},
    )


def prepared(info: Info, node_type: object) -> tuple[Plan, PageAnswer | None]:
    """The plan of the list field being resolved and its recipe (`api.engine.answers`), made once per
    field of a parsed document: both depend on the selection alone, not on variables (the recipe takes
    no selection with a directive or an argument below the list field)."""
    raw = raw_info(info)
    return per_field(raw, "page", lambda: (plan(info, node_type), compile_page(raw)))


async def answered_page(
    info: Info, recipe: PageAnswer | None, store: GraphStore, query: PageQuery, visibility: Visibility, after: str | None,
    general: Callable[[], Awaitable[Any]],
) -> Answered | None:
    """The page `query` straight from the store's rows, when its selection has a recipe and the schema
    is answered fast; None when the general path (`general`) must answer it."""
    if recipe is None or not takes_answers(info.schema):
        return None
    rows = await store.page_rows(query, visibility)
    data = recipe.build(query.label, rows, after)
    return None if data is None else Answered(data, general)

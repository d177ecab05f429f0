"""Reading a page's links with the page: one store read per list field, whatever its selection.

A list field (`resources`, `departments`, …) looks at what the request selects under
`edges { node { … } }`. Each selected link field (`provider`, `catalogs`, …) or count field
(`itemCount`) names its step in its field metadata (`api.types.linked`, `api.types.counted`); the
page query asks the store for those steps too (`PageQuery.expand`, `PageQuery.count`), so the
store answers the page and its links in one read (one Cypher statement on Neo4j), and each node's
link fields answer from what came back, without a DataLoader round. Links nested deeper (a
provider's systems) still go through the request's DataLoaders, batched per level.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Any, TypeVar, cast

from strawberry.types.base import StrawberryList, StrawberryOptional, has_object_definition
from strawberry.types.field import StrawberryField
from strawberry.types.nodes import FragmentSpread, InlineFragment, SelectedField, Selection
from strawberry.utils.str_converters import to_camel_case

from api.engine.answers import PageAnswer, compile_page, per_field
from api.engine.executor import Answered, takes_answers
from api.schema.nodes import COUNT, LINK, READS, Connection, Ctx, Prefetched, connection
from graph.records import Page, PageQuery, Step

T = TypeVar("T")


def _fields(selections: Iterable[Selection]) -> Iterator[SelectedField]:
    """The fields of a selection set, looking through fragments and inline fragments."""
    for selection in selections:
        if isinstance(selection, SelectedField):
            yield selection
        elif isinstance(selection, (FragmentSpread, InlineFragment)):
            yield from _fields(selection.selections)


def _children(selections: Iterable[Selection], name: str) -> list[Selection]:
    return [child for f in _fields(selections) if f.name == name for child in f.selections]


def selected_nodes(info: Ctx) -> list[Selection]:
    """What the request selects under `edges { node { … } }` of the field being resolved."""
    selected = [child for f in info.selected_fields for child in f.selections]  # info.selected_fields: the field itself
    return _children(_children(selected, "edges"), "node")


Fields = dict[str, StrawberryField]  # an object type's fields by GraphQL name


def _by_name(node_type: object) -> Fields:
    return {f.graphql_name or to_camel_case(f.python_name): f for f in node_type.__strawberry_definition__.fields}  # type: ignore[attr-defined]


def _meta(field: StrawberryField | None) -> Mapping[str, Any]:
    return {} if field is None or field.metadata is None else field.metadata


def link_fields(fields: Fields) -> dict[str, tuple[str, Step]]:
    """The link and count fields among an object type's `fields`: GraphQL name -> (LINK or COUNT, step)."""
    found: dict[str, tuple[str, Step]] = {}
    for name, field in fields.items():
        for kind in (LINK, COUNT):
            if kind in _meta(field):
                found[name] = (kind, _meta(field)[kind])
    return found


def reads(fields: Fields, selections: Iterable[Selection]) -> tuple[str, ...] | None:
    """The stored properties the selected ones of an object type's `fields` read (`api.types.READS`),
    sorted; None when one of them does not say, and may read any."""
    needed: set[str] = set()
    for selected in _fields(selections):
        if selected.name == "__typename":
            continue
        declared = _meta(fields.get(selected.name)).get(READS)
        if declared is None:
            return None
        needed.update(declared)
    return tuple(sorted(needed))


def _target(field: StrawberryField) -> object | None:
    """The object type a link field answers with (through its list or null wrapper), if it is one."""
    target: Any = field.type
    while isinstance(target, (StrawberryList, StrawberryOptional)):
        target = target.of_type
    return target if has_object_definition(target) else None


@dataclass(frozen=True)
class Plan:
    """What a page read brings for a selection: links to expand or count, and the properties to read."""

    expand: tuple[Step, ...]
    count: tuple[Step, ...]
    props: tuple[str, ...] | None
    expand_props: tuple[tuple[Step, tuple[str, ...]], ...]

    def apply(self, query: PageQuery) -> PageQuery:
        return replace(query, expand=self.expand, count=self.count, props=self.props, expand_props=self.expand_props)


def plan(info: Ctx, node_type: object) -> Plan:
    """The steps to expand and to count, and the properties to read, for the page the field being resolved returns."""
    nodes = selected_nodes(info)
    fields = _by_name(node_type)
    links = link_fields(fields)
    chosen = [links[name] for name in sorted({f.name for f in _fields(nodes)}) if name in links]
    expand = tuple(dict.fromkeys(step for kind, step in chosen if kind == LINK))
    count = tuple(dict.fromkeys(step for kind, step in chosen if kind == COUNT and step not in expand))
    return Plan(expand, count, reads(fields, nodes), _expand_props(fields, nodes, expand))


def _expand_props(fields: Fields, nodes: list[Selection], expand: tuple[Step, ...]) -> tuple[tuple[Step, tuple[str, ...]], ...]:
    """For each expanded step, what the link fields that follow it read of the nodes they bring (a
    step whose fields may read anything is left out: its nodes come whole)."""
    needed: dict[Step, set[str] | None] = {}
    for selected in _fields(nodes):
        field = fields.get(selected.name)
        step = _meta(field).get(LINK)
        if field is None or step is None or step not in expand:
            continue
        target = _target(field)
        names = None if target is None else reads(_by_name(target), selected.selections)
        known = needed.get(step, set())
        needed[step] = None if names is None or known is None else known | set(names)
    return tuple((step, tuple(sorted(names))) for step, names in needed.items() if names is not None)


def prefetched(page: Page, key: str) -> Prefetched:
    """What the page read brought for the node `key`."""
    return Prefetched(
        {step: found[key] for step, found in page.expanded.items()},
        {step: found[key] for step, found in page.counted.items()},
    )


def prepared(info: Ctx, node_type: object) -> tuple[Plan, PageAnswer | None]:
    """The plan of the list field being resolved and its recipe (`api.answers`), made once per field of
    a parsed document: both depend on the selection alone, not on variables (the recipe takes no
    selection with a directive or an argument below the list field)."""
    raw = info._raw_info
    return per_field(raw, "page", lambda: (plan(info, node_type), compile_page(raw)))


async def page_connection(info: Ctx, query: PageQuery, after: str | None, node_type: Callable[..., T]) -> Connection[T]:
    """The connection for a list field: the page and the selected links of its nodes, in one store read;
    answered straight from the store's rows when the selection is plain (`api.answers`)."""
    chosen, recipe = prepared(info, node_type)
    store, visibility = info.context.store, info.context.visibility
    if recipe is not None and takes_answers(info.schema):
        rows = await store.page_rows(chosen.apply(query), visibility)
        data = recipe.build(query.label, rows, after)
        if data is not None:

            async def general() -> Connection[T]:
                return await _connection(info, chosen, query, after, node_type)

            # The executor takes the answer as it is (`api.execution.Answered`); strawberry is not told.
            return cast(Connection[T], Answered(data, general))
    return await _connection(info, chosen, query, after, node_type)


async def _connection(info: Ctx, chosen: Plan, query: PageQuery, after: str | None, node_type: Callable[..., T]) -> Connection[T]:
    page = await info.context.store.page(chosen.apply(query), info.context.visibility)
    if not (chosen.expand or chosen.count):
        return connection(page, after, lambda n: node_type(stored=n))
    return connection(page, after, lambda n: node_type(stored=n, prefetched=prefetched(page, n.key)))

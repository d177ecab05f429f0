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

from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from typing import TypeVar

from strawberry.types.nodes import FragmentSpread, InlineFragment, SelectedField, Selection
from strawberry.utils.str_converters import to_camel_case

from api.types import COUNT, LINK, Connection, Ctx, Prefetched, connection
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


def selected_node_fields(info: Ctx) -> set[str]:
    """Names of the fields selected under `edges { node { … } }` of the field being resolved."""
    selected = [child for f in info.selected_fields for child in f.selections]  # info.selected_fields: the field itself
    nodes = _children(_children(selected, "edges"), "node")
    return {f.name for f in _fields(nodes)}


def link_fields(node_type: object) -> dict[str, tuple[str, Step]]:
    """The link and count fields of a GraphQL object type: GraphQL name -> (LINK or COUNT, step)."""
    found: dict[str, tuple[str, Step]] = {}
    for field in node_type.__strawberry_definition__.fields:  # type: ignore[attr-defined]
        for kind in (LINK, COUNT):
            if kind in (field.metadata or {}):
                found[field.graphql_name or to_camel_case(field.python_name)] = (kind, field.metadata[kind])
    return found


def plan(info: Ctx, node_type: object) -> tuple[tuple[Step, ...], tuple[Step, ...]]:
    """The steps to expand and to count for the page the field being resolved returns."""
    links = link_fields(node_type)
    chosen = [links[name] for name in sorted(selected_node_fields(info)) if name in links]
    expand = tuple(dict.fromkeys(step for kind, step in chosen if kind == LINK))
    count = tuple(dict.fromkeys(step for kind, step in chosen if kind == COUNT and step not in expand))
    return expand, count


def prefetched(page: Page, key: str) -> Prefetched:
    """What the page read brought for the node `key`."""
    return Prefetched(
        {step: found[key] for step, found in page.expanded.items()},
        {step: found[key] for step, found in page.counted.items()},
    )


async def page_connection(info: Ctx, query: PageQuery, after: str | None, node_type: Callable[..., T]) -> Connection[T]:
    """The connection for a list field: the page and the selected links of its nodes, in one store read."""
    expand, count = plan(info, node_type)
    page = await info.context.store.page(replace(query, expand=expand, count=count), info.context.visibility)
    if not (expand or count):
        return connection(page, after, lambda n: node_type(stored=n))
    return connection(page, after, lambda n: node_type(stored=n, prefetched=prefetched(page, n.key)))

"""Relay connections: every list of the schema is a page of them (`Connection`, `Edge`, `PageInfo`).

A page of stored nodes (`page_connection`) is read with the links its selection needs, in one store
read; the engine may answer it straight from the store's rows (`api.engine.prefetch`). A list of answers
computed in memory (findings, verdicts, candidates) is paged in a stable order (`list_connection`):
each item has a sort key; the cursor is that key, so a page after a cursor starts at the first key
after it even when the list changed in between (nothing is skipped or repeated by an offset).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Generic, TypeVar, cast

import strawberry

from api.engine.ids import cursor, parse_cursor
from api.engine.prefetch import answered_page, prefetched, prepared, selects
from api.schema.nodes import Ctx
from graph.errors import InvalidArgumentError
from graph.i18n import _
from graph.records import Node as StoredNode
from graph.records import Page, PageQuery

S = TypeVar("S")
T = TypeVar("T")
MAX_FIRST = 100


@strawberry.type(description="Where a page stands in the whole list (Relay).")
class PageInfo:
    has_next_page: bool = strawberry.field(description="More items follow this page.")
    has_previous_page: bool = strawberry.field(description="This page was asked for after a cursor.")
    start_cursor: str | None = strawberry.field(description="Cursor of the first edge of the page.")
    end_cursor: str | None = strawberry.field(description="Cursor of the last edge: pass it as `after` for the next page.")


@strawberry.type(description="An item of a page, with its cursor (Relay).")
class Edge(Generic[T]):
    cursor: str = strawberry.field(description="Opaque position of this item, for `after`.")
    node: T = strawberry.field(description="The item.")


@strawberry.type(description="A page of a list (Relay connection) with the total that match.")
class Connection(Generic[T]):
    edges: list[Edge[T]] = strawberry.field(description="The items of this page, in code order.")
    page_info: PageInfo = strawberry.field(description="Where this page stands.")
    total_count: int = strawberry.field(description="How many items match the filter in all, across pages.")


def connection(page: Page, after: str | None, make: Callable[[StoredNode], T]) -> Connection[T]:
    """A Relay connection from a store page (its total 0 when not counted: asked only when selected)."""
    edges = [Edge(cursor=cursor(n.key), node=make(n)) for n in page.nodes]
    info = PageInfo(
        has_next_page=page.has_next,
        has_previous_page=after is not None,
        start_cursor=edges[0].cursor if edges else None,
        end_cursor=edges[-1].cursor if edges else None,
    )
    return Connection(edges=edges, page_info=info, total_count=0 if page.total is None else page.total)


async def page_connection(info: Ctx, query: PageQuery, after: str | None, node_type: Callable[..., T]) -> Connection[T]:
    """The connection for a list field: the page and the selected links of its nodes, in one store read;
    answered straight from the store's rows when the engine can (`api.engine.prefetch.answered_page`).
    Every match is counted only when the request selects `totalCount`."""
    chosen, recipe = prepared(info, node_type)
    query = replace(chosen.apply(query), total=selects(info, "totalCount"))
    store, visibility = info.context.store, info.context.visibility

    async def general() -> Connection[T]:
        page = await store.page(query, visibility)
        if not (chosen.expand or chosen.count):
            return connection(page, after, lambda n: node_type(stored=n))
        return connection(page, after, lambda n: node_type(stored=n, prefetched=prefetched(page, n.key)))

    answered = await answered_page(info, recipe, store, query, visibility, after, general)
    # The executor takes an answered page as it is (`api.engine.executor.Answered`); strawberry is not told.
    return cast(Connection[T], answered) if answered is not None else await general()


def check_first(first: int) -> None:
    if not 1 <= first <= MAX_FIRST:
        raise InvalidArgumentError(_("{name} must be between 1 and {limit}, got {value}", name="first", limit=MAX_FIRST, value=first))


def keyed_connection(page: Sequence[tuple[str, S]], has_next: bool, total: int, after: str | None, make: Callable[[S], T]) -> Connection[T]:
    """A page found already, as (sort key, item) pairs after the cursor `after`, of `total` items in all."""
    edges = [Edge(cursor=cursor(key), node=make(item)) for key, item in page]
    info = PageInfo(
        has_next_page=has_next,
        has_previous_page=after is not None,
        start_cursor=edges[0].cursor if edges else None,
        end_cursor=edges[-1].cursor if edges else None,
    )
    return Connection(edges=edges, page_info=info, total_count=total)


def list_connection(items: Sequence[S], key: Callable[[S], str], first: int, after: str | None, make: Callable[[S], T]) -> Connection[T]:
    """A page of `first` items whose keys follow the cursor `after`, the items sorted by `key`."""
    check_first(first)
    start = parse_cursor(after)
    ordered = sorted(items, key=key)
    rest = [i for i in ordered if start is None or key(i) > start]
    return keyed_connection([(key(i), i) for i in rest[:first]], len(rest) > first, len(ordered), after, make)

"""Relay connections over answers computed in memory (findings, verdicts, candidates), in a stable order.

Each item has a sort key; the cursor is that key, so a page after a cursor starts at the first key
after it even when the list changed in between (nothing is skipped or repeated by an offset).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from api.engine.ids import cursor, parse_cursor
from api.schema.nodes import Connection, Edge, PageInfo
from graph.errors import InvalidArgumentError

S = TypeVar("S")
T = TypeVar("T")
MAX_FIRST = 100


def list_connection(items: Sequence[S], key: Callable[[S], str], first: int, after: str | None, make: Callable[[S], T]) -> Connection[T]:
    """A page of `first` items whose keys follow the cursor `after`, the items sorted by `key`."""
    if not 1 <= first <= MAX_FIRST:
        raise InvalidArgumentError(f"first must be between 1 and {MAX_FIRST}, got {first}")
    start = parse_cursor(after)
    ordered = sorted(items, key=key)
    rest = [i for i in ordered if start is None or key(i) > start]
    page = rest[:first]
    edges = [Edge(cursor=cursor(key(i)), node=make(i)) for i in page]
    info = PageInfo(
        has_next_page=len(rest) > first,
        has_previous_page=after is not None,
        start_cursor=edges[0].cursor if edges else None,
        end_cursor=edges[-1].cursor if edges else None,
    )
    return Connection(edges=edges, page_info=info, total_count=len(ordered))

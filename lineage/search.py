"""Search across kinds: ranked, multi-term, paged and faceted (`graph.search` says how matches rank).

Example: `await search(store, "户籍 人口", first=20, count=True, facets=True)` finds 户籍人口基本信息
first, with how many match in all and per facet value (kind, department, catalog kind, share type,
open type, update cycle), among what `visibility` shows.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from graph.access import EVERYTHING, Visibility
from graph.labels import Label
from graph.search import KIND_ORDER, FacetCount, SearchHit, SearchQuery, SortKey, check_text, facet_counts
from graph.store import GraphStore

SEARCHED = KIND_ORDER


@dataclass(frozen=True)
class Found:
    """A page of matches in rank order, whether more follow, and, when asked, their total and facets."""

    hits: list[SearchHit]
    has_next: bool
    total: int | None
    facets: Mapping[str, list[FacetCount]] | None


async def search(
    store: GraphStore,
    text: str,
    first: int = 20,
    after: SortKey | None = None,
    kinds: Sequence[Label] | None = None,
    where: Mapping[str, Sequence[str]] | None = None,
    visibility: Visibility = EVERYTHING,
    count: bool = False,
    facets: bool = False,
) -> Found:
    """Search `kinds` (every searched kind when None) for `text` among what `visibility` shows: the `first` matches after `after`, each
    facet filter of `where` kept; the total only when `count`, the facet counts only when `facets`."""
    query = SearchQuery(
        check_text(text),
        kinds=tuple(dict.fromkeys(kinds or SEARCHED)),
        where=tuple((facet, tuple(dict.fromkeys(values))) for facet, values in (where or {}).items() if values),
        first=first,
        after=after,
        count=count,
    )
    if not facets:
        page = await store.search(query, visibility)
        return Found(page.hits, page.has_next, page.total, None)
    # Both reads at once (on Neo4j, two statements in flight together).
    page, rows = await asyncio.gather(store.search(query, visibility), store.search_facets(query, visibility))
    return Found(page.hits, page.has_next, page.total, facet_counts(rows, query))

"""Search across kinds: the same text match the store applies to one label, over the kinds people name.

Example: `await search(store, "人口", 20)` finds departments, catalogs, resources… whose names hold 人口.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from graph.access import EVERYTHING, Visibility
from graph.errors import InvalidArgumentError
from graph.labels import Label
from graph.records import Node, PageQuery
from graph.store import GraphStore

SEARCHED = (Label.DEPARTMENT, Label.SYSTEM, Label.CATALOG, Label.RESOURCE, Label.CONSUMER)


@dataclass(frozen=True)
class Found:
    """At most `first` matches, in kind order then code order, and how many there are in all."""

    nodes: list[Node]
    total: int


async def search(store: GraphStore, text: str, first: int, visibility: Visibility = EVERYTHING) -> Found:
    """Search the kinds in `SEARCHED` for `text`, among what `visibility` shows."""
    if not text.strip():
        raise InvalidArgumentError("the search text is empty")
    # One read per kind, side by side (on Neo4j, statements in flight together rather than one after another).
    pages = await asyncio.gather(*(store.page(PageQuery(label, text=text.strip(), first=first), visibility) for label in SEARCHED))
    nodes = [node for page in pages for node in page.nodes][:first]
    return Found(nodes, sum(page.total for page in pages))

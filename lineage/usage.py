"""Who uses a resource (使用情况): each resource's uses and the consumers holding them, as the counts a
lineage picture folds into badges on the resource instead of drawing every use (Art.24).

Uses the principal may not see are counted apart and never named, as a lineage answer shows them as
placeholders (Art.24, Art.29). Example::

    found = await usage(store, ["101001/000001"], date(2024, 6, 1))
    found["101001/000001"].uses, found["101001/000001"].consumers   # 12, 9
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from graph.access import EVERYTHING, Visibility
from graph.labels import Direction, Label, RelType
from graph.records import Step
from graph.store import GraphStore
from lineage.sharing import in_force

_USES = Step(RelType.OF, Direction.IN)
_CONSUMER = Step(RelType.REQUESTS, Direction.IN)


@dataclass(frozen=True)
class Usage:
    """A resource's uses you may see (any state), those of them in force, the distinct consumers holding
    them, and the uses you may not see."""

    uses: int
    in_force: int
    consumers: int
    hidden: int


NO_USAGE = Usage(0, 0, 0, 0)


async def usage(store: GraphStore, codes: Sequence[str], today: date, visibility: Visibility = EVERYTHING) -> dict[str, Usage]:
    """The usage of each resource of `codes` (every code answered), in three store reads however many codes."""
    keys = sorted(set(codes))
    if not keys:
        return {}
    every = await store.neighbours_many(Label.RESOURCE, keys, [_USES])  # hidden ones too: they are counted
    use_keys = sorted({node.key for pairs in every.values() for _, node in pairs})
    seen = await store.get_many(Label.USE, use_keys, visibility) if use_keys else {}
    holders = await store.neighbours_many(Label.USE, sorted(seen), [_CONSUMER], visibility) if seen else {}
    found = {}
    for code in keys:
        uses = [node.key for _, node in every.get(code, [])]
        visible = [seen[key] for key in uses if key in seen]
        consumers = {other.key for use in visible for _, other in holders.get(use.key, [])}
        found[code] = Usage(len(visible), sum(1 for use in visible if in_force(use, today)), len(consumers), len(uses) - len(visible))
    return found

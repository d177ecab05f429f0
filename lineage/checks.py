"""The findings lineage can prove: open data not desensitised (Art.23), onward flow to third parties
(Art.24), duplicate collection (Art.5, Art.12)."""

from __future__ import annotations

from graph.labels import Label
from graph.records import PageQuery, PropertyFilter
from graph.store import GraphStore
from graph.terms import OpenType
from lineage.collection import duplicate_collection
from lineage.findings import Finding
from lineage.lineage import LineageLimits
from lineage.restriction import effective_restrictions, onward_flow_findings, open_data_findings

OPENED = PropertyFilter("open_type", (OpenType.UNCONDITIONAL.value, OpenType.CONDITIONAL.value))


async def _open_resources(store: GraphStore) -> list[str]:
    codes: list[str] = []
    after = None
    while True:
        page = await store.page(PageQuery(Label.RESOURCE, where=(OPENED,), first=1000, after=after))
        codes += [n.key for n in page.nodes]
        if not page.has_next:
            return codes
        after = page.nodes[-1].key


async def lineage_findings(store: GraphStore, limits: LineageLimits = LineageLimits()) -> list[Finding]:
    """Every lineage finding in the graph, by rule then subject."""
    wide = LineageLimits(max_depth=limits.max_depth, max_nodes=max(limits.max_nodes, 5000))
    found = open_data_findings(await effective_restrictions(store, await _open_resources(store), wide))
    found += await onward_flow_findings(store, wide)
    found += await duplicate_collection(store)
    return found

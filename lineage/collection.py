"""One datum, one source (一数一源, Art.5): data obtainable by sharing must not be collected again (Art.12).

Example: `await duplicate_collection(store)` reports each item that two or more departments collect at
source for the same identifier kind and meaning, naming the source that sharing should use instead.
"""

from __future__ import annotations

from collections import defaultdict

from graph.i18n import _
from graph.labels import Direction, Label, RelType
from graph.terms import IdentifierKind
from graph.records import LinkFilter, Node, NodeRef, PageQuery, Relationship, Step
from graph.store import GraphStore
from lineage.findings import Finding, Severity
from lineage.naming import named, word

COLLECTED = LinkFilter(RelType.COLLECTS, Direction.IN, Label.DEPARTMENT)


async def _collected_items(store: GraphStore) -> list[Node]:
    items: list[Node] = []
    after = None
    while True:
        page = await store.page(PageQuery(Label.DATA_ITEM, linked=(COLLECTED,), first=1000, after=after))
        items += page.nodes
        if not page.has_next:
            return items
        after = page.nodes[-1].key


def _meaning(item: Node) -> tuple[str, str]:
    """Two items mean the same datum when they carry the same identifier kind and name."""
    return (str(item.props.get("identifier_kind", "NONE")), str(item.props["name"]).strip())


async def duplicate_collection(store: GraphStore) -> list[Finding]:
    """Items collected at source (no upstream) by two or more departments without a recorded legal
    requirement to collect again (Art.5, Art.12)."""
    items = await _collected_items(store)
    if not items:
        return []
    keys = [i.key for i in items]
    collectors = await store.neighbours_many(Label.DATA_ITEM, keys, [Step(RelType.COLLECTS, Direction.IN)])
    upstream = await store.neighbours_many(Label.DATA_ITEM, keys, [Step(RelType.DERIVED_FROM, Direction.OUT)])
    groups: dict[tuple[str, str], list[tuple[Node, Relationship, Node]]] = defaultdict(list)
    for item in items:
        if upstream[item.key]:
            continue  # derived from another item: not collected at source
        for rel, department in collectors[item.key]:
            groups[_meaning(item)].append((item, rel, department))
    findings = []
    for (kind, name), collections in sorted(groups.items()):
        departments = {d.key for _, _, d in collections}
        if len(departments) < 2:
            continue
        source_item, _rel, source_dept = min(collections, key=lambda c: (c[2].key, c[0].key))
        for item, rel, department in sorted(collections, key=lambda c: (c[2].key, c[0].key)):
            if department.key == source_dept.key or rel.props.get("legal_requirement"):
                continue
            findings.append(
                Finding(
                    "DUPLICATE_COLLECTION",
                    "Art.12",
                    Severity.MEDIUM,
                    NodeRef(Label.DATA_ITEM, item.key),
                    _("{department} collects {item} ({kind}) at source although {source} already collects it ({source_item}): "
                      "obtain it by sharing instead (Art.5 one datum, one source; Art.12 no repeated collection)",
                      department=named(department), item=name, kind=word(IdentifierKind, kind), source=named(source_dept), source_item=source_item.key),
                    (department.ref, source_item.ref, source_dept.ref),
                )
            )
    return findings

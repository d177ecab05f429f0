"""Restriction propagation: a derived resource is at least as restricted as what it derives from,
unless the derivation is recorded as desensitisation (脱敏) (our design, from Art.18 and Art.23).

Example: `(await effective_restrictions(store, ["301001/000003"]))["301001/000003"].share_type`
is CONDITIONAL when a conditional source reaches it through steps none of which desensitised.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass

from graph.i18n import _
from graph.labels import Direction, Label, RelType
from graph.records import Node, NodeRef, PageQuery, PropertyFilter, Step, Traversal
from graph.store import GraphStore
from graph.terms import OpenType, ShareType, UseStatus
from lineage.findings import Finding, Severity
from lineage.lineage import LineageLimits
from lineage.naming import named, names

SHARE_ORDER = [ShareType.UNCONDITIONAL.value, ShareType.CONDITIONAL.value, ShareType.NOT_SHARED.value]
OPEN_ORDER = [OpenType.UNCONDITIONAL.value, OpenType.CONDITIONAL.value, OpenType.NOT_OPEN.value]
RESTRICTED = {ShareType.CONDITIONAL.value, ShareType.NOT_SHARED.value}
UPSTREAM = (Step(RelType.DERIVED_FROM, Direction.OUT),)


@dataclass(frozen=True)
class Restriction:
    """A resource's effective share and open types, and the upstream resources that force them."""

    resource: Node
    share_type: str
    share_forced_by: Node | None
    open_type: str
    open_forced_by: Node | None
    upstream: tuple[Node, ...]  # reached without a desensitisation step, nearest first

    @property
    def personal_upstream(self) -> tuple[Node, ...]:
        return tuple(n for n in self.upstream if n.props.get("contains_personal_info"))


def _restriction(start: Node, upstream: list[Node]) -> Restriction:
    share, share_by = start.props["share_type"], None
    opened, open_by = start.props.get("open_type", OpenType.NOT_OPEN.value), None
    for node in upstream:  # nearest first, so the nearest of equally restricted sources is named
        if SHARE_ORDER.index(node.props["share_type"]) > SHARE_ORDER.index(share):
            share, share_by = node.props["share_type"], node
        upstream_open = node.props.get("open_type", OpenType.NOT_OPEN.value)
        if OPEN_ORDER.index(upstream_open) > OPEN_ORDER.index(opened):
            opened, open_by = upstream_open, node
    return Restriction(start, share, share_by, opened, open_by, tuple(upstream))


async def effective_restrictions(
    store: GraphStore, codes: Sequence[str], limits: LineageLimits = LineageLimits(max_nodes=5000)
) -> dict[str, Restriction]:
    """The effective restriction of each resource in `codes`, from one store statement for them all."""
    if not codes:
        return {}
    starts = tuple(NodeRef(Label.RESOURCE, c) for c in dict.fromkeys(codes))
    sub = await store.traverse(Traversal(starts, UPSTREAM, limits.max_depth, node_limit=limits.max_nodes))
    nodes = {n.node.ref: n.node for n in sub.nodes}
    sources: dict[NodeRef, list[NodeRef]] = {}
    for rel in sub.edges:
        if not rel.props.get("desensitisation"):
            sources.setdefault(rel.start, []).append(rel.end)
    found = {}
    for start in starts:
        if start not in nodes:
            continue
        seen = {start}
        order: list[Node] = []
        queue = deque([start])
        while queue:
            for source in sorted(sources.get(queue.popleft(), []), key=NodeRef.sort_key):
                if source not in seen:
                    seen.add(source)
                    order.append(nodes[source])
                    queue.append(source)
        found[start.key] = _restriction(nodes[start], order)
    return found


def open_data_findings(restrictions: dict[str, Restriction]) -> list[Finding]:
    """Art.23: an open resource whose upstream holds personal information or non-open data, reached
    with no desensitisation step."""
    findings = []
    for code, r in sorted(restrictions.items()):
        if r.resource.props.get("open_type", OpenType.NOT_OPEN.value) == OpenType.NOT_OPEN.value:
            continue
        not_open = [n for n in r.upstream if n.props.get("open_type", OpenType.NOT_OPEN.value) == OpenType.NOT_OPEN.value]
        causes = list({n.ref: n for n in [*r.personal_upstream, *not_open]}.values())
        if not causes:
            continue
        start = r.resource.ref
        sources = _(", ").join(dict.fromkeys(named(n) for n in causes))
        findings.append(
            Finding(
                "OPEN_DATA_NOT_DESENSITISED",
                "Art.23",
                Severity.HIGH,
                start,
                _("the open resource {resource} derives, with no desensitisation step, from {sources}, which hold personal "
                  "information or data not opened (Art.23: open data must be desensitised)", resource=named(r.resource), sources=sources),
                tuple(dict.fromkeys(n.ref for n in causes)),
            )
        )
    return findings


async def onward_flow_findings(store: GraphStore, limits: LineageLimits = LineageLimits(max_nodes=5000)) -> list[Finding]:
    """Art.24: shared data a consumer obtained must not pass to a third party, directly or changed.

    A finding for every granted use by consumer C of a resource D that derives, with no
    desensitisation, from a conditional or not-shared resource S provided by another department,
    when D's provider is neither S's provider nor C's own department; graver when C holds no grant
    for S itself.
    """
    findings: list[Finding] = []
    after = None
    uses: list[Node] = []
    while True:
        page = await store.page(PageQuery(Label.USE, where=(PropertyFilter("status", (UseStatus.GRANTED.value,)),), first=1000, after=after))
        uses += page.nodes
        if not page.has_next:
            break
        after = page.nodes[-1].key
    if not uses:
        return findings
    keys = [u.key for u in uses]
    of = await store.neighbours_many(Label.USE, keys, [Step(RelType.OF, Direction.OUT)])
    by = await store.neighbours_many(Label.USE, keys, [Step(RelType.REQUESTS, Direction.IN)])
    used = sorted({pairs[0][1].key for pairs in of.values() if pairs})
    restrictions = await effective_restrictions(store, used, limits)
    involved = sorted({*used, *(n.key for r in restrictions.values() for n in r.upstream)})
    providers = {
        k: (pairs[0][1].key if pairs else None)
        for k, pairs in (await store.neighbours_many(Label.RESOURCE, involved, [Step(RelType.PROVIDES, Direction.IN)])).items()
    }
    consumers = sorted({pairs[0][1].key for pairs in by.values() if pairs})
    acts_for = {
        k: (pairs[0][1].key if pairs else None)
        for k, pairs in (await store.neighbours_many(Label.CONSUMER, consumers, [Step(RelType.ACTS_FOR, Direction.OUT)])).items()
    }
    grants = {(by[u.key][0][1].key, of[u.key][0][1].key) for u in uses if of[u.key] and by[u.key]}
    departments = await names(store, Label.DEPARTMENT, providers.values())
    for use in uses:
        if not of[use.key] or not by[use.key]:
            continue
        resource, consumer = of[use.key][0][1], by[use.key][0][1]
        restriction = restrictions.get(resource.key)
        if restriction is None:
            continue
        for source in restriction.upstream:
            if source.props.get("share_type") not in RESTRICTED:
                continue
            middle, origin = providers.get(resource.key), providers.get(source.key)
            if middle is None or middle == origin or middle == acts_for.get(consumer.key):
                continue
            granted = (consumer.key, source.key) in grants
            facts = {
                "share_type": ShareType.parse(str(source.props.get("share_type"))).label,
                "source": departments.get(origin or "", "") + named(source), "consumer": named(consumer),
                "resource": departments[middle] + named(resource),
            }
            findings.append(
                Finding(
                    "ONWARD_FLOW_TO_THIRD_PARTY",
                    "Art.24",
                    Severity.MEDIUM if granted else Severity.HIGH,
                    NodeRef(Label.USE, use.key),
                    (_("the {share_type} resource {source} reaches the consumer {consumer} through {resource} (Art.24: shared "
                       "data may not pass to a third party, directly or changed)", **facts) if granted else
                     _("the {share_type} resource {source} reaches the consumer {consumer} through {resource}, and {consumer} "
                       "holds no grant for {source} (Art.24: shared data may not pass to a third party, directly or changed)", **facts)),
                    (source.ref, resource.ref, consumer.ref),
                )
            )
    return findings

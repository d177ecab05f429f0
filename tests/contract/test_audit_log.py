"""The audit trail as a log of its own, on both stores: a change and its record are one unit; the
trail is append-only, kept apart from the working graph, read in time order with filters and pages,
and exported and imported with the graph."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph import jsonl
from graph.access import Match, Visibility
from graph.changes import Changes
from graph.errors import DanglingReferenceError
from graph.labels import Direction, Label, RelType
from graph.records import Node, PageQuery, PropertyFilter, Step, Traversal
from graph.store import GraphStore
from tests.builders import EIC, dept, export_text, reimported, res, small_district

HIDDEN = Visibility({Label.AUDIT_EVENT: ()})
OWN = Visibility({Label.AUDIT_EVENT: (Match(where=(PropertyFilter("department", ("SJS-A",)),)),)})


def event(n: int, action: str = "READ_DETAIL", subject: str = "Resource:101001/000001", department: str = "SJS-A") -> Node:
    """An event whose id (and so its place in time order) is `n`."""
    return Node(
        Label.AUDIT_EVENT,
        f"20250101T000000{n:06d}-0000abcd",
        {
            "id": f"20250101T000000{n:06d}-0000abcd", "at": f"2025-01-01T00:00:00.{n:06d}+00:00", "principal": f"user{n % 3}",
            "department": department, "roles": ["DEPARTMENT_USER"], "action": action, "subject": subject, "outcome": "OK",
        },
    )


def keys(nodes: list[Node]) -> list[str]:
    return [n.key for n in nodes]


async def test_a_change_and_its_record_are_one_unit(store: GraphStore) -> None:
    await small_district(store)
    unit = Changes()
    unit.upsert_node(Label.DEPARTMENT, {"code": "SJS-NEW", "name": "新部门"})
    unit.add_node(event(1, "createDepartment", "Department:SJS-NEW"))
    await store.apply(unit)
    assert await store.get(Label.DEPARTMENT, "SJS-NEW") is not None
    assert keys((await store.page(PageQuery(Label.AUDIT_EVENT))).nodes) == [event(1).key]

    # A unit that fails writes neither its change nor its record.
    failing = Changes()
    failing.upsert_node(Label.DEPARTMENT, {"code": "SJS-NEWER", "name": "更新的部门"})
    failing.upsert_relationship(RelType.PROVIDES, dept("SJS-NEWER"), res("999999/000001"))
    failing.add_node(event(2, "createDepartment", "Department:SJS-NEWER"))
    with pytest.raises(DanglingReferenceError):
        await store.apply(failing)
    assert await store.get(Label.DEPARTMENT, "SJS-NEWER") is None
    assert keys((await store.page(PageQuery(Label.AUDIT_EVENT))).nodes) == [event(1).key]


async def test_the_trail_is_append_only(store: GraphStore) -> None:
    first = event(1)
    await store.apply(_unit(first))
    changed = Node(first.label, first.key, {**first.props, "outcome": "FORBIDDEN"})
    await store.apply(_unit(changed))  # written again (a retried batch, an import twice): kept once, as it was
    store.append_audit([changed])
    stored = await store.get(Label.AUDIT_EVENT, first.key)
    assert stored is not None and stored.props == {**first.props, "version": 1}
    assert (await store.counts()).labels == {"AuditEvent": 1}


async def test_appended_events_are_read_oldest_first_with_filters_and_pages(store: GraphStore) -> None:
    # Appended out of order and in several batches: the trail answers in time (id) order.
    store.append_audit([event(n) for n in range(30, 10, -1)])
    store.append_audit([event(n, "updateResource", department="SJS-B") for n in range(10, 0, -1)])
    await store.flush_audit()
    everything = await store.page(PageQuery(Label.AUDIT_EVENT, first=100))
    assert keys(everything.nodes) == [event(n).key for n in range(1, 31)] and everything.total == 30

    reads = PageQuery(Label.AUDIT_EVENT, where=(PropertyFilter("action", ("READ_DETAIL",)),), first=7)
    seen: list[str] = []
    after = None
    while True:
        page = await store.page(PageQuery(reads.label, reads.where, first=7, after=after))
        assert page.total == 20
        seen += keys(page.nodes)
        if not page.has_next:
            break
        after = page.nodes[-1].key
    assert seen == [event(n).key for n in range(11, 31)]

    by_two = PageQuery(Label.AUDIT_EVENT, where=(PropertyFilter("principal", ("user1",)), PropertyFilter("department", ("SJS-B",))))
    assert keys((await store.page(by_two)).nodes) == [event(n).key for n in (1, 4, 7, 10)]
    projected = await store.page(PageQuery(Label.AUDIT_EVENT, first=1, props=("action",)))
    assert projected.nodes[0].props == {"id": event(1).key, "action": "updateResource"}


async def test_who_may_read_the_trail(store: GraphStore) -> None:
    store.append_audit([event(1), event(2, department="SJS-B")])
    hidden = await store.page(PageQuery(Label.AUDIT_EVENT), HIDDEN)
    assert (hidden.nodes, hidden.total) == ([], 0)
    assert await store.get(Label.AUDIT_EVENT, event(1).key, HIDDEN) is None
    own = await store.page(PageQuery(Label.AUDIT_EVENT), OWN)
    assert keys(own.nodes) == [event(1).key] and own.total == 1
    found = await store.get_many(Label.AUDIT_EVENT, [event(1).key, event(2).key, "20250101T000000999999-00000000"])
    assert sorted(found) == [event(1).key, event(2).key]


async def test_the_trail_stays_out_of_the_working_graph(store: GraphStore) -> None:
    await small_district(store)
    store.append_audit([event(1, subject="Department:" + EIC)])
    await store.flush_audit()
    assert (await store.neighbours(dept(EIC), [Step(rel, Direction.BOTH) for rel in RelType])) == []
    sub = await store.traverse(Traversal((dept(EIC),), tuple(Step(rel, Direction.BOTH) for rel in RelType), 3))
    assert all(n.node.label is not Label.AUDIT_EVENT for n in sub.nodes)
    assert (await store.counts()).labels["AuditEvent"] == 1


async def test_the_trail_is_exported_and_imported_with_the_graph(store: GraphStore, tmp_path: Path) -> None:
    await small_district(store)
    without = await export_text(store)
    store.append_audit([event(n) for n in range(1, 4)])
    exported = await export_text(store)
    # The same format as ever: the events are AuditEvent nodes, first (their label sorts first), in time order.
    lines = exported.splitlines(keepends=True)
    assert [line for line in lines if '"node":"AuditEvent"' not in line] == without.splitlines(keepends=True)
    assert lines[1:4] == [jsonl.dumps(jsonl.node_line(Node(e.label, e.key, {**e.props, "version": 1}))) + "\n" for e in map(event, range(1, 4))]
    again_exported, again = await reimported(store, tmp_path / "graph.jsonl")
    assert again_exported == exported and again == exported


def _unit(*events: Node) -> Changes:
    unit = Changes()
    for e in events:
        unit.add_node(e)
    return unit

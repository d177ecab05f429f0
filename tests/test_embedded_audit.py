"""The embedded store's audit log: kept out of memory in SQLite segments, sealed into the archive by
size and age and still read whole, rebuilt from the journal after a crash, and taken over from a
store of an earlier version that kept the trail in its graph."""

from __future__ import annotations

import asyncio
import textwrap
from pathlib import Path

import pytest

from graph import jsonl
from graph.changes import Changes
from graph.embedded import EmbeddedStore
from graph.embedded.audit import AUDIT_DIR, sealed_segments
from graph.embedded.journal import SNAPSHOT, Journal
from graph.errors import InvalidArgumentError
from graph.labels import Label
from graph.records import Node, PageQuery, PropertyFilter
from graph.settings import Settings
from graph.stores import store_for
from tests import crashing
from tests.crashing import crash
from tests.builders import export_text, small_district
from tests.contract.test_audit_log import event

pytestmark = pytest.mark.embedded


def test_the_settings_reach_the_store(tmp_path: Path) -> None:
    env = {"GOVGRAPH_DATA_DIR": str(tmp_path), "GOVGRAPH_COMPACT_AT_MB": "2", "GOVGRAPH_AUDIT_SEGMENT_MB": "3", "GOVGRAPH_AUDIT_SEGMENT_DAYS": "4"}
    store = store_for(Settings.from_environ(env))
    assert isinstance(store, EmbeddedStore)
    assert (store.compact_at_bytes, store._audit.segment_bytes, store._audit.segment_seconds) == (2 << 20, 3 << 20, 4 * 86400)
    flags = store_for(Settings.from_environ(env, audit_segment_days=7))
    assert isinstance(flags, EmbeddedStore) and flags._audit.segment_seconds == 7 * 86400
    with pytest.raises(InvalidArgumentError, match="GOVGRAPH_AUDIT_SEGMENT_MB must be between 1 and"):
        Settings.from_environ({"GOVGRAPH_AUDIT_SEGMENT_MB": "0"})


async def all_events(store: EmbeddedStore, **where: str) -> list[str]:
    filters = tuple(PropertyFilter(k, (v,)) for k, v in where.items())
    found: list[str] = []
    after = None
    while True:
        page = await store.page(PageQuery(Label.AUDIT_EVENT, where=filters, first=1000, after=after))
        found += [n.key for n in page.nodes]
        if not page.has_next:
            return found
        after = page.nodes[-1].key


async def test_the_trail_is_not_in_the_graphs_memory(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path)
    await store.start()
    await small_district(store)
    store.append_audit([event(n) for n in range(1, 501)])
    await store.flush_audit()
    assert not store.memory.keys[Label.AUDIT_EVENT] and not any(ref.label is Label.AUDIT_EVENT for ref in store.memory.props)
    assert (tmp_path / AUDIT_DIR / "000001.sqlite").exists()
    await store.close()
    assert '"AuditEvent"' not in (tmp_path / SNAPSHOT).read_text(encoding="utf-8")  # the snapshot is the graph's alone


async def test_sealed_segments_stay_queryable_in_time_order(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path, audit_segment_bytes=48 * 1024)
    await store.start()
    for start in range(0, 3000, 250):  # batches, each in reverse: the trail still answers in time order
        store.append_audit([event(n, "READ_DETAIL" if n % 4 else "updateResource") for n in range(start + 250, start, -1)])
        await store.flush_audit()
    archive = list(sealed_segments(tmp_path))
    assert len(archive) >= 3
    expected_updates = [event(n).key for n in range(4, 3001, 4)]
    assert await all_events(store, action="updateResource") == expected_updates
    page = await store.page(PageQuery(Label.AUDIT_EVENT, where=(PropertyFilter("action", ("READ_DETAIL",)),), first=10, after=event(1500).key))
    assert [n.key for n in page.nodes] == [event(n).key for n in range(1501, 1514) if n % 4][:10] and page.total == 2250
    assert (await store.counts()).labels == {"AuditEvent": 3000}
    await store.close()

    reopened = EmbeddedStore(tmp_path, audit_segment_bytes=48 * 1024)
    await reopened.start()
    assert await all_events(reopened, action="updateResource") == expected_updates
    # An event appended again, even one an archived segment holds, is kept once.
    reopened.append_audit([event(7), event(2999), event(3001)])
    assert (await reopened.counts()).labels == {"AuditEvent": 3001}
    await reopened.close()


async def test_the_segment_is_sealed_by_age(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path, audit_segment_seconds=0.05)
    await store.start()
    store.append_audit([event(1)])
    await store.flush_audit()
    await asyncio.sleep(0.1)
    store.append_audit([event(2)])
    await store.flush_audit()
    assert len(list(sealed_segments(tmp_path))) >= 1
    assert await all_events(store) == [event(1).key, event(2).key]
    await store.close()


async def test_a_record_that_went_with_its_change_outlives_a_crash_before_the_log_took_it(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path)
    await store.start()
    await small_district(store)
    store._audit.append = lambda events: None  # type: ignore[method-assign]  # the process dies before the batch
    unit = Changes()
    unit.upsert_node(Label.DEPARTMENT, {"code": "SJS-NEW", "name": "新部门"})
    unit.add_node(event(1, "createDepartment", "Department:SJS-NEW"))
    await store.apply(unit)
    await crash(store)
    reopened = EmbeddedStore(tmp_path)
    await reopened.start()
    assert await reopened.get(Label.DEPARTMENT, "SJS-NEW") is not None
    assert await all_events(reopened) == [event(1).key]  # appended again from the change's journal line
    await reopened.close()


async def test_a_store_of_an_earlier_version_moves_its_trail_out_of_the_graph(tmp_path: Path) -> None:
    # As an earlier version left it: AuditEvent nodes in the snapshot and in the journal.
    source = EmbeddedStore(tmp_path / "source")
    await source.start()
    await small_district(source)
    graph_only = await export_text(source)
    await source.close()
    lines = graph_only.splitlines(keepends=True)
    legacy = [jsonl.dumps(jsonl.node_line(Node(e.label, e.key, {**e.props, "version": 1}))) + "\n" for e in map(event, (1, 2))]
    data = tmp_path / "old"
    data.mkdir()
    (data / SNAPSHOT).write_text(jsonl.dumps(jsonl.header(seq=1)) + "\n" + "".join(legacy) + "".join(lines[1:]), encoding="utf-8")
    journal = Journal(data)
    journal.append(2, list(_unit(event(3)).ops))
    journal.close()

    store = EmbeddedStore(data)
    await store.start()
    assert await all_events(store) == [event(n).key for n in (1, 2, 3)]
    assert not store.memory.keys[Label.AUDIT_EVENT]
    await store.close()
    assert '"AuditEvent"' not in (data / SNAPSHOT).read_text(encoding="utf-8")
    again = EmbeddedStore(data)
    await again.start()
    assert await export_text(again) == "".join([lines[0], *legacy, jsonl.dumps(jsonl.node_line(Node(Label.AUDIT_EVENT, event(3).key, {**event(3).props, "version": 1}))) + "\n", *lines[1:]])
    await again.close()


def _unit(*events: Node) -> Changes:
    unit = Changes()
    for e in events:
        unit.add_node(e)
    return unit


WRITER = textwrap.dedent(
    """
    import asyncio, sys
    from pathlib import Path
    from graph.embedded import EmbeddedStore
    from graph.changes import Changes
    from graph.labels import Label
    from tests.contract.test_audit_log import event

    async def main():
        store = EmbeddedStore(Path(sys.argv[1]), compact_at_bytes=int(sys.argv[2]))
        await store.start()
        n = 0
        while True:
            changes = Changes()
            changes.upsert_node(Label.DEPARTMENT, {"code": f"SJS-K{n}", "name": f"部门{n}"})
            changes.add_node(event(n, "createDepartment", f"Department:SJS-K{n}"))
            await store.apply(changes)
            store.append_audit([event(1_000_000 + n)])  # a read's record: may be lost with the last batch
            print(f"ACK {n}", flush=True)
            n += 1

    asyncio.run(main())
    """
)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("kill_after", "compact_at"),
    [
        pytest.param(20, 1 << 30, id="early"),
        pytest.param(400, 1 << 30, id="after-many"),
        pytest.param(400, 8_000, id="while-compacting"),
    ],
)
async def test_kill_minus_nine_keeps_every_change_with_its_record(tmp_path: Path, kill_after: int, compact_at: int) -> None:
    data = tmp_path / "store"
    acked = await crashing.kill_after(WRITER, [str(data), str(compact_at)], kill_after)

    store = EmbeddedStore(data)
    await store.start()
    departments = {n.key for n in (await store.page(PageQuery(Label.DEPARTMENT, first=1000))).nodes}
    records = set(await all_events(store, action="createDepartment"))
    await store.close()
    assert {f"SJS-K{n}" for n in range(acked + 1)} <= departments  # no acknowledged change lost
    assert records == {event(int(code.removeprefix("SJS-K"))).key for code in departments}  # each change with its record, no record without its change
    assert not list(data.glob("*.tmp"))
    assert not compactions_of(data)  # a compaction dies with its server


def compactions_of(data: Path) -> list[int]:
    """The compaction processes still running on `data`."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            argv = cmdline.read_bytes().split(b"\0")
        except OSError:
            continue
        if b"graph.embedded.compaction" in argv and str(data).encode() in argv:
            found.append(int(cmdline.parent.name))
    return found

"""The embedded store keeps every acknowledged write across restarts, crashes and compaction."""

from __future__ import annotations

import asyncio
import io
import os
import sys
import textwrap
from pathlib import Path

import pytest

from graph import jsonl
from graph.embedded import EmbeddedStore
from graph.embedded.journal import JOURNAL, SNAPSHOT, frozen_segments
from graph.errors import CorruptStoreError, StoreUnavailableError
from graph.labels import Direction, Label, RelType
from graph.records import PageQuery, Step, Traversal
from graph.store import GraphStore
from tests import crashing
from tests.crashing import crash
from tests.builders import res, small_district

pytestmark = pytest.mark.embedded


async def snapshot_of(store: GraphStore) -> tuple[str, object, object]:
    buffer = io.StringIO()
    await jsonl.write(buffer, store.nodes(), store.relationships())
    page = await store.page(PageQuery(Label.RESOURCE, text="人口"))
    sub = await store.traverse(Traversal((res("301001/000003"),), (Step(RelType.DERIVED_FROM, Direction.OUT),), 5))
    return buffer.getvalue(), page, sub


async def test_same_answers_after_reopening(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path)
    await store.start()
    await small_district(store)
    before = await snapshot_of(store)
    await store.close()
    reopened = EmbeddedStore(tmp_path)
    await reopened.start()
    assert await snapshot_of(reopened) == before
    await reopened.close()


async def test_replays_the_journal_without_a_clean_close(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path)
    await store.start()
    await small_district(store)
    before = await snapshot_of(store)
    # No close(): as after a crash, only the journal holds the writes.
    assert (tmp_path / JOURNAL).stat().st_size > 0 and not (tmp_path / SNAPSHOT).exists()
    await crash(store)
    reopened = EmbeddedStore(tmp_path)
    await reopened.start()
    assert await snapshot_of(reopened) == before
    await reopened.close()


async def test_compaction_keeps_everything(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path, compact_at_bytes=2_000)
    await store.start()
    await small_district(store)
    for n in range(20):
        await store.upsert_nodes(Label.DEPARTMENT, [{"code": f"SJS-D{n}", "name": f"部门{n}"}])
    await store.compaction_done()
    assert (tmp_path / SNAPSHOT).exists() and not frozen_segments(tmp_path)
    before = await snapshot_of(store)
    await crash(store)
    reopened = EmbeddedStore(tmp_path)
    await reopened.start()
    assert await snapshot_of(reopened) == before
    assert (await reopened.counts()).labels["Department"] == 23
    await reopened.close()


async def test_a_torn_last_line_is_cut_off(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path)
    await store.start()
    await small_district(store)
    await crash(store)
    with (tmp_path / JOURNAL).open("ab") as f:
        f.write(b'{"seq": 2, "ops": [["N", "Department", "SJS-HALF"')
    reopened = EmbeddedStore(tmp_path)
    await reopened.start()
    assert await reopened.get(Label.DEPARTMENT, "SJS-HALF") is None
    await reopened.upsert_nodes(Label.DEPARTMENT, [{"code": "SJS-AFTER", "name": "之后"}])
    await reopened.close()
    again = EmbeddedStore(tmp_path)
    await again.start()
    assert await again.get(Label.DEPARTMENT, "SJS-AFTER") is not None
    await again.close()


async def test_a_corrupt_middle_line_is_an_error(tmp_path: Path) -> None:
    (tmp_path / JOURNAL).write_bytes(b'not json\n{"seq": 1, "ops": []}\n')
    with pytest.raises(CorruptStoreError, match="unreadable entry at byte 0"):
        await EmbeddedStore(tmp_path).start()


async def test_one_process_at_a_time(tmp_path: Path) -> None:
    first = EmbeddedStore(tmp_path)
    await first.start()
    with pytest.raises(StoreUnavailableError, match=f"in use by pid {os.getpid()}"):
        await EmbeddedStore(tmp_path).start()
    await first.close()
    second = EmbeddedStore(tmp_path)
    await second.start()
    await second.close()


WRITER = textwrap.dedent(
    """
    import asyncio, sys
    from pathlib import Path
    from graph.embedded import EmbeddedStore
    from graph.changes import Changes
    from graph.labels import Label, RelType
    from graph.records import NodeRef

    async def main():
        store = EmbeddedStore(Path(sys.argv[1]))
        await store.start()
        n = 0
        while True:
            changes = Changes()
            changes.upsert_node(Label.DEPARTMENT, {"code": f"SJS-K{n}", "name": f"部门{n}"})
            changes.upsert_node(Label.CATALOG, {"code": f"DEPT-SJS-K{n}", "name": f"目录{n}", "kind": "DEPARTMENT"})
            changes.upsert_relationship(RelType.MAINTAINS, NodeRef(Label.DEPARTMENT, f"SJS-K{n}"), NodeRef(Label.CATALOG, f"DEPT-SJS-K{n}"))
            await store.apply(changes)
            print(f"ACK {n}", flush=True)
            n += 1

    asyncio.run(main())
    """
)


@pytest.mark.slow
@pytest.mark.parametrize("kill_after", [pytest.param(5, id="early"), pytest.param(150, id="after-many")])
async def test_kill_minus_nine_loses_no_acknowledged_write(tmp_path: Path, kill_after: int) -> None:
    data = tmp_path / "store"
    acked = await crashing.kill_after(WRITER, [str(data)], kill_after)

    store = EmbeddedStore(data)
    await store.start()
    departments = {n.key for n in (await store.page(PageQuery(Label.DEPARTMENT, first=1000))).nodes}
    counts = await store.counts()
    await store.close()
    assert {f"SJS-K{n}" for n in range(acked + 1)} <= departments
    # Units are whole: every department written has its catalog and the relationship between them.
    assert counts.labels["Department"] == counts.labels["Catalog"] == counts.relationships["MAINTAINS"]
    assert counts.labels["Department"] in (acked + 1, acked + 2)

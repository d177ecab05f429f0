"""Compaction of the embedded store never blocks it: a process of its own folds the frozen journal into
a new snapshot while requests and writes go on; a compaction that fails or is cut short loses nothing."""

from __future__ import annotations

import logging
import time
from pathlib import Path

import pytest

from graph.embedded import EmbeddedStore
from graph.embedded.journal import SNAPSHOT, frozen_segments, snapshot_head
from graph.labels import Label
from tests.api.conftest import serve
from tests.builders import export_text, small_district

pytestmark = pytest.mark.embedded


async def write_until_compacting(store: EmbeddedStore, start: int = 0) -> int:
    """Write departments until a compaction runs; return the next number."""
    n = start
    while not store.compacting:
        await store.upsert_nodes(Label.DEPARTMENT, [{"code": f"SJS-C{n}", "name": f"部门{n}" * 20}])
        n += 1
    return n


async def test_left_over_temporary_files_are_deleted_at_start(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    store = EmbeddedStore(tmp_path)
    await store.start()
    await small_district(store)
    before = await export_text(store)
    await store.close()
    for name in ("snapshot.jsonl.tmp", "memory.image.tmp"):
        (tmp_path / name).write_bytes(b'{"format": "govgraph-graph", "seq": 99')  # cut short by a crash
    with caplog.at_level(logging.WARNING, logger="graph.embedded.store"):
        reopened = EmbeddedStore(tmp_path)
        await reopened.start()
    assert not list(tmp_path.glob("*.tmp"))
    assert "left by a compaction" in caplog.text
    assert await export_text(reopened) == before
    await reopened.close()


async def test_requests_keep_answering_during_compaction(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path, compact_at_bytes=20_000)
    query = '{ departments(first: 5) { totalCount edges { node { code name } } } }'
    async for server in serve(store):
        await small_district(store)
        n = await write_until_compacting(store)
        answered, writes, longest, last = 0, 0, 0.0, time.perf_counter()
        while store.compacting:
            data = await server.gql(query)
            await store.upsert_nodes(Label.DEPARTMENT, [{"code": f"SJS-W{writes}", "name": "压缩时写入"}])
            writes += 1
            assert data["departments"]["totalCount"] == 3 + n + writes - 1
            answered += 1
            now = time.perf_counter()
            longest, last = max(longest, now - last), now
        await store.compaction_done()
        # The compaction took the frozen journal in; the writes made meanwhile wait in the new segment.
        head = snapshot_head(tmp_path)
        assert head is not None and head.seq >= n and not frozen_segments(tmp_path)
        assert answered >= 10, f"only {answered} requests answered while the compaction ran"
        print(f"{answered} requests and writes answered during the compaction; the longest wait between two: {longest * 1000:.1f} ms")
        before = await export_text(store)
    await store.close()
    reopened = EmbeddedStore(tmp_path)
    await reopened.start()
    assert await export_text(reopened) == before
    await reopened.close()


async def test_a_failed_compaction_loses_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setattr("graph.embedded.store.COMPACTOR", ("-c", "import sys; sys.exit('compaction: disk full')"))
    store = EmbeddedStore(tmp_path, compact_at_bytes=5_000)
    await store.start()
    await small_district(store)
    with caplog.at_level(logging.ERROR, logger="graph.embedded.store"):
        await write_until_compacting(store)
        await store.compaction_done()
    assert "the journal keeps everything" in caplog.text
    assert frozen_segments(tmp_path) and not (tmp_path / SNAPSHOT).exists()
    before = await export_text(store)
    await store.close()  # folds everything from memory, the frozen segments too
    assert not frozen_segments(tmp_path)
    reopened = EmbeddedStore(tmp_path)
    await reopened.start()
    assert await export_text(reopened) == before
    await reopened.close()


async def test_a_server_stopping_stops_its_compaction(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path, compact_at_bytes=5_000)
    await store.start()
    await small_district(store)
    await write_until_compacting(store)
    before = await export_text(store)
    await store.close()  # the compaction is stopped, and the store folded from memory instead
    assert not frozen_segments(tmp_path) and not list(tmp_path.glob("*.tmp"))
    reopened = EmbeddedStore(tmp_path)
    await reopened.start()
    assert await export_text(reopened) == before
    await reopened.close()

"""A read-only view of an embedded data directory another process holds and writes (the command
line's reading commands beside `govgraph serve`): always an acknowledged state, never a write."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.changes import Changes, Op
from graph.embedded import EmbeddedStore
from graph.embedded.image import IMAGE
from graph.embedded.journal import JOURNAL, SNAPSHOT, Journal
from graph.embedded.view import EmbeddedView
from graph.errors import StoreUnavailableError
from graph.labels import Label
from tests.builders import resource_props, small_district
from tests.test_embedded_durability import snapshot_of

pytestmark = pytest.mark.embedded


def one_resource(code: str, name: str) -> Changes:
    changes = Changes()
    changes.upsert_node(Label.RESOURCE, resource_props(code, name))
    return changes


def files(directory: Path) -> dict[str, tuple[int, int]]:
    """Each file's size and modification time: what a reader must leave as it found it."""
    return {p.name: (p.stat().st_size, p.stat().st_mtime_ns) for p in sorted(directory.iterdir())}


async def test_sees_what_the_holder_acknowledged_while_it_holds_the_directory(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path)
    await store.start()
    await small_district(store)
    store.compact()  # a snapshot and its image, then a journal line after them
    await store.apply(one_resource("101001/000042", "后来写入的资源"))
    with pytest.raises(StoreUnavailableError, match="in use by pid"):
        await EmbeddedStore(tmp_path).start()
    before = files(tmp_path)
    async with EmbeddedView(tmp_path) as view:
        assert await snapshot_of(view) == await snapshot_of(store)
        assert (await view.get(Label.RESOURCE, "101001/000042")) is not None
    assert files(tmp_path) == before
    await store.close()


async def test_reads_the_snapshot_when_there_is_no_image(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path)
    await store.start()
    await small_district(store)
    store.compact()
    (tmp_path / IMAGE).unlink()
    async with EmbeddedView(tmp_path) as view:
        assert await snapshot_of(view) == await snapshot_of(store)
    await store.close()


async def test_leaves_a_half_written_last_line_alone(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path)
    await store.start()
    await small_district(store)
    expected = await snapshot_of(store)
    with (tmp_path / JOURNAL).open("ab") as journal:
        journal.write(b'{"seq": 99, "ops": [{"op": "upsert_node", "lab')  # the holder is writing this line
    before = (tmp_path / JOURNAL).read_bytes()
    async with EmbeddedView(tmp_path) as view:
        assert await snapshot_of(view) == expected
    assert (tmp_path / JOURNAL).read_bytes() == before  # never cut: it is the holder's to finish
    store._journal.close()
    store._lock_file.close()  # type: ignore[union-attr]


async def test_reads_again_when_a_compaction_empties_the_journal_while_it_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    store = EmbeddedStore(tmp_path)
    await store.start()
    await small_district(store)
    store.compact()
    await store.apply(one_resource("101001/000042", "压缩前写入"))
    written = Journal.written
    raced = []

    def racing(journal: Journal, after_seq: int) -> Iterator[tuple[int, list[Op]]]:
        if not raced:  # between the view's snapshot and its journal: the holder compacts, then writes on
            raced.append(after_seq)
            store.compact()
            journal_line = one_resource("101001/000043", "压缩后写入")
            store._journal.append(store._seq + 1, list(journal_line))
            store._seq += 1
        return written(journal, after_seq)

    monkeypatch.setattr(Journal, "written", racing)
    caplog.set_level("INFO", logger="graph.embedded.view")
    async with EmbeddedView(tmp_path) as view:
        assert raced, "the race was not staged"
        assert "compacted while it was read" in caplog.text
        assert await view.get(Label.RESOURCE, "101001/000042") is not None
        assert await view.get(Label.RESOURCE, "101001/000043") is not None
    store._journal.close()
    store._lock_file.close()  # type: ignore[union-attr]


async def test_refuses_writes_and_creates_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "never-made"
    async with EmbeddedView(missing) as view:
        assert (await view.counts()).labels == {}
        with pytest.raises(StoreUnavailableError, match="read-only view"):
            await view.apply(one_resource("101001/000001", "写不进去"))
    assert not missing.exists()


async def test_a_view_of_a_closed_store_is_the_store(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path)
    await store.start()
    await small_district(store)
    expected = await snapshot_of(store)
    await store.close()
    assert (tmp_path / SNAPSHOT).exists() and (tmp_path / IMAGE).exists()
    async with EmbeddedView(tmp_path) as view:
        assert await snapshot_of(view) == expected
    reopened = EmbeddedStore(tmp_path)  # the view took no lock and left nothing held
    await reopened.start()
    await reopened.close()

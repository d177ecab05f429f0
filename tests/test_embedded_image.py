"""The memory image makes opening the embedded store fast, and a missing, stale, torn, corrupt or foreign
image is ignored (and logged): the store then rebuilds from the snapshot and loses nothing."""

from __future__ import annotations

import json
import logging
import pickle
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from graph.embedded import EmbeddedStore
from graph.embedded import image
from graph.embedded.image import IMAGE
from graph.embedded.journal import JOURNAL, SNAPSHOT
from graph.labels import Label
from tests.crashing import crash
from tests.builders import small_district
from tests.test_embedded_durability import snapshot_of

pytestmark = pytest.mark.embedded


async def closed_store(path: Path) -> tuple[str, object, object]:
    """A small district written, closed (snapshot and image on disk); returns its answers."""
    store = EmbeddedStore(path)
    await store.start()
    await small_district(store)
    answers = await snapshot_of(store)
    await store.close()
    assert (path / SNAPSHOT).exists() and (path / IMAGE).exists()
    return answers


async def reopened(path: Path) -> tuple[EmbeddedStore, tuple[str, object, object]]:
    store = EmbeddedStore(path)
    await store.start()
    return store, await snapshot_of(store)


def loaded_from_image(caplog: pytest.LogCaptureFixture) -> bool:
    return not any("rebuilding from the snapshot" in r.getMessage() for r in caplog.records)


async def test_reopening_loads_the_image(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    before = await closed_store(tmp_path)
    caplog.set_level(logging.INFO, logger="graph.embedded.image")
    store, after = await reopened(tmp_path)
    assert after == before
    assert loaded_from_image(caplog)
    await store.close()


def truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 100])


def flip_a_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[-50] ^= 0xFF
    path.write_bytes(bytes(data))


def other_version(path: Path) -> None:
    head, _, payload = path.read_bytes().partition(b"\n")
    tag = json.loads(head)
    tag["version"] += 1
    path.write_bytes(json.dumps(tag).encode() + b"\n" + payload)


def not_an_image(path: Path) -> None:
    path.write_bytes(b"\x00\x01garbage")


def foreign_class(path: Path) -> None:
    """A whole, well-tagged image whose pickle names a class no memory image holds."""
    head, _, _ = path.read_bytes().partition(b"\n")
    tag = json.loads(head)
    payload = pickle.dumps(Path("elsewhere"), protocol=5)
    tag.update(size=len(payload), crc32=zlib.crc32(payload))
    path.write_bytes(json.dumps(tag).encode() + b"\n" + payload)


def removed(path: Path) -> None:
    path.unlink()


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(removed, id="missing"),
        pytest.param(truncate, id="torn"),
        pytest.param(flip_a_byte, id="corrupt"),
        pytest.param(other_version, id="other-format-version"),
        pytest.param(not_an_image, id="not-an-image"),
        pytest.param(foreign_class, id="foreign-class"),
    ],
)
async def test_an_unusable_image_falls_back_to_the_snapshot(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, damage: Callable[[Path], None]
) -> None:
    before = await closed_store(tmp_path)
    damage(tmp_path / IMAGE)
    caplog.set_level(logging.INFO, logger="graph.embedded.image")
    store, after = await reopened(tmp_path)
    assert after == before
    assert not loaded_from_image(caplog)
    await store.close()  # writes a good image again for the next start
    caplog.clear()
    store, after = await reopened(tmp_path)
    assert after == before
    assert loaded_from_image(caplog)
    await store.close()


async def test_an_image_of_an_older_snapshot_is_ignored(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    await closed_store(tmp_path)
    old_image = (tmp_path / IMAGE).read_bytes()
    store = EmbeddedStore(tmp_path)
    await store.start()
    await store.upsert_nodes(Label.DEPARTMENT, [{"code": "SJS-NEW", "name": "新部门"}])
    before = await snapshot_of(store)
    await store.close()  # a new snapshot (and image) with the new department
    (tmp_path / IMAGE).write_bytes(old_image)
    caplog.set_level(logging.INFO, logger="graph.embedded.image")
    store, after = await reopened(tmp_path)
    assert after == before
    assert await store.get(Label.DEPARTMENT, "SJS-NEW") is not None
    assert "another snapshot" in caplog.text
    await store.close()


async def test_an_image_is_not_taken_for_a_snapshot_of_the_same_seq(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """Two stores at the same sequence number: one's image never stands in for the other's snapshot."""
    answers = {}
    for name in ("a", "b"):
        store = EmbeddedStore(tmp_path / name)
        await store.start()
        await small_district(store)
        await store.upsert_nodes(Label.DEPARTMENT, [{"code": f"SJS-{name.upper()}", "name": name}])
        answers[name] = await snapshot_of(store)
        await store.close()
    (tmp_path / "b" / IMAGE).write_bytes((tmp_path / "a" / IMAGE).read_bytes())
    caplog.set_level(logging.INFO, logger="graph.embedded.image")
    store, after = await reopened(tmp_path / "b")
    assert after == answers["b"] != answers["a"]
    assert "another snapshot" in caplog.text
    await store.close()


async def test_the_journal_after_the_image_is_replayed(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    await closed_store(tmp_path)
    store = EmbeddedStore(tmp_path)
    await store.start()
    await store.upsert_nodes(Label.DEPARTMENT, [{"code": "SJS-LATER", "name": "之后"}])
    before = await snapshot_of(store)
    # No close(): as after a crash, the journal alone holds the write made after the image.
    assert (tmp_path / JOURNAL).stat().st_size > 0
    await crash(store)
    caplog.set_level(logging.INFO, logger="graph.embedded.image")
    store, after = await reopened(tmp_path)
    assert after == before
    assert loaded_from_image(caplog)
    assert await store.get(Label.DEPARTMENT, "SJS-LATER") is not None
    await store.close()


async def test_a_snapshot_without_an_id_gets_one_and_an_image_on_close(tmp_path: Path) -> None:
    """A data directory written before images: read from the snapshot, given an image on close."""
    before = await closed_store(tmp_path)
    (tmp_path / IMAGE).unlink()
    lines = (tmp_path / SNAPSHOT).read_text(encoding="utf-8").splitlines(keepends=True)
    head = json.loads(lines[0])
    del head["id"]
    (tmp_path / SNAPSHOT).write_text(json.dumps(head) + "\n" + "".join(lines[1:]), encoding="utf-8")
    store, after = await reopened(tmp_path)
    assert after == before
    await store.close()
    assert (tmp_path / IMAGE).exists()
    assert "id" in json.loads((tmp_path / SNAPSHOT).read_text(encoding="utf-8").splitlines()[0])


async def test_an_image_that_cannot_be_written_leaves_none(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Compaction still succeeds; the older image, now stale, is removed rather than left beside the new snapshot."""
    await closed_store(tmp_path)

    class Failing(pickle.Pickler):
        def dump(self, obj: object) -> None:
            raise pickle.PicklingError("no room")

    monkeypatch.setattr(pickle, "Pickler", Failing)  # the image is the only thing the store pickles
    store = EmbeddedStore(tmp_path)
    await store.start()
    await store.upsert_nodes(Label.DEPARTMENT, [{"code": "SJS-NEW", "name": "新部门"}])
    before = await snapshot_of(store)
    await store.close()
    assert "could not write the memory image" in caplog.text
    assert not (tmp_path / IMAGE).exists() and not (tmp_path / (IMAGE + ".tmp")).exists()
    monkeypatch.undo()
    store, after = await reopened(tmp_path)
    assert after == before
    await store.close()
    assert (tmp_path / IMAGE).exists()

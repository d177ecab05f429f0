"""The memory image: the in-memory graph as it stood at a snapshot, pickled beside the snapshot so
that opening the store loads it in seconds instead of rebuilding it record by record.

The image is a cache, never the truth: the JSON Lines snapshot stays the durable, portable copy.
An image is used only if its tag names the very snapshot on disk (its sequence number and the
random id written in its header), this image format, `MemoryGraph.LAYOUT` and the library versions
whose objects it holds, and if its payload is whole (length and CRC-32). Anything else — missing,
stale, torn, corrupt, from another version — is logged and ignored, and the store rebuilds from the
snapshot. Deleting the file is always safe.

Unpickling runs code named in the file, so only the classes a `MemoryGraph` is made of may be named;
the data directory is trusted as the journal is, this only keeps a damaged file from doing harm.
"""

from __future__ import annotations

import io
import json
import logging
import os
import pickle
import zlib
from contextlib import suppress
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from graph.embedded.journal import fsync_dir
from graph.embedded.memory import MemoryGraph

IMAGE = "memory.image"
FORMAT = "govgraph-memory-image"
VERSION = 3  # one more whenever what is pickled, or how, changes (2: `Step` pickles by its fields; 3: `NodeRef` is a tuple)

log = logging.getLogger(__name__)

# The classes a MemoryGraph's pickle names (module, name), and the modules of networkx's views, which a
# DiGraph caches on itself; anything else makes the image unusable.
ALLOWED = {
    ("graph.embedded.memory", "MemoryGraph"),
    ("graph.records", "NodeRef"),
    ("graph.labels", "Label"),
    ("graph.labels", "RelType"),
    ("sortedcontainers.sortedlist", "SortedList"),
    ("networkx.classes.digraph", "DiGraph"),
}
ALLOWED_MODULES = {"networkx.classes.coreviews", "networkx.classes.reportviews"}


@dataclass(frozen=True)
class ImageTag:
    """What an image must match to be used: the snapshot it was taken with, and the code that reads it."""

    seq: int
    snapshot_id: str
    format: str = FORMAT
    version: int = VERSION
    layout: int = MemoryGraph.LAYOUT
    networkx: str = metadata.version("networkx")
    sortedcontainers: str = metadata.version("sortedcontainers")


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in ALLOWED and module not in ALLOWED_MODULES:
            raise pickle.UnpicklingError(f"{module}.{name} has no place in a memory image")
        return super().find_class(module, name)


def write_image(directory: Path, tag: ImageTag, memory: MemoryGraph) -> bool:
    """Write the image atomically (temp file, fsync, rename) and say whether it was written; a
    failure is logged, never raised, since the snapshot already holds everything."""
    path = directory / IMAGE
    tmp = directory / (IMAGE + ".tmp")
    try:
        buffer = io.BytesIO()
        pickler = pickle.Pickler(buffer, protocol=5)
        pickler.dump(memory)
        payload = buffer.getbuffer()  # no copy: at S=10 the payload is ~100 MiB
        head = {**asdict(tag), "size": len(payload), "crc32": zlib.crc32(payload)}
        with tmp.open("wb") as out:
            out.write(json.dumps(head, sort_keys=True).encode("utf-8") + b"\n")
            out.write(payload)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
        fsync_dir(directory)
        return True
    except (OSError, pickle.PicklingError, TypeError) as e:
        log.warning("could not write the memory image %s (the snapshot is complete; start-up will be slower): %s", path, e)
        with suppress(OSError):
            tmp.unlink(missing_ok=True)
            path.unlink(missing_ok=True)  # an older image would be stale: never leave one beside a newer snapshot
        return False


def read_image(directory: Path, tag: ImageTag) -> MemoryGraph | None:
    """The graph the image holds if it matches `tag` and is whole; None (logged) otherwise."""
    path = directory / IMAGE
    if not path.exists():
        log.info("no memory image in %s: rebuilding from the snapshot", directory)
        return None
    try:
        with path.open("rb") as f:
            head = json.loads(f.readline())
            expected = asdict(tag)
            if not isinstance(head, dict) or {k: head.get(k) for k in expected} != expected:
                log.info("the memory image %s is for another snapshot or version: rebuilding from the snapshot", path)
                return None
            payload = f.read()
        if len(payload) != head.get("size") or zlib.crc32(payload) != head.get("crc32"):
            log.warning("the memory image %s is torn or corrupt: rebuilding from the snapshot", path)
            return None
        memory = _Unpickler(io.BytesIO(payload)).load()
    except (OSError, ValueError, EOFError, pickle.UnpicklingError, AttributeError, TypeError, KeyError) as e:
        log.warning("cannot read the memory image %s (%s): rebuilding from the snapshot", path, e)
        return None
    if not isinstance(memory, MemoryGraph) or vars(memory).keys() != vars(MemoryGraph()).keys():
        log.warning("the memory image %s holds no graph of this layout: rebuilding from the snapshot", path)
        return None
    return memory

"""Crashing a store on purpose: as a killed process would leave it, in this process or in another."""

from __future__ import annotations

import asyncio
import signal
import sys
from pathlib import Path

from graph.embedded import EmbeddedStore

ROOT = Path(__file__).resolve().parent.parent


async def crash(store: EmbeddedStore) -> None:
    """Leave an embedded store as a killed process would: nothing flushed or compacted; its files, its
    lock and the pipe to its audit log's writer let go (the writer commits what it read, and exits)."""
    store._journal.close()
    if store._lock_file is not None:
        store._lock_file.close()
        store._lock_file = None
    store._audit._closing = True  # a dead server starts no writer again
    await store._audit._stop_writer()


async def kill_after(script: str, args: list[str], acks: int) -> int:
    """Run `script` (which prints `ACK n` after each acknowledged write n, and never pauses), SIGKILL it
    once it has acknowledged `acks`, and return the last write it acknowledged."""
    proc = await asyncio.create_subprocess_exec(sys.executable, "-c", script, *args, stdout=asyncio.subprocess.PIPE, cwd=ROOT)
    assert proc.stdout is not None
    acked = -1
    while acked < acks:
        line = await asyncio.wait_for(proc.stdout.readline(), timeout=60)
        assert line.startswith(b"ACK "), line
        acked = int(line.split()[1])
    proc.send_signal(signal.SIGKILL)  # mid-write
    rest = await proc.stdout.read()
    await proc.wait()
    return max([acked, *(int(x.split()[1]) for x in rest.splitlines() if x.startswith(b"ACK "))])

"""A TCP proxy that injects the faults a database's network gives production: reset, drop, freeze, close.

It runs in the test's event loop between the app and the real Neo4j; the test switches its mode while
requests flow. Each mode acts on the connections open when it is set and on those made while it holds:

- `PASS`: bytes flow both ways (after `FREEZE`, the held bytes flow on, late, as after a SIGCONT).
- `RESET`: every connection is reset (RST, as a restarted firewall or a dead peer's kernel answers).
- `DROP`: connections stay open and every byte is discarded, both ways (a black hole: nothing is refused,
  nothing answers).
- `FREEZE`: nothing is read or forwarded, and new connections are accepted by the kernel but not served
  (a process stopped with SIGSTOP).
- `CLOSE`: every connection is closed and the port refuses new ones (a killed Neo4j).
"""

from __future__ import annotations

import asyncio
import socket
import struct
from contextlib import suppress
from enum import Enum


class Mode(Enum):
    PASS = "pass"
    RESET = "reset"
    DROP = "drop"
    FREEZE = "freeze"
    CLOSE = "close"


def _reset(writer: asyncio.StreamWriter) -> None:
    """Close with an RST instead of a FIN: SO_LINGER on with a zero timeout."""
    sock = writer.get_extra_info("socket")
    if sock is not None:
        with suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()


class _Link:
    """One proxied connection: the app's side and Neo4j's, and the two pipes between them."""

    def __init__(self, client: asyncio.StreamWriter) -> None:
        self.client = client
        self.upstream: asyncio.StreamWriter | None = None
        self.tasks: list[asyncio.Task[None]] = []

    def reset(self) -> None:
        _reset(self.client)
        if self.upstream is not None:
            self.upstream.transport.abort()
        for task in self.tasks:
            task.cancel()

    def close(self) -> None:
        for writer in (self.client, self.upstream):
            if writer is not None:
                with suppress(OSError, RuntimeError):
                    writer.close()
        for task in self.tasks:
            task.cancel()


class FaultProxy:
    """Forwards 127.0.0.1:`port` to `upstream_host`:`upstream_port`, with the fault `mode` sets."""

    def __init__(self, upstream_host: str, upstream_port: int) -> None:
        self.upstream_host = upstream_host
        self.upstream_port = upstream_port
        self.port = 0
        self.mode = Mode.PASS
        self.accepted = 0  # connections accepted so far, to show the app really came through the proxy
        self._server: asyncio.Server | None = None
        self._links: set[_Link] = set()
        self._flowing = asyncio.Event()
        self._flowing.set()

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.port}"

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", self.port)
        self.port = self._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        await self._stop_listening()
        for link in list(self._links):
            link.reset()
        self._flowing.set()
        await asyncio.sleep(0)

    async def set_mode(self, mode: Mode) -> None:
        """Switch to `mode`, acting at once on the connections open now."""
        self.mode = mode
        if mode is Mode.FREEZE:
            self._flowing.clear()
        else:
            self._flowing.set()
        if mode is Mode.RESET:
            for link in list(self._links):
                link.reset()
        elif mode is Mode.CLOSE:
            await self._stop_listening()
            for link in list(self._links):
                link.close()
        if mode is not Mode.CLOSE and self._server is None:
            await self.start()  # the same port again
        await asyncio.sleep(0)

    async def _stop_listening(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.accepted += 1
        link = _Link(writer)
        self._links.add(link)
        try:
            await self._flowing.wait()  # frozen: the kernel accepted it, nobody serves it
            if self.mode is Mode.RESET:
                link.reset()
            elif self.mode is Mode.DROP:
                await self._pipe(reader, None)
            elif self.mode is Mode.PASS:
                try:
                    up_reader, link.upstream = await asyncio.open_connection(self.upstream_host, self.upstream_port)
                except OSError:
                    link.reset()
                    return
                link.tasks = [
                    asyncio.ensure_future(self._pipe(reader, link.upstream)),
                    asyncio.ensure_future(self._pipe(up_reader, writer)),
                ]
                await asyncio.gather(*link.tasks, return_exceptions=True)
        except asyncio.CancelledError:
            link.reset()
        finally:
            link.close()
            self._links.discard(link)

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter | None) -> None:
        """Copy `reader` to `writer` as the mode allows (into nothing while dropping, or without `writer`)."""
        try:
            while True:
                data = await reader.read(65536)
                await self._flowing.wait()
                if not data:
                    break
                if writer is None or self.mode is Mode.DROP:
                    continue
                writer.write(data)
                await writer.drain()
        except (OSError, RuntimeError):
            # The other side went away (uvloop says so with RuntimeError on a closed transport).
            pass
        finally:
            if writer is not None:
                with suppress(OSError, RuntimeError):
                    writer.close()

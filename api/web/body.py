"""Reading a request body of bounded size, and refusing a larger one so that the client reads the refusal.

A body over the limit is refused (413) before it is read whole. But a server that answers and closes the
connection while the body is still arriving makes the kernel reset the connection (unread data at
close: RFC 9112 §9.6, "TCP reset problem"), and the client, still writing, often gets that reset instead
of the 413. So before refusing, the rest of the body is read and dropped, up to `DRAIN_BYTES` and for at
most `DRAIN_SECONDS`: a client that sent a few megabytes too many reads its 413; one that sends far more,
or slowly, is cut off all the same.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

from starlette.requests import ClientDisconnect, Request

DRAIN_BYTES = 8_000_000
DRAIN_SECONDS = 5.0


class TooLarge(Exception):
    """The body is over its limit (what was sent of it has been drained, within the bounds)."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"the body is larger than {limit} bytes")
        self.limit = limit


async def read_bounded(request: Request, limit: int) -> bytes:
    """The body, at most `limit` bytes; `TooLarge` as soon as its length or what arrived passes the limit."""
    stream = request.stream()
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > limit:
        await drain(stream)
        raise TooLarge(limit)
    body = bytearray()
    async for chunk in stream:
        body += chunk
        if len(body) > limit:
            await drain(stream, len(body))
            raise TooLarge(limit)
    return bytes(body)


async def drain(stream: AsyncIterator[bytes], already: int = 0) -> None:
    """Reads and drops what is left of a body's `stream`, up to `DRAIN_BYTES` in all and `DRAIN_SECONDS`."""

    async def read_rest() -> None:
        read = already
        async for chunk in stream:
            read += len(chunk)
            if read > DRAIN_BYTES:
                return

    try:
        await asyncio.wait_for(read_rest(), DRAIN_SECONDS)
    except (TimeoutError, ClientDisconnect):
        pass

"""Reading a request's body within a bound, refused as soon as it passes the bound (a chunked body
announces no length, so the bytes are counted as they come)."""

from __future__ import annotations

from starlette.requests import Request


class BodyTooLarge(Exception):
    """The body passed the bound; nothing more of it was read."""


async def bounded_body(request: Request, limit: int) -> bytes:
    """The raw body, at most `limit` bytes; `BodyTooLarge` past that (checked on `Content-Length` first)."""
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > limit:
        raise BodyTooLarge()
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise BodyTooLarge()
    return bytes(body)

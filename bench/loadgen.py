"""Bounded request loops and their statistics: latency percentiles and throughput.

Every loop stops after `max_requests` requests or `max_seconds` seconds, whichever comes first, and
talks only to 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

Call = Callable[[], Awaitable[int]]  # one request; returns the size of the answer (bytes or rows)


class RequestFailed(Exception):
    """A request got an error answer (HTTP status, GraphQL errors, driver error)."""


@dataclass(frozen=True)
class Result:
    """Latencies of one loop, in milliseconds, and its throughput."""

    concurrency: int
    requests: int
    seconds: float
    p50: float
    p95: float
    p99: float
    size: int
    latencies: tuple[float, ...] = ()  # every request's, sorted (not written out)

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "concurrency": self.concurrency, "requests": self.requests, "seconds": round(self.seconds, 3),
            "p50_ms": round(self.p50, 2), "p95_ms": round(self.p95, 2), "p99_ms": round(self.p99, 2),
            "throughput": round(self.throughput, 1), "size": self.size,
        }


def percentile(sorted_ms: list[float], q: float) -> float:
    """Nearest-rank percentile of sorted values."""
    if not sorted_ms:
        return float("nan")
    rank = max(1, min(len(sorted_ms), round(q / 100 * len(sorted_ms) + 0.5)))
    return sorted_ms[rank - 1]


async def measure(
    make_call: Callable[[], Awaitable[tuple[Call, Callable[[], Awaitable[None]]]]],
    concurrency: int,
    max_requests: int,
    max_seconds: float,
    warmup: int = 5,
) -> Result:
    """Run `concurrency` workers (each with its own connection from `make_call`) until either bound."""
    workers = [await make_call() for _ in range(concurrency)]
    try:
        size = 0
        for _ in range(warmup):
            size = await workers[0][0]()
        latencies: list[float] = []
        started = time.perf_counter()
        deadline = started + max_seconds
        issued = 0

        async def worker(call: Call) -> None:
            nonlocal issued
            while issued < max_requests and time.perf_counter() < deadline:
                issued += 1
                t = time.perf_counter()
                await call()
                latencies.append((time.perf_counter() - t) * 1000)

        await asyncio.gather(*(worker(call) for call, _ in workers))
        elapsed = time.perf_counter() - started
    finally:
        for _, close in workers:
            await close()
    latencies.sort()
    return Result(
        concurrency, len(latencies), elapsed, percentile(latencies, 50), percentile(latencies, 95), percentile(latencies, 99), size,
        tuple(latencies),
    )


def merged(parts: list[Result]) -> Result:
    """The loops of one cell run in several rounds, as one: their requests, time and latencies together."""
    latencies = sorted(latency for part in parts for latency in part.latencies)
    return Result(
        parts[0].concurrency, sum(p.requests for p in parts), sum(p.seconds for p in parts), percentile(latencies, 50),
        percentile(latencies, 95), percentile(latencies, 99), parts[-1].size, tuple(latencies),
    )


class HttpConnection:
    """One keep-alive HTTP/1.1 connection to 127.0.0.1 that POSTs GraphQL and reads the whole answer.

    Lean on purpose: the client shares two cores with the servers it measures.
    """

    def __init__(self, port: int, path: str = "/graphql", headers: dict[str, str] | None = None) -> None:
        self.port = port
        self.path = path
        self.headers = headers or {}
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def _connect(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        if self._reader is None or self._writer is None:
            self._reader, self._writer = await asyncio.open_connection("127.0.0.1", self.port)
        return self._reader, self._writer

    async def post(self, document: dict[str, Any]) -> tuple[int, bytes]:
        body = json.dumps(document, ensure_ascii=False).encode("utf-8")
        extra = "".join(f"{k}: {v}\r\n" for k, v in self.headers.items())
        head = (
            f"POST {self.path} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\nContent-Type: application/json\r\n"
            f"Accept: application/json\r\n{extra}Content-Length: {len(body)}\r\n\r\n"
        ).encode("ascii")
        reader, writer = await self._connect()
        writer.write(head + body)
        await writer.drain()
        status_line = await reader.readline()
        if not status_line:
            self._reader = self._writer = None
            raise RequestFailed("connection closed by the server")
        status = int(status_line.split()[1])
        length: int | None = None
        chunked = close = False
        while (line := await reader.readline()) not in (b"\r\n", b"\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            name, value = name.strip().lower(), value.strip().lower()
            if name == "content-length":
                length = int(value)
            elif name == "transfer-encoding" and "chunked" in value:
                chunked = True
            elif name == "connection" and value == "close":
                close = True
        if chunked:
            parts = []
            while (size := int((await reader.readline()).split(b";")[0], 16)) > 0:
                parts.append(await reader.readexactly(size))
                await reader.readline()
            await reader.readline()
            data = b"".join(parts)
        elif length is not None:
            data = await reader.readexactly(length)
        else:
            data = await reader.read()
            close = True
        if close:
            await self.close()
        return status, data

    async def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            try:
                await self._writer.wait_closed()
            except OSError:
                pass
        self._reader = self._writer = None


async def graphql(connection: HttpConnection, query: str, variables: dict[str, Any] | None = None) -> tuple[int, dict[str, Any]]:
    """POST one operation; raise `RequestFailed` on an HTTP error or GraphQL errors."""
    status, data = await connection.post({"query": query, "variables": variables or {}})
    answer = json.loads(data) if data else {}
    if status != 200 or answer.get("errors"):
        raise RequestFailed(f"HTTP {status}: {data[:400].decode('utf-8', 'replace')}")
    return len(data), answer


async def rows(connection: HttpConnection, parameters: dict[str, Any]) -> int:
    """POST parameters to a JSON endpoint (the floor's); read and parse its answer as `graphql` does.
    Returns the answer's size in bytes; raises `RequestFailed` on an HTTP error."""
    status, data = await connection.post(parameters)
    json.loads(data)
    if status != 200:
        raise RequestFailed(f"HTTP {status}: {data[:400].decode('utf-8', 'replace')}")
    return len(data)

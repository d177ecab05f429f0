"""The store's line to Neo4j: one driver at a time, a deadline on every call, and a new driver when a connection fails.

What production does to a database's connections, and what the line makes of it (`Neo4jStore` maps
the rest of the driver's errors):

- Reset, closed, refused or unreachable (`ServiceUnavailable`, `SessionExpired`, `OSError`): the
  driver retries a unit of work on a new connection for up to the connect timeout; what still fails
  is `StoreUnavailableError`.
- A connection the driver keeps though it is dead: under uvloop a reset closes the transport, and
  writing to it raises `RuntimeError` ("unable to perform operation on <TCPTransport closed=True>"),
  which the driver neither expects nor treats as a broken connection (neo4j 6.4: `Outbox.flush`
  catches `OSError` only), so the connection stays in its pool and fails every call that takes it.
  Nothing reached Neo4j, so the call runs once more, on a new driver; failing again it is
  `StoreUnavailableError`.
- Hung (a frozen process, a black-holed network): nothing answers, and the driver would wait as long
  as the operating system keeps the connection. Every call has a deadline on our side
  (`asyncio.timeout`): its cancellation kills the connection it was using, and the call is
  `StoreUnavailableError`.

After any of these the driver, and with it every pooled connection, is replaced by a new one: a
reset or a freeze leaves many dead or desynchronised connections, and the driver finds them only
one failed call at a time (under uvloop never). Once per outage: a driver on which no call has
succeeded yet has no connection to discard. The old driver is closed once no call uses it. The
first call that succeeds on the new driver runs `on_reconnect` in the background: the database may
be another one now (Neo4j restarted empty), missing its schema.

Bounds, for a connect timeout C: a TCP connection and the Bolt handshake within C; a connection from
the pool within C (else `StoreUnavailableError`, without replacing the driver: every connection busy
is overload as often as a hang, and hung calls replace it at their deadlines); the driver's retries
of a failed unit of work start within C of the first failure (`max_transaction_retry_time`; delays of
1, 2, 4 s ±20%: with C = 5 s a refused connection fails after its attempt at about 7 s, measured
6.1-7.0 s); every call within its deadline, which the caller gives (`Neo4jStore`: C plus the
statement budget).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from neo4j import AsyncDriver, AsyncGraphDatabase, NotificationMinimumSeverity
from neo4j.exceptions import ConnectionAcquisitionTimeoutError, ServiceUnavailable, SessionExpired

from graph.errors import StoreUnavailableError

log = logging.getLogger(__name__)
T = TypeVar("T")

# A pooled connection idle this long is checked with a round trip before it is used: a firewall
# between the service and Neo4j may have dropped it silently, and a statement sent into it would
# wait for its deadline. Busy connections are never idle this long, so a loaded service pays nothing.
LIVENESS_CHECK_AFTER_IDLE_SECONDS = 60.0

# Failures of the connection rather than of the work: the call may succeed on another connection.
CONNECTION_FAILURES = (ServiceUnavailable, SessionExpired, OSError, RuntimeError)


class _Pool:
    """One driver, with its connection pool, and how many calls use it now."""

    __slots__ = ("driver", "users", "retired", "proven", "replacement")

    def __init__(self, driver: AsyncDriver, replacement: bool) -> None:
        self.driver = driver
        self.users = 0
        self.retired = False
        # A call has succeeded on it. Until one does it holds no connection worth keeping or discarding:
        # while Neo4j stays away, failed calls do not replace it again and again.
        self.proven = False
        self.replacement = replacement  # made after a failure


class Line:
    """The driver a store calls Neo4j through; `call` runs driver work within a deadline."""

    def __init__(
        self,
        uri: str,
        auth: tuple[str, str] | None,
        connect_timeout_seconds: float,
        on_reconnect: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        self.uri = uri
        self.auth = auth
        self.connect_timeout_seconds = connect_timeout_seconds
        self.on_reconnect = on_reconnect
        self._pool: _Pool | None = None
        self._background: set[asyncio.Task[None]] = set()

    def _new_driver(self) -> AsyncDriver:
        timeout = self.connect_timeout_seconds
        return AsyncGraphDatabase.driver(
            self.uri,
            auth=self.auth,
            # Notifications (e.g. "relationship type does not exist yet") are noise for generated Cypher.
            notifications_min_severity=NotificationMinimumSeverity.OFF,
            connection_timeout=timeout,
            connection_acquisition_timeout=timeout,
            max_transaction_retry_time=timeout,
            liveness_check_timeout=LIVENESS_CHECK_AFTER_IDLE_SECONDS,
        )

    @property
    def open(self) -> bool:
        return self._pool is not None

    def start(self) -> None:
        if self._pool is None:
            self._pool = _Pool(self._new_driver(), replacement=False)

    @property
    def driver(self) -> AsyncDriver:
        """The driver to use now (it may be replaced by the time a later call asks)."""
        if self._pool is None:
            raise StoreUnavailableError("the Neo4j store is not started")
        return self._pool.driver

    async def call(self, fn: Callable[[], Awaitable[T]], deadline: float | None) -> T:
        """Run driver work within `deadline` seconds (None: no deadline of ours); a connection failure,
        or the deadline passing, is `StoreUnavailableError` and replaces the driver."""
        scope = asyncio.timeout(deadline)
        try:
            async with scope:
                try:
                    return await self._attempt(fn, scope)
                except RuntimeError:
                    # A dead connection the driver kept, gone now with its driver: nothing reached Neo4j
                    # (the write to it failed), so the work runs once more, on the new driver.
                    return await self._attempt(fn, scope)
        except CONNECTION_FAILURES as e:
            if scope.expired():
                raise StoreUnavailableError(f"Neo4j at {self.uri} did not answer within {deadline:g} s") from e
            raise StoreUnavailableError(f"Neo4j at {self.uri} is unavailable: {e}") from e
        except ConnectionAcquisitionTimeoutError as e:
            # Every pooled connection busy for the connect timeout: overloaded, or hung (then the calls
            # holding them end at their deadlines and replace the driver). Not a reason to replace it.
            raise StoreUnavailableError(f"Neo4j at {self.uri} has no free connection: {e}") from e

    async def _attempt(self, fn: Callable[[], Awaitable[T]], scope: asyncio.Timeout) -> T:
        pool = self._pool
        if pool is None:
            raise StoreUnavailableError("the Neo4j store is not started")
        pool.users += 1
        try:
            result = await fn()
        except CONNECTION_FAILURES as e:
            self._replace(pool, e)
            raise
        except asyncio.CancelledError as e:
            if scope.expired():  # our deadline, not a caller giving up: the connection it hung on is suspect
                self._replace(pool, e)
            raise
        finally:
            pool.users -= 1
            if pool.retired and pool.users == 0:
                self._in_background(self._closed(pool.driver))
        if not pool.proven:
            pool.proven = True
            if pool.replacement and self.on_reconnect is not None:
                self._in_background(self.on_reconnect())
        return result

    def _replace(self, failed: _Pool, error: BaseException) -> None:
        """Put a new driver in place of `failed`, unless a call that failed with it already did, or no call
        ever succeeded on it."""
        if self._pool is not failed or not failed.proven:
            return
        # The error's text, not the error: a log handler that keeps records would keep its frames too.
        log.warning("Neo4j at %s failed a call (%s): replacing the driver and its connections", self.uri, repr(error))
        failed.retired = True
        self._pool = _Pool(self._new_driver(), replacement=True)

    def _in_background(self, work: Awaitable[Any]) -> None:
        async def run() -> None:
            try:
                await work
            except Exception:  # nobody awaits it: say what failed rather than lose it
                log.warning("background work on Neo4j at %s failed", self.uri, exc_info=True)

        task = asyncio.ensure_future(run())
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def close(self) -> None:
        pool, self._pool = self._pool, None
        if self._background:
            await asyncio.gather(*self._background, return_exceptions=True)
        if pool is not None:
            await self._closed(pool.driver)

    async def _closed(self, driver: AsyncDriver) -> None:
        """Close a driver whose connections may be dead or hung: under uvloop saying goodbye on a dead one
        raises `RuntimeError`, and a frozen Neo4j never acknowledges."""
        try:
            async with asyncio.timeout(self.connect_timeout_seconds):
                await driver.close()
        except CONNECTION_FAILURES:  # the connections are gone either way (TimeoutError is an OSError)
            log.debug("closing a Neo4j driver met a dead connection", exc_info=True)
            # The driver took its connections out of the pool before closing them, and stopped at the dead
            # one: closing it again finds none left and marks it closed. Those after the dead one are left
            # to the collector; after a reset under uvloop they are dead too, their transports closed.
            with contextlib.suppress(*CONNECTION_FAILURES):
                await driver.close()

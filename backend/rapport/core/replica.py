"""Read replicas: the compiled reads go to a streaming replica, with read-your-writes by WAL position.

With `DATABASE_REPLICA_URL` set, every compiled read (each page of the web app, the dashboards' figures) and every
export runs on the replica, unless the caller has just written something the replica has not replayed yet. A
request that wrote anything (a unit of work committed) answers with the primary's WAL position after its commit:
in the cookie `rapport_lsn` (browsers: the SPA needs to do nothing) and in the header `X-Rapport-LSN` (an
integrator sends it back as `X-Rapport-Min-LSN`). A later read that carries a position the replica has not
replayed yet runs on the primary. The same process also remembers each credential's last write, so that a token
client that ignores both is served its own writes by that process.

A replica that cannot be reached, or cancels a read (a conflict with recovery), costs nothing but the attempt: the
read runs on the primary, and an unreachable replica is left alone for a few seconds.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import re
import time
from collections import OrderedDict, deque
from collections.abc import Awaitable, Callable, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from http.cookies import CookieError, SimpleCookie
from typing import Any

import asyncpg
from prometheus_client import Counter
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from rapport.core.authn import SESSION_COOKIE

log = logging.getLogger("rapport.replica")

LSN_COOKIE = "rapport_lsn"
#: Response header: the primary's WAL position after this request's writes.
LSN_HEADER = b"x-rapport-lsn"
#: Request header: read nothing older than this WAL position.
MIN_LSN_HEADER = b"x-rapport-min-lsn"
#: How long a write's position travels with a browser (a replica further behind than this is a broken replica).
COOKIE_SECONDS = 60
#: How long an unreachable replica is left alone before the next attempt.
DOWN_SECONDS = 5.0
#: How often a process compares the replica's replay with the primary (see `Replica.fresh`).
LAG_CHECK_SECONDS = 1.0
#: The longest a read may take on the replica before it is taken for unreachable (and the primary answers).
COMMAND_SECONDS = 10.0
#: Credentials whose last write this process remembers (the oldest are forgotten first).
REMEMBERED = 10_000
#: The WAL position a server has reached: what a replica has replayed, or what a primary has written.
POSITION = "SELECT (CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_lsn() END)::text"

REPLICA_READS = Counter("rapport_replica_reads_total", "Compiled reads by the server that answered them", ["server"])
_ON_REPLICA = REPLICA_READS.labels(server="replica")
_ON_PRIMARY = REPLICA_READS.labels(server="primary")

#: Errors that say the replica itself is unreachable (not that a statement failed).
UNREACHABLE = (OSError, TimeoutError, asyncpg.PostgresConnectionError, asyncpg.InterfaceError)


#: A WAL position exactly as PostgreSQL writes it: two hexadecimal numbers of at most 32 bits. Nothing else (no
#: spaces, signs, underscores or prefixes, which Python's int() would take) is a position.
_LSN = re.compile(rb"([0-9A-Fa-f]{1,8})/([0-9A-Fa-f]{1,8})")


def parse_lsn(value: str | bytes | None) -> int:
    """A WAL position (`16/B374D848`) as a number; 0 for anything else."""
    if isinstance(value, str):
        value = value.encode("latin-1", "replace")
    found = _LSN.fullmatch(value) if value else None
    return (int(found[1], 16) << 32) | int(found[2], 16) if found else 0


def format_lsn(number: int) -> str:
    """A WAL position as PostgreSQL writes it."""
    return f"{number >> 32:X}/{number & 0xFFFFFFFF:X}"


@dataclass
class RequestWrites:
    """What one request needs from the replica (`min_lsn`) and whether it wrote anything."""

    min_lsn: int = 0
    wrote: bool = False


#: The request's read-your-writes state (None outside a request: jobs read whatever the replica has).
request_writes: ContextVar[RequestWrites | None] = ContextVar("request_writes", default=None)


def note_write() -> None:
    """A unit of work committed in this request: its answer carries the primary's position."""
    state = request_writes.get()
    if state is not None:
        state.wrote = True


class Replica:
    """A streaming replica: a plain asyncpg pool for the compiled reads, and what it has replayed so far."""

    def __init__(
        self,
        url: str,
        *,
        pool_size: int,
        pooled: bool,
        pool_options: dict[str, Any],
        max_lag_seconds: float = 30.0,
    ) -> None:
        self.url = url
        self.pool_size = pool_size
        self.pooled = pooled
        self.pool_options = pool_options  # the compiled read path's (core.db.read_pool_options)
        self.max_lag_seconds = max_lag_seconds
        self.replayed = 0
        self.down_until = 0.0
        self.lag_checked_at = float("-inf")
        self.stale = False
        self.written: deque[tuple[float, int]] = deque()  # (when, the primary's position then), oldest first
        self._pool: asyncpg.Pool | None = None
        self._lock = asyncio.Lock()

    async def pool(self) -> asyncpg.Pool:
        if self._pool is None:
            async with self._lock:
                if self._pool is None:
                    self._pool = await asyncpg.create_pool(
                        self.url,
                        min_size=0,
                        max_size=self.pool_size,
                        timeout=3,  # connecting: an unreachable replica must not hold a request for long
                        # A replica that stops answering mid-read (a partition): the primary answers instead.
                        command_timeout=COMMAND_SECONDS,
                        **self.pool_options,
                    )
        return self._pool

    def usable(self) -> bool:
        return time.monotonic() >= self.down_until

    def unreachable(self, error: BaseException) -> None:
        log.warning("the read replica is unreachable (%s); reads go to the primary for %.0f s", error, DOWN_SECONDS)
        self.down_until = time.monotonic() + DOWN_SECONDS

    async def caught_up(self, lsn: int) -> bool:
        """Whether the replica has replayed `lsn` (asks it only when what it was last seen at is older)."""
        if lsn <= self.replayed:
            return True
        return lsn <= await self.replayed_now()

    async def fresh(self, primary_position: Callable[[], Awaitable[int]]) -> bool:
        """Whether the replica keeps up: not when it has still not replayed what the primary had written
        `max_lag_seconds` ago (replication broken or far behind: everyone would read old data). The primary's
        position is noted at each check, at most once a second per process; between checks the last answer holds."""
        now = time.monotonic()
        if now - self.lag_checked_at < LAG_CHECK_SECONDS:
            return not self.stale
        self.lag_checked_at = now
        self.written.append((now, await primary_position()))
        # The newest position noted at least max_lag_seconds ago is the one to compare with; older ones go.
        while len(self.written) >= 2 and now - self.written[1][0] >= self.max_lag_seconds:
            self.written.popleft()
        noted_at, position = self.written[0]
        stale = now - noted_at >= self.max_lag_seconds and await self.replayed_now() < position
        if stale and not self.stale:
            log.warning(
                "the read replica has not replayed what the primary wrote %.0f s ago: reads go to the primary until it "
                "catches up",
                now - noted_at,
            )
        self.stale = stale
        return not stale

    async def replayed_now(self) -> int:
        """What the replica has replayed, asked now."""
        pool = await self.pool()
        async with pool.acquire() as connection:
            self.replayed = max(self.replayed, parse_lsn(await connection.fetchval(POSITION)))
        return self.replayed

    async def fetchrow(self, text: str, args: Sequence[Any]) -> asyncpg.Record | None:
        pool = await self.pool()
        async with pool.acquire() as connection:
            return await connection.fetchrow(text, *args)

    async def close(self) -> None:
        if self._pool is not None:
            pool, self._pool = self._pool, None
            await pool.close()


def counted(on_replica: bool) -> None:
    (_ON_REPLICA if on_replica else _ON_PRIMARY).inc()


class ReadYourWrites:
    """ASGI middleware (only with a replica): reads each request's required WAL position, and answers a request that
    wrote with the primary's position after its writes."""

    def __init__(self, app: ASGIApp, position: Any, secure: bool = False) -> None:
        self.app = app
        self.position = position  # async () -> int: the primary's current WAL position
        self.secure = secure  # production: the cookie travels over HTTPS only, as the session's does
        self.last_write: OrderedDict[bytes, int] = OrderedDict()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        credential, required = _credential_and_position(scope.get("headers") or ())
        remembered = self.last_write.get(credential, 0) if credential else 0
        state = RequestWrites(min_lsn=max(required, remembered))
        token = request_writes.set(state)

        async def send_position(message: Message) -> None:
            if message["type"] == "http.response.start" and state.wrote:
                try:
                    lsn = await self.position()
                except Exception:  # the write is committed; the caller reads the primary a little longer
                    log.exception("could not read the primary's WAL position after a write")
                else:
                    self._remember(credential, lsn)
                    text = format_lsn(lsn).encode()
                    cookie = f"{LSN_COOKIE}={text.decode()}; Max-Age={COOKIE_SECONDS}; Path=/; HttpOnly; SameSite=Lax"
                    if self.secure or scope.get("scheme") == "https":
                        cookie += "; Secure"
                    message["headers"] = [
                        *message.get("headers", []),
                        (LSN_HEADER, text),
                        (b"set-cookie", cookie.encode()),
                    ]
            await send(message)

        try:
            await self.app(scope, receive, send_position)
        finally:
            request_writes.reset(token)

    def _remember(self, credential: bytes, lsn: int) -> None:
        if not credential:
            return
        self.last_write[credential] = max(lsn, self.last_write.get(credential, 0))
        self.last_write.move_to_end(credential)
        while len(self.last_write) > REMEMBERED:
            self.last_write.popitem(last=False)


def _credential_and_position(headers: Any) -> tuple[bytes, int]:
    """Who is asking (a digest of the bearer token or the session cookie; empty for nobody) and the WAL position
    their request must see (the cookie's or the header's, whichever is later)."""
    credential = b""
    required = 0
    for name, value in headers:
        if name == b"authorization":
            credential = hashlib.sha256(value).digest()
        elif name == MIN_LSN_HEADER:
            required = max(required, parse_lsn(value))
        elif name == b"cookie":
            cookies = _cookies(value)
            if LSN_COOKIE in cookies:
                required = max(required, parse_lsn(cookies[LSN_COOKIE].value))
            if SESSION_COOKIE in cookies and not credential:
                credential = hashlib.sha256(cookies[SESSION_COOKIE].value.encode()).digest()
    return credential, required


def _cookies(header: bytes) -> SimpleCookie:
    cookies = SimpleCookie()
    try:
        cookies.load(header.decode("latin-1"))
    except CookieError:  # a malformed cookie header: no position and no session from it
        log.debug("a malformed cookie header")
    return cookies


__all__ = [
    "LSN_COOKIE",
    "LSN_HEADER",
    "MIN_LSN_HEADER",
    "POSITION",
    "ReadYourWrites",
    "Replica",
    "RequestWrites",
    "counted",
    "format_lsn",
    "note_write",
    "parse_lsn",
    "request_writes",
]

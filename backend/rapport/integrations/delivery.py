"""Sending deliveries: signed POSTs, retried on a schedule by the job system, each try logged, in order per entity.

A try succeeds on any 2xx answer. Otherwise the delivery waits (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h) and is
tried again; after the eighth failed try, or at once on 410 Gone, it is marked failed and its endpoint paused, and
the endpoint's owner is notified. A paused endpoint keeps its queue: resuming sends the failed delivery first,
then the rest, in order. The delivery is locked while it is sent (`FOR UPDATE SKIP LOCKED`), so several workers
never send the same delivery twice at once, and a later event of an entity waits for an earlier one. Should the
process die after the receiver answered and before the mark is written, the delivery goes once more with the same
`webhook-id`, which receivers use to drop the copy (at-least-once, as every webhook system).
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.config import Settings
from rapport.core.crypto import vault
from rapport.core.db import Database
from rapport.core.i18n import msg
from rapport.identity.service import principal_for_token_id
from rapport.integrations.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from rapport.integrations.repository import DELIVERED, FAILED, WebhookRepository
from rapport.integrations.service import (
    RESOLVE_SECONDS,
    UnsafeAddressError,
    check_reachable,
    pause_endpoint,
    secret_of,
)
from rapport.integrations.signing import headers

log = logging.getLogger(__name__)

#: The waits after each failed try; one try more than waits, then the delivery has failed.
WAITS = (
    timedelta(seconds=5),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=5),
    timedelta(hours=10),
    timedelta(hours=10),
)
MAX_ATTEMPTS = len(WAITS) + 1
#: Why an endpoint whose integration token stopped working is paused.
TOKEN_GONE = msg("Its API token no longer works (revoked, expired, or its user deactivated).")
#: Deliveries one run of the job sends at most (the next run, seconds later, goes on).
BATCH = 200
TABLE = "webhook_delivery"


def seal_body(delivery_id: Any, body: bytes) -> bytes:
    """A delivery's body, encrypted for storage."""
    return vault().cipher.encrypt(body.decode(), table=TABLE, column="body", row_id=delivery_id)


def body_of(delivery: WebhookDelivery) -> bytes:
    """The JSON body a delivery sends."""
    return vault().cipher.decrypt(delivery.body_enc, table=TABLE, column="body", row_id=delivery.id).encode()


@dataclass(frozen=True)
class Outcome:
    """How one try went."""

    status_code: int | None
    error: str | None
    duration_ms: int

    @property
    def ok(self) -> bool:
        """The receiver took it (any 2xx)."""
        return self.status_code is not None and 200 <= self.status_code < 300


#: The start of a receiver's answer kept as the try's error (the rest is not read).
ANSWER_BYTES = 500


async def post(
    client: httpx.AsyncClient, endpoint: WebhookEndpoint, delivery: WebhookDelivery, settings: Settings
) -> Outcome:
    """One signed POST of a delivery's body to its endpoint (redirects are not followed). Signed at the moment it is
    sent (receivers refuse old timestamps); never raises: whatever goes wrong is the try's outcome."""
    started = time.perf_counter()

    def elapsed() -> int:
        return int((time.perf_counter() - started) * 1000)

    try:
        body = body_of(delivery)
        signed = headers(secret_of(endpoint), str(delivery.event_id), int(time.time()), body)
        async with asyncio.timeout(settings.webhook_timeout_seconds + RESOLVE_SECONDS):
            await check_reachable(endpoint.url, settings)
            async with client.stream("POST", endpoint.url, content=body, headers=signed) as response:
                code = response.status_code
                if 200 <= code < 300:
                    return Outcome(code, None, elapsed())
                answer = b""
                async for chunk in response.aiter_bytes():
                    answer += chunk
                    if len(answer) >= ANSWER_BYTES:
                        break
        text = answer[:ANSWER_BYTES].decode("utf-8", "replace")
        return Outcome(code, f"HTTP {code}: {text}", elapsed())
    except UnsafeAddressError as refused:
        return Outcome(None, f"refused: {refused}", elapsed())
    except TimeoutError:
        return Outcome(None, f"no answer within {settings.webhook_timeout_seconds:g} s", elapsed())
    except Exception as failure:  # a network error, a malformed URL, a body that does not decrypt ...
        return Outcome(None, f"{type(failure).__name__}: {failure}"[:2000], elapsed())


async def record(
    session: AsyncSession,
    delivery: WebhookDelivery,
    endpoint: WebhookEndpoint,
    outcome: Outcome,
    now: datetime,
    *,
    replay: bool = False,
) -> None:
    """Write down a try: delivered, waiting for the next try, or failed with its endpoint paused."""
    session.add(
        WebhookAttempt(
            delivery_id=delivery.id,
            at=now,
            status_code=outcome.status_code,
            error=outcome.error,
            duration_ms=outcome.duration_ms,
            replay=replay,
        )
    )
    delivery.last_status_code, delivery.last_error = outcome.status_code, outcome.error
    if not replay:  # an admin's extra try is not one of the schedule's
        delivery.attempts += 1
    if outcome.ok:
        delivery.status, delivery.delivered_at = DELIVERED, now
        return
    if replay:
        return
    gone = outcome.status_code == 410
    if not gone and delivery.attempts < MAX_ATTEMPTS:
        delivery.next_attempt_at = now + WAITS[delivery.attempts - 1]
        return
    delivery.status = FAILED
    reason = (
        msg("The receiver answered 410 Gone.")
        if gone
        else msg("{count} tries of one delivery failed; the last: {error}", count=MAX_ATTEMPTS, error=outcome.error)
    )
    current = await WebhookRepository(session).endpoint(endpoint.id, lock=True)  # as it is now (an admin may act)
    if current is not None:
        await pause_endpoint(session, current, reason, None)
    log.warning("webhook endpoint paused", extra={"endpoint": str(endpoint.id), "reason": str(reason)})


async def _token_works(session: AsyncSession, token_id: uuid.UUID, known: dict[uuid.UUID, bool]) -> bool:
    if token_id not in known:
        known[token_id] = await principal_for_token_id(session, token_id) is not None
    return known[token_id]


def client(settings: Settings) -> httpx.AsyncClient:
    """The HTTP client deliveries go out with."""
    return httpx.AsyncClient(timeout=settings.webhook_timeout_seconds, follow_redirects=False, trust_env=False)


async def deliver_due(db: Database, settings: Settings, now: datetime, batch: int = BATCH) -> dict[str, int]:
    """Send the deliveries that are due, one transaction each; counts of what happened. A delivery whose try could
    not be recorded waits a minute, so that it never holds up the rest."""
    counts = {"delivered": 0, "retry": 0, "failed": 0, "errors": 0}
    tokens: dict[uuid.UUID, bool] = {}
    async with client(settings) as http:
        for _ in range(batch):
            claimed_id = None
            try:
                async with db.write() as session:
                    repo = WebhookRepository(session)
                    claimed = await repo.claim_due(now)
                    if claimed is None:
                        break
                    delivery, endpoint = claimed
                    claimed_id = delivery.id
                    if not await _token_works(session, endpoint.token_id, tokens):
                        # What the integration may no longer read is not sent: nothing goes until it is resumed.
                        current = await repo.endpoint(endpoint.id, lock=True)
                        if current is not None:
                            await pause_endpoint(session, current, TOKEN_GONE, None)
                        continue
                    outcome = await post(http, endpoint, delivery, settings)
                    await record(session, delivery, endpoint, outcome, now)
            except Exception:
                log.exception("a webhook delivery could not be recorded", extra={"delivery": str(claimed_id)})
                counts["errors"] += 1
                if claimed_id is None:
                    break
                async with db.write() as session:
                    await WebhookRepository(session).postpone(claimed_id, now + timedelta(minutes=1))
                continue
            counts["delivered" if outcome.ok else "failed" if delivery.status == FAILED else "retry"] += 1
    return counts


async def replay_now(
    session: AsyncSession, settings: Settings, delivery: WebhookDelivery, endpoint: WebhookEndpoint, now: datetime
) -> Outcome:
    """Send a delivery once more at once (same event id, fresh timestamp and signature), paused endpoint or not."""
    async with client(settings) as http:
        outcome = await post(http, endpoint, delivery, settings)
    await record(session, delivery, endpoint, outcome, now, replay=True)
    return outcome

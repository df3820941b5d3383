"""The webhook jobs: dispatch and send every few seconds, and forget old events and deliveries."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from rapport.config import Settings
from rapport.core import idempotency
from rapport.core.db import Database
from rapport.core.jobs import periodic_job
from rapport.integrations.delivery import deliver_due
from rapport.integrations.dispatch import dispatch
from rapport.integrations.repository import WebhookRepository

log = logging.getLogger(__name__)

#: Rows one purge transaction deletes at most (the job goes on until none is left).
PURGE_BATCH = 5000


@periodic_job(
    "webhook-deliver", "* * * * * */5", "Fan new domain events out to webhook endpoints and send what is due."
)
async def webhook_delivery(db: Database, settings: Settings, now: datetime) -> dict[str, Any]:
    """Dispatch, then deliver: a new event's first try goes out in the same run. A dispatch that fails (the page
    rolls back and runs again next time) does not keep what is due from going out."""
    try:
        dispatched = await dispatch(db, settings, now)
    except Exception:
        log.exception("dispatching domain events to webhooks failed; the next run tries again")
        dispatched = {"dispatch_failed": 1}
    return {**dispatched, **await deliver_due(db, settings, now)}


@periodic_job("webhook-purge", "17 3 * * *", "Delete delivered webhooks and dispatched domain events past retention.")
async def webhook_purge(db: Database, settings: Settings, now: datetime) -> dict[str, Any]:
    """Keep `WEBHOOK_RETENTION_DAYS` of history (failed and waiting deliveries are kept until they are resolved)."""
    before = now - timedelta(days=settings.webhook_retention_days)
    total = {"deliveries": 0, "events": 0}
    while True:
        async with db.write() as session:
            counts = await WebhookRepository(session).purge(before, PURGE_BATCH)
        for key, value in counts.items():
            total[key] += value
        if max(counts.values()) < PURGE_BATCH:
            return total


@periodic_job("idempotency-purge", "23 * * * *", "Delete Idempotency-Keys past their 24 hours.")
async def idempotency_purge(db: Database, settings: Settings, now: datetime) -> dict[str, Any]:
    """Forget expired keys, a batch per transaction."""
    total = 0
    while True:
        async with db.write() as session:
            deleted = await idempotency.purge(session, now, PURGE_BATCH)
        total += deleted
        if deleted < PURGE_BATCH:
            return {"keys": total}

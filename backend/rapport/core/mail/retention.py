"""How long the outbox keeps a message: sent and failed ones go after `mail_retention_days`, queued ones stay.

A row of `outbound_email` holds the address and what the message said (encrypted, but personal data still). Once
it was sent or given up on, it serves only as a record on the ticket page; after the retention period it is
deleted. A message still queued (waiting for its first try or a retry) is never purged, however old.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from rapport.config import Settings
from rapport.core.db import Database
from rapport.core.jobs import periodic_job
from rapport.core.mail.outbox import purge_finished

#: Rows one transaction deletes at most (the job goes on with the next batch until none is left).
BATCH = 1000


async def purge_expired(db: Database, before: datetime, batch: int = BATCH) -> int:
    """Delete sent and failed messages queued before `before`, one transaction per batch; how many."""
    purged = 0
    while True:
        async with db.write() as session:
            deleted = await purge_finished(session, before, batch)
        purged += deleted
        if deleted < batch:
            return purged


@periodic_job("mail-purge", cron="45 3 * * *", description="Delete sent and failed emails past the retention period.")
async def mail_purge(db: Database, settings: Settings, now: datetime) -> dict[str, Any]:
    """The outbox's retention, daily: sent and failed messages older than `mail_retention_days` are deleted."""
    return {"purged": await purge_expired(db, now - timedelta(days=settings.mail_retention_days))}

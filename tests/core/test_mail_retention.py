"""The outbox's retention: `mail-purge` deletes sent and failed emails past MAIL_RETENTION_DAYS, in batches, and
never a queued one, however old."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from rapport.config import Settings
from rapport.core import clock
from rapport.core.db import Database
from rapport.core.jobs import run_job
from rapport.core.mail.models import MailStatus, OutboundEmail
from rapport.core.mail.outbox import Content, Email, enqueue
from rapport.core.mail.retention import purge_expired

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


async def _queue(db: Database, at: datetime, status: MailStatus, subject: str) -> uuid.UUID:
    email = Email(to="wang@contoso.cn", content=Content(subject, "正文"), kind="test.message", locale="zh-CN")
    with clock.frozen_at(at):
        async with db.write() as session:
            row_id = await enqueue(session, email)
            assert row_id is not None
            row = await session.get(OutboundEmail, row_id)
            assert row is not None
            row.status = status.value
            row.sent_at = at if status == MailStatus.SENT else None
    return row_id


async def _kept(db: Database) -> set[uuid.UUID]:
    async with db.read() as session:
        return set((await session.scalars(select(OutboundEmail.id))).all())


async def test_the_purge_deletes_old_sent_and_failed_emails_and_keeps_recent_and_queued_ones(
    db: Database, settings: Settings
) -> None:
    assert settings.mail_retention_days == 90
    old_sent = await _queue(db, T0, MailStatus.SENT, "old sent")
    old_failed = await _queue(db, T0, MailStatus.FAILED, "old failed")
    old_queued = await _queue(db, T0, MailStatus.QUEUED, "old queued")
    recent_sent = await _queue(db, T0 + timedelta(days=60), MailStatus.SENT, "recent sent")
    recent_failed = await _queue(db, T0 + timedelta(days=60), MailStatus.FAILED, "recent failed")

    assert await run_job("mail-purge", db, settings, T0 + timedelta(days=89)) == {"purged": 0}
    assert await run_job("mail-purge", db, settings, T0 + timedelta(days=91)) == {"purged": 2}
    assert await _kept(db) == {old_queued, recent_sent, recent_failed}
    assert old_sent not in await _kept(db) and old_failed not in await _kept(db)
    assert await run_job("mail-purge", db, settings, T0 + timedelta(days=91)) == {"purged": 0}  # idempotent
    # Years later, the queued message is still there (delivery gives up on it first, then it goes).
    assert await run_job("mail-purge", db, settings, T0 + timedelta(days=3650)) == {"purged": 2}
    assert await _kept(db) == {old_queued}


async def test_the_purge_goes_on_batch_after_batch_until_none_is_left(db: Database) -> None:
    for number in range(5):
        await _queue(db, T0, MailStatus.SENT, f"message {number}")
    kept = await _queue(db, T0, MailStatus.QUEUED, "still queued")
    assert await purge_expired(db, T0 + timedelta(days=1), batch=2) == 5
    assert await _kept(db) == {kept}

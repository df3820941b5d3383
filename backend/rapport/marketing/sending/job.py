"""The `campaign-send` job: campaigns that are due start, their recipients are written to the ledger, and each
recipient's message (of a campaign, or of a journey's send step) is sent once, at each channel's rate.

Exactly once: a recipient's ledger row (unique per contact and source: campaign and channel, or journey step) is
written before anything is sent, and rows are claimed with `FOR UPDATE SKIP LOCKED`. Emails go a batch per
transaction (`rapport.marketing.sending.batch`): they are queued in the outbox in the transaction that marks their
rows sent (the outbox's dedupe key is the row's id), so a crash before the commit leaves the rows pending and
nothing queued, after it the rows sent and the emails queued: a rerun sends each neither twice nor never.
An SMS or WeChat row is committed as `sending` before the provider is called; should the run die before it hears
the answer, the row is tried again after its retry time with the same id, which the provider uses to drop a
repeat. One recipient's failure is recorded on its row and never stops the others.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from rapport.config import Settings
from rapport.core.authz.masking import mask_phone
from rapport.core.db import Database
from rapport.core.ids import uuid7
from rapport.core.jobs import periodic_job
from rapport.customers.service import Recipient, email_digest, phone_digest, recipients
from rapport.marketing.campaigns.models import CHANNELS, MarketingEvent, MarketingMessage, MarketingSetting
from rapport.marketing.campaigns.render import render_sms
from rapport.marketing.consent.service import is_suppressed, lock_contact, settings_of
from rapport.marketing.sending import ledger
from rapport.marketing.sending.batch import BATCH, Contents, journey_texts, pick, send_email_batch
from rapport.marketing.sending.channels import OutgoingMessage, provider_for
from rapport.marketing.sending.rules import NONE, base_url, quiet_hours, values_of
from rapport.marketing.tracking.service import touched
from rapport.marketing.tracking.tokens import tracked

log = logging.getLogger(__name__)

__all__ = ["base_url", "campaign_send", "send_due"]

#: How long one run sends before it leaves the rest to the next run.
RUN_SECONDS = 50.0
#: Tries of an SMS or WeChat message before it is failed for good; how long a `sending` row waits before retry.
MAX_ATTEMPTS = 3
SENDING_TIMEOUT = timedelta(minutes=5)


def _address(channel: str, recipient: Recipient) -> tuple[str | None, str, bytes | None]:
    """(address, suppression kind, its digest) of a recipient on a channel (WeChat reaches them by phone)."""
    if channel == "email":
        return recipient.email, "email", email_digest(recipient.email) if recipient.email else None
    return recipient.phone, "phone", phone_digest(recipient.phone) if recipient.phone else None


async def check_recipient(
    session: AsyncSession, row: MarketingMessage, setting: MarketingSetting, now: datetime
) -> tuple[Recipient | None, str | None]:
    """The recipient, or why the row is skipped ('deferred' when quiet hours hold it). The contact's lock is taken
    first: an opt-out committed meanwhile is seen here, or waits until this transaction ends."""
    await lock_contact(session, row.contact_id)
    granted = await ledger.consent_of(session, row.contact_id, row.channel)
    if granted is None:
        return None, "no_consent"
    if not granted:
        return None, "opted_out"
    recipient = (await recipients(session, [row.contact_id])).get(row.contact_id)
    address, kind, digest = _address(row.channel, recipient) if recipient else (None, "", None)
    if recipient is None or address is None or digest is None:
        return None, "no_address"
    if await is_suppressed(session, kind, digest):
        return None, "suppressed"
    until = (await quiet_hours(session, setting, now, [row.contact_id])).get(row.contact_id, NONE).until
    if until is not None:  # their quiet hours, in their time zone
        row.next_attempt_at = until
        return None, "deferred"
    since = now - timedelta(days=setting.frequency_cap_days)
    if setting.frequency_cap_count and await ledger.sent_recently(session, row.contact_id, since) >= (
        setting.frequency_cap_count
    ):
        return None, "frequency_cap"
    return recipient, None


async def _send_one(db: Database, settings: Settings, now: datetime, channel: str) -> str | None:
    """Claim and handle the next due SMS or WeChat row; what happened to it (None: nothing was due)."""
    call: OutgoingMessage | None = None
    async with db.write() as session:
        row = await ledger.claim_due(session, now, channel)
        if row is None:
            return None
        setting = await settings_of(session)
        recipient, reason = await check_recipient(session, row, setting, now)
        if recipient is None:
            if reason != "deferred":
                row.status, row.skip_reason = "skipped", reason
            return reason
        if row.journey_id is not None:
            content = pick(journey_texts(row.content), recipient.language)
        else:
            content = await ledger.content_for(session, row.campaign_id, channel, recipient.language)
        if content is None:
            row.status, row.skip_reason = "skipped", "no_content"
            return "no_content"
        row.locale = content.locale
        links = tracked(base_url(settings), settings.secret_key, row.id)
        assert recipient.phone is not None
        row.address_masked = mask_phone(recipient.phone)
        if provider_for(channel, settings) is None:
            row.status, row.error = "failed", f"No {channel} provider is configured."
            return "failed"
        text = render_sms(content.body, values_of(recipient), links)
        call = OutgoingMessage(row.id, channel, recipient.phone, text, row.campaign_id, row.journey_id)
        row.status, row.sent_at, row.attempts = "sending", now, row.attempts + 1
        row.next_attempt_at = now + SENDING_TIMEOUT
    provider = provider_for(channel, settings)
    assert provider is not None
    outcome = await provider.send(call)  # the row is committed as `sending` first
    async with db.write() as session:
        found = await session.get(MarketingMessage, call.id, with_for_update=True)
        assert found is not None
        if outcome.delivered:
            found.status, found.delivered_at, found.error = "sent", now, None
            session.add(MarketingEvent(id=uuid7(), message_id=found.id, kind="delivered", at=now))
            await touched(session, found, "message_delivered", now)
            return "sent"
        found.error = (outcome.error or "not delivered")[:2000]
        if outcome.permanent or found.attempts >= MAX_ATTEMPTS:
            found.status = "failed"
            return "failed"
        found.status, found.sent_at, found.next_attempt_at = "pending", None, ledger.retry_at(now, found.attempts)
        return "retry"


async def send_due(db: Database, settings: Settings, now: datetime, seconds: float = RUN_SECONDS) -> dict[str, Any]:
    """One run: start due campaigns, write recipients, send what is due at each channel's rate, finish."""
    counts: Counter[str] = Counter()
    async with db.write() as session:
        counts["started"] = await ledger.start_due(session, now)
    while True:
        async with db.write() as session:
            campaign = await ledger.claim_unprepared(session)
            if campaign is None:
                break
            counts["recipients"] += await ledger.write_recipients(session, campaign, now)
            campaign.prepared_at = now
    async with db.read() as session:
        setting = await settings_of(session)
    stop = time.monotonic() + seconds
    contents = Contents("email")
    for channel in CHANNELS:
        per_second = max(1, int(getattr(setting, f"{channel}_per_second")))
        next_slot = time.monotonic()
        while time.monotonic() < stop:
            await asyncio.sleep(max(0.0, next_slot - time.monotonic()))
            if channel == "email":  # a batch per transaction, at most a second's worth of the rate
                async with db.write() as session:
                    happened = await send_email_batch(session, settings, setting, now, min(BATCH, per_second), contents)
                if happened is None:
                    break
                counts.update(happened)
                used = happened["sent"]
            else:
                result = await _send_one(db, settings, now, channel)
                if result is None:
                    break
                counts[result] += 1
                used = 1 if result in ("sent", "failed", "retry") else 0
            if used:  # the channel was used: the next send waits its turn
                next_slot = max(next_slot + used / per_second, time.monotonic())
    async with db.write() as session:
        counts.update(await ledger.email_outcomes(session))
        counts["finished"] = await ledger.finish_sent(session, now)
    return dict(counts)


@periodic_job("campaign-send", "* * * * * */10", "Send due campaigns: each recipient once, at each channel's rate.")
async def campaign_send(db: Database, settings: Settings, now: datetime) -> dict[str, Any]:
    """The campaigns' sending, every ten seconds."""
    return await send_due(db, settings, now)

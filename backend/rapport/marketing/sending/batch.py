"""The email channel of the `campaign-send` job, a batch per transaction.

One transaction claims up to a batch of due email rows of the ledger (`FOR UPDATE SKIP LOCKED`: other workers
take other rows), checks the whole batch in a few statements (consent, addresses, the suppression list, quiet
hours in each contact's time zone, the frequency cap under the contacts' advisory locks), renders each
recipient's message (merge fields, tracked links), queues the emails in the outbox with one multi-row insert
(dedupe key: the ledger row's id) and marks the rows sent, skipped or deferred (to the end of their contact's
quiet hours) with one update. Each email carries its contact's next quiet hours as the outbox's hold window:
still queued when they begin, it waits until they end. The rows and their emails commit together: a crash before
the commit leaves the rows pending and nothing queued, after it the rows sent and their emails queued, so a rerun
sends each neither twice nor never.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import any_, bindparam, func, or_, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.types import LargeBinary, TypeEngine, Uuid

from rapport.config import Settings
from rapport.core.authz.masking import mask_email
from rapport.core.mail.models import MailStream
from rapport.core.mail.outbox import Content, Email, enqueue_many
from rapport.customers.service import Recipient, email_digest, recipients
from rapport.marketing.campaigns.models import (
    Campaign,
    CampaignContent,
    MarketingConsent,
    MarketingMessage,
    MarketingSetting,
    MarketingSuppression,
)
from rapport.marketing.campaigns.render import render_email
from rapport.marketing.consent.service import lock_contacts
from rapport.marketing.journeys.models import Journey
from rapport.marketing.sending import ledger
from rapport.marketing.sending.rules import NONE, base_url, quiet_hours, values_of
from rapport.marketing.tracking.tokens import tracked

#: Email rows one transaction claims at most (the send rate may make a batch smaller).
BATCH = 500

_M = MarketingMessage


@dataclass(frozen=True)
class Text:
    """A message's words in one language."""

    locale: str
    subject: str
    body: str


def _any(column: Any, values: Sequence[Any], item: TypeEngine[Any]) -> Any:
    """`column = ANY(:array)`: one parameter however many values."""
    return column == any_(bindparam(None, list(values), type_=ARRAY(item)))


def pick(texts: dict[str, Text], locale: str) -> Text | None:
    """The text in the contact's language, else Chinese, else English, else any (None: none)."""
    return texts.get(locale) or texts.get("zh-CN") or texts.get("en") or next(iter(texts.values()), None)


def journey_texts(content: dict[str, dict[str, str]] | None) -> dict[str, Text]:
    """A journey message's texts by language (its send node's content)."""
    return {
        locale: Text(locale, str(words.get("subject") or ""), str(words.get("body") or ""))
        for locale, words in (content or {}).items()
    }


class Contents:
    """Campaigns' texts on a channel by language, read once per run."""

    def __init__(self, channel: str) -> None:
        self.channel = channel
        self.known: dict[uuid.UUID, dict[str, Text]] = {}

    async def load(self, session: AsyncSession, campaign_ids: set[uuid.UUID]) -> None:
        """Read the texts of the campaigns not read yet."""
        missing = campaign_ids - self.known.keys()
        if not missing:
            return
        for campaign_id in missing:
            self.known[campaign_id] = {}
        rows = await session.scalars(
            select(CampaignContent).where(
                _any(CampaignContent.campaign_id, list(missing), Uuid()), CampaignContent.channel == self.channel
            )
        )
        for row in rows:
            self.known[row.campaign_id][row.locale] = Text(row.locale, row.subject or "", row.body)

    def of(self, row: Any, locale: str) -> Text | None:
        """The text of a claimed row for a contact of this language."""
        if row.journey_id is not None:
            return pick(journey_texts(row.content), locale)
        return pick(self.known.get(row.campaign_id, {}), locale)


async def claim(session: AsyncSession, now: datetime, channel: str, limit: int) -> list[Any]:
    """Up to `limit` due open rows of a channel (of sending campaigns, and of journeys), oldest due first, locked
    for this transaction."""
    statement = (
        select(_M.id, _M.contact_id, _M.customer_id, _M.campaign_id, _M.journey_id, _M.content, _M.attempts)
        .outerjoin(Campaign, Campaign.id == _M.campaign_id)
        .outerjoin(Journey, Journey.id == _M.journey_id)
        .where(
            or_(Campaign.status == "sending", Journey.status == "active"),
            _M.channel == channel,
            _M.status.in_(ledger.OPEN),
            _M.next_attempt_at <= now,
        )
        .order_by(_M.next_attempt_at, _M.id)
        .limit(limit)
        .with_for_update(of=_M, skip_locked=True)
    )
    return list((await session.execute(statement)).all())


async def _still_sending(session: AsyncSession, rows: list[Any]) -> list[Any]:
    """The claimed rows whose campaign is still sending or whose journey is still active, its row share-locked until
    this batch commits: a cancel, pause or archive waits for the batch, then withdraws what it queued; one committed
    since the claim is seen here."""
    campaign_ids = {row.campaign_id for row in rows if row.campaign_id is not None}
    journey_ids = {row.journey_id for row in rows if row.journey_id is not None}
    live: set[uuid.UUID] = set()
    if campaign_ids:
        live |= set(
            await session.scalars(
                select(Campaign.id)
                .where(Campaign.id.in_(campaign_ids), Campaign.status == "sending")
                .with_for_update(read=True)
            )
        )
    if journey_ids:
        live |= set(
            await session.scalars(
                select(Journey.id)
                .where(Journey.id.in_(journey_ids), Journey.status == "active")
                .with_for_update(read=True)
            )
        )
    return [row for row in rows if (row.campaign_id or row.journey_id) in live]


async def consents(session: AsyncSession, contact_ids: Sequence[uuid.UUID], channel: str) -> dict[uuid.UUID, bool]:
    """The contacts' consent on the channel (contacts never asked are missing)."""
    rows = await session.execute(
        select(MarketingConsent.contact_id, MarketingConsent.granted).where(
            _any(MarketingConsent.contact_id, contact_ids, Uuid()), MarketingConsent.channel == channel
        )
    )
    return {contact_id: bool(granted) for contact_id, granted in rows}


async def suppressed(session: AsyncSession, kind: str, digests: Sequence[bytes]) -> set[bytes]:
    """The digests that are on the suppression list."""
    if not digests:
        return set()
    rows = await session.scalars(
        select(MarketingSuppression.digest).where(
            MarketingSuppression.kind == kind, _any(MarketingSuppression.digest, digests, LargeBinary())
        )
    )
    return set(rows)


async def sent_recently(session: AsyncSession, contact_ids: Sequence[uuid.UUID], since: datetime) -> Counter[uuid.UUID]:
    """Marketing messages sent (or being sent) to each contact since a time (the caller holds the contacts' locks:
    two workers never both pass a contact's cap)."""
    rows = await session.execute(
        select(_M.contact_id, func.count())
        .where(_any(_M.contact_id, contact_ids, Uuid()), _M.status.in_(("sent", "sending")), _M.sent_at >= since)
        .group_by(_M.contact_id)
    )
    return Counter({contact_id: int(count) for contact_id, count in rows})


def _check(row: Any, granted: dict[uuid.UUID, bool], people: dict[uuid.UUID, Recipient]) -> str | None:
    """Why a row is skipped before the address is looked at (None: it may go on)."""
    consent = granted.get(row.contact_id)
    if consent is None:
        return "no_consent"
    if not consent:
        return "opted_out"
    person = people.get(row.contact_id)
    if person is None or not person.email:
        return "no_address"
    return None


async def send_email_batch(
    session: AsyncSession,
    settings: Settings,
    setting: MarketingSetting,
    now: datetime,
    limit: int,
    contents: Contents,
) -> Counter[str] | None:
    """Claim and send one batch of due email rows; what happened to them (None: nothing was due)."""
    rows = await claim(session, now, "email", limit)
    if not rows:
        return None
    rows = await _still_sending(session, rows)
    if not rows:
        return Counter()
    contact_ids = list({row.contact_id for row in rows})
    # The contacts' locks before their consent is read: an opt-out is either seen here or waits for this batch.
    await lock_contacts(session, contact_ids)
    granted = await consents(session, contact_ids, "email")
    people = await recipients(session, [c for c in contact_ids if granted.get(c)])
    digests = {c: email_digest(p.email) for c, p in people.items() if p.email}
    blocked = await suppressed(session, "email", list(set(digests.values())))
    outcome: dict[uuid.UUID, str] = {}
    passed: list[Any] = []
    for row in rows:
        reason = _check(row, granted, people)
        if reason is None and digests[row.contact_id] in blocked:
            reason = "suppressed"
        if reason is None:
            passed.append(row)
        else:
            outcome[row.id] = reason
    # Quiet hours in each contact's own time zone: rows in them wait until they end there.
    quiet = await quiet_hours(session, setting, now, list({row.contact_id for row in passed}))
    deferred: dict[uuid.UUID, datetime] = {}
    for row in passed:
        until = quiet.get(row.contact_id, NONE).until
        if until is not None:
            deferred[row.id] = until
    passed = [row for row in passed if row.id not in deferred]
    if passed and setting.frequency_cap_count:
        counts = await sent_recently(
            session, list({row.contact_id for row in passed}), now - timedelta(days=setting.frequency_cap_days)
        )
        allowed = []
        for row in passed:
            if counts[row.contact_id] >= setting.frequency_cap_count:
                outcome[row.id] = "frequency_cap"
            else:
                counts[row.contact_id] += 1
                allowed.append(row)
        passed = allowed
    await contents.load(session, {row.campaign_id for row in passed if row.campaign_id is not None})
    emails: list[Email] = []
    sent: list[dict[str, Any]] = []
    base = base_url(settings)
    for row in passed:
        person = people[row.contact_id]
        assert person.email is not None
        words = contents.of(row, person.language)
        if words is None:
            outcome[row.id] = "no_content"
            continue
        links = tracked(base, settings.secret_key, row.id)
        rendered = render_email(words.subject, words.body, values_of(person), words.locale, links)
        headers = {"List-Unsubscribe": f"<{links.unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
        source = ("Campaign", row.campaign_id) if row.campaign_id is not None else ("Journey", row.journey_id)
        emails.append(
            Email(
                to=person.email,
                content=Content(rendered.subject, rendered.text, rendered.html, headers),
                kind="marketing.campaign" if row.campaign_id is not None else "marketing.journey",
                locale=words.locale,
                stream=MailStream.MARKETING,
                about=source,
                recipient=("Contact", row.contact_id),
                dedupe_key=ledger.dedupe_key(row.id),
                # Should it still wait in the outbox when their next quiet hours begin, it waits until they end.
                hold=quiet.get(row.contact_id, NONE).hold,
            )
        )
        sent.append({"id": row.id, "locale": words.locale, "masked": mask_email(person.email)})
    await enqueue_many(session, emails)
    await ledger.mark_batch(session, now, sent, outcome, deferred)
    happened: Counter[str] = Counter(outcome.values())
    happened["sent"] += len(sent)
    happened["deferred"] += len(deferred)
    return happened

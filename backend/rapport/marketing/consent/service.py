"""Consent per contact and channel, the suppression list and the marketing settings: the rules every send obeys."""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping, Sequence
from datetime import time
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import delete, select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core import audit, clock
from rapport.core.authz.masking import mask_email, mask_phone
from rapport.core.errors import BadUserInputError, ConflictError, ForbiddenError, NotFoundError
from rapport.core.i18n import msg
from rapport.core.ids import uuid7
from rapport.core.mail.outbox import withdraw_queued
from rapport.core.principal import Principal
from rapport.core.text import InvalidEmailError, InvalidPhoneError, normalise_email, normalise_phone
from rapport.customers.service import contact_ids_with_point, email_digest, phone_digest, recipients
from rapport.marketing.campaigns.models import (
    CHANNELS,
    MarketingConsent,
    MarketingConsentChange,
    MarketingSetting,
    MarketingSuppression,
)
from rapport.marketing.scopes import is_marketing_manager

#: Where a consent change came from when the contact made it themselves (an unsubscribe link, a reply): a person
#: never records these, and only a marketing manager opts in again over them.
SELF_SOURCES = frozenset({"unsubscribe_link", "sms_reply", "wechat_reply"})
#: The longest consent source.
SOURCE_MAX = 64
#: Replies to an SMS that opt the sender out (the text says "回复T退订").
OPT_OUT_REPLIES = frozenset({"T", "TD", "退订"})
_PUNCTUATION = re.compile(r"[\s。．.!！,，]+")

#: The settings a database without its row uses (the migration seeds the same).
DEFAULTS: dict[str, Any] = {
    "frequency_cap_count": 4,
    "frequency_cap_days": 30,
    "approval_threshold": 1000,
    "quiet_start": time(21, 0),
    "quiet_end": time(8, 0),
    "time_zone": "Asia/Shanghai",
    "email_per_second": 20,
    "sms_per_second": 10,
    "wechat_per_second": 10,
}


def check_channel(channel: str, field: str = "channel") -> str:
    """The channel, or BAD_USER_INPUT when it is none of email, sms, wechat."""
    if channel not in CHANNELS:
        raise BadUserInputError("The channel is email, sms or wechat.", field=field)
    return channel


async def settings_of(session: AsyncSession) -> MarketingSetting:
    """The marketing settings (the defaults when the row is missing)."""
    found = await session.get(MarketingSetting, 1)
    return found or MarketingSetting(id=1, version=0, updated_at=clock.now(), **DEFAULTS)


async def save_settings(
    session: AsyncSession, principal: Principal, values: Mapping[str, Any], version: int | None = None
) -> MarketingSetting:
    """Change the settings given (None: unchanged) at the version read (CONFLICT when stale or not given; none is
    needed while the settings were never stored)."""
    row = await session.get(MarketingSetting, 1, with_for_update=True)
    if row is None:
        row = MarketingSetting(id=1, version=0, updated_at=clock.now(), **DEFAULTS)
        session.add(row)
    elif version is None or version != row.version:
        raise ConflictError("The settings were changed by someone else; reload them.", currentVersion=row.version)
    row.version += 1
    for key in ("frequency_cap_count", "frequency_cap_days", "approval_threshold"):
        if values.get(key) is not None and int(values[key]) < 0:
            raise BadUserInputError("Give a number of zero or more.", field=key)
    for key in ("email_per_second", "sms_per_second", "wechat_per_second"):
        if values.get(key) is not None and not 1 <= int(values[key]) <= 1000:
            raise BadUserInputError("A send rate is 1 to 1000 messages a second.", field=key)
    if values.get("time_zone") is not None:
        try:
            ZoneInfo(str(values["time_zone"]))
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise BadUserInputError("Unknown time zone; use a name such as Asia/Shanghai.", field="timeZone") from error
    for key, value in values.items():
        if value is not None and key in DEFAULTS:
            setattr(row, key, value)
    if values.get("clear_quiet_hours"):
        row.quiet_start = row.quiet_end = None
    row.updated_at = clock.now()
    await session.flush()
    audit.record(
        session,
        actor_id=principal.user_id,
        entity_type="MarketingSettings",
        entity_id=None,
        action="update",
        changes={k: [None, str(v)] for k, v in values.items() if v is not None},
    )
    return row


_LOCK_CONTACTS = text(
    "SELECT pg_advisory_xact_lock(k) FROM (SELECT DISTINCT hashtextextended(c::text, 18) AS k"
    " FROM unnest(CAST(:ids AS uuid[])) AS c ORDER BY k) AS keys"
)


async def lock_contacts(session: AsyncSession, contact_ids: Sequence[uuid.UUID]) -> None:
    """Serialise changes of contacts' consent with sends to them until the transaction ends: the sender takes these
    advisory locks before it reads consent (and counts the frequency cap), so an opt-out committed while a message
    is being checked is seen by it, or waits for it. Taken in one order: two holders never wait in a circle."""
    if contact_ids:
        await session.execute(_LOCK_CONTACTS, {"ids": list(contact_ids)})


async def lock_contact(session: AsyncSession, contact_id: uuid.UUID) -> None:
    """`lock_contacts` for one contact."""
    await lock_contacts(session, [contact_id])


async def set_consent(
    session: AsyncSession,
    contact_id: uuid.UUID,
    channel: str,
    granted: bool,
    source: str,
    *,
    actor_id: uuid.UUID | None = None,
) -> MarketingConsent:
    """Record an opt-in (again, after an opt-out: re-subscribing) or an opt-out of a contact on a channel, under
    the contact's send lock; kept in the history and the audit log (`actor_id` None: the contact or the system)."""
    check_channel(channel)
    await lock_contact(session, contact_id)
    now = clock.now()
    source = source[:64] or "unknown"
    values: dict[str, Any] = {"granted": granted, "source": source, "updated_at": now}
    if granted:
        values |= {"granted_at": now, "revoked_at": None}
    else:
        values |= {"revoked_at": now}
    before = await session.scalar(
        select(MarketingConsent.granted).where(
            MarketingConsent.contact_id == contact_id, MarketingConsent.channel == channel
        )
    )
    statement = (
        insert(MarketingConsent)
        .values(contact_id=contact_id, channel=channel, **values)
        .on_conflict_do_update(index_elements=["contact_id", "channel"], set_=values)
        .returning(MarketingConsent)
    )
    row: MarketingConsent = (await session.scalars(statement, execution_options={"populate_existing": True})).one()
    if not granted and channel == "email":
        # Emails already queued for this contact are not handed over after all.
        await withdraw_queued(session, ("Contact", [contact_id]), ("", []), "opted out")
    session.add(
        MarketingConsentChange(
            id=uuid7(),
            contact_id=contact_id,
            channel=channel,
            granted=granted,
            source=source,
            actor_id=actor_id,
            at=now,
        )
    )
    audit.record(
        session,
        actor_id=actor_id,
        entity_type="MarketingConsent",
        entity_id=contact_id,
        action="grant" if granted else "revoke",
        changes={channel: [before, granted], "source": [None, source]},
    )
    return row


async def record_consent(
    session: AsyncSession, principal: Principal, contact_id: uuid.UUID, channel: str, granted: bool, source: str
) -> MarketingConsent:
    """A person records a contact's consent (`contactConsentSet`). The sources only the contact's own act makes
    (`SELF_SOURCES`) are refused; so is an opt-in over the contact's own opt-out, except from a marketing manager,
    who states the evidence as the source. An opt-out over the contact's own opt-out records nothing."""
    source = source.strip()
    if not source:
        raise BadUserInputError("Say where the consent came from.", field="source")
    if len(source) > SOURCE_MAX:
        raise BadUserInputError(
            msg("{field} is at most {limit} characters.", field="source", limit=SOURCE_MAX), field="source"
        )
    if source in SELF_SOURCES:
        raise BadUserInputError(
            "That source is recorded only by the contact's own act; say where this came from.", field="source"
        )
    check_channel(channel)
    await lock_contact(session, contact_id)
    current = (
        await session.scalars(
            select(MarketingConsent).where(
                MarketingConsent.contact_id == contact_id, MarketingConsent.channel == channel
            )
        )
    ).first()
    own_opt_out = current is not None and not current.granted and current.source in SELF_SOURCES
    if own_opt_out and not granted:
        # Already out by the contact's own act: nothing to record, and the opt-out stays theirs (an opt-out written
        # over it with another source would let a marketer opt them in again afterwards).
        assert current is not None
        return current
    if granted and own_opt_out and not is_marketing_manager(principal):
        raise ForbiddenError(
            "The contact opted out themselves; only a marketing manager, with the evidence as the source, "
            "may opt them in again."
        )
    return await set_consent(session, contact_id, channel, granted, source, actor_id=principal.user_id)


async def opt_out_address(session: AsyncSession, contact_id: uuid.UUID, channel: str, source: str) -> int:
    """The contact opts out of a channel, and with them every contact with the same address on it (the email on
    the email channel, the phone on SMS and WeChat): the person behind the address said no. How many contacts
    changed (those already opted out stay as they are)."""
    check_channel(channel)
    found = (await recipients(session, [contact_id])).get(contact_id)
    contact_ids = {contact_id}
    if found is not None and channel == "email" and found.email:
        contact_ids |= set(await contact_ids_with_point(session, "email", email_digest(found.email)))
    elif found is not None and channel != "email" and found.phone:
        contact_ids |= set(await contact_ids_with_point(session, "phone", phone_digest(found.phone)))
    opted_out = select(MarketingConsent.contact_id).where(
        MarketingConsent.contact_id.in_(contact_ids), MarketingConsent.channel == channel, ~MarketingConsent.granted
    )
    contact_ids -= set(await session.scalars(opted_out))  # no change, nothing recorded (a link fetched again)
    for each in sorted(contact_ids):  # one order, so two opt-outs never wait on each other's locks
        await set_consent(session, each, channel, False, source)
    return len(contact_ids)


async def consents_of(session: AsyncSession, contact_ids: Sequence[uuid.UUID]) -> list[MarketingConsent]:
    """The consent rows of these contacts, by contact and channel."""
    if not contact_ids:
        return []
    rows = await session.scalars(
        select(MarketingConsent)
        .where(MarketingConsent.contact_id.in_(list(contact_ids)))
        .order_by(MarketingConsent.contact_id, MarketingConsent.channel)
    )
    return list(rows.all())


def address_key(address: str) -> tuple[str, bytes, str]:
    """(kind, blind-index digest, masked form) of an email address or a phone number."""
    text = address.strip()
    if "@" in text:
        try:
            email = normalise_email(text)
        except InvalidEmailError as error:
            raise BadUserInputError("That is not an email address.", field="address") from error
        return "email", email_digest(email), mask_email(email)
    try:
        phone = normalise_phone(text)
    except InvalidPhoneError as error:
        raise BadUserInputError("Give an email address or a phone number.", field="address") from error
    return "phone", phone_digest(phone), mask_phone(phone)


async def suppress(
    session: AsyncSession, principal: Principal, address: str, reason: str | None
) -> MarketingSuppression:
    """Put an address on the suppression list (nothing marketing is sent to it); the entry when already there."""
    kind, digest, masked = address_key(address)
    statement = (
        insert(MarketingSuppression)
        .values(
            id=uuid7(),
            kind=kind,
            digest=digest,
            masked=masked,
            reason=(reason or "").strip() or None,
            created_by_id=principal.user_id,
            created_at=clock.now(),
        )
        .on_conflict_do_nothing(index_elements=["kind", "digest"])
    )
    await session.execute(statement)
    row = (
        await session.scalars(
            select(MarketingSuppression).where(MarketingSuppression.kind == kind, MarketingSuppression.digest == digest)
        )
    ).one()
    audit.record(
        session, actor_id=principal.user_id, entity_type="MarketingSuppression", entity_id=row.id, action="create"
    )
    if kind == "email":
        # Emails already queued to the address are not handed over after all.
        contacts = list(await contact_ids_with_point(session, "email", digest))
        await withdraw_queued(session, ("Contact", contacts), ("", []), "suppressed")
    return row


async def unsuppress(session: AsyncSession, principal: Principal, suppression_id: uuid.UUID) -> None:
    """Take an address off the suppression list: the one who put it there, or a marketing manager (FORBIDDEN for
    anyone else: an address a manager barred stays barred); audited with the masked address and its reason."""
    row = await session.get(MarketingSuppression, suppression_id, with_for_update=True)
    if row is None:
        raise NotFoundError("No suppression with that id.")
    if row.created_by_id != principal.user_id and not is_marketing_manager(principal):
        raise ForbiddenError("Only the one who suppressed this address, or a marketing manager, may remove it.")
    await session.execute(delete(MarketingSuppression).where(MarketingSuppression.id == suppression_id))
    audit.record(
        session,
        actor_id=principal.user_id,
        entity_type="MarketingSuppression",
        entity_id=suppression_id,
        action="delete",
        changes={
            "masked": [row.masked, None],
            "reason": [row.reason, None],
            "createdBy": [str(row.created_by_id), None],
        },
    )


async def is_suppressed(session: AsyncSession, kind: str, digest: bytes) -> bool:
    """Whether this address is on the suppression list."""
    found = await session.scalar(
        select(MarketingSuppression.id).where(MarketingSuppression.kind == kind, MarketingSuppression.digest == digest)
    )
    return found is not None


def is_opt_out(text: str) -> bool:
    """Whether a reply opts out: exactly T, TD or 退订 (any case, punctuation ignored). Anything else, such as an
    automatic out-of-office reply, does not."""
    return _PUNCTUATION.sub("", text).upper() in OPT_OUT_REPLIES


async def opt_out_reply(session: AsyncSession, channel: str, sender: str, text: str) -> int:
    """An SMS or WeChat reply: when it opts out, every contact with the sender's phone is opted out of that
    channel; how many."""
    check_channel(channel)
    if channel == "email" or not is_opt_out(text):
        return 0
    contacts = await contact_ids_with_point(session, "phone", phone_digest(sender))
    for contact_id in sorted(contacts):
        await set_consent(session, contact_id, channel, False, f"{channel}_reply")
    return len(contacts)

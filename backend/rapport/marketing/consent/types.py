"""GraphQL types of consent, suppression, the marketing settings and the send ledger's "why did they get this"."""

from __future__ import annotations

from datetime import datetime

import strawberry

from rapport.customers.types import Contact
from rapport.graphql.context import Info
from rapport.graphql.declare import Contribution, FromRow, derived
from rapport.graphql.node import Node
from rapport.marketing.campaigns.types import Campaign, MarketingChannel
from rapport.marketing.consent.answers import consents_json
from rapport.marketing.journeys.types import Journey


@strawberry.type(description="A contact's consent to marketing on one channel (PIPL): how and when given or withdrawn.")
class ContactConsent:
    """Consent on one channel."""

    channel: MarketingChannel = strawberry.field(description="The channel.")
    granted: bool = strawberry.field(description="True: they agreed; false: they opted out.")
    source: str = strawberry.field(description="Where the latest change came from, e.g. web_form, unsubscribe_link.")
    granted_at: datetime | None = strawberry.field(description="When they last opted in.")
    revoked_at: datetime | None = strawberry.field(description="When they last opted out.")
    updated_at: datetime = strawberry.field(description="When it last changed.")


@strawberry.type(description="An address nothing marketing is sent to, whoever it belongs to (shown masked).")
class MarketingSuppression(Node, FromRow):
    """A suppressed address."""

    kind: str = strawberry.field(description="email or phone.")
    masked: str = strawberry.field(description="The address, masked (e.g. z***@example.com, 138****5678).")
    reason: str | None = strawberry.field(description="Why.")
    created_at: datetime = strawberry.field(description="When it was added.")


@strawberry.type(description="The marketing settings: frequency cap, approval threshold, quiet hours and send rates.")
class MarketingSettings:
    """The settings."""

    version: int = strawberry.field(description="Pass back when changing the settings (0: never saved).")
    frequency_cap_count: int = strawberry.field(
        description="At most this many messages per contact per period (0: no cap)."
    )
    frequency_cap_days: int = strawberry.field(description="The period of the frequency cap, in days.")
    approval_threshold: int = strawberry.field(description="Audiences larger than this need approval before sending.")
    quiet_start: str | None = strawberry.field(description="Quiet hours start (HH:MM); messages due then wait.")
    quiet_end: str | None = strawberry.field(description="Quiet hours end (HH:MM).")
    time_zone: str = strawberry.field(description="The time zone of quiet hours, e.g. Asia/Shanghai.")
    email_per_second: int = strawberry.field(description="Email send rate.")
    sms_per_second: int = strawberry.field(description="SMS send rate.")
    wechat_per_second: int = strawberry.field(description="WeChat send rate.")


@strawberry.type(description="Something that happened to a sent message.")
class MarketingEvent:
    """A tracking event."""

    kind: str = strawberry.field(description="delivered, opened, clicked, unsubscribed or bounced.")
    at: datetime = strawberry.field(description="When.")
    machine: bool = strawberry.field(description="A scanner, a privacy proxy or a too-fast click, not a person.")
    url: str | None = strawberry.field(description="The link clicked.")


@strawberry.type(description="One campaign message to a contact on a channel: whether and why it was sent or not.")
class MarketingLedgerEntry:
    """A ledger row."""

    campaign: Campaign | None = strawberry.field(description="The campaign it is part of (null: a journey's).")
    journey: Journey | None = strawberry.field(description="The journey whose send step wrote it (null: a campaign's).")
    channel: MarketingChannel = strawberry.field(description="The channel.")
    status: str = strawberry.field(description="pending, sending, sent, skipped, failed or bounced.")
    skip_reason: str | None = strawberry.field(description="Why it was skipped.")
    address: str | None = strawberry.field(description="The address it went to, masked.")
    error: str | None = strawberry.field(description="What the channel answered when it failed.")
    created_at: datetime = strawberry.field(description="When the recipient was written to the ledger.")
    sent_at: datetime | None = strawberry.field(description="When it was handed to the channel.")
    delivered_at: datetime | None = strawberry.field(description="When the channel accepted it.")
    events: list[MarketingEvent] = strawberry.field(description="Opens, clicks, unsubscribes and bounces.")


@derived(consents_json, json=True, description="Consent to marketing per channel (channels never asked are missing).")
async def contact_consents(root: Contact, info: Info) -> list[ContactConsent]:
    """The contact's consents, read in the statement (`answers.consents_json`)."""


#: `Contact.marketingConsents`, a field marketing adds to the customers domain's type.
CONTACT_CONSENTS = Contribution(Contact, "marketing_consents", contact_consents)

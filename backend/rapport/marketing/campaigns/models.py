"""Tables of campaigns, consent, suppression, the send ledger and its tracking events."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    Numeric,
    SmallInteger,
    String,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from rapport.core.db import Base, IdMixin, VersionedMixin

#: The channels marketing sends through.
CHANNELS = ("email", "sms", "wechat")


class Campaign(IdMixin, VersionedMixin, Base):
    """A campaign: whom (a segment), through which channels, saying what, when; owned like segments (row scope)."""

    __tablename__ = "campaign"
    __table_args__ = (
        CheckConstraint("status IN ('draft', 'scheduled', 'sending', 'done', 'cancelled')", name="status_valid"),
        Index("ix_campaign_due", "scheduled_at", postgresql_where="status IN ('scheduled', 'sending')"),
    )

    name: Mapped[str] = mapped_column(String(200))
    goal: Mapped[str | None] = mapped_column(Text)
    channels: Mapped[list[str]] = mapped_column(ARRAY(String(16)))
    budget: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    status: Mapped[str] = mapped_column(String(16))
    #: The audience as chosen, and the frozen snapshot that is sent to (taken when it is scheduled).
    segment_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("segment.id", ondelete="SET NULL"))
    audience_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("segment.id", ondelete="SET NULL"))
    audience_size: Mapped[int | None] = mapped_column(Integer)
    scheduled_at: Mapped[datetime | None]
    owner_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"), index=True)
    team_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("team.id", ondelete="SET NULL"), index=True)
    approved_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    approved_at: Mapped[datetime | None]
    #: What was approved: the audience segment (no foreign key: a record), its version and the recipients (contacts x
    #: channels) it had then. Scheduling above the threshold needs all three to still hold.
    approved_segment_id: Mapped[uuid.UUID | None]
    approved_segment_version: Mapped[int | None] = mapped_column(Integer)
    approved_recipients: Mapped[int | None] = mapped_column(Integer)
    #: Recipients (ledger rows) written: set once the whole audience has its ledger rows.
    prepared_at: Mapped[datetime | None]
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]


class CampaignContent(IdMixin, Base):
    """What a campaign says on one channel in one language; `{{contact.name}}`-style merge fields."""

    __tablename__ = "campaign_content"
    __table_args__ = (UniqueConstraint("campaign_id", "channel", "locale"),)

    campaign_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(16))
    locale: Mapped[str] = mapped_column(String(10))
    subject: Mapped[str | None] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)


class CampaignCost(IdMixin, Base):
    """A cost of a campaign (actual spend), against its budget."""

    __tablename__ = "campaign_cost"

    campaign_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(200))
    amount: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    incurred_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime]


class MarketingConsent(Base):
    """Whether a contact agreed to marketing on a channel: since when and how, or when they opted out."""

    __tablename__ = "marketing_consent"
    __table_args__ = (CheckConstraint("channel IN ('email', 'sms', 'wechat')", name="channel_valid"),)

    contact_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("contact.id", ondelete="CASCADE"), primary_key=True)
    channel: Mapped[str] = mapped_column(String(16), primary_key=True)
    granted: Mapped[bool] = mapped_column(Boolean)
    #: Where the opt-in (or the latest opt-out) came from, e.g. `web_form`, `unsubscribe_link`, `sms_reply`.
    source: Mapped[str] = mapped_column(String(64))
    granted_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    updated_at: Mapped[datetime]


class MarketingConsentChange(IdMixin, Base):
    """The history of consent: every opt-in and opt-out recorded, by whom (None: the contact or the system)."""

    __tablename__ = "marketing_consent_change"
    __table_args__ = (Index("ix_marketing_consent_change_contact_at", "contact_id", "at"),)

    contact_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("contact.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(16))
    granted: Mapped[bool] = mapped_column(Boolean)
    source: Mapped[str] = mapped_column(String(64))
    actor_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    at: Mapped[datetime]


class MarketingSuppression(IdMixin, Base):
    """An address nothing is sent to, whoever it belongs to: found by its blind index, shown masked."""

    __tablename__ = "marketing_suppression"
    __table_args__ = (
        CheckConstraint("kind IN ('email', 'phone')", name="kind_valid"),
        UniqueConstraint("kind", "digest"),
    )

    kind: Mapped[str] = mapped_column(String(8))
    digest: Mapped[bytes] = mapped_column(LargeBinary(16))
    masked: Mapped[str] = mapped_column(String(200))
    reason: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime]


class MarketingSetting(Base):
    """The marketing settings (one row): frequency cap, approval threshold, quiet hours, send rates."""

    __tablename__ = "marketing_setting"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    #: Optimistic concurrency: a change names the version it read (CONFLICT when stale).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    frequency_cap_count: Mapped[int] = mapped_column(Integer)
    frequency_cap_days: Mapped[int] = mapped_column(Integer)
    approval_threshold: Mapped[int] = mapped_column(Integer)
    quiet_start: Mapped[time | None] = mapped_column(Time)
    quiet_end: Mapped[time | None] = mapped_column(Time)
    time_zone: Mapped[str] = mapped_column(String(64))
    email_per_second: Mapped[int] = mapped_column(Integer)
    sms_per_second: Mapped[int] = mapped_column(Integer)
    wechat_per_second: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime]


class MarketingMessage(IdMixin, Base):
    """The send ledger: one row per (contact, campaign and channel) or journey send step, written before any
    provider is called.

    `source_key` (e.g. `campaign:<id>:email`, `journey:<step run id>`) is unique per contact, so a recipient is
    never sent the same thing twice, whatever crashes or re-entries happen. The address is never stored, only its
    masked form."""

    __tablename__ = "marketing_message"
    __table_args__ = (
        UniqueConstraint("contact_id", "source_key"),
        CheckConstraint(
            "status IN ('pending', 'sending', 'sent', 'skipped', 'failed', 'bounced')", name="status_valid"
        ),
        CheckConstraint("num_nonnulls(campaign_id, journey_id) = 1", name="one_source"),
        # The batched claim of the `campaign-send` job: a channel's open rows by due time.
        Index(
            "ix_marketing_message_due",
            "channel",
            "next_attempt_at",
            "id",
            postgresql_where="status IN ('pending', 'sending')",
        ),
        Index("ix_marketing_message_contact_sent", "contact_id", "sent_at"),
    )

    #: Where the message comes from: a campaign, or a journey's send step (exactly one of the two).
    campaign_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"), index=True)
    journey_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("journey.id", ondelete="CASCADE"), index=True)
    #: A journey's message: its send node's content, `{locale: {"subject": ..., "body": ...}}` (a campaign's is
    #: in `campaign_content`).
    content: Mapped[dict[str, dict[str, str]] | None] = mapped_column(JSONB)
    contact_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("contact.id", ondelete="CASCADE"))
    customer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("customer.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(16))
    source_key: Mapped[str] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(16))
    skip_reason: Mapped[str | None] = mapped_column(String(32))
    locale: Mapped[str | None] = mapped_column(String(10))
    address_masked: Mapped[str | None] = mapped_column(String(200))
    error: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(SmallInteger, default=0)
    next_attempt_at: Mapped[datetime]
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]
    delivered_at: Mapped[datetime | None]


class MarketingEvent(IdMixin, Base):
    """Something that happened to a sent message: delivered, opened, clicked, unsubscribed, bounced."""

    __tablename__ = "marketing_event"
    __table_args__ = (
        CheckConstraint("kind IN ('delivered', 'opened', 'clicked', 'unsubscribed', 'bounced')", name="kind_valid"),
        Index("ix_marketing_event_message_kind", "message_id", "kind"),
    )

    message_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("marketing_message.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime]
    #: A security scanner or privacy proxy (by its user agent), or a click too soon after delivery for a person.
    machine: Mapped[bool] = mapped_column(Boolean, default=False)
    url: Mapped[str | None] = mapped_column(Text)
    #: Who fetched the link: a digest of the client's address and user agent (a replay by the same client within
    #: `tracking.service.REPLAY_WINDOW` records nothing new). None: not a fetch (delivered, bounced).
    client_key: Mapped[str | None] = mapped_column(String(32))


class MarketingHit(Base):
    """Fetches of the public tracking links per client address and minute: the rate limit of `/m/o`, `/m/c` and
    `/m/u` (rows older than a few minutes are deleted as new minutes start)."""

    __tablename__ = "marketing_hit"
    __table_args__ = (Index("ix_marketing_hit_minute", "minute"),)

    address: Mapped[str] = mapped_column(String(64), primary_key=True)
    minute: Mapped[datetime] = mapped_column(primary_key=True)
    hits: Mapped[int] = mapped_column(Integer)


class MarketingInboundCall(Base):
    """A provider callback's `webhook-id`, kept while its signature is fresh: a replay of it does nothing."""

    __tablename__ = "marketing_inbound_call"
    __table_args__ = (Index("ix_marketing_inbound_call_at", "at"),)

    webhook_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    at: Mapped[datetime]

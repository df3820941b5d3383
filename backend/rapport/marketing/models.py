"""Tables of the marketing domain."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, Numeric, String, Text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from rapport.core.db import Base, IdMixin, VersionedMixin


class Segment(IdMixin, VersionedMixin, Base):
    """A set of customers: dynamic (its rules are evaluated whenever it is used) or static (frozen members).

    It belongs to its owner's team (the row scope: own / team / all)."""

    __tablename__ = "segment"
    __table_args__ = (CheckConstraint("kind IN ('dynamic', 'static')", name="kind_valid"),)

    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16))
    #: The rule tree (`rapport.marketing.segments.rules`): groups of conditions joined by AND / OR.
    rules: Mapped[dict[str, Any]] = mapped_column(JSONB)
    #: The shipped preset it was made from (e.g. `first_purchase`), if any.
    preset: Mapped[str | None] = mapped_column(String(32))
    owner_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"), index=True)
    team_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("team.id", ondelete="SET NULL"), index=True)
    #: Static segments: when the members were frozen, and how many there are.
    frozen_at: Mapped[datetime | None]
    member_count: Mapped[int | None] = mapped_column(Integer)
    #: A static snapshot taken from another segment (e.g. for a campaign's send): the segment it froze.
    source_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("segment.id", ondelete="SET NULL"))


class SegmentMember(Base):
    """A customer in a static segment."""

    __tablename__ = "segment_member"

    segment_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("segment.id", ondelete="CASCADE"), primary_key=True)
    customer_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("customer.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    added_at: Mapped[datetime]


#: The kinds of touch attribution counts (`rapport.marketing.attribution.touches.record_touch`).
TOUCH_KINDS = ("message_delivered", "message_opened", "message_clicked", "lead_form", "utm_visit")


class MarketingTouch(IdMixin, Base):
    """A moment marketing reached a customer: a campaign message delivered, opened or clicked, a web form (a lead)
    or a visit with UTM parameters. Conversions are attributed to the touches of their customer.

    `campaign_id` names a campaign without a foreign key (campaigns are another feature's table); `key`, when
    given, makes recording the same touch twice a no-op (e.g. `lead:<id>`)."""

    __tablename__ = "marketing_touch"
    __table_args__ = (
        CheckConstraint(
            "kind IN ('message_delivered', 'message_opened', 'message_clicked', 'lead_form', 'utm_visit')",
            name="kind_valid",
        ),
        Index("ix_marketing_touch_customer_at", "customer_id", "at"),
        Index("ix_marketing_touch_at", "at"),
    )

    customer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("customer.id", ondelete="CASCADE"))
    contact_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("contact.id", ondelete="SET NULL"))
    #: A web form's touch: the lead it created (its customer is filled in once the lead has one).
    lead_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("lead.id", ondelete="SET NULL"), index=True)
    at: Mapped[datetime]
    kind: Mapped[str] = mapped_column(String(24))
    channel: Mapped[str | None] = mapped_column(String(64))
    campaign_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    source: Mapped[str | None] = mapped_column(String(100))
    medium: Mapped[str | None] = mapped_column(String(100))
    utm_campaign: Mapped[str | None] = mapped_column(String(200))
    message_id: Mapped[uuid.UUID | None]
    key: Mapped[str | None] = mapped_column(String(120), unique=True)


class MarketingSpend(IdMixin, Base):
    """Money spent on marketing on a day: for a campaign (no foreign key, as touches) or a channel. ROI and the
    spend ratio read it."""

    __tablename__ = "marketing_spend"
    __table_args__ = (Index("ix_marketing_spend_spent_on", "spent_on"),)

    campaign_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    channel: Mapped[str | None] = mapped_column(String(64))
    amount: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    spent_on: Mapped[date] = mapped_column(Date)
    description: Mapped[str | None] = mapped_column(Text)

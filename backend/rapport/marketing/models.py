"""Tables of the marketing domain."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text
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

"""Tables of the activity timeline, tasks and notifications."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from rapport.core.db import Base, IdMixin, VersionedMixin


class ActivityKind(StrEnum):
    """What kind of follow-up happened."""

    CALL = "call"
    MEETING = "meeting"
    VISIT = "visit"
    EMAIL = "email"
    NOTE = "note"


class Activity(IdMixin, Base):
    """A follow-up with a customer: who did what, when, with which outcome. Activities are not edited."""

    __tablename__ = "activity"
    __table_args__ = (
        CheckConstraint("kind IN ('call', 'meeting', 'visit', 'email', 'note')", name="kind_valid"),
        Index("ix_activity_customer_occurred", "customer_id", "occurred_at", "id"),
    )

    customer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("customer.id", ondelete="CASCADE"))
    contact_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("contact.id", ondelete="SET NULL"))
    #: The deal it was about, if any (an opportunity of the same customer).
    opportunity_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("opportunity.id", ondelete="SET NULL"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str | None] = mapped_column(Text)
    outcome: Mapped[str | None] = mapped_column(String(300))
    occurred_at: Mapped[datetime]
    actor_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime]


class Task(IdMixin, VersionedMixin, Base):
    """A follow-up to do, with a due time and an optional reminder."""

    __tablename__ = "task"
    __table_args__ = (
        Index("ix_task_assignee_open_due", "assignee_id", "due_at", postgresql_where="done_at IS NULL"),
        Index("ix_task_due_reminder", "remind_at", postgresql_where="reminded_at IS NULL AND done_at IS NULL"),
        Index("ix_task_customer", "customer_id", "due_at"),
    )

    customer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("customer.id", ondelete="CASCADE"))
    #: The deal it is for, if any (an opportunity of the task's customer).
    opportunity_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("opportunity.id", ondelete="SET NULL"), index=True
    )
    assignee_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"))
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(300))
    notes: Mapped[str | None] = mapped_column(Text)
    due_at: Mapped[datetime]
    remind_at: Mapped[datetime | None]
    reminded_at: Mapped[datetime | None]
    done_at: Mapped[datetime | None]


class Notification(IdMixin, Base):
    """Something a user should know: a due reminder, an assignment, an escalation..."""

    __tablename__ = "notification"
    __table_args__ = (Index("ix_notification_user_created", "user_id", "created_at"),)

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))
    #: The title and body in English: what rows from before `message` show, and what logs read.
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str | None] = mapped_column(Text)
    #: The title and body as messages (`rapport.core.i18n.Message.to_json()`: {"title": ..., "body": ...}),
    #: rendered in the reader's language when read; null on rows written before it.
    message: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    entity_type: Mapped[str | None] = mapped_column(String(32))
    entity_id: Mapped[uuid.UUID | None]
    read_at: Mapped[datetime | None]
    created_at: Mapped[datetime]

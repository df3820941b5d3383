"""Tables of the service desk."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time
from enum import StrEnum

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    SmallInteger,
    String,
    Text,
    Time,
    Uuid,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from rapport.core.db import GIN_WITH, Base, IdMixin, VersionedMixin


class TicketStatus(StrEnum):
    """The ticket workflow: NEW -> ASSIGNED -> IN_PROGRESS (<-> WAITING) -> RESOLVED -> CLOSED | REOPENED."""

    NEW = "new"
    ASSIGNED = "assigned"
    IN_PROGRESS = "in_progress"
    WAITING = "waiting"  # waiting on the customer: the SLA clock pauses
    RESOLVED = "resolved"  # answered, waiting for the customer's rating
    CLOSED = "closed"
    REOPENED = "reopened"  # rated below 3 (or reopened): back to the supervisor's queue


OPEN_STATUSES = (
    TicketStatus.NEW,
    TicketStatus.ASSIGNED,
    TicketStatus.IN_PROGRESS,
    TicketStatus.WAITING,
    TicketStatus.REOPENED,
)


class Priority(StrEnum):
    """How urgent a ticket is."""

    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"


class Channel(StrEnum):
    """Where a ticket came from."""

    PHONE = "phone"
    EMAIL = "email"
    WEB = "web"
    PORTAL = "portal"
    WECHAT = "wechat"
    API = "api"


class Ticket(IdMixin, VersionedMixin, Base):
    """A customer's request to the service desk, with its SLA clock and satisfaction."""

    __tablename__ = "ticket"
    __table_args__ = (
        CheckConstraint(
            "status IN ('new', 'assigned', 'in_progress', 'waiting', 'resolved', 'closed', 'reopened')",
            name="status_valid",
        ),
        CheckConstraint("priority IN ('low', 'normal', 'high', 'urgent')", name="priority_valid"),
        CheckConstraint("rating IS NULL OR rating BETWEEN 1 AND 5", name="rating_valid"),
        Index("ix_ticket_queue_status", "queue_id", "status"),
        Index("ix_ticket_assignee_status", "assignee_id", "status"),
        Index("ix_ticket_customer_created", "customer_id", "created_at"),
        # Tickets by opening time with what segment facts read: a window's tickets index-only (migration 0036).
        Index("ix_ticket_created_facts", "created_at", postgresql_include=["customer_id", "rated_at", "rating"]),
        Index("ix_ticket_status_created", "status", "created_at"),
        Index("ux_ticket_external_id", "external_id", unique=True, postgresql_where=text("external_id IS NOT NULL")),
    )

    number: Mapped[str] = mapped_column(String(20), unique=True)
    subject: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    customer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("customer.id", ondelete="SET NULL"))
    contact_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("contact.id", ondelete="SET NULL"))
    channel: Mapped[str] = mapped_column(String(16))
    category: Mapped[str] = mapped_column(String(64))
    priority: Mapped[str] = mapped_column(String(16), default=Priority.NORMAL.value)
    queue_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("team.id", ondelete="SET NULL"))
    assignee_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(16), default=TicketStatus.NEW.value)
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    sla_policy_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("sla_policy.id", ondelete="SET NULL"))
    first_response_warn_at: Mapped[datetime | None]
    first_response_due_at: Mapped[datetime | None]
    resolution_warn_at: Mapped[datetime | None]
    resolution_due_at: Mapped[datetime | None]
    first_responded_at: Mapped[datetime | None]
    first_response_warned_at: Mapped[datetime | None]
    first_response_breached_at: Mapped[datetime | None]
    resolution_warned_at: Mapped[datetime | None]
    resolution_breached_at: Mapped[datetime | None]
    waiting_since: Mapped[datetime | None]
    escalation_level: Mapped[int] = mapped_column(SmallInteger, default=0)
    resolved_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    rating: Mapped[int | None] = mapped_column(SmallInteger)
    rating_comment: Mapped[str | None] = mapped_column(Text)
    rated_at: Mapped[datetime | None]
    #: Who the rating is about: the assignee when the customer rated (a reopen clears the assignee).
    rated_agent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    reopen_count: Mapped[int] = mapped_column(SmallInteger, default=0)
    search_tokens: Mapped[list[str]] = mapped_column(ARRAY(Text), default=list)
    #: The ticket's id in another system (a call center, an old help desk): unique, for upserts.
    external_id: Mapped[str | None] = mapped_column(String(100))


class TicketComment(IdMixin, Base):
    """A reply or an internal note on a ticket."""

    __tablename__ = "ticket_comment"
    __table_args__ = (Index("ix_ticket_comment_ticket_created", "ticket_id", "created_at"),)

    ticket_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("ticket.id", ondelete="CASCADE"))
    author_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    public: Mapped[bool] = mapped_column(Boolean, default=True)
    from_customer: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime]


class TicketEvent(Base):
    """One step of a ticket's history; also the outbox row live subscriptions are fed from.

    Written in the same transaction as the change; a trigger NOTIFYs when that transaction commits, so
    committed changes always produce an event and rolled-back ones never do. `id` is taken at insert, before
    commit, and is no cursor; `seq`, the event's place in the commit-ordered log, is given after commit by
    the event relay (rapport.core.events.CommitLog) and is the cursor.
    """

    __tablename__ = "ticket_event"
    __table_args__ = (
        Index("ix_ticket_event_ticket", "ticket_id", "id"),
        Index("ix_ticket_event_seq", "seq", unique=True),
        Index("ix_ticket_event_unstamped", "id", postgresql_where=text("seq IS NULL")),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    seq: Mapped[int | None] = mapped_column(BigInteger)
    ticket_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("ticket.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))
    actor_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    data: Mapped[dict[str, object]] = mapped_column(JSONB, default=dict)
    at: Mapped[datetime]


class RoutingRule(IdMixin, VersionedMixin, Base):
    """Maps a category (optionally channel and customer grade) to a queue and the skill agents need."""

    __tablename__ = "routing_rule"

    position: Mapped[int] = mapped_column(Integer, default=100)
    category: Mapped[str] = mapped_column(String(64))
    channel: Mapped[str | None] = mapped_column(String(16))
    customer_grade: Mapped[str | None] = mapped_column(String(1))
    queue_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"))
    skill: Mapped[str | None] = mapped_column(String(64))
    priority: Mapped[str | None] = mapped_column(String(16))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class AgentProfile(Base):
    """A service agent's skills and availability, for routing."""

    __tablename__ = "agent_profile"

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), primary_key=True)
    skills: Mapped[list[str]] = mapped_column(ARRAY(Text), default=list)
    available: Mapped[bool] = mapped_column(Boolean, default=True)
    max_open: Mapped[int] = mapped_column(Integer, default=20)


class BusinessCalendar(IdMixin, VersionedMixin, Base):
    """Working days and hours (in a time zone) and holidays, for counting SLA time."""

    __tablename__ = "business_calendar"

    name: Mapped[str] = mapped_column(String(100))
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Shanghai")
    working_days: Mapped[list[int]] = mapped_column(ARRAY(SmallInteger), default=lambda: [1, 2, 3, 4, 5])
    day_start: Mapped[time] = mapped_column(Time, default=time(9))
    day_end: Mapped[time] = mapped_column(Time, default=time(18))
    holidays: Mapped[list[date]] = mapped_column(ARRAY(Date), default=list)


class SlaPolicy(IdMixin, VersionedMixin, Base):
    """Targets for tickets of a priority and category (null matches any), counted on a calendar (null: 24x7)."""

    __tablename__ = "sla_policy"

    name: Mapped[str] = mapped_column(String(100))
    #: A seeded policy's name in each language, shown in the reader's; null once someone renames it.
    labels: Mapped[dict[str, str] | None] = mapped_column(JSONB)
    position: Mapped[int] = mapped_column(Integer, default=100)
    priority: Mapped[str | None] = mapped_column(String(16))
    category: Mapped[str | None] = mapped_column(String(64))
    first_response_minutes: Mapped[int] = mapped_column(Integer)
    resolution_minutes: Mapped[int] = mapped_column(Integer)
    calendar_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("business_calendar.id", ondelete="SET NULL"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class SurveyToken(Base):
    """A single-use, signed link for rating a resolved ticket without signing in."""

    __tablename__ = "survey_token"

    token_hash: Mapped[bytes] = mapped_column(LargeBinary(32), primary_key=True)
    ticket_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("ticket.id", ondelete="CASCADE"), index=True)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]


class KbArticle(IdMixin, VersionedMixin, Base):
    """A knowledge-base article in Markdown; portal users see it once published."""

    __tablename__ = "kb_article"
    __table_args__ = (
        CheckConstraint("status IN ('draft', 'published')", name="status_valid"),
        Index("ix_kb_article_search_tokens", "search_tokens", postgresql_using="gin", postgresql_with=GIN_WITH),
    )

    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    category: Mapped[str | None] = mapped_column(String(64))
    tags: Mapped[list[str]] = mapped_column(ARRAY(Text), default=list)
    status: Mapped[str] = mapped_column(String(16), default="draft")
    author_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    published_at: Mapped[datetime | None]
    search_tokens: Mapped[list[str]] = mapped_column(ARRAY(Text), default=list)


class PortalAccount(Base):
    """Links a portal user (role `customer`) to the contact and customer they act for."""

    __tablename__ = "portal_account"

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), primary_key=True)
    contact_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("contact.id", ondelete="CASCADE"), unique=True)
    customer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("customer.id", ondelete="CASCADE"), index=True)


class SupportSetting(Base):
    """Service-desk settings (e.g. days before an unrated resolved ticket closes itself)."""

    __tablename__ = "support_setting"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[dict[str, object]] = mapped_column(JSONB)


class PhoneLookup(IdMixin, Base):
    """One phone lookup by a staff member: who, when, the number's blind-index digest and whom it found.

    The lookups' audit trail and the ledger their rate limit counts; the number itself is never stored.
    """

    __tablename__ = "phone_lookup"
    __table_args__ = (Index("ix_phone_lookup_user_at", "user_id", "at"),)

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"))
    at: Mapped[datetime]
    #: HMAC of the number as typed, normalised as contacts' phones are (the customer graph's blind index).
    digest: Mapped[bytes | None] = mapped_column(LargeBinary(16))
    customer_ids: Mapped[list[uuid.UUID]] = mapped_column(ARRAY(Uuid), default=list)


class CallerGrant(Base):
    """A customer a staff member identified by its whole phone number: related to them until it expires."""

    __tablename__ = "caller_grant"

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), primary_key=True)
    customer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("customer.id", ondelete="CASCADE"), primary_key=True)
    lookup_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("phone_lookup.id", ondelete="CASCADE"), index=True)
    expires_at: Mapped[datetime] = mapped_column(index=True)

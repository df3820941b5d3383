"""Domain events: what happened to the customer graph, written in the transaction of the change (an outbox).

A service that creates or changes something another system wants to hear about calls `emit` beside its audit
entry. The row exists exactly when the change committed: a rolled-back transaction leaves no event. Rows get their
place in the commit order (`seq`) after they commit, from the same commit-ordered log as ticket events
(`rapport.core.events.CommitLog`), so that readers (outbound webhooks) see every event once, in commit order.
Events hold ids and the names of what changed, never values: whoever delivers them reads the values afterwards
under the reader's own policy.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from rapport.core import clock
from rapport.core.db import Base
from rapport.core.events import CommitLog
from rapport.core.ids import uuid7

#: Every event type, with what it means (the webhook admin page lists them; `emit` refuses any other).
EVENT_TYPES: Mapping[str, str] = {
    "customer.created": "A customer was created (by hand, by converting a lead, or by an import).",
    "customer.updated": "A customer's profile, status, owner or tags changed.",
    "customer.merged": "Another customer was merged into this one (`data.mergedId` names the one merged away).",
    "customer.churn_risk_high": "A customer's churn risk crossed into high (0.7; it leaves high risk below 0.6).",
    "order.created": "An order was recorded for a customer.",
    "lead.created": "A lead was created (by hand, from a web form, or in bulk).",
    "opportunity.stage_changed": "An opportunity moved to another pipeline stage.",
    "opportunity.won": "An opportunity was won.",
    "opportunity.lost": "An opportunity was lost.",
    "ticket.created": "A service ticket was opened.",
    "ticket.changed": "A ticket was assigned, answered, resolved, reopened, escalated, rated or its SLA moved.",
}

#: Event types that reveal a field of their entity beyond its existence: whoever hears one (a webhook's integration)
#: must read that field (`customer.churn_risk_high` says the customer's churn risk is high).
EVENT_FIELDS: Mapping[str, str] = {"customer.churn_risk_high": "Customer.churnRisk"}

#: The GraphQL type of each kind of entity events are about.
ENTITY_TYPES = ("Customer", "Order", "Lead", "Opportunity", "Ticket")

DOMAIN_LOG = CommitLog("domain_event", "domain_event_log_seq")


class DomainEvent(Base):
    """One thing that happened to one entity; the outbox row outbound webhooks are fed from."""

    __tablename__ = "domain_event"
    __table_args__ = (
        Index("ix_domain_event_seq", "seq", unique=True),
        Index("ix_domain_event_unstamped", "id", postgresql_where=text("seq IS NULL")),
        Index("ix_domain_event_entity", "entity_type", "entity_id", "seq"),
        Index("ix_domain_event_at", "at"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    #: The place in the commit order (null until the relay stamps it after commit).
    seq: Mapped[int | None] = mapped_column(BigInteger)
    #: Stable across deliveries and replays: receivers drop copies by it.
    event_id: Mapped[uuid.UUID] = mapped_column(unique=True)
    type: Mapped[str] = mapped_column(String(64))
    entity_type: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[uuid.UUID]
    #: The entity's own count of events (1, 2, ...), given in commit order when the event is first dispatched.
    entity_seq: Mapped[int | None] = mapped_column(Integer)
    actor_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    data: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    at: Mapped[datetime]


def graphql_names(keys: Iterable[str]) -> list[str]:
    """GraphQL field names of model attributes (`owner_id` -> `owner`, `last_follow_up_at` -> `lastFollowUpAt`)."""
    names = []
    for key in keys:
        head, *rest = key.removesuffix("_id").split("_")
        names.append(head + "".join(part.title() for part in rest))
    return names


class UnknownEventTypeError(ValueError):
    """An event type that is not in EVENT_TYPES: add it there (with its meaning) before emitting it."""


def emit(
    session: AsyncSession,
    type: str,
    entity_type: str,
    entity_id: uuid.UUID,
    *,
    actor_id: uuid.UUID | None,
    changed: Iterable[str] = (),
    data: Mapping[str, Any] | None = None,
) -> DomainEvent:
    """Add an event to the current unit of work; it exists when (and only if) the transaction commits.

    `changed` names the fields that changed (GraphQL names); `data` holds further ids or names, never values a
    policy could hide (a receiver reads those under its own policy).
    """
    event = DomainEvent(**event_row(type, entity_type, entity_id, actor_id=actor_id, changed=changed, data=data))
    session.add(event)
    return event


def event_row(
    type: str,
    entity_type: str,
    entity_id: uuid.UUID,
    *,
    actor_id: uuid.UUID | None,
    changed: Iterable[str] = (),
    data: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """An event's columns, checked as `emit` checks them, for writing many at once (`rapport.core.bulk`)."""
    if type not in EVENT_TYPES:
        raise UnknownEventTypeError(f"{type!r} is not an event type; add it to EVENT_TYPES first.")
    if entity_type not in ENTITY_TYPES:
        raise UnknownEventTypeError(f"{entity_type!r} is not a type events are about; add it to ENTITY_TYPES.")
    payload: dict[str, Any] = dict(data or {})
    names = sorted(set(changed))
    if names:
        payload["changed"] = names
    return {
        "event_id": uuid7(),
        "type": type,
        "entity_type": entity_type,
        "entity_id": entity_id,
        "actor_id": actor_id,
        "data": payload,
        "at": clock.now(),
    }

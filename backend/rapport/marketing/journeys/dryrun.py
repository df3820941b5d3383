"""A journey's dry run: who would enter now, which way each would go, and what they would receive; it writes
nothing (it runs on a read-only session)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core import clock
from rapport.core.domain_events import DomainEvent
from rapport.core.principal import Principal
from rapport.customers import service as customers
from rapport.marketing.journeys import rights
from rapport.marketing.journeys.conditions import holds, url_pattern
from rapport.marketing.journeys.graph import TRIGGER_EVENTS, Graph
from rapport.marketing.journeys.models import Journey, JourneyEnrollment, PageView
from rapport.marketing.journeys.triggers import event_customers, segment_id_of
from rapport.marketing.segments.members import members_as

#: How far back event and page-view triggers look for who would enter.
LOOKBACK = timedelta(days=30)
MAX_LIMIT = 100


@dataclass(frozen=True)
class DryRunMessage:
    """A message a customer would receive."""

    channel: str
    subject: str | None


@dataclass(frozen=True)
class DryRunEntry:
    """One customer who would enter: the nodes they would pass and the messages they would receive."""

    customer: Any
    path: list[str]
    messages: list[DryRunMessage]


async def candidates(
    session: AsyncSession, graph: Graph, now: datetime, limit: int, user_id: uuid.UUID | None
) -> list[uuid.UUID]:
    """Customers the trigger would enroll now (a segment's as `user_id` may see them; events and page views: those
    of the last 30 days)."""
    config = graph.trigger.config
    kind = config["kind"]
    if kind == "segment_entry":
        segment_id = segment_id_of(config["segmentId"])
        members = None if segment_id is None else await members_as(session, segment_id, user_id)
        return [] if members is None else list(await session.scalars(members.limit(limit)))
    if kind == "date":
        day = now.astimezone(clock.BUSINESS_TZ).date()
        return list(await session.scalars(customers.customers_on_anniversary(str(config["field"]), day).limit(limit)))
    if kind == "page_view":
        statement = (
            select(PageView.customer_id)
            .where(
                PageView.customer_id.is_not(None),
                PageView.at >= now - LOOKBACK,
                PageView.url.ilike(url_pattern(str(config["pattern"])), escape="\\"),
            )
            .distinct()
            .limit(limit)
        )
        return [i for i in await session.scalars(statement) if i is not None]
    source = TRIGGER_EVENTS[str(config["event"])]
    events = await session.scalars(
        select(DomainEvent)
        .where(DomainEvent.type == source, DomainEvent.at >= now - LOOKBACK)
        .order_by(DomainEvent.id.desc())
        .limit(limit * 5)
    )
    happened = await event_customers(session, list(events))
    return list(dict.fromkeys(customer for name, _, customer in happened if name == config["event"]))[:limit]


def _subject(content: dict[str, Any], language: str | None) -> str | None:
    text: Any = content.get(language or "") or next(iter(content.values()), {})
    subject = text.get("subject") if isinstance(text, dict) else None
    return subject if isinstance(subject, str) else None


async def walk(session: AsyncSession, graph: Graph, customer_id: uuid.UUID, now: datetime) -> DryRunEntry:
    """The way a customer would go if every wait ended now; conditions read the data as it is now (their
    window: the last `hours` hours)."""
    contact_id = (await customers.primary_contact_ids(session, [customer_id])).get(customer_id)
    points = None if contact_id is None else await customers.contact_points(session, contact_id)
    path: list[str] = []
    messages: list[DryRunMessage] = []
    node_id: str | None = graph.trigger.id
    while node_id is not None:
        node = graph.nodes[node_id]
        path.append(node.id)
        branch = None
        if node.type == "condition":
            since = now - timedelta(hours=int(node.config.get("hours", 0)))
            yes = await holds(
                session,
                node,
                customer_id=customer_id,
                contact_id=contact_id,
                entered_at=since,
                stepped_at=since,
                now=now,
            )
            branch = "yes" if yes else "no"
        if node.type == "send":
            language = points.language if points else None
            messages.append(DryRunMessage(str(node.config["channel"]), _subject(node.config["content"], language)))
        node_id = graph.after(node.id, branch)
    return DryRunEntry(customer_id, path, messages)


async def dry_run(
    session: AsyncSession, principal: Principal, graph: Graph, journey: Journey | None, limit: int
) -> list[DryRunEntry]:
    """Who would enter now, with their path and messages: those the trigger would enroll as the journey's owner
    runs it (its owner's view of a segment; nobody when the owner is inactive; the caller's own for an unsaved
    graph), intersected with the customers the caller may see; not those already in the journey unless it allows
    re-entry."""
    rights.authorize_reads(graph, principal)
    now = clock.now()
    runs_as = principal.user_id if journey is None else journey.owner_id
    ids = await candidates(session, graph, now, limit, runs_as)
    if journey is not None and not journey.allow_reentry and ids:
        statement = select(JourneyEnrollment.customer_id).where(
            JourneyEnrollment.journey_id == journey.id, JourneyEnrollment.customer_id.in_(ids)
        )
        entered = set(await session.scalars(statement))
        ids = [i for i in ids if i not in entered]
    visible = {row.id: row for row in await customers.customers_by_ids(session, principal, ids)}
    entries = []
    for customer_id in ids:
        if customer_id in visible:
            entry = await walk(session, graph, customer_id, now)
            entries.append(DryRunEntry(visible[customer_id], entry.path, entry.messages))
    return entries

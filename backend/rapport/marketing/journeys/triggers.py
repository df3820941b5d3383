"""How customers enter journeys: segment entry, events of the domain event log, yearly dates, page views.

Enrolling is idempotent: one enrollment per (journey, customer, generation), inserted with ON CONFLICT DO
NOTHING. A customer goes through a journey again only when it allows re-entry, their previous enrollment has
ended, and (segment triggers) they left the segment in between or (date triggers) it is another day.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select, text, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core import clock
from rapport.core.db import Database
from rapport.core.domain_events import DOMAIN_LOG, DomainEvent
from rapport.core.ids import uuid7
from rapport.customers import service as customers
from rapport.graphql.node import from_global_id
from rapport.marketing.journeys.graph import TRIGGER_EVENTS
from rapport.marketing.journeys.models import Journey, JourneyCursor, JourneyEnrollment
from rapport.marketing.segments.members import members_as
from rapport.sales.leads.service import lead_customer_ids
from rapport.support.workflow.service import closed_ticket_customers

log = logging.getLogger(__name__)
FINISHED = ("done", "exited", "failed")
#: Events one transaction of the event trigger reads at most.
PAGE = 500


def trigger_of(journey: Journey) -> dict[str, object]:
    """The config of a journey's trigger node."""
    for node in journey.graph.get("nodes", []):
        if node.get("type") == "trigger":
            return dict(node.get("config") or {})
    return {}


def segment_id_of(value: object) -> uuid.UUID | None:
    """A trigger's segment: a global id or a plain UUID; None when neither."""
    text = str(value)
    try:
        return uuid.UUID(text)
    except ValueError:
        pass
    try:
        return from_global_id(text, "Segment")[1]
    except Exception:
        return None


async def active_journeys(session: AsyncSession, kind: str) -> list[Journey]:
    """Active journeys whose trigger is of this kind."""
    journeys = await session.scalars(select(Journey).where(Journey.status == "active").order_by(Journey.id))
    return [journey for journey in journeys if trigger_of(journey).get("kind") == kind]


async def enroll(
    session: AsyncSession,
    journey: Journey,
    customer_id: uuid.UUID,
    now: datetime,
    *,
    contact_id: uuid.UUID | None = None,
    same_day_again: bool = True,
) -> bool:
    """Put the customer at the journey's trigger (due now), unless they may not enter (again); True if entered."""
    latest = await session.scalar(
        select(JourneyEnrollment)
        .where(JourneyEnrollment.journey_id == journey.id, JourneyEnrollment.customer_id == customer_id)
        .order_by(JourneyEnrollment.generation.desc())
        .limit(1)
    )
    generation = 1
    if latest is not None:
        if not journey.allow_reentry or latest.status not in FINISHED:
            return False
        if trigger_of(journey).get("kind") == "segment_entry" and latest.left_at is None:
            return False
        local = clock.BUSINESS_TZ
        if not same_day_again and latest.entered_at.astimezone(local).date() == now.astimezone(local).date():
            return False
        generation = latest.generation + 1
    if contact_id is None:
        contact_id = (await customers.primary_contact_ids(session, [customer_id])).get(customer_id)
    trigger = next(node["id"] for node in journey.graph["nodes"] if node["type"] == "trigger")
    row = {
        "id": uuid7(),
        "journey_id": journey.id,
        "customer_id": customer_id,
        "contact_id": contact_id,
        "generation": generation,
        "status": "active",
        "current_node": trigger,
        "next_run_at": now,
        "entered_at": now,
        "stepped_at": now,
    }
    inserted = await session.execute(
        insert(JourneyEnrollment).values(row).on_conflict_do_nothing().returning(JourneyEnrollment.id)
    )
    return inserted.scalar_one_or_none() is not None


async def enroll_many(
    session: AsyncSession,
    journey: Journey,
    customer_ids: Sequence[uuid.UUID],
    now: datetime,
    *,
    same_day_again: bool = True,
) -> int:
    """Enroll each of these customers; how many entered."""
    entered = 0
    for customer_id in customer_ids:
        entered += await enroll(session, journey, customer_id, now, same_day_again=same_day_again)
    return entered


async def segment_entries(db: Database, now: datetime) -> int:
    """Enroll the members of segment-entry journeys' segments (frozen or evaluated now, as the journey's owner may
    see them) who are not in them yet; mark those who left, so that re-entry journeys take them again when they
    come back. A journey whose owner may no longer see its segment enrolls nobody; one that breaks (any error) is
    logged and skipped, the others go on."""
    entered = 0
    async with db.write() as session:
        for journey in await active_journeys(session, "segment_entry"):
            try:
                async with session.begin_nested():
                    entered += await _segment_entries(session, journey, now)
            except Exception:
                log.exception("journey trigger failed", extra={"journey": str(journey.id)})
    return entered


async def _segment_entries(session: AsyncSession, journey: Journey, now: datetime) -> int:
    segment_id = segment_id_of(trigger_of(journey).get("segmentId"))
    if segment_id is None:
        return 0
    members = await members_as(session, segment_id, journey.owner_id)
    if members is None:
        return 0
    await session.execute(
        update(JourneyEnrollment)
        .where(
            JourneyEnrollment.journey_id == journey.id,
            JourneyEnrollment.left_at.is_(None),
            JourneyEnrollment.customer_id.not_in(members.scalar_subquery()),
        )
        .values(left_at=now)
    )
    ids = list(await session.scalars(members))
    return await enroll_many(session, journey, ids, now)


async def event_customers(
    session: AsyncSession, events: Sequence[DomainEvent]
) -> list[tuple[str, datetime, uuid.UUID]]:
    """(trigger event, when, customer) of each event that is a trigger event of a customer, in log order."""
    found: dict[tuple[str, uuid.UUID], uuid.UUID] = {}
    for name, source in TRIGGER_EVENTS.items():
        entity_ids = [event.entity_id for event in events if event.type == source]
        if not entity_ids:
            continue
        if name == "order.placed":
            customers_of = await customers.order_customer_ids(session, entity_ids)
        elif name == "ticket.closed":
            customers_of = await closed_ticket_customers(session, entity_ids)
        elif name == "customer.churn_risk_high":
            customers_of = {customer_id: customer_id for customer_id in entity_ids}  # the event is the customer's
        else:
            customers_of = await lead_customer_ids(session, entity_ids)
        found.update({(source, entity): customer for entity, customer in customers_of.items()})
    names = {source: name for name, source in TRIGGER_EVENTS.items()}
    return [
        (names[event.type], event.at, found[(event.type, event.entity_id)])
        for event in events
        if (event.type, event.entity_id) in found
    ]


async def event_entries(db: Database, now: datetime, page: int = PAGE) -> int:
    """Enroll the customers of committed events read once each, in commit order, after the stored cursor (one
    reader at a time: the cursor row is locked); the cursor moves in the transaction that enrolls."""
    await DOMAIN_LOG.stamp(db)
    entered = 0
    while True:
        async with db.write() as session:
            cursor = await session.get(JourneyCursor, "events", with_for_update=True)
            if cursor is None:
                await session.execute(insert(JourneyCursor).values(name="events", position=0).on_conflict_do_nothing())
                cursor = await session.get(JourneyCursor, "events", with_for_update=True)
                assert cursor is not None
            events = list(
                await session.scalars(
                    select(DomainEvent).where(DomainEvent.seq > cursor.position).order_by(DomainEvent.seq).limit(page)
                )
            )
            if not events:
                break
            happened = await event_customers(session, events)
            for journey in await active_journeys(session, "event"):
                since, wanted = journey.activated_at or now, trigger_of(journey)["event"]
                ids = [customer for name, at, customer in happened if name == wanted and at >= since]
                entered += await enroll_many(session, journey, list(dict.fromkeys(ids)), now)
            cursor.position = int(events[-1].seq or cursor.position)
        if len(events) < page:
            break
    return entered


async def date_entries(db: Database, now: datetime) -> int:
    """Enroll, on each day, the customers whose trigger date (created or birth date) has its anniversary."""
    today = now.astimezone(clock.BUSINESS_TZ).date()
    entered = 0
    async with db.write() as session:
        for journey in await active_journeys(session, "date"):
            statement = customers.customers_on_anniversary(str(trigger_of(journey)["field"]), today)
            ids = list(await session.scalars(statement))
            entered += await enroll_many(session, journey, ids, now, same_day_again=False)
    return entered


async def page_view_entries(
    session: AsyncSession, customer_id: uuid.UUID, contact_id: uuid.UUID | None, url: str, now: datetime
) -> int:
    """Enroll a known visitor in the active page-view journeys whose pattern the URL contains (in the transaction
    that records the page view)."""
    entered = 0
    for journey in await session.scalars(
        select(Journey).where(Journey.status == "active", _VIEWS_URL.bindparams(url=url)).order_by(Journey.id)
    ):
        entered += await enroll(session, journey, customer_id, now, contact_id=contact_id)
    return entered


#: A journey's trigger is a page view whose pattern the URL contains (any case): only those journeys are read, not
#: every active one for each page view.
_VIEWS_URL = text(
    "EXISTS (SELECT FROM jsonb_array_elements(journey.graph -> 'nodes') AS node"
    " WHERE node ->> 'type' = 'trigger' AND node -> 'config' ->> 'kind' = 'page_view'"
    " AND strpos(lower(CAST(:url AS text)), lower(node -> 'config' ->> 'pattern')) > 0)"
)

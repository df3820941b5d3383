"""All SQL of a person's marketing rows that are not the ledger's or consent's: touches, page views and journey
enrollments, read for an export, anonymised for an erasure and moved by merges (`rapport.marketing.privacy`)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Uuid, and_, delete, func, literal, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.customers.service import contacts_of_customers
from rapport.marketing.campaigns.models import (
    MarketingConsent,
    MarketingConsentChange,
    MarketingEvent,
    MarketingMessage,
)
from rapport.marketing.journeys.models import JourneyEnrollment, JourneyStepRun, PageView
from rapport.marketing.models import MarketingTouch

_E = JourneyEnrollment


def _rowcount(result: Any) -> int:
    return int(result.rowcount)


def columns(row: Any) -> dict[str, Any]:
    """Every column of a row, by name."""
    return {column.key: getattr(row, column.key) for column in row.__table__.columns}


def _contact_ids(customer_id: uuid.UUID) -> Any:
    """The ids of the customer's contacts, as a subquery."""
    return select(contacts_of_customers(select(literal(customer_id, Uuid()))).subquery().c.id)


async def consents_of(session: AsyncSession, customer_id: uuid.UUID) -> list[dict[str, Any]]:
    """The consent of each of the customer's contacts on each channel, with every change recorded, oldest first."""
    contacts = _contact_ids(customer_id)
    current = (
        await session.scalars(
            select(MarketingConsent)
            .where(MarketingConsent.contact_id.in_(contacts))
            .order_by(MarketingConsent.contact_id, MarketingConsent.channel)
        )
    ).all()
    changes = (
        await session.scalars(
            select(MarketingConsentChange)
            .where(MarketingConsentChange.contact_id.in_(contacts))
            .order_by(MarketingConsentChange.at, MarketingConsentChange.id)
        )
    ).all()
    history: dict[tuple[uuid.UUID, str], list[dict[str, Any]]] = {}
    for change in changes:
        entry = {key: value for key, value in columns(change).items() if key not in ("id", "contact_id", "channel")}
        history.setdefault((change.contact_id, change.channel), []).append(entry)
    return [{**columns(row), "changes": history.get((row.contact_id, row.channel), [])} for row in current]


async def messages_of(session: AsyncSession, customer_id: uuid.UUID) -> list[dict[str, Any]]:
    """What marketing sent (or held back) to the customer's contacts, oldest first, each with its tracking events."""
    rows = (
        await session.scalars(
            select(MarketingMessage)
            .where(MarketingMessage.customer_id == customer_id)
            .order_by(MarketingMessage.created_at, MarketingMessage.id)
        )
    ).all()
    events: dict[uuid.UUID, list[dict[str, Any]]] = {row.id: [] for row in rows}
    if rows:
        found = await session.execute(
            select(MarketingEvent.message_id, MarketingEvent.kind, MarketingEvent.at, MarketingEvent.url)
            .where(MarketingEvent.message_id.in_(list(events)))
            .order_by(MarketingEvent.at, MarketingEvent.id)
        )
        for event in found:
            events[event.message_id].append({"kind": event.kind, "at": event.at, "url": event.url})
    return [{**columns(row), "events": events[row.id]} for row in rows]


async def erase_messages(session: AsyncSession, customer_id: uuid.UUID) -> int:
    """The ledger's rows stay (campaigns keep their counts) without the address or the provider's error text."""
    statement = (
        update(MarketingMessage)
        .where(MarketingMessage.customer_id == customer_id)
        .values(address_masked=None, error=None, content=None)
    )
    return _rowcount(await session.execute(statement))


async def touches_of(session: AsyncSession, customer_id: uuid.UUID) -> list[MarketingTouch]:
    """The customer's touches, oldest first."""
    statement = select(MarketingTouch).where(MarketingTouch.customer_id == customer_id)
    return list((await session.scalars(statement.order_by(MarketingTouch.at, MarketingTouch.id))).all())


def _views_of(customer_id: uuid.UUID) -> Any:
    """The customer's page views and the anonymous ones of the same browsers (their visitor ids, before they were
    known): never another known person's, who may have used the same browser (a family computer, a shop counter)."""
    visitors = select(PageView.visitor_id).where(PageView.customer_id == customer_id).distinct().scalar_subquery()
    anonymous = and_(PageView.customer_id.is_(None), PageView.visitor_id.in_(visitors))
    return or_(PageView.customer_id == customer_id, anonymous)


async def page_views_of(session: AsyncSession, customer_id: uuid.UUID) -> list[PageView]:
    """The customer's page views (with the anonymous ones of the same browsers), oldest first."""
    statement = select(PageView).where(_views_of(customer_id)).order_by(PageView.at, PageView.id)
    return list((await session.scalars(statement)).all())


async def enrollments_of(session: AsyncSession, customer_id: uuid.UUID) -> list[tuple[JourneyEnrollment, list[Any]]]:
    """The customer's journey enrollments, oldest first, each with its step runs (node, status, times)."""
    enrollments = list(
        (await session.scalars(select(_E).where(_E.customer_id == customer_id).order_by(_E.entered_at, _E.id))).all()
    )
    steps: dict[uuid.UUID, list[Any]] = {row.id: [] for row in enrollments}
    if enrollments:
        runs = await session.execute(
            select(
                JourneyStepRun.enrollment_id,
                JourneyStepRun.node_id,
                JourneyStepRun.status,
                JourneyStepRun.started_at,
                JourneyStepRun.finished_at,
            )
            .where(JourneyStepRun.enrollment_id.in_(list(steps)))
            .order_by(JourneyStepRun.started_at, JourneyStepRun.id)
        )
        for run in runs:
            steps[run.enrollment_id].append(run)
    return [(row, steps[row.id]) for row in enrollments]


async def erase_touches(session: AsyncSession, customer_id: uuid.UUID) -> int:
    """Detach the customer's touches from the person (the contact); they stay with the anonymised customer, so
    that campaigns keep the orders they brought. How many."""
    result = await session.execute(
        update(MarketingTouch)
        .where(MarketingTouch.customer_id == customer_id)
        .values(contact_id=None, lead_id=None)
        .execution_options(synchronize_session=False)
    )
    return _rowcount(result)


async def erase_page_views(session: AsyncSession, customer_id: uuid.UUID) -> int:
    """Delete the customer's page views, and the anonymous ones of the same browsers (their visitor ids): what
    someone read, from which address, is theirs. How many."""
    result = await session.execute(
        delete(PageView).where(_views_of(customer_id)).execution_options(synchronize_session=False)
    )
    return _rowcount(result)


async def erase_enrollments(session: AsyncSession, customer_id: uuid.UUID, now: datetime) -> int:
    """The customer's enrollments leave their journeys (exited, nothing more is sent) and forget the contact; what
    their steps recorded (branches, webhook answers) is cleared. The counts of journeys stay. How many."""
    ids = select(_E.id).where(_E.customer_id == customer_id).scalar_subquery()
    await session.execute(
        update(JourneyStepRun)
        .where(JourneyStepRun.enrollment_id.in_(ids))
        .values(outcome={})
        .execution_options(synchronize_session=False)
    )
    await session.execute(
        update(_E)
        .where(_E.customer_id == customer_id, _E.status.in_(("active", "waiting")))
        .values(status="exited", next_run_at=None, finished_at=now)
        .execution_options(synchronize_session=False)
    )
    result = await session.execute(
        update(_E)
        .where(_E.customer_id == customer_id)
        .values(contact_id=None, error=None)
        .execution_options(synchronize_session=False)
    )
    return _rowcount(result)


async def _move(session: AsyncSession, model: Any, survivor_id: uuid.UUID, merged_id: uuid.UUID) -> int:
    """A merged customer's rows of `model` become the survivor's; how many."""
    result = await session.execute(
        update(model)
        .where(model.customer_id == merged_id)
        .values(customer_id=survivor_id)
        .execution_options(synchronize_session=False)
    )
    return _rowcount(result)


async def move_messages(session: AsyncSession, survivor_id: uuid.UUID, merged_id: uuid.UUID) -> int:
    """A merged customer's send ledger becomes the survivor's (their contacts moved with them); how many."""
    return await _move(session, MarketingMessage, survivor_id, merged_id)


async def move_page_views(session: AsyncSession, survivor_id: uuid.UUID, merged_id: uuid.UUID) -> int:
    """A merged customer's page views become the survivor's; how many."""
    return await _move(session, PageView, survivor_id, merged_id)


async def _advancement(session: AsyncSession, customer_ids: list[uuid.UUID]) -> list[Any]:
    """Enrollments of these customers with how far each went (steps run)."""
    steps = (
        select(func.count())
        .where(JourneyStepRun.enrollment_id == _E.id, JourneyStepRun.status == "done")
        .scalar_subquery()
    )
    statement = select(_E.id, _E.journey_id, _E.customer_id, _E.generation, _E.finished_at, _E.stepped_at)
    return list(
        (
            await session.execute(statement.add_columns(steps.label("steps")).where(_E.customer_id.in_(customer_ids)))
        ).all()
    )


async def move_enrollments(session: AsyncSession, survivor_id: uuid.UUID, merged_id: uuid.UUID) -> int:
    """A merged customer's enrollments become the survivor's. Where both went through a journey (the same
    journey and entry), the more advanced one stays (more steps done, then finished, then stepped later) and the
    other is deleted; how many moved."""
    rows = await _advancement(session, [survivor_id, merged_id])
    by_entry: dict[tuple[uuid.UUID, int], list[Any]] = {}
    for row in rows:
        by_entry.setdefault((row.journey_id, row.generation), []).append(row)
    dropped: list[uuid.UUID] = []
    for pair in by_entry.values():
        if len(pair) == 2:
            pair.sort(key=lambda r: (r.steps, r.finished_at is not None, r.stepped_at, r.customer_id == survivor_id))
            dropped.append(pair[0].id)
    if dropped:
        await session.execute(delete(_E).where(_E.id.in_(dropped)).execution_options(synchronize_session=False))
    result = await session.execute(
        update(_E)
        .where(_E.customer_id == merged_id)
        .values(customer_id=survivor_id)
        .execution_options(synchronize_session=False)
    )
    return _rowcount(result)


async def repoint_contact(session: AsyncSession, kept_id: uuid.UUID, duplicate_id: uuid.UUID) -> dict[str, int]:
    """A duplicate contact's touches, page views and enrollments become the kept contact's; counts by kind."""
    moved: dict[str, int] = {}
    for name, model in (
        ("marketing_touches", MarketingTouch),
        ("page_views", PageView),
        ("journey_enrollments", JourneyEnrollment),
    ):
        result = await session.execute(
            update(model)
            .where(model.contact_id == duplicate_id)
            .values(contact_id=kept_id)
            .execution_options(synchronize_session=False)
        )
        moved[name] = _rowcount(result)
    return moved

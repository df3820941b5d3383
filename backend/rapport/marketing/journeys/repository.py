"""All SQL of journeys' reads: lists, one journey, enrollments and their steps, and the figures of a journey."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, literal_column, select, union_all
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from rapport.core.principal import Principal
from rapport.graphql.declare import Rows
from rapport.marketing.journeys.models import Journey, JourneyEnrollment, JourneyStepRun
from rapport.marketing.scopes import visible_journeys

ENROLLMENT_STATUSES = ("active", "waiting", "done", "exited", "failed")


def journey_rows(principal: Principal | None, *, include_archived: bool = False) -> Rows:
    """Visible journeys, newest first, archived ones only when asked (`Query.journeys`)."""
    statement = select(Journey).where(visible_journeys(principal))
    if not include_archived:
        statement = statement.where(Journey.status != "archived")
    return Rows(statement, [Journey.created_at.desc(), Journey.id.desc()])


def visible_journey(principal: Principal | None, journey_id: Any) -> Rows:
    """The journey with this id (a value or a bound parameter) if the caller may see it (`Query.journey`)."""
    return Rows(select(Journey).where(Journey.id == journey_id, visible_journeys(principal)))


async def journey_by_id(
    session: AsyncSession, principal: Principal | None, ids: Sequence[uuid.UUID]
) -> list[Journey | None]:
    """Visible journeys by id (the scoped batch load of `journey`, `node` and payloads)."""
    statement = select(Journey).where(Journey.id.in_(list(ids)), visible_journeys(principal))
    found = {row.id: row for row in await session.scalars(statement)}
    return [found.get(i) for i in ids]


def enrollment_rows(journey_id: uuid.UUID) -> Rows:
    """A journey's enrollments, latest entry first (`Journey.enrollments`)."""
    statement = select(JourneyEnrollment).where(JourneyEnrollment.journey_id == journey_id)
    return Rows(statement, [JourneyEnrollment.entered_at.desc(), JourneyEnrollment.id.desc()])


async def steps_of(session: AsyncSession, enrollment_id: uuid.UUID) -> list[JourneyStepRun]:
    """An enrollment's steps, in the order they started."""
    statement = select(JourneyStepRun).where(JourneyStepRun.enrollment_id == enrollment_id)
    return list(await session.scalars(statement.order_by(JourneyStepRun.started_at, JourneyStepRun.id)))


def stats_json(journey: Any) -> Any:
    """A journey's figures as JSON in the response's form (`Journey.stats`, both read paths): enrollments by status
    (every one counted in `entered`) and, per node by id, the enrollments that reached it (a step ran there or
    they are there) and those there now."""
    enrollment = aliased(JourneyEnrollment)
    status = enrollment.status
    at_node = select(
        enrollment.id.label("enrollment_id"),
        enrollment.current_node.label("node_id"),
        status.in_(("active", "waiting")).label("open"),
    ).where(enrollment.journey_id == journey.id)
    stepped = select(
        JourneyStepRun.enrollment_id, JourneyStepRun.node_id, (JourneyStepRun.id.is_(None)).label("open")
    ).where(JourneyStepRun.journey_id == journey.id)
    visits = union_all(at_node.correlate(journey), stepped.correlate(journey)).subquery("visits")
    nodes = (
        select(
            visits.c.node_id,
            func.count(func.distinct(visits.c.enrollment_id)).label("reached"),
            func.count(func.distinct(visits.c.enrollment_id)).filter(visits.c.open).label("waiting"),
        )
        .group_by(visits.c.node_id)
        .correlate(journey)
        .lateral("nodes")
    )
    node = func.json_build_object("nodeId", nodes.c.node_id, "reached", nodes.c.reached, "waiting", nodes.c.waiting)
    per_node = select(
        func.coalesce(func.json_agg(aggregate_order_by(node, nodes.c.node_id)), literal_column("'[]'::json"))
    ).select_from(nodes)
    counted = func.json_build_object(
        "entered",
        func.count(),
        "active",
        func.count().filter(status.in_(("active", "waiting"))),
        *(part for name in ("done", "exited", "failed") for part in (name, func.count().filter(status == name))),
        "perNode",
        per_node.scalar_subquery(),
    )
    return select(counted).where(enrollment.journey_id == journey.id).scalar_subquery()

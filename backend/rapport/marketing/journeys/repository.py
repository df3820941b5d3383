"""All SQL of journeys' reads: lists, one journey, enrollments and their steps, and the figures of a journey."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core.principal import Principal
from rapport.graphql.declare import Rows
from rapport.marketing.journeys.models import Journey, JourneyEnrollment, JourneyStepRun
from rapport.marketing.scopes import visible_journeys

ENROLLMENT_STATUSES = ("active", "waiting", "done", "exited", "failed")


def journey_rows(principal: Principal | None) -> Rows:
    """Visible journeys, newest first (`Query.journeys`)."""
    return Rows(select(Journey).where(visible_journeys(principal)), [Journey.created_at.desc(), Journey.id.desc()])


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


@dataclass(frozen=True)
class NodeFigures:
    """How many enrollments reached a node, and how many are at it now."""

    node_id: str
    reached: int
    waiting: int


async def status_counts(session: AsyncSession, journey_id: uuid.UUID) -> dict[str, int]:
    """Enrollments of a journey by status (every status present, zero when none)."""
    statement = (
        select(JourneyEnrollment.status, func.count())
        .where(JourneyEnrollment.journey_id == journey_id)
        .group_by(JourneyEnrollment.status)
    )
    counts = dict.fromkeys(ENROLLMENT_STATUSES, 0)
    counts.update({row[0]: int(row[1]) for row in await session.execute(statement)})
    return counts


async def node_figures(session: AsyncSession, journey_id: uuid.UUID) -> list[NodeFigures]:
    """Per node: enrollments that reached it (a step ran there or they are there) and those there now, in SQL."""
    at_node = select(
        JourneyEnrollment.id.label("enrollment_id"),
        JourneyEnrollment.current_node.label("node_id"),
        JourneyEnrollment.status.in_(("active", "waiting")).label("open"),
    ).where(JourneyEnrollment.journey_id == journey_id)
    stepped = select(
        JourneyStepRun.enrollment_id, JourneyStepRun.node_id, (JourneyStepRun.id.is_(None)).label("open")
    ).where(JourneyStepRun.journey_id == journey_id)
    both = union_all(at_node, stepped).subquery("visits")
    waiting = func.count(func.distinct(both.c.enrollment_id)).filter(both.c.open)
    statement = (
        select(both.c.node_id, func.count(func.distinct(both.c.enrollment_id)), waiting)
        .group_by(both.c.node_id)
        .order_by(both.c.node_id)
    )
    return [NodeFigures(row[0], int(row[1]), int(row[2])) for row in await session.execute(statement)]

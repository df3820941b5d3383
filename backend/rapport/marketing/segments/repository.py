"""All SQL of segments: lists, lookups and the statements of their members (through the customers' service)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, or_, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core.db import Database
from rapport.core.principal import Principal
from rapport.customers.service import customer_model, segment_candidates
from rapport.graphql.declare import Rows
from rapport.marketing.models import Segment, SegmentMember
from rapport.marketing.scopes import visible_segments
from rapport.marketing.segments import compiler
from rapport.marketing.segments.rules import Group


async def jit_off(session: AsyncSession) -> None:
    """No JIT for the rest of the session's transaction: a segment's statement (a rule tree's subqueries, each costed
    over its whole table) passes `jit_above_cost`, and compiling it with LLVM took longer than running it."""
    await session.execute(text("SET LOCAL jit = off"))


@asynccontextmanager
async def counting(db: Database) -> AsyncIterator[AsyncSession]:
    """A transaction with JIT off for segment counts, previews and members; it writes nothing and is rolled back
    when the session closes."""
    async with db.sessions() as session:
        await jit_off(session)
        yield session


#: Segments as lists show them: most recently changed first.
NEWEST_FIRST = (Segment.updated_at.desc(), Segment.id.desc())


@dataclass(frozen=True)
class SegmentFilterSpec:
    """What a segment list is filtered by."""

    kinds: Sequence[str] | None = None
    search: str | None = None


def segment_rows(principal: Principal | None, spec: SegmentFilterSpec) -> Rows:
    """Visible segments matching a filter, most recently changed first (`Query.segments`)."""
    stmt = select(Segment).where(visible_segments(principal))
    if spec.kinds:
        stmt = stmt.where(Segment.kind.in_(list(spec.kinds)))
    if spec.search:
        escaped = spec.search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        pattern = f"%{escaped}%"
        stmt = stmt.where(
            or_(Segment.name.ilike(pattern, escape="\\"), Segment.description.ilike(pattern, escape="\\"))
        )
    return Rows(stmt, NEWEST_FIRST)


def visible_segment(principal: Principal | None, segment_id: Any) -> Rows:
    """The segment with this id (a value or a bound parameter) if the caller may see it (`Query.segment`)."""
    return Rows(select(Segment).where(Segment.id == segment_id, visible_segments(principal)))


async def segment_by_id(
    session: AsyncSession, principal: Principal | None, ids: Sequence[uuid.UUID]
) -> list[Segment | None]:
    """Visible segments by id (the scoped batch load of `segment`, `node` and payloads)."""
    stmt = select(Segment).where(Segment.id.in_(list(ids)), visible_segments(principal))
    found = {row.id: row for row in (await session.scalars(stmt)).all()}
    return [found.get(i) for i in ids]


def member_rows(segment: Segment, tree: Group | None, now: datetime, principal: Principal | None) -> Rows:
    """The customers of a segment that `principal` may see, newest first: a static segment's frozen members, a
    dynamic one's rules evaluated now (`tree`)."""
    customer = customer_model()
    stmt = select(customer).where(segment_candidates(principal))
    if tree is None:
        frozen = select(SegmentMember.customer_id).where(SegmentMember.segment_id == segment.id)
        stmt = stmt.where(customer.id.in_(frozen))
    else:
        stmt = stmt.where(compiler.condition_of(tree, now, principal))
    return Rows(stmt, (customer.created_at.desc(), customer.id.desc()))


def sample_rows(tree: Group, now: datetime, principal: Principal | None, limit: int) -> Select[Any]:
    """A few customers the rules select (newest first), as a statement of customer rows."""
    customer = customer_model()
    stmt = select(customer).where(compiler.condition_of(tree, now, principal), segment_candidates(principal))
    return stmt.order_by(customer.created_at.desc(), customer.id.desc()).limit(limit)


class SegmentRepository:
    """Queries and writes of segments."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def visible_for_update(self, principal: Principal | None, segment_id: uuid.UUID) -> Segment | None:
        """A segment the caller may see, locked for this transaction."""
        stmt = select(Segment).where(Segment.id == segment_id, visible_segments(principal)).with_for_update()
        return (await self.session.scalars(stmt)).first()

    async def visible(self, principal: Principal | None, segment_id: uuid.UUID) -> Segment | None:
        """A segment the caller may see."""
        stmt = select(Segment).where(Segment.id == segment_id, visible_segments(principal))
        return (await self.session.scalars(stmt)).first()

    async def count(self, statement: Select[Any]) -> int:
        """The value of a count statement."""
        return int(await self.session.scalar(statement) or 0)

    async def stored_members(self, segment_id: uuid.UUID) -> int:
        """How many members a static segment holds."""
        stmt = select(func.count()).where(SegmentMember.segment_id == segment_id)
        return int(await self.session.scalar(stmt) or 0)

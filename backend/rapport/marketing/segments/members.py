"""Members of segments: frozen snapshots (static segments) that campaigns send to."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import DateTime, Select, Uuid, func, insert, literal, select
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core import clock
from rapport.core.errors import NotFoundError
from rapport.core.ids import uuid7
from rapport.core.principal import Principal
from rapport.marketing.models import Segment, SegmentMember


def static_members(segment_id: uuid.UUID) -> Select[Any]:
    """The customer ids of a static segment, as a statement."""
    return select(SegmentMember.customer_id).where(SegmentMember.segment_id == segment_id)


async def freeze(session: AsyncSession, principal: Principal, segment_id: uuid.UUID, *, name: str) -> Segment:
    """A new static segment holding the members `segment_id` has now (as `principal` may see them), owned by
    `principal`; e.g. the audience of a campaign's send.

    Dynamic segments are evaluated by the rule compiler (`rapport.marketing.segments.rules`)."""
    source = await session.get(Segment, segment_id)
    if source is None:
        raise NotFoundError("No segment with that id.")
    if source.kind != "static":
        raise NotImplementedError("dynamic segments are frozen by the rule compiler")
    now = clock.now()
    frozen = Segment(
        id=uuid7(),
        name=name,
        kind="static",
        rules={},
        owner_id=principal.user_id,
        team_id=principal.team_id,
        frozen_at=now,
        member_count=0,
        source_id=source.id,
    )
    session.add(frozen)
    await session.flush()
    members = select(
        literal(frozen.id, Uuid()), SegmentMember.customer_id, literal(now, DateTime(timezone=True))
    ).where(SegmentMember.segment_id == source.id)
    await session.execute(insert(SegmentMember).from_select(["segment_id", "customer_id", "added_at"], members))
    frozen.member_count = int(
        await session.scalar(select(func.count()).where(SegmentMember.segment_id == frozen.id)) or 0
    )
    return frozen

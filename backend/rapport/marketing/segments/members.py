"""Members of segments: frozen snapshots (static segments) that campaigns send to."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import DateTime, Select, Uuid, insert, literal, select
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core import audit, clock
from rapport.core.errors import ForbiddenError, NotFoundError
from rapport.core.ids import uuid7
from rapport.core.principal import Principal
from rapport.customers.service import customer_model, segment_candidates
from rapport.identity.service import active_principal
from rapport.marketing.models import Segment, SegmentMember
from rapport.marketing.segments import compiler
from rapport.marketing.segments.repository import SegmentRepository, jit_off
from rapport.marketing.segments.rules import Group, parse


def static_members(segment_id: uuid.UUID) -> Select[Any]:
    """The customer ids of a static segment, as a statement."""
    return select(SegmentMember.customer_id).where(SegmentMember.segment_id == segment_id)


def authorized_rules(segment: Segment, principal: Principal | None) -> Group | None:
    """The segment's rule tree, FORBIDDEN when it tests a field the caller may not read. A dynamic segment's rules
    select its members; a static segment's are how its members were chosen, and its members reveal what those rules
    tested just the same, so the same right is needed. None: a static segment without recorded rules."""
    if segment.kind == "static" and not segment.rules:
        return None
    tree = parse(segment.rules)
    compiler.authorize(tree, principal)
    return tree


def current_members(source: Segment, principal: Principal | None) -> Select[Any]:
    """The ids of a segment's members now, as `principal` may see them: a static segment's frozen members, a
    dynamic segment's rules evaluated now (either FORBIDDEN when its rules test a field the caller may not read)."""
    tree = authorized_rules(source, principal)
    if source.kind == "static" or tree is None:
        customer_id = SegmentMember.customer_id
        candidates = select(customer_model().id).where(segment_candidates(principal))
        return static_members(source.id).where(customer_id.in_(candidates))
    return compiler.member_ids(tree, clock.now(), principal)


async def freeze(session: AsyncSession, principal: Principal, segment_id: uuid.UUID, *, name: str) -> Segment:
    """A new static segment holding the members `segment_id` has now (as `principal` may see them), owned by
    `principal`; e.g. the audience of a campaign's send. NOT_FOUND when the caller may not see the segment."""
    source = await SegmentRepository(session).visible(principal, segment_id)
    if source is None:
        raise NotFoundError("No segment with that id.")
    members = current_members(source, principal).subquery("members")
    await jit_off(session)
    now = clock.now()
    frozen = Segment(
        id=uuid7(),
        name=name,
        description=source.description,
        kind="static",
        rules=source.rules,
        preset=source.preset,
        owner_id=principal.user_id,
        team_id=principal.team_id,
        frozen_at=now,
        member_count=0,
        source_id=source.id,
        created_at=now,
        updated_at=now,
    )
    session.add(frozen)
    await session.flush()
    rows = select(literal(frozen.id, Uuid()), members.c[0], literal(now, DateTime(timezone=True)))
    await session.execute(insert(SegmentMember).from_select(["segment_id", "customer_id", "added_at"], rows))
    frozen.member_count = await SegmentRepository(session).stored_members(frozen.id)
    await session.flush()
    audit.record(
        session,
        actor_id=principal.user_id,
        entity_type="Segment",
        entity_id=frozen.id,
        action="freeze",
        changes={"source": [None, str(source.id)], "members": [None, frozen.member_count]},
    )
    return frozen


async def members_as(session: AsyncSession, segment_id: uuid.UUID, user_id: uuid.UUID | None) -> Select[Any] | None:
    """The ids of a segment's members now as this user may see them (e.g. a journey's owner, whose rights its
    steps run with); None when the user is inactive or may not see the segment or read what its rules test."""
    principal = None if user_id is None else await active_principal(session, user_id)
    if principal is None:
        return None
    source = await SegmentRepository(session).visible(principal, segment_id)
    if source is None:
        return None
    try:
        return current_members(source, principal)
    except ForbiddenError:
        return None

"""Segment rules: saving (validated, authorized by what the rules read), deleting, counting and previewing."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core import audit, clock
from rapport.core.errors import BadUserInputError, ConflictError, NotFoundError
from rapport.core.i18n import msg
from rapport.core.ids import uuid7
from rapport.core.principal import Principal
from rapport.marketing.campaigns.models import Campaign
from rapport.marketing.models import Segment
from rapport.marketing.segments import compiler, presets
from rapport.marketing.segments.members import authorized_rules, current_members
from rapport.marketing.segments.repository import SegmentRepository, sample_rows
from rapport.marketing.segments.rules import Group, dump, parse

#: How many customers a preview shows.
SAMPLE = 10


def checked_rules(raw: Any, principal: Principal | None, path: str = "rules") -> Group:
    """A rule tree validated (BAD_USER_INPUT) and allowed for the caller (FORBIDDEN)."""
    tree = parse(raw, path)
    compiler.authorize(tree, principal)
    return tree


async def count_of(session: AsyncSession, principal: Principal | None, tree: Group, now: datetime) -> int:
    """How many customers a checked rule tree selects now that the caller may see (one statement)."""
    return await SegmentRepository(session).count(compiler.member_count(tree, now, principal))


async def sample_of(session: AsyncSession, principal: Principal | None, tree: Group, now: datetime) -> list[Any]:
    """The newest few customers a checked rule tree selects that the caller may see."""
    return list((await session.scalars(sample_rows(tree, now, principal, SAMPLE))).all())


async def member_count(session: AsyncSession, principal: Principal | None, segment: Segment) -> int:
    """A segment's members the caller may see: a static segment's frozen ones, a dynamic one's counted now; both
    under the caller's scope and FORBIDDEN when the rules test a field the caller may not read."""
    if segment.kind == "static":
        members = current_members(segment, principal).subquery()
        return int(await session.scalar(select(func.count()).select_from(members)) or 0)
    tree = authorized_rules(segment, principal)
    assert tree is not None  # a dynamic segment always has rules
    return await SegmentRepository(session).count(compiler.member_count(tree, clock.now(), principal))


def _text(values: Mapping[str, Any], key: str, limit: int) -> str | None:
    value = values.get(key)
    if value is None:
        return None
    text = str(value).strip()
    if len(text) > limit:
        raise BadUserInputError(msg("{field} is at most {limit} characters.", field=key, limit=limit), field=key)
    return text or None


async def save_segment(
    session: AsyncSession,
    principal: Principal,
    segment_id: uuid.UUID | None,
    version: int | None,
    values: Mapping[str, Any],
) -> Segment:
    """Create a segment or change one at its current version (CONFLICT when stale). A static segment's rules are
    the record of how it was made: its members stay as frozen."""
    name = _text(values, "name", 200)
    if not name:
        raise BadUserInputError(msg("Give the segment a name."), field="name")
    description = _text(values, "description", 2000)
    preset = values.get("preset")
    if preset is not None and preset not in presets.BY_KEY:
        raise BadUserInputError(msg("There is no preset named {preset}.", preset=str(preset)), field="preset")
    rules = dump(checked_rules(values.get("rules"), principal))
    now = clock.now()
    if segment_id is None:
        kind = str(values.get("kind") or "dynamic")
        if kind != "dynamic":
            raise BadUserInputError(msg("Static segments are made by freezing a segment."), field="kind")
        segment = Segment(
            id=uuid7(), version=1, created_at=now, kind=kind, owner_id=principal.user_id, team_id=principal.team_id
        )
        session.add(segment)
        before: dict[str, Any] = {}
    else:
        found = await SegmentRepository(session).visible_for_update(principal, segment_id)
        if found is None:
            raise NotFoundError("No segment with that id.")
        if version is None or found.version != version:
            raise ConflictError("The segment was changed by someone else; reload it.", currentVersion=found.version)
        if values.get("kind") is not None and values["kind"] != found.kind:
            raise BadUserInputError(msg("A segment's kind cannot change; freeze it instead."), field="kind")
        if found.kind == "static" and rules != found.rules:
            raise BadUserInputError(
                msg("A static segment's members are frozen: its rules cannot change."), field="rules"
            )
        segment = found
        before = {"name": found.name, "rules": found.rules}
    segment.name, segment.description, segment.rules, segment.preset = name, description, rules, preset
    segment.updated_at = now
    await session.flush()
    audit.record(
        session,
        actor_id=principal.user_id,
        entity_type="Segment",
        entity_id=segment.id,
        action="create" if segment_id is None else "update",
        changes={"name": [before.get("name"), name], "rules": [before.get("rules"), rules]},
    )
    return segment


async def delete_segment(session: AsyncSession, principal: Principal, segment_id: uuid.UUID, version: int) -> None:
    """Delete a segment at its current version (its frozen members go with it); refused while a scheduled or sending
    campaign sends to it (as its chosen segment or its frozen audience)."""
    found = await SegmentRepository(session).visible_for_update(principal, segment_id)
    if found is None:
        raise NotFoundError("No segment with that id.")
    if found.version != version:
        raise ConflictError("The segment was changed by someone else; reload it.", currentVersion=found.version)
    used = select(Campaign.id).where(
        or_(Campaign.segment_id == found.id, Campaign.audience_id == found.id),
        Campaign.status.in_(("scheduled", "sending")),
    )
    if await session.scalar(used.limit(1)) is not None:  # deleting it would make the campaign send to nobody
        raise BadUserInputError(
            msg("A scheduled or sending campaign sends to this segment; cancel the campaign first."), field="id"
        )
    audit.record(
        session,
        actor_id=principal.user_id,
        entity_type="Segment",
        entity_id=found.id,
        action="delete",
        changes={"name": [found.name, None], "kind": [found.kind, None]},
    )
    await session.execute(delete(Segment).where(Segment.id == found.id))

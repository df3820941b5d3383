"""Who gets a lead: given by hand, or picked by the assignment rules (territory, round robin, least load)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from rapport.activities.service import notify
from rapport.core import audit, regions
from rapport.core.errors import BadUserInputError, NotFoundError
from rapport.core.i18n import msg
from rapport.core.principal import Principal
from rapport.sales.admin import load_or_new, record_save
from rapport.sales.force import seller
from rapport.sales.leads.repository import LeadRepository
from rapport.sales.models import Lead, LeadRule, LeadStatus


async def give(session: AsyncSession, lead: Lead, user_id: uuid.UUID, actor: Principal | None, how: str) -> None:
    """Make an active member of the sales force the lead's owner (they are told); `how` says by what."""
    user = await seller(session, user_id)
    if user is None:
        raise BadUserInputError("The new owner must be an active member of the sales force.", field="ownerId")
    before = lead.owner_id
    lead.owner_id, lead.team_id = user.id, user.team_id
    if lead.status == LeadStatus.NEW.value and how == "manual" and actor is not None and actor.user_id == user_id:
        lead.status = LeadStatus.WORKING.value
    await session.flush()
    if before != user.id:
        notify(
            session,
            user.id,
            kind="lead_assigned",
            title=msg("New lead: {name}", name=lead.name),
            entity_type="Lead",
            entity_id=lead.id,
        )
        audit.record(
            session,
            actor_id=actor.user_id if actor else None,
            entity_type="Lead",
            entity_id=lead.id,
            action="assign",
            changes={"ownerId": [str(before) if before else None, str(user.id)], "by": [None, how]},
        )


async def apply_rules(session: AsyncSession, lead: Lead, actor: Principal | None) -> uuid.UUID | None:
    """The first matching rule picks the owner: territory, round robin in a team, or the least loaded rep."""
    repo = LeadRepository(session)
    for rule in await repo.lead_rules():
        if rule.province is not None and not regions.same_province(rule.province, lead.province):
            continue
        if rule.source is not None and rule.source != lead.source:
            continue
        owner: uuid.UUID | None = None
        if rule.kind == "territory" and rule.user_id is not None:
            if await seller(session, rule.user_id) is None:
                continue  # a rule naming someone who left sales does not lose the lead: the next rule decides
            owner = rule.user_id
        elif rule.team_id is not None:
            reps = await repo.team_reps(rule.team_id)
            if not reps:
                continue
            # One lead at a time per rule: round robin advances and load counts are read under the rule's lock.
            locked = await repo.lock_rule(rule.id)
            assert locked is not None
            if rule.kind == "round_robin" or rule.kind == "territory":
                ids = [r.id for r in reps]
                nxt = (ids.index(locked.last_user_id) + 1) % len(ids) if locked.last_user_id in ids else 0
                owner = ids[nxt]
                locked.last_user_id = owner
            else:  # load
                counts = await repo.open_lead_counts([r.id for r in reps])
                owner = min(reps, key=lambda r: (counts.get(r.id, 0), r.email)).id
        if owner is not None:
            await give(session, lead, owner, actor, f"rule:{rule.kind}")
            return owner
    return None


async def save_lead_rule(
    session: AsyncSession, actor: Principal, rule_id: uuid.UUID | None, version: int | None, values: Mapping[str, Any]
) -> LeadRule:
    """Create or change an assignment rule."""
    kind = values.get("kind")
    if kind not in ("territory", "round_robin", "load"):
        raise BadUserInputError("kind is territory, round_robin or load.", field="kind")
    if kind == "territory" and not values.get("user_id") and not values.get("team_id"):
        raise BadUserInputError("A territory goes to a rep or a team.", field="userId")
    if kind != "territory" and not values.get("team_id"):
        raise BadUserInputError("Round robin and load rules need a team.", field="teamId")
    user_id = values.get("user_id")
    if user_id is not None and await seller(session, user_id) is None:
        raise BadUserInputError("Territories go to active members of the sales force.", field="userId")
    rule: LeadRule = await load_or_new(session, LeadRule, rule_id, version, "assignment rule")
    for key in ("position", "kind", "province", "source", "team_id", "user_id", "active"):
        if key in values:
            setattr(rule, key, values[key])
    await session.flush()
    record_save(session, actor, "LeadRule", rule.id, values)
    return rule


async def delete_lead_rule(session: AsyncSession, actor: Principal, rule_id: uuid.UUID) -> None:
    """Remove an assignment rule."""
    if not await LeadRepository(session).delete_rule(rule_id):
        raise NotFoundError("No assignment rule with that id.")
    audit.record(session, actor_id=actor.user_id, entity_type="LeadRule", entity_id=rule_id, action="delete")

"""Rules of the service desk's rules: what makes a routing rule, SLA policy, calendar or profile valid; audited."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import time
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core import audit, clock
from rapport.core.errors import BadUserInputError, ConflictError, NotFoundError
from rapport.core.i18n import msg, renames
from rapport.core.ids import uuid7
from rapport.core.principal import Principal
from rapport.support.admin.repository import RulesRepository
from rapport.support.models import AgentProfile, BusinessCalendar, Priority, RoutingRule, SlaPolicy
from rapport.support.queues import is_queue

#: What a row is, as a word of the reader's language.
_WHAT = {
    "routing rule": msg("routing rule"),
    "SLA policy": msg("SLA policy"),
    "calendar": msg("calendar"),
}


async def _load(session: AsyncSession, model: Any, row_id: uuid.UUID | None, version: int | None, what: str) -> Any:
    now = clock.now()
    if row_id is None:
        row = model(id=uuid7(), version=1, created_at=now, updated_at=now)
        session.add(row)
        return row
    row = await RulesRepository(session).locked(model, row_id)
    if row is None:
        raise NotFoundError(msg("No {what} with that id.", what=_WHAT.get(what, what)))
    if version is not None and row.version != version:
        raise ConflictError(
            msg("The {what} was changed by someone else; reload it.", what=_WHAT.get(what, what)),
            currentVersion=row.version,
        )
    row.updated_at = now
    return row


async def save_routing_rule(
    session: AsyncSession, actor: Principal, rule_id: uuid.UUID | None, version: int | None, values: Mapping[str, Any]
) -> RoutingRule:
    """Create or change a routing rule."""
    if not (values.get("category") or "").strip():
        raise BadUserInputError("A rule needs a category.", field="category")
    if not await is_queue(session, values.get("queue_id")):
        raise BadUserInputError("The queue must be a service team.", field="queueId")
    if values.get("priority") is not None and values["priority"] not in {p.value for p in Priority}:
        raise BadUserInputError("Unknown priority.", field="priority")
    rule: RoutingRule = await _load(session, RoutingRule, rule_id, version, "routing rule")
    for key in ("position", "category", "channel", "customer_grade", "queue_id", "skill", "priority", "active"):
        if key in values:
            setattr(rule, key, values[key])
    rule.category = rule.category.strip()
    await session.flush()
    audit.record(
        session,
        actor_id=actor.user_id,
        entity_type="RoutingRule",
        entity_id=rule.id,
        action="save",
        changes={k: [None, str(v)] for k, v in values.items()},
    )
    return rule


async def delete_routing_rule(session: AsyncSession, actor: Principal, rule_id: uuid.UUID) -> None:
    """Remove a routing rule."""
    if not await RulesRepository(session).delete_routing_rule(rule_id):
        raise NotFoundError("No routing rule with that id.")
    audit.record(session, actor_id=actor.user_id, entity_type="RoutingRule", entity_id=rule_id, action="delete")


async def save_sla_policy(
    session: AsyncSession, actor: Principal, policy_id: uuid.UUID | None, version: int | None, values: Mapping[str, Any]
) -> SlaPolicy:
    """Create or change an SLA policy."""
    first, resolution = values.get("first_response_minutes"), values.get("resolution_minutes")
    if not isinstance(first, int) or first <= 0:
        raise BadUserInputError(
            "The first-response target must be a positive number of minutes.", field="firstResponseMinutes"
        )
    if not isinstance(resolution, int) or resolution < first:
        raise BadUserInputError(
            "The resolution target must be at least the first-response target.", field="resolutionMinutes"
        )
    if not (values.get("name") or "").strip():
        raise BadUserInputError("Name the policy.", field="name")
    policy: SlaPolicy = await _load(session, SlaPolicy, policy_id, version, "SLA policy")
    if "name" in values and (policy_id is None or renames(policy.name, policy.labels, values["name"])):
        policy.name, policy.labels = values["name"], None  # a name people type stays as typed
    for key in (
        "position",
        "priority",
        "category",
        "first_response_minutes",
        "resolution_minutes",
        "calendar_id",
        "active",
    ):
        if key in values:
            setattr(policy, key, values[key])
    await session.flush()
    audit.record(
        session,
        actor_id=actor.user_id,
        entity_type="SlaPolicy",
        entity_id=policy.id,
        action="save",
        changes={k: [None, str(v)] for k, v in values.items()},
    )
    return policy


async def save_calendar(
    session: AsyncSession,
    actor: Principal,
    calendar_id: uuid.UUID | None,
    version: int | None,
    values: Mapping[str, Any],
) -> BusinessCalendar:
    """Create or change a business calendar."""
    try:
        ZoneInfo(values.get("timezone") or "Asia/Shanghai")
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise BadUserInputError("Unknown time zone, e.g. Asia/Shanghai.", field="timezone") from error
    days = values.get("working_days") or []
    if not days or any(d not in range(1, 8) for d in days):
        raise BadUserInputError("Working days are 1 (Monday) to 7 (Sunday); give at least one.", field="workingDays")
    start, end = values.get("day_start") or time(9), values.get("day_end") or time(18)
    if end <= start:
        raise BadUserInputError("The working day must end after it starts.", field="dayEnd")
    calendar: BusinessCalendar = await _load(session, BusinessCalendar, calendar_id, version, "calendar")
    calendar.name = (values.get("name") or "").strip() or "Calendar"
    calendar.timezone = values.get("timezone") or "Asia/Shanghai"
    calendar.working_days = sorted(set(days))
    calendar.day_start, calendar.day_end = start, end
    calendar.holidays = sorted(set(values.get("holidays") or []))
    await session.flush()
    audit.record(
        session,
        actor_id=actor.user_id,
        entity_type="BusinessCalendar",
        entity_id=calendar.id,
        action="save",
        changes={"name": [None, calendar.name]},
    )
    return calendar


async def set_agent_profile(
    session: AsyncSession, actor: Principal, user_id: uuid.UUID, skills: list[str], available: bool, max_open: int
) -> AgentProfile:
    """An agent's skills, availability and the most open tickets routing gives them."""
    if max_open < 1:
        raise BadUserInputError("maxOpen must be at least 1.", field="maxOpen")
    clean = sorted({s.strip() for s in skills if s.strip()})
    profile = await RulesRepository(session).put_agent_profile(user_id, clean, available, max_open)
    audit.record(
        session,
        actor_id=actor.user_id,
        entity_type="AgentProfile",
        entity_id=user_id,
        action="save",
        changes={"skills": [None, clean], "available": [None, available], "maxOpen": [None, max_open]},
    )
    return profile


async def set_auto_close_days(session: AsyncSession, actor: Principal, days: int) -> int:
    """Days after which a resolved, unrated ticket closes itself."""
    if not 1 <= days <= 90:
        raise BadUserInputError("Between 1 and 90 days.", field="autoCloseDays")
    await RulesRepository(session).put_setting("auto_close", {"days": days})
    audit.record(
        session,
        actor_id=actor.user_id,
        entity_type="SupportSetting",
        entity_id=None,
        action="save",
        changes={"autoCloseDays": [None, days]},
    )
    return days

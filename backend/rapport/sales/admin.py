"""Sales rules as data: lead assignment rules, pipeline stages, pool rules and targets."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core import audit, clock
from rapport.core.errors import BadUserInputError, ConflictError, NotFoundError
from rapport.core.ids import uuid7
from rapport.core.principal import Principal
from rapport.sales.models import LeadRule, PipelineStage, PoolRule, SalesTarget, money
from rapport.sales.repository import SalesRepository


async def _load(session: AsyncSession, model: Any, row_id: uuid.UUID | None, version: int | None, what: str) -> Any:
    now = clock.now()
    if row_id is None:
        row = model(id=uuid7(), version=1, created_at=now, updated_at=now)
        session.add(row)
        return row
    row = await session.get(model, row_id, with_for_update=True)
    if row is None:
        raise NotFoundError(f"No {what} with that id.")
    if version is not None and row.version != version:
        raise ConflictError(f"The {what} was changed by someone else; reload it.", currentVersion=row.version)
    row.updated_at = now
    return row


def _audit(session: AsyncSession, actor: Principal, entity: str, row_id: uuid.UUID, values: Mapping[str, Any]) -> None:
    audit.record(
        session,
        actor_id=actor.user_id,
        entity_type=entity,
        entity_id=row_id,
        action="save",
        changes={k: [None, str(v)] for k, v in values.items()},
    )


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
    repo = SalesRepository(session)
    user_id = values.get("user_id")
    if user_id is not None:
        user = await repo.user(user_id)
        if user is None or not user.active or not await repo.sells(user_id):
            raise BadUserInputError("Territories go to active members of the sales force.", field="userId")
    rule: LeadRule = await _load(session, LeadRule, rule_id, version, "assignment rule")
    for key in ("position", "kind", "province", "source", "team_id", "user_id", "active"):
        if key in values:
            setattr(rule, key, values[key])
    await session.flush()
    _audit(session, actor, "LeadRule", rule.id, values)
    return rule


async def delete_lead_rule(session: AsyncSession, actor: Principal, rule_id: uuid.UUID) -> None:
    """Remove an assignment rule."""
    result = await session.execute(delete(LeadRule).where(LeadRule.id == rule_id))
    if not result.rowcount:  # type: ignore[attr-defined]
        raise NotFoundError("No assignment rule with that id.")
    audit.record(session, actor_id=actor.user_id, entity_type="LeadRule", entity_id=rule_id, action="delete")


async def save_stage(
    session: AsyncSession, actor: Principal, stage_id: uuid.UUID | None, version: int | None, values: Mapping[str, Any]
) -> PipelineStage:
    """Create or change a pipeline stage (order, win probability, approval gate)."""
    probability = values.get("probability")
    if not isinstance(probability, int) or not 0 <= probability <= 100:
        raise BadUserInputError("The probability is a percentage from 0 to 100.", field="probability")
    threshold = values.get("approval_threshold")
    if threshold is not None:
        values = {**values, "approval_threshold": money(threshold, "approvalThreshold")}
    if not (values.get("name") or "").strip():
        raise BadUserInputError("Name the stage.", field="name")
    stages = list((await session.execute(select(PipelineStage).order_by(PipelineStage.position))).scalars())
    key = values.get("key")
    if key is not None and any(s.key == key and s.id != stage_id for s in stages):
        raise BadUserInputError(f"Another stage has the key {key}.", field="key")
    if stage_id is None and not key:
        raise BadUserInputError("Give a new stage a key, e.g. negotiation.", field="key")
    stage: PipelineStage = await _load(session, PipelineStage, stage_id, version, "stage")
    if stage_id is None and values.get("position") is None:
        stage.position = max((s.position for s in stages), default=0) + 1
    for key in ("key", "name", "position", "probability", "requires_approval", "is_won", "is_lost"):
        if values.get(key) is not None:
            setattr(stage, key, values[key])
    if "approval_threshold" in values:  # null: approval at any amount
        stage.approval_threshold = values["approval_threshold"]
    for key in ("requires_approval", "is_won", "is_lost"):
        if getattr(stage, key) is None:
            setattr(stage, key, False)
    if stage.is_won and stage.is_lost:
        raise BadUserInputError("A stage cannot be both won and lost.", field="isLost")
    await session.flush()
    _audit(session, actor, "PipelineStage", stage.id, values)
    return stage


async def save_pool_rule(session: AsyncSession, actor: Principal, values: Mapping[str, Any]) -> PoolRule:
    """Create or change the pool rule of a grade (null grade: the default rule)."""
    for key, low in (
        ("days_without_follow_up", 1),
        ("warn_days_before", 0),
        ("daily_claim_limit", 0),
        ("reclaim_cooldown_days", 0),
    ):
        if not isinstance(values.get(key), int) or values[key] < low:
            raise BadUserInputError(f"{key} must be a whole number of at least {low}.", field=key)
    if values["warn_days_before"] >= values["days_without_follow_up"]:
        raise BadUserInputError("Warn before the customer returns to the pool.", field="warnDaysBefore")
    grade = values.get("grade")
    existing = (
        await session.execute(
            select(PoolRule).where(PoolRule.grade.is_(None) if grade is None else PoolRule.grade == grade)
        )
    ).scalar_one_or_none()
    rule: PoolRule = existing or await _load(session, PoolRule, None, None, "pool rule")
    rule.updated_at = clock.now()
    for key in (
        "grade",
        "days_without_follow_up",
        "warn_days_before",
        "daily_claim_limit",
        "reclaim_cooldown_days",
        "exempt_from_stage_position",
    ):
        if key in values:
            setattr(rule, key, values[key])
    await session.flush()
    _audit(session, actor, "PoolRule", rule.id, values)
    return rule


async def set_target(
    session: AsyncSession,
    actor: Principal,
    *,
    user_id: uuid.UUID | None,
    team_id: uuid.UUID | None,
    period: str,
    period_start: date,
    amount: Decimal,
) -> SalesTarget:
    """Set the target of a rep or team for a month or quarter (replacing one set before)."""
    if (user_id is None) == (team_id is None):
        raise BadUserInputError("A target is for a rep or for a team.", field="userId")
    if period not in ("month", "quarter"):
        raise BadUserInputError("period is month or quarter.", field="period")
    if period_start.day != 1 or (period == "quarter" and period_start.month % 3 != 1):
        raise BadUserInputError("A period starts on the first day of a month (of a quarter).", field="periodStart")
    amount = money(amount, "amount")
    stmt = select(SalesTarget).where(
        SalesTarget.period == period,
        SalesTarget.period_start == period_start,
        SalesTarget.user_id.is_(None) if user_id is None else SalesTarget.user_id == user_id,
        SalesTarget.team_id.is_(None) if team_id is None else SalesTarget.team_id == team_id,
    )
    target = (await session.execute(stmt)).scalar_one_or_none()
    if target is None:
        target = await _load(session, SalesTarget, None, None, "target")
        target.user_id, target.team_id, target.period, target.period_start = user_id, team_id, period, period_start
    target.amount = amount
    target.updated_at = clock.now()
    await session.flush()
    _audit(session, actor, "SalesTarget", target.id, {"amount": amount, "period": period, "start": period_start})
    return target

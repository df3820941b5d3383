"""The public customer pool: reclaim after N days without follow-up, warnings, claims with limits, allocation."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from rapport.activities.service import notify
from rapport.core import audit, clock
from rapport.core.authz.policy import Scope, current
from rapport.core.authz.scopes import referenced
from rapport.core.domain_events import emit
from rapport.core.errors import BadUserInputError, NotFoundError
from rapport.core.i18n import msg, typed
from rapport.core.principal import Principal
from rapport.customers.service import mark_pool_warned, release_customer, take_customer
from rapport.graphql.declare import NOW
from rapport.sales.admin import load_or_new, record_save
from rapport.sales.force import in_team_subtree, seller
from rapport.sales.models import POOL_EVENTS, PoolMovement, PoolRule
from rapport.sales.pipeline.repository import PipelineRepository
from rapport.sales.pool import repository
from rapport.sales.pool.repository import PoolRepository

LOCAL = clock.BUSINESS_TZ  # "today" for daily claim limits
DEFAULTS = PoolRule(days_without_follow_up=30, warn_days_before=3, daily_claim_limit=5, reclaim_cooldown_days=7)


def rule_for(rules: dict[str | None, PoolRule], grade: str | None) -> PoolRule:
    """The rule of a grade, else the default rule, else the built-in defaults."""
    return rules.get(grade) or rules.get(None) or DEFAULTS


def _move(
    session: AsyncSession,
    customer: Any,
    kind: str,
    user_id: uuid.UUID | None,
    actor_id: uuid.UUID | None,
    data: dict[str, object],
) -> None:
    session.add(
        PoolMovement(customer_id=customer.id, kind=kind, user_id=user_id, actor_id=actor_id, data=data, at=clock.now())
    )
    audit.record(
        session,
        actor_id=actor_id,
        entity_type="Customer",
        entity_id=customer.id,
        action=f"pool_{kind}",
        changes={"userId": [None, str(user_id) if user_id else None], **{k: [None, v] for k, v in data.items()}},
    )
    if kind != "warned":  # a warning changes nothing of the customer
        emit(session, "customer.updated", "Customer", customer.id, actor_id=actor_id, changed=["owner", "poolStatus"])


async def warn(session: AsyncSession, now: datetime, batch: int = 500) -> int:
    """Warn owners once, M days before their customers return to the pool."""
    due = await PoolRepository(session).claim_pool_work(now, "warn", batch)
    for customer, days, warn_days in due:
        mark_pool_warned(customer)
        assert customer.owner_id is not None
        notify(
            session,
            customer.owner_id,
            kind="pool_warning",
            title=msg("{name}: back to the pool soon", name=customer.name),
            body=msg(
                "No follow-up for {idle} days; it returns to the public pool in {left} days.",
                idle=days - warn_days,
                left=warn_days,
            ),
            entity_type="Customer",
            entity_id=customer.id,
        )
        _move(session, customer, "warned", customer.owner_id, None, {"days": days})
    await session.flush()
    return len(due)


async def reclaim(session: AsyncSession, now: datetime, batch: int = 500) -> int:
    """Return customers without follow-up for N days to the public pool (once each; rows locked)."""
    due = await PoolRepository(session).claim_pool_work(now, "reclaim", batch)
    for customer, days, _ in due:
        owner = customer.owner_id
        release_customer(customer)
        if owner is not None:
            notify(
                session,
                owner,
                kind="pool_reclaimed",
                title=msg("{name} returned to the public pool", name=customer.name),
                entity_type="Customer",
                entity_id=customer.id,
            )
        _move(session, customer, "reclaimed", owner, None, {"days": days})
    await session.flush()
    return len(due)


async def _pool_customer(session: AsyncSession, customer_id: uuid.UUID) -> Any:
    customer = await PoolRepository(session).customer_for_update(customer_id)
    if customer is None or customer.pool_status != "public" or customer.merged_into_id is not None:
        raise NotFoundError("No customer with that id in the public pool.")
    return customer


async def claim(session: AsyncSession, principal: Principal, customer_id: uuid.UUID) -> Any:
    """A rep takes a pool customer: within the daily limit, and not one they lost within the cooldown."""
    repo = PoolRepository(session)
    await repo.lock_claims(principal.user_id)
    customer = await _pool_customer(session, customer_id)
    rule = rule_for(await repo.pool_rules(), customer.grade)
    now = clock.now()
    today = datetime.combine(now.astimezone(LOCAL).date(), datetime.min.time(), LOCAL)
    claimed = await repo.claims_since(principal.user_id, today)
    if claimed >= rule.daily_claim_limit:
        raise BadUserInputError(
            msg(
                "You claimed {claimed} customers today; the limit is {limit}.",
                claimed=claimed,
                limit=rule.daily_claim_limit,
            ),
            field="customerId",
            reason="CLAIM_LIMIT",
        )
    lost = await repo.lost_to_pool_at(customer.id, principal.user_id)
    if lost is not None and now - lost < timedelta(days=rule.reclaim_cooldown_days):
        until = lost + timedelta(days=rule.reclaim_cooldown_days)
        raise BadUserInputError(
            msg("You lost this customer to the pool; you can claim it again from {until}.", until=until.date()),
            field="customerId",
            reason="COOLDOWN",
        )
    take_customer(customer, principal.user_id, principal.team_id)
    await PipelineRepository(session).move_open_opportunities(customer.id, principal.user_id, principal.team_id, now)
    _move(session, customer, "claimed", principal.user_id, principal.user_id, {})
    await session.flush()
    return customer


async def allocate(session: AsyncSession, principal: Principal, customer_id: uuid.UUID, user_id: uuid.UUID) -> Any:
    """A manager gives a pool customer to a member of their team (subtree); directors to anyone."""
    customer = await _pool_customer(session, customer_id)
    scopes = current().for_roles(principal.roles).scope("Customer")
    if Scope.ALL not in scopes and not (
        principal.team_path and await in_team_subtree(session, user_id, principal.team_path)
    ):
        raise BadUserInputError("Allocate to a member of your team.", field="userId")
    user = await seller(session, user_id)
    if user is None:
        raise BadUserInputError("Allocate to an active member of the sales force.", field="userId")
    now = clock.now()
    take_customer(customer, user.id, user.team_id)
    await PipelineRepository(session).move_open_opportunities(customer.id, user.id, user.team_id, now)
    _move(session, customer, "allocated", user.id, principal.user_id, {})
    notify(
        session,
        user.id,
        kind="pool_allocated",
        title=msg("{name} was allocated to you", name=customer.name),
        entity_type="Customer",
        entity_id=customer.id,
    )
    await session.flush()
    return customer


async def release(session: AsyncSession, principal: Principal, customer_id: uuid.UUID, reason: str) -> Any:
    """Give an owned customer back to the public pool, saying why (its owner, or a manager who may see it).

    The one who owned it may not claim it again within the cooldown, as when the pool job reclaims it: a rep
    cannot restart the follow-up clock by giving a customer back and taking it again.
    """
    why = reason.strip()
    if not why:
        raise BadUserInputError("Say why the customer goes back to the public pool.", field="reason")
    customer = await referenced(session, principal, "Customer", customer_id, lock=True)
    if customer.pool_status != "private" or customer.owner_id is None:
        raise BadUserInputError("The customer is in the public pool already.", field="customerId", reason="IN_POOL")
    if customer.archived_at is not None:
        raise BadUserInputError("Unarchive the customer first.", field="customerId", reason="ARCHIVED")
    owner = customer.owner_id
    release_customer(customer)
    _move(session, customer, "released", owner, principal.user_id, {"reason": why[:500]})
    if owner != principal.user_id:
        notify(
            session,
            owner,
            kind="pool_released",
            title=msg("{name} was given back to the public pool", name=customer.name),
            body=typed(why[:500]),
            entity_type="Customer",
            entity_id=customer.id,
        )
    await session.flush()
    return customer


async def claims_left(session: AsyncSession, principal: Principal) -> int:
    """How many more customers the caller may claim today (by the default rule): `Query.poolClaimsLeft`'s statement."""
    statement = repository.claims_left(principal.user_id, DEFAULTS.daily_claim_limit).statement
    return int((await session.execute(statement, {NOW.key: clock.now()})).scalar_one())


async def save_pool_rule(session: AsyncSession, actor: Principal, values: Mapping[str, Any]) -> PoolRule:
    """Create or change the pool rule of a grade (null grade: the default rule)."""
    for key, low in (
        ("days_without_follow_up", 1),
        ("warn_days_before", 0),
        ("daily_claim_limit", 0),
        ("reclaim_cooldown_days", 0),
    ):
        if not isinstance(values.get(key), int) or values[key] < low:
            raise BadUserInputError(msg("{key} must be a whole number of at least {low}.", key=key, low=low), field=key)
    if values["warn_days_before"] >= values["days_without_follow_up"]:
        raise BadUserInputError("Warn before the customer returns to the pool.", field="warnDaysBefore")
    if "counted_events" in values:
        unknown = [kind for kind in values["counted_events"] if kind not in POOL_EVENTS]
        if unknown:
            raise BadUserInputError(msg("Unknown kind of event: {kinds}.", kinds=unknown), field="countedEvents")
        values = {**values, "counted_events": [kind for kind in POOL_EVENTS if kind in values["counted_events"]]}
    existing = await PoolRepository(session).rule_of_grade(values.get("grade"))
    rule: PoolRule = existing or await load_or_new(session, PoolRule, None, None, "pool rule")
    rule.updated_at = clock.now()
    for key in (
        "grade",
        "days_without_follow_up",
        "warn_days_before",
        "daily_claim_limit",
        "reclaim_cooldown_days",
        "exempt_from_stage_position",
        "counted_events",
    ):
        if key in values:
            setattr(rule, key, values[key])
    await session.flush()
    record_save(session, actor, "PoolRule", rule.id, values)
    return rule

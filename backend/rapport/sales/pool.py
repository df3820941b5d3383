"""The public customer pool: reclaim after N days without follow-up, warnings, claims with limits, allocation."""

from __future__ import annotations

import math
import uuid
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from rapport.activities.service import notify
from rapport.core import audit, clock
from rapport.core.authz.policy import Scope, current
from rapport.core.errors import BadUserInputError, NotFoundError
from rapport.core.principal import Principal
from rapport.customers.models import Customer
from rapport.sales.models import PoolMovement, PoolRule
from rapport.sales.repository import SalesRepository

LOCAL = clock.BUSINESS_TZ  # "today" for daily claim limits
DEFAULTS = PoolRule(days_without_follow_up=30, warn_days_before=3, daily_claim_limit=5, reclaim_cooldown_days=7)


def rule_for(rules: dict[str | None, PoolRule], grade: str | None) -> PoolRule:
    """The rule of a grade, else the default rule, else the built-in defaults."""
    return rules.get(grade) or rules.get(None) or DEFAULTS


def days_left(customer: Customer, rule: PoolRule, now: datetime) -> int | None:
    """Days (rounded up) before an owned customer returns to the pool (None in the pool or without owner)."""
    if customer.pool_status != "private" or customer.owner_id is None:
        return None
    since = customer.last_follow_up_at or customer.owned_since or customer.created_at
    deadline = since + timedelta(days=rule.days_without_follow_up)
    return max(0, math.ceil((deadline - now).total_seconds() / 86400))


def _move(
    session: AsyncSession,
    customer: Customer,
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


async def warn(session: AsyncSession, now: datetime, batch: int = 500) -> int:
    """Warn owners once, M days before their customers return to the pool."""
    due = await SalesRepository(session).claim_pool_work(now, "warn", batch)
    for customer, days, warn_days in due:
        customer.pool_warned_at = now
        assert customer.owner_id is not None
        notify(
            session,
            customer.owner_id,
            kind="pool_warning",
            title=f"{customer.name}: back to the pool soon",
            body=f"No follow-up for {days - warn_days} days; it returns to the public pool in {warn_days} days.",
            entity_type="Customer",
            entity_id=customer.id,
        )
        _move(session, customer, "warned", customer.owner_id, None, {"days": days})
    await session.flush()
    return len(due)


async def reclaim(session: AsyncSession, now: datetime, batch: int = 500) -> int:
    """Return customers without follow-up for N days to the public pool (once each; rows locked)."""
    due = await SalesRepository(session).claim_pool_work(now, "reclaim", batch)
    for customer, days, _ in due:
        owner = customer.owner_id
        customer.owner_id, customer.team_id = None, None
        customer.pool_status, customer.in_pool_since, customer.pool_warned_at = "public", now, None
        customer.updated_at = now
        if owner is not None:
            notify(
                session,
                owner,
                kind="pool_reclaimed",
                title=f"{customer.name} returned to the public pool",
                entity_type="Customer",
                entity_id=customer.id,
            )
        _move(session, customer, "reclaimed", owner, None, {"days": days})
    await session.flush()
    return len(due)


async def _pool_customer(session: AsyncSession, customer_id: uuid.UUID) -> Customer:
    customer = await SalesRepository(session).pool_customer_for_update(customer_id)
    if customer is None or customer.pool_status != "public" or customer.merged_into_id is not None:
        raise NotFoundError("No customer with that id in the public pool.")
    return customer


def _take(customer: Customer, user_id: uuid.UUID, team_id: uuid.UUID | None, now: datetime) -> None:
    customer.owner_id, customer.team_id, customer.pool_status = user_id, team_id, "private"
    customer.owned_since, customer.in_pool_since, customer.pool_warned_at = now, None, None
    customer.last_follow_up_at = None
    customer.updated_at = now


async def claim(session: AsyncSession, principal: Principal, customer_id: uuid.UUID) -> Customer:
    """A rep takes a pool customer: within the daily limit, and not one they lost within the cooldown."""
    repo = SalesRepository(session)
    await repo.lock_claims(principal.user_id)
    customer = await _pool_customer(session, customer_id)
    rule = rule_for(await repo.pool_rules(), customer.grade)
    now = clock.now()
    today = datetime.combine(now.astimezone(LOCAL).date(), datetime.min.time(), LOCAL)
    claimed = await repo.claims_since(principal.user_id, today)
    if claimed >= rule.daily_claim_limit:
        raise BadUserInputError(
            f"You claimed {claimed} customers today; the limit is {rule.daily_claim_limit}.",
            field="customerId",
            reason="CLAIM_LIMIT",
        )
    lost = await repo.lost_to_pool_at(customer.id, principal.user_id)
    if lost is not None and now - lost < timedelta(days=rule.reclaim_cooldown_days):
        until = lost + timedelta(days=rule.reclaim_cooldown_days)
        raise BadUserInputError(
            f"You lost this customer to the pool; you can claim it again from {until:%Y-%m-%d}.",
            field="customerId",
            reason="COOLDOWN",
        )
    _take(customer, principal.user_id, principal.team_id, now)
    await repo.move_open_opportunities(customer.id, principal.user_id, principal.team_id, now)
    _move(session, customer, "claimed", principal.user_id, principal.user_id, {})
    await session.flush()
    return customer


async def allocate(session: AsyncSession, principal: Principal, customer_id: uuid.UUID, user_id: uuid.UUID) -> Customer:
    """A manager gives a pool customer to a member of their team (subtree); directors to anyone."""
    customer = await _pool_customer(session, customer_id)
    repo = SalesRepository(session)
    scopes = current().for_roles(principal.roles).scope("Customer")
    if Scope.ALL not in scopes and not (
        principal.team_path and await repo.in_team_subtree(user_id, principal.team_path)
    ):
        raise BadUserInputError("Allocate to a member of your team.", field="userId")
    user = await repo.user(user_id)
    if user is None or not user.active or not await repo.sells(user.id):
        raise BadUserInputError("Allocate to an active member of the sales force.", field="userId")
    now = clock.now()
    _take(customer, user.id, user.team_id, now)
    await repo.move_open_opportunities(customer.id, user.id, user.team_id, now)
    _move(session, customer, "allocated", user.id, principal.user_id, {})
    notify(
        session,
        user.id,
        kind="pool_allocated",
        title=f"{customer.name} was allocated to you",
        entity_type="Customer",
        entity_id=customer.id,
    )
    await session.flush()
    return customer


async def claims_left(session: AsyncSession, principal: Principal) -> int:
    """How many more customers the caller may claim today (by the default rule)."""
    repo = SalesRepository(session)
    rule = rule_for(await repo.pool_rules(), None)
    now = clock.now()
    today = datetime.combine(now.astimezone(LOCAL).date(), datetime.min.time(), LOCAL)
    return max(0, rule.daily_claim_limit - await repo.claims_since(principal.user_id, today))

"""Helpers that create realistic rows through the real services (no mocks), for tests."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from rapport.activities.service import ActivityDraft, log_activity
from rapport.core import clock
from rapport.core.db import Database
from rapport.core.ids import uuid7
from rapport.core.principal import Principal
from rapport.customers.models import Customer, Order
from rapport.customers.service import ContactDraft, CustomerDraft, create_customer
from rapport.identity.models import Team, User, UserRole


async def principal(db: Database, email: str) -> Principal:
    """The Principal of a (demo) user, as a request would see it."""
    async with db.read() as session:
        user = (await session.execute(select(User).where(User.email == email))).scalar_one()
        roles = (await session.execute(select(UserRole.role_name).where(UserRole.user_id == user.id))).scalars()
        team = await session.get(Team, user.team_id) if user.team_id else None
    return Principal(
        user_id=user.id,
        email=user.email,
        name=user.name,
        locale=user.locale,
        roles=frozenset(roles),
        team_id=user.team_id,
        team_path=team.path if team else None,
        via="session",
        credential_id=uuid.uuid4(),
    )


async def customer(
    db: Database,
    owner: Principal,
    name: str,
    *,
    contacts: list[ContactDraft] | None = None,
    tags: list[str] | None = None,
    **values: Any,
) -> Customer:
    """A customer created by `owner` through the service."""
    async with db.write() as session:
        return await create_customer(
            session, owner, CustomerDraft(values={"name": name, **values}, contacts=contacts or [], tags=tags or [])
        )


async def orders(
    db: Database,
    customer_id: uuid.UUID,
    amounts: list[str],
    *,
    start: datetime,
    step: timedelta,
    status: str = "completed",
) -> list[Order]:
    """Orders of a customer, one per amount, `step` apart from `start`."""
    rows = []
    async with db.write() as session:
        for i, amount in enumerate(amounts):
            order = Order(
                id=uuid7(),
                version=1,
                created_at=clock.now(),
                updated_at=clock.now(),
                number=f"O-{uuid.uuid4().hex[:10]}",
                customer_id=customer_id,
                channel="online",
                status=status,
                ordered_at=start + step * i,
                total_amount=Decimal(amount),
                currency="CNY",
            )
            session.add(order)
            rows.append(order)
    return rows


async def activities(
    db: Database, actor: Principal, customer_id: uuid.UUID, count: int, *, start: datetime, step: timedelta
) -> None:
    """`count` call activities, `step` apart from `start`."""
    async with db.write() as session:
        for i in range(count):
            await log_activity(
                session,
                actor,
                ActivityDraft(customer_id=customer_id, kind="call", subject=f"Call {i}", occurred_at=start + step * i),
            )

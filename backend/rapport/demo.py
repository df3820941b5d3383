"""`rapport seed`: demo data from every domain, in zh_CN or en, deterministic for a given random seed."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.analytics.churn.service import train_and_score as train_and_score_churn
from rapport.analytics.demo import seed_analytics
from rapport.analytics.winprob.jobs import train_and_score as train_and_score_wins
from rapport.config import Settings
from rapport.core import clock
from rapport.core.db import Database
from rapport.customers.demo import Owner, Progress, customer_count, seed_customers
from rapport.identity.demo import seed_identity
from rapport.identity.models import SystemFlag, User, UserRole
from rapport.marketing.demo import seed_marketing
from rapport.sales.bulk import bulk_opportunities
from rapport.sales.demo import seed_sales
from rapport.support.bulk import bulk_tickets
from rapport.support.demo import seed_support

DEMO_FLAG = "demo_seeded"
LOCALES = ("zh_CN", "en")


class SeedRefusedError(RuntimeError):
    """Demo data is never written to a production database."""


#: Customers generated when none exist and no count is asked for (a quick first start).
DEFAULT_CUSTOMERS = 200


async def seed_demo(
    db: Database,
    settings: Settings,
    *,
    locale: str = "zh_CN",
    random_seed: int = 42,
    customers: int | None = None,
    tickets: int = 0,
    opportunities: int = 0,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Write the demo data of every domain and mark the database as seeded.

    Users and teams are created when missing. Customers (with contacts, orders, activities and tasks) are
    generated `customers` at a time when a count is given; without one, DEFAULT_CUSTOMERS when none exist yet.
    `tickets` and `opportunities` add that many more, made in bulk inside PostgreSQL (for large databases).
    """
    if settings.is_production:
        raise SeedRefusedError("`rapport seed` refuses to run with RAPPORT_ENV=production.")
    if locale not in LOCALES:
        raise ValueError(f"locale must be one of {', '.join(LOCALES)}")
    report: dict[str, Any] = {}
    async with db.write() as session:
        report["identity"] = await seed_identity(session, locale)
        await session.execute(insert(SystemFlag).values(name=DEMO_FLAG, set_at=clock.now()).on_conflict_do_nothing())
        owners = await _sales_owners(session)
    if customers is None:
        customers = DEFAULT_CUSTOMERS if await customer_count(db) == 0 else 0
    if customers > 0:
        report["customers"] = await seed_customers(
            db, count=customers, locale=locale, random_seed=random_seed, owners=owners, progress=progress
        )
        async with db.write() as session:
            report["support"] = await seed_support(session, locale, random_seed)
        async with db.write() as session:
            report["sales"] = await seed_sales(session, locale, random_seed)
        async with db.write() as session:
            report["marketing"] = await seed_marketing(session, locale, random_seed, settings)
        async with db.write() as session:
            report["analytics"] = await seed_analytics(session, clock.now())
        # Predictions from the start: the win model trained on the planted history, every open deal scored.
        report["win_probability"] = await train_and_score_wins(db, clock.now())
        async with db.write() as session:  # last: the churn model learns from every domain's demo rows
            report["churn"] = await train_and_score_churn(session, week_before=True)
    if tickets > 0:
        async with db.write() as session:
            report["bulk_tickets"] = await bulk_tickets(session, tickets, locale, random_seed)
    if opportunities > 0:
        async with db.write() as session:
            report["bulk_opportunities"] = await bulk_opportunities(session, opportunities, random_seed)
    return report


async def _sales_owners(session: AsyncSession) -> list[Owner]:
    rows = await session.execute(
        select(User.id, User.team_id)
        .join(UserRole, UserRole.user_id == User.id)
        .where(UserRole.role_name.in_(("sales_rep", "sales_manager")), User.active.is_(True))
        .order_by(User.email)
    )
    owners = [Owner(user_id=r[0], team_id=r[1]) for r in rows]
    if not owners:
        raise SeedRefusedError("No active sales reps or managers to own demo customers.")
    return owners


async def demo_seeded_at(db: Database) -> datetime | None:
    """When demo data was first seeded, or None."""
    async with db.read() as session:
        return (await session.execute(select(SystemFlag.set_at).where(SystemFlag.name == DEMO_FLAG))).scalar()

"""`rapport seed`: demo data from every domain, in zh_CN or en, deterministic for a given random seed."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert

from rapport.config import Settings
from rapport.core import clock
from rapport.core.db import Database
from rapport.identity.demo import seed_identity
from rapport.identity.models import SystemFlag

DEMO_FLAG = "demo_seeded"
LOCALES = ("zh_CN", "en")


class SeedRefusedError(RuntimeError):
    """Demo data is never written to a production database."""


async def seed_demo(
    db: Database, settings: Settings, *, locale: str = "zh_CN", random_seed: int = 42
) -> dict[str, Any]:
    """Write the demo data of every domain (existing rows are kept) and mark the database as seeded."""
    if settings.is_production:
        raise SeedRefusedError("`rapport seed` refuses to run with RAPPORT_ENV=production.")
    if locale not in LOCALES:
        raise ValueError(f"locale must be one of {', '.join(LOCALES)}")
    report: dict[str, Any] = {}
    async with db.write() as session:
        report["identity"] = await seed_identity(session, locale)
        await session.execute(insert(SystemFlag).values(name=DEMO_FLAG, set_at=clock.now()).on_conflict_do_nothing())
    return report


async def demo_seeded_at(db: Database) -> datetime | None:
    """When demo data was first seeded, or None."""
    async with db.read() as session:
        return (await session.execute(select(SystemFlag.set_at).where(SystemFlag.name == DEMO_FLAG))).scalar()

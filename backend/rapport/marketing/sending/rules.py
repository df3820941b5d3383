"""What every send of the ledger shares: where tracked links point, the quiet hours, the merge fields' values."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from sqlalchemy import ARRAY, DateTime, String, and_, any_, bindparam, case, column, func, literal, or_, select, table
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.config import Settings
from rapport.customers.service import Recipient, contact_time_zones
from rapport.marketing.campaigns.models import MarketingSetting

_DAY = timedelta(days=1)


def base_url(settings: Settings) -> str:
    """Where tracked links point: PUBLIC_URL, else the local server."""
    return (settings.public_url or "http://127.0.0.1:8000").rstrip("/")


@dataclass(frozen=True)
class Quiet:
    """A contact's quiet hours seen from `now`: `until`, when those `now` falls in end (None: outside them), and
    `hold`, the next ones (from, until) that a message sent now must not be delivered in (None: no quiet hours)."""

    until: datetime | None
    hold: tuple[datetime, datetime] | None


NONE = Quiet(None, None)


def _offset(at: time) -> timedelta:
    return timedelta(hours=at.hour, minutes=at.minute)


_server_zones: frozenset[str] | None = None


async def server_zones(session: AsyncSession) -> frozenset[str]:
    """The time zone names the database server knows, read once per process (`pg_timezone_names` reads the tz
    files: ~50 ms a time, which per message would have held a worker to some twenty messages a second)."""
    global _server_zones
    if _server_zones is None:
        names = await session.scalars(select(column("name", String())).select_from(table("pg_timezone_names")))
        _server_zones = frozenset(names)
    return _server_zones


async def quiet_hours(
    session: AsyncSession, setting: MarketingSetting, now: datetime, contact_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, Quiet]:
    """Each contact's quiet hours at `now`, in the contact's time zone, else the settings' one: one statement for
    any number of contacts (the wall-clock arithmetic is PostgreSQL's `AT TIME ZONE`, daylight saving included).
    Contacts that are gone are left out; with no quiet hours set every contact has NONE."""
    start, end = setting.quiet_start, setting.quiet_end
    if start is None or end is None or start == end:
        return dict.fromkeys(contact_ids, NONE)
    if not contact_ids:
        return {}
    zones = contact_time_zones(contact_ids).subquery()
    # A zone PostgreSQL does not know (written around the API's check, or missing from the server's tz data while
    # Python's has it) would fail the statement, and with it the whole batch: such a contact gets the settings' zone.
    known = zones.c.time_zone == any_(bindparam(None, sorted(await server_zones(session)), type_=ARRAY(String())))
    zone = case((known, zones.c.time_zone), else_=literal(setting.time_zone))
    local = func.timezone(zone, literal(now, DateTime(timezone=True)), type_=DateTime())  # their wall clock
    midnight = func.date_trunc("day", local, type_=DateTime())
    begins, ends = midnight + _offset(start), midnight + _offset(end)
    inside = and_(local >= begins, local < ends) if start < end else or_(local >= begins, local < ends)
    until = case((ends <= local, ends + _DAY), else_=ends)
    hold_from = case((begins <= local, begins + _DAY), else_=begins)
    length = (_offset(end) - _offset(start)) % _DAY

    def instant(wall: Any) -> Any:  # a wall-clock time in the contact's zone as a timestamp with time zone
        return func.timezone(zone, wall, type_=DateTime(timezone=True))

    statement = select(
        zones.c.id,
        inside.label("inside"),
        instant(until).label("until"),
        instant(hold_from).label("hold_from"),
        instant(hold_from + length).label("hold_until"),
    )
    found: dict[uuid.UUID, Quiet] = {}
    for row in await session.execute(statement):
        if row.inside:
            found[row.id] = Quiet(row.until, None)
        else:
            found[row.id] = Quiet(None, (row.hold_from, row.hold_until))
    return found


def values_of(recipient: Recipient) -> dict[str, str]:
    """The merge fields' values for a recipient."""
    return {"contact.name": recipient.name, "customer.name": recipient.customer_name}

"""One injectable clock: every time-dependent rule asks it, so tests move time instead of sleeping."""

from __future__ import annotations

from contextvars import ContextVar
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

#: Where "today", "this month" and daily limits are counted (the business's local time).
BUSINESS_TZ = ZoneInfo("Asia/Shanghai")

_frozen_now: ContextVar[datetime | None] = ContextVar("rapport_frozen_now", default=None)


def business_day_start(day: date) -> datetime:
    """Midnight starting a day in the business's local time (periods given as days are local days)."""
    return datetime.combine(day, time.min, BUSINESS_TZ)


def now() -> datetime:
    """The current time (UTC, timezone-aware), or the time frozen for this context."""
    frozen = _frozen_now.get()
    return frozen if frozen is not None else datetime.now(UTC)


class frozen_at:
    """Freeze `now()` for the enclosed code (and tasks it starts) at the given instant."""

    def __init__(self, instant: datetime) -> None:
        if instant.tzinfo is None:
            raise ValueError("frozen_at needs a timezone-aware datetime, e.g. 2026-01-05T09:00:00+08:00")
        self._instant = instant
        self._token: object | None = None

    def __enter__(self) -> datetime:
        self._token = _frozen_now.set(self._instant)
        return self._instant

    def __exit__(self, *exc: object) -> None:
        _frozen_now.reset(self._token)  # type: ignore[arg-type]

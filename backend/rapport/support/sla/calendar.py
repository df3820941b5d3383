"""Business time: adding working minutes to an instant and measuring working time between two instants."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

MAX_DAYS = 3660  # ten years: no target is longer; stops a calendar without working days from looping


@dataclass(frozen=True)
class Calendar:
    """Working days (ISO: Monday 1 .. Sunday 7) and hours in a time zone, minus holidays; None fields: 24x7."""

    timezone: str = "Asia/Shanghai"
    working_days: frozenset[int] = frozenset({1, 2, 3, 4, 5})
    day_start: time = time(9)
    day_end: time = time(18)
    holidays: frozenset[date] = field(default_factory=frozenset)
    always_open: bool = False

    @classmethod
    def twenty_four_seven(cls) -> Calendar:
        """Every minute counts."""
        return cls(always_open=True)

    def _iter_windows(self, start: datetime) -> Iterator[tuple[datetime, datetime]]:
        """Working windows (UTC) from the local day of `start` on, the first one cut at `start`."""
        zone = ZoneInfo(self.timezone)
        day = start.astimezone(zone).date()
        for _ in range(MAX_DAYS):
            if day.isoweekday() in self.working_days and day not in self.holidays:
                opens = datetime.combine(day, self.day_start, zone).astimezone(UTC)
                closes = datetime.combine(day, self.day_end, zone).astimezone(UTC)
                if closes > start:
                    yield max(opens, start), closes
            day += timedelta(days=1)

    def add(self, start: datetime, minutes: float) -> datetime:
        """The instant when `minutes` of working time after `start` have passed."""
        if self.always_open:
            return start + timedelta(minutes=minutes)
        left = timedelta(minutes=minutes)
        if left <= timedelta(0):
            return start
        for opens, closes in self._iter_windows(start):
            span = closes - opens
            if left <= span:
                return opens + left
            left -= span
        raise ValueError("the calendar has no working time within ten years")

    def between(self, start: datetime, end: datetime) -> timedelta:
        """Working time from `start` to `end` (zero when `end` is not after `start`)."""
        if end <= start:
            return timedelta(0)
        if self.always_open:
            return end - start
        total = timedelta(0)
        for opens, closes in self._iter_windows(start):
            if opens >= end:
                break
            total += min(closes, end) - opens
        return total

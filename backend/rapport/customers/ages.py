"""Age bands of persons: one definition for the customer analysis (SQL) and a customer's `ageBand` (Python)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import case, func, literal

#: (first age not in the band, the band's name), youngest first; ages past the last bound are OLDEST.
BANDS = ((25, "<25"), (35, "25-34"), (45, "35-44"), (55, "45-54"))
OLDEST = "55+"


def age_on(birth_date: date, today: date) -> int:
    """Whole years from `birth_date` to `today` (as PostgreSQL's `age` counts them)."""
    return today.year - birth_date.year - ((today.month, today.day) < (birth_date.month, birth_date.day))


def age_band(birth_date: date | None, today: date) -> str | None:
    """The band of a birth date on `today`; None when the birth date is unknown."""
    if birth_date is None:
        return None
    age = age_on(birth_date, today)
    return next((name for bound, name in BANDS if age < bound), OLDEST)


def age_band_sql(birth_date: Any, today: Any) -> Any:
    """The same band in SQL, for a birth date column on `today` (a date, or an SQL expression of one)."""
    age = func.date_part("year", func.age(literal(today) if isinstance(today, date) else today, birth_date))
    return case((birth_date.is_(None), None), *((age < bound, name) for bound, name in BANDS), else_=OLDEST)

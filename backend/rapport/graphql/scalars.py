"""Input scalars bounded to what Rapport can store and compute with.

Strawberry's `Date`, `DateTime` and `Decimal` accept anything Python parses: `9999-12-31T23:59:59-14:00` (a
year 10000 in UTC, which neither Python nor PostgreSQL holds), `NaN`, `Infinity` or `1e400` (which no money
column holds). Here each parses the same text and then refuses values outside Rapport's range, so such a value
is a coercion error (BAD_USER_INPUT for a variable, GRAPHQL_VALIDATION_FAILED for a literal) before anything
runs, instead of an INTERNAL error from the database or from date arithmetic.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import decimal
from typing import Any

from strawberry.schema.types.base_scalars import DateDefinition, DateTimeDefinition, DecimalDefinition, wrap_parser
from strawberry.types.scalar import ScalarDefinition

#: Dates and times are accepted from this day to that one (UTC for times): far enough from the calendar's ends
#: that no time zone or date arithmetic (a due date, the day after a period) leaves it. Business rules (a birth
#: date in the future) answer `userErrors` inside.
FIRST_DAY = dt.date(1000, 1, 1)
LAST_DAY = dt.date(8999, 12, 31)
#: Money and amounts: finite and below this in absolute value (the columns are numeric(14, 2)).
DECIMAL_LIMIT = decimal.Decimal(10) ** 12


def _within(day: dt.date) -> None:
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(f"Dates must be between {FIRST_DAY.isoformat()} and {LAST_DAY.isoformat()}.")


def parse_date(text: str) -> dt.date:
    """An ISO date within Rapport's range."""
    day = dt.date.fromisoformat(text)
    _within(day)
    return day


def parse_datetime(text: str) -> dt.datetime:
    """An ISO date and time within Rapport's range (its UTC day for a time with an offset)."""
    moment = dt.datetime.fromisoformat(text)
    try:
        day = (moment.astimezone(dt.UTC) if moment.tzinfo is not None else moment).date()
    except OverflowError as error:
        raise ValueError("The time is outside the calendar.") from error
    _within(day)
    return moment


def parse_decimal(value: Any) -> decimal.Decimal:
    """A finite decimal below DECIMAL_LIMIT in absolute value."""
    number = decimal.Decimal(value)
    if not number.is_finite() or abs(number) >= DECIMAL_LIMIT:
        raise decimal.InvalidOperation(value)
    return number


#: Strawberry's definitions with the bounded parsers (names, descriptions and output unchanged).
SCALARS: dict[object, ScalarDefinition] = {
    dt.date: dataclasses.replace(DateDefinition, parse_value=wrap_parser(parse_date, "Date")),
    dt.datetime: dataclasses.replace(DateTimeDefinition, parse_value=wrap_parser(parse_datetime, "DateTime")),
    decimal.Decimal: dataclasses.replace(
        DecimalDefinition,
        parse_value=wrap_parser(
            parse_decimal,
            "Decimal",
            exceptions=(decimal.DecimalException,),
            include_error=False,
            accept_non_string=True,
        ),
    ),
}

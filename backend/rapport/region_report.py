"""`rapport regions report`: provinces and cities of customers and leads that name no region of the list."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import orjson
import typer
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core import regions
from rapport.core.db import Database
from rapport.customers.service import customer_region_counts
from rapport.sales.leads.service import lead_region_counts

#: Where regions are stored: (kind of row, how to count its regions).
SOURCES: dict[str, Callable[[AsyncSession], Awaitable[list[tuple[str | None, str | None, int]]]]] = {
    "customer": customer_region_counts,
    "lead": lead_region_counts,
}


@dataclass(frozen=True)
class UnmatchedRegion:
    """A province and city some rows have that the region list does not recognise (or not as stored)."""

    rows: str
    province: str | None
    city: str | None
    count: int
    unrecognised: tuple[str, ...]
    #: What the values would be normalised to (standard names where recognised).
    suggestion: tuple[str | None, str | None]


async def unmatched_regions(db: Database) -> list[UnmatchedRegion]:
    """Stored regions that are not standard names: unknown ones, and known ones stored another way."""
    found: list[UnmatchedRegion] = []
    async with db.read() as session:
        for rows, counts in SOURCES.items():
            for province, city, count in await counts(session):
                missing = tuple(regions.unrecognised(province, city))
                suggestion = regions.normalised(province, city)
                if missing or suggestion != (province, city):
                    found.append(UnmatchedRegion(rows, province, city, count, missing, suggestion))
    found.sort(key=lambda r: (r.rows, -r.count, r.province or "", r.city or ""))
    return found


regions_app = typer.Typer(help="Provinces and cities: the standard list and the values that do not match it.")


@regions_app.command("report")
def report() -> None:
    """List stored provinces and cities that name no region of the list (or not by its standard name), as JSON."""
    from rapport.cli import _settings_with_database, _with_db

    settings = _settings_with_database()
    found = _with_db(settings, unmatched_regions)
    typer.echo(
        orjson.dumps(
            {
                "unmatched": [
                    {
                        "rows": r.rows,
                        "province": r.province,
                        "city": r.city,
                        "count": r.count,
                        "unrecognised": list(r.unrecognised),
                        "suggestion": {"province": r.suggestion[0], "city": r.suggestion[1]},
                    }
                    for r in found
                ],
                "rows": sum(r.count for r in found if r.unrecognised),
            },
            option=orjson.OPT_INDENT_2,
        ).decode()
    )

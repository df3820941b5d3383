"""China's provinces and prefecture-level cities over GraphQL: the list region pickers offer."""

from __future__ import annotations

from functools import cache

import orjson
import strawberry
from sqlalchemy import JSON, cast, literal, select

from rapport.core import regions
from rapport.core.principal import Principal
from rapport.graphql.context import Info
from rapport.graphql.declare import Arguments, Rows
from rapport.graphql.json_roots import as_json, json_root


@strawberry.type(description="A prefecture-level city of China (or a county-level city its province administers).")
class RegionCity:
    """A city of the standard list."""

    code: str = strawberry.field(description="Administrative division code (GB/T 2260).")
    name: str = strawberry.field(description="Standard Chinese name, as stored (深圳市).")
    short_name: str = strawberry.field(description="Short form (深圳).")
    english_name: str = strawberry.field(description="English name (Shenzhen).")


@strawberry.type(description="A province, autonomous region, municipality or special administrative region of China.")
class RegionProvince:
    """A province of the standard list, with its cities."""

    code: str = strawberry.field(description="Administrative division code (GB/T 2260).")
    name: str = strawberry.field(description="Standard Chinese name, as stored (广西壮族自治区).")
    short_name: str = strawberry.field(description="Short form (广西).")
    english_name: str = strawberry.field(description="English name (Guangxi).")
    cities: list[RegionCity] = strawberry.field(description="Its cities (a municipality: itself).")


@strawberry.type
class RegionQuery:
    """Root query fields of the region list."""

    @strawberry.field(description="China's provinces with their cities: the values province and city take.")
    def regions(self, info: Info) -> list[RegionProvince]:
        """The standard list."""
        return _provinces()


def _provinces() -> list[RegionProvince]:
    return [
        RegionProvince(
            code=p.code,
            name=p.name,
            short_name=p.short,
            english_name=p.en,
            cities=[RegionCity(code=c.code, name=c.name, short_name=c.short, english_name=c.en) for c in p.cities],
        )
        for p in regions.provinces()
    ]


@cache
def _answer() -> str:
    """The whole list as the GraphQL response shows it with every field selected."""
    return orjson.dumps(as_json(_provinces())).decode()


def _region_rows(principal: Principal | None, arguments: Arguments) -> Rows:
    # The list is data in code, the same for everyone: the compiled path selects it as one constant JSON value and
    # projects what the operation selects, as for any JSON root.
    return Rows(select(cast(literal(_answer()), JSON)))


#: The compiled root of the region list (listed in the customers manifest).
ROOTS = {"regions": json_root("RegionProvince", _region_rows)}

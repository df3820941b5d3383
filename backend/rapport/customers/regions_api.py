"""China's provinces and prefecture-level cities over GraphQL: the list region pickers offer."""

from __future__ import annotations

import strawberry

from rapport.core import regions
from rapport.graphql.context import Info


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

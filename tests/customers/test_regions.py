"""Regions: the standard list of provinces and cities, free text read as them, filters that take either form,
the data migration that normalises stored text, and the report of what matches nothing."""

from __future__ import annotations

import importlib.util
import logging
from pathlib import Path
from typing import Any

import pytest
from alembic.migration import MigrationContext
from alembic.operations import Operations
from sqlalchemy import select, text

from rapport.core import regions
from rapport.core.db import Database
from rapport.customers.models import Customer
from rapport.region_report import unmatched_regions
from tests import factories
from tests.conftest import GraphQLClient

MIGRATION = Path(__file__).resolve().parents[2] / "backend" / "migrations" / "versions" / "0017_regions.py"
LIST = "query($f: CustomerFilter) { customers(filter: $f, first: 50) { nodes { name province city } } }"


def test_the_list_has_every_province_with_its_short_form_and_the_prefecture_level_cities() -> None:
    provinces = regions.provinces()
    assert len(provinces) == 34  # 23 provinces (with Taiwan), 5 autonomous regions, 4 municipalities, 2 SARs
    by_name = {p.name: p for p in provinces}
    assert by_name["上海市"].short == "上海" and by_name["广西壮族自治区"].short == "广西"
    assert by_name["内蒙古自治区"].en == "Inner Mongolia"
    assert [c.name for c in by_name["上海市"].cities] == ["上海市"]
    assert "深圳市" in [c.name for c in by_name["广东省"].cities]
    assert sum(len(p.cities) for p in provinces) > 330


@pytest.mark.parametrize(
    ("province", "city", "expected"),
    [
        ("上海", None, ("上海市", None)),
        ("上海市", "上海", ("上海市", "上海市")),
        ("广西", "南宁", ("广西壮族自治区", "南宁市")),
        ("Guangdong Province", "Shenzhen", ("广东省", "深圳市")),
        (" ｓｈａｎｇｈａｉ ", None, ("上海市", None)),
        (None, "深圳", ("广东省", "深圳市")),  # a city alone gives its province
        ("江苏", "Suzhou", ("江苏省", "苏州市")),  # Suzhou is two cities; the province tells which
        (None, "Suzhou", (None, None)),  # ...without one it stays unknown
        ("青海", "海南", ("青海省", "海南藏族自治州")),
        ("火星", "深圳", (None, None)),  # a province that is no province: nothing is guessed
    ],
)
def test_free_text_is_read_as_standard_names(province: str | None, city: str | None, expected: Any) -> None:
    found = regions.match(province, city)
    assert (found.province, found.city) == expected


async def test_filters_accept_either_form_and_saving_stores_the_standard_names(
    gql: GraphQLClient, demo: dict[str, Any], db: Database
) -> None:
    rep = await factories.principal(db, "rep@demo.example")
    await factories.customer(db, rep, "浦东物流", province="上海", city="上海")
    await factories.customer(db, rep, "南宁糖业", province="广西", city="南宁")
    typed = await factories.customer(db, rep, "老数据", province="上海市")
    async with db.write() as session:  # a row stored before regions were standard: as it was typed
        await session.execute(text("UPDATE customer SET province = 'Shanghai' WHERE id = :id"), {"id": typed.id})
    await gql.login("rep@demo.example")
    created = await gql(
        "mutation($i: CustomerCreateInput!) { customerCreate(input: $i) { customer { province city } } }",
        {"i": {"name": "深圳创客", "province": "Guangdong", "city": "深圳"}},
    )
    assert created["data"]["customerCreate"]["customer"] == {"province": "广东省", "city": "深圳市"}

    async def names(filter: dict[str, Any]) -> list[str]:
        body = await gql(LIST, {"f": filter})
        assert "errors" not in body, body
        return sorted(n["name"] for n in body["data"]["customers"]["nodes"])

    assert await names({"provinces": ["上海"]}) == ["浦东物流", "老数据"]
    assert await names({"provinces": ["上海市"]}) == ["浦东物流", "老数据"]
    assert await names({"provinces": ["广西"]}) == ["南宁糖业"]
    assert await names({"provinces": ["广西壮族自治区"], "cities": ["南宁"]}) == ["南宁糖业"]
    assert await names({"cities": ["Shenzhen"]}) == ["深圳创客"]
    groups = await gql('{ customerGroups(by: REGION, filter: {provinces: ["上海"]}) { total } }')
    assert groups["data"]["customerGroups"]["total"] == 2
    listed = await gql("{ regions { name shortName englishName cities { name shortName } } }")
    shanghai = next(p for p in listed["data"]["regions"] if p["name"] == "上海市")
    assert shanghai == {
        "name": "上海市",
        "shortName": "上海",
        "englishName": "Shanghai",
        "cities": [{"name": "上海市", "shortName": "上海"}],
    }


def _load_migration() -> Any:
    spec = importlib.util.spec_from_file_location("migration_0017_regions", MIGRATION)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


async def test_the_data_migration_normalises_stored_text_and_reports_what_matches_nothing(
    demo: dict[str, Any], db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    rep = await factories.principal(db, "rep@demo.example")
    stored = {
        "上海": (" 上海", "上海"),
        "广西": ("广西", "Nanning"),
        "深圳": (None, "深圳"),
        "火星": ("火星", "一号基地"),
    }
    ids = {name: (await factories.customer(db, rep, name)).id for name in stored}
    async with db.write() as session:
        for name, (province, city) in stored.items():
            await session.execute(
                text("UPDATE customer SET province = :p, city = :c WHERE id = :id"),
                {"p": province, "c": city, "id": ids[name]},
            )
    before = await unmatched_regions(db)
    assert {(r.province, r.city, r.unrecognised) for r in before if r.rows == "customer"} >= {
        (" 上海", "上海", ()),
        ("火星", "一号基地", ("province", "city")),
    }
    migration = _load_migration()

    def run(connection: Any) -> None:
        with Operations.context(MigrationContext.configure(connection)):
            migration._normalise("customer")

    with caplog.at_level(logging.WARNING, logger="rapport.migrations.regions"):
        async with db.engine.begin() as connection:
            await connection.run_sync(run)
    async with db.read() as session:
        rows = {c.name: (c.province, c.city) for c in (await session.execute(select(Customer))).scalars()}
    assert rows["上海"] == ("上海市", "上海市")
    assert rows["广西"] == ("广西壮族自治区", "南宁市")
    assert rows["深圳"] == ("广东省", "深圳市")
    assert rows["火星"] == ("火星", "一号基地")  # left as it was, and reported
    assert any("火星" in record.getMessage() for record in caplog.records)
    after = await unmatched_regions(db)
    assert [(r.rows, r.province, r.city, r.count) for r in after] == [("customer", "火星", "一号基地", 1)]

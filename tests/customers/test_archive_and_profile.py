"""Archiving a customer and undoing it, and the person's profile the customer analysis groups by (age band from the
birth date, the same bands as the analysis), credit and risk, with field-level security."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from rapport.core import clock
from rapport.core.db import Database
from rapport.customers.ages import BANDS, OLDEST, age_band
from rapport.graphql.node import to_global_id
from tests import factories
from tests.conftest import GraphQLClient

VERSIONED = "mutation($i: CustomerVersionInput!) {{ {name}(input: $i) {{ customer {{ version archivedAt }} userErrors {{ field code }} }} }}"


async def test_an_archived_customer_leaves_the_list_and_comes_back_when_unarchived(
    gql: GraphQLClient, demo: dict[str, Any], db: Database
) -> None:
    rep = await factories.principal(db, "rep@demo.example")
    customer = await factories.customer(db, rep, "Archive Me")
    await factories.customer(db, rep, "Stay Co")
    cid = to_global_id("Customer", customer.id)
    await gql.login("rep@demo.example")
    names = "{ customers(first: 10) { nodes { name } } }"
    archived = await gql(VERSIONED.format(name="customerArchive"), {"i": {"id": cid, "version": 1}})
    after = archived["data"]["customerArchive"]["customer"]
    assert after["archivedAt"] is not None and after["version"] == 2
    assert [n["name"] for n in (await gql(names))["data"]["customers"]["nodes"]] == ["Stay Co"]
    # Undo with the version read before: CONFLICT; with the current one, it is back in the list.
    stale = await gql(VERSIONED.format(name="customerUnarchive"), {"i": {"id": cid, "version": 1}})
    assert stale["errors"][0]["extensions"]["code"] == "CONFLICT"
    back = await gql(VERSIONED.format(name="customerUnarchive"), {"i": {"id": cid, "version": 2}})
    assert back["data"]["customerUnarchive"]["customer"] == {"version": 3, "archivedAt": None}
    assert sorted(n["name"] for n in (await gql(names))["data"]["customers"]["nodes"]) == ["Archive Me", "Stay Co"]
    # Someone who may not see the customer does not find it.
    await gql.login("rep2@demo.example")
    hidden = await gql(VERSIONED.format(name="customerUnarchive"), {"i": {"id": cid, "version": 3}})
    assert hidden["errors"][0]["extensions"]["code"] == "NOT_FOUND"


def test_age_bands_are_whole_years_on_the_day() -> None:
    today = date(2026, 3, 1)
    assert age_band(None, today) is None
    assert age_band(date(2001, 3, 2), today) == "<25"  # 24 until tomorrow
    assert age_band(date(2001, 3, 1), today) == "25-34"
    assert age_band(date(1971, 3, 1), today) == OLDEST
    assert [name for _, name in BANDS] == ["<25", "25-34", "35-44", "45-54"]


PROFILE = "gender birthDate ageBand occupation education maritalStatus creditRating riskLevel"


async def test_the_profile_is_written_by_whom_the_policy_lets_and_age_bands_agree_with_the_analysis(
    gql: GraphQLClient, demo: dict[str, Any], db: Database
) -> None:
    rep = await factories.principal(db, "rep@demo.example")
    person = await factories.customer(db, rep, "李娜", kind="person", province="上海市")
    cid = to_global_id("Customer", person.id)
    await gql.login("rep@demo.example")
    update = f"mutation($i: CustomerUpdateInput!) {{ customerUpdate(input: $i) {{ customer {{ {PROFILE} }} userErrors {{ field }} }} }}"
    values = {
        "gender": "FEMALE",
        "birthDate": "1990-07-15",
        "occupation": "教师",
        "education": "本科",
        "maritalStatus": "MARRIED",
        "creditRating": "AA",
        "riskLevel": "LOW",
    }
    with clock.frozen_at(datetime.fromisoformat("2026-03-01T10:00:00+08:00")):
        written = await gql(update, {"i": {"id": cid, "version": 1, **values}})
        assert written["data"]["customerUpdate"]["customer"] == {**values, "ageBand": "35-44"}
        # The analysis puts the customer in the same band.
        groups = await gql("{ customerGroups(by: AGE_BAND) { groups { key customers } } }")
        assert {"key": "35-44", "customers": 1} in groups["data"]["customerGroups"]["groups"]
    # An analyst reads the profile but may not write it; a service agent may not read it at all.
    await gql.login("analyst@demo.example")
    read = await gql(f"query($id: ID!) {{ customer(id: $id) {{ {PROFILE} }} }}", {"id": cid})
    assert read["data"]["customer"]["occupation"] == "教师"
    refused = await gql(update, {"i": {"id": cid, "version": 2, "occupation": "x"}})
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    await gql.login("agent@demo.example")
    unseen = await gql("query($id: ID!) { customer(id: $id) { ageBand } }", {"id": cid})
    assert unseen["errors"][0]["extensions"]["code"] in ("FORBIDDEN", "NOT_FOUND")

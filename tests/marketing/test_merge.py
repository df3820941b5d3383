"""Merging customers makes one contact of two with the same email: an opt-out of either survives the merge."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from rapport.core.db import Database
from rapport.graphql.node import to_global_id
from rapport.marketing.campaigns.models import MarketingConsent
from rapport.marketing.consent.service import set_consent
from tests.conftest import GraphQLClient
from tests.marketing import world

pytestmark = pytest.mark.usefixtures("demo")
MERGE = (
    """mutation($i: CustomerMergeInput!) { customerMerge(input: $i) { moved { kind count } userErrors { field } } }"""
)


async def test_an_opt_out_of_a_merged_away_contact_is_kept(gql: GraphQLClient, db: Database) -> None:
    kept = await world.person(db, "Same", email="same@example.com", consent=("email", "sms"))
    gone = await world.person(db, "Same", email="same@example.com", consent=("sms",))
    async with db.write() as session:
        await set_consent(session, gone.contact_id, "email", False, "unsubscribe_link")
    await gql.login("admin@demo.example")
    ids = {
        "survivorId": to_global_id("Customer", kept.customer_id),
        "mergedId": to_global_id("Customer", gone.customer_id),
    }
    payload = (await gql(MERGE, {"i": ids}))["data"]["customerMerge"]
    assert payload["userErrors"] == [], payload
    assert {m["kind"]: m["count"] for m in payload["moved"]}["contacts_merged"] == 1
    async with db.read() as session:
        rows = (
            await session.execute(
                select(MarketingConsent.contact_id, MarketingConsent.channel, MarketingConsent.granted)
            )
        ).all()
    assert sorted((channel, granted) for _, channel, granted in rows) == [("email", False), ("sms", True)]
    assert len({contact for contact, _, _ in rows}) == 1  # the contact kept holds both

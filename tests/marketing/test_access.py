"""Who may use campaigns and consent, generated over every role; the marketing role sees addresses masked, never
in the clear, and its campaigns' scope is its own team's while a manager sees all."""

from __future__ import annotations

import pytest

from rapport.core.db import Database
from tests.authz.conftest import USERS
from tests.conftest import GraphQLClient
from tests.mail_sink import MailSink
from tests.marketing import world

pytestmark = pytest.mark.usefixtures("demo")

#: Roles that run campaigns (the others get FORBIDDEN on every campaign root).
CAMPAIGNERS = {"marketing", "marketing_manager", "admin"}
LIST = "{ campaigns(first: 5) { totalCount nodes { name } } }"
LEDGER = "query($id: ID!) { contactMarketingLedger(contactId: $id) { status address campaign { name } } }"
CONTACT = "query($id: ID!) { node(id: $id) { ... on Contact { emails marketingConsents { channel granted } } } }"


#: The roles signed in as demo users (the authz suites' integrator and portal users are made by their own world).
DEMO_ROLES = sorted(role for role, email in USERS.items() if email.endswith("@demo.example"))


@pytest.mark.parametrize("role", DEMO_ROLES)
async def test_campaign_roots_are_for_marketing_roles_only(gql: GraphQLClient, db: Database, role: str) -> None:
    await gql.login(USERS[role])
    body = await gql(LIST)
    if role in CAMPAIGNERS:
        assert "errors" not in body and body["data"]["campaigns"]["totalCount"] == 0
    else:
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN" and body["data"] is None


async def test_marketing_sees_addresses_masked_and_only_its_own_campaigns(
    gql: GraphQLClient, db: Database, smtp_sink: MailSink
) -> None:
    reader = await world.person(db, "Reader", email="reader.secret@example.com", consent=("email",))
    await gql.login("mktmanager@demo.example")
    await world.no_quiet_hours(gql)
    managers = await world.campaign(gql, await world.segment(db, [reader], "mktmanager@demo.example"), name="Mgr")
    await gql.login("marketing@demo.example")
    campaign_id = await world.campaign(gql, await world.segment(db, [reader]), name="Mine")
    await world.send_now(gql, campaign_id)
    await world.run(db, smtp_sink.settings)
    await smtp_sink.deliver()
    assert len(smtp_sink.to("reader.secret@example.com")) == 1  # the server resolved the address itself

    ledger = await gql(LEDGER, {"id": reader.contact_gid})
    assert ledger["data"]["contactMarketingLedger"] == [
        {"status": "sent", "address": "r***@example.com", "campaign": {"name": "Mine"}}
    ]
    contact = await gql(CONTACT, {"id": reader.contact_gid})
    assert contact["data"]["node"] == {"emails": ["r***@example.com"], "marketingConsents": [
        {"channel": "EMAIL", "granted": True}
    ]}  # fmt: skip
    assert "reader.secret" not in str(ledger) + str(contact)
    names = (await gql(LIST))["data"]["campaigns"]["nodes"]
    assert names == [{"name": "Mine"}]  # not the manager's (no team in common)
    hidden = await gql("query($id: ID!) { campaign(id: $id) { name } }", {"id": managers})
    assert hidden["data"]["campaign"] is None
    await gql.login("mktmanager@demo.example")
    assert {n["name"] for n in (await gql(LIST))["data"]["campaigns"]["nodes"]} == {"Mine", "Mgr"}

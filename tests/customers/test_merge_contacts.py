"""A merge leaves one contact per person: contacts with the same normalised phone or email become one."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from rapport.activities.models import Activity
from rapport.activities.service import ActivityDraft, log_activity
from rapport.core.audit import AuditEntry
from rapport.core.db import Database
from rapport.customers.contact_merge import duplicate_groups
from rapport.customers.models import Contact, ContactPoint
from rapport.customers.service import ContactDraft, decrypt_list
from rapport.graphql.node import to_global_id
from rapport.support.models import PortalAccount, Ticket
from rapport.support.portal.service import create_account
from rapport.support.workflow.service import TicketDraft, create_ticket
from tests import factories
from tests.conftest import GraphQLClient

MERGE = """
mutation($i: CustomerMergeInput!) {
  customerMerge(input: $i) {
    customer { contacts { name title isPrimary phones emails } }
    moved { kind count }
    userErrors { field }
  }
}
"""


async def _contacts(db: Database, customer_id: Any) -> dict[str, tuple[list[str], list[str]]]:
    async with db.read() as session:
        rows = (await session.execute(select(Contact).where(Contact.customer_id == customer_id))).scalars()
        return {
            c.name: (
                decrypt_list(c.phones_enc, table="contact", column="phones", row_id=c.id),
                decrypt_list(c.emails_enc, table="contact", column="emails", row_id=c.id),
            )
            for c in rows
        }


async def test_merge_makes_contacts_of_one_person_one_and_repoints_their_activities_and_tickets(
    gql: GraphQLClient, demo: dict[str, Any], db: Database
) -> None:
    rep = await factories.principal(db, "rep@demo.example")
    survivor = await factories.customer(
        db,
        rep,
        "上海华为技术有限公司",
        contacts=[
            ContactDraft("王经理", is_primary=True, phones=["13812345678"], emails=["wang@huawei.example"]),
            ContactDraft("前台", phones=["021-6000 1111"]),
        ],
    )
    merged = await factories.customer(
        db,
        rep,
        "华为技术(上海)有限公司",
        contacts=[
            # the same mobile written another way, and a second email: the same person
            ContactDraft("王总", title="销售总监", phones=["+86 138 1234 5678"], emails=["wang.jr@huawei.example"]),
            # the survivor's email in capitals, with another phone: the same person again
            ContactDraft("Wang", emails=["WANG@HUAWEI.EXAMPLE"], phones=["13900001111"]),
            ContactDraft("李四", phones=["13700000000"]),  # someone else
        ],
    )
    dup_ids = {c.name: c.id for c in (await _contacts_rows(db, merged.id))}
    async with db.write() as session:
        activity = await log_activity(
            session, rep, ActivityDraft(customer_id=merged.id, kind="call", subject="回访", contact_id=dup_ids["王总"])
        )
        ticket = await create_ticket(
            session,
            rep,
            TicketDraft(subject="打印机", category="hardware", customer_id=merged.id, contact_id=dup_ids["Wang"]),
        )
    await gql.login("manager@demo.example")
    body = await gql(
        MERGE,
        {"i": {"survivorId": to_global_id("Customer", survivor.id), "mergedId": to_global_id("Customer", merged.id)}},
    )
    payload = body["data"]["customerMerge"]
    assert payload["userErrors"] == [], body
    moved = {m["kind"]: m["count"] for m in payload["moved"]}
    assert moved["contacts"] == 3 and moved["contacts_merged"] == 2

    contacts = await _contacts(db, survivor.id)
    assert sorted(contacts) == ["前台", "李四", "王经理"]
    assert contacts["王经理"] == (
        ["+8613812345678", "+8613900001111"],
        ["wang@huawei.example", "wang.jr@huawei.example"],
    )
    shown = {c["name"]: c for c in payload["customer"]["contacts"]}
    assert shown["王经理"]["isPrimary"] is True and shown["王经理"]["title"] == "销售总监"

    async with db.read() as session:
        kept = (await session.execute(select(Contact).where(Contact.name == "王经理"))).scalar_one()
        assert (await session.get(Activity, activity.id)).contact_id == kept.id  # type: ignore[union-attr]
        assert (await session.get(Ticket, ticket.id)).contact_id == kept.id  # type: ignore[union-attr]
        # The blind index finds the kept contact by every phone and email it now has, and nothing else remains.
        points = (await session.execute(select(ContactPoint).where(ContactPoint.contact_id == kept.id))).all()
        assert len(points) == 2 + 2 + 2  # two phones whole and by last four digits, two emails
        gone = await session.execute(select(Contact).where(Contact.id.in_([dup_ids["王总"], dup_ids["Wang"]])))
        assert gone.first() is None
        entry = (
            await session.execute(
                select(AuditEntry).where(AuditEntry.action == "merge", AuditEntry.entity_id == kept.id)
            )
        ).scalar_one()
        assert sorted(c["name"] for c in entry.changes["mergedContacts"][1]) == ["Wang", "王总"]
        assert entry.changes["repointed"][1] == {
            "activities": 1,
            "tickets": 1,
            "marketing_consents": 0,
            "marketing_messages": 0,
            "marketing_touches": 0,
            "page_views": 0,
            "journey_enrollments": 0,
        }

    # The merged contact's numbers now find the survivor, and its tickets are the survivor's.
    found = await gql("query($q: String!) { customers(search: $q) { nodes { name } } }", {"q": "13900001111"})
    assert found["data"]["customers"]["nodes"] == [{"name": "上海华为技术有限公司"}]


async def _contacts_rows(db: Database, customer_id: Any) -> list[Contact]:
    async with db.read() as session:
        return list((await session.execute(select(Contact).where(Contact.customer_id == customer_id))).scalars())


async def test_a_contact_a_portal_user_signs_in_as_is_the_one_kept(
    gql: GraphQLClient, demo: dict[str, Any], db: Database
) -> None:
    rep = await factories.principal(db, "rep@demo.example")
    admin = await factories.principal(db, "admin@demo.example")
    survivor = await factories.customer(db, rep, "Acme", contacts=[ContactDraft("Ann", emails=["ann@acme.example"])])
    merged = await factories.customer(
        db, rep, "ACME Corp.", contacts=[ContactDraft("Ann Lee", emails=["Ann@Acme.example"])]
    )
    portal_contact = (await _contacts_rows(db, merged.id))[0]
    async with db.write() as session:
        user = await create_account(session, admin, portal_contact.id, "ann@portal.example", "pw-12345678", "en")
    await gql.login("manager@demo.example")
    body = await gql(
        MERGE,
        {"i": {"survivorId": to_global_id("Customer", survivor.id), "mergedId": to_global_id("Customer", merged.id)}},
    )
    assert body["data"]["customerMerge"]["userErrors"] == [], body
    assert sorted(await _contacts(db, survivor.id)) == ["Ann Lee"]  # the portal user's contact stays
    async with db.read() as session:
        account = await session.get(PortalAccount, user.id)
    assert account is not None and account.contact_id == portal_contact.id and account.customer_id == survivor.id


def test_contacts_linked_through_a_chain_are_one_group() -> None:
    a, b, c, d = (factories.uuid7() for _ in range(4))
    groups = duplicate_groups(
        {
            a: (["+8613800000001"], []),
            b: (["+8613800000001"], ["b@x.example"]),
            c: ([], ["b@x.example"]),
            d: (["+8613800000002"], ["d@x.example"]),
        }
    )
    assert groups == [[a, b, c]]

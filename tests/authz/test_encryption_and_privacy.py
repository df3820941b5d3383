"""Encryption at rest (bound to its row, rotatable, searchable by blind index) and data-subject rights."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select, text

from rapport.core import crypto
from rapport.core.audit import AuditEntry
from rapport.core.crypto import DecryptionError
from rapport.core.db import Database
from rapport.core.keys import pending, rotate
from rapport.core.mail.models import OutboundEmail
from rapport.core.mail.outbox import Content, Email, content_of, enqueue, recipient_of
from rapport.customers.models import Contact, Customer
from rapport.customers.service import ContactDraft, decrypt_list
from rapport.sales.leads import service as leads
from rapport.sales.models import Lead
from tests import factories
from tests.authz.conftest import ADDRESS, EMAIL, ID_NUMBER, PHONE, World
from tests.conftest import GraphQLClient


async def test_a_ciphertext_copied_to_another_row_does_not_decrypt(world: World, db: Database) -> None:
    rep = await factories.principal(db, "rep@demo.example")
    other = await factories.customer(db, rep, "Other", contacts=[ContactDraft("Other", phones=["13700001111"])])
    async with db.write() as session:
        original = (
            await session.execute(select(Contact).where(Contact.customer_id == world.raw_customer_id))
        ).scalar_one()
        copy = (await session.execute(select(Contact).where(Contact.customer_id == other.id))).scalar_one()
        copy.phones_enc = original.phones_enc
    with pytest.raises(DecryptionError):
        decrypt_list(copy.phones_enc, table="contact", column="phones", row_id=copy.id)
    # ...nor in another column of the same row.
    with pytest.raises(DecryptionError):
        decrypt_list(original.phones_enc, table="contact", column="emails", row_id=original.id)


async def test_key_rotation_reencrypts_everything_and_keeps_it_readable(
    gql: GraphQLClient, world: World, db: Database
) -> None:
    old = crypto.vault()
    async with db.write() as session:
        lead = (await leads.capture(session, leads.LeadDraft(name="Li Lei", source="web", phone=PHONE), None)).lead
        assert lead is not None
        email_id = await enqueue(
            session,
            Email(
                to=EMAIL,
                content=Content(subject="您的工单已受理", text="正文\n", html=None),
                kind="test.message",
                locale="zh-CN",
                about=("Customer", world.raw_customer_id),
            ),
        )
    try:
        # A new key is added after the old one: old values still read, new writes use the new key.
        crypto.configure(f"{'a' * 40},{'b' * 40}", "blind-index-key-for-tests")
        crypto._vault = crypto.Vault(  # keep the blind index of the data already written
            crypto.FieldCipher((old.cipher.keys[-1], crypto._derive_key("b" * 40))), old.blind
        )
        assert (await pending(db)) == {
            "customer.id_number": 1,
            "customer.address": 1,
            "contact.phones": 1,
            "contact.emails": 1,
            "lead.phone": 1,
            "lead.email": 0,
            "outbound_email.recipient": 1,
            "outbound_email.content": 1,
            "webhook_endpoint.secret": 0,
            "webhook_delivery.body": 0,
            "idempotency_key.body": 0,
            "export_file.content": 0,
            "import_batch.file": 0,
        }
        await gql.login("rep@demo.example")
        query = "query($id: ID!) { customer(id: $id) { idNumber address contacts { phones emails } } }"
        before = await gql(query, {"id": world.customer_id})
        assert before["data"]["customer"]["idNumber"] == ID_NUMBER
        result = await rotate(db)
        assert result == {
            "customer.id_number": 1,
            "customer.address": 1,
            "contact.phones": 1,
            "contact.emails": 1,
            "lead.phone": 1,
            "lead.email": 0,
            "outbound_email.recipient": 1,
            "outbound_email.content": 1,
            "webhook_endpoint.secret": 0,
            "webhook_delivery.body": 0,
            "idempotency_key.body": 0,
            "export_file.content": 0,
            "import_batch.file": 0,
        }
        assert set((await pending(db)).values()) == {0}
        async with db.engine.connect() as conn:
            key_numbers = {r[0] for r in await conn.execute(text("SELECT get_byte(phones_enc, 1) FROM contact"))}
        assert key_numbers == {1}
        after = await gql(query, {"id": world.customer_id})
        assert (
            after
            == before
            == {
                "data": {
                    "customer": {
                        "idNumber": ID_NUMBER,
                        "address": ADDRESS,
                        "contacts": [{"phones": [PHONE], "emails": [EMAIL]}],
                    }
                }
            }
        )
        async with db.read() as session:
            rotated = await session.get(Lead, lead.id)
            assert rotated is not None and leads.lead_phone(rotated) == PHONE
            queued = await session.get(OutboundEmail, email_id)
            assert queued is not None and recipient_of(queued) == EMAIL
            assert content_of(queued).subject == "您的工单已受理"
        # Blind-index lookups still find the customer after rotation.
        found = await gql('{ customers(search: "139-1234-5678") { nodes { name } } }')
        assert found["data"]["customers"]["nodes"] == [{"name": "Shared Person Co"}]
    finally:
        crypto._vault = old


async def test_data_subject_export_returns_everything_and_is_audited(
    gql: GraphQLClient, world: World, db: Database
) -> None:
    await gql.login("rep@demo.example")
    denied = await gql("query($id: ID!) { dataSubjectExport(customerId: $id) }", {"id": world.customer_id})
    assert denied["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    await gql.login("admin@demo.example")
    body = await gql("query($id: ID!) { dataSubjectExport(customerId: $id) }", {"id": world.customer_id})
    export: dict[str, Any] = body["data"]["dataSubjectExport"]
    assert export["customer"]["name"] == "Shared Person Co"
    assert export["customer"]["id_number"] == ID_NUMBER and export["customer"]["address"] == ADDRESS
    assert export["contacts"][0]["phones"] == [PHONE] and export["contacts"][0]["emails"] == [EMAIL]
    assert export["tags"] == ["VIP"]
    assert len(export["orders"]) == 1 and export["orders"][0]["total_amount"] == "100.00"
    assert len(export["orders"][0]["lines"]) == 0 and len(export["activities"]) == 1 and len(export["tasks"]) == 1
    assert any(h["action"] == "create" for h in export["history"])
    async with db.read() as session:
        assert (
            await session.execute(select(AuditEntry).where(AuditEntry.action == "data_subject_export"))
        ).scalar_one().entity_id == world.raw_customer_id


async def test_data_subject_erase_anonymises_everywhere_and_keeps_orders(
    gql: GraphQLClient, world: World, db: Database
) -> None:
    await gql.login("admin@demo.example")
    erase = "mutation($i: DataSubjectEraseInput!) { dataSubjectErase(input: $i) { erased contacts activities userErrors { field } } }"
    wrong = await gql(erase, {"i": {"customerId": world.customer_id, "confirmName": "someone else"}})
    assert wrong["data"]["dataSubjectErase"] == {
        "erased": False,
        "contacts": 0,
        "activities": 0,
        "userErrors": [{"field": "confirmName"}],
    }
    done = await gql(erase, {"i": {"customerId": world.customer_id, "confirmName": "Shared Person Co"}})
    assert done["data"]["dataSubjectErase"] == {"erased": True, "contacts": 1, "activities": 1, "userErrors": []}
    rows: list[str] = []
    async with db.engine.connect() as conn:
        for table in ("customer", "contact", "contact_point", "activity", "audit_entry"):
            rows += [str(row) for row in (await conn.execute(text(f"SELECT * FROM {table}"))).all()]
    dump = " ".join(rows)
    for personal in ("Shared Person Co", "张伟", "CEO"):
        assert personal not in dump
    async with db.read() as session:
        customer = await session.get(Customer, world.raw_customer_id)
        assert customer is not None and customer.id_number_enc is None and customer.gender is None
    listed = await gql(
        "query($id: ID!) { customer(id: $id) { name orderSummary { count totalAmount } contacts { name phones } } }",
        {"id": world.customer_id},
    )
    view = listed["data"]["customer"]
    assert view["orderSummary"] == {"count": 1, "totalAmount": "100.00"}  # revenue history stays
    assert view["contacts"] == [{"name": "Erased", "phones": []}]
    assert (await gql('{ customers(search: "5678") { totalCount } }'))["data"]["customers"]["totalCount"] == 0

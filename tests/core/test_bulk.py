"""Rows written by COPY (`rapport.core.bulk`) and the customers an import creates with it (`create_many`): the same
rows `create_customer` writes, in the same transaction, refused as a flush would be refused."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from rapport.core import audit
from rapport.core.bulk import copy_rows
from rapport.core.db import Database
from rapport.core.domain_events import DomainEvent
from rapport.customers.bulk_create import create_many
from rapport.customers.contacts import ContactDraft
from rapport.customers.models import Contact, ContactPoint, Customer, CustomerTag
from rapport.customers.records import CustomerDraft, create_customer
from tests import factories

pytestmark = pytest.mark.usefixtures("demo")

#: Columns that differ between any two customers however they were written.
_OWN = {"id", "created_at", "updated_at", "owned_since", "customer_id", "contact_id", "entity_id", "at", "event_id"}


def _draft(name: str, phone: str) -> CustomerDraft:
    contact = ContactDraft(name="王芳", title="采购经理", is_primary=True, phones=[phone], emails=["wf@example.cn"])
    return CustomerDraft(
        {"name": name, "grade": "B", "province": "上海", "industry": "贸易", "address": "上海市徐汇区漕溪北路1号"},
        [contact],
        ["VIP", "老客户"],
    )


def _plain(row: Any, drop: set[str] = _OWN) -> dict[str, Any]:
    values = {c.key: getattr(row, c.key) for c in row.__table__.columns if c.key not in drop}
    return {k: v for k, v in values.items() if not k.endswith("_enc")}  # ciphertexts are bound to their row's id


async def _written(db: Database, customer_id: uuid.UUID) -> dict[str, Any]:
    async with db.read() as session:
        customer = await session.get(Customer, customer_id)
        contacts = (await session.scalars(select(Contact).where(Contact.customer_id == customer_id))).all()
        points = (await session.scalars(select(ContactPoint).where(ContactPoint.customer_id == customer_id))).all()
        tags = (await session.scalars(select(CustomerTag.tag_id).where(CustomerTag.customer_id == customer_id))).all()
        entries = (
            await session.scalars(select(audit.AuditEntry).where(audit.AuditEntry.entity_id == customer_id))
        ).all()
        events = (await session.scalars(select(DomainEvent).where(DomainEvent.entity_id == customer_id))).all()
    return {
        "customer": _plain(customer, _OWN | {"name", "search_tokens", "trade_name", "trade_grams"}),
        "contacts": [_plain(c) for c in contacts],
        "points": sorted((p.kind, p.digest) for p in points),
        "tags": sorted(tags),
        "audit": [(e.action, e.actor_id, {k: v for k, v in e.changes.items() if k != "name"}) for e in entries],
        "events": [(e.type, e.actor_id, e.data) for e in events],
    }


async def test_create_many_writes_what_create_customer_writes(db: Database) -> None:
    """Every column of the customer, its contacts, blind index, tags, audit entry and event, alike (but for ids,
    times and the name itself): a column `create_customer` learns to set and `create_many` does not fails here."""
    principal = await factories.principal(db, "admin@demo.example")
    async with db.write() as session:
        one = await create_customer(session, principal, _draft("甲方贸易有限公司", "13911112222"))
        await session.flush()
        made = await create_many(session, principal, [_draft("乙方贸易有限公司", "13933334444")])
    other = made[0]
    assert not isinstance(other, Exception)
    alike, bulk = await _written(db, one.id), await _written(db, other.id)
    assert bulk["points"] != alike["points"]  # different phones: different digests
    bulk["points"] = alike["points"] = []
    assert bulk == alike
    async with db.read() as session:
        stored = await session.get(Customer, other.id)
    assert stored is not None and stored.search_tokens and stored.trade_name == "乙方"
    assert stored.address_enc is not None


async def test_copy_rows_fills_defaults_and_is_refused_like_a_flush(db: Database) -> None:
    """A column no row gives takes its model default; a duplicate key raises IntegrityError inside the caller's
    savepoint, which rolls back alone: the transaction goes on, and nothing of the refused COPY is written."""
    principal = await factories.principal(db, "admin@demo.example")
    first = audit.row(actor_id=principal.user_id, entity_type="Customer", entity_id=None, action="probe")
    del first["changes"]
    again = dict(first, action="probe-again")
    async with db.write() as session:

        async def refused() -> None:
            async with session.begin_nested():  # a new row, then one with the first's id
                await copy_rows(session, audit.AuditEntry, [{**again, "id": uuid.uuid4()}, again])

        assert await copy_rows(session, audit.AuditEntry, [first]) == 1
        with pytest.raises(IntegrityError):
            await refused()
        await copy_rows(session, audit.AuditEntry, [dict(first, id=uuid.uuid4(), action="after")])
    async with db.read() as session:
        rows = (await session.execute(select(audit.AuditEntry.action, audit.AuditEntry.changes).where(
            audit.AuditEntry.action.in_(("probe", "probe-again", "after"))
        ))).all()  # fmt: skip
    assert sorted(rows) == [("after", {}), ("probe", {})]


async def test_copy_rows_refuses_a_column_the_table_lacks(db: Database) -> None:
    async with db.write() as session:
        with pytest.raises(ValueError, match="no column 'nope'"):
            await copy_rows(session, audit.AuditEntry, [{"nope": 1}])

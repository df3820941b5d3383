"""A shared world for authorization tests: one customer every role can reach, and a user per shipped role."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from rapport.activities.service import TaskDraft, create_task
from rapport.config import Settings
from rapport.core.authz import scopes
from rapport.core.db import Database
from rapport.customers.models import Contact, Customer
from rapport.customers.service import ContactDraft
from rapport.graphql.node import to_global_id
from rapport.identity.service import create_user
from tests import factories

USERS = {
    "sales_rep": "rep@demo.example",
    "sales_manager": "manager@demo.example",
    "sales_director": "director@demo.example",
    "service_agent": "agent@demo.example",
    "service_supervisor": "supervisor@demo.example",
    "marketing": "marketing@demo.example",
    "marketing_manager": "mktmanager@demo.example",
    "analyst": "analyst@demo.example",
    "integrator": "integrator@test.example",
    "customer": "portal@test.example",
    "admin": "admin@demo.example",
}
SHARED = "Shared Person Co"
PHONE, EMAIL, ID_NUMBER, ADDRESS = (
    "+8613912345678",
    "zhang.wei@example.com",
    "310101199001011234",
    "浦东新区世纪大道100号",
)


@dataclass
class World:
    """Ids of what the tests read and write."""

    customer_id: str
    contact_id: str
    raw_customer_id: Any


def expectations() -> dict[tuple[str, str, str], str]:
    """The hand-written expectation file, expanded over the governed fields: (role, type, field) -> expected."""
    from rapport.assembly import build_schema
    from rapport.core.authz.catalog import GOVERNED

    build_schema()
    expected: dict[tuple[str, str, str], str] = {}
    for line in (Path(__file__).with_name("expected_access.csv")).read_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        role, type_name, fields, outcome = (part.strip() for part in line.split(","))
        names = GOVERNED[type_name] if fields == "*" else fields.split()
        for name in names:
            assert name in GOVERNED[type_name], f"{type_name}.{name} in expected_access.csv does not exist"
            expected[(role, type_name, name)] = outcome
    return expected


@contextlib.contextmanager
def related_to_everyone(name: str) -> Iterator[None]:
    """Make one customer 'related' to every caller, as tickets will (the service desk registers the real source)."""

    def source(_: Any) -> Any:
        return select(Customer.id).where(Customer.name == name)

    scopes.register_related("Customer", source)
    try:
        yield
    finally:
        scopes.unregister_related("Customer", source)


@pytest.fixture
async def world(demo: dict[str, Any], db: Database, settings: Settings) -> AsyncIterator[World]:
    async with db.write() as session:
        await create_user(session, email=USERS["integrator"], name="ERP", password="rapport-demo", roles=["integrator"])
        await create_user(session, email=USERS["customer"], name="Portal", password="rapport-demo", roles=["customer"])
    rep = await factories.principal(db, "rep@demo.example")
    customer = await factories.customer(
        db,
        rep,
        SHARED,
        kind="person",
        grade="A",
        province="上海市",
        city="上海市",
        gender="female",
        id_number=ID_NUMBER,
        address=ADDRESS,
        tags=["VIP"],
        contacts=[ContactDraft("张伟", title="CEO", phones=[PHONE], emails=[EMAIL], is_primary=True)],
    )
    start = datetime(2026, 1, 1, tzinfo=UTC)
    await factories.orders(db, customer.id, ["100.00"], start=start, step=timedelta(days=1))
    await factories.activities(db, rep, customer.id, 1, start=start, step=timedelta(days=1))
    async with db.write() as session:
        await create_task(
            session, rep, TaskDraft(title="t", due_at=start + timedelta(days=400), customer_id=customer.id)
        )
        contact = (await session.execute(select(Contact).where(Contact.customer_id == customer.id))).scalar_one()
    with related_to_everyone(SHARED):
        yield World(to_global_id("Customer", customer.id), to_global_id("Contact", contact.id), customer.id)

"""Facts about customers that marketing journeys decide on: latest order, tags, owner, contact points, dates.

Reached through `rapport.customers.service` (re-exported there)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, and_, extract, func, select
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core import clock
from rapport.customers.models import Contact, Customer, CustomerTag, Order, Tag
from rapport.customers.personal import decrypt_list


@dataclass(frozen=True)
class ContactPoints:
    """A contact's customer, language, emails and phones (plaintext: for sending and hashed audiences)."""

    contact_id: uuid.UUID
    customer_id: uuid.UUID
    language: str
    emails: list[str]
    phones: list[str]


async def latest_order_at(
    session: AsyncSession, customer_id: uuid.UUID, before: datetime | None = None
) -> datetime | None:
    """When the customer last ordered (at or before `before`, when given); null without such an order."""
    statement = select(func.max(Order.ordered_at)).where(Order.customer_id == customer_id)
    if before is not None:
        statement = statement.where(Order.ordered_at <= before)
    return await session.scalar(statement)


async def customer_has_tag(session: AsyncSession, customer_id: uuid.UUID, name: str) -> bool:
    """Whether the customer carries the tag of this name."""
    found = select(CustomerTag.customer_id).join(Tag, Tag.id == CustomerTag.tag_id)
    found = found.where(CustomerTag.customer_id == customer_id, Tag.name == name.strip())
    return (await session.scalar(found.limit(1))) is not None


async def customer_owner_id(session: AsyncSession, customer_id: uuid.UUID) -> uuid.UUID | None:
    """The customer's owner (null in the public pool or when the customer is gone)."""
    return await session.scalar(select(Customer.owner_id).where(Customer.id == customer_id))


async def order_customer_ids(session: AsyncSession, order_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, uuid.UUID]:
    """Order id -> its customer, for these orders."""
    rows = await session.execute(select(Order.id, Order.customer_id).where(Order.id.in_(list(order_ids))))
    return {row[0]: row[1] for row in rows}


async def primary_contact_ids(session: AsyncSession, customer_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, uuid.UUID]:
    """Customer id -> its primary contact (else its oldest), for customers that have one."""
    statement = (
        select(Contact.customer_id, Contact.id)
        .where(Contact.customer_id.in_(list(customer_ids)))
        .ext(distinct_on(Contact.customer_id))
        .order_by(Contact.customer_id, Contact.is_primary.desc(), Contact.id)
    )
    return {row[0]: row[1] for row in await session.execute(statement)}


async def contact_points(session: AsyncSession, contact_id: uuid.UUID) -> ContactPoints | None:
    """A contact's customer, language, emails and phones; None when the contact is gone."""
    contact = await session.get(Contact, contact_id)
    if contact is None:
        return None
    emails = decrypt_list(contact.emails_enc, table="contact", column="emails", row_id=contact.id)
    phones = decrypt_list(contact.phones_enc, table="contact", column="phones", row_id=contact.id)
    return ContactPoints(contact.id, contact.customer_id, contact.language, emails, phones)


def customers_on_anniversary(field: str, day: date) -> Select[Any]:
    """Live customers whose date `field` (created_at or birth_date) falls on this day of the year (business
    time), as a SELECT of their ids; a date trigger enrolls them that day."""
    if field == "created_at":
        local = func.timezone(clock.BUSINESS_TZ.key, Customer.created_at)
        column: Any = local
    else:
        column = Customer.birth_date
    return select(Customer.id).where(
        and_(extract("month", column) == day.month, extract("day", column) == day.day),
        Customer.merged_into_id.is_(None),
        Customer.archived_at.is_(None),
    )

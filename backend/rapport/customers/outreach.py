"""What marketing needs of contacts: who the contacts of some customers are, and their addresses for a send.

Addresses are decrypted here, on the server, for the system's messages only; marketing stores and shows them
masked. Nothing here applies a caller's scope: the callers are jobs and signed links."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, any_, bindparam, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.types import Uuid

from rapport.core.crypto import vault
from rapport.core.text import InvalidEmailError, normalise_email
from rapport.customers.models import Contact, ContactPoint, Customer
from rapport.customers.personal import decrypt_list


@dataclass(frozen=True)
class Recipient:
    """A contact as a campaign addresses them: names for merge fields, first email and phone, language."""

    contact_id: uuid.UUID
    customer_id: uuid.UUID
    name: str
    customer_name: str
    email: str | None
    phone: str | None
    language: str


def contacts_of_customers(customer_ids: Select[Any]) -> Any:
    """Query building block: (contact id, customer id) of every contact of the customers `customer_ids` selects."""
    return select(Contact.id, Contact.customer_id).where(Contact.customer_id.in_(customer_ids.scalar_subquery()))


def contact_time_zones(contact_ids: Sequence[uuid.UUID]) -> Select[uuid.UUID, str | None]:
    """Query building block: (id, time_zone) of the contacts with these ids (time_zone None: none of their own)."""
    ids = bindparam(None, list(contact_ids), type_=ARRAY(Uuid()))
    return select(Contact.id, Contact.time_zone).where(Contact.id == any_(ids))


async def recipients(session: AsyncSession, contact_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Recipient]:
    """The contacts with these ids (missing ones left out), their addresses decrypted."""
    if not contact_ids:
        return {}
    rows = await session.execute(
        select(Contact, Customer.name)
        .join(Customer, Customer.id == Contact.customer_id)
        .where(Contact.id.in_(list(contact_ids)))
    )
    found: dict[uuid.UUID, Recipient] = {}
    for contact, customer_name in rows:
        emails = decrypt_list(contact.emails_enc, table="contact", column="emails", row_id=contact.id)
        phones = decrypt_list(contact.phones_enc, table="contact", column="phones", row_id=contact.id)
        found[contact.id] = Recipient(
            contact.id,
            contact.customer_id,
            contact.name,
            str(customer_name),
            emails[0] if emails else None,
            phones[0] if phones else None,
            contact.language,
        )
    return found


def email_digest(text: str) -> bytes:
    """The blind-index digest under which a contact's email equal to `text` is found (lower case, trimmed)."""
    try:
        normalised = normalise_email(text)
    except InvalidEmailError:
        normalised = text.strip().lower()
    return vault().blind.digest("email", normalised)


async def contact_ids_with_point(session: AsyncSession, kind: str, digest: bytes) -> list[uuid.UUID]:
    """Every contact with a whole phone (`phone`) or an email (`email`) of this digest."""
    rows = await session.scalars(
        select(ContactPoint.contact_id).where(ContactPoint.kind == kind, ContactPoint.digest == digest)
    )
    return list(rows.all())


async def customer_of_contact(session: AsyncSession, contact_id: uuid.UUID) -> uuid.UUID | None:
    """The customer a contact belongs to (None: no such contact)."""
    found: uuid.UUID | None = await session.scalar(select(Contact.customer_id).where(Contact.id == contact_id))
    return found

"""Where Rapport writes to a customer: which contact, at which address, in which language."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core.i18n import supported
from rapport.customers.contacts import contact_language
from rapport.customers.models import Contact
from rapport.customers.personal import decrypt_list
from rapport.customers.repository import CustomerRepository


@dataclass(frozen=True)
class ContactAddress:
    """A contact to write to: their name, first email address (None when they have none) and language."""

    contact_id: uuid.UUID
    name: str
    email: str | None
    language: str


async def contact_address(
    session: AsyncSession, customer_id: uuid.UUID | None, contact_id: uuid.UUID | None
) -> ContactAddress | None:
    """Whom to write to about a customer's request: the contact named (when the customer's), else the customer's
    primary contact; None when there is neither. For the system's messages: no caller's scope applies."""
    contact = await session.get(Contact, contact_id) if contact_id is not None else None
    if contact is not None and customer_id is not None and contact.customer_id != customer_id:
        contact = None
    if contact is None and customer_id is not None:
        contact = next((c for c in await CustomerRepository(session).contacts_of(customer_id) if c.is_primary), None)
    if contact is None:
        return None
    emails = decrypt_list(contact.emails_enc, table="contact", column="emails", row_id=contact.id)
    return ContactAddress(contact.id, contact.name, emails[0] if emails else None, contact.language)


async def adopt_language(session: AsyncSession, contact_id: uuid.UUID, locale: str) -> None:
    """A contact's language becomes this one (their portal account's, when it is made)."""
    contact = await session.get(Contact, contact_id)
    language = supported(locale)
    if contact is not None and language is not None and contact.language != language:
        contact.language = contact_language(language)
        await session.flush()

"""A data subject's emails: the outbox's part of an export and of an erasure (the support manifest lists it).

The outbox (`rapport.core.mail`) is a mechanism below the domains and cannot tell whose a message is; the
service desk writes every customer message there is and can: a customer's emails are those **to one of its
contacts** (`recipient = ("Contact", id)`) **or about one of its tickets** (`about = ("Ticket", id)`). Either
alone misses some: a message about a ticket still names the contact it went to after that contact was deleted or
merged away, and a message to a contact need not be about a ticket (marketing will write to contacts too).
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core.mail.outbox import content_of, delete_to_or_about, messages_to_or_about, recipient_of
from rapport.core.principal import Principal
from rapport.customers.service import contacts_of
from rapport.manifest import PrivacyPart
from rapport.support.repository import SupportRepository


async def _whose(
    session: AsyncSession, customer_id: uuid.UUID
) -> tuple[tuple[str, list[uuid.UUID]], tuple[str, list[uuid.UUID]]]:
    contacts = [contact.id for contact in await contacts_of(session, customer_id)]
    tickets = await SupportRepository(session).ids_of_customer(customer_id)
    return ("Contact", contacts), ("Ticket", tickets)


async def export_emails(session: AsyncSession, principal: Principal, customer_id: uuid.UUID) -> list[dict[str, Any]]:
    """The emails sent or queued to the customer's contacts, oldest first: kind, address, subject, status and times.

    Never the bodies (the subject says what each was; a survey link in a body would still work). A message about a
    ticket is listed when the caller may see the ticket, as on the ticket page.
    """
    rows = await messages_to_or_about(session, *await _whose(session, customer_id))
    about_tickets = {row.subject_id for row in rows if row.subject_type == "Ticket" and row.subject_id is not None}
    visible = {ticket.id for ticket in await SupportRepository(session).by_ids(principal, list(about_tickets))}
    return [
        {
            "id": str(row.id),
            "kind": row.kind,
            "to": recipient_of(row),
            "subject": content_of(row).subject,
            "status": row.status,
            "locale": row.locale,
            "about": None if row.subject_type is None else {"type": row.subject_type, "id": str(row.subject_id)},
            "queued_at": row.created_at.isoformat(),
            "sent_at": None if row.sent_at is None else row.sent_at.isoformat(),
            "last_error": row.last_error,
        }
        for row in rows
        if row.subject_type != "Ticket" or row.subject_id in visible
    ]


async def erase_emails(session: AsyncSession, customer_id: uuid.UUID) -> int:
    """Delete the customer's emails from the outbox, those still queued too (nothing is sent after an erasure)."""
    return await delete_to_or_about(session, *await _whose(session, customer_id))


EMAILS = PrivacyPart("emails", export_emails, erase_emails)

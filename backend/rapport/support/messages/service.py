"""Customer messages of the service desk, queued in the transaction of the change they tell about.

The ticket's contact receives them, else the customer's primary contact, in the contact's language. They are
service messages (never suppressed by marketing preferences, no marketing content). Only what the customer may
read is sent: the acknowledgement of a new ticket, each public reply of the staff (never an internal note, never
the customer's own reply) and the resolution with a fresh, signed, single-use survey link. That link is handed to
the staff member who resolved the ticket only when it could not be emailed (see `resolution`).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core import audit
from rapport.core.mail.outbox import Email, enqueue
from rapport.core.mail.templates import MailTemplates
from rapport.customers.service import contact_address
from rapport.support.models import Ticket, TicketComment
from rapport.support.repository import SupportRepository
from rapport.support.survey import service as survey

TEMPLATES = MailTemplates(Path(__file__).resolve().parent / "templates")


@dataclass(frozen=True)
class Links:
    """How links in messages are made: the address customers reach Rapport at, the key that signs survey links,
    and the portal's path of a ticket."""

    base_url: str
    secret_key: str
    ticket_path: Callable[[uuid.UUID], str]


async def _tell(
    session: AsyncSession, ticket: Ticket, name: str, links: Links, dedupe_key: str, **values: Any
) -> uuid.UUID | None:
    """Queue message `name` about the ticket to its contact (else the customer's primary contact), if they have an
    email address; the outbox id, or None when nobody could be written to (or it was queued already)."""
    to = await contact_address(session, ticket.customer_id, ticket.contact_id)
    if to is None or to.email is None:
        return None
    has_portal = await SupportRepository(session).contact_has_account(to.contact_id)
    content = TEMPLATES.render(
        name,
        to.language,
        name=to.name,
        number=ticket.number,
        subject=ticket.subject,
        portal_url=f"{links.base_url}{links.ticket_path(ticket.id)}" if has_portal else None,
        **values,
    )
    email = Email(
        to=to.email,
        content=content,
        kind=f"ticket.{name.removeprefix('ticket_')}",
        locale=to.language,
        about=("Ticket", ticket.id),
        recipient=("Contact", to.contact_id),
        dedupe_key=dedupe_key,
    )
    return await enqueue(session, email)


async def acknowledge(session: AsyncSession, ticket: Ticket, links: Links) -> uuid.UUID | None:
    """A new ticket: tell the customer it was received, with its number."""
    return await _tell(
        session, ticket, "ticket_acknowledged", links, f"ticket:{ticket.id}:acknowledged", opened_at=ticket.created_at
    )


async def reply(session: AsyncSession, ticket: Ticket, comment: TicketComment, links: Links) -> uuid.UUID | None:
    """A public reply of the staff goes to the customer; internal notes and the customer's own replies do not."""
    if not comment.public or comment.from_customer:
        return None
    return await _tell(
        session,
        ticket,
        "ticket_replied",
        links,
        f"ticket-comment:{comment.id}",
        body=comment.body,
        replied_at=comment.created_at,
    )


async def resolution(session: AsyncSession, ticket: Ticket, links: Links, resolver_id: uuid.UUID) -> str | None:
    """A resolved ticket: a fresh survey link (earlier ones stop working) is emailed to the customer.

    The link is the customer's alone (a rating closes or reopens the ticket), so the staff member who resolved
    the ticket (`resolver_id`) gets it only when it could not be emailed (no contact with an email address, e.g. a
    phone-only customer), to pass it on by another channel: then it is returned, and the audit log records that
    the ticket's survey link was given to them (never the link itself). None when the email was queued.
    """
    token = await survey.issue(session, ticket, links.secret_key)
    url = f"{links.base_url}/survey/{token}"
    assert ticket.resolved_at is not None
    emailed = await _tell(
        session,
        ticket,
        "ticket_resolved",
        links,
        f"ticket:{ticket.id}:resolved:{ticket.resolved_at.isoformat()}",
        resolved_at=ticket.resolved_at,
        survey_url=url,
        valid_days=survey.VALID_DAYS,
    )
    if emailed is not None:
        return None
    audit.record(
        session,
        actor_id=resolver_id,
        entity_type="Ticket",
        entity_id=ticket.id,
        action="survey_link_given",
        changes={"surveyLinkGivenTo": str(resolver_id), "reason": "the customer has no email address"},
    )
    return url

"""Tickets by another system's id (a call center, an old help desk): open the ticket an external id does not name
yet, else set its subject, description, category and priority. The workflow's state (assignment, status) moves
only through its own actions."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core import audit, clock, external_ids
from rapport.core.domain_events import emit
from rapport.core.errors import BadUserInputError
from rapport.core.i18n import msg
from rapport.core.principal import Principal
from rapport.core.text import search_tokens
from rapport.support.models import Priority, Ticket


async def claim_external_id(session: AsyncSession, value: str | None, own_id: uuid.UUID | None) -> str | None:
    """The cleaned external id, locked for this transaction; BAD_USER_INPUT when another ticket holds it."""
    key = external_ids.clean(value)
    if key is None:
        return None
    await external_ids.lock(session, "ticket", [key])
    holder = await ticket_id_by_external_id(session, key)
    if holder is not None and holder != own_id:
        raise BadUserInputError(
            msg("Another ticket already has the external id {externalId}.", externalId=key),
            field="externalId",
            reason="EXTERNAL_ID_TAKEN",
        )
    return key


async def ticket_id_by_external_id(session: AsyncSession, key: str) -> uuid.UUID | None:
    """The ticket holding an external id, whoever may see it."""
    return await session.scalar(select(Ticket.id).where(Ticket.external_id == key))


@dataclass
class TicketChanges:
    """What an upsert sets on an existing ticket."""

    subject: str
    category: str
    description: str | None
    priority: str


def changed_fields(ticket: Ticket, changes: TicketChanges) -> dict[str, list[Any]]:
    """The fields `changes` would set on `ticket`, each as [before, after] (none: the ticket stays as it is)."""
    subject, category = changes.subject.strip(), changes.category.strip()
    if not subject:
        raise BadUserInputError("Give the ticket a subject.", field="subject")
    if not category:
        raise BadUserInputError("Choose a category.", field="category")
    if changes.priority not in {p.value for p in Priority}:
        raise BadUserInputError("Unknown priority.", field="priority")
    wanted: dict[str, Any] = {
        "subject": subject[:300],
        "category": category[:64],
        "description": changes.description,
        "priority": changes.priority,
    }
    return {k: [getattr(ticket, k), v] for k, v in wanted.items() if getattr(ticket, k) != v}


def apply_changes(session: AsyncSession, principal: Principal, ticket: Ticket, changes: TicketChanges) -> bool:
    """Set the changed fields (audited, announced as `ticket.changed`); False when nothing differed."""
    diff = changed_fields(ticket, changes)
    if not diff:
        return False
    for key, (_, value) in diff.items():
        setattr(ticket, key, value)
    ticket.search_tokens = search_tokens(ticket.subject, ticket.description)
    ticket.updated_at = clock.now()
    audit.record(
        session, actor_id=principal.user_id, entity_type="Ticket", entity_id=ticket.id, action="update", changes=diff
    )
    emit(
        session,
        "ticket.changed",
        "Ticket",
        ticket.id,
        actor_id=principal.user_id,
        changed=sorted(diff),
        data={"kind": "updated"},
    )
    return True

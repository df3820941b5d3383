"""Tickets by another system's id, one at a time: the service behind `ticketUpsert` and the import of ticket files.

A new external id opens a ticket as `ticketCreate` does (routed, SLA started, audited, announced); a known one sets
the subject and category, and the description and priority when given. Undo of an import removes the tickets it
opened that nobody has touched since.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum, StrEnum

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core import audit, external_ids
from rapport.core.errors import BadUserInputError
from rapport.core.principal import Principal
from rapport.core.sql import referenced_ids
from rapport.customers.external import customer_id_by_external_id
from rapport.support.messages import service as messages
from rapport.support.models import Channel, Ticket, TicketComment, TicketEvent
from rapport.support.workflow import service as workflow
from rapport.support.workflow.external import (
    TicketChanges,
    apply_changes,
    changed_fields,
    ticket_id_by_external_id,
)


class Omitted(Enum):
    """A field the caller did not send (kept on update)."""

    OMITTED = "omitted"


OMITTED = Omitted.OMITTED


class Outcome(StrEnum):
    """What an upsert did."""

    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass
class TicketUpsert:
    """A ticket as another system sends it; the customer (by id or external id) and channel count on create only."""

    external_id: str | None
    subject: str
    category: str
    description: str | Omitted | None = OMITTED
    #: None: normal on create, kept on update.
    priority: str | None = None
    channel: str = Channel.API.value
    customer_id: uuid.UUID | None = None
    customer_external_id: str | None = None
    version: int | None = None


async def upsert_ticket(
    session: AsyncSession, principal: Principal, upsert: TicketUpsert, links: messages.Links | None
) -> tuple[Ticket, Outcome]:
    """Open the ticket with this external id, or update the one holding it (serialised per external id). With
    `links`, the customer of a new ticket is told it was received (an import of old tickets tells nobody)."""
    key = external_ids.required(upsert.external_id)
    await external_ids.lock(session, "ticket", [key])
    holder = await ticket_id_by_external_id(session, key)
    if holder is not None:
        ticket = await workflow.locked_ticket(session, principal, holder)
        workflow.check_version(ticket, upsert.version)
        if not apply_changes(session, principal, ticket, changes_of(ticket, upsert)):
            return ticket, Outcome.UNCHANGED
        await session.flush()  # the new version
        return ticket, Outcome.UPDATED
    if upsert.customer_id is not None and upsert.customer_external_id is not None:
        raise BadUserInputError(
            "Name the customer by customerId or by customerExternalId (one of them).", field="customerId"
        )
    customer_id = upsert.customer_id
    if upsert.customer_external_id:
        customer_id = await customer_id_by_external_id(session, principal, upsert.customer_external_id)
    draft = workflow.TicketDraft(
        subject=upsert.subject,
        category=upsert.category,
        description=None if upsert.description is OMITTED else upsert.description,
        customer_id=customer_id,
        channel=upsert.channel,
        priority=upsert.priority or "normal",
        external_id=key,
    )
    ticket = await workflow.create_ticket(session, principal, draft)
    if links is not None:
        await messages.acknowledge(session, ticket, links)
    return ticket, Outcome.CREATED


def changes_of(ticket: Ticket, upsert: TicketUpsert) -> TicketChanges:
    """What an upsert sets on the ticket holding its external id: a description or priority it omits is kept."""
    description = ticket.description if upsert.description is OMITTED else upsert.description
    return TicketChanges(upsert.subject, upsert.category, description, upsert.priority or ticket.priority)


def would_change(ticket: Ticket, upsert: TicketUpsert) -> bool:
    """Whether the upsert would update the ticket holding its external id (else it is left unchanged); an upsert
    the ticket service would refuse counts as a change, for the service to refuse it."""
    try:
        return bool(changed_fields(ticket, changes_of(ticket, upsert)))
    except BadUserInputError:
        return True


async def tickets_by_external_id(session: AsyncSession, keys: Sequence[str]) -> dict[str, Ticket]:
    """Of these external ids, those a ticket holds, with the ticket (whoever may see it)."""
    if not keys:
        return {}
    found = await session.scalars(select(Ticket).where(Ticket.external_id.in_(list(keys))))
    return {t.external_id: t for t in found if t.external_id is not None}


async def remove_imported(
    session: AsyncSession, principal: Principal, versions: Mapping[uuid.UUID, int]
) -> tuple[int, int]:
    """Delete tickets an import opened that nobody touched since: same version, no comment, no event by anyone but
    the importer or the system, named by no other row. Audited; returns (removed, kept)."""
    if not versions:
        return 0, 0
    ids = list(versions)
    rows = (await session.execute(select(Ticket.id, Ticket.version).where(Ticket.id.in_(ids)).with_for_update())).all()
    touched = set(
        (await session.scalars(select(TicketComment.ticket_id).where(TicketComment.ticket_id.in_(ids)))).all()
    )
    touched |= set(
        (
            await session.scalars(
                select(TicketEvent.ticket_id).where(
                    TicketEvent.ticket_id.in_(ids),
                    TicketEvent.actor_id.is_not(None),
                    TicketEvent.actor_id != principal.user_id,
                )
            )
        ).all()
    )
    touched |= await referenced_ids(session, "ticket", ids, besides=frozenset({"ticket_event", "ticket_comment"}))
    removable = [r.id for r in rows if versions[r.id] == r.version and r.id not in touched]
    if removable:
        await session.execute(delete(Ticket).where(Ticket.id.in_(removable)))
        for ticket_id in removable:
            audit.record(
                session, actor_id=principal.user_id, entity_type="Ticket", entity_id=ticket_id, action="import_undo"
            )
    return len(removable), len(versions) - len(removable)

"""The ticket workflow: create (with routing and SLA), assign, start, wait, comment, resolve, rate, escalate, reopen."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from rapport.activities.service import notify
from rapport.core import audit, clock
from rapport.core.authz.scopes import referenced
from rapport.core.errors import BadUserInputError, ConflictError, ForbiddenError, NotFoundError
from rapport.core.i18n import Message, msg, typed
from rapport.core.ids import uuid7
from rapport.core.principal import Principal
from rapport.core.text import search_tokens
from rapport.identity.service import roles_of
from rapport.support.events import record_event
from rapport.support.models import Channel, Priority, Ticket, TicketComment
from rapport.support.queues import SERVICE_ROLES, queue_supervisor
from rapport.support.repository import SupportRepository
from rapport.support.sla import service as sla
from rapport.support.workflow.external import claim_external_id
from rapport.support.workflow.repository import WorkflowRepository
from rapport.support.workflow.routing import route
from rapport.support.workflow.transitions import S
from rapport.support.workflow.transitions import check_transition as _check
from rapport.support.workflow.transitions import set_status as _set_status


async def locked_ticket(session: AsyncSession, principal: Principal | None, ticket_id: uuid.UUID) -> Ticket:
    """A visible ticket, locked for this transaction (NOT_FOUND when missing or out of scope)."""
    if principal is not None:
        found: Ticket = await referenced(session, principal, "Ticket", ticket_id, lock=True)
        return found
    ticket = await SupportRepository(session).for_update(ticket_id)  # the system (jobs) acts on any ticket
    if ticket is None:
        raise NotFoundError("No ticket with that id.")
    return ticket


def check_version(ticket: Ticket, version: int | None) -> None:
    if version is not None and ticket.version != version:
        raise ConflictError(
            msg("Ticket {number} was changed by someone else; reload it.", number=ticket.number),
            currentVersion=ticket.version,
        )


@dataclass
class TicketDraft:
    """A ticket to open."""

    subject: str
    category: str
    description: str | None = None
    customer_id: uuid.UUID | None = None
    contact_id: uuid.UUID | None = None
    channel: str = Channel.WEB.value
    priority: str = Priority.NORMAL.value
    external_id: str | None = None


async def create_ticket(session: AsyncSession, principal: Principal, draft: TicketDraft) -> Ticket:
    """Open a ticket: numbered, routed to a queue and agent when a rule matches, with its SLA clock started."""
    subject = draft.subject.strip()
    if not subject:
        raise BadUserInputError("Give the ticket a subject.", field="subject")
    category = draft.category.strip()
    if not category:
        raise BadUserInputError("Choose a category.", field="category")
    if draft.priority not in {p.value for p in Priority}:
        raise BadUserInputError("Unknown priority.", field="priority")
    repo = SupportRepository(session)
    external_id = await claim_external_id(session, draft.external_id, None)
    grade = None
    account = await repo.portal_account(principal.user_id)
    if account is not None:  # portal users open tickets for their own company only
        draft.customer_id, draft.contact_id, draft.channel = (
            account.customer_id,
            account.contact_id,
            Channel.PORTAL.value,
        )
    elif draft.customer_id is not None:
        # Staff file tickets for customers they may see; any other id answers like one that does not exist.
        grade = (await referenced(session, principal, "Customer", draft.customer_id)).grade
    if draft.contact_id is not None and account is None:
        contact = await referenced(session, principal, "Contact", draft.contact_id)
        if contact.customer_id != draft.customer_id:
            raise BadUserInputError("That contact is not one of the customer's.", field="contactId")
    now = clock.now()
    ticket = Ticket(
        id=uuid7(),
        version=1,
        created_at=now,
        updated_at=now,
        number=await repo.next_number(now.year),
        subject=subject[:300],
        description=draft.description,
        customer_id=draft.customer_id,
        contact_id=draft.contact_id,
        channel=draft.channel,
        category=category[:64],
        priority=draft.priority,
        status=S.NEW.value,
        created_by_id=principal.user_id,
        escalation_level=0,
        reopen_count=0,
        search_tokens=search_tokens(subject, draft.description),
        external_id=external_id,
    )
    decision = await route(session, ticket, grade)  # may raise the priority
    ticket.queue_id = decision.queue_id
    sla.start_clock(ticket, await sla.targets_for(session, ticket.priority, ticket.category), now)
    session.add(ticket)
    await session.flush()
    record_event(session, ticket, "created", principal.user_id, {"channel": ticket.channel})
    if decision.agent_id is not None:
        _assign(session, ticket, decision.agent_id, None, "routing")
    await session.flush()
    audit.record(
        session,
        actor_id=principal.user_id,
        entity_type="Ticket",
        entity_id=ticket.id,
        action="create",
        changes={"number": [None, ticket.number], "queueId": [None, str(ticket.queue_id)]},
    )
    return ticket


def _assign(session: AsyncSession, ticket: Ticket, agent_id: uuid.UUID, actor_id: uuid.UUID | None, how: str) -> None:
    previous = ticket.assignee_id
    ticket.assignee_id = agent_id
    record_event(
        session,
        ticket,
        "assigned",
        actor_id,
        {"assigneeId": str(agent_id), "previous": str(previous) if previous else None, "by": how},
    )
    _set_status(session, ticket, S.ASSIGNED, actor_id)
    notify(
        session,
        agent_id,
        kind="ticket_assigned",
        title=msg("{number}: {subject}", number=ticket.number, subject=ticket.subject),
        entity_type="Ticket",
        entity_id=ticket.id,
    )


async def assign(
    session: AsyncSession, principal: Principal, ticket_id: uuid.UUID, agent_id: uuid.UUID, version: int | None
) -> Ticket:
    """Give a ticket to an agent (the supervisor's move; also how reopened tickets go back to work)."""
    ticket = await locked_ticket(session, principal, ticket_id)
    check_version(ticket, version)
    _check(ticket, "assign")
    if not set(SERVICE_ROLES) & set(await roles_of(session, agent_id)):
        raise BadUserInputError("Tickets go to service agents or supervisors.", field="agentId")
    if ticket.waiting_since is not None:
        sla.resume_clock(ticket, await sla.calendar_for(session, ticket), clock.now())
    _assign(session, ticket, agent_id, principal.user_id, "hand")
    await session.flush()
    return ticket


async def start(session: AsyncSession, principal: Principal, ticket_id: uuid.UUID, version: int | None) -> Ticket:
    """The assignee starts (or resumes) work."""
    ticket = await locked_ticket(session, principal, ticket_id)
    check_version(ticket, version)
    _check(ticket, "start")
    if ticket.assignee_id != principal.user_id:
        raise BadUserInputError("Only the ticket's assignee can start work on it.", field="id", reason="NOT_ASSIGNEE")
    if ticket.waiting_since is not None:
        sla.resume_clock(ticket, await sla.calendar_for(session, ticket), clock.now())
    _set_status(session, ticket, S.IN_PROGRESS, principal.user_id)
    await session.flush()
    return ticket


async def wait_for_customer(
    session: AsyncSession, principal: Principal, ticket_id: uuid.UUID, version: int | None
) -> Ticket:
    """Wait on the customer: the SLA clock pauses until they answer or work resumes."""
    ticket = await locked_ticket(session, principal, ticket_id)
    check_version(ticket, version)
    _check(ticket, "wait")
    ticket.waiting_since = clock.now()
    _set_status(session, ticket, S.WAITING, principal.user_id)
    await session.flush()
    return ticket


async def comment(
    session: AsyncSession, principal: Principal, ticket_id: uuid.UUID, body: str, *, public: bool
) -> tuple[Ticket, TicketComment]:
    """A reply (public) or internal note; a staff reply is the first response; a customer's reply resumes work."""
    text = body.strip()
    if not text:
        raise BadUserInputError("Write something.", field="body")
    ticket = await locked_ticket(session, principal, ticket_id)
    _check(ticket, "comment")
    from_customer = await SupportRepository(session).portal_account(principal.user_id) is not None
    if from_customer and not public:
        raise BadUserInputError("Customers can only reply publicly.", field="public")
    now = clock.now()
    note = TicketComment(
        id=uuid7(),
        ticket_id=ticket.id,
        author_id=principal.user_id,
        body=text,
        public=public,
        from_customer=from_customer,
        created_at=now,
    )
    session.add(note)
    if public and not from_customer and ticket.first_responded_at is None:
        ticket.first_responded_at = now
    if from_customer and ticket.status == S.WAITING.value:
        sla.resume_clock(ticket, await sla.calendar_for(session, ticket), now)
        _set_status(session, ticket, S.IN_PROGRESS, principal.user_id)
    ticket.updated_at = now
    record_event(
        session,
        ticket,
        "commented",
        principal.user_id,
        {"commentId": str(note.id), "public": public, "fromCustomer": from_customer},
    )
    if from_customer and ticket.assignee_id is not None:
        notify(
            session,
            ticket.assignee_id,
            kind="ticket_reply",
            title=msg("{number}: the customer replied", number=ticket.number),
            entity_type="Ticket",
            entity_id=ticket.id,
        )
    await session.flush()
    return ticket, note


async def resolve(session: AsyncSession, principal: Principal, ticket_id: uuid.UUID, version: int | None) -> Ticket:
    """Answered: waiting for the customer's rating."""
    ticket = await locked_ticket(session, principal, ticket_id)
    check_version(ticket, version)
    _check(ticket, "resolve")
    now = clock.now()
    if ticket.waiting_since is not None:
        sla.resume_clock(ticket, await sla.calendar_for(session, ticket), now)
    ticket.resolved_at = now
    if ticket.first_responded_at is None:
        ticket.first_responded_at = now
    _set_status(session, ticket, S.RESOLVED, principal.user_id)
    await session.flush()
    return ticket


async def rate(
    session: AsyncSession, principal: Principal | None, ticket_id: uuid.UUID, stars: int, remark: str | None
) -> Ticket:
    """The customer's rating: 3 stars or more closes the ticket; fewer reopen it for the supervisor.

    Only the customer rates (requirement 001: the satisfaction gate is theirs): signed in, the caller must be the
    portal contact of the ticket (any contact of its customer when the ticket names none); `principal` None is the
    survey link sent to the customer. Staff get FORBIDDEN whatever the policy grants.
    """
    if not 1 <= stars <= 5:
        raise BadUserInputError("Rate from 1 to 5 stars.", field="rating")
    ticket = await locked_ticket(session, principal, ticket_id)
    if principal is not None:
        account = await SupportRepository(session).portal_account(principal.user_id)
        if (
            account is None
            or account.customer_id != ticket.customer_id
            or (ticket.contact_id is not None and account.contact_id != ticket.contact_id)
        ):
            raise ForbiddenError(
                "Only the customer rates a ticket, through the survey link sent to them or in the portal."
            )
    _check(ticket, "rate")
    now = clock.now()
    ticket.rating, ticket.rating_comment, ticket.rated_at = stars, (remark or "").strip() or None, now
    ticket.rated_agent_id = ticket.assignee_id
    actor = principal.user_id if principal else None
    record_event(session, ticket, "rated", actor, {"rating": stars})
    if stars >= 3:
        ticket.closed_at = now
        _set_status(session, ticket, S.CLOSED, actor)
    else:
        await _reopen(session, ticket, actor, msg("rated {stars} stars", stars=stars))
    await session.flush()
    return ticket


async def _reopen(session: AsyncSession, ticket: Ticket, actor_id: uuid.UUID | None, reason: Message) -> None:
    ticket.reopen_count += 1
    ticket.assignee_id = None  # back to the supervisor's queue
    ticket.resolved_at = None
    ticket.closed_at = None
    _set_status(session, ticket, S.REOPENED, actor_id)
    supervisor = await queue_supervisor(session, ticket.queue_id)
    if supervisor is not None:
        notify(
            session,
            supervisor,
            kind="ticket_reopened",
            title=msg("{number} reopened: {reason}", number=ticket.number, reason=reason),
            body=typed(ticket.subject),
            entity_type="Ticket",
            entity_id=ticket.id,
        )


async def reopen(session: AsyncSession, principal: Principal, ticket_id: uuid.UUID, reason: str | None) -> Ticket:
    """Reopen a resolved or closed ticket; it returns to the supervisor's queue."""
    ticket = await locked_ticket(session, principal, ticket_id)
    _check(ticket, "reopen")
    await _reopen(session, ticket, principal.user_id, typed(reason) if reason else msg("reopened"))
    await session.flush()
    return ticket


async def escalate(session: AsyncSession, principal: Principal, ticket_id: uuid.UUID, reason: str | None) -> Ticket:
    """Raise the escalation level by hand and tell the queue's supervisor."""
    ticket = await locked_ticket(session, principal, ticket_id)
    _check(ticket, "escalate")
    ticket.escalation_level += 1
    record_event(
        session,
        ticket,
        "escalated",
        principal.user_id,
        {"level": ticket.escalation_level, "reason": (reason or "manual").strip()[:300]},
    )
    supervisor = await queue_supervisor(session, ticket.queue_id)
    if supervisor is not None:
        notify(
            session,
            supervisor,
            kind="escalation",
            title=msg("{number} escalated", number=ticket.number),
            body=typed(reason),
            entity_type="Ticket",
            entity_id=ticket.id,
        )
    await session.flush()
    return ticket


async def close_unrated(session: AsyncSession, now: datetime, days: int, batch: int = 500) -> int:
    """Close resolved tickets nobody rated within `days` (once each, safe with several workers)."""
    tickets = await WorkflowRepository(session).claim_unrated_resolved(now - timedelta(days=days), batch)
    for ticket in tickets:
        ticket.closed_at = now
        _set_status(session, ticket, S.CLOSED, None)
    await session.flush()
    return len(tickets)


# --- for marketing journeys (issue 18; appended by the marketing domain) ----------------------------------


async def closed_ticket_customers(session: AsyncSession, ticket_ids: list[uuid.UUID]) -> dict[uuid.UUID, uuid.UUID]:
    """Ticket id -> its customer, for those of these tickets that are closed now and have a customer."""
    from sqlalchemy import select

    statement = select(Ticket.id, Ticket.customer_id).where(
        Ticket.id.in_(ticket_ids), Ticket.status == S.CLOSED.value, Ticket.customer_id.is_not(None)
    )
    return {row[0]: row[1] for row in await session.execute(statement) if row[1] is not None}

"""The ticket's status machine: which action may start from which status, and the status change itself."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core.errors import BadUserInputError
from rapport.core.i18n import msg
from rapport.support.events import record_event
from rapport.support.models import Ticket, TicketStatus

S = TicketStatus
#: action -> statuses it may start from.
ALLOWED: dict[str, set[TicketStatus]] = {
    "assign": {S.NEW, S.ASSIGNED, S.IN_PROGRESS, S.WAITING, S.REOPENED},
    "start": {S.ASSIGNED, S.WAITING},
    "wait": {S.IN_PROGRESS},
    "resolve": {S.ASSIGNED, S.IN_PROGRESS, S.WAITING},
    "rate": {S.RESOLVED},
    "reopen": {S.RESOLVED, S.CLOSED},
    "escalate": {S.NEW, S.ASSIGNED, S.IN_PROGRESS, S.WAITING, S.REOPENED},
    "comment": {S.NEW, S.ASSIGNED, S.IN_PROGRESS, S.WAITING, S.RESOLVED, S.REOPENED},
}


class InvalidTransitionError(BadUserInputError):
    """The ticket's status does not allow this action now."""


#: Each action and status as a word of the reader's language.
_ACTIONS = {
    "assign": msg("assign"),
    "start": msg("start"),
    "wait": msg("set waiting"),
    "resolve": msg("resolve"),
    "rate": msg("rate"),
    "reopen": msg("reopen"),
    "escalate": msg("escalate"),
    "comment": msg("comment on"),
}
_STATUSES = {
    S.NEW: msg("new"),
    S.ASSIGNED: msg("assigned"),
    S.IN_PROGRESS: msg("in progress"),
    S.WAITING: msg("waiting on the customer"),
    S.RESOLVED: msg("resolved"),
    S.CLOSED: msg("closed"),
    S.REOPENED: msg("reopened"),
}


def check_transition(ticket: Ticket, action: str) -> None:
    """Refuse `action` unless the ticket's status allows it (INVALID_TRANSITION)."""
    status = TicketStatus(ticket.status)
    if status not in ALLOWED[action]:
        raise InvalidTransitionError(
            msg(
                "Cannot {action} ticket {number} while it is {status}; possible from: {allowed}.",
                action=_ACTIONS.get(action, action),
                number=ticket.number,
                status=_STATUSES[status],
                allowed=[_STATUSES[s] for s in sorted(ALLOWED[action])],
            ),
            field="id",
            reason="INVALID_TRANSITION",
        )


def set_status(session: AsyncSession, ticket: Ticket, status: TicketStatus, actor_id: uuid.UUID | None) -> None:
    """Move the ticket to `status`, recording the change as an event."""
    before = ticket.status
    if before != status.value:
        ticket.status = status.value
        record_event(session, ticket, "status_changed", actor_id, {"from": before, "to": status.value})

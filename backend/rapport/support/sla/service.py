"""SLA rules: which policy applies, due times on business time, pauses, and warnings and escalations."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from rapport.activities.service import notify
from rapport.core.i18n import msg, typed
from rapport.support.events import record_event
from rapport.support.models import BusinessCalendar, SlaPolicy, Ticket
from rapport.support.queues import queue_supervisor
from rapport.support.sla.calendar import Calendar
from rapport.support.sla.repository import SlaRepository

WARN_AT = 0.8
#: Targets (first response, resolution) in minutes when no policy matches: counted around the clock.
DEFAULT_TARGETS = {"urgent": (30, 240), "high": (60, 480), "normal": (120, 1440), "low": (480, 4320)}


@dataclass(frozen=True)
class Targets:
    """The SLA that applies to a ticket."""

    policy_id: uuid.UUID | None
    first_response_minutes: int
    resolution_minutes: int
    calendar: Calendar


def calendar_of(row: BusinessCalendar | None) -> Calendar:
    """The business calendar of a row (None: 24x7)."""
    if row is None:
        return Calendar.twenty_four_seven()
    return Calendar(
        timezone=row.timezone,
        working_days=frozenset(row.working_days or ()),
        day_start=row.day_start,
        day_end=row.day_end,
        holidays=frozenset(row.holidays or ()),
    )


def _matches(policy: SlaPolicy, priority: str, category: str) -> bool:
    return (policy.priority in (None, priority)) and (policy.category in (None, category))


async def targets_for(session: AsyncSession, priority: str, category: str) -> Targets:
    """The first active policy matching priority and category (null fields match anything)."""
    repo = SlaRepository(session)
    for policy in await repo.active_policies():
        if _matches(policy, priority, category):
            return Targets(
                policy.id,
                policy.first_response_minutes,
                policy.resolution_minutes,
                calendar_of(await repo.calendar(policy.calendar_id)),
            )
    first, resolution = DEFAULT_TARGETS.get(priority, DEFAULT_TARGETS["normal"])
    return Targets(None, first, resolution, Calendar.twenty_four_seven())


async def calendar_for(session: AsyncSession, ticket: Ticket) -> Calendar:
    """The calendar a ticket's SLA is counted on."""
    repo = SlaRepository(session)
    if ticket.sla_policy_id is None:
        return Calendar.twenty_four_seven()
    policy = await repo.policy(ticket.sla_policy_id)
    return calendar_of(await repo.calendar(policy.calendar_id if policy else None))


def start_clock(ticket: Ticket, targets: Targets, start: datetime) -> None:
    """Set the warning and due times of both targets from `start`."""
    cal = targets.calendar
    ticket.sla_policy_id = targets.policy_id
    ticket.first_response_warn_at = cal.add(start, targets.first_response_minutes * WARN_AT)
    ticket.first_response_due_at = cal.add(start, targets.first_response_minutes)
    ticket.resolution_warn_at = cal.add(start, targets.resolution_minutes * WARN_AT)
    ticket.resolution_due_at = cal.add(start, targets.resolution_minutes)


def resume_clock(ticket: Ticket, cal: Calendar, now: datetime) -> None:
    """After waiting on the customer: push every pending target by the business time that passed."""
    paused_at = ticket.waiting_since
    if paused_at is None:
        return
    for name in ("first_response_warn_at", "first_response_due_at", "resolution_warn_at", "resolution_due_at"):
        due: datetime | None = getattr(ticket, name)
        if due is None or (name.startswith("first_response") and ticket.first_responded_at is not None):
            continue
        remaining = cal.between(paused_at, due)
        setattr(ticket, name, cal.add(now, remaining.total_seconds() / 60))
    ticket.waiting_since = None


async def check(session: AsyncSession, now: datetime, batch: int = 200) -> dict[str, int]:
    """Warn at 80% and escalate at 100% of each target, once each; safe with several workers (row locks).

    A target already past due when first seen (a first run, a worker that was down) is never "due soon": it is
    breached at once, without a warning. Targets that breach in the same run escalate the ticket once: one level,
    one notification to the supervisor naming them, however many they are. Counts: warnings sent, escalations.
    """
    counts = {"warnings": 0, "breaches": 0}
    for ticket in await SlaRepository(session).claim_work(now, batch):
        supervisor = await queue_supervisor(session, ticket.queue_id)
        keys = ["first_response"] if ticket.first_responded_at is None else []
        keys.append("resolution")
        breached: list[str] = []
        for key in keys:
            warn_at, due_at = getattr(ticket, f"{key}_warn_at"), getattr(ticket, f"{key}_due_at")
            overdue = due_at is not None and due_at <= now
            if getattr(ticket, f"{key}_warned_at") is None and warn_at is not None and warn_at <= now:
                setattr(ticket, f"{key}_warned_at", now)  # an overdue target is past warning: marked, not sent
                if not overdue:
                    _warn(session, ticket, key, due_at, ticket.assignee_id or supervisor)
                    counts["warnings"] += 1
            if getattr(ticket, f"{key}_breached_at") is None and overdue:
                setattr(ticket, f"{key}_breached_at", now)
                record_event(session, ticket, "sla_breached", None, {"target": key, "dueAt": _iso(due_at)})
                breached.append(key)
        if breached:
            _escalate(session, ticket, breached, supervisor)
            counts["breaches"] += 1
    await session.flush()
    return counts


#: What a notification calls each target.
_TARGET_LABELS = {"first_response": msg("first response"), "resolution": msg("resolution")}


def _warn(
    session: AsyncSession, ticket: Ticket, key: str, due_at: datetime | None, recipient: uuid.UUID | None
) -> None:
    """The target is due soon: the assignee (else the queue's supervisor) is told, once."""
    if recipient is not None:
        notify(
            session,
            recipient,
            kind="sla_warning",
            title=msg("{number}: {target} due soon", number=ticket.number, target=_TARGET_LABELS[key]),
            body=None if due_at is None else msg("Due {due}", due=due_at),
            entity_type="Ticket",
            entity_id=ticket.id,
        )
    record_event(session, ticket, "sla_warning", None, {"target": key, "dueAt": _iso(due_at)})


def _escalate(session: AsyncSession, ticket: Ticket, breached: list[str], supervisor: uuid.UUID | None) -> None:
    """One escalation for the targets that breached in this run: one level up, one notification."""
    ticket.escalation_level += 1
    if supervisor is not None:
        notify(
            session,
            supervisor,
            kind="escalation",
            title=msg(
                "{number}: {targets} target breached",
                number=ticket.number,
                targets=[_TARGET_LABELS[key] for key in breached],
            ),
            body=typed(ticket.subject),
            entity_type="Ticket",
            entity_id=ticket.id,
        )
    reason = "_and_".join(breached) + "_breached"
    record_event(session, ticket, "escalated", None, {"level": ticket.escalation_level, "reason": reason})


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None

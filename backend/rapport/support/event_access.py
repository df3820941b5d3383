"""Which ticket events a subscriber may receive: each event tells a fact that one `Ticket` field holds.

An event is delivered only to a subscriber whose policy lets them read that field (at least masked). So the
portal customer, who may read a ticket's public replies but not its internal notes, escalation level or SLA
clock, receives `COMMENTED` for public replies only, and no `ESCALATED`, `SLA_WARNING` or `SLA_BREACHED` at all;
a change of the policy changes what every role receives, with nothing written per role here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rapport.core.authz.policy import Access, PrincipalPolicy

#: Event kind -> the `Ticket` field holding what the event tells (`commented` depends on the comment).
REVEALS: dict[str, str] = {
    "created": "Ticket.id",
    "assigned": "Ticket.assignee",
    "status_changed": "Ticket.status",
    "commented": "Ticket.comments",
    "sla_warning": "Ticket.sla",
    "sla_breached": "Ticket.sla",
    "escalated": "Ticket.escalationLevel",
    "rated": "Ticket.rating",
}
#: A comment that is not public is an internal note.
INTERNAL_NOTE = "Ticket.internalNotes"


def revealed_field(kind: str, data: Mapping[str, Any]) -> str:
    """The `Type.field` an event of this kind with this data tells about (unknown kinds: a field nobody has)."""
    if kind == "commented" and data.get("public") is not True:
        return INTERNAL_NOTE
    return REVEALS.get(kind, "Ticket.<unknown event>")


def may_receive(policy: PrincipalPolicy, kind: str, data: Mapping[str, Any]) -> bool:
    """Whether a subscriber with this policy may receive the event (default deny for unknown kinds)."""
    return policy.access(revealed_field(kind, data)) >= Access.MASKED

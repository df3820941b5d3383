"""GraphQL types of the service desk's rules, each field declared once."""

from __future__ import annotations

from datetime import date, time
from typing import Any

import strawberry
from sqlalchemy import func, literal_column, select

from rapport.graphql.context import Info
from rapport.graphql.declare import FromRow, Relation, computed, derived, expression, relation
from rapport.graphql.kit import seeded_name
from rapport.graphql.node import global_id_sql, to_global_id
from rapport.identity.types import User, user_of
from rapport.support import models
from rapport.support.repository import is_open
from rapport.support.types import Channel, Priority

#: The cap shown for an agent without a routing profile (what a new profile starts with; routing itself does not
#: cap an agent who has no profile: `rapport.support.workflow.repository.least_loaded_agent`).
DEFAULT_MAX_OPEN = 20

_OTHER_ID = "the global id of another type's row (the compiler encodes only a row's own id)"


def _global_id(type_name: str, attribute: str, *, description: str) -> Any:
    """A field holding another type's global id: the row's `attribute` (null stays null), on both paths."""

    def value(row: Any) -> strawberry.ID | None:
        raw = getattr(row, attribute)
        return None if raw is None else to_global_id(type_name, raw)

    return expression(lambda row: global_id_sql(type_name, getattr(row, attribute)), value, description=description)


def _user_id(root: AgentProfile) -> strawberry.ID:
    return to_global_id("User", root._row.user_id)


@strawberry.type(description="A routing rule: tickets of a category (channel, customer grade) go to a queue.")
class RoutingRule(FromRow):
    """A rule."""

    id: strawberry.ID = strawberry.field(description="Global id.")
    version: int = strawberry.field(description="Pass back when changing it.")
    position: int = strawberry.field(description="Rules are tried in this order; the first match wins.")
    category: str = strawberry.field(description="Ticket category.")
    channel: Channel | None = strawberry.field(description="Only this channel (null: any).")
    customer_grade: str | None = strawberry.field(description="Only customers of this grade (null: any).")
    queue_id: strawberry.ID = _global_id("Team", "queue_id", description="The queue (service team).")
    skill: str | None = strawberry.field(description="The skill an agent needs.")
    priority: Priority | None = strawberry.field(description="Set this priority (null: keep).")
    active: bool = strawberry.field(description="Inactive rules are skipped.")
    _row: strawberry.Private[models.RoutingRule]


@strawberry.type(description="An SLA policy: first-response and resolution targets for a priority and category.")
class SlaPolicy(FromRow):
    """A policy."""

    id: strawberry.ID = strawberry.field(description="Global id.")
    version: int = strawberry.field(description="Pass back when changing it.")
    name: str = seeded_name("Name (a seeded policy's in the reader's language).")
    position: int = strawberry.field(description="Policies are tried in this order; the first match wins.")
    priority: Priority | None = strawberry.field(description="Only this priority (null: any).")
    category: str | None = strawberry.field(description="Only this category (null: any).")
    first_response_minutes: int = strawberry.field(description="First-response target in (business) minutes.")
    resolution_minutes: int = strawberry.field(description="Resolution target in (business) minutes.")
    calendar_id: strawberry.ID | None = _global_id(
        "BusinessCalendar", "calendar_id", description="Business calendar (null: 24x7)."
    )
    active: bool = strawberry.field(description="Inactive policies are skipped.")
    _row: strawberry.Private[models.SlaPolicy]


@strawberry.type(description="Working days and hours in a time zone, and holidays.")
class BusinessCalendar(FromRow):
    """A calendar."""

    id: strawberry.ID = strawberry.field(description="Global id.")
    version: int = strawberry.field(description="Pass back when changing it.")
    name: str = strawberry.field(description="Name.")
    timezone: str = strawberry.field(description="IANA time zone, e.g. Asia/Shanghai.")
    working_days: list[int] = strawberry.field(description="1 (Monday) to 7 (Sunday).")
    day_start: time = strawberry.field(description="Working day starts.")
    day_end: time = strawberry.field(description="Working day ends.")
    holidays: list[date] = strawberry.field(description="Days off.")


@strawberry.type(description="A service agent's routing profile.")
class AgentProfile(FromRow):
    """Skills and availability."""

    user_id: strawberry.ID = computed(_OTHER_ID, description="The agent.")(_user_id)
    skills: list[str] = strawberry.field(description="Skills routing rules can ask for.")
    available: bool = strawberry.field(description="Routing gives tickets only to available agents.")
    max_open: int = strawberry.field(description="Routing stops at this many open tickets.")
    _row: strawberry.Private[models.AgentProfile]


def _profile(user: Any, column: str) -> Any:
    return select(getattr(models.AgentProfile, column)).where(models.AgentProfile.user_id == user.id).scalar_subquery()


def _open_tickets(user: Any) -> Any:
    held = select(func.count()).select_from(models.Ticket).where(models.Ticket.assignee_id == user.id, is_open())
    return held.scalar_subquery()


@strawberry.type(description="A member of the service desk with their routing profile and current load.")
class ServiceAgent(FromRow):
    """An agent or supervisor: a user row (identity's) with the service desk's profile and load."""

    _row: strawberry.Private[Any]

    @relation(Relation("User", "one", user_of("id")), description="The user.")
    async def user(self, info: Info) -> User:
        """The user."""

    @derived(
        lambda user: func.coalesce(_profile(user, "skills"), literal_column("'{}'::text[]")),
        description="Skills routing rules can ask for.",
    )
    async def skills(self, info: Info) -> list[str]:
        """From the routing profile (none without one)."""

    @derived(
        lambda user: func.coalesce(_profile(user, "available"), True),
        description="Routing gives tickets only to available agents.",
    )
    async def available(self, info: Info) -> bool:
        """From the routing profile (available without one)."""

    @derived(
        lambda user: func.coalesce(_profile(user, "max_open"), DEFAULT_MAX_OPEN),
        description="Routing stops at this many open tickets.",
    )
    async def max_open(self, info: Info) -> int:
        """From the routing profile."""

    @derived(_open_tickets, description="Open tickets assigned now.")
    async def open_tickets(self, info: Info) -> int:
        """Counted now."""

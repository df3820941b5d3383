"""GraphQL types of the service desk's rules, each field declared once."""

from __future__ import annotations

from datetime import date, time

import strawberry

from rapport.graphql.declare import FromRow, computed
from rapport.graphql.kit import seeded_name
from rapport.graphql.node import to_global_id
from rapport.identity.types import User
from rapport.support import models
from rapport.support.types import Channel, Priority

_OTHER_ID = "the global id of another type's row (the compiler encodes only a row's own id)"


def _queue_id(root: RoutingRule) -> strawberry.ID:
    return to_global_id("Team", root._row.queue_id)


def _calendar_id(root: SlaPolicy) -> strawberry.ID | None:
    calendar = root._row.calendar_id
    return to_global_id("BusinessCalendar", calendar) if calendar else None


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
    queue_id: strawberry.ID = computed(_OTHER_ID, description="The queue (service team).")(_queue_id)
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
    calendar_id: strawberry.ID | None = computed(_OTHER_ID, description="Business calendar (null: 24x7).")(_calendar_id)
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


@strawberry.type(description="A member of the service desk with their routing profile and current load.")
class ServiceAgent:
    """An agent or supervisor: a user (identity's) with the service desk's profile and load (not one row)."""

    user: User = strawberry.field(description="The user.")
    skills: list[str] = strawberry.field(description="Skills routing rules can ask for.")
    available: bool = strawberry.field(description="Routing gives tickets only to available agents.")
    max_open: int = strawberry.field(description="Routing stops at this many open tickets.")
    open_tickets: int = strawberry.field(description="Open tickets assigned now.")

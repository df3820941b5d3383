"""GraphQL inputs of the service desk's rules."""

from __future__ import annotations

from datetime import date, time

import strawberry

from rapport.support.types import Channel, Priority


@strawberry.input(description="A routing rule to create (no id) or change.")
class RoutingRuleInput:
    """The rule's fields."""

    id: strawberry.ID | None = strawberry.field(default=None, description="Null creates a rule.")
    version: int | None = strawberry.field(default=None, description="The version you read.")
    position: int = strawberry.field(default=100, description="Order.")
    category: str = strawberry.field(description="Ticket category.")
    channel: Channel | None = strawberry.field(default=None, description="Only this channel.")
    customer_grade: str | None = strawberry.field(default=None, description="Only this customer grade.")
    queue_id: strawberry.ID = strawberry.field(description="The queue (service team).")
    skill: str | None = strawberry.field(default=None, description="Skill agents need.")
    priority: Priority | None = strawberry.field(default=None, description="Set this priority.")
    active: bool = strawberry.field(default=True, description="Use the rule.")


@strawberry.input(description="An SLA policy to create (no id) or change.")
class SlaPolicyInput:
    """The policy's fields."""

    id: strawberry.ID | None = strawberry.field(default=None, description="Null creates a policy.")
    version: int | None = strawberry.field(default=None, description="The version you read.")
    name: str = strawberry.field(description="Name.")
    position: int = strawberry.field(default=100, description="Order.")
    priority: Priority | None = strawberry.field(default=None, description="Only this priority.")
    category: str | None = strawberry.field(default=None, description="Only this category.")
    first_response_minutes: int = strawberry.field(description="First-response target in minutes.")
    resolution_minutes: int = strawberry.field(description="Resolution target in minutes.")
    calendar_id: strawberry.ID | None = strawberry.field(default=None, description="Calendar (null: 24x7).")
    active: bool = strawberry.field(default=True, description="Use the policy.")


@strawberry.input(description="A business calendar to create (no id) or change.")
class BusinessCalendarInput:
    """The calendar's fields."""

    id: strawberry.ID | None = strawberry.field(default=None, description="Null creates a calendar.")
    version: int | None = strawberry.field(default=None, description="The version you read.")
    name: str = strawberry.field(description="Name.")
    timezone: str = strawberry.field(default="Asia/Shanghai", description="IANA time zone.")
    working_days: list[int] = strawberry.field(description="1 (Monday) to 7 (Sunday).")
    day_start: time = strawberry.field(description="Working day starts.")
    day_end: time = strawberry.field(description="Working day ends.")
    holidays: list[date] = strawberry.field(default_factory=list, description="Days off.")


@strawberry.input(description="An agent's routing profile.")
class AgentProfileInput:
    """Skills and availability."""

    user_id: strawberry.ID = strawberry.field(description="The agent.")
    skills: list[str] = strawberry.field(description="Skills.")
    available: bool = strawberry.field(default=True, description="Takes new tickets.")
    max_open: int = strawberry.field(default=20, description="Most open tickets routing gives them.")

"""GraphQL for the service desk's rules: routing, SLA policies, calendars, agent profiles and settings."""

from __future__ import annotations

import uuid
from datetime import date, time
from typing import Annotated, Any

import strawberry
from sqlalchemy import select

from rapport.core.errors import BadUserInputError
from rapport.graphql.context import Info
from rapport.graphql.node import from_global_id, to_global_id
from rapport.graphql.types import INPUT, UserError
from rapport.identity.types import User
from rapport.support import admin, models
from rapport.support.repository import SupportRepository
from rapport.support.types import Channel, Priority


@strawberry.type(description="A routing rule: tickets of a category (channel, customer grade) go to a queue.")
class RoutingRule:
    """A rule."""

    id: strawberry.ID = strawberry.field(description="Global id.")
    version: int = strawberry.field(description="Pass back when changing it.")
    position: int = strawberry.field(description="Rules are tried in this order; the first match wins.")
    category: str = strawberry.field(description="Ticket category.")
    channel: Channel | None = strawberry.field(description="Only this channel (null: any).")
    customer_grade: str | None = strawberry.field(description="Only customers of this grade (null: any).")
    queue_id: strawberry.ID = strawberry.field(description="The queue (service team).")
    skill: str | None = strawberry.field(description="The skill an agent needs.")
    priority: Priority | None = strawberry.field(description="Set this priority (null: keep).")
    active: bool = strawberry.field(description="Inactive rules are skipped.")

    @classmethod
    def from_row(cls, r: models.RoutingRule) -> RoutingRule:
        """From a row."""
        return cls(
            id=to_global_id("RoutingRule", r.id),
            version=r.version,
            position=r.position,
            category=r.category,
            channel=Channel(r.channel) if r.channel else None,
            customer_grade=r.customer_grade,
            queue_id=to_global_id("Team", r.queue_id),
            skill=r.skill,
            priority=Priority(r.priority) if r.priority else None,
            active=r.active,
        )


@strawberry.type(description="An SLA policy: first-response and resolution targets for a priority and category.")
class SlaPolicy:
    """A policy."""

    id: strawberry.ID = strawberry.field(description="Global id.")
    version: int = strawberry.field(description="Pass back when changing it.")
    name: str = strawberry.field(description="Name.")
    position: int = strawberry.field(description="Policies are tried in this order; the first match wins.")
    priority: Priority | None = strawberry.field(description="Only this priority (null: any).")
    category: str | None = strawberry.field(description="Only this category (null: any).")
    first_response_minutes: int = strawberry.field(description="First-response target in (business) minutes.")
    resolution_minutes: int = strawberry.field(description="Resolution target in (business) minutes.")
    calendar_id: strawberry.ID | None = strawberry.field(description="Business calendar (null: 24x7).")
    active: bool = strawberry.field(description="Inactive policies are skipped.")

    @classmethod
    def from_row(cls, r: models.SlaPolicy) -> SlaPolicy:
        """From a row."""
        return cls(
            id=to_global_id("SlaPolicy", r.id),
            version=r.version,
            name=r.name,
            position=r.position,
            priority=Priority(r.priority) if r.priority else None,
            category=r.category,
            first_response_minutes=r.first_response_minutes,
            resolution_minutes=r.resolution_minutes,
            calendar_id=to_global_id("BusinessCalendar", r.calendar_id) if r.calendar_id else None,
            active=r.active,
        )


@strawberry.type(description="Working days and hours in a time zone, and holidays.")
class BusinessCalendar:
    """A calendar."""

    id: strawberry.ID = strawberry.field(description="Global id.")
    version: int = strawberry.field(description="Pass back when changing it.")
    name: str = strawberry.field(description="Name.")
    timezone: str = strawberry.field(description="IANA time zone, e.g. Asia/Shanghai.")
    working_days: list[int] = strawberry.field(description="1 (Monday) to 7 (Sunday).")
    day_start: time = strawberry.field(description="Working day starts.")
    day_end: time = strawberry.field(description="Working day ends.")
    holidays: list[date] = strawberry.field(description="Days off.")

    @classmethod
    def from_row(cls, r: models.BusinessCalendar) -> BusinessCalendar:
        """From a row."""
        return cls(
            id=to_global_id("BusinessCalendar", r.id),
            version=r.version,
            name=r.name,
            timezone=r.timezone,
            working_days=list(r.working_days or []),
            day_start=r.day_start,
            day_end=r.day_end,
            holidays=list(r.holidays or []),
        )


@strawberry.type(description="A service agent's routing profile.")
class AgentProfile:
    """Skills and availability."""

    user_id: strawberry.ID = strawberry.field(description="The agent.")
    skills: list[str] = strawberry.field(description="Skills routing rules can ask for.")
    available: bool = strawberry.field(description="Routing gives tickets only to available agents.")
    max_open: int = strawberry.field(description="Routing stops at this many open tickets.")


@strawberry.type(description="A member of the service desk with their routing profile and current load.")
class ServiceAgent:
    """An agent or supervisor."""

    user: User = strawberry.field(description="The user.")
    skills: list[str] = strawberry.field(description="Skills routing rules can ask for.")
    available: bool = strawberry.field(description="Routing gives tickets only to available agents.")
    max_open: int = strawberry.field(description="Routing stops at this many open tickets.")
    open_tickets: int = strawberry.field(description="Open tickets assigned now.")


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


@strawberry.type(description="The result of saving a service-desk rule.")
class SupportRulePayload:
    """What was saved."""

    routing_rule: RoutingRule | None = strawberry.field(description="The routing rule, when one was saved.")
    sla_policy: SlaPolicy | None = strawberry.field(description="The SLA policy, when one was saved.")
    calendar: BusinessCalendar | None = strawberry.field(description="The calendar, when one was saved.")
    agent_profile: AgentProfile | None = strawberry.field(description="The agent profile, when one was saved.")
    user_errors: list[UserError] = strawberry.field(description="Problems you can fix; nothing changed if any.")


def _empty(**values: Any) -> SupportRulePayload:
    base: dict[str, Any] = {
        "routing_rule": None,
        "sla_policy": None,
        "calendar": None,
        "agent_profile": None,
        "user_errors": [],
    }
    return SupportRulePayload(**{**base, **values})


def _opt(value: str | None, type_name: str) -> uuid.UUID | None:
    return from_global_id(value, type_name)[1] if value else None


@strawberry.type
class SupportAdminQuery:
    """Root query fields of the service desk's rules."""

    @strawberry.field(description="Active service agents and supervisors with skills, availability and load.")
    async def service_agents(self, info: Info) -> list[ServiceAgent]:
        """The service desk's people."""
        async with info.context.db.read() as session:
            rows = await SupportRepository(session).service_agents()
        return [
            ServiceAgent(
                user=User.from_row(user),
                skills=list(profile.skills or []) if profile else [],
                available=profile.available if profile else True,
                max_open=profile.max_open if profile else 20,
                open_tickets=open_count,
            )
            for user, profile, open_count in rows
        ]

    @strawberry.field(description="Routing rules in the order they are tried.")
    async def routing_rules(self, info: Info) -> list[RoutingRule]:
        """All rules."""
        async with info.context.db.read() as session:
            return [RoutingRule.from_row(r) for r in await SupportRepository(session).all_routing_rules()]

    @strawberry.field(description="SLA policies in the order they are tried.")
    async def sla_policies(self, info: Info) -> list[SlaPolicy]:
        """All policies."""
        async with info.context.db.read() as session:
            rows = (await session.execute(select(models.SlaPolicy).order_by(models.SlaPolicy.position))).scalars()
            return [SlaPolicy.from_row(r) for r in rows]

    @strawberry.field(description="Business calendars.")
    async def business_calendars(self, info: Info) -> list[BusinessCalendar]:
        """All calendars."""
        async with info.context.db.read() as session:
            rows = (
                await session.execute(select(models.BusinessCalendar).order_by(models.BusinessCalendar.name))
            ).scalars()
            return [BusinessCalendar.from_row(r) for r in rows]

    @strawberry.field(description="Days after which a resolved ticket nobody rated closes itself.")
    async def auto_close_days(self, info: Info) -> int:
        """The setting."""
        async with info.context.db.read() as session:
            return int(((await SupportRepository(session).setting("auto_close")) or {}).get("days", 7))


@strawberry.type
class SupportAdminMutation:
    """Root mutation fields of the service desk's rules."""

    @strawberry.mutation(description="Create or change a routing rule.")
    async def routing_rule_save(self, info: Info, input: Annotated[RoutingRuleInput, INPUT]) -> SupportRulePayload:
        """Save a rule."""
        try:
            values = {
                "position": input.position,
                "category": input.category,
                "channel": input.channel.value if input.channel else None,
                "customer_grade": input.customer_grade,
                "queue_id": _opt(input.queue_id, "Team"),
                "skill": input.skill,
                "priority": input.priority.value if input.priority else None,
                "active": input.active,
            }
            async with info.context.write() as session:
                row = await admin.save_routing_rule(
                    session, info.context.viewer, _opt(input.id, "RoutingRule"), input.version, values
                )
        except BadUserInputError as error:
            return _empty(user_errors=[UserError.from_error(error)])
        return _empty(routing_rule=RoutingRule.from_row(row))

    @strawberry.mutation(description="Delete a routing rule.")
    async def routing_rule_delete(
        self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="The rule.")]
    ) -> SupportRulePayload:
        """Delete a rule."""
        async with info.context.write() as session:
            await admin.delete_routing_rule(session, info.context.viewer, from_global_id(id, "RoutingRule")[1])
        return _empty()

    @strawberry.mutation(description="Create or change an SLA policy.")
    async def sla_policy_save(self, info: Info, input: Annotated[SlaPolicyInput, INPUT]) -> SupportRulePayload:
        """Save a policy."""
        try:
            values = {
                "name": input.name,
                "position": input.position,
                "priority": input.priority.value if input.priority else None,
                "category": input.category,
                "first_response_minutes": input.first_response_minutes,
                "resolution_minutes": input.resolution_minutes,
                "calendar_id": _opt(input.calendar_id, "BusinessCalendar"),
                "active": input.active,
            }
            async with info.context.write() as session:
                row = await admin.save_sla_policy(
                    session, info.context.viewer, _opt(input.id, "SlaPolicy"), input.version, values
                )
        except BadUserInputError as error:
            return _empty(user_errors=[UserError.from_error(error)])
        return _empty(sla_policy=SlaPolicy.from_row(row))

    @strawberry.mutation(description="Create or change a business calendar.")
    async def business_calendar_save(
        self, info: Info, input: Annotated[BusinessCalendarInput, INPUT]
    ) -> SupportRulePayload:
        """Save a calendar."""
        try:
            values = {
                "name": input.name,
                "timezone": input.timezone,
                "working_days": input.working_days,
                "day_start": input.day_start,
                "day_end": input.day_end,
                "holidays": input.holidays,
            }
            async with info.context.write() as session:
                row = await admin.save_calendar(
                    session, info.context.viewer, _opt(input.id, "BusinessCalendar"), input.version, values
                )
        except BadUserInputError as error:
            return _empty(user_errors=[UserError.from_error(error)])
        return _empty(calendar=BusinessCalendar.from_row(row))

    @strawberry.mutation(description="Set an agent's skills and availability for routing.")
    async def agent_profile_set(self, info: Info, input: Annotated[AgentProfileInput, INPUT]) -> SupportRulePayload:
        """Save an agent profile."""
        try:
            user_id = from_global_id(input.user_id, "User")[1]
            async with info.context.write() as session:
                row = await admin.set_agent_profile(
                    session, info.context.viewer, user_id, input.skills, input.available, input.max_open
                )
        except BadUserInputError as error:
            return _empty(user_errors=[UserError.from_error(error)])
        return _empty(
            agent_profile=AgentProfile(
                user_id=input.user_id, skills=list(row.skills), available=row.available, max_open=row.max_open
            )
        )

    @strawberry.mutation(description="Set the days after which resolved, unrated tickets close themselves.")
    async def auto_close_days_set(
        self, info: Info, days: Annotated[int, strawberry.argument(description="1 to 90.")]
    ) -> SupportRulePayload:
        """Save the setting."""
        try:
            async with info.context.write() as session:
                await admin.set_auto_close_days(session, info.context.viewer, days)
        except BadUserInputError as error:
            return _empty(user_errors=[UserError.from_error(error)])
        return _empty()

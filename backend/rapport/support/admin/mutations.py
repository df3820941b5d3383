"""Root mutation fields of the service desk's rules."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

import strawberry

from rapport.graphql.context import Info
from rapport.graphql.kit import attempt, outcome
from rapport.graphql.node import from_global_id
from rapport.graphql.types import INPUT, UserError
from rapport.support.admin import service
from rapport.support.admin.inputs import AgentProfileInput, BusinessCalendarInput, RoutingRuleInput, SlaPolicyInput
from rapport.support.admin.types import AgentProfile, BusinessCalendar, RoutingRule, SlaPolicy


@strawberry.type(description="The result of saving a service-desk rule.")
class SupportRulePayload:
    """What was saved."""

    routing_rule: RoutingRule | None = strawberry.field(
        default=None, description="The routing rule, when one was saved."
    )
    sla_policy: SlaPolicy | None = strawberry.field(default=None, description="The SLA policy, when one was saved.")
    calendar: BusinessCalendar | None = strawberry.field(default=None, description="The calendar, when one was saved.")
    agent_profile: AgentProfile | None = strawberry.field(
        default=None, description="The agent profile, when one was saved."
    )
    user_errors: list[UserError] = strawberry.field(
        default_factory=list, description="Problems you can fix; nothing changed if any."
    )


def _opt(value: str | None, type_name: str) -> uuid.UUID | None:
    return from_global_id(value, type_name)[1] if value else None


@strawberry.type
class RulesMutation:
    """Root mutation fields of the service desk's rules."""

    @strawberry.mutation(description="Create or change a routing rule.")
    async def routing_rule_save(self, info: Info, input: Annotated[RoutingRuleInput, INPUT]) -> SupportRulePayload:
        """Save a rule."""

        async def save() -> RoutingRule:
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
                row = await service.save_routing_rule(
                    session, info.context.viewer, _opt(input.id, "RoutingRule"), input.version, values
                )
            return RoutingRule.from_row(row)

        return await outcome(SupportRulePayload, "routing_rule", save)

    @strawberry.mutation(description="Delete a routing rule.")
    async def routing_rule_delete(
        self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="The rule.")]
    ) -> SupportRulePayload:
        """Delete a rule."""
        async with info.context.write() as session:
            await service.delete_routing_rule(session, info.context.viewer, from_global_id(id, "RoutingRule")[1])
        return SupportRulePayload()

    @strawberry.mutation(description="Create or change an SLA policy.")
    async def sla_policy_save(self, info: Info, input: Annotated[SlaPolicyInput, INPUT]) -> SupportRulePayload:
        """Save a policy."""

        async def save() -> SlaPolicy:
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
                row = await service.save_sla_policy(
                    session, info.context.viewer, _opt(input.id, "SlaPolicy"), input.version, values
                )
            return SlaPolicy.from_row(row)

        return await outcome(SupportRulePayload, "sla_policy", save)

    @strawberry.mutation(description="Create or change a business calendar.")
    async def business_calendar_save(
        self, info: Info, input: Annotated[BusinessCalendarInput, INPUT]
    ) -> SupportRulePayload:
        """Save a calendar."""

        async def save() -> BusinessCalendar:
            values: dict[str, Any] = {
                "name": input.name,
                "timezone": input.timezone,
                "working_days": input.working_days,
                "day_start": input.day_start,
                "day_end": input.day_end,
                "holidays": input.holidays,
            }
            async with info.context.write() as session:
                row = await service.save_calendar(
                    session, info.context.viewer, _opt(input.id, "BusinessCalendar"), input.version, values
                )
            return BusinessCalendar.from_row(row)

        return await outcome(SupportRulePayload, "calendar", save)

    @strawberry.mutation(description="Set an agent's skills and availability for routing.")
    async def agent_profile_set(self, info: Info, input: Annotated[AgentProfileInput, INPUT]) -> SupportRulePayload:
        """Save an agent profile."""

        async def save() -> AgentProfile:
            user_id = from_global_id(input.user_id, "User")[1]
            async with info.context.write() as session:
                row = await service.set_agent_profile(
                    session, info.context.viewer, user_id, input.skills, input.available, input.max_open
                )
            return AgentProfile.from_row(row)

        return await outcome(SupportRulePayload, "agent_profile", save)

    @strawberry.mutation(description="Set the days after which resolved, unrated tickets close themselves.")
    async def auto_close_days_set(
        self, info: Info, days: Annotated[int, strawberry.argument(description="1 to 90.")]
    ) -> SupportRulePayload:
        """Save the setting."""

        async def save() -> None:
            async with info.context.write() as session:
                await service.set_auto_close_days(session, info.context.viewer, days)

        errors = await attempt(save)
        return SupportRulePayload(user_errors=errors or [])

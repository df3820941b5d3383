"""Root query fields of the service desk's rules."""

from __future__ import annotations

import strawberry

from rapport.graphql.context import Info
from rapport.identity.service import users_with_roles
from rapport.identity.types import User
from rapport.support.admin.repository import RulesRepository
from rapport.support.admin.types import BusinessCalendar, RoutingRule, ServiceAgent, SlaPolicy
from rapport.support.queues import SERVICE_ROLES
from rapport.support.repository import SupportRepository


@strawberry.type
class RulesQuery:
    """Root query fields of the service desk's rules."""

    @strawberry.field(description="Active service agents and supervisors with skills, availability and load.")
    async def service_agents(self, info: Info) -> list[ServiceAgent]:
        """The service desk's people."""
        async with info.context.db.read() as session:
            users = await users_with_roles(session, SERVICE_ROLES)
            ids = [user.id for user in users]
            profiles = await RulesRepository(session).agent_profiles(ids)
            loads = await SupportRepository(session).open_loads(ids)
        agents = []
        for user in users:
            profile = profiles.get(user.id)
            agents.append(
                ServiceAgent(
                    user=User.from_row(user),
                    skills=list(profile.skills or []) if profile else [],
                    available=profile.available if profile else True,
                    max_open=profile.max_open if profile else 20,
                    open_tickets=loads.get(user.id, 0),
                )
            )
        return agents

    @strawberry.field(description="Routing rules in the order they are tried.")
    async def routing_rules(self, info: Info) -> list[RoutingRule]:
        """All rules."""
        async with info.context.db.read() as session:
            return [RoutingRule.from_row(r) for r in await RulesRepository(session).routing_rules()]

    @strawberry.field(description="SLA policies in the order they are tried.")
    async def sla_policies(self, info: Info) -> list[SlaPolicy]:
        """All policies."""
        async with info.context.db.read() as session:
            return [SlaPolicy.from_row(r) for r in await RulesRepository(session).sla_policies()]

    @strawberry.field(description="Business calendars.")
    async def business_calendars(self, info: Info) -> list[BusinessCalendar]:
        """All calendars."""
        async with info.context.db.read() as session:
            return [BusinessCalendar.from_row(r) for r in await RulesRepository(session).calendars()]

    @strawberry.field(description="Days after which a resolved ticket nobody rated closes itself.")
    async def auto_close_days(self, info: Info) -> int:
        """The setting."""
        async with info.context.db.read() as session:
            return await SupportRepository(session).auto_close_days()

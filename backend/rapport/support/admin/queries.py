"""Root query fields of the service desk's rules."""

from __future__ import annotations

import strawberry
from sqlalchemy import select

from rapport.core.principal import Principal
from rapport.graphql.context import Info
from rapport.graphql.declare import Arguments, RootField, Rows
from rapport.graphql.kit import rows_of, scalar_value
from rapport.identity.service import users_holding
from rapport.support import models
from rapport.support.admin.types import BusinessCalendar, RoutingRule, ServiceAgent, SlaPolicy
from rapport.support.queues import SERVICE_ROLES
from rapport.support.repository import auto_close_days_rows


def _agents(principal: Principal | None, arguments: Arguments) -> Rows:
    return users_holding(SERVICE_ROLES)


def _routing_rules(principal: Principal | None, arguments: Arguments) -> Rows:
    return Rows(select(models.RoutingRule), [models.RoutingRule.position, models.RoutingRule.id])


def _sla_policies(principal: Principal | None, arguments: Arguments) -> Rows:
    return Rows(select(models.SlaPolicy), [models.SlaPolicy.position, models.SlaPolicy.id])


def _calendars(principal: Principal | None, arguments: Arguments) -> Rows:
    return Rows(select(models.BusinessCalendar), [models.BusinessCalendar.name, models.BusinessCalendar.id])


#: The compiled root fields of the service desk's rules (listed in the support manifest).
ROOTS = {
    "serviceAgents": RootField("ServiceAgent", "list", _agents),
    "routingRules": RootField("RoutingRule", "list", _routing_rules),
    "slaPolicies": RootField("SlaPolicy", "list", _sla_policies),
    "businessCalendars": RootField("BusinessCalendar", "list", _calendars),
    "autoCloseDays": RootField("Int", "scalar", lambda principal, arguments: auto_close_days_rows()),
}


@strawberry.type
class RulesQuery:
    """Root query fields of the service desk's rules."""

    @strawberry.field(description="Active service agents and supervisors with skills, availability and load.")
    async def service_agents(self, info: Info) -> list[ServiceAgent]:
        """The service desk's people, by name."""
        return await rows_of(info, _agents(info.context.principal, {}), ServiceAgent.from_row)

    @strawberry.field(description="Routing rules in the order they are tried.")
    async def routing_rules(self, info: Info) -> list[RoutingRule]:
        """All rules."""
        return await rows_of(info, _routing_rules(None, {}), RoutingRule.from_row)

    @strawberry.field(description="SLA policies in the order they are tried.")
    async def sla_policies(self, info: Info) -> list[SlaPolicy]:
        """All policies."""
        return await rows_of(info, _sla_policies(None, {}), SlaPolicy.from_row)

    @strawberry.field(description="Business calendars.")
    async def business_calendars(self, info: Info) -> list[BusinessCalendar]:
        """All calendars."""
        return await rows_of(info, _calendars(None, {}), BusinessCalendar.from_row)

    @strawberry.field(description="Days after which a resolved ticket nobody rated closes itself.")
    async def auto_close_days(self, info: Info) -> int:
        """The setting."""
        return int(await scalar_value(info, auto_close_days_rows()))

"""All SQL of the service desk's rules: listing them, and the writes that are not one row's attributes."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.support.models import AgentProfile, BusinessCalendar, RoutingRule, SlaPolicy, SupportSetting


class RulesRepository:
    """Queries and writes of routing rules, SLA policies, calendars, agent profiles and settings."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def routing_rules(self) -> list[RoutingRule]:
        """Every routing rule, in the order they are tried."""
        return list((await self.session.execute(select(RoutingRule).order_by(RoutingRule.position))).scalars())

    async def sla_policies(self) -> list[SlaPolicy]:
        """Every SLA policy, in the order they are tried."""
        return list((await self.session.execute(select(SlaPolicy).order_by(SlaPolicy.position))).scalars())

    async def calendars(self) -> list[BusinessCalendar]:
        """Every business calendar, by name."""
        return list((await self.session.execute(select(BusinessCalendar).order_by(BusinessCalendar.name))).scalars())

    async def agent_profiles(self, user_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, AgentProfile]:
        """Routing profiles of these users."""
        stmt = select(AgentProfile).where(AgentProfile.user_id.in_(list(user_ids)))
        return {p.user_id: p for p in (await self.session.execute(stmt)).scalars()}

    async def locked(self, model: type[Any], row_id: uuid.UUID) -> Any:
        """A rule row locked for this transaction (None when missing)."""
        return await self.session.get(model, row_id, with_for_update=True)

    async def delete_routing_rule(self, rule_id: uuid.UUID) -> bool:
        """Remove a routing rule; whether there was one."""
        result = await self.session.execute(delete(RoutingRule).where(RoutingRule.id == rule_id))
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def put_agent_profile(
        self, user_id: uuid.UUID, skills: list[str], available: bool, max_open: int
    ) -> AgentProfile:
        """Create or replace an agent's routing profile."""
        values = {"skills": skills, "available": available, "max_open": max_open}
        await self.session.execute(
            insert(AgentProfile)
            .values(user_id=user_id, **values)
            .on_conflict_do_update(index_elements=["user_id"], set_=values)
        )
        profile = await self.session.get(AgentProfile, user_id, populate_existing=True)
        assert profile is not None
        return profile

    async def put_setting(self, name: str, value: dict[str, Any]) -> None:
        """Create or replace a service-desk setting."""
        await self.session.execute(
            insert(SupportSetting)
            .values(name=name, value=value)
            .on_conflict_do_update(index_elements=["name"], set_={"value": value})
        )

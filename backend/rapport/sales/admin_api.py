"""Sales rules for administrators: assignment rules, pipeline stages, pool rules and targets."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import strawberry
from sqlalchemy import select

from rapport.core import clock
from rapport.graphql.context import Info
from rapport.graphql.node import from_global_id
from rapport.graphql.types import INPUT, UserError
from rapport.sales import admin, figures
from rapport.sales.inputs import LeadRuleInput, PipelineStageInput, PoolRuleInput, SalesTargetInput
from rapport.sales.models import PoolRule as PoolRuleRow
from rapport.sales.models import SalesTarget as SalesTargetRow
from rapport.sales.mutations import guard
from rapport.sales.repository import SalesRepository
from rapport.sales.types import LeadRule, PipelineStage, PoolRule, SalesTarget


def _id(value: str | None, type_name: str) -> Any:
    return from_global_id(value, type_name)[1] if value else None


@strawberry.type(description="The result of `leadRuleSave`.")
class LeadRulePayload:
    """The rule as saved."""

    rule: LeadRule | None = strawberry.field(description="The rule.")
    user_errors: list[UserError] = strawberry.field(description="Problems you can fix; nothing changed if any.")


@strawberry.type(description="The result of `leadRuleDelete`.")
class LeadRuleDeletePayload:
    """Whether the rule is gone."""

    deleted: bool = strawberry.field(description="True once deleted.")


@strawberry.type(description="The result of `pipelineStageSave`.")
class PipelineStagePayload:
    """The stage as saved."""

    stage: PipelineStage | None = strawberry.field(description="The stage.")
    user_errors: list[UserError] = strawberry.field(description="Problems you can fix; nothing changed if any.")


@strawberry.type(description="The result of `poolRuleSave`.")
class PoolRulePayload:
    """The rule as saved."""

    rule: PoolRule | None = strawberry.field(description="The rule.")
    user_errors: list[UserError] = strawberry.field(description="Problems you can fix; nothing changed if any.")


@strawberry.type(description="The result of `salesTargetSet`.")
class SalesTargetPayload:
    """The target as saved."""

    target: SalesTarget | None = strawberry.field(description="The target.")
    user_errors: list[UserError] = strawberry.field(description="Problems you can fix; nothing changed if any.")


@strawberry.type
class SalesAdminQuery:
    """Root query fields of sales rules."""

    @strawberry.field(description="Lead assignment rules in the order they are tried.")
    async def lead_rules(self, info: Info) -> list[LeadRule]:
        """Assignment rules."""
        async with info.context.db.read() as session:
            rows = await SalesRepository(session).all_lead_rules()
        return [LeadRule.from_row(r) for r in rows]

    @strawberry.field(description="Public-pool rules: the default (null grade) and any per grade.")
    async def pool_rules(self, info: Info) -> list[PoolRule]:
        """Pool rules."""
        async with info.context.db.read() as session:
            rows = (await session.execute(select(PoolRuleRow).order_by(PoolRuleRow.grade.nulls_first()))).scalars()
            return [PoolRule.from_row(r) for r in rows]

    @strawberry.field(description="Targets of the periods starting in a year.")
    async def sales_targets(
        self,
        info: Info,
        year: Annotated[int | None, strawberry.argument(description="Default: this year.")] = None,
    ) -> list[SalesTarget]:
        """Targets."""
        chosen = year or clock.now().astimezone(figures.LOCAL).year
        async with info.context.db.read() as session:
            stmt = (
                select(SalesTargetRow)
                .where(
                    SalesTargetRow.period_start >= date(chosen, 1, 1),
                    SalesTargetRow.period_start < date(chosen + 1, 1, 1),
                )
                .order_by(SalesTargetRow.period_start, SalesTargetRow.period, SalesTargetRow.id)
            )
            return [SalesTarget.from_row(r) for r in (await session.execute(stmt)).scalars()]


@strawberry.type
class SalesAdminMutation:
    """Root mutation fields of sales rules."""

    @strawberry.mutation(description="Create or change a lead assignment rule.")
    async def lead_rule_save(self, info: Info, input: Annotated[LeadRuleInput, INPUT]) -> LeadRulePayload:
        """Save a rule."""
        ctx = info.context
        values = {
            "position": input.position,
            "kind": input.kind.value,
            "province": (input.province or "").strip() or None,
            "source": (input.source or "").strip() or None,
            "team_id": _id(input.team_id, "Team"),
            "user_id": _id(input.user_id, "User"),
            "active": input.active,
        }

        async def body() -> Any:
            async with ctx.write() as session:
                return await admin.save_lead_rule(session, ctx.viewer, _id(input.id, "LeadRule"), input.version, values)

        result = await guard(body)
        if isinstance(result, list):
            return LeadRulePayload(rule=None, user_errors=result)
        return LeadRulePayload(rule=LeadRule.from_row(result), user_errors=[])

    @strawberry.mutation(description="Delete a lead assignment rule.")
    async def lead_rule_delete(
        self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="The rule.")]
    ) -> LeadRuleDeletePayload:
        """Delete a rule."""
        ctx = info.context
        async with ctx.write() as session:
            await admin.delete_lead_rule(session, ctx.viewer, from_global_id(id, "LeadRule")[1])
        return LeadRuleDeletePayload(deleted=True)

    @strawberry.mutation(description="Create or change a pipeline stage: order, probability, approval gate.")
    async def pipeline_stage_save(
        self, info: Info, input: Annotated[PipelineStageInput, INPUT]
    ) -> PipelineStagePayload:
        """Save a stage."""
        ctx = info.context
        values: dict[str, Any] = {
            "key": (input.key or "").strip() or None,
            "name": input.name.strip(),
            "position": input.position,
            "probability": input.probability,
            "requires_approval": input.requires_approval,
            "is_won": input.is_won,
            "is_lost": input.is_lost,
        }
        if input.approval_threshold is not strawberry.UNSET:
            values["approval_threshold"] = input.approval_threshold

        async def body() -> Any:
            async with ctx.write() as session:
                return await admin.save_stage(
                    session, ctx.viewer, _id(input.id, "PipelineStage"), input.version, values
                )

        result = await guard(body)
        if isinstance(result, list):
            return PipelineStagePayload(stage=None, user_errors=result)
        return PipelineStagePayload(stage=PipelineStage.from_row(result), user_errors=[])

    @strawberry.mutation(description="Set the public-pool rule of a grade (null grade: the default rule).")
    async def pool_rule_save(self, info: Info, input: Annotated[PoolRuleInput, INPUT]) -> PoolRulePayload:
        """Save a pool rule."""
        ctx = info.context
        values = {
            "grade": input.grade.value if input.grade else None,
            "days_without_follow_up": input.days_without_follow_up,
            "warn_days_before": input.warn_days_before,
            "daily_claim_limit": input.daily_claim_limit,
            "reclaim_cooldown_days": input.reclaim_cooldown_days,
            "exempt_from_stage_position": input.exempt_from_stage_position,
        }

        async def body() -> Any:
            async with ctx.write() as session:
                return await admin.save_pool_rule(session, ctx.viewer, values)

        result = await guard(body)
        if isinstance(result, list):
            return PoolRulePayload(rule=None, user_errors=result)
        return PoolRulePayload(rule=PoolRule.from_row(result), user_errors=[])

    @strawberry.mutation(description="Set the target of a rep or team for a month or quarter (replaces it).")
    async def sales_target_set(self, info: Info, input: Annotated[SalesTargetInput, INPUT]) -> SalesTargetPayload:
        """Set a target."""
        ctx = info.context

        async def body() -> Any:
            async with ctx.write() as session:
                return await admin.set_target(
                    session,
                    ctx.viewer,
                    user_id=_id(input.user_id, "User"),
                    team_id=_id(input.team_id, "Team"),
                    period=input.period.value,
                    period_start=input.period_start,
                    amount=input.amount,
                )

        result = await guard(body)
        if isinstance(result, list):
            return SalesTargetPayload(target=None, user_errors=result)
        return SalesTargetPayload(target=SalesTarget.from_row(result), user_errors=[])

"""Root mutation fields of leads: capture, import, assignment, status, conversion, and assignment rules."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

import strawberry

from rapport.core.i18n import msg
from rapport.customers.types import Customer, customer_node
from rapport.graphql.context import Info
from rapport.graphql.kit import attempt, outcome, read_after
from rapport.graphql.node import optional_id, raw_id
from rapport.graphql.types import INPUT, UserError
from rapport.sales.leads import rules, service
from rapport.sales.leads.inputs import (
    UTM_FIELDS,
    LeadAssignInput,
    LeadBulkCreateInput,
    LeadConvertInput,
    LeadCreateInput,
    LeadRuleInput,
    LeadStatusSetInput,
    LeadSubmitInput,
)
from rapport.sales.leads.repository import lead_by_id
from rapport.sales.leads.types import Lead, LeadRule
from rapport.sales.models import Lead as LeadRow
from rapport.sales.pipeline.mutations import shown_opportunity
from rapport.sales.pipeline.types import Opportunity

#: Most leads one leadBulkCreate takes.
BULK_LIMIT = 1000


@strawberry.type(description="The result of `leadSubmit`.")
class LeadSubmitPayload:
    """Whether the submission was taken (the lead itself is not shown to anonymous callers)."""

    accepted: bool = strawberry.field(description="True once the submission is recorded.")
    user_errors: list[UserError] = strawberry.field(description="Problems the visitor can fix.")


@strawberry.type(description="The result of a mutation on a lead.")
class LeadPayload:
    """The lead as it is now, or what went wrong."""

    lead: Lead | None = strawberry.field(description="The lead after the change.")
    duplicate: bool = strawberry.field(
        description="leadCreate: the phone or email matched an open lead. When `lead` is that lead, it was updated "
        "instead; when `lead` is null, a possible duplicate exists that you cannot see, and the new lead waits "
        "unassigned for your managers to review."
    )
    user_errors: list[UserError] = strawberry.field(description="Problems you can fix; nothing changed if any.")


@strawberry.type(description="The result of `leadBulkCreate`.")
class LeadBulkCreatePayload:
    """What the import did: rows with problems are reported and skipped, the others are kept."""

    created: int = strawberry.field(description="New leads.")
    duplicates: int = strawberry.field(description="Rows that matched an open lead and were linked to it.")
    leads: list[Lead] = strawberry.field(description="The new or matched lead of each accepted row, in order.")
    user_errors: list[UserError] = strawberry.field(description='Skipped rows, e.g. field "leads.3.phone".')


@strawberry.type(description="The result of `leadConvert`.")
class LeadConvertPayload:
    """What the conversion created or linked."""

    lead: Lead | None = strawberry.field(description="The lead, now CONVERTED.")
    customer: Customer | None = strawberry.field(description="The new or linked customer.")
    opportunity: Opportunity | None = strawberry.field(description="The opened opportunity.")
    user_errors: list[UserError] = strawberry.field(description="Problems you can fix; nothing changed if any.")


@strawberry.type(description="The result of `leadRuleSave`.")
class LeadRulePayload:
    """The rule as saved."""

    rule: LeadRule | None = strawberry.field(description="The rule.")
    user_errors: list[UserError] = strawberry.field(description="Problems you can fix; nothing changed if any.")


@strawberry.type(description="The result of `leadRuleDelete`.")
class LeadRuleDeletePayload:
    """Whether the rule is gone."""

    deleted: bool = strawberry.field(description="True once deleted.")


def _draft(data: LeadCreateInput | LeadSubmitInput, owner: Any = None) -> service.LeadDraft:
    return service.LeadDraft(
        name=data.name,
        source=data.source,
        company=data.company,
        title=data.title,
        phone=data.phone,
        email=data.email,
        province=data.province,
        city=data.city,
        message=data.message,
        score=getattr(data, "score", 0),
        owner_id=owner,
        utm={column: getattr(data, column) for column in UTM_FIELDS if getattr(data, column, None)},
    )


def _owner(data: LeadCreateInput) -> Any:
    return optional_id(data.owner_id or None, "User")


async def shown_lead(info: Info, row: Any) -> Lead | None:
    """The lead if the caller may see it (a rule may have given it to someone else); its id alone when the compiled
    path reads it after the write (`kit.read_after`)."""
    if row is not None and read_after(info, "lead"):
        return Lead.from_row(LeadRow(id=row.id))
    visible = None if row is None else await info.context.loaders.scoped(lead_by_id).load(row.id)
    return None if visible is None else Lead.from_row(visible)


@strawberry.type
class LeadMutation:
    """Root mutation fields of leads."""

    @strawberry.mutation(
        description="A web-form lead (no sign-in): 10 an hour per address; a known phone or email links, "
        "never duplicates."
    )
    async def lead_submit(self, info: Info, input: Annotated[LeadSubmitInput, INPUT]) -> LeadSubmitPayload:
        """Capture a public lead."""
        ctx = info.context

        async def body() -> bool:
            async with ctx.write() as session:
                await service.submit_public(session, _draft(input), ctx.client_address, input.website)
            return True

        result = await attempt(body)
        errors = result if isinstance(result, list) else []
        return LeadSubmitPayload(accepted=not errors, user_errors=errors)

    @strawberry.mutation(description="Enter a lead; without an owner the assignment rules pick one.")
    async def lead_create(self, info: Info, input: Annotated[LeadCreateInput, INPUT]) -> LeadPayload:
        """Capture a lead by hand."""
        ctx = info.context

        async def body() -> service.Capture:
            async with ctx.write() as session:
                return await service.capture(session, _draft(input, _owner(input)), ctx.viewer)

        result = await attempt(body)
        if isinstance(result, list):
            return LeadPayload(lead=None, duplicate=False, user_errors=result)
        return LeadPayload(lead=await shown_lead(info, result.lead), duplicate=result.duplicate, user_errors=[])

    @strawberry.mutation(description="Import up to 1,000 leads; rows with problems are reported and skipped.")
    async def lead_bulk_create(self, info: Info, input: Annotated[LeadBulkCreateInput, INPUT]) -> LeadBulkCreatePayload:
        """Capture many leads."""
        ctx = info.context
        if len(input.leads) > BULK_LIMIT:
            error = UserError.of(
                msg("Import at most {limit} leads at a time.", limit=BULK_LIMIT), field="leads", code="BAD_USER_INPUT"
            )
            return LeadBulkCreatePayload(created=0, duplicates=0, leads=[], user_errors=[error])
        errors: list[UserError] = []
        captured: list[service.Capture] = []
        async with ctx.write() as session:
            for i, row in enumerate(input.leads):

                async def one(row: LeadCreateInput = row) -> service.Capture:
                    async with session.begin_nested():
                        return await service.capture(session, _draft(row, _owner(row)), ctx.viewer)

                result = await attempt(one)
                if isinstance(result, list):
                    errors += [_in_row(error, i) for error in result]
                else:
                    captured.append(result)
        shown = await asyncio.gather(*(shown_lead(info, c.lead) for c in captured if c.lead is not None))
        return LeadBulkCreatePayload(
            created=sum(1 for c in captured if c.created),
            duplicates=sum(1 for c in captured if c.duplicate),
            leads=[lead for lead in shown if lead is not None],
            user_errors=errors,
        )

    @strawberry.mutation(description="Give a lead to another rep (they are notified).")
    async def lead_assign(self, info: Info, input: Annotated[LeadAssignInput, INPUT]) -> LeadPayload:
        """Reassign a lead."""
        ctx = info.context
        lead_id = raw_id(input.id, "Lead")
        user_id = raw_id(input.owner_id, "User")

        async def body() -> Any:
            async with ctx.write() as session:
                return await service.assign(session, ctx.viewer, lead_id, user_id)

        result = await attempt(body)
        if isinstance(result, list):
            return LeadPayload(lead=None, duplicate=False, user_errors=result)
        return LeadPayload(lead=await shown_lead(info, result), duplicate=False, user_errors=[])

    @strawberry.mutation(description="Work on, qualify or disqualify a lead.")
    async def lead_status_set(self, info: Info, input: Annotated[LeadStatusSetInput, INPUT]) -> LeadPayload:
        """Change a lead's status."""
        ctx = info.context
        lead_id = raw_id(input.id, "Lead")

        async def body() -> Any:
            async with ctx.write() as session:
                return await service.set_status(session, ctx.viewer, lead_id, input.status.value)

        result = await attempt(body)
        if isinstance(result, list):
            return LeadPayload(lead=None, duplicate=False, user_errors=result)
        return LeadPayload(lead=Lead.from_row(result), duplicate=False, user_errors=[])

    @strawberry.mutation(
        description="Convert a lead: create (or link) the customer and contact and open an opportunity, all or nothing."
    )
    async def lead_convert(self, info: Info, input: Annotated[LeadConvertInput, INPUT]) -> LeadConvertPayload:
        """Convert a lead."""
        ctx = info.context
        lead_id = raw_id(input.id, "Lead")
        customer_id = optional_id(input.customer_id or None, "Customer")

        async def body() -> service.Conversion:
            async with ctx.write() as session:
                return await service.convert(
                    session,
                    ctx.viewer,
                    lead_id,
                    customer_id=customer_id,
                    opportunity_name=input.opportunity_name,
                    amount=input.amount,
                )

        result = await attempt(body)
        if isinstance(result, list):
            return LeadConvertPayload(lead=None, customer=None, opportunity=None, user_errors=result)
        return LeadConvertPayload(
            lead=Lead.from_row(result.lead),
            customer=await customer_node(ctx, result.customer_id),
            opportunity=await shown_opportunity(info, result.opportunity_id),
            user_errors=[],
        )


def _in_row(error: UserError, i: int) -> UserError:
    """An import row's error, its field prefixed with the row (e.g. "leads.3.phone")."""
    field = f"leads.{i}.{error.field}" if error.field else f"leads.{i}"
    return UserError(field=field, code=error.code, text=error.text)


@strawberry.type
class LeadAdminMutation:
    """Root mutation fields of lead assignment rules."""

    @strawberry.mutation(description="Create or change a lead assignment rule.")
    async def lead_rule_save(self, info: Info, input: Annotated[LeadRuleInput, INPUT]) -> LeadRulePayload:
        """Save a rule."""
        ctx = info.context
        values = {
            "position": input.position,
            "kind": input.kind.value,
            "province": (input.province or "").strip() or None,
            "source": (input.source or "").strip() or None,
            "team_id": optional_id(input.team_id or None, "Team"),
            "user_id": optional_id(input.user_id or None, "User"),
            "active": input.active,
        }

        async def body() -> LeadRule:
            async with ctx.write() as session:
                rule = await rules.save_lead_rule(
                    session, ctx.viewer, optional_id(input.id or None, "LeadRule"), input.version, values
                )
            return LeadRule.from_row(rule)

        return await outcome(LeadRulePayload, "rule", body)

    @strawberry.mutation(description="Delete a lead assignment rule.")
    async def lead_rule_delete(
        self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="The rule.")]
    ) -> LeadRuleDeletePayload:
        """Delete a rule."""
        ctx = info.context
        async with ctx.write() as session:
            await rules.delete_lead_rule(session, ctx.viewer, raw_id(id, "LeadRule"))
        return LeadRuleDeletePayload(deleted=True)

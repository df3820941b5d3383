"""Root query fields of leads: one lead, the lead list, and the assignment rules."""

from __future__ import annotations

from typing import Annotated

import strawberry

from rapport.graphql.context import Info
from rapport.graphql.declare import RootField
from rapport.graphql.kit import enum_values, filtered_page_root, node_by_id, raw_ids, rows_of, statement_page
from rapport.graphql.types import After, Connection, First
from rapport.sales.leads.inputs import LeadFilter
from rapport.sales.leads.repository import LeadFilterSpec, lead_by_id, lead_rows, lead_rule_rows
from rapport.sales.leads.types import Lead, LeadRule


def lead_filter_spec(f: LeadFilter | None) -> LeadFilterSpec:
    """The repository's filter from the GraphQL filter."""
    return LeadFilterSpec(
        statuses=enum_values(f.statuses) if f else None,
        owner_ids=raw_ids(f.owner_ids, "User") if f else None,
        sources=f.sources if f else None,
        unassigned=bool(f and f.unassigned),
        search=(f.search or "").strip() or None if f else None,
    )


#: The compiled root fields of leads (listed in the sales manifest).
ROOTS = {
    "leads": filtered_page_root("Lead", lambda principal, f: lead_rows(principal, lead_filter_spec(f)), LeadFilter),
    "leadRules": RootField("LeadRule", "list", lambda principal, arguments: lead_rule_rows()),
}


@strawberry.type
class LeadQuery:
    """Root query fields of leads."""

    @strawberry.field(description="A lead by id; null when missing or not yours to see.")
    async def lead(
        self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="Global id.")]
    ) -> Lead | None:
        """One lead."""
        return await node_by_id(info, "Lead", id, lead_by_id, Lead.from_row)

    @strawberry.field(description="Leads you may see (your own, your team's or all), newest first.")
    async def leads(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        filter: Annotated[LeadFilter | None, strawberry.argument(description="What to include.")] = None,
    ) -> Connection[Lead]:
        """A page of leads."""
        rows = lead_rows(info.context.principal, lead_filter_spec(filter))
        return await statement_page(info, rows, first, after, Lead.from_row)


@strawberry.type
class LeadAdminQuery:
    """Root query fields of lead assignment rules."""

    @strawberry.field(description="Lead assignment rules in the order they are tried.")
    async def lead_rules(self, info: Info) -> list[LeadRule]:
        """Assignment rules."""
        return await rows_of(info, lead_rule_rows(), LeadRule.from_row)

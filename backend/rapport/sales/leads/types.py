"""GraphQL types of leads: the lead and its assignment rules."""

from __future__ import annotations

from datetime import datetime

import strawberry

from rapport.customers.service import customer_of
from rapport.customers.types import Customer
from rapport.graphql.context import Info
from rapport.graphql.declare import Contribution, FromRow, Relation, Sensitive, relation, sensitive
from rapport.graphql.node import Node
from rapport.identity.types import Team, User, team_of, user_of
from rapport.sales import models
from rapport.sales.enums import LeadRuleKind, LeadStatus
from rapport.sales.leads.repository import customer_leads
from rapport.sales.pipeline.repository import opportunity_of
from rapport.sales.pipeline.types import Opportunity


@strawberry.type(description="A prospective customer, from a web form, by hand or imported.")
class Lead(Node, FromRow):
    """A lead."""

    version: int = strawberry.field(description="Pass back when changing the lead.")
    name: str = strawberry.field(description="The person's name.")
    company: str | None = strawberry.field(description="Their company.")
    title: str | None = strawberry.field(description="Their job title.")
    source: str = strawberry.field(description="Where the lead came from, e.g. web, expo, import.")
    province: str | None = strawberry.field(description="Province (territory rules match on it).")
    city: str | None = strawberry.field(description="City.")
    message: str | None = strawberry.field(description="What they wrote (later submissions appended).")
    status: LeadStatus = strawberry.field(description="Where the lead stands.")
    score: int = strawberry.field(description="Quality score, 0-100.")
    submissions: int = strawberry.field(description="How many times the lead was submitted (duplicates link here).")
    last_submitted_at: datetime | None = strawberry.field(description="The latest submission.")
    converted_at: datetime | None = strawberry.field(description="When it was converted.")
    created_at: datetime = strawberry.field(description="When it was captured.")
    updated_at: datetime = strawberry.field(description="When it last changed.")
    _row: strawberry.Private[models.Lead]

    @sensitive(
        Sensitive("Lead.phone", "phone_enc", "lead", "phone", many=False, entity_column="id", entity_type="Lead"),
        description="Phone in E.164 (sensitive; masked: middle digits hidden).",
    )
    def phone(self, info: Info) -> str | None:
        """The phone as the caller may see it."""

    @sensitive(
        Sensitive("Lead.email", "email_enc", "lead", "email", many=False, entity_column="id", entity_type="Lead"),
        description="Email, lower case (sensitive; masked: z***@example.com).",
    )
    def email(self, info: Info) -> str | None:
        """The email as the caller may see it."""

    @relation(
        Relation("User", "one", user_of("owner_id")), description="The rep working the lead; null while unassigned."
    )
    async def owner(self, info: Info) -> User | None:
        """The owner."""

    @relation(Relation("Team", "one", team_of("team_id")), description="The owner's team.")
    async def team(self, info: Info) -> Team | None:
        """The team."""

    @relation(
        Relation("Customer", "one", customer_of("customer_id")),
        description="The customer it matched or was converted into, if you may see it.",
    )
    async def customer(self, info: Info) -> Customer | None:
        """The customer."""

    @relation(
        Relation("Opportunity", "one", opportunity_of("opportunity_id")),
        description="The opportunity its conversion opened, if you may see it.",
    )
    async def opportunity(self, info: Info) -> Opportunity | None:
        """The opportunity."""


@strawberry.type(description="How a new lead finds its owner; rules are tried in position order.")
class LeadRule(Node, FromRow):
    """An assignment rule."""

    version: int = strawberry.field(description="Pass back when changing the rule.")
    position: int = strawberry.field(description="Lower positions are tried first.")
    kind: LeadRuleKind = strawberry.field(description="Territory, round robin or least load.")
    province: str | None = strawberry.field(description="Only leads from this province (null: any).")
    source: str | None = strawberry.field(description="Only leads from this source (null: any).")
    active: bool = strawberry.field(description="Inactive rules are skipped.")
    _row: strawberry.Private[models.LeadRule]

    @relation(Relation("User", "one", user_of("user_id")), description="Territory: the rep who gets the leads.")
    async def user(self, info: Info) -> User | None:
        """The rep."""

    @relation(
        Relation("Team", "one", team_of("team_id")),
        description="The team whose reps share the leads (round robin, least load, team territory).",
    )
    async def team(self, info: Info) -> Team | None:
        """The team."""


@relation(
    Relation("Lead", "list", customer_leads),
    description="Leads that matched or were converted into this customer, newest first (at most 50).",
)
async def leads_of_customer(root: Customer, info: Info) -> list[Lead]:
    """The customer's leads."""


#: `Customer.leads`, a field sales adds to the customers domain's type (listed in the sales manifest).
CUSTOMER_LEADS = Contribution(Customer, "leads", leads_of_customer, before="order_summary")

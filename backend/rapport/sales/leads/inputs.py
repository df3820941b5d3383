"""GraphQL inputs of leads: capture, work, conversion, lists and assignment rules."""

from __future__ import annotations

from decimal import Decimal

import strawberry

from rapport.sales.enums import LeadRuleKind, LeadStatus


@strawberry.input(description="A web-form submission; no sign-in needed.")
class LeadSubmitInput:
    """What the visitor typed. Leave `website` empty: it is a trap for bots, hidden from people."""

    name: str = strawberry.field(description="Your name.")
    phone: str | None = strawberry.field(default=None, description="Phone (a phone or an email is needed).")
    email: str | None = strawberry.field(default=None, description="Email.")
    company: str | None = strawberry.field(default=None, description="Company.")
    title: str | None = strawberry.field(default=None, description="Job title.")
    province: str | None = strawberry.field(default=None, description="Province.")
    city: str | None = strawberry.field(default=None, description="City.")
    message: str | None = strawberry.field(default=None, description="What you need.")
    source: str = strawberry.field(default="web", description="The form, e.g. web, landing-618.")
    website: str | None = strawberry.field(default=None, description="Honeypot: must stay empty.")
    utm_source: str | None = strawberry.field(default=None, description="UTM source of the visit (e.g. baidu).")
    utm_medium: str | None = strawberry.field(default=None, description="UTM medium (e.g. cpc, email, social).")
    utm_campaign: str | None = strawberry.field(
        default=None, description="UTM campaign: a campaign's id links the form to that campaign."
    )
    utm_content: str | None = strawberry.field(default=None, description="UTM content (which link or ad).")
    utm_term: str | None = strawberry.field(default=None, description="UTM term (the paid keyword).")


#: The UTM fields of a web form, as named on the input and on the lead.
UTM_FIELDS = ("utm_source", "utm_medium", "utm_campaign", "utm_content", "utm_term")


@strawberry.input(description="A lead entered by staff.")
class LeadCreateInput:
    """A lead; without an owner the assignment rules pick one."""

    name: str = strawberry.field(description="The person's name.")
    source: str = strawberry.field(description="Where it came from, e.g. expo, referral.")
    phone: str | None = strawberry.field(default=None, description="Phone (a phone or an email is needed).")
    email: str | None = strawberry.field(default=None, description="Email.")
    company: str | None = strawberry.field(default=None, description="Company.")
    title: str | None = strawberry.field(default=None, description="Job title.")
    province: str | None = strawberry.field(default=None, description="Province.")
    city: str | None = strawberry.field(default=None, description="City.")
    message: str | None = strawberry.field(default=None, description="Notes.")
    score: int = strawberry.field(default=0, description="Quality score, 0-100.")
    owner_id: strawberry.ID | None = strawberry.field(default=None, description="The rep (null: by the rules).")


@strawberry.input(description="Many leads at once (an import).")
class LeadBulkCreateInput:
    """Up to 1,000 leads; each is captured on its own (duplicates link, bad rows are reported)."""

    leads: list[LeadCreateInput] = strawberry.field(description="The leads.")


@strawberry.input(description="Give a lead to a rep.")
class LeadAssignInput:
    """Lead and rep."""

    id: strawberry.ID = strawberry.field(description="The lead.")
    owner_id: strawberry.ID = strawberry.field(description="The new owner.")


@strawberry.input(description="Work on, qualify or disqualify a lead.")
class LeadStatusSetInput:
    """Lead and status (use leadConvert to convert)."""

    id: strawberry.ID = strawberry.field(description="The lead.")
    status: LeadStatus = strawberry.field(description="NEW, WORKING, QUALIFIED or DISQUALIFIED.")


@strawberry.input(description="Convert a lead into a customer, contact and opportunity.")
class LeadConvertInput:
    """Everything is created in one transaction, or nothing is."""

    id: strawberry.ID = strawberry.field(description="The lead.")
    customer_id: strawberry.ID | None = strawberry.field(
        default=None, description="Link to this customer (default: the matched one, else a new customer)."
    )
    opportunity_name: str | None = strawberry.field(default=None, description="Default: the company's name.")
    amount: Decimal = strawberry.field(default=Decimal(0), description="The opportunity's expected amount.")


@strawberry.input(description="What a lead list includes.")
class LeadFilter:
    """All given conditions must hold."""

    statuses: list[LeadStatus] | None = strawberry.field(default=None, description="Any of these statuses.")
    owner_ids: list[strawberry.ID] | None = strawberry.field(default=None, description="Owned by any of these.")
    sources: list[str] | None = strawberry.field(default=None, description="From any of these sources.")
    unassigned: bool = strawberry.field(default=False, description="Only leads without an owner.")
    search: str | None = strawberry.field(default=None, description="Words of the name or the company.")


@strawberry.input(description="Create (no id) or change an assignment rule.")
class LeadRuleInput:
    """A rule."""

    id: strawberry.ID | None = strawberry.field(default=None, description="The rule to change; null: a new rule.")
    version: int | None = strawberry.field(default=None, description="The version you read.")
    position: int = strawberry.field(default=100, description="Lower positions are tried first.")
    kind: LeadRuleKind = strawberry.field(description="Territory, round robin or least load.")
    province: str | None = strawberry.field(default=None, description="Only leads from this province.")
    source: str | None = strawberry.field(default=None, description="Only leads from this source.")
    team_id: strawberry.ID | None = strawberry.field(default=None, description="The team sharing the leads.")
    user_id: strawberry.ID | None = strawberry.field(default=None, description="Territory: the rep.")
    active: bool = strawberry.field(default=True, description="Inactive rules are skipped.")

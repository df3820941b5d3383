"""GraphQL inputs of sales."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry

from rapport.customers.enums import Grade
from rapport.sales.types import ApprovalStatus, LeadRuleKind, LeadStatus, OpportunityStatus, SalesPeriod


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


@strawberry.input(description="A new opportunity.")
class OpportunityCreateInput:
    """It opens in the first stage unless an open, ungated stage is given."""

    customer_id: strawberry.ID = strawberry.field(description="The customer.")
    name: str = strawberry.field(description="What is being sold.")
    amount: Decimal = strawberry.field(description="Expected amount (CNY).")
    stage_id: strawberry.ID | None = strawberry.field(default=None, description="Starting stage.")
    expected_close: date | None = strawberry.field(default=None, description="Expected close date.")


@strawberry.input(description="Change an open opportunity.")
class OpportunityUpdateInput:
    """Only the given fields change."""

    id: strawberry.ID = strawberry.field(description="The opportunity.")
    version: int = strawberry.field(description="The version you read (CONFLICT if stale).")
    name: str | None = strawberry.field(default=None, description="New name.")
    amount: Decimal | None = strawberry.field(default=None, description="New amount.")
    expected_close: date | None = strawberry.field(default=None, description="New expected close date.")


@strawberry.input(description="Move an opportunity to another stage.")
class OpportunityMoveStageInput:
    """A gated stage creates an approval request instead of moving."""

    id: strawberry.ID = strawberry.field(description="The opportunity.")
    stage_id: strawberry.ID = strawberry.field(description="The stage to enter.")
    version: int | None = strawberry.field(default=None, description="The version you read (CONFLICT if stale).")
    lost_reason: str | None = strawberry.field(default=None, description="Required when entering a lost stage.")


@strawberry.input(description="What an opportunity list includes.")
class OpportunityFilter:
    """All given conditions must hold."""

    statuses: list[OpportunityStatus] | None = strawberry.field(default=None, description="Any of these.")
    stage_ids: list[strawberry.ID] | None = strawberry.field(default=None, description="In any of these stages.")
    customer_ids: list[strawberry.ID] | None = strawberry.field(default=None, description="With these customers.")
    owner_ids: list[strawberry.ID] | None = strawberry.field(default=None, description="Owned by any of these.")
    search: str | None = strawberry.field(default=None, description="Words in the name.")


@strawberry.input(description="Approve or reject a stage move.")
class ApprovalDecideInput:
    """The request and the decision."""

    id: strawberry.ID = strawberry.field(description="The approval request.")
    approve: bool = strawberry.field(description="True to approve (the opportunity moves), false to reject.")
    comment: str | None = strawberry.field(default=None, description="Why; the requester sees it.")


@strawberry.input(description="What an approval list includes.")
class ApprovalFilter:
    """All given conditions must hold."""

    statuses: list[ApprovalStatus] | None = strawberry.field(default=None, description="Default: pending only.")


@strawberry.input(description="What a public-pool list includes.")
class PoolFilter:
    """All given conditions must hold."""

    provinces: list[str] | None = strawberry.field(default=None, description="In any of these provinces.")
    grades: list[Grade] | None = strawberry.field(default=None, description="Of any of these grades.")
    industries: list[str] | None = strawberry.field(default=None, description="In any of these industries.")


@strawberry.input(description="Take a customer from the public pool.")
class PoolClaimInput:
    """The pool customer."""

    customer_id: strawberry.ID = strawberry.field(description="The customer (from publicPool).")


@strawberry.input(description="Give a pool customer to a member of your team.")
class PoolAllocateInput:
    """Customer and rep."""

    customer_id: strawberry.ID = strawberry.field(description="The customer (from publicPool).")
    user_id: strawberry.ID = strawberry.field(description="The rep.")


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


@strawberry.input(description="Create (no id) or change a pipeline stage.")
class PipelineStageInput:
    """A stage."""

    id: strawberry.ID | None = strawberry.field(default=None, description="The stage to change; null: a new one.")
    version: int | None = strawberry.field(default=None, description="The version you read.")
    key: str | None = strawberry.field(default=None, description="Stable key (required for a new stage).")
    name: str = strawberry.field(description="Display name.")
    position: int | None = strawberry.field(default=None, description="Order in the pipeline.")
    probability: int = strawberry.field(description="Win probability, percent.")
    requires_approval: bool | None = strawberry.field(
        default=None, description="Entering needs a director's approval (omit: unchanged; new stages: false)."
    )
    approval_threshold: Decimal | None = strawberry.field(
        default=strawberry.UNSET,
        description="Approval only above this amount; null: at any amount; omit: unchanged.",
    )
    is_won: bool | None = strawberry.field(
        default=None, description="Entering it wins the deal (omit: unchanged; new stages: false)."
    )
    is_lost: bool | None = strawberry.field(
        default=None, description="Entering it loses the deal (omit: unchanged; new stages: false)."
    )


@strawberry.input(description="The public-pool rule of a grade (null grade: the default rule).")
class PoolRuleInput:
    """Replaces the grade's rule."""

    grade: Grade | None = strawberry.field(default=None, description="A to D; null: the default rule.")
    days_without_follow_up: int = strawberry.field(default=30, description="N days.")
    warn_days_before: int = strawberry.field(default=3, description="M days.")
    daily_claim_limit: int = strawberry.field(default=5, description="Claims per rep per day.")
    reclaim_cooldown_days: int = strawberry.field(default=7, description="K days.")
    exempt_from_stage_position: int | None = strawberry.field(
        default=None, description="An open deal at this stage position or later exempts the customer."
    )


@strawberry.input(description="The target of a rep or a team for a month or quarter.")
class SalesTargetInput:
    """Give a user or a team."""

    user_id: strawberry.ID | None = strawberry.field(default=None, description="The rep.")
    team_id: strawberry.ID | None = strawberry.field(default=None, description="The team.")
    period: SalesPeriod = strawberry.field(default=SalesPeriod.MONTH, description="Month or quarter.")
    period_start: date = strawberry.field(description="The first day of the month or quarter.")
    amount: Decimal = strawberry.field(description="The revenue target (CNY).")

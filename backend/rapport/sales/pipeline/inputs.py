"""GraphQL inputs of the pipeline: opportunities, approvals and stages."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry

from rapport.sales.enums import ApprovalStatus, OpportunityStatus


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
    reached_stage_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="Entered this stage or a later one at some time, lost stages aside (what the funnel counts).",
    )
    created_from: date | None = strawberry.field(default=None, description="Opened on or after this day (China time).")
    created_to: date | None = strawberry.field(default=None, description="Opened before this day (China time).")
    closed_from: date | None = strawberry.field(default=None, description="Won or lost on or after this day.")
    closed_to: date | None = strawberry.field(default=None, description="Won or lost before this day.")
    provinces: list[str] | None = strawberry.field(
        default=None, description="With a customer in any of these provinces."
    )


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

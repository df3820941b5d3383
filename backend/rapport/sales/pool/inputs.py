"""GraphQL inputs of the public pool."""

from __future__ import annotations

import strawberry

from rapport.customers.enums import Grade
from rapport.sales.pool.types import PoolContactEvent


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


@strawberry.input(description="Give a customer back to the public pool.")
class PoolReleaseInput:
    """The customer and why."""

    customer_id: strawberry.ID = strawberry.field(description="A customer you own (managers: one you may see).")
    reason: str = strawberry.field(description="Why it goes back (shown in its timeline).")


@strawberry.input(description="Give a pool customer to a member of your team.")
class PoolAllocateInput:
    """Customer and rep."""

    customer_id: strawberry.ID = strawberry.field(description="The customer (from publicPool).")
    user_id: strawberry.ID = strawberry.field(description="The rep.")


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
    counted_events: list[PoolContactEvent] | None = strawberry.field(
        default=None,
        description="Events of the customer that count as contact besides follow-ups; null: keep the rule's "
        "(a new rule counts orders and won deals).",
    )

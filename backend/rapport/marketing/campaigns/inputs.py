"""GraphQL inputs of campaigns."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import strawberry

from rapport.marketing.campaigns.types import CampaignStatus, MarketingChannel


@strawberry.input(description="What a campaign says on one channel in one language.")
class CampaignContentInput:
    """One content."""

    channel: MarketingChannel = strawberry.field(description="The channel.")
    locale: str = strawberry.field(description="zh-CN or en.")
    subject: str | None = strawberry.field(default=None, description="Email subject.")
    body: str = strawberry.field(description="The text; merge fields {{contact.name}} and {{customer.name}}.")


@strawberry.input(description="A campaign to create or change (drafts only).")
class CampaignSaveInput:
    """Omitted fields stay as they are."""

    id: strawberry.ID | None = strawberry.field(default=None, description="Null creates a new draft.")
    version: int | None = strawberry.field(default=None, description="The version you read.")
    name: str | None = strawberry.field(default=None, description="Name.")
    goal: str | None = strawberry.field(default=None, description="What it is for.")
    channels: list[MarketingChannel] | None = strawberry.field(default=None, description="Channels.")
    budget: Decimal | None = strawberry.field(default=None, description="Planned spend.")
    segment_id: strawberry.ID | None = strawberry.field(default=None, description="The audience (a segment).")
    contents: list[CampaignContentInput] | None = strawberry.field(
        default=None, description="Replaces every content when given."
    )


@strawberry.input(description="A campaign, by id.")
class CampaignInput:
    """Which campaign."""

    campaign_id: strawberry.ID = strawberry.field(description="The campaign.")


@strawberry.input(description="When a campaign sends.")
class CampaignScheduleInput:
    """Which campaign, when."""

    campaign_id: strawberry.ID = strawberry.field(description="The campaign.")
    at: datetime | None = strawberry.field(default=None, description="When to send (null: now).")


@strawberry.input(description="An actual cost of a campaign.")
class CampaignCostAddInput:
    """A cost line."""

    campaign_id: strawberry.ID = strawberry.field(description="The campaign.")
    label: str = strawberry.field(description="What it was for.")
    amount: Decimal = strawberry.field(description="How much.")
    incurred_on: date | None = strawberry.field(default=None, description="When (null: today).")


@strawberry.input(description="A cost line to remove.")
class CampaignCostDeleteInput:
    """Which cost."""

    cost_id: strawberry.ID = strawberry.field(description="The cost line.")


@strawberry.input(description="Which campaigns a list includes.")
class CampaignFilter:
    """Filters combine with AND."""

    statuses: list[CampaignStatus] | None = strawberry.field(default=None, description="Only these statuses.")

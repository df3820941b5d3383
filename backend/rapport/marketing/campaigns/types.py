"""GraphQL types of campaigns: the campaign, its contents, costs and progress."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import Enum

import strawberry

from rapport.graphql.context import Info
from rapport.graphql.declare import FromRow, derived, expression
from rapport.graphql.node import Node, to_global_id
from rapport.marketing.campaigns import models, repository


@strawberry.enum(description="Where a campaign stands: DRAFT -> SCHEDULED -> SENDING -> DONE, or CANCELLED.")
class CampaignStatus(Enum):
    """A campaign's status."""

    DRAFT = "draft"
    SCHEDULED = "scheduled"
    SENDING = "sending"
    DONE = "done"
    CANCELLED = "cancelled"


@strawberry.enum(description="A channel marketing sends through.")
class MarketingChannel(Enum):
    """email, SMS or WeChat."""

    EMAIL = "email"
    SMS = "sms"
    WECHAT = "wechat"


@strawberry.type(description="What a campaign says on one channel in one language.")
class CampaignContent:
    """One content."""

    channel: MarketingChannel = strawberry.field(description="The channel.")
    locale: str = strawberry.field(description="zh-CN or en (recipients get their language's, else another).")
    subject: str | None = strawberry.field(description="Email subject (merge fields allowed).")
    body: str = strawberry.field(description="The text; merge fields such as {{contact.name}}; links are tracked.")


@strawberry.type(description="An actual cost of a campaign.")
class CampaignCost:
    """A cost line."""

    id: strawberry.ID = strawberry.field(description="Global id (for campaignCostDelete).")
    label: str = strawberry.field(description="What it was for.")
    amount: Decimal = strawberry.field(description="How much.")
    incurred_on: date = strawberry.field(description="When.")


@strawberry.type(description="How many of a campaign's recipients were skipped for one reason.")
class SkipCount:
    """A reason and its count."""

    reason: str = strawberry.field(
        description="no_consent, opted_out, suppressed, no_address, frequency_cap or no_content."
    )
    count: int = strawberry.field(description="How many.")


@strawberry.type(description="How a campaign's send stands, counted over its send ledger.")
class CampaignProgress:
    """Counts of recipients (ledger rows, one per contact and channel) and of tracked events."""

    total: int = strawberry.field(description="Recipients written to the ledger.")
    pending: int = strawberry.field(description="Still to send (quiet hours hold some).")
    sent: int = strawberry.field(description="Handed to the channel.")
    skipped: int = strawberry.field(description="Not sent, for a reason (see skippedByReason).")
    skipped_by_reason: list[SkipCount] = strawberry.field(description="Skips by reason.")
    failed: int = strawberry.field(description="The channel refused or failed.")
    bounced: int = strawberry.field(description="Bounced after sending.")
    opened: int = strawberry.field(description="Messages opened (people or machines).")
    clicked: int = strawberry.field(description="Messages with a click (people or machines).")
    unsubscribed: int = strawberry.field(description="Messages whose unsubscribe link was used.")
    human_opens: int = strawberry.field(description="Messages opened by a person (scanners and proxies left out).")
    human_clicks: int = strawberry.field(description="Messages clicked by a person.")


@strawberry.type(description="A marketing campaign: audience, channels, content, schedule, costs and progress.")
class Campaign(Node, FromRow):
    """A campaign."""

    version: int = strawberry.field(description="Pass back when changing the campaign.")
    name: str = strawberry.field(description="Name.")
    goal: str | None = strawberry.field(description="What it is for.")
    channels: list[MarketingChannel] = strawberry.field(description="The channels it sends through.")
    budget: Decimal | None = strawberry.field(description="Planned spend.")
    status: CampaignStatus = strawberry.field(description="Where it stands.")
    audience_size: int | None = strawberry.field(description="Customers in the audience frozen when scheduled.")
    scheduled_at: datetime | None = strawberry.field(description="When it sends.")
    approved_at: datetime | None = strawberry.field(description="When a marketing manager approved it.")
    started_at: datetime | None = strawberry.field(description="When sending started.")
    finished_at: datetime | None = strawberry.field(description="When it was done or cancelled.")
    created_at: datetime = strawberry.field(description="When it was created.")
    updated_at: datetime = strawberry.field(description="When it last changed.")
    segment_id: strawberry.ID | None = expression(
        repository.segment_global_id,
        lambda row: None if row.segment_id is None else to_global_id("Segment", row.segment_id),
        description="The audience segment's global id.",
    )
    _row: strawberry.Private[models.Campaign]

    @derived(repository.contents_json, json=True, description="The content per channel and language.")
    async def contents(self, info: Info) -> list[CampaignContent]:
        """Contents."""

    @derived(repository.costs_json, json=True, description="Actual costs, oldest first.")
    async def costs(self, info: Info) -> list[CampaignCost]:
        """Costs."""

    @derived(repository.actual_cost, description="The sum of the actual costs.")
    async def actual_cost(self, info: Info) -> Decimal:
        """Total cost."""

    @derived(repository.progress_json, json=True, description="How the send stands.")
    async def progress(self, info: Info) -> CampaignProgress:
        """Progress, counted over the ledger in one statement."""

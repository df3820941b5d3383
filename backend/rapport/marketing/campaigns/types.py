"""GraphQL types of campaigns: the campaign, its contents, costs and progress."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import Enum

import strawberry

from rapport.graphql.context import Info
from rapport.graphql.declare import FromRow, computed
from rapport.graphql.node import Node, to_global_id
from rapport.marketing.campaigns import models
from rapport.marketing.campaigns.repository import contents_of, costs_of, progress_of


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
    _row: strawberry.Private[models.Campaign]

    @computed("ids of other types, read with the campaign", description="The audience segment's global id.")
    def segment_id(self) -> strawberry.ID | None:
        """The segment."""
        return None if self._row.segment_id is None else to_global_id("Segment", self._row.segment_id)

    @computed("a second statement", description="The content per channel and language.")
    async def contents(self, info: Info) -> list[CampaignContent]:
        """Contents."""
        async with info.context.db.read() as session:
            rows = await contents_of(session, self._row.id)
        return [
            CampaignContent(channel=MarketingChannel(r.channel), locale=r.locale, subject=r.subject, body=r.body)
            for r in rows
        ]

    @computed("a second statement", description="Actual costs, oldest first.")
    async def costs(self, info: Info) -> list[CampaignCost]:
        """Costs."""
        async with info.context.db.read() as session:
            rows = await costs_of(session, self._row.id)
        return [
            CampaignCost(
                id=to_global_id("CampaignCost", r.id), label=r.label, amount=r.amount, incurred_on=r.incurred_on
            )
            for r in rows
        ]

    @computed("a second statement", description="The sum of the actual costs.")
    async def actual_cost(self, info: Info) -> Decimal:
        """Total cost."""
        async with info.context.db.read() as session:
            rows = await costs_of(session, self._row.id)
        return sum((r.amount for r in rows), Decimal(0))

    @computed("aggregated in SQL over the ledger", description="How the send stands.")
    async def progress(self, info: Info) -> CampaignProgress:
        """Progress."""
        async with info.context.db.read() as session:
            found = await progress_of(session, self._row.id)
        reasons = [SkipCount(reason=reason, count=count) for reason, count in sorted(found.skipped_by_reason.items())]
        return CampaignProgress(
            total=found.total,
            pending=found.pending,
            sent=found.sent,
            skipped=found.skipped,
            skipped_by_reason=reasons,
            failed=found.failed,
            bounced=found.bounced,
            opened=found.opened,
            clicked=found.clicked,
            unsubscribed=found.unsubscribed,
            human_opens=found.human_opens,
            human_clicks=found.human_clicks,
        )

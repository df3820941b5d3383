"""GraphQL types of sales: leads, pipeline stages, opportunities, approvals, the public pool, rules, figures."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

import strawberry
from strawberry.scalars import JSON

from rapport.core.authz.reveal import reveal_one
from rapport.customers import loaders as customer_loaders
from rapport.customers import types as customer_types
from rapport.customers.enums import Grade
from rapport.customers.models import Customer as CustomerRow
from rapport.customers.types import Customer, Order
from rapport.graphql.context import Info
from rapport.graphql.node import Node, register_node, to_global_id
from rapport.identity import loaders as identity_loaders
from rapport.identity.types import Team, User
from rapport.sales import leads, loaders, models

LeadStatus = models.LeadStatus
strawberry.enum(LeadStatus, description="NEW -> WORKING -> QUALIFIED -> CONVERTED, or DISQUALIFIED.")


@strawberry.enum(description="Where an opportunity stands.")
class OpportunityStatus(Enum):
    """open, won or lost."""

    OPEN = "open"
    WON = "won"
    LOST = "lost"


@strawberry.enum(description="Where an approval request stands.")
class ApprovalStatus(Enum):
    """pending, approved, rejected, or cancelled (the opportunity moved another way first)."""

    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    CANCELLED = "cancelled"


@strawberry.enum(description="A movement of a customer into or out of the public pool.")
class PoolMovementKind(Enum):
    """What happened."""

    WARNED = "warned"
    RECLAIMED = "reclaimed"
    CLAIMED = "claimed"
    ALLOCATED = "allocated"


@strawberry.enum(description="A target and forecast period.")
class SalesPeriod(Enum):
    """month or quarter."""

    MONTH = "month"
    QUARTER = "quarter"


@strawberry.enum(description="How an assignment rule picks the owner of a new lead.")
class LeadRuleKind(Enum):
    """territory, round_robin or load."""

    TERRITORY = "territory"
    ROUND_ROBIN = "round_robin"
    LOAD = "load"


def _dt(value: Any) -> datetime | None:
    return None if value is None else datetime.fromisoformat(str(value))


def _uuid(value: Any) -> uuid.UUID | None:
    return None if value is None else uuid.UUID(str(value))


async def _user(info: Info, user_id: uuid.UUID | None) -> User | None:
    if user_id is None:
        return None
    row = await info.context.loaders.get(identity_loaders.user_by_id).load(user_id)
    return None if row is None else User.from_row(row)


async def _team(info: Info, team_id: uuid.UUID | None) -> Team | None:
    if team_id is None:
        return None
    row = await info.context.loaders.get(identity_loaders.team_by_id).load(team_id)
    return None if row is None else Team.from_row(row)


async def _customer(info: Info, customer_id: uuid.UUID | None) -> Customer | None:
    if customer_id is None:
        return None
    row = await info.context.loaders.scoped(customer_loaders.customer_by_id).load(customer_id)
    return None if row is None else Customer.from_row(row)


async def _stage(info: Info, stage_id: uuid.UUID | None) -> PipelineStage | None:
    if stage_id is None:
        return None
    row = await info.context.loaders.get(loaders.stage_by_id).load(stage_id)
    return None if row is None else PipelineStage.from_row(row)


async def _opportunity(info: Info, opportunity_id: uuid.UUID | None) -> Opportunity | None:
    if opportunity_id is None:
        return None
    row = await info.context.loaders.scoped(loaders.opportunity_by_id).load(opportunity_id)
    return None if row is None else Opportunity.from_row(row)


@strawberry.type(description="A stage of the sales pipeline.")
class PipelineStage(Node):
    """A stage, in pipeline order."""

    version: int = strawberry.field(description="Pass back when changing the stage.")
    key: str = strawberry.field(description="Stable key, e.g. quote (the web app translates stage names by key).")
    name: str = strawberry.field(description="Display name.")
    position: int = strawberry.field(description="Order in the pipeline, 1 first.")
    probability: int = strawberry.field(description="Win probability of deals in this stage, percent.")
    requires_approval: bool = strawberry.field(description="Entering the stage needs a sales director's approval.")
    approval_threshold: Decimal | None = strawberry.field(
        description="Approval is needed only above this amount (null: always, when the stage requires approval)."
    )
    is_won: bool = strawberry.field(description="Entering it wins the deal (and creates its order).")
    is_lost: bool = strawberry.field(description="Entering it loses the deal (a reason is required).")

    @classmethod
    def from_row(cls, row: models.PipelineStage) -> PipelineStage:
        """The GraphQL view of a stage."""
        return cls(
            id=to_global_id("PipelineStage", row.id),
            version=row.version,
            key=row.key,
            name=row.name,
            position=row.position,
            probability=row.probability,
            requires_approval=row.requires_approval,
            approval_threshold=row.approval_threshold,
            is_won=row.is_won,
            is_lost=row.is_lost,
        )


@strawberry.type(description="A prospective customer, from a web form, by hand or imported.")
class Lead(Node):
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

    @classmethod
    def from_row(cls, row: models.Lead) -> Lead:
        """The GraphQL view of a lead."""
        return cls(
            id=to_global_id("Lead", row.id),
            version=row.version,
            name=row.name,
            company=row.company,
            title=row.title,
            source=row.source,
            province=row.province,
            city=row.city,
            message=row.message,
            status=LeadStatus(row.status),
            score=row.score,
            submissions=row.submissions,
            last_submitted_at=row.last_submitted_at,
            converted_at=row.converted_at,
            created_at=row.created_at,
            updated_at=row.updated_at,
            _row=row,
        )

    @strawberry.field(description="Phone in E.164 (sensitive; masked: middle digits hidden).")
    def phone(self, info: Info) -> str | None:
        """The phone as the caller may see it."""
        return reveal_one(info.context, "Lead.phone", leads.lead_phone(self._row), ("Lead", self._row.id))

    @strawberry.field(description="Email, lower case (sensitive; masked: z***@example.com).")
    def email(self, info: Info) -> str | None:
        """The email as the caller may see it."""
        return reveal_one(info.context, "Lead.email", leads.lead_email(self._row), ("Lead", self._row.id))

    @strawberry.field(description="The rep working the lead; null while unassigned.")
    async def owner(self, info: Info) -> User | None:
        """The owner."""
        return await _user(info, self._row.owner_id)

    @strawberry.field(description="The owner's team.")
    async def team(self, info: Info) -> Team | None:
        """The team."""
        return await _team(info, self._row.team_id)

    @strawberry.field(description="The customer it matched or was converted into, if you may see it.")
    async def customer(self, info: Info) -> Customer | None:
        """The customer."""
        return await _customer(info, self._row.customer_id)

    @strawberry.field(description="The opportunity its conversion opened, if you may see it.")
    async def opportunity(self, info: Info) -> Opportunity | None:
        """The opportunity."""
        return await _opportunity(info, self._row.opportunity_id)


@strawberry.type(description="A move of an opportunity from one stage to another (also a timeline entry).")
class StageChangeEntry:
    """One step of an opportunity's stage history."""

    at: datetime = strawberry.field(description="When it moved.")
    amount: Decimal = strawberry.field(description="The deal's amount at the time.")
    _opportunity_id: strawberry.Private[uuid.UUID]
    _from_stage_id: strawberry.Private[uuid.UUID | None]
    _to_stage_id: strawberry.Private[uuid.UUID]
    _actor_id: strawberry.Private[uuid.UUID | None]

    @classmethod
    def from_row(cls, row: models.StageChange) -> StageChangeEntry:
        """The GraphQL view of a stage change."""
        return cls(
            at=row.at,
            amount=row.amount,
            _opportunity_id=row.opportunity_id,
            _from_stage_id=row.from_stage_id,
            _to_stage_id=row.to_stage_id,
            _actor_id=row.actor_id,
        )

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> StageChangeEntry:
        """A stage change from its JSON row (as the timeline returns it)."""
        return cls(
            at=datetime.fromisoformat(str(data["at"])),
            amount=Decimal(str(data["amount"])),
            _opportunity_id=uuid.UUID(str(data["opportunity_id"])),
            _from_stage_id=_uuid(data.get("from_stage_id")),
            _to_stage_id=uuid.UUID(str(data["to_stage_id"])),
            _actor_id=_uuid(data.get("actor_id")),
        )

    @strawberry.field(description="The opportunity, if you may see it.")
    async def opportunity(self, info: Info) -> Opportunity | None:
        """The opportunity."""
        return await _opportunity(info, self._opportunity_id)

    @strawberry.field(description="The stage it left (null when it was opened).")
    async def from_stage(self, info: Info) -> PipelineStage | None:
        """The stage before."""
        return await _stage(info, self._from_stage_id)

    @strawberry.field(description="The stage it entered.")
    async def to_stage(self, info: Info) -> PipelineStage | None:
        """The stage after."""
        return await _stage(info, self._to_stage_id)

    @strawberry.field(description="Who moved it (the approver, for an approved move).")
    async def actor(self, info: Info) -> User | None:
        """The actor."""
        return await _user(info, self._actor_id)


@strawberry.type(description="A customer entering or leaving the public pool (also a timeline entry).")
class PoolMovementEntry:
    """One pool movement."""

    kind: PoolMovementKind = strawberry.field(description="Warned, reclaimed, claimed or allocated.")
    at: datetime = strawberry.field(description="When.")
    data: JSON = strawberry.field(description="Details, e.g. {days} without follow-up for a reclaim.")
    _user_id: strawberry.Private[uuid.UUID | None]
    _actor_id: strawberry.Private[uuid.UUID | None]

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> PoolMovementEntry:
        """A movement from its JSON row (as the timeline returns it)."""
        return cls(
            kind=PoolMovementKind(data["kind"]),
            at=datetime.fromisoformat(str(data["at"])),
            data=JSON(data.get("data") or {}),
            _user_id=_uuid(data.get("user_id")),
            _actor_id=_uuid(data.get("actor_id")),
        )

    @strawberry.field(description="The rep who lost (reclaimed, warned) or got (claimed, allocated) the customer.")
    async def user(self, info: Info) -> User | None:
        """The rep."""
        return await _user(info, self._user_id)

    @strawberry.field(description="Who did it: the rep, the allocating manager, or null for the pool job.")
    async def actor(self, info: Info) -> User | None:
        """The actor."""
        return await _user(info, self._actor_id)


@strawberry.type(description="A request to move an opportunity into a gated stage, for a sales director.")
class Approval(Node):
    """An approval request."""

    version: int = strawberry.field(description="Its version.")
    status: ApprovalStatus = strawberry.field(description="Pending, approved or rejected.")
    amount: Decimal = strawberry.field(description="The deal's amount when it was requested.")
    comment: str | None = strawberry.field(description="The approver's comment.")
    created_at: datetime = strawberry.field(description="When it was requested.")
    decided_at: datetime | None = strawberry.field(description="When it was decided.")
    _row: strawberry.Private[models.Approval]

    @classmethod
    def from_row(cls, row: models.Approval) -> Approval:
        """The GraphQL view of an approval."""
        return cls(
            id=to_global_id("Approval", row.id),
            version=row.version,
            status=ApprovalStatus(row.status),
            amount=row.amount,
            comment=row.comment,
            created_at=row.created_at,
            decided_at=row.decided_at,
            _row=row,
        )

    @strawberry.field(description="The opportunity, if you may see it.")
    async def opportunity(self, info: Info) -> Opportunity | None:
        """The opportunity."""
        return await _opportunity(info, self._row.opportunity_id)

    @strawberry.field(description="The stage it asks to enter.")
    async def to_stage(self, info: Info) -> PipelineStage | None:
        """The requested stage."""
        return await _stage(info, self._row.to_stage_id)

    @strawberry.field(description="Who asked.")
    async def requested_by(self, info: Info) -> User | None:
        """The requester."""
        return await _user(info, self._row.requested_by_id)

    @strawberry.field(description="Who decided.")
    async def decided_by(self, info: Info) -> User | None:
        """The approver."""
        return await _user(info, self._row.decided_by_id)


@strawberry.type(description="A deal with a customer, moving through the pipeline.")
class Opportunity(Node):
    """An opportunity."""

    version: int = strawberry.field(description="Pass back when changing it (optimistic locking).")
    name: str = strawberry.field(description="What is being sold.")
    amount: Decimal = strawberry.field(description="Expected deal amount (CNY).")
    status: OpportunityStatus = strawberry.field(description="Open, won or lost.")
    expected_close: date | None = strawberry.field(description="When it is expected to close.")
    lost_reason: str | None = strawberry.field(description="Why it was lost.")
    closed_at: datetime | None = strawberry.field(description="When it was won or lost.")
    created_at: datetime = strawberry.field(description="When it was opened.")
    updated_at: datetime = strawberry.field(description="When it last changed.")
    _row: strawberry.Private[models.Opportunity]

    @classmethod
    def from_row(cls, row: models.Opportunity) -> Opportunity:
        """The GraphQL view of an opportunity."""
        return cls(
            id=to_global_id("Opportunity", row.id),
            version=row.version,
            name=row.name,
            amount=row.amount,
            status=OpportunityStatus(row.status),
            expected_close=row.expected_close,
            lost_reason=row.lost_reason,
            closed_at=row.closed_at,
            created_at=row.created_at,
            updated_at=row.updated_at,
            _row=row,
        )

    @strawberry.field(description="The stage it is in.")
    async def stage(self, info: Info) -> PipelineStage | None:
        """The stage."""
        return await _stage(info, self._row.stage_id)

    @strawberry.field(description="The customer, if you may see it.")
    async def customer(self, info: Info) -> Customer | None:
        """The customer."""
        return await _customer(info, self._row.customer_id)

    @strawberry.field(description="The rep who owns the deal.")
    async def owner(self, info: Info) -> User | None:
        """The owner."""
        return await _user(info, self._row.owner_id)

    @strawberry.field(description="The owner's team.")
    async def team(self, info: Info) -> Team | None:
        """The team."""
        return await _team(info, self._row.team_id)

    @strawberry.field(description="The order winning it created.")
    async def order(self, info: Info) -> Order | None:
        """The order."""
        if self._row.order_id is None:
            return None
        row = await info.context.loaders.get(loaders.order_by_id).load(self._row.order_id)
        return None if row is None else Order.from_row(row)

    @strawberry.field(description="Every stage it passed through, oldest first.")
    async def stage_history(self, info: Info) -> list[StageChangeEntry]:
        """The stage history."""
        rows = await info.context.loaders.get(loaders.stage_changes_by_opportunity_id).load(self._row.id)
        return [StageChangeEntry.from_row(r) for r in rows]

    @strawberry.field(description="The approval request waiting for a director, if any.")
    async def pending_approval(self, info: Info) -> Approval | None:
        """The pending approval."""
        row = await info.context.loaders.get(loaders.pending_approval_by_opportunity_id).load(self._row.id)
        return None if row is None else Approval.from_row(row)


@strawberry.type(description="A customer in the public pool, with only what reps may see before claiming it.")
class PoolCustomer(Node):
    """A pool customer."""

    name: str = strawberry.field(description="Company or person name.")
    kind: str = strawberry.field(description="company or person.")
    grade: Grade | None = strawberry.field(description="A to D.")
    industry: str | None = strawberry.field(description="Industry.")
    province: str | None = strawberry.field(description="Province.")
    city: str | None = strawberry.field(description="City.")
    size: str | None = strawberry.field(description="Company size band.")
    source: str | None = strawberry.field(description="Where the customer came from.")
    in_pool_since: datetime | None = strawberry.field(description="When it entered the pool.")
    last_follow_up_at: datetime | None = strawberry.field(description="The last follow-up before it was released.")
    created_at: datetime = strawberry.field(description="When the customer was created.")
    _row: strawberry.Private[CustomerRow]

    @classmethod
    def from_row(cls, row: CustomerRow) -> PoolCustomer:
        """The restricted view of a pool customer."""
        return cls(
            id=to_global_id("Customer", row.id),
            name=row.name,
            kind=row.kind,
            grade=Grade(row.grade) if row.grade else None,
            industry=row.industry,
            province=row.province,
            city=row.city,
            size=row.size,
            source=row.source,
            in_pool_since=row.in_pool_since,
            last_follow_up_at=row.last_follow_up_at,
            created_at=row.created_at,
            _row=row,
        )


@strawberry.type(description="How a new lead finds its owner; rules are tried in position order.")
class LeadRule(Node):
    """An assignment rule."""

    version: int = strawberry.field(description="Pass back when changing the rule.")
    position: int = strawberry.field(description="Lower positions are tried first.")
    kind: LeadRuleKind = strawberry.field(description="Territory, round robin or least load.")
    province: str | None = strawberry.field(description="Only leads from this province (null: any).")
    source: str | None = strawberry.field(description="Only leads from this source (null: any).")
    active: bool = strawberry.field(description="Inactive rules are skipped.")
    _row: strawberry.Private[models.LeadRule]

    @classmethod
    def from_row(cls, row: models.LeadRule) -> LeadRule:
        """The GraphQL view of a rule."""
        return cls(
            id=to_global_id("LeadRule", row.id),
            version=row.version,
            position=row.position,
            kind=LeadRuleKind(row.kind),
            province=row.province,
            source=row.source,
            active=row.active,
            _row=row,
        )

    @strawberry.field(description="Territory: the rep who gets the leads.")
    async def user(self, info: Info) -> User | None:
        """The rep."""
        return await _user(info, self._row.user_id)

    @strawberry.field(description="The team whose reps share the leads (round robin, least load, team territory).")
    async def team(self, info: Info) -> Team | None:
        """The team."""
        return await _team(info, self._row.team_id)


@strawberry.type(description="Public-pool rules for customers of a grade (null grade: every other customer).")
class PoolRule(Node):
    """A pool rule."""

    version: int = strawberry.field(description="Its version.")
    grade: Grade | None = strawberry.field(description="A to D; null for the default rule.")
    days_without_follow_up: int = strawberry.field(description="N: days without the owner's follow-up.")
    warn_days_before: int = strawberry.field(description="M: the owner is warned this many days before.")
    daily_claim_limit: int = strawberry.field(description="Customers a rep may claim per day.")
    reclaim_cooldown_days: int = strawberry.field(description="K: days before a rep may reclaim one they lost.")
    exempt_from_stage_position: int | None = strawberry.field(
        description="An open deal at this stage position or later keeps the customer (null: no exemption)."
    )

    @classmethod
    def from_row(cls, row: models.PoolRule) -> PoolRule:
        """The GraphQL view of a pool rule."""
        return cls(
            id=to_global_id("PoolRule", row.id),
            version=row.version,
            grade=Grade(row.grade) if row.grade else None,
            days_without_follow_up=row.days_without_follow_up,
            warn_days_before=row.warn_days_before,
            daily_claim_limit=row.daily_claim_limit,
            reclaim_cooldown_days=row.reclaim_cooldown_days,
            exempt_from_stage_position=row.exempt_from_stage_position,
        )


@strawberry.type(description="A revenue target of a rep or a team for a month or a quarter.")
class SalesTarget(Node):
    """A target."""

    version: int = strawberry.field(description="Its version.")
    period: SalesPeriod = strawberry.field(description="Month or quarter.")
    period_start: date = strawberry.field(description="The first day of the period.")
    amount: Decimal = strawberry.field(description="The revenue target (CNY).")
    _row: strawberry.Private[models.SalesTarget]

    @classmethod
    def from_row(cls, row: models.SalesTarget) -> SalesTarget:
        """The GraphQL view of a target."""
        return cls(
            id=to_global_id("SalesTarget", row.id),
            version=row.version,
            period=SalesPeriod(row.period),
            period_start=row.period_start,
            amount=row.amount,
            _row=row,
        )

    @strawberry.field(description="The rep, for a rep's target.")
    async def user(self, info: Info) -> User | None:
        """The rep."""
        return await _user(info, self._row.user_id)

    @strawberry.field(description="The team, for a team's target.")
    async def team(self, info: Info) -> Team | None:
        """The team."""
        return await _team(info, self._row.team_id)


@strawberry.type(description="Sales results of one rep, team, region or month.")
class SalesPerformanceRow:
    """One group of `salesPerformance`."""

    key: str | None = strawberry.field(description="The rep's or team's name, the province, or the month (YYYY-MM).")
    id: strawberry.ID | None = strawberry.field(description="The rep's (User) or team's (Team) global id.")
    won_amount: Decimal = strawberry.field(description="Amount of deals won in the period.")
    won: int = strawberry.field(description="Deals won in the period.")
    lost: int = strawberry.field(description="Deals lost in the period.")
    open: int = strawberry.field(description="Deals opened in the period and still open.")
    win_rate: float | None = strawberry.field(description="won / (won + lost), 0-1.")
    avg_cycle_days: float | None = strawberry.field(description="Average days from opening to winning.")
    leads: int = strawberry.field(description="Leads captured in the period.")
    converted_leads: int = strawberry.field(description="Of those, converted.")
    lead_conversion_rate: float | None = strawberry.field(description="converted / captured, 0-1.")


@strawberry.type(description="A stage's historical win rate.")
class StageWinRate:
    """Of the closed deals that reached the stage, the share won."""

    stage_key: str = strawberry.field(description="The stage's key.")
    rate: float = strawberry.field(description="0-1.")


@strawberry.type(description="The pipeline expected to close in a period, weighted two ways, against the target.")
class SalesForecast:
    """`salesForecast`."""

    period_start: date = strawberry.field(description="First day of the period.")
    period_end: date = strawberry.field(description="First day after it.")
    open_count: int = strawberry.field(description="Open deals expected to close in the period (or undated).")
    open_amount: Decimal = strawberry.field(description="Their amount.")
    weighted_by_probability: Decimal = strawberry.field(description="Sum of amount x stage probability.")
    weighted_by_history: Decimal = strawberry.field(description="Sum of amount x the stage's historical win rate.")
    won_amount: Decimal = strawberry.field(description="Already won in the period.")
    target: Decimal | None = strawberry.field(description="Your target (yours, your team's, or the company's).")
    attainment: float | None = strawberry.field(description="won / target, 0-1 and beyond.")
    projected_attainment: float | None = strawberry.field(description="(won + weighted by probability) / target.")
    stage_win_rates: list[StageWinRate] = strawberry.field(description="Historical win rate per stage.")


@strawberry.type(description="One step of the sales funnel.")
class FunnelStep:
    """Deals that reached a stage."""

    stage_key: str = strawberry.field(description="The stage's key.")
    stage_name: str = strawberry.field(description="The stage's name.")
    reached: int = strawberry.field(description="Deals opened in the period that reached this stage (or later).")
    amount: Decimal = strawberry.field(description="Their amount.")
    to_next: float | None = strawberry.field(description="Share that reached the next stage, 0-1.")


async def _lead_node(context: Any, raw_id: uuid.UUID) -> Lead | None:
    row = await context.loaders.scoped(loaders.lead_by_id).load(raw_id)
    return None if row is None else Lead.from_row(row)


async def _opportunity_node(context: Any, raw_id: uuid.UUID) -> Opportunity | None:
    row = await context.loaders.scoped(loaders.opportunity_by_id).load(raw_id)
    return None if row is None else Opportunity.from_row(row)


register_node("Lead", _lead_node)
register_node("Opportunity", _opportunity_node)

# The customer timeline's union names these two types lazily (customers cannot import sales). Strawberry
# resolves lazy references it meets in field annotations into the module's namespace, but not ones nested in a
# union, so put them there ourselves.
vars(customer_types).update(StageChangeEntry=StageChangeEntry, PoolMovementEntry=PoolMovementEntry)

"""GraphQL types of the customer graph."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated

import strawberry

from rapport.core.authz.reveal import reveal, reveal_one
from rapport.customers import loaders, models
from rapport.customers.enums import (
    CustomerKind,
    CustomerStatus,
    Gender,
    Grade,
    MaritalStatus,
    PoolStatus,
    RfmSegment,
    RiskLevel,
    enum_or_none,
)
from rapport.customers.repository import CustomerRow
from rapport.customers.repository import OrderSummary as OrderSummaryRow
from rapport.customers.service import decrypt_list, decrypt_value
from rapport.customers.timeline import TimelineRow
from rapport.graphql.context import Info
from rapport.graphql.loaders import child_pages
from rapport.graphql.node import Node, register_node, to_global_id
from rapport.graphql.types import (
    After,
    Connection,
    First,
    build_connection,
    decode_time_cursor,
    page_size,
    time_cursor,
)
from rapport.identity import loaders as identity_loaders
from rapport.identity.types import Team, User

if TYPE_CHECKING:
    from rapport.activities.types import Activity, Task
    from rapport.sales.types import Lead, Opportunity, PoolMovementEntry, StageChangeEntry
    from rapport.support.types import Ticket

ActivityRef = Annotated["Activity", strawberry.lazy("rapport.activities.types")]
TicketRef = Annotated["Ticket", strawberry.lazy("rapport.support.types")]
TaskRef = Annotated["Task", strawberry.lazy("rapport.activities.types")]
OpportunityRef = Annotated["Opportunity", strawberry.lazy("rapport.sales.types")]
LeadRef = Annotated["Lead", strawberry.lazy("rapport.sales.types")]
StageChangeRef = Annotated["StageChangeEntry", strawberry.lazy("rapport.sales.types")]
PoolMovementRef = Annotated["PoolMovementEntry", strawberry.lazy("rapport.sales.types")]


@strawberry.type(description="A label on customers.")
class Tag(Node):
    """A tag."""

    name: str = strawberry.field(description="The tag's text.")
    color: str = strawberry.field(description="Display colour (an Ant Design colour name).")

    @classmethod
    def from_row(cls, row: models.Tag) -> Tag:
        """The GraphQL view of a tag."""
        return cls(id=to_global_id("Tag", row.id), name=row.name, color=row.color)


@strawberry.type(description="A person at a customer; phones are E.164, emails lower case.")
class Contact(Node):
    """A contact."""

    version: int = strawberry.field(description="Pass back when changing the contact (optimistic locking).")
    name: str = strawberry.field(description="Full name.")
    title: str | None = strawberry.field(description="Job title.")
    is_primary: bool = strawberry.field(description="The customer's main contact.")
    created_at: datetime = strawberry.field(description="When the contact was added.")
    updated_at: datetime = strawberry.field(description="When the contact last changed.")
    _row: strawberry.Private[models.Contact]

    @classmethod
    def from_row(cls, row: models.Contact) -> Contact:
        """The GraphQL view of a contact."""
        return cls(
            id=to_global_id("Contact", row.id),
            version=row.version,
            name=row.name,
            title=row.title,
            is_primary=row.is_primary,
            created_at=row.created_at,
            updated_at=row.updated_at,
            _row=row,
        )

    @strawberry.field(description="Phone numbers in E.164 form, e.g. +8613812345678 (masked: 138****5678).")
    def phones(self, info: Info) -> list[str]:
        """Phones as the caller may see them."""
        values = decrypt_list(self._row.phones_enc, table="contact", column="phones", row_id=self._row.id)
        return reveal(info.context, "Contact.phones", values, ("Customer", self._row.customer_id))

    @strawberry.field(description="Email addresses, lower case (masked: z***@example.com).")
    def emails(self, info: Info) -> list[str]:
        """Emails as the caller may see them."""
        values = decrypt_list(self._row.emails_enc, table="contact", column="emails", row_id=self._row.id)
        return reveal(info.context, "Contact.emails", values, ("Customer", self._row.customer_id))

    @strawberry.field(description="The customer this contact belongs to.")
    async def customer(self, info: Info) -> Customer | None:
        """The contact's customer."""
        row = await info.context.loaders.scoped(loaders.customer_by_id).load(self._row.customer_id)
        return None if row is None else Customer.from_row(row)


@strawberry.type(description="A purchase by a customer.")
class Order(Node):
    """An order."""

    number: str = strawberry.field(description="Human-readable order number.")
    channel: str = strawberry.field(description="Where it was bought: online, store, phone, wechat, partner.")
    status: str = strawberry.field(description="pending, paid, shipped, completed, cancelled or refunded.")
    ordered_at: datetime = strawberry.field(description="When it was ordered.")
    total_amount: Decimal = strawberry.field(description="Order total.")
    currency: str = strawberry.field(description="ISO 4217 currency, e.g. CNY.")
    _customer_id: strawberry.Private[uuid.UUID]

    @classmethod
    def from_row(cls, row: models.Order) -> Order:
        """The GraphQL view of an order row."""
        return cls(
            id=to_global_id("Order", row.id),
            number=row.number,
            channel=row.channel,
            status=row.status,
            ordered_at=row.ordered_at,
            total_amount=row.total_amount,
            currency=row.currency,
            _customer_id=row.customer_id,
        )

    @classmethod
    def from_data(cls, data: dict[str, object]) -> Order:
        """An order from its JSON row (as the timeline returns it)."""
        return cls(
            id=to_global_id("Order", uuid.UUID(str(data["id"]))),
            number=str(data["number"]),
            channel=str(data["channel"]),
            status=str(data["status"]),
            ordered_at=datetime.fromisoformat(str(data["ordered_at"])),
            total_amount=Decimal(str(data["total_amount"])),
            currency=str(data["currency"]),
            _customer_id=uuid.UUID(str(data["customer_id"])),
        )

    @strawberry.field(description="The customer who ordered.")
    async def customer(self, info: Info) -> Customer | None:
        """The order's customer."""
        row = await info.context.loaders.scoped(loaders.customer_by_id).load(self._customer_id)
        return None if row is None else Customer.from_row(row)


TimelineEntry = Annotated[
    ActivityRef | Order | TicketRef | StageChangeRef | PoolMovementRef,
    strawberry.union("TimelineEntry", description="One entry of a customer's timeline."),
]


@strawberry.type(description="Purchase totals of a customer (paid, shipped and completed orders).")
class OrderSummary:
    """Order totals."""

    count: int = strawberry.field(description="Number of orders.")
    total_amount: Decimal = strawberry.field(description="Sum of order totals.")
    average_amount: Decimal = strawberry.field(description="Average order total (0 without orders).")
    first_order_at: datetime | None = strawberry.field(description="First order.")
    last_order_at: datetime | None = strawberry.field(description="Latest order.")

    @classmethod
    def from_summary(cls, s: OrderSummaryRow) -> OrderSummary:
        """From the repository's totals."""
        average = (s.total / s.count).quantize(Decimal("0.01")) if s.count else Decimal("0.00")
        return cls(
            count=s.count,
            total_amount=s.total,
            average_amount=average,
            first_order_at=s.first_order_at,
            last_order_at=s.last_order_at,
        )


@strawberry.type(description="Recency, frequency and monetary value, scored in quintiles (5 is best).")
class Rfm:
    """RFM scores."""

    recency_days: int | None = strawberry.field(description="Days since the last purchase.")
    frequency: int = strawberry.field(description="Number of purchases.")
    monetary: Decimal = strawberry.field(description="Total spent.")
    r_score: int | None = strawberry.field(description="Recency quintile, 1-5.")
    f_score: int | None = strawberry.field(description="Frequency quintile, 1-5.")
    m_score: int | None = strawberry.field(description="Monetary quintile, 1-5.")
    score: int | None = strawberry.field(description="R + F + M, 3-15.")
    segment: RfmSegment = strawberry.field(description="The segment the scores put the customer in.")
    computed_at: datetime = strawberry.field(description="When the scores were computed.")


@strawberry.type(description="A customer's revenue rank.")
class ContributionRank:
    """Revenue ranks."""

    overall: int | None = strawberry.field(description="Rank among all buying customers (1 = most revenue).")
    within_region: int | None = strawberry.field(description="Rank within the customer's province.")


@strawberry.type(description="A customer: a company or a person, with everything known about them.")
class Customer(Node):
    """A customer."""

    version: int = strawberry.field(description="Pass back when changing the customer (optimistic locking).")
    kind: CustomerKind = strawberry.field(description="Company or person.")
    name: str = strawberry.field(description="Company or person name.")
    status: CustomerStatus = strawberry.field(description="Prospect, active, dormant or lost.")
    grade: Grade | None = strawberry.field(description="A to D.")
    source: str | None = strawberry.field(description="Where the customer came from.")
    industry: str | None = strawberry.field(description="Industry.")
    province: str | None = strawberry.field(description="Province or state.")
    city: str | None = strawberry.field(description="City.")
    size: str | None = strawberry.field(description="Company size band, e.g. 50-199.")
    gender: Gender | None = strawberry.field(description="Persons: gender.")
    birth_date: date | None = strawberry.field(description="Persons: date of birth.")
    occupation: str | None = strawberry.field(description="Persons: occupation.")
    education: str | None = strawberry.field(description="Persons: education.")
    marital_status: MaritalStatus | None = strawberry.field(description="Persons: marital status.")
    credit_rating: str | None = strawberry.field(description="Credit rating, e.g. AAA.")
    risk_level: RiskLevel | None = strawberry.field(description="Risk level.")
    pool_status: PoolStatus = strawberry.field(description="Private, or in the public pool.")
    owned_since: datetime | None = strawberry.field(description="When the current owner got the customer.")
    last_follow_up_at: datetime | None = strawberry.field(description="The owner's latest follow-up activity.")
    last_activity_at: datetime | None = strawberry.field(description="The latest activity by anyone.")
    archived_at: datetime | None = strawberry.field(description="When archived (or merged); null while active.")
    created_at: datetime = strawberry.field(description="When the customer was created.")
    updated_at: datetime = strawberry.field(description="When the customer last changed.")
    _row: strawberry.Private[models.Customer]
    _score: strawberry.Private[models.CustomerScore | None]

    @classmethod
    def from_row(cls, record: CustomerRow) -> Customer:
        """The GraphQL view of a customer row and its scores."""
        row, score = record
        return cls(
            id=to_global_id("Customer", row.id),
            version=row.version,
            kind=CustomerKind(row.kind),
            name=row.name,
            status=CustomerStatus(row.status),
            grade=enum_or_none(Grade, row.grade),  # type: ignore[arg-type]
            source=row.source,
            industry=row.industry,
            province=row.province,
            city=row.city,
            size=row.size,
            gender=enum_or_none(Gender, row.gender),  # type: ignore[arg-type]
            birth_date=row.birth_date,
            occupation=row.occupation,
            education=row.education,
            marital_status=enum_or_none(MaritalStatus, row.marital_status),  # type: ignore[arg-type]
            credit_rating=row.credit_rating,
            risk_level=enum_or_none(RiskLevel, row.risk_level),  # type: ignore[arg-type]
            pool_status=PoolStatus(row.pool_status),
            owned_since=row.owned_since,
            last_follow_up_at=row.last_follow_up_at,
            last_activity_at=row.last_activity_at,
            archived_at=row.archived_at,
            created_at=row.created_at,
            updated_at=row.updated_at,
            _row=row,
            _score=score,
        )

    @strawberry.field(description="Persons: national ID number (sensitive; masked: all but the last 4).")
    def id_number(self, info: Info) -> str | None:
        """The ID number as the caller may see it."""
        value = decrypt_value(self._row.id_number_enc, table="customer", column="id_number", row_id=self._row.id)
        return reveal_one(info.context, "Customer.idNumber", value, ("Customer", self._row.id))

    @strawberry.field(description="Street address (sensitive; masked: district only).")
    def address(self, info: Info) -> str | None:
        """The address as the caller may see it."""
        value = decrypt_value(self._row.address_enc, table="customer", column="address", row_id=self._row.id)
        return reveal_one(info.context, "Customer.address", value, ("Customer", self._row.id))

    @strawberry.field(description="The sales rep who owns the customer; null in the public pool.")
    async def owner(self, info: Info) -> User | None:
        """The owner."""
        if self._row.owner_id is None:
            return None
        row = await info.context.loaders.get(identity_loaders.user_by_id).load(self._row.owner_id)
        return None if row is None else User.from_row(row)

    @strawberry.field(description="The team the customer belongs to.")
    async def team(self, info: Info) -> Team | None:
        """The team."""
        if self._row.team_id is None:
            return None
        row = await info.context.loaders.get(identity_loaders.team_by_id).load(self._row.team_id)
        return None if row is None else Team.from_row(row)

    @strawberry.field(description="For a merged duplicate: the customer it was merged into.")
    async def merged_into(self, info: Info) -> Customer | None:
        """The survivor of a merge."""
        if self._row.merged_into_id is None:
            return None
        row = await info.context.loaders.scoped(loaders.customer_by_id).load(self._row.merged_into_id)
        return None if row is None else Customer.from_row(row)

    @strawberry.field(description="Tags, by name.")
    async def tags(self, info: Info) -> list[Tag]:
        """The customer's tags."""
        return [Tag.from_row(t) for t in await info.context.loaders.get(loaders.tags_by_customer_id).load(self._row.id)]

    @strawberry.field(description="Contacts, the primary one first.")
    async def contacts(self, info: Info) -> list[Contact]:
        """The customer's contacts."""
        rows = await info.context.loaders.get(loaders.contacts_by_customer_id).load(self._row.id)
        return [Contact.from_row(c) for c in rows]

    @strawberry.field(description="Activities, newest first.")
    async def activities(self, info: Info, first: First = None, after: After = None) -> Connection[ActivityRef]:
        """A page of the customer's activities."""
        from rapport.activities.loaders import activities_page_by_customer_id, activity_count_by_customer_id
        from rapport.activities.types import Activity

        size, position = page_size(first), decode_time_cursor(after)
        rows = await child_pages(info.context.loaders, activities_page_by_customer_id, lambda a: a.customer_id).load(
            (self._row.id, position, size + 1)
        )
        return build_connection(
            rows,
            size,
            to_node=Activity.from_row,
            cursor_of=lambda a: time_cursor(a.occurred_at, a.id),
            has_previous=position is not None,
            count=lambda: info.context.loaders.get(activity_count_by_customer_id).load(self._row.id),
        )

    @strawberry.field(description="Orders, newest first.")
    async def orders(self, info: Info, first: First = None, after: After = None) -> Connection[Order]:
        """A page of the customer's orders."""
        size, position = page_size(first), decode_time_cursor(after)
        rows = await child_pages(
            info.context.loaders, loaders.orders_page_by_customer_id, lambda o: o.customer_id
        ).load((self._row.id, position, size + 1))
        return build_connection(
            rows,
            size,
            to_node=Order.from_row,
            cursor_of=lambda o: time_cursor(o.ordered_at, o.id),
            has_previous=position is not None,
            count=lambda: info.context.loaders.get(loaders.order_count_by_customer_id).load(self._row.id),
        )

    @strawberry.field(
        description="Activities, orders, tickets, opportunity stage changes and public-pool movements, newest first."
    )
    async def timeline(self, info: Info, first: First = None, after: After = None) -> Connection[TimelineEntry]:
        """A page of the merged timeline."""
        size, position = page_size(first), decode_time_cursor(after)
        rows = await child_pages(
            info.context.loaders, loaders.timeline_page_by_customer_id, lambda r: r.customer_id
        ).load((self._row.id, position, size + 1))
        return build_connection(
            rows,
            size,
            to_node=timeline_entry,
            cursor_of=lambda r: time_cursor(r.at, r.id),
            has_previous=position is not None,
            count=lambda: info.context.loaders.scoped(loaders.timeline_count_by_customer_id).load(self._row.id),
        )

    @strawberry.field(description="Tasks about this customer, soonest due first.")
    async def tasks(
        self,
        info: Info,
        open_only: Annotated[bool, strawberry.argument(description="Only tasks not done yet.")] = True,
    ) -> list[TaskRef]:
        """The customer's tasks."""
        from rapport.activities import loaders as activity_loaders
        from rapport.activities.types import Task

        loader = activity_loaders.open_tasks_by_customer_id if open_only else activity_loaders.tasks_by_customer_id
        return [Task.from_row(t) for t in await info.context.loaders.get(loader).load(self._row.id)]

    @strawberry.field(description="Service tickets of this customer you may see, newest first (at most 50).")
    async def tickets(
        self, info: Info, open_only: Annotated[bool, strawberry.argument(description="Only open tickets.")] = False
    ) -> list[TicketRef]:
        """The customer's tickets."""
        from rapport.support.loaders import tickets_by_customer_id
        from rapport.support.types import Ticket

        rows = await info.context.loaders.scoped(tickets_by_customer_id).load((self._row.id, open_only))
        return [Ticket.from_row(t) for t in rows]

    @strawberry.field(description="Opportunities with this customer you may see, newest first (at most 50).")
    async def opportunities(self, info: Info) -> list[OpportunityRef]:
        """The customer's deals."""
        from rapport.sales.loaders import opportunities_by_customer_id
        from rapport.sales.types import Opportunity

        rows = await info.context.loaders.scoped(opportunities_by_customer_id).load(self._row.id)
        return [Opportunity.from_row(r) for r in rows]

    @strawberry.field(description="Leads that matched or were converted into this customer, newest first (at most 50).")
    async def leads(self, info: Info) -> list[LeadRef]:
        """The customer's leads."""
        from rapport.sales.loaders import leads_by_customer_id
        from rapport.sales.types import Lead

        rows = await info.context.loaders.scoped(leads_by_customer_id).load(self._row.id)
        return [Lead.from_row(r) for r in rows]

    @strawberry.field(
        description="Days (rounded up) before the customer returns to the public pool unless its owner follows up; "
        "null in the pool, without an owner, or while an open deal exempts it."
    )
    async def pool_days_left(self, info: Info) -> int | None:
        """Days left before the public pool."""
        from rapport.sales.loaders import pool_days_left_by_customer

        return await info.context.loaders.get(pool_days_left_by_customer).load(self._row)

    @strawberry.field(description="Purchase totals.")
    async def order_summary(self, info: Info) -> OrderSummary:
        """Order totals."""
        summary = await info.context.loaders.get(loaders.order_summary_by_customer_id).load(self._row.id)
        return OrderSummary.from_summary(summary)

    @strawberry.field(
        description="RFM scores and segment (refreshed daily and after imports); null before the first run."
    )
    def rfm(self) -> Rfm | None:
        """RFM scores."""
        s = self._score
        if s is None:
            return None
        total = (
            None if s.r_score is None or s.f_score is None or s.m_score is None else s.r_score + s.f_score + s.m_score
        )
        return Rfm(
            recency_days=s.recency_days,
            frequency=s.frequency,
            monetary=s.monetary,
            r_score=s.r_score,
            f_score=s.f_score,
            m_score=s.m_score,
            score=total,
            segment=RfmSegment(s.segment),
            computed_at=s.computed_at,
        )

    @strawberry.field(description="Total revenue from this customer (paid, shipped and completed orders).")
    async def lifetime_value(self, info: Info) -> Decimal:
        """Lifetime revenue."""
        summary = await info.context.loaders.get(loaders.order_summary_by_customer_id).load(self._row.id)
        return summary.total

    @strawberry.field(description="Revenue rank overall and within the province (as of the last score refresh).")
    def contribution_rank(self) -> ContributionRank:
        """Revenue ranks."""
        s = self._score
        return ContributionRank(
            overall=s.revenue_rank if s else None, within_region=s.region_revenue_rank if s else None
        )


def timeline_entry(row: TimelineRow) -> ActivityRef | Order | TicketRef | StageChangeRef | PoolMovementRef:
    """The GraphQL object of a timeline row."""
    if row.kind == "order":
        return Order.from_data(row.data)
    if row.kind in ("stage_change", "pool_movement"):
        from rapport.sales.types import PoolMovementEntry, StageChangeEntry

        if row.kind == "stage_change":
            return StageChangeEntry.from_data(row.data)
        return PoolMovementEntry.from_data(row.data)
    if row.kind == "ticket":
        from rapport.support.types import Ticket

        return Ticket.from_data(row.data)
    from rapport.activities.types import Activity

    return Activity.from_data(row.data)


async def _customer_node(context: object, raw_id: uuid.UUID) -> Customer | None:
    row = await context.loaders.scoped(loaders.customer_by_id).load(raw_id)  # type: ignore[attr-defined]
    return None if row is None else Customer.from_row(row)


async def _contact_node(context: object, raw_id: uuid.UUID) -> Contact | None:
    row = await context.loaders.scoped(loaders.contact_by_id).load(raw_id)  # type: ignore[attr-defined]
    return None if row is None else Contact.from_row(row)


register_node("Customer", _customer_node)
register_node("Contact", _contact_node)

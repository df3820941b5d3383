"""GraphQL types of the customer graph, each field declared once (`rapport.graphql.declare`)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import strawberry
from sqlalchemy import Date, cast, func

from rapport.core import clock
from rapport.customers import ages, loaders, models
from rapport.customers.enums import (
    CustomerKind,
    CustomerStatus,
    DuplicateReason,
    Gender,
    Grade,
    MaritalStatus,
    PoolStatus,
    RfmSegment,
    RiskLevel,
)
from rapport.customers.repository.duplicates import DuplicateRow
from rapport.customers.repository.reads import (
    customer_contacts,
    customer_of,
    customer_order_totals,
    customer_orders,
    customer_ranks,
    customer_score,
    customer_tags,
)
from rapport.customers.timeline import TimelineEntry, member_types, timeline_entry, timeline_rows
from rapport.graphql.context import Info
from rapport.graphql.declare import (
    NOW,
    FromRow,
    Merged,
    Relation,
    Sensitive,
    column,
    expression,
    merged,
    relation,
    sensitive,
    through,
)
from rapport.graphql.kit import node_fetcher
from rapport.graphql.loaders import child_pages
from rapport.graphql.node import Node
from rapport.graphql.types import (
    After,
    Connection,
    First,
    build_connection,
    decode_time_cursor,
    page_size,
    time_cursor,
)
from rapport.identity.types import Team, User, team_of, user_of


@strawberry.type(description="A label on customers.")
class Tag(Node, FromRow):
    """A tag."""

    name: str = strawberry.field(description="The tag's text.")
    color: str = strawberry.field(description="Display colour (an Ant Design colour name).")


@strawberry.type(description="A person at a customer; phones are E.164, emails lower case.")
class Contact(Node, FromRow):
    """A contact."""

    version: int = strawberry.field(description="Pass back when changing the contact (optimistic locking).")
    name: str = strawberry.field(description="Full name.")
    title: str | None = strawberry.field(description="Job title.")
    is_primary: bool = strawberry.field(description="The customer's main contact.")
    language: str = strawberry.field(description="The language Rapport writes to them in: zh-CN or en.")
    time_zone: str | None = strawberry.field(
        description="Where they live, an IANA time zone (marketing's quiet hours are theirs); null: the marketing "
        "settings' time zone."
    )
    created_at: datetime = strawberry.field(description="When the contact was added.")
    updated_at: datetime = strawberry.field(description="When the contact last changed.")
    _row: strawberry.Private[models.Contact]

    @sensitive(
        Sensitive("Contact.phones", "phones_enc", "contact", "phones", True, "customer_id"),
        description="Phone numbers in E.164 form, e.g. +8613812345678 (masked: 138****5678).",
    )
    def phones(self, info: Info) -> list[str]:
        """Phones as the caller may see them."""

    @sensitive(
        Sensitive("Contact.emails", "emails_enc", "contact", "emails", True, "customer_id"),
        description="Email addresses, lower case (masked: z***@example.com).",
    )
    def emails(self, info: Info) -> list[str]:
        """Emails as the caller may see them."""

    @relation(
        Relation("Customer", "one", customer_of("customer_id")), description="The customer this contact belongs to."
    )
    async def customer(self, info: Info) -> Customer | None:
        """The contact's customer."""


@strawberry.type(description="Something the company sells.")
class Product(Node, FromRow):
    """A product of the catalogue."""

    sku: str = strawberry.field(description="Stock-keeping unit, unique.")
    name: str = strawberry.field(description="Name.")
    category: str | None = strawberry.field(description="Category.")
    unit_price: Decimal = strawberry.field(description="List price per unit (CNY).")
    active: bool = strawberry.field(description="Still sold (inactive products are not offered on new deals).")
    _row: strawberry.Private[models.Product]


@strawberry.type(description="A purchase by a customer.")
class Order(Node, FromRow):
    """An order."""

    number: str = strawberry.field(description="Human-readable order number.")
    channel: str = strawberry.field(description="Where it was bought: online, store, phone, wechat, partner.")
    status: str = strawberry.field(description="pending, paid, shipped, completed, cancelled or refunded.")
    ordered_at: datetime = strawberry.field(description="When it was ordered.")
    total_amount: Decimal = strawberry.field(description="Order total.")
    currency: str = strawberry.field(description="ISO 4217 currency, e.g. CNY.")
    external_id: str | None = strawberry.field(
        description="The order's id in the system it came from (ERP, shop); unique; `ordersUpsert` finds by it."
    )
    _row: strawberry.Private[models.Order]

    @relation(Relation("Customer", "one", customer_of("customer_id")), description="The customer who ordered.")
    async def customer(self, info: Info) -> Customer | None:
        """The order's customer."""


@strawberry.type(description="Purchase totals of a customer (paid, shipped and completed orders).")
class OrderSummary(FromRow):
    """Order totals (a row of `CustomerOrderTotals`)."""

    count: int = strawberry.field(description="Number of orders.")
    total_amount: Decimal = strawberry.field(description="Sum of order totals.")
    average_amount: Decimal = strawberry.field(description="Average order total (0 without orders).")
    first_order_at: datetime | None = strawberry.field(description="First order.")
    last_order_at: datetime | None = strawberry.field(description="Latest order.")


def _rfm_total(score: Any) -> Any:
    """R + F + M (null while one of them is): the same sum in SQL and from a loaded row."""
    if score.r_score is None or score.f_score is None or score.m_score is None:
        return None
    return score.r_score + score.f_score + score.m_score


@strawberry.type(description="Recency, frequency and monetary value, scored in quintiles (5 is best).")
class Rfm(FromRow):
    """RFM scores (a row of `CustomerScore`)."""

    recency_days: int | None = strawberry.field(description="Days since the last purchase.")
    frequency: int = strawberry.field(description="Number of purchases.")
    monetary: Decimal = strawberry.field(description="Total spent.")
    r_score: int | None = strawberry.field(description="Recency quintile, 1-5.")
    f_score: int | None = strawberry.field(description="Frequency quintile, 1-5.")
    m_score: int | None = strawberry.field(description="Monetary quintile, 1-5.")
    score: int | None = expression(
        lambda s: s.r_score + s.f_score + s.m_score, _rfm_total, description="R + F + M, 3-15."
    )
    segment: RfmSegment = strawberry.field(description="The segment the scores put the customer in.")
    computed_at: datetime = strawberry.field(description="When the scores were computed.")


@strawberry.type(description="A customer's revenue rank.")
class ContributionRank(FromRow):
    """Revenue ranks (a row of `CustomerRanks`)."""

    overall: int | None = column("revenue_rank", description="Rank among all buying customers (1 = most revenue).")
    within_region: int | None = column("region_revenue_rank", description="Rank within the customer's province.")


#: A customer's purchase totals: `orderSummary`, and `lifetimeValue` from the same batch.
ORDER_TOTALS = Relation("OrderSummary", "one", customer_order_totals)


@strawberry.type(description="A customer: a company or a person, with everything known about them.")
class Customer(Node, FromRow):
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
    external_id: str | None = strawberry.field(
        description="The customer's id in another system (ERP, shop, old CRM); unique; `customerUpsert` finds by it."
    )
    _row: strawberry.Private[models.Customer]
    age_band: str | None = expression(
        # Both read today's date from the same clock: the SQL binds it per request (declare.NOW).
        lambda row: ages.age_band_sql(row.birth_date, cast(func.timezone("UTC", NOW), Date)),
        lambda row: ages.age_band(row.birth_date, clock.now().date()),
        description="Persons: age band of the birth date today (<25 ... 55+).",
    )

    @sensitive(
        Sensitive("Customer.idNumber", "id_number_enc", "customer", "id_number", False, "id"),
        description="Persons: national ID number (sensitive; masked: all but the last 4).",
    )
    def id_number(self, info: Info) -> str | None:
        """The ID number as the caller may see it."""

    @sensitive(
        Sensitive("Customer.address", "address_enc", "customer", "address", False, "id"),
        description="Street address (sensitive; masked: district only).",
    )
    def address(self, info: Info) -> str | None:
        """The address as the caller may see it."""

    @relation(
        Relation("User", "one", user_of("owner_id")),
        description="The sales rep who owns the customer; null in the public pool.",
    )
    async def owner(self, info: Info) -> User | None:
        """The owner."""

    @relation(Relation("Team", "one", team_of("team_id")), description="The team the customer belongs to.")
    async def team(self, info: Info) -> Team | None:
        """The team."""

    @relation(
        Relation("Customer", "one", customer_of("merged_into_id")),
        description="For a merged duplicate: the customer it was merged into.",
    )
    async def merged_into(self, info: Info) -> Customer | None:
        """The survivor of a merge."""

    @relation(Relation("Tag", "list", customer_tags), description="Tags, by name.")
    async def tags(self, info: Info) -> list[Tag]:
        """The customer's tags."""

    @relation(Relation("Contact", "list", customer_contacts), description="Contacts, the primary one first.")
    async def contacts(self, info: Info) -> list[Contact]:
        """The customer's contacts."""

    @relation(
        Relation("Order", "connection", customer_orders, compiled=frozenset({"first", "after"})),
        description="Orders, newest first.",
    )
    async def orders(self, info: Info, first: First = None, after: After = None) -> Connection[Order]:
        """A page of the customer's orders."""

    @merged(
        Merged("TimelineEntry", timeline_rows, member_types, compiled=frozenset({"first", "after"})),
        description="Activities, orders, tickets, opportunity stage changes and public-pool movements, newest first.",
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

    @relation(ORDER_TOTALS, description="Purchase totals.")
    async def order_summary(self, info: Info) -> OrderSummary:
        """Order totals."""

    @relation(
        Relation("Rfm", "one", customer_score),
        description="RFM scores and segment (refreshed daily and after imports); null before the first run.",
    )
    async def rfm(self, info: Info) -> Rfm | None:
        """RFM scores."""

    @through(
        ORDER_TOTALS,
        "total_amount",
        description="Total revenue from this customer (paid, shipped and completed orders).",
    )
    async def lifetime_value(self, info: Info) -> Decimal:
        """Lifetime revenue: the order summary's total."""

    @relation(
        Relation("ContributionRank", "one", customer_ranks),
        description="Revenue rank overall and within the province (as of the last score refresh).",
    )
    async def contribution_rank(self, info: Info) -> ContributionRank:
        """Revenue ranks."""


#: `node(id)` of a customer the caller may see (a merged duplicate's tombstone included), and of a contact.
customer_node = node_fetcher(loaders.customer_by_id, Customer.from_row)
contact_node = node_fetcher(loaders.contact_by_id, Contact.from_row)
#: `node(id)` of the customer graph's types (listed in its manifest).
NODES = {"Customer": customer_node, "Contact": contact_node}


@strawberry.type(description="A likely duplicate of a customer.")
class CustomerDuplicate(FromRow):
    """A candidate and the evidence."""

    reasons: list[DuplicateReason] = strawberry.field(description="Why it looks like the same one.")
    score: float = strawberry.field(description="Confidence from 0 to 1 (1: a shared phone or email).")
    trade_name: str | None = strawberry.field(
        description="The trade name both names share once region, industry and legal form are set aside "
        "(e.g. 华为 in 上海华为技术有限公司 and 华为技术(上海)有限公司); null when the names played no part."
    )
    _row: strawberry.Private[DuplicateRow]

    @relation(Relation("Customer", "one", customer_of("id")), description="The other customer.")
    async def customer(self, info: Info) -> Customer:
        """The other customer (always one the caller may see)."""

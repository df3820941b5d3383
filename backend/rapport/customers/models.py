"""Tables of the customer graph."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import (
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    Numeric,
    SmallInteger,
    String,
    Table,
    Text,
    Uuid,
    and_,
    cast,
    func,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from rapport.core.db import GIN_WITH, Base, IdMixin, VersionedMixin

MONEY = Numeric(14, 2)
#: Order statuses that count as revenue.
REVENUE_STATUSES = ("paid", "shipped", "completed")


class CustomerKind(StrEnum):
    """A company (with contacts) or a person (who is their own primary contact)."""

    COMPANY = "company"
    PERSON = "person"


class CustomerStatus(StrEnum):
    """Where the relationship stands."""

    PROSPECT = "prospect"
    ACTIVE = "active"
    DORMANT = "dormant"
    LOST = "lost"


class PoolStatus(StrEnum):
    """Private (owned by a rep) or in the public pool."""

    PRIVATE = "private"
    PUBLIC = "public"


def _check_in(column: str, enum: type[StrEnum]) -> CheckConstraint:
    values = ", ".join(f"'{v.value}'" for v in enum)
    return CheckConstraint(f"{column} IN ({values})", name=f"{column}_valid")


class Customer(IdMixin, VersionedMixin, Base):
    """A customer: company or person, owned by a rep or in the public pool."""

    __tablename__ = "customer"
    __table_args__ = (
        _check_in("kind", CustomerKind),
        _check_in("status", CustomerStatus),
        _check_in("pool_status", PoolStatus),
        CheckConstraint("grade IN ('A', 'B', 'C', 'D')", name="grade_valid"),
        Index("ix_customer_search_tokens", "search_tokens", postgresql_using="gin", postgresql_with=GIN_WITH),
        Index("ix_customer_trade_grams", "trade_grams", postgresql_using="gin", postgresql_with=GIN_WITH),
        Index("ix_customer_trade_name", "trade_name"),
        Index("ix_customer_owner_created", "owner_id", "created_at"),
        Index("ix_customer_created_at_id", "created_at", "id"),
        Index("ix_customer_name_id", "name", "id"),
        # The pool watchlist's first cut (`rapport.sales.pool.repository.PoolDeadline.near`): customers whose last
        # stored contact is old enough, per owner and for every owner. Not partial: the compiled statement binds
        # its pool status, which a generic plan cannot match to an index's predicate.
        Index("ix_customer_owner_contact", "owner_id", text("coalesce(last_follow_up_at, owned_since, created_at)")),
        Index("ix_customer_contact", text("coalesce(last_follow_up_at, owned_since, created_at)")),
        Index(
            "ix_customer_public_pool",
            text("coalesce(in_pool_since, created_at)"),
            "id",
            postgresql_where=text("pool_status = 'public'"),
        ),
        Index("ux_customer_external_id", "external_id", unique=True, postgresql_where=text("external_id IS NOT NULL")),
        # The live customers' ids alone: segment counts scan them index-only (migration 0036).
        Index("ix_customer_live_id", "id", postgresql_where=text("merged_into_id IS NULL AND archived_at IS NULL")),
    )

    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16), default=CustomerStatus.PROSPECT.value)
    grade: Mapped[str | None] = mapped_column(String(1))
    source: Mapped[str | None] = mapped_column(String(64))
    industry: Mapped[str | None] = mapped_column(String(64), index=True)
    province: Mapped[str | None] = mapped_column(String(64), index=True)
    city: Mapped[str | None] = mapped_column(String(64))
    size: Mapped[str | None] = mapped_column(String(16))
    gender: Mapped[str | None] = mapped_column(String(16))
    birth_date: Mapped[date | None] = mapped_column(Date)
    occupation: Mapped[str | None] = mapped_column(String(64))
    education: Mapped[str | None] = mapped_column(String(64))
    marital_status: Mapped[str | None] = mapped_column(String(16))
    credit_rating: Mapped[str | None] = mapped_column(String(8))
    risk_level: Mapped[str | None] = mapped_column(String(16))
    id_number_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    address_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    owner_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    team_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("team.id", ondelete="SET NULL"), index=True)
    pool_status: Mapped[str] = mapped_column(String(16), default=PoolStatus.PRIVATE.value)
    owned_since: Mapped[datetime | None]
    last_follow_up_at: Mapped[datetime | None]
    #: When the owner was warned that the customer returns to the public pool (cleared by a follow-up).
    pool_warned_at: Mapped[datetime | None]
    #: When the customer entered the public pool.
    in_pool_since: Mapped[datetime | None]
    last_activity_at: Mapped[datetime | None] = mapped_column(index=True)
    merged_into_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("customer.id", ondelete="SET NULL"))
    archived_at: Mapped[datetime | None]
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    search_tokens: Mapped[list[str]] = mapped_column(ARRAY(Text), default=list)
    # The name taken apart for the duplicate finder (`names.name_keys`), written with the name: its trade name,
    # that name's bigrams (looked up through a GIN index), the provinces and industry classes the name states,
    # and whether it is a Latin name.
    trade_name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    trade_grams: Mapped[list[str]] = mapped_column(ARRAY(Text), default=list, server_default="{}")
    name_provinces: Mapped[list[str]] = mapped_column(ARRAY(Text), default=list, server_default="{}")
    name_industries: Mapped[list[str]] = mapped_column(ARRAY(Text), default=list, server_default="{}")
    trade_latin: Mapped[bool] = mapped_column(default=False, server_default=text("false"))
    #: The customer's id in another system (an ERP, a shop, an old CRM): unique, for upserts and imports.
    external_id: Mapped[str | None] = mapped_column(String(100))


class Contact(IdMixin, VersionedMixin, Base):
    """A person at a customer; phones and emails are stored encrypted, found through contact points."""

    __tablename__ = "contact"
    __table_args__ = (
        Index("ix_contact_search_tokens", "search_tokens", postgresql_using="gin", postgresql_with=GIN_WITH),
    )

    customer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("customer.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    title: Mapped[str | None] = mapped_column(String(200))
    is_primary: Mapped[bool] = mapped_column(default=False)
    #: The language Rapport writes to them in (zh-CN or en): their portal account's when it was made, else zh-CN.
    language: Mapped[str] = mapped_column(String(10), default="zh-CN", server_default="zh-CN")
    #: Where they live, an IANA time zone (e.g. America/Los_Angeles): marketing's quiet hours are theirs; None: the
    #: marketing settings' time zone.
    time_zone: Mapped[str | None] = mapped_column(String(64))
    phones_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    emails_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    search_tokens: Mapped[list[str]] = mapped_column(ARRAY(Text), default=list)


class ContactPoint(Base):
    """A blind index of one phone (whole and last four digits) or email of a contact, for lookups."""

    __tablename__ = "contact_point"
    __table_args__ = (
        CheckConstraint("kind IN ('phone', 'phone4', 'email')", name="kind_valid"),
        Index("ix_contact_point_digest", "digest", "kind"),
    )

    contact_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("contact.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(8), primary_key=True)
    digest: Mapped[bytes] = mapped_column(LargeBinary(16), primary_key=True)
    customer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("customer.id", ondelete="CASCADE"), index=True)


class Tag(IdMixin, Base):
    """A label on customers."""

    __tablename__ = "tag"

    name: Mapped[str] = mapped_column(String(64), unique=True)
    color: Mapped[str] = mapped_column(String(16), default="blue")
    created_at: Mapped[datetime]


class CustomerTag(Base):
    """A tag on a customer."""

    __tablename__ = "customer_tag"

    customer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("customer.id", ondelete="CASCADE"), primary_key=True)
    tag_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tag.id", ondelete="CASCADE"), primary_key=True, index=True)
    created_at: Mapped[datetime]


class Product(IdMixin, VersionedMixin, Base):
    """Something the company sells."""

    __tablename__ = "product"

    sku: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    category: Mapped[str | None] = mapped_column(String(64))
    unit_price: Mapped[Decimal] = mapped_column(MONEY)
    active: Mapped[bool] = mapped_column(default=True)


class Order(IdMixin, VersionedMixin, Base):
    """A purchase by a customer: the history RFM, revenue and contribution figures read."""

    __tablename__ = "sales_order"
    __table_args__ = (
        Index("ix_sales_order_customer_ordered", "customer_id", "ordered_at"),
        Index("ix_sales_order_ordered_at", "ordered_at"),
        # Revenue orders by customer with their amounts: segment facts aggregate it index-only, in customer order.
        Index(
            "ix_sales_order_revenue_customer",
            "customer_id",
            "ordered_at",
            postgresql_include=["total_amount"],
            postgresql_where=text("status IN ('paid', 'shipped', 'completed')"),
        ),
        Index(
            "ux_sales_order_external_id", "external_id", unique=True, postgresql_where=text("external_id IS NOT NULL")
        ),
    )

    number: Mapped[str] = mapped_column(String(32), unique=True)
    customer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("customer.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16))
    ordered_at: Mapped[datetime]
    total_amount: Mapped[Decimal] = mapped_column(MONEY)
    currency: Mapped[str] = mapped_column(String(3), default="CNY")
    #: The order's id in the system it came from (an ERP, a shop): unique, for upserts.
    external_id: Mapped[str | None] = mapped_column(String(100))


class OrderLine(IdMixin, Base):
    """One product on an order."""

    __tablename__ = "order_line"

    order_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("sales_order.id", ondelete="CASCADE"), index=True)
    product_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("product.id", ondelete="SET NULL"), index=True)
    quantity: Mapped[int] = mapped_column(Integer)
    unit_price: Mapped[Decimal] = mapped_column(MONEY)
    amount: Mapped[Decimal] = mapped_column(MONEY)


class CustomerScore(Base):
    """Scores computed in SQL by the `rfm-refresh` job: RFM quintiles, segment, lifetime value, revenue ranks."""

    __tablename__ = "customer_score"

    customer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("customer.id", ondelete="CASCADE"), primary_key=True)
    recency_days: Mapped[int | None] = mapped_column(Integer)
    frequency: Mapped[int] = mapped_column(Integer, default=0)
    monetary: Mapped[Decimal] = mapped_column(MONEY, default=Decimal(0))
    r_score: Mapped[int | None] = mapped_column(SmallInteger)
    f_score: Mapped[int | None] = mapped_column(SmallInteger)
    m_score: Mapped[int | None] = mapped_column(SmallInteger)
    segment: Mapped[str] = mapped_column(String(16), index=True)
    lifetime_value: Mapped[Decimal] = mapped_column(MONEY, default=Decimal(0))
    revenue_rank: Mapped[int | None] = mapped_column(Integer)
    region_revenue_rank: Mapped[int | None] = mapped_column(Integer)
    computed_at: Mapped[datetime]


class CustomerLastEvent(Base):
    """The latest time of each kind of event a public-pool rule may count as contact (`CustomerEvent`: an order
    not cancelled, a won deal, a ticket), one row per customer and kind that has one. Kept by triggers on the
    events' tables (migration 0022), from the same definitions as the manifests' `CustomerEvent.latest`; the pool's
    deadlines read it (`service.last_event_at`) instead of a subquery per kind."""

    __tablename__ = "customer_last_event"

    customer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("customer.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    at: Mapped[datetime]


customer_tally = Table(
    "customer_tally",
    Base.metadata,
    Column("dimension", String(16), nullable=False),
    Column("key", String(64)),
    Column("owner_id", Uuid),
    Column("team_id", Uuid),
    Column("customers", Integer, nullable=False),
    Index(
        "ux_customer_tally", "dimension", "key", "owner_id", "team_id", unique=True, postgresql_nulls_not_distinct=True
    ),
)
"""How many counted customers (not merged, not archived) each owner and team has per value of each dimension of
`customerGroups` but the age band (`dimension`: the `Dimension`'s value; `key`: the value, the RFM segment "none"
for a customer without a score). Kept exact by triggers in the writing transaction (migration 0023); the counts of
`customerGroups` without a filter, and the customer list's total without a filter or a search, sum it under the
caller's row scope (`visible_tally`)."""


# --- read models: one row per customer, for fields that always have a value -------------------------------


class CustomerRanks(Base):
    """Read-only: a customer's revenue ranks as of the last score refresh (null before it), one row per customer."""

    __table__ = (
        select(Customer.id.label("customer_id"), CustomerScore.revenue_rank, CustomerScore.region_revenue_rank)
        .outerjoin(CustomerScore, CustomerScore.customer_id == Customer.id)
        .subquery("customer_ranks")
    )

    customer_id: Mapped[uuid.UUID]
    revenue_rank: Mapped[int | None]
    region_revenue_rank: Mapped[int | None]


class CustomerOrderTotals(Base):
    """Read-only: a customer's purchase totals over revenue statuses (zero without orders), one row per customer."""

    __table__ = (
        select(
            Customer.id.label("customer_id"),
            func.count(Order.id).label("count"),
            func.coalesce(func.sum(Order.total_amount), cast(0, MONEY)).label("total_amount"),
            func.coalesce(func.round(func.avg(Order.total_amount), 2), cast(0, MONEY)).label("average_amount"),
            func.min(Order.ordered_at).label("first_order_at"),
            func.max(Order.ordered_at).label("last_order_at"),
        )
        .outerjoin(Order, and_(Order.customer_id == Customer.id, Order.status.in_(REVENUE_STATUSES)))
        .group_by(Customer.id)
        .subquery("customer_order_totals")
    )

    customer_id: Mapped[uuid.UUID]
    count: Mapped[int]
    total_amount: Mapped[Decimal]
    average_amount: Mapped[Decimal]
    first_order_at: Mapped[datetime | None]
    last_order_at: Mapped[datetime | None]

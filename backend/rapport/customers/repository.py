"""All SQL of the customer graph: customers, contacts, contact points, tags, orders and scores."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    bindparam,
    delete,
    false,
    func,
    literal,
    select,
    union,
    update,
)
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core.authz.scopes import RowScope, declare_row_scope, principal_key, row_filter
from rapport.core.ids import uuid7
from rapport.core.principal import Principal
from rapport.core.sql import cached_statement, keyset_after, keyset_after_nullable, top_n_per_parent
from rapport.customers.models import (
    Contact,
    ContactPoint,
    Customer,
    CustomerScore,
    CustomerTag,
    Order,
    Tag,
)

#: Order statuses that count as revenue.
REVENUE_STATUSES = ("paid", "shipped", "completed")


@dataclass(frozen=True)
class CustomerFilterSpec:
    """What a customer list is filtered by (every field optional)."""

    kinds: Sequence[str] | None = None
    statuses: Sequence[str] | None = None
    grades: Sequence[str] | None = None
    provinces: Sequence[str] | None = None
    cities: Sequence[str] | None = None
    industries: Sequence[str] | None = None
    owner_ids: Sequence[uuid.UUID] | None = None
    team_ids: Sequence[uuid.UUID] | None = None
    tag_names: Sequence[str] | None = None
    segments: Sequence[str] | None = None
    pool_statuses: Sequence[str] | None = None
    created_from: datetime | None = None
    created_to: datetime | None = None
    include_archived: bool = False


@dataclass(frozen=True)
class SearchSpec:
    """A search, already tokenised and hashed: name tokens, and digests of phones or emails."""

    text: str
    tokens: Sequence[str]
    digests: Sequence[tuple[str, bytes]]


@dataclass(frozen=True)
class SortSpec:
    """A sort key: a column name of the customer table and direction (NULLs last)."""

    field: str
    descending: bool


SORTABLE: dict[str, Any] = {
    "name": Customer.name,
    "created_at": Customer.created_at,
    "updated_at": Customer.updated_at,
    "last_activity_at": Customer.last_activity_at,
    "grade": Customer.grade,
}
NULLABLE_SORTS = {"last_activity_at", "grade"}


@dataclass(frozen=True)
class OrderSummary:
    """Purchase totals of one customer (revenue statuses only)."""

    count: int
    total: Decimal
    first_order_at: datetime | None
    last_order_at: datetime | None


EMPTY_SUMMARY = OrderSummary(0, Decimal("0.00"), None, None)

#: A customer with its computed scores (None before the first scoring run).
CustomerRow = tuple[Customer, CustomerScore | None]


def visible_customers(principal: Principal | None) -> ColumnElement[bool]:
    """The customers a caller may see under their roles' row scopes, as a WHERE clause."""
    return row_filter(
        principal, "Customer", id_column=Customer.id, owner_column=Customer.owner_id, team_column=Customer.team_id
    )


def visible_contacts(principal: Principal | None) -> ColumnElement[bool]:
    """Contacts a caller may see: those of customers they may see (a contact has no scope of its own)."""
    customer_visible = (
        select(visible_customers(principal))
        .where(Customer.id == Contact.customer_id)
        .correlate(Contact)
        .scalar_subquery()
    )
    return func.coalesce(customer_visible, false())


declare_row_scope(
    RowScope(
        "Customer",
        Customer,
        visible_customers,
        "No customer with that id.",
        gone=lambda: Customer.merged_into_id.is_not(None),
    )
)
declare_row_scope(RowScope("Contact", Contact, visible_contacts, "No contact with that id."))


def filtered_customers(principal: Principal | None, spec: CustomerFilterSpec, search: SearchSpec | None) -> Select[Any]:
    """Visible, unmerged customers matching a filter and a search, as a SELECT of the Customer entity."""
    stmt = select(Customer).where(visible_customers(principal), Customer.merged_into_id.is_(None))
    if not spec.include_archived:
        stmt = stmt.where(Customer.archived_at.is_(None))
    simple = (
        (Customer.kind, spec.kinds),
        (Customer.status, spec.statuses),
        (Customer.grade, spec.grades),
        (Customer.province, spec.provinces),
        (Customer.city, spec.cities),
        (Customer.industry, spec.industries),
        (Customer.owner_id, spec.owner_ids),
        (Customer.team_id, spec.team_ids),
        (Customer.pool_status, spec.pool_statuses),
    )
    for column, values in simple:
        if values:
            stmt = stmt.where(column.in_(list(values)))
    if spec.created_from is not None:
        stmt = stmt.where(Customer.created_at >= spec.created_from)
    if spec.created_to is not None:
        stmt = stmt.where(Customer.created_at < spec.created_to)
    if spec.tag_names:
        tagged = (
            select(CustomerTag.customer_id)
            .join(Tag, Tag.id == CustomerTag.tag_id)
            .where(Tag.name.in_(list(spec.tag_names)))
        )
        stmt = stmt.where(Customer.id.in_(tagged))
    if spec.segments:
        scored = select(CustomerScore.customer_id).where(CustomerScore.segment.in_(list(spec.segments)))
        stmt = stmt.where(Customer.id.in_(scored))
    if search is not None:
        stmt = stmt.where(_search_clause(search))
    return stmt


def _search_clause(search: SearchSpec) -> ColumnElement[bool]:
    """Ids matched by name tokens, contact-name tokens or contact-point digests, each through its own index."""
    branches: list[Select[Any]] = []
    if search.tokens:
        tokens = list(search.tokens)
        pattern = f"%{_escape_like(search.text)}%"
        branches.append(
            select(Customer.id).where(Customer.search_tokens.contains(tokens), Customer.name.ilike(pattern))
        )
        branches.append(
            select(Contact.customer_id).where(Contact.search_tokens.contains(tokens), Contact.name.ilike(pattern))
        )
    for kind, digest in search.digests:
        branches.append(
            select(ContactPoint.customer_id).where(ContactPoint.digest == digest, ContactPoint.kind == kind)
        )
    if not branches:
        return literal(False)
    matched = union(*branches).subquery("matched")
    return Customer.id.in_(select(matched.c[0]))


def customer_order(sort: SortSpec) -> list[Any]:
    """The ORDER BY of a customer list: the sort key (NULLs last), then id in the same direction."""
    column = SORTABLE[sort.field]
    if sort.descending:
        return [column.desc().nulls_last(), Customer.id.desc()]
    return [column.asc().nulls_last(), Customer.id.asc()]


class CustomerRepository:
    """Queries and writes of the customer graph."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    # customers ------------------------------------------------------------------------------------------
    async def page(
        self,
        principal: Principal | None,
        spec: CustomerFilterSpec,
        search: SearchSpec | None,
        sort: SortSpec,
        after: Sequence[Any] | None,
        limit: int,
    ) -> list[CustomerRow]:
        """A page of visible customers with their scores, in a stable order (sort key, then id)."""
        column = SORTABLE[sort.field]
        stmt = self._with_scores(filtered_customers(principal, spec, search))
        if after is not None:
            value, tie = after[0], uuid.UUID(str(after[1]))
            if sort.field in NULLABLE_SORTS:
                stmt = stmt.where(keyset_after_nullable(column, Customer.id, value, tie, sort.descending))
            else:
                stmt = stmt.where(keyset_after([column, Customer.id], [value, tie], sort.descending))
        result = await self.session.execute(stmt.order_by(*customer_order(sort)).limit(limit))
        return [(row[0], row[1]) for row in result]

    @staticmethod
    def _with_scores(stmt: Select[Any]) -> Select[Any]:
        return stmt.add_columns(CustomerScore).outerjoin(CustomerScore, CustomerScore.customer_id == Customer.id)

    async def rows_by_ids(self, principal: Principal | None, ids: Sequence[uuid.UUID]) -> list[CustomerRow]:
        """Visible customers with their scores (tombstones included)."""
        stmt = cached_statement(
            ("customer_rows_by_ids", principal_key(principal)),
            lambda: self._with_scores(
                select(Customer).where(Customer.id.in_(bindparam("ids", expanding=True)), visible_customers(principal))
            ),
        )
        return [(row[0], row[1]) for row in await self.session.execute(stmt, {"ids": list(ids)})]

    async def count(self, principal: Principal | None, spec: CustomerFilterSpec, search: SearchSpec | None) -> int:
        """How many visible customers match."""
        stmt = (
            filtered_customers(principal, spec, search)
            .with_only_columns(func.count(), maintain_column_froms=True)
            .order_by(None)
        )
        return int((await self.session.execute(stmt)).scalar_one())

    async def by_ids(self, principal: Principal | None, ids: Sequence[uuid.UUID]) -> list[Customer]:
        """Visible customers with these ids (tombstones included: callers follow `merged_into_id`)."""
        stmt = select(Customer).where(Customer.id.in_(list(ids)), visible_customers(principal))
        return list((await self.session.execute(stmt)).scalars())

    async def get_for_update(self, customer_id: uuid.UUID) -> Customer | None:
        """One customer, locked for this transaction."""
        stmt = (
            select(Customer)
            .where(Customer.id == customer_id)
            .with_for_update()
            .execution_options(populate_existing=True)  # what another transaction committed wins over the cache
        )
        return (await self.session.execute(stmt)).scalar_one_or_none()

    # contacts -------------------------------------------------------------------------------------------
    async def contacts_by_customer_ids(self, ids: Sequence[uuid.UUID]) -> list[Contact]:
        """Contacts of these customers, primary first, then by name."""
        stmt = (
            select(Contact)
            .where(Contact.customer_id.in_(list(ids)))
            .order_by(Contact.customer_id, Contact.is_primary.desc(), Contact.name, Contact.id)
        )
        return list((await self.session.execute(stmt)).scalars())

    async def contacts_by_ids(self, ids: Sequence[uuid.UUID], principal: Principal | None) -> list[Contact]:
        """Visible contacts with these ids."""
        stmt = select(Contact).where(Contact.id.in_(list(ids)), visible_contacts(principal))
        return list((await self.session.execute(stmt)).scalars())

    async def replace_contact_points(self, contact: Contact, points: Sequence[tuple[str, bytes]]) -> None:
        """Make the contact's blind-index rows exactly `points`."""
        await self.session.execute(delete(ContactPoint).where(ContactPoint.contact_id == contact.id))
        if points:
            await self.session.execute(
                insert(ContactPoint)
                .values(
                    [
                        {"contact_id": contact.id, "customer_id": contact.customer_id, "kind": k, "digest": d}
                        for k, d in sorted(set(points))
                    ]
                )
                .on_conflict_do_nothing()
            )

    async def customers_sharing_points(
        self, customer_id: uuid.UUID, principal: Principal | None
    ) -> list[tuple[uuid.UUID, str]]:
        """Other visible customers with a contact phone or email equal to one of this customer's."""
        mine = (
            select(ContactPoint.kind, ContactPoint.digest)
            .where(ContactPoint.customer_id == customer_id, ContactPoint.kind.in_(("phone", "email")))
            .subquery()
        )
        stmt = (
            select(ContactPoint.customer_id, ContactPoint.kind)
            .join(mine, and_(mine.c.kind == ContactPoint.kind, mine.c.digest == ContactPoint.digest))
            .join(Customer, Customer.id == ContactPoint.customer_id)
            .where(
                ContactPoint.customer_id != customer_id,
                Customer.merged_into_id.is_(None),
                visible_customers(principal),
            )
            .distinct()
        )
        return [(row[0], row[1]) for row in await self.session.execute(stmt)]

    async def customers_with_similar_names(
        self, customer: Customer, principal: Principal | None, threshold: float, limit: int = 20
    ) -> list[tuple[uuid.UUID, float]]:
        """Other visible customers whose name tokens overlap this one's by at least `threshold` (Jaccard)."""
        mine = list(customer.search_tokens or [])
        if not mine:
            return []
        stmt = (
            select(Customer.id, Customer.search_tokens)
            .where(
                Customer.search_tokens.overlap(mine),
                Customer.id != customer.id,
                Customer.merged_into_id.is_(None),
                visible_customers(principal),
            )
            .limit(500)
        )
        mine_set = set(mine)
        scored: list[tuple[uuid.UUID, float]] = []
        for other_id, tokens in await self.session.execute(stmt):
            other = set(tokens or [])
            score = len(mine_set & other) / len(mine_set | other)
            if score >= threshold:
                scored.append((other_id, round(score, 3)))
        scored.sort(key=lambda pair: -pair[1])
        return scored[:limit]

    # tags -----------------------------------------------------------------------------------------------
    async def tags_by_customer_ids(self, ids: Sequence[uuid.UUID]) -> list[tuple[uuid.UUID, Tag]]:
        """(customer id, tag) pairs, tags by name."""
        stmt = (
            select(CustomerTag.customer_id, Tag)
            .join(Tag, Tag.id == CustomerTag.tag_id)
            .where(CustomerTag.customer_id.in_(list(ids)))
            .order_by(Tag.name)
        )
        return [(row[0], row[1]) for row in await self.session.execute(stmt)]

    async def ensure_tags(self, names: Sequence[str], now: datetime) -> list[Tag]:
        """The tags with these names, created when missing."""
        if not names:
            return []
        await self.session.execute(
            insert(Tag)
            .values([{"id": uuid7(), "name": n, "color": "blue", "created_at": now} for n in names])
            .on_conflict_do_nothing(index_elements=["name"])
        )
        result = await self.session.execute(select(Tag).where(Tag.name.in_(list(names))).order_by(Tag.name))
        return list(result.scalars())

    async def tag_customer(self, customer_id: uuid.UUID, tags: Sequence[Tag], now: datetime) -> None:
        """Put tags on a customer (tags it has already are kept)."""
        if tags:
            await self.session.execute(
                insert(CustomerTag)
                .values([{"customer_id": customer_id, "tag_id": t.id, "created_at": now} for t in tags])
                .on_conflict_do_nothing()
            )

    async def untag_customer(self, customer_id: uuid.UUID, names: Sequence[str]) -> None:
        """Take tags off a customer."""
        ids = select(Tag.id).where(Tag.name.in_(list(names)))
        await self.session.execute(
            delete(CustomerTag).where(CustomerTag.customer_id == customer_id, CustomerTag.tag_id.in_(ids))
        )

    async def all_tags(self) -> list[tuple[Tag, int]]:
        """Every tag with how many customers carry it."""
        stmt = (
            select(Tag, func.count(CustomerTag.customer_id))
            .outerjoin(CustomerTag, CustomerTag.tag_id == Tag.id)
            .group_by(Tag.id)
            .order_by(Tag.name)
        )
        return [(row[0], int(row[1])) for row in await self.session.execute(stmt)]

    # orders ---------------------------------------------------------------------------------------------
    async def order_summaries(self, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, OrderSummary]:
        """Revenue totals per customer."""
        stmt = (
            select(
                Order.customer_id,
                func.count(),
                func.coalesce(func.sum(Order.total_amount), 0),
                func.min(Order.ordered_at),
                func.max(Order.ordered_at),
            )
            .where(Order.customer_id.in_(list(ids)), Order.status.in_(REVENUE_STATUSES))
            .group_by(Order.customer_id)
        )
        return {
            row[0]: OrderSummary(int(row[1]), Decimal(row[2]), row[3], row[4])
            for row in await self.session.execute(stmt)
        }

    async def orders_page(
        self, ids: Sequence[uuid.UUID], after: tuple[datetime, uuid.UUID] | None, limit: int
    ) -> list[Order]:
        """The newest `limit` orders of each customer (after a keyset position), in one query."""
        stmt = select(Order).where(Order.customer_id.in_(list(ids)))
        if after is not None:
            stmt = stmt.where(keyset_after([Order.ordered_at, Order.id], list(after), descending=True))
        ranked = top_n_per_parent(Order, stmt, Order.customer_id, [Order.ordered_at.desc(), Order.id.desc()], limit)
        return list((await self.session.execute(ranked)).scalars())

    async def order_counts(self, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, int]:
        """How many orders (any status) each customer has."""
        stmt = (
            select(Order.customer_id, func.count()).where(Order.customer_id.in_(list(ids))).group_by(Order.customer_id)
        )
        return {row[0]: int(row[1]) for row in await self.session.execute(stmt)}

    async def orders_by_ids(self, ids: Sequence[uuid.UUID]) -> list[Order]:
        """Orders with these ids."""
        return list((await self.session.execute(select(Order).where(Order.id.in_(list(ids))))).scalars())

    # scores ---------------------------------------------------------------------------------------------
    async def scores_by_customer_ids(self, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, CustomerScore]:
        """Computed scores per customer."""
        stmt = select(CustomerScore).where(CustomerScore.customer_id.in_(list(ids)))
        return {s.customer_id: s for s in (await self.session.execute(stmt)).scalars()}

    # merge ----------------------------------------------------------------------------------------------
    async def move_children(self, survivor_id: uuid.UUID, merged_id: uuid.UUID) -> dict[str, int]:
        """Re-parent the merged customer's contacts, contact points, orders and tags onto the survivor."""
        moved: dict[str, int] = {}
        survivor_has_primary = (
            select(Contact.id).where(Contact.customer_id == survivor_id, Contact.is_primary.is_(True)).exists()
        )
        await self.session.execute(
            update(Contact).where(Contact.customer_id == merged_id, survivor_has_primary).values(is_primary=False)
        )
        for name, model in (("contacts", Contact), ("contact_points", ContactPoint), ("orders", Order)):
            result = await self.session.execute(
                update(model).where(model.customer_id == merged_id).values(customer_id=survivor_id)
            )
            moved[name] = int(result.rowcount)  # type: ignore[attr-defined]
        tags = await self.session.execute(
            insert(CustomerTag)
            .from_select(
                ["customer_id", "tag_id", "created_at"],
                select(literal(survivor_id), CustomerTag.tag_id, CustomerTag.created_at).where(
                    CustomerTag.customer_id == merged_id
                ),
            )
            .on_conflict_do_nothing()
        )
        moved["tags"] = int(tags.rowcount)  # type: ignore[attr-defined]
        await self.session.execute(delete(CustomerTag).where(CustomerTag.customer_id == merged_id))
        return moved


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")

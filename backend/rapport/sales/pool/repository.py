"""All SQL of the public pool: its rules, its customers, deadlines, claims and movements.

Pool customers are rows of the customer table: the statements here compose the customers domain's query
building block (`customer_rows`) through its columns, with sales' own tables (pool rules, open opportunities).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    String,
    and_,
    case,
    cast,
    func,
    literal,
    literal_column,
    select,
    text,
    update,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from rapport.core import clock
from rapport.core.authz.scopes import visible
from rapport.core.principal import Principal
from rapport.core.sql import keyset_after
from rapport.customers.service import customer_model, customer_rows, last_event_at
from rapport.graphql.declare import NOW, Expression, Keyset, Rows
from rapport.graphql.types import cursor_time, cursor_uuid
from rapport.sales.models import (
    DEFAULT_COUNTED_EVENTS,
    Opportunity,
    PipelineStage,
    PoolMovement,
    PoolRule,
)


@dataclass(frozen=True)
class PoolFilterSpec:
    """What a list of the public pool is filtered by."""

    provinces: Sequence[str] | None = None
    grades: Sequence[str] | None = None
    industries: Sequence[str] | None = None


def _public(spec: PoolFilterSpec) -> Select[Any]:
    """Customers in the public pool (neither merged nor archived) matching a filter."""
    stmt: Select[Any] = customer_rows()
    c = stmt.selected_columns
    stmt = stmt.where(c.pool_status == "public", c.merged_into_id.is_(None), c.archived_at.is_(None))
    for column, values in ((c.province, spec.provinces), (c.grade, spec.grades), (c.industry, spec.industries)):
        if values:
            stmt = stmt.where(column.in_(list(values)))
    return stmt


def public_rows(spec: PoolFilterSpec) -> Rows:
    """The public pool's customers matching a filter, longest there first (`Query.publicPool`, both read paths);
    a cursor holds when the customer entered the pool and its id."""
    stmt = _public(spec)
    since = pool_since(stmt)
    entered = Expression(
        lambda row: func.coalesce(row.in_pool_since, row.created_at), lambda row: row.in_pool_since or row.created_at
    )
    keyset = Keyset(
        (entered, "id"),
        (cursor_time, cursor_uuid),
        lambda position: keyset_after([since, stmt.selected_columns.id], list(position), descending=False),
    )
    return Rows(stmt, [since, stmt.selected_columns.id], None, keyset)


def pool_since(statement: Select[Any]) -> Any:
    """When a pool customer entered the pool (its creation, for one never owned): the pool's order."""
    c = statement.selected_columns
    return func.coalesce(c.in_pool_since, c.created_at)


def last_won_deal_at(customer_id: Any) -> Any:
    """The latest time a deal of the customer (its id column) was won (a pool rule's event).
    The pool's deadlines read the stored copy (`customer_last_event`), which migration 0022's triggers keep with the
    same definition in SQL (`customer_last_event_latest`): change both (tests/customers/test_last_events.py holds
    them equal)."""
    return (
        select(func.max(Opportunity.closed_at))
        .where(Opportunity.customer_id == customer_id, Opportunity.status == "won")
        .scalar_subquery()
    )


def _contact_floor(customer: Any) -> Any:
    """The stored part of the owner's last contact with the customer (its columns): its last follow-up, else when
    it was taken, else when it was created. Never null; the last contact is never before it."""
    return func.coalesce(customer.last_follow_up_at, customer.owned_since, customer.created_at)


def _last_contact(customer: Any, counted: Any) -> Any:
    """When the owner last had contact with the customer: its last follow-up (else when it was taken, else
    created), or a later event of a kind the rule counts (`counted`: the rule's array of kinds), whose latest times
    the customers domain stores (one index lookup, `last_event_at`; the manifests' `CustomerEvent.latest` define
    them)."""
    return func.greatest(_contact_floor(customer), last_event_at(customer.id, counted))


def pool_movement_entries(customer_ids: Sequence[uuid.UUID]) -> Select[Any]:
    """The customers' timeline entries of pool movements (the customer's own: shown wherever it is)."""
    return select(
        literal("pool_movement").label("kind"),
        PoolMovement.customer_id.label("id"),
        PoolMovement.at.label("at"),
        PoolMovement.customer_id.label("customer_id"),
        func.to_jsonb(literal_column(PoolMovement.__tablename__)).label("data"),
    ).where(PoolMovement.customer_id.in_(list(customer_ids)))


def pool_rule_rows() -> Rows:
    """Every pool rule, the default (null grade) first, then by grade (`Query.poolRules`, both read paths)."""
    return Rows(select(PoolRule), [PoolRule.grade.nulls_first(), PoolRule.id])


class PoolRepository:
    """Queries and writes of the public pool."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    # rules ------------------------------------------------------------------------------------------------
    async def pool_rules(self) -> dict[str | None, PoolRule]:
        """Pool rules by grade (None: the default)."""
        return {r.grade: r for r in (await self.session.execute(select(PoolRule))).scalars()}

    async def rule_of_grade(self, grade: str | None) -> PoolRule | None:
        """The rule of a grade (None: the default rule), if set."""
        stmt = select(PoolRule).where(PoolRule.grade.is_(None) if grade is None else PoolRule.grade == grade)
        return (await self.session.execute(stmt)).scalar_one_or_none()

    # the pool ---------------------------------------------------------------------------------------------
    async def customer_for_update(self, customer_id: uuid.UUID) -> Any | None:
        """A customer, locked, whoever owns it."""
        stmt: Select[Any] = customer_rows()
        stmt = (
            stmt.where(stmt.selected_columns.id == customer_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        return (await self.session.execute(stmt)).scalar_one_or_none()

    async def claim_pool_work(self, now: datetime, kind: str, limit: int) -> list[tuple[Any, int, int]]:
        """Private customers due for a pool warning (`warn`) or reclaim (`reclaim`), locked, others skipped.

        Returns (customer, days, warn days).
        """
        stmt, warn, deadline, _ = private_with_deadline()
        c = stmt.selected_columns
        if kind == "reclaim":
            stmt = stmt.where(deadline <= now)
        else:
            stmt = stmt.where(
                deadline - func.make_interval(0, 0, 0, warn) <= now, deadline > now, c.pool_warned_at.is_(None)
            )
        stmt = stmt.limit(limit).with_for_update(of=c.id, skip_locked=True).execution_options(populate_existing=True)
        return [(row[0], int(row[1]), int(row[2])) for row in await self.session.execute(stmt)]

    # claims and movements ---------------------------------------------------------------------------------
    async def lock_claims(self, user_id: uuid.UUID) -> None:
        """Serialise one rep's claims until the transaction ends (the daily limit holds under concurrency)."""
        await self.session.execute(
            text("SELECT pg_advisory_xact_lock(hashtext('pool-claim:' || :u))"), {"u": str(user_id)}
        )

    async def claims_since(self, user_id: uuid.UUID, since: datetime) -> int:
        """Customers a rep claimed since a time."""
        stmt = select(func.count()).where(
            PoolMovement.user_id == user_id, PoolMovement.kind == "claimed", PoolMovement.at >= since
        )
        return int((await self.session.execute(stmt)).scalar_one())

    async def lost_to_pool_at(self, customer_id: uuid.UUID, user_id: uuid.UUID) -> datetime | None:
        """When this rep last lost this customer to the pool (reclaimed, or given back)."""
        stmt = select(func.max(PoolMovement.at)).where(
            PoolMovement.customer_id == customer_id,
            PoolMovement.user_id == user_id,
            PoolMovement.kind.in_(("reclaimed", "released")),
        )
        return (await self.session.execute(stmt)).scalar_one_or_none()

    async def reparent(self, merged_id: uuid.UUID, survivor_id: uuid.UUID) -> int:
        """Move a merged customer's pool movements to the survivor; how many."""
        result = await self.session.execute(
            update(PoolMovement).where(PoolMovement.customer_id == merged_id).values(customer_id=survivor_id)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]


#: A customer's days without follow-up when no pool rule applies to it (neither its grade's nor the default).
DAYS_WITHOUT_RULE = 30


class PoolDeadline(NamedTuple):
    """Owned, live customers and when each returns to the public pool (`private_with_deadline`)."""

    #: The customers, selecting the customer, its rule's days and its rule's warning days.
    statement: Select[Any]
    #: The customer's rule's warning days.
    warn: Any
    #: When the customer returns to the pool: its last contact plus its rule's days.
    deadline: Any
    #: The customer's rule's days.
    days: Any

    def near(self, at: Any) -> ColumnElement[bool]:
        """Two cheap conditions that `deadline <= at` implies and that look up no event: the event subqueries
        behind the deadline then run only for the customers these keep.

        The last contact is the greatest of the stored `_contact_floor` and the events, and a customer's days are
        never fewer than the fewest of any rule (or `DAYS_WITHOUT_RULE` without a default rule); so a customer
        due by `at` has floor + its days <= `at`, and floor <= `at` less the fewest days. The second is one bound
        for every row, filtered in the scan of the customer table before the rules are joined (and the planner
        costs the subqueries on the rows it keeps). Both keep a day's slack: adding days keeps the wall-clock
        time, which across a DST change of the session's time zone can put a later time before an earlier one
        by up to the change.
        """
        floor = _contact_floor(self.statement.selected_columns)
        fewest_days = select(
            func.least(
                func.min(PoolRule.days_without_follow_up),
                case((func.bool_or(PoolRule.grade.is_(None)), None), else_=DAYS_WITHOUT_RULE),
            )
        )
        fewest = fewest_days.correlate(None).scalar_subquery()
        return and_(
            floor <= at - func.make_interval(0, 0, 0, fewest - 1),
            floor + func.make_interval(0, 0, 0, self.days - 1) <= at,
        )


def private_with_deadline() -> PoolDeadline:
    """Owned, live customers with their pool rule's days and warning days, and their deadline; exempt ones left
    out (the pool job's statement, `days_left`'s and the watchlist's).

    Customers with an open opportunity at or past the rule's exempt stage are left out.
    """
    specific = PoolRule.__table__.alias("specific")
    default = PoolRule.__table__.alias("fallback")
    days = func.coalesce(specific.c.days_without_follow_up, default.c.days_without_follow_up, DAYS_WITHOUT_RULE)
    warn = func.coalesce(specific.c.warn_days_before, default.c.warn_days_before, 3)
    exempt = func.coalesce(specific.c.exempt_from_stage_position, default.c.exempt_from_stage_position)
    counted = func.coalesce(
        specific.c.counted_events,
        default.c.counted_events,
        literal(list(DEFAULT_COUNTED_EVENTS), ARRAY(String(16))),
    )
    stmt: Select[Any] = customer_rows()
    c = stmt.selected_columns
    deadline = _last_contact(c, counted) + func.make_interval(0, 0, 0, days)
    exempt_opp = (
        select(Opportunity.id)
        .join(PipelineStage, PipelineStage.id == Opportunity.stage_id)
        .where(Opportunity.customer_id == c.id, Opportunity.status == "open", PipelineStage.position >= exempt)
        .exists()
    )
    stmt = (
        stmt.add_columns(days, warn)
        .outerjoin(specific, specific.c.grade == c.grade)
        .outerjoin(default, default.c.grade.is_(None))
        .where(
            c.pool_status == "private",
            c.owner_id.is_not(None),
            c.merged_into_id.is_(None),
            c.archived_at.is_(None),
            # Without an exempt stage (null) no stage position is at or past it: nothing exempts. Not written as
            # `exempt IS NULL OR NOT EXISTS`, which PostgreSQL runs per customer: alone, it is an anti-join.
            ~exempt_opp,
        )
    )
    return PoolDeadline(stmt, warn, deadline, days)


def days_left(customer: Any) -> Any:
    """`Customer.poolDaysLeft`: days (rounded up, at least 0) before an owned customer returns to the public pool,
    from the deadline the pool job itself uses, at the request's time (`NOW`); null in the pool, without an owner,
    or while an open deal exempts it."""
    stmt, _, deadline, _ = private_with_deadline()
    c = stmt.selected_columns
    seconds = func.extract("epoch", deadline - NOW)
    days = func.greatest(0, func.ceil(seconds / 86400))
    return stmt.with_only_columns(cast(days, Integer)).where(c.id == customer.id).scalar_subquery()


def claims_left(user_id: uuid.UUID, default_limit: int) -> Rows:
    """How many more customers a rep may claim today (`Query.poolClaimsLeft`, one value): the default rule's daily
    limit (`default_limit` without one) less the claims since midnight, business time, at the request's time."""
    limit = select(PoolRule.daily_claim_limit).where(PoolRule.grade.is_(None)).scalar_subquery()
    zone = clock.BUSINESS_TZ.key
    midnight = func.timezone(zone, func.date_trunc("day", func.timezone(zone, NOW)))
    claimed = (
        select(func.count())
        .where(PoolMovement.user_id == user_id, PoolMovement.kind == "claimed", PoolMovement.at >= midnight)
        .scalar_subquery()
    )
    return Rows(select(cast(func.greatest(0, func.coalesce(limit, default_limit) - claimed), Integer)))


def watchlist_rows(principal: Principal | None, within_days: int, limit: int) -> Rows:
    """`Query.poolWatchlist` (both read paths): visible customers that return to the pool within `within_days`
    days of the request's time (`NOW`), soonest first.

    The deadline is computed once per customer that `near` keeps, in a subquery PostgreSQL may not flatten
    (`OFFSET 0`): flattened, the deadline's event subqueries were copied into both the filter and the order and
    ran twice per customer."""
    pool = private_with_deadline()
    at = NOW + func.make_interval(0, 0, 0, within_days)
    near = pool.statement.where(visible("Customer", principal), pool.near(at))
    kept = near.add_columns(pool.deadline.label("pool_deadline")).offset(0).subquery("watched")
    customer = aliased(customer_model(), kept, adapt_on_names=True)
    statement = select(customer).where(kept.c.pool_deadline <= at)
    return Rows(statement, [kept.c.pool_deadline, kept.c.id], limit)

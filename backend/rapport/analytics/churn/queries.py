"""`Query.customersAtRisk`: the customers a caller may see, most likely to churn first (compiled like other root
lists: one statement for the page, its count and cursors)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Annotated, Any

import strawberry
from sqlalchemy import Text, cast, false, select, tuple_

from rapport.analytics.churn.models import CustomerChurnScore as Score
from rapport.analytics.churn.types import band_sql
from rapport.core.authz.policy import Access
from rapport.core.principal import Principal
from rapport.customers import service as customers
from rapport.customers.enums import RiskLevel
from rapport.customers.types import Customer
from rapport.graphql.context import Info
from rapport.graphql.declare import Arguments, Expression, Keyset, RootField, Rows, after_position, cursor_kinds
from rapport.graphql.declare import cursor_values as keyset_values
from rapport.graphql.types import (
    After,
    Connection,
    First,
    build_connection,
    cursor_text,
    cursor_uuid,
    decode_keyset,
    page_size,
    page_size_or_none,
)

#: The customer entity (the customers domain's model, through its service).
_CUSTOMER = customers.customer_model()
#: The bands listed when none are given.
DEFAULT_BANDS = (RiskLevel.HIGH,)


def _probability_text(customer: Any) -> Any:
    """A customer's churn probability as PostgreSQL writes a float8 (shortest exact digits): a cursor's first value,
    made by SQL on both read paths so that their cursors are equal."""
    found = select(Score.probability).where(Score.customer_id == customer.id).scalar_subquery()
    return cast(found, Text)


def cursor_probability(value: Any) -> float:
    """A probability keyset value of a cursor (its text), a finite number."""
    number = float(cursor_text(value))
    if not math.isfinite(number):
        raise ValueError(value)
    return number


#: A loaded row of the resolver path is (customer, probability text); the compiler reads both from the customer.
_KEYSET = Keyset(
    (Expression(_probability_text, lambda row: row[1]), Expression(lambda c: c.id, lambda row: row[0].id)),
    (cursor_probability, cursor_uuid),
    # On the score's own columns (its customer_id is the customer's id): the index (probability, customer_id) serves
    # both the order and the keyset.
    lambda position: tuple_(Score.probability, Score.customer_id) < tuple_(*position),
)


def at_risk_rows(principal: Principal | None, bands: Sequence[RiskLevel]) -> Rows:
    """The live customers `principal` may see whose churn score is in one of `bands`, highest probability first
    (then by id: a stable order for keyset pages)."""
    model = _CUSTOMER
    # The band as `ChurnRisk.band` answers it (one SQL definition: `churn.types.band_sql`).
    wanted = band_sql(Score).in_([level.value for level in dict.fromkeys(bands)]) if bands else false()
    statement = (
        select(model).join(Score, Score.customer_id == model.id).where(customers.segment_candidates(principal), wanted)
    )
    return Rows(statement, [Score.probability.desc(), Score.customer_id.desc()], None, _KEYSET)


def _root(principal: Principal | None, arguments: Arguments) -> Rows | None:
    size = page_size_or_none(arguments.get("first"))
    if size is None:
        return None
    bands = arguments.get("bands")
    found = at_risk_rows(principal, DEFAULT_BANDS if bands is None else bands)
    return Rows(found.statement, found.order_by, size, found.keyset)


def _reads_churn_risk(value: Any) -> list[tuple[str, Access]]:
    """The list is ranked and filtered by churn probability and band: only for callers who read them (a policy that
    grants the root but not the field is refused too)."""
    return [
        ("Customer.churnRisk", Access.READ),
        ("ChurnRisk.probability", Access.READ),
        ("ChurnRisk.band", Access.READ),
    ]


#: (root field, argument) -> what it reads (the whole-document check refuses the rest with FORBIDDEN); `bands` has a
#: default, so the rule applies to every request.
ARGUMENT_RULES = {("Query.customersAtRisk", "bands"): _reads_churn_risk}

#: The compiled root of churn risk (listed in the analytics manifest).
ROOTS = {
    "customersAtRisk": RootField("Customer", "connection", _root, arguments=frozenset({"first", "after", "bands"})),
}


@strawberry.type
class ChurnQuery:
    """Root query fields of churn risk."""

    @strawberry.field(
        description="Customers you may see (neither archived nor merged) whose churn risk is in the given bands, "
        "most likely to churn first; customers never scored are not listed."
    )
    async def customers_at_risk(
        self,
        info: Info,
        bands: Annotated[
            list[RiskLevel] | None,
            strawberry.argument(description="Which risk bands to list (default HIGH only; null lists HIGH)."),
        ] = [RiskLevel.HIGH],  # noqa: B006 (never mutated; the schema shows it as the default)
        first: First = None,
        after: After = None,
    ) -> Connection[Customer]:
        """A page of customers at risk."""
        return await at_risk_page(info, DEFAULT_BANDS if bands is None else bands, first, after)


async def at_risk_page(
    info: Info, bands: Sequence[RiskLevel], first: int | None, after: str | None
) -> Connection[Customer]:
    """A page of customers at risk on the resolver path: the compiled root's rows and keyset, each row loaded with
    its probability's text for its cursor (one statement, and one for the count when asked)."""
    size = page_size(first)
    rows = at_risk_rows(info.context.principal, bands)
    position = decode_keyset(after, *cursor_kinds(rows))
    page = after_position(rows, position)
    statement = page.statement.add_columns(cast(Score.probability, Text)).order_by(*page.order_by).limit(size + 1)
    async with info.context.db.read() as session:
        found = list((await session.execute(statement)).all())

    async def count() -> int:
        async with info.context.db.read() as session:
            return int((await session.execute(rows.counted())).scalar_one())

    return build_connection(
        found,
        size,
        to_node=lambda row: Customer.from_row(row[0]),
        cursor_of=lambda row: keyset_values(rows, row),
        has_previous=position is not None,
        count=count,
    )

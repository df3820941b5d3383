"""Root query fields of product affinity: the mined rules, and the customers to target for a product."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

import strawberry
from sqlalchemy import func, or_, select, tuple_

from rapport.analytics.affinity.facts import likelihoods
from rapport.analytics.affinity.models import ProductAffinityRule as RuleRow
from rapport.analytics.affinity.types import ProductAffinityRule, ProductTarget
from rapport.core.errors import BadUserInputError
from rapport.core.principal import Principal
from rapport.customers import service as customers
from rapport.customers.types import Customer, Product
from rapport.graphql.context import Info
from rapport.graphql.declare import Arguments, RootField, Rows
from rapport.graphql.kit import statement_page
from rapport.graphql.node import optional_id, raw_id
from rapport.graphql.types import (
    After,
    Connection,
    First,
    build_connection,
    decode_keyset,
    page_size,
    page_size_or_none,
)
from rapport.graphql.types import cursor_uuid as _uuid


def rule_rows(product_id: uuid.UUID | None) -> Rows:
    """The rules (those with the product on either side, when given), highest confidence first."""
    rule = RuleRow
    statement = select(rule)
    if product_id is not None:
        statement = statement.where(or_(rule.antecedent_id == product_id, rule.consequent_id == product_id))
    return Rows(statement, [rule.rank, rule.id])


def _rules_root(principal: Principal | None, arguments: Arguments) -> Rows | None:
    size = page_size_or_none(arguments.get("first"))
    if size is None:
        return None
    try:
        product_id = optional_id(arguments.get("productId"), "Product")
    except BadUserInputError:
        return None  # the resolver answers a malformed id
    found = rule_rows(product_id)
    return Rows(found.statement, found.order_by, size)


#: The compiled root of product affinity (listed in the analytics manifest): the rules, a page at a time, of one
#: product or all. Targets rank customers by an aggregate over their orders (resolver only).
ROOTS = {
    "productAffinityRules": RootField(
        "ProductAffinityRule", "connection", _rules_root, arguments=frozenset({"first", "after", "productId"})
    ),
}


def _likelihood(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(value)
    return float(value)


async def target_page(
    info: Info, principal: Principal | None, product_id: uuid.UUID, first: int | None, after: str | None
) -> Connection[ProductTarget]:
    """A page of the customers `principal` may see who lack the product, most likely first (one statement, and one
    for the reason products of the page)."""
    size = page_size(first)
    position = decode_keyset(after, _likelihood, _uuid)
    customer = customers.customer_model()
    found = likelihoods(product_id)
    statement = (
        select(customer, found.c.likelihood, found.c.because_id, found.c.confidence, found.c.rules)
        .join(found, found.c.customer_id == customer.id)
        .where(customers.segment_candidates(principal))
    )
    counted = statement.with_only_columns(func.count(), maintain_column_froms=True)
    if position is not None:
        statement = statement.where(tuple_(found.c.likelihood, customer.id) < tuple_(*position))
    statement = statement.order_by(found.c.likelihood.desc(), customer.id.desc()).limit(size + 1)
    async with info.context.db.read() as session:
        rows = (await session.execute(statement)).all()
        reasons = {p.id: p for p in await customers.products_by_ids(session, list({r[2] for r in rows}))}

    def node(row: Any) -> ProductTarget:
        because = reasons.get(row[2])
        return ProductTarget(
            customer=Customer.from_row(row[0]),
            likelihood=float(row[1]),
            because=None if because is None else Product.from_row(because),
            confidence=float(row[3]),
            rules=int(row[4]),
        )

    async def count() -> int:
        async with info.context.db.read() as session:
            return int((await session.execute(counted)).scalar_one())

    return build_connection(
        rows,
        size,
        to_node=node,
        cursor_of=lambda row: (float(row[1]), str(row[0].id)),
        has_previous=position is not None,
        count=count,
    )


@strawberry.type
class AffinityQuery:
    """Root query fields of product affinity."""

    @strawberry.field(
        description='Association rules mined from orders ("x % of customers who bought A also bought B"), highest '
        "confidence first; each holds for at least 20 customers."
    )
    async def product_affinity_rules(
        self,
        info: Info,
        product_id: Annotated[
            strawberry.ID | None, strawberry.argument(description="Only rules with this product on either side.")
        ] = None,
        first: First = None,
        after: After = None,
    ) -> Connection[ProductAffinityRule]:
        """A page of rules."""
        rows = rule_rows(optional_id(product_id, "Product"))
        return await statement_page(info, rows, first, after, ProductAffinityRule.from_row)

    @strawberry.field(
        description="Customers you may see who do not have the product, most likely buyers first (launch targeting)."
    )
    async def product_targets(
        self,
        info: Info,
        product_id: Annotated[strawberry.ID, strawberry.argument(description="The product to find buyers for.")],
        first: First = None,
        after: After = None,
    ) -> Connection[ProductTarget]:
        """A page of ranked customers."""
        return await target_page(info, info.context.principal, raw_id(product_id, "Product"), first, after)

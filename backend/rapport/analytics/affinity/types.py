"""GraphQL types of product affinity: the mined rules, a customer's cross-sell suggestions (`Customer.crossSell`,
declared: one statement for a page of customers) and the customers to target for a product."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import strawberry
from sqlalchemy import exists, select, tuple_
from sqlalchemy.orm import aliased

from rapport.analytics.affinity.models import ProductAffinityRule as RuleRow
from rapport.core.i18n import msg
from rapport.core.principal import Principal
from rapport.customers.affinity_facts import owned_products
from rapport.customers.service import product_of
from rapport.customers.types import Customer, Product
from rapport.graphql.context import Info
from rapport.graphql.declare import Arguments, Contribution, FromRow, Relation, Rows, column, relation, rendered

#: Suggestions a customer shows when `first` is not given, and at most.
CROSS_SELL_DEFAULT = 5
CROSS_SELL_MAX = 20


def _summary(locale: str, confidence: float, antecedent: str, consequent: str) -> str:
    return msg(
        "{percent} % of customers who bought {antecedent} also bought {consequent}.",
        percent=round(confidence * 100),
        antecedent=antecedent,
        consequent=consequent,
    ).render(locale)


@strawberry.type(description='An association rule: "customers who bought A also bought B", over every customer.')
class ProductAffinityRule(FromRow):
    """A mined rule (a row of `product_affinity_rule`)."""

    antecedent_customers: int = strawberry.field(description="Customers who bought A.")
    consequent_customers: int = strawberry.field(description="Customers who bought B.")
    support_customers: int = column("both_customers", description="Customers who bought both (at least 20).")
    basket_customers: int = strawberry.field(description="Customers who bought anything (the base of support).")
    support: float = strawberry.field(description="Share of all buying customers who bought both, 0-1.")
    confidence: float = strawberry.field(description="Share of the customers who bought A who also bought B, 0-1.")
    lift: float = strawberry.field(
        description="Confidence over B's share of all buying customers: above 1, A makes B more likely."
    )
    computed_at: datetime = strawberry.field(description="When the rules were mined.")
    _row: strawberry.Private[RuleRow]

    @relation(Relation("Product", "one", product_of("antecedent_id")), description="A: the product bought first.")
    async def antecedent(self, info: Info) -> Product | None:
        """Product A."""

    @relation(Relation("Product", "one", product_of("consequent_id")), description="B: the product also bought.")
    async def consequent(self, info: Info) -> Product | None:
        """Product B."""

    @rendered(
        ("confidence", "antecedent_name", "consequent_name"),
        _summary,
        description='The rule in words, in your language ("80 % of customers who bought A also bought B.").',
    )
    def summary(self, info: Info) -> str:
        """The sentence."""


@strawberry.type(description="A product a customer does not have yet that customers like them bought.")
class CrossSellSuggestion(FromRow):
    """The strongest rule towards a product the customer lacks (a row of `product_affinity_rule`)."""

    confidence: float = strawberry.field(
        description="Share of the customers who bought the reason product who also bought this one, 0-1."
    )
    lift: float = strawberry.field(description="How much more likely than for an average buying customer.")
    support_customers: int = column("both_customers", description="Customers who bought both (at least 20).")
    _row: strawberry.Private[RuleRow]

    @relation(Relation("Product", "one", product_of("consequent_id")), description="The product to offer.")
    async def product(self, info: Info) -> Product | None:
        """The suggested product."""

    @relation(
        Relation("Product", "one", product_of("antecedent_id")),
        description="Because they bought this product (the rule's antecedent).",
    )
    async def because(self, info: Info) -> Product | None:
        """The reason product."""


def cross_sell_rows(customer: Any, principal: Principal | None, arguments: Arguments) -> Rows:
    """A customer's suggestions: for each product they do not have, the strongest rule from a product they have
    (highest confidence, then lift), strongest first, at most `first`."""
    rule, better = RuleRow, aliased(RuleRow, name="better")
    owned = owned_products(customer.id)
    stronger = exists().where(
        better.consequent_id == rule.consequent_id,
        better.antecedent_id.in_(owned),
        tuple_(better.confidence, better.lift, better.id) > tuple_(rule.confidence, rule.lift, rule.id),
    )
    statement = select(rule).where(rule.antecedent_id.in_(owned), rule.consequent_id.not_in(owned), ~stronger)
    first = arguments.get("first")
    size = CROSS_SELL_DEFAULT if first is None else max(0, min(int(first), CROSS_SELL_MAX))
    return Rows(statement, [rule.confidence.desc(), rule.lift.desc(), rule.id.desc()], size)


@relation(
    Relation("CrossSellSuggestion", "list", cross_sell_rows, compiled=frozenset({"first"})),
    description="Products this customer does not have that customers who bought what they bought also bought, "
    "strongest first (from rules over at least 20 customers each).",
)
async def cross_sell(
    root: Customer,
    info: Info,
    first: Annotated[
        int | None, strawberry.argument(description="How many suggestions (default 5, at most 20).")
    ] = CROSS_SELL_DEFAULT,
) -> list[CrossSellSuggestion]:
    """The customer's suggestions."""


#: `Customer.crossSell`, a field analytics adds to the customers domain's type.
CUSTOMER_CROSS_SELL = Contribution(Customer, "cross_sell", cross_sell)


@strawberry.type(description="A customer who does not have a product, with how likely they are to buy it.")
class ProductTarget:
    """A ranked customer for a product."""

    customer: Customer = strawberry.field(description="The customer.")
    likelihood: float = strawberry.field(
        description="1 - Π(1 - confidence) over the rules towards the product from products they have, 0-1."
    )
    because: Product | None = strawberry.field(description="The product behind the strongest of those rules.")
    confidence: float = strawberry.field(description="The strongest rule's confidence, 0-1.")
    rules: int = strawberry.field(description="How many rules towards the product apply to them.")

"""GraphQL type of an opportunity's product lines."""

from __future__ import annotations

from decimal import Decimal

import strawberry

from rapport.customers.service import product_of
from rapport.customers.types import Product
from rapport.graphql.context import Info
from rapport.graphql.declare import FromRow, Relation, relation
from rapport.graphql.node import Node
from rapport.sales import models


@strawberry.type(description="A product on a deal: quantity, agreed unit price and the line's amount.")
class OpportunityLine(Node, FromRow):
    """An opportunity line."""

    position: int = strawberry.field(description="Its place among the deal's lines, 1 first.")
    name: str = strawberry.field(description="The product's name when the line was written.")
    quantity: int = strawberry.field(description="How many.")
    unit_price: Decimal = strawberry.field(description="Agreed price per unit (CNY).")
    amount: Decimal = strawberry.field(description="Quantity times unit price.")
    _row: strawberry.Private[models.OpportunityLine]

    @relation(Relation("Product", "one", product_of("product_id")), description="The product (null if deleted).")
    async def product(self, info: Info) -> Product | None:
        """The product."""

"""GraphQL inputs of an opportunity's product lines."""

from __future__ import annotations

from decimal import Decimal

import strawberry


@strawberry.input(description="A product on a deal.")
class OpportunityLineInput:
    """Which product, how many, at what price."""

    product_id: strawberry.ID = strawberry.field(description="The product (from `products`).")
    quantity: int = strawberry.field(description="How many, at least 1.")
    unit_price: Decimal | None = strawberry.field(
        default=None, description="Agreed price per unit (CNY); default the product's list price."
    )


@strawberry.input(description="The product lines of an opportunity, replacing the ones it has.")
class OpportunityLinesSetInput:
    """The deal, the version you read and all its lines."""

    id: strawberry.ID = strawberry.field(description="The opportunity.")
    version: int = strawberry.field(description="The version you read (CONFLICT if stale).")
    lines: list[OpportunityLineInput] = strawberry.field(
        description="Every line, in order (empty: none; the amount then stays as it is)."
    )

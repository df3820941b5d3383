"""The products on a deal: lines replaced together under the deal's version; with lines, the amount is their total."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core import audit, clock
from rapport.core.errors import BadUserInputError
from rapport.core.ids import uuid7
from rapport.core.principal import Principal
from rapport.customers.service import products_by_ids
from rapport.sales.lines.repository import MAX_LINES, LineRepository
from rapport.sales.models import Opportunity, OpportunityLine, money
from rapport.sales.pipeline.service import change_amount, locked_open

#: The largest quantity of one line.
MAX_QUANTITY = 1_000_000


@dataclass(frozen=True)
class LineDraft:
    """A line as given: product, quantity and, optionally, the agreed unit price."""

    product_id: uuid.UUID
    quantity: int
    unit_price: Decimal | None = None


def _summary(lines: Sequence[OpportunityLine]) -> list[str]:
    return [f"{x.name} x {x.quantity} @ {x.unit_price}" for x in lines]


async def set_lines(
    session: AsyncSession, principal: Principal, opportunity_id: uuid.UUID, version: int, drafts: Sequence[LineDraft]
) -> Opportunity:
    """Replace the lines of an open deal the caller may see; with lines, its amount becomes their total (as the
    approval gates allow: see `change_amount`). The deal's version moves even when only the lines change."""
    opportunity = await locked_open(session, principal, opportunity_id, version)
    if len(drafts) > MAX_LINES:
        raise BadUserInputError("A deal has at most 50 lines.", field="lines")
    repo = LineRepository(session)
    before = await repo.lines_of(opportunity.id)
    on_deal = {line.product_id for line in before}
    products = {p.id: p for p in await products_by_ids(session, list({d.product_id for d in drafts}))}
    lines: list[OpportunityLine] = []
    for i, draft in enumerate(drafts):
        product = products.get(draft.product_id)
        if product is None:
            raise BadUserInputError("No such product.", field=f"lines.{i}.productId")
        if not product.active and product.id not in on_deal:
            raise BadUserInputError("That product is no longer sold.", field=f"lines.{i}.productId")
        if not 1 <= draft.quantity <= MAX_QUANTITY:
            raise BadUserInputError("The quantity is a whole number from 1 to 1,000,000.", field=f"lines.{i}.quantity")
        price_field = f"lines.{i}.unitPrice"
        price = money(product.unit_price if draft.unit_price is None else draft.unit_price, price_field)
        lines.append(
            OpportunityLine(
                id=uuid7(),
                opportunity_id=opportunity.id,
                position=i + 1,
                product_id=product.id,
                name=product.name,
                quantity=draft.quantity,
                unit_price=price,
                amount=money(price * draft.quantity, price_field),
            )
        )
    if lines:
        await change_amount(session, opportunity, money(sum((x.amount for x in lines), Decimal(0)), "lines"), "lines")
    opportunity.updated_at = clock.now()  # one UPDATE, one version step, with the lines' writes
    await repo.replace(opportunity.id, lines)
    audit.record(
        session,
        actor_id=principal.user_id,
        entity_type="Opportunity",
        entity_id=opportunity.id,
        action="lines",
        changes={"lines": [_summary(before), _summary(lines)], "amount": [None, str(opportunity.amount)]},
    )
    return opportunity

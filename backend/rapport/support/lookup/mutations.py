"""Root mutation field of the phone lookup."""

from __future__ import annotations

import asyncio
from typing import Annotated

import strawberry

from rapport.customers.types import Customer, customer_node
from rapport.graphql.context import Info
from rapport.graphql.kit import attempt
from rapport.graphql.types import INPUT, UserError
from rapport.support.lookup import service
from rapport.support.lookup.inputs import CustomerPhoneLookupInput


@strawberry.type(description="The result of `customerPhoneLookup`.")
class CustomerPhoneLookupPayload:
    """The customers with a contact of exactly that number, as you may see them now."""

    customers: list[Customer] | None = strawberry.field(
        description="Empty when the number is unknown or not whole (the two answer alike)."
    )
    user_errors: list[UserError] = strawberry.field(description="Problems you can fix; nothing changed if any.")


@strawberry.type
class LookupMutation:
    """Root mutation field of the phone lookup."""

    @strawberry.mutation(
        description=(
            "Identify a caller by their whole phone number (exact match only; rate-limited per user and audited). "
            "The customers found are related to you for 30 minutes: open their service view and a ticket for them."
        )
    )
    async def customer_phone_lookup(
        self, info: Info, input: Annotated[CustomerPhoneLookupInput, INPUT]
    ) -> CustomerPhoneLookupPayload:
        """Look a caller up."""

        async def look_up() -> CustomerPhoneLookupPayload:
            async with info.context.write() as session:
                found = await service.look_up(session, info.context.viewer, input.phone)
            shown = await asyncio.gather(*(customer_node(info.context, customer_id) for customer_id in found))
            customers = [customer for customer in shown if customer is not None]
            return CustomerPhoneLookupPayload(customers=customers, user_errors=[])

        done = await attempt(look_up)
        return CustomerPhoneLookupPayload(customers=None, user_errors=done) if isinstance(done, list) else done

"""Sync by external id for integrators: `customerUpsert` and `ordersUpsert` (up to 1,000 orders per call)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any

import strawberry

from rapport.core.errors import BadUserInputError, RapportError
from rapport.core.i18n import msg
from rapport.customers import orders as order_rules
from rapport.customers.contacts import ContactDraft
from rapport.customers.external import upsert_customer
from rapport.customers.inputs import CustomerUpsertInput
from rapport.customers.mutations import _CUSTOMER_INPUT_FIELDS, _reload, customer_values
from rapport.customers.records import CustomerDraft
from rapport.customers.types import Customer, Order
from rapport.graphql.context import Info
from rapport.graphql.kit import attempt
from rapport.graphql.node import from_global_id
from rapport.graphql.types import INPUT, UserError


@strawberry.type(description="The result of `customerUpsert`.")
class CustomerUpsertPayload:
    """The customer as it is now and whether this call created it, or what went wrong."""

    customer: Customer | None = strawberry.field(description="The customer after the change.")
    created: bool = strawberry.field(description="True when no customer had the external id before.")
    user_errors: list[UserError] = strawberry.field(description="Problems you can fix; nothing changed if any.")


Outcome = order_rules.Outcome
strawberry.enum(Outcome, name="OrderUpsertOutcome", description="What happened to one order of `ordersUpsert`.")


@strawberry.input(description="A product on an order.")
class OrderLineInput:
    """By SKU; without a unit price, the product's list price."""

    sku: str = strawberry.field(description="The product's SKU.")
    quantity: int = strawberry.field(description="How many, 1 to 1,000,000.")
    unit_price: Decimal | None = strawberry.field(default=None, description="Price of one; default: the list price.")


@strawberry.input(description="An order from another system, by its id there.")
class OrderUpsertInput:
    """One order: created when its external id is new, else updated to these values."""

    external_id: str = strawberry.field(description="The order's id in your system.")
    customer_id: strawberry.ID | None = strawberry.field(default=None, description="The customer (or by external id).")
    customer_external_id: str | None = strawberry.field(default=None, description="The customer's external id.")
    ordered_at: datetime = strawberry.field(description="When it was ordered, with its time zone.")
    number: str | None = strawberry.field(default=None, description="Order number (default: generated).")
    channel: str = strawberry.field(default="online", description="online, store, phone, wechat, partner or direct.")
    status: str = strawberry.field(
        default="completed", description="pending, paid, shipped, completed, cancelled or refunded."
    )
    currency: str = strawberry.field(default="CNY", description="ISO 4217 currency.")
    total_amount: Decimal | None = strawberry.field(default=None, description="Order total (default: sum of lines).")
    lines: list[OrderLineInput] | None = strawberry.field(
        default=None, description="The products; given, they replace the order's lines."
    )


@strawberry.input(description="Up to 1,000 orders from another system.")
class OrdersUpsertInput:
    """Each order is checked and reported on its own."""

    orders: list[OrderUpsertInput] = strawberry.field(description="The orders.")


@strawberry.type(description="What happened to one order of `ordersUpsert`.")
class OrderUpsertResult:
    """One row's outcome."""

    index: int = strawberry.field(description="The row's position in `orders`, from 0.")
    external_id: str | None = strawberry.field(description="The row's external id.")
    outcome: Outcome = strawberry.field(description="CREATED, UPDATED, UNCHANGED or REJECTED.")
    order: Order | None = strawberry.field(description="The order as it is now (null when rejected).")
    user_errors: list[UserError] = strawberry.field(
        description='Why it was rejected, e.g. field "orders.3.lines.0.sku".'
    )


@strawberry.type(description="The result of `ordersUpsert`.")
class OrdersUpsertPayload:
    """Counts, one result per row, and problems with the call as a whole."""

    created: int = strawberry.field(description="New orders.")
    updated: int = strawberry.field(description="Orders changed.")
    unchanged: int = strawberry.field(description="Orders sent again with the same values.")
    rejected: int = strawberry.field(description="Rows skipped for a problem (see their userErrors).")
    results: list[OrderUpsertResult] = strawberry.field(description="One per row, in order.")
    user_errors: list[UserError] = strawberry.field(description="Problems with the whole call; nothing changed if any.")


def _row_error(error: RapportError, index: int) -> UserError:
    """A row's error, its field prefixed with the row (e.g. "orders.3.lines.0.sku")."""
    field = error.extensions.get("field")
    path = f"orders.{index}.{field}" if field else f"orders.{index}"
    return UserError(field=path, code=error.code.value, text=error.text)


def _order_draft(row: OrderUpsertInput, index: int) -> order_rules.OrderDraft:
    customer_id = None
    if row.customer_id is not None:
        try:
            customer_id = from_global_id(row.customer_id, "Customer")[1]
        except BadUserInputError as error:
            raise BadUserInputError(error.text, field=f"orders.{index}.customerId") from None
    return order_rules.OrderDraft(
        external_id=row.external_id,
        ordered_at=row.ordered_at,
        customer_id=customer_id,
        customer_external_id=row.customer_external_id,
        number=row.number,
        channel=row.channel,
        status=row.status,
        currency=row.currency,
        total_amount=row.total_amount,
        lines=None
        if row.lines is None
        else [order_rules.LineDraft(line.sku, line.quantity, line.unit_price) for line in row.lines],
    )


@strawberry.type
class SyncMutation:
    """Root mutation fields for other systems that keep their own ids."""

    @strawberry.mutation(
        description="Create the customer with this external id, or update the one holding it (or the customer it "
        "was merged into); tags are added, contacts only come with a new customer."
    )
    async def customer_upsert(self, info: Info, input: Annotated[CustomerUpsertInput, INPUT]) -> CustomerUpsertPayload:
        """Create or update a customer by external id."""
        ctx = info.context

        async def body() -> Any:
            values = customer_values(input, _CUSTOMER_INPUT_FIELDS)
            if any(values.get(key, "") is None for key in ("name", "kind", "status")):
                raise BadUserInputError("name, kind and status cannot be cleared.", field="name")
            draft = CustomerDraft(
                values=values,
                contacts=[
                    ContactDraft(c.name, c.title, c.is_primary, c.phones, c.emails, c.language, c.time_zone)
                    for c in input.contacts
                ],
                tags=input.tags,
            )
            async with ctx.write() as session:
                done = await upsert_customer(session, ctx.viewer, input.external_id, draft, input.version)
                return done.customer.id, done.created

        result = await attempt(body)
        if isinstance(result, list):
            return CustomerUpsertPayload(customer=None, created=False, user_errors=result)
        customer_id, created = result
        return CustomerUpsertPayload(customer=await _reload(ctx, customer_id), created=created, user_errors=[])

    @strawberry.mutation(
        description="Create or update up to 1,000 orders by their external ids (from an ERP or a shop); each row is "
        "checked and reported on its own, rows with problems are skipped."
    )
    async def orders_upsert(self, info: Info, input: Annotated[OrdersUpsertInput, INPUT]) -> OrdersUpsertPayload:
        """Bulk upsert of orders."""
        ctx = info.context
        empty = OrdersUpsertPayload(created=0, updated=0, unchanged=0, rejected=0, results=[], user_errors=[])
        if not input.orders or len(input.orders) > order_rules.BULK_LIMIT:
            text = msg("Send 1 to {limit} orders per call.", limit=order_rules.BULK_LIMIT)
            empty.user_errors = [UserError.of(text, field="orders", code="BAD_USER_INPUT")]
            return empty

        try:
            drafts = [_order_draft(row, i) for i, row in enumerate(input.orders)]
        except BadUserInputError as error:
            empty.user_errors = [UserError.from_error(error)]
            return empty
        async with ctx.write() as session:
            results = await order_rules.upsert_orders(session, ctx.viewer, drafts)
        rows = [
            OrderUpsertResult(
                index=r.index,
                external_id=r.external_id,
                outcome=r.outcome,
                order=Order.from_row(r.order) if r.order is not None else None,
                user_errors=[_row_error(e, r.index) for e in r.errors],
            )
            for r in results
        ]
        count = {o: sum(1 for r in rows if r.outcome is o) for o in Outcome}
        return OrdersUpsertPayload(
            created=count[Outcome.CREATED],
            updated=count[Outcome.UPDATED],
            unchanged=count[Outcome.UNCHANGED],
            rejected=count[Outcome.REJECTED],
            results=rows,
            user_errors=[],
        )

"""Orders from another system (an ERP, a shop): up to 1,000 per call, each created or updated by its external id.

Every row is checked on its own and reported on its own: a row with a problem is skipped and the others are
kept. The batch reads what it needs in a few statements (the orders and customers its external ids name, the
products its SKUs name, the numbers it gives), then writes each row in a savepoint, so that a row the database
refuses leaves the others standing. Concurrent batches that share external ids are serialised by advisory locks
taken in one order.
"""

from __future__ import annotations

import copy
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core import audit, clock, external_ids
from rapport.core.domain_events import emit
from rapport.core.errors import BadUserInputError, NotFoundError, RapportError
from rapport.core.i18n import msg
from rapport.core.ids import uuid7
from rapport.core.principal import Principal
from rapport.core.sql import referenced_ids
from rapport.customers.models import Order, OrderLine, Product
from rapport.customers.repository import external as repo

#: Most orders one call takes.
BULK_LIMIT = 1000
CHANNELS = ("online", "store", "phone", "wechat", "partner", "direct")
STATUSES = ("pending", "paid", "shipped", "completed", "cancelled", "refunded")
MAX_AMOUNT = Decimal("999999999999.99")
MAX_QUANTITY = 1_000_000
_CURRENCY = re.compile(r"^[A-Z]{3}$")
#: An order's lines as the service writes them: product, quantity, unit price, amount.
Priced = list[tuple[Product, int, Decimal, Decimal]]


class Outcome(StrEnum):
    """What happened to one row."""

    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    REJECTED = "rejected"


@dataclass
class LineDraft:
    """A product on an order, by SKU; without a unit price, the product's list price."""

    sku: str
    quantity: int
    unit_price: Decimal | None = None


@dataclass
class OrderDraft:
    """An order as another system sends it; exactly one of `customer_id` and `customer_external_id`."""

    external_id: str | None
    ordered_at: datetime
    customer_id: uuid.UUID | None = None
    customer_external_id: str | None = None
    number: str | None = None
    channel: str = "online"
    status: str = "completed"
    currency: str = "CNY"
    total_amount: Decimal | None = None
    lines: list[LineDraft] | None = None


@dataclass
class RowResult:
    """One row's outcome, its order when it has one, and its problems (each naming its input field)."""

    index: int
    external_id: str | None
    outcome: Outcome
    order: Order | None = None
    errors: list[RapportError] = field(default_factory=list)


@dataclass
class _Known:
    """What the batch read up front."""

    orders: dict[str, Order]
    customers: dict[str, repo.Holder]
    visible: set[uuid.UUID]
    products: dict[str, Product]
    numbers: dict[str, uuid.UUID]


def _money(value: Decimal, field_name: str) -> Decimal:
    if value.is_finite() and value < 0:
        raise BadUserInputError("An amount cannot be negative.", field=field_name)
    try:
        amount = value.quantize(Decimal("0.01"))
    except InvalidOperation:
        amount = None
    if amount is None or amount != value or amount > MAX_AMOUNT:
        raise BadUserInputError("An amount has at most two decimals and 12 digits before them.", field=field_name)
    return amount


def _checked(draft: OrderDraft) -> OrderDraft:
    """The draft cleaned, or BAD_USER_INPUT naming the first problem's field."""
    draft.external_id = external_ids.required(draft.external_id)
    draft.customer_external_id = external_ids.clean(draft.customer_external_id, field="customerExternalId")
    if (draft.customer_id is None) == (draft.customer_external_id is None):
        raise BadUserInputError(
            "Name the customer by customerId or by customerExternalId (one of them).", field="customerId"
        )
    if draft.number is not None:
        draft.number = draft.number.strip() or None
        if draft.number is not None and len(draft.number) > 32:
            raise BadUserInputError("An order number has at most 32 characters.", field="number")
    draft.channel = draft.channel.strip().lower()
    if draft.channel not in CHANNELS:
        raise BadUserInputError(msg("channel must be one of {values}.", values=", ".join(CHANNELS)), field="channel")
    draft.status = draft.status.strip().lower()
    if draft.status not in STATUSES:
        raise BadUserInputError(msg("status must be one of {values}.", values=", ".join(STATUSES)), field="status")
    draft.currency = draft.currency.strip().upper()
    if not _CURRENCY.match(draft.currency):
        raise BadUserInputError("currency is a three-letter ISO 4217 code, e.g. CNY.", field="currency")
    if draft.ordered_at.tzinfo is None:
        raise BadUserInputError("Give orderedAt with its time zone.", field="orderedAt")
    if draft.ordered_at > clock.now() + timedelta(days=1):
        raise BadUserInputError("An order cannot be placed in the future.", field="orderedAt")
    if draft.total_amount is not None:
        draft.total_amount = _money(draft.total_amount, "totalAmount")
    if draft.lines is not None:
        if len(draft.lines) > 200:
            raise BadUserInputError("An order has at most 200 lines.", field="lines")
        for i, line in enumerate(draft.lines):
            line.sku = line.sku.strip()
            if not 1 <= line.quantity <= MAX_QUANTITY:
                raise BadUserInputError(
                    "A quantity is a whole number from 1 to 1,000,000.", field=f"lines.{i}.quantity"
                )
            if line.unit_price is not None:
                line.unit_price = _money(line.unit_price, f"lines.{i}.unitPrice")
    if draft.total_amount is None and not draft.lines:
        raise BadUserInputError("Give the order's totalAmount or its lines.", field="totalAmount")
    return draft


def _priced_lines(draft: OrderDraft, known: _Known) -> Priced:
    priced = []
    for i, line in enumerate(draft.lines or []):
        product = known.products.get(line.sku)
        if product is None:
            raise BadUserInputError(msg("No product has the SKU {sku}.", sku=line.sku), field=f"lines.{i}.sku")
        unit = line.unit_price if line.unit_price is not None else product.unit_price
        amount = unit * line.quantity
        if amount > MAX_AMOUNT:
            raise BadUserInputError("The line's amount is too large.", field=f"lines.{i}.quantity")
        priced.append((product, line.quantity, unit, amount))
    return priced


def _customer_of(draft: OrderDraft, known: _Known) -> uuid.UUID:
    if draft.customer_external_id is not None:
        holder = known.customers.get(draft.customer_external_id)
        customer_id = holder.survivor_id if holder else None
        field_name = "customerExternalId"
    else:
        customer_id, field_name = draft.customer_id, "customerId"
    if customer_id is None or customer_id not in known.visible:
        raise NotFoundError(msg("No customer you can see has that id."), field=field_name)
    return customer_id


async def upsert_orders(session: AsyncSession, principal: Principal, drafts: Sequence[OrderDraft]) -> list[RowResult]:
    """Create or update each order by its external id; one result per row, in order."""
    results: list[RowResult] = []
    checked: list[tuple[int, OrderDraft]] = []
    seen: set[str] = set()
    numbers: set[str] = set()
    for i, draft in enumerate(drafts):
        try:
            clean = _checked(draft)
        except BadUserInputError as error:
            results.append(RowResult(i, draft.external_id, Outcome.REJECTED, errors=[error]))
            continue
        assert clean.external_id is not None
        if clean.external_id in seen:
            twice = BadUserInputError("This external id appears earlier in the same call.", field="externalId")
            results.append(RowResult(i, clean.external_id, Outcome.REJECTED, errors=[twice]))
            continue
        if clean.number and clean.number in numbers:
            twice = BadUserInputError("This order number appears earlier in the same call.", field="number")
            results.append(RowResult(i, clean.external_id, Outcome.REJECTED, errors=[twice]))
            continue
        seen.add(clean.external_id)
        if clean.number:
            numbers.add(clean.number)
        checked.append((i, clean))
    await external_ids.lock(session, "order", seen)
    known = await _known(session, principal, [d for _, d in checked])
    for i, draft in checked:
        try:
            async with session.begin_nested():
                result = await _one(session, principal, i, draft, known)
        except (BadUserInputError, NotFoundError) as error:
            result = RowResult(i, draft.external_id, Outcome.REJECTED, errors=[error])
        except IntegrityError:  # a number or id another transaction took meanwhile: this row alone is refused
            refused = BadUserInputError("Another order has this number or external id; send the row again.")
            result = RowResult(i, draft.external_id, Outcome.REJECTED, errors=[refused])
        results.append(result)
    results.sort(key=lambda r: r.index)
    return results


async def _known(session: AsyncSession, principal: Principal, drafts: list[OrderDraft]) -> _Known:
    customer_keys = {d.customer_external_id for d in drafts if d.customer_external_id}
    customers = await repo.customer_ids_by_external_id(session, customer_keys)
    orders = await repo.orders_by_external_id(session, [d.external_id for d in drafts if d.external_id])
    wanted = {h.survivor_id for h in customers.values()} | {d.customer_id for d in drafts if d.customer_id}
    wanted |= {o.customer_id for o in orders.values()}
    skus = {line.sku for d in drafts for line in d.lines or []}
    numbers = {d.number for d in drafts if d.number}
    return _Known(
        orders=orders,
        customers=customers,
        visible=await repo.visible_customer_ids(session, principal, wanted),
        products=await repo.products_by_sku(session, skus),
        numbers=await repo.order_ids_by_number(session, numbers),
    )


def _wanted(draft: OrderDraft, known: _Known) -> tuple[Order | None, dict[str, Any], Priced | None]:
    """What a checked draft asks for: the order holding its external id (None: a new one), its values and lines (None:
    the order's are kept); BAD_USER_INPUT or NOT_FOUND for a row the service refuses."""
    assert draft.external_id is not None
    customer_id = _customer_of(draft, known)
    lines = _priced_lines(draft, known)
    total = draft.total_amount if draft.total_amount is not None else sum((a for *_, a in lines), Decimal(0))
    existing = known.orders.get(draft.external_id)
    if existing is not None and existing.customer_id not in known.visible:
        raise NotFoundError(msg("No order you can see has that external id."), field="externalId")
    holder = known.numbers.get(draft.number) if draft.number else None
    if holder is not None and (existing is None or holder != existing.id):
        raise BadUserInputError(msg("Another order has the number {number}.", number=draft.number), field="number")
    values: dict[str, Any] = {
        "customer_id": customer_id,
        "channel": draft.channel,
        "status": draft.status,
        "ordered_at": draft.ordered_at,
        "currency": draft.currency,
        "total_amount": total,
    }
    if draft.number:
        values["number"] = draft.number
    return existing, values, lines if draft.lines is not None else None


async def _one(session: AsyncSession, principal: Principal, index: int, draft: OrderDraft, known: _Known) -> RowResult:
    assert draft.external_id is not None
    existing, values, lines = _wanted(draft, known)
    if existing is None:
        return RowResult(
            index, draft.external_id, Outcome.CREATED, await _create(session, principal, draft, values, lines or [])
        )
    changed = await _update(session, principal, existing, values, lines)
    return RowResult(index, draft.external_id, Outcome.UPDATED if changed else Outcome.UNCHANGED, existing)


async def _create(
    session: AsyncSession, principal: Principal, draft: OrderDraft, values: dict[str, Any], lines: Priced
) -> Order:
    now = clock.now()
    order = Order(id=uuid7(), version=1, created_at=now, updated_at=now, external_id=draft.external_id, **values)
    if not draft.number:
        order.number = f"SO-{now:%Y%m}-{uuid7().hex[-8:].upper()}"
    session.add(order)
    session.add_all(_line_rows(order.id, lines))
    await session.flush()
    audit.record(
        session,
        actor_id=principal.user_id,
        entity_type="Order",
        entity_id=order.id,
        action="create",
        changes={"externalId": [None, draft.external_id]} | {k: [None, _plain(v)] for k, v in values.items()},
    )
    emit(session, "order.created", "Order", order.id, actor_id=principal.user_id)
    return order


def _line_rows(order_id: uuid.UUID, lines: Priced) -> list[OrderLine]:
    return [
        OrderLine(id=uuid7(), order_id=order_id, product_id=p.id, quantity=q, unit_price=u, amount=a)
        for p, q, u, a in lines
    ]


def _plain(value: Any) -> Any:
    return value if isinstance(value, (str, int, type(None))) else str(value)


def _changes(
    order: Order, values: dict[str, Any], lines: Priced | None, current: Sequence[OrderLine]
) -> dict[str, list[Any]]:
    """What an update would set on `order` (its `current` lines), each field as [before, after] and `lines` as [how
    many before, after]; none: the order stays as it is. `lines` None keeps the order's lines; lines are compared
    in any order (lines written in the same millisecond do not come back in the order they were written)."""
    changes = {k: [_plain(getattr(order, k)), _plain(v)] for k, v in values.items() if getattr(order, k) != v}
    if lines is not None:
        before = sorted((line.product_id, line.quantity, line.unit_price) for line in current)
        if before != sorted((p.id, q, u) for p, q, u, _ in lines):
            changes["lines"] = [len(before), len(lines)]
    return changes


async def _update(
    session: AsyncSession, principal: Principal, order: Order, values: dict[str, Any], lines: Priced | None
) -> bool:
    current = (await repo.lines_of(session, [order.id]))[order.id] if lines is not None else []
    changes = _changes(order, values, lines, current)
    if not changes:
        return False
    if lines is not None and "lines" in changes:
        await session.execute(delete(OrderLine).where(OrderLine.order_id == order.id))
        session.add_all(_line_rows(order.id, lines))
    for key, value in values.items():
        setattr(order, key, value)
    order.updated_at = clock.now()
    await session.flush()
    audit.record(
        session, actor_id=principal.user_id, entity_type="Order", entity_id=order.id, action="update", changes=changes
    )
    return True


@dataclass
class Foresight:
    """What `upsert_orders` would do with some drafts, by their external ids as given: the orders that exist, those
    it would leave unchanged, and the customers the caller may see (survivors of merges)."""

    existing: set[str]
    unchanged: set[str]
    customers: set[str]


async def foresee(session: AsyncSession, principal: Principal, drafts: Sequence[OrderDraft]) -> Foresight:
    """Foresee an upsert of these drafts without writing (nor changing the drafts), deciding each as the upsert
    would, in a few statements for all of them; a draft the upsert would refuse is not counted unchanged."""
    pairs: list[tuple[OrderDraft, OrderDraft | None]] = []
    for draft in drafts:
        try:
            pairs.append((draft, _checked(copy.deepcopy(draft))))
        except BadUserInputError:
            pairs.append((draft, None))
    known = await _known(session, principal, [clean or draft for draft, clean in pairs])
    current = await repo.lines_of(session, [o.id for o in known.orders.values()])
    unchanged = set()
    for draft, clean in pairs:
        try:
            existing, values, lines = _wanted(clean, known) if clean else (None, {}, None)
        except (BadUserInputError, NotFoundError):
            continue
        if existing is not None and draft.external_id and not _changes(existing, values, lines, current[existing.id]):
            unchanged.add(draft.external_id)
    visible = {key for key, holder in known.customers.items() if holder.survivor_id in known.visible}
    return Foresight(set(known.orders), unchanged, visible)


async def remove_imported(
    session: AsyncSession, principal: Principal, versions: dict[uuid.UUID, int]
) -> tuple[int, int]:
    """Delete orders an import created that nobody changed since (same version, no deal names them); audited.
    Returns (removed, kept)."""
    if not versions:
        return 0, 0
    rows = (await session.execute(select(Order.id, Order.version).where(Order.id.in_(list(versions))))).all()
    used = await _named_by_deals(session, [r.id for r in rows])
    removable = [r.id for r in rows if versions.get(r.id) == r.version and r.id not in used]
    if removable:
        await session.execute(delete(Order).where(Order.id.in_(removable)))
        for order_id in removable:
            audit.record(
                session, actor_id=principal.user_id, entity_type="Order", entity_id=order_id, action="import_undo"
            )
    return len(removable), len(versions) - len(removable)


async def _named_by_deals(session: AsyncSession, ids: Sequence[uuid.UUID]) -> set[uuid.UUID]:
    """Orders that a row elsewhere names (a won deal's order); their own lines do not count."""
    return await referenced_ids(session, "sales_order", ids, besides=frozenset({"order_line"}))

"""What the customer graph's fields read: one statement builder per declared relation, for both read paths.

A builder takes the parent row (an aliased entity whose columns the statement may reference), the caller and
the field's arguments (Python names), and returns `Rows`: a statement of the target's model with the caller's
row scope applied, its order and limit. The resolvers batch it per request, the compiler inlines it; the same
orders serve the repository's own reads. Other domains name their rows' customer and contact with
`customer_of` and `contact_of` (through `rapport.customers.service`).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, func, select

from rapport.core.principal import Principal
from rapport.customers.models import (
    Contact,
    Customer,
    CustomerOrderTotals,
    CustomerRanks,
    CustomerScore,
    CustomerTag,
    Order,
    Product,
    Tag,
)
from rapport.customers.repository.scopes import visible_contacts, visible_customers
from rapport.graphql.declare import Arguments, RelationRows, Rows, by_id

#: A customer's contacts: the primary one first, then by name.
CONTACT_ORDER = (Contact.is_primary.desc(), Contact.name, Contact.id)
#: Tags by name.
TAG_ORDER = (Tag.name, Tag.id)
#: A customer's orders, newest first (also the keyset of their connection).
ORDERS_NEWEST_FIRST = (Order.ordered_at.desc(), Order.id.desc())


def customers_seen(principal: Principal | None) -> Select[Any]:
    """The customers the caller may see, tombstones of merged duplicates included (as `node(id)` shows them)."""
    return select(Customer).where(visible_customers(principal))


def contacts_seen(principal: Principal | None) -> Select[Any]:
    """The contacts the caller may see (those of customers they may see)."""
    return select(Contact).where(visible_contacts(principal))


def visible_customer(principal: Principal | None, customer_id: Any) -> Rows:
    """The customer with this id (a value or a column) if the caller may see it."""
    return Rows(customers_seen(principal).where(Customer.id == customer_id))


def customer_of(attribute: str) -> RelationRows:
    """The customer whose id the parent row holds in `attribute` (e.g. a contact's `customer_id`), if the caller
    may see it; every such relation loads its customers in one batch per request (`by_id`)."""
    return by_id(customers_seen, attribute)


def contact_of(attribute: str) -> RelationRows:
    """The contact whose id the parent row holds in `attribute` (e.g. a ticket's `contact_id`), if the caller may
    see its customer; batched as `customer_of`."""
    return by_id(contacts_seen, attribute)


def _products(principal: Principal | None) -> Select[Any]:
    return select(Product)


def product_of(attribute: str) -> RelationRows:
    """The catalogue product whose id the parent row holds in `attribute` (products are not row-scoped); batched
    as `customer_of`."""
    return by_id(_products, attribute)


def customer_contacts(customer: Any, principal: Principal | None, arguments: Arguments) -> Rows:
    """A customer's contacts (seen wherever the customer is)."""
    return Rows(select(Contact).where(Contact.customer_id == customer.id), CONTACT_ORDER)


def customer_tags(customer: Any, principal: Principal | None, arguments: Arguments) -> Rows:
    """A customer's tags."""
    link = CustomerTag
    return Rows(select(Tag).join(link, link.tag_id == Tag.id).where(link.customer_id == customer.id), TAG_ORDER)


def customer_orders(customer: Any, principal: Principal | None, arguments: Arguments) -> Rows:
    """A customer's orders, every status."""
    return Rows(select(Order).where(Order.customer_id == customer.id), ORDERS_NEWEST_FIRST)


def customer_order_totals(customer: Any, principal: Principal | None, arguments: Arguments) -> Rows:
    """A customer's purchase totals (always one row)."""
    return Rows(select(CustomerOrderTotals).where(CustomerOrderTotals.customer_id == customer.id))


def customer_score(customer: Any, principal: Principal | None, arguments: Arguments) -> Rows:
    """A customer's RFM scores (no row before the first scoring run)."""
    return Rows(select(CustomerScore).where(CustomerScore.customer_id == customer.id))


def customer_ranks(customer: Any, principal: Principal | None, arguments: Arguments) -> Rows:
    """A customer's revenue ranks (always one row)."""
    return Rows(select(CustomerRanks).where(CustomerRanks.customer_id == customer.id))


def last_order_at(customer_id: Any) -> Any:
    """The latest time the customer (its id column) placed an order that was not cancelled (a pool rule's event).
    The pool's deadlines read the stored copy (`customer_last_event`), which migration 0022's triggers keep with the
    same definition in SQL (`customer_last_event_latest`): change both (tests/customers/test_last_events.py holds
    them equal)."""
    return (
        select(func.max(Order.ordered_at))
        .where(Order.customer_id == customer_id, Order.status != "cancelled")
        .scalar_subquery()
    )


def tag_rows() -> Rows:
    """Every tag, by name (`Query.tags`, both read paths)."""
    return Rows(select(Tag), TAG_ORDER)


def product_rows(search: str | None, *, include_inactive: bool) -> Rows:
    """Catalogue products by name (at most 100) whose name or SKU contains `search` (case-insensitive), active ones
    unless told (`Query.products`, both read paths)."""
    stmt = select(Product)
    if not include_inactive:
        stmt = stmt.where(Product.active)
    if search and search.strip():
        pattern = "%" + search.strip().replace("\\", "").replace("%", "").replace("_", "") + "%"
        stmt = stmt.where(Product.name.ilike(pattern) | Product.sku.ilike(pattern))
    return Rows(stmt, [Product.name, Product.id], 100)

"""The customer graph as SQL for the compiled read path: the same rows, order, limits and scopes as its loaders."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from rapport.core.errors import RapportError
from rapport.core.principal import Principal
from rapport.customers import models, types
from rapport.customers.enums import SortDirection
from rapport.customers.repository import (
    CustomerFilterSpec,
    SortSpec,
    customer_order,
    filtered_customers,
    visible_contacts,
    visible_customers,
)
from rapport.customers.service import prepare_search
from rapport.graphql.projections import (
    Arguments,
    Relation,
    RootField,
    Rows,
    Sensitive,
    project,
    relation,
    root,
    sensitive,
)
from rapport.graphql.types import page_size_or_none

project("Customer", models.Customer, types.Customer)
project("Contact", models.Contact, types.Contact)
project("Tag", models.Tag, types.Tag)
project("Order", models.Order, types.Order)


def _customer_by_id(principal: Principal | None, arguments: Arguments) -> Rows:
    # As the `customer_by_id` loader: visible rows, tombstones included (a merged one is deferred below).
    return Rows(select(models.Customer).where(models.Customer.id == arguments["id"], visible_customers(principal)))


def _customer_page(principal: Principal | None, arguments: Arguments) -> Rows | None:
    # As `Query.customers` without filter or cursor (those arguments run through the resolver).
    size = page_size_or_none(arguments.get("first"))
    order_by = arguments.get("orderBy")
    if size is None:
        return None
    if order_by is None:
        sort = SortSpec("created_at", True)
    else:
        sort = SortSpec(order_by["field"].value, order_by.get("direction") is SortDirection.DESC)
    search = arguments.get("search")
    try:
        query = prepare_search(search) if search else None
    except RapportError:
        return None
    return Rows(filtered_customers(principal, CustomerFilterSpec(), query), customer_order(sort), size)


root(
    "customer",
    RootField(
        "Customer",
        "one",
        _customer_by_id,
        arguments=frozenset({"id"}),
        # A merged duplicate's id answers its survivor: the resolver follows the chain.
        defer_when=lambda customer: customer.merged_into_id.is_not(None),
        global_id_arguments={"id": "Customer"},
    ),
)
root(
    "customers",
    RootField("Customer", "connection", _customer_page, arguments=frozenset({"first", "orderBy", "search"})),
)


def _contacts(customer: Any, principal: Principal | None, arguments: Arguments) -> Rows:
    contact = models.Contact
    return Rows(
        select(contact).where(contact.customer_id == customer.id),
        [contact.is_primary.desc(), contact.name, contact.id],
    )


def _tags(customer: Any, principal: Principal | None, arguments: Arguments) -> Rows:
    tag, link = models.Tag, models.CustomerTag
    return Rows(
        select(tag).join(link, link.tag_id == tag.id).where(link.customer_id == customer.id),
        [tag.name, tag.id],
    )


def _orders(customer: Any, principal: Principal | None, arguments: Arguments) -> Rows | None:
    size = page_size_or_none(arguments.get("first"))
    if size is None or arguments.get("after") is not None:
        return None
    order = models.Order
    return Rows(select(order).where(order.customer_id == customer.id), [order.ordered_at.desc(), order.id.desc()], size)


def customer_of(row: Any, principal: Principal | None, arguments: Arguments) -> Rows:
    """The row's customer (its `customer_id`) if the caller may see it, as `customer_by_id` loads it."""
    return Rows(select(models.Customer).where(models.Customer.id == row.customer_id, visible_customers(principal)))


def contact_of(row: Any, principal: Principal | None, arguments: Arguments) -> Rows:
    """The row's contact (its `contact_id`) if the caller may see it, as `contact_by_id` loads it."""
    return Rows(select(models.Contact).where(models.Contact.id == row.contact_id, visible_contacts(principal)))


relation("Customer", "contacts", Relation("Contact", "list", _contacts))
relation("Customer", "tags", Relation("Tag", "list", _tags))
relation("Customer", "orders", Relation("Order", "connection", _orders, frozenset({"first", "after"})))
relation("Contact", "customer", Relation("Customer", "one", customer_of))
relation("Order", "customer", Relation("Customer", "one", customer_of))
sensitive("Contact", "phones", Sensitive("Contact.phones", "phones_enc", "contact", "phones", True, "customer_id"))
sensitive("Contact", "emails", Sensitive("Contact.emails", "emails_enc", "contact", "emails", True, "customer_id"))
sensitive("Customer", "idNumber", Sensitive("Customer.idNumber", "id_number_enc", "customer", "id_number", False, "id"))
sensitive("Customer", "address", Sensitive("Customer.address", "address_enc", "customer", "address", False, "id"))

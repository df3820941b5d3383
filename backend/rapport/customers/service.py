"""The customer graph's rules, the one module other domains call: customers, contacts, tags, orders, merge and
personal data (each in its own module, re-exported here), and the building blocks other domains use (below)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import and_, any_, exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core import clock
from rapport.core.crypto import vault
from rapport.core.errors import NotFoundError
from rapport.core.principal import Principal
from rapport.core.text import InvalidPhoneError, digits, normalise_phone
from rapport.customers.addresses import ContactAddress, adopt_language, contact_address
from rapport.customers.contacts import ContactDraft, create_contact, delete_contact, update_contact
from rapport.customers.duplicates import CustomerDraft as DuplicateDraft
from rapport.customers.duplicates import DuplicateRow, draft_duplicates, duplicates_of
from rapport.customers.locks import check_version, locked_contact, locked_customer
from rapport.customers.marketing_facts import (
    ContactPoints,
    contact_points,
    customer_has_tag,
    customer_owner_id,
    customers_on_anniversary,
    latest_order_at,
    order_customer_ids,
    primary_contact_ids,
)
from rapport.customers.merge import merge_customers
from rapport.customers.models import (
    REVENUE_STATUSES,
    Contact,
    Customer,
    CustomerLastEvent,
    CustomerScore,
    CustomerTag,
    Order,
    OrderLine,
    PoolStatus,
    Product,
    Tag,
)
from rapport.customers.outreach import (
    Recipient,
    contact_ids_with_point,
    contact_time_zones,
    contacts_of_customers,
    customer_of_contact,
    email_digest,
    recipients,
)
from rapport.customers.personal import (
    ENCRYPTED,
    MAX_CONTACT_POINTS,
    contact_point_digests,
    decrypt_list,
    decrypt_value,
    encrypt_list,
    encrypt_value,
    normalise_emails,
    normalise_phones,
    prepare_search,
)
from rapport.customers.records import (
    CUSTOMER_FIELDS,
    SENSITIVE_CUSTOMER_FIELDS,
    CustomerDraft,
    archive_customer,
    create_customer,
    create_order,
    tag_customer,
    unarchive_customer,
    untag_customer,
    update_customer,
)
from rapport.customers.repository import CustomerRepository, reads
from rapport.customers.repository.scopes import visible_customers
from rapport.customers.segment_facts import order_facts

#: Names defined in the feature modules, re-exported for other domains.
__all__ = [
    "CUSTOMER_FIELDS",
    "ENCRYPTED",
    "MAX_CONTACT_POINTS",
    "SENSITIVE_CUSTOMER_FIELDS",
    "ContactAddress",
    "ContactDraft",
    "ContactPoints",
    "CustomerDraft",
    "DuplicateDraft",
    "DuplicateRow",
    "Recipient",
    "adopt_language",
    "archive_customer",
    "check_version",
    "contact_address",
    "contact_ids_with_point",
    "contact_point_digests",
    "contact_points",
    "contact_time_zones",
    "contacts_of_customers",
    "create_contact",
    "create_customer",
    "create_order",
    "customer_has_tag",
    "customer_model",
    "customer_of_contact",
    "customer_owner_id",
    "customers_on_anniversary",
    "decrypt_list",
    "decrypt_value",
    "delete_contact",
    "draft_duplicates",
    "duplicates_of",
    "email_digest",
    "encrypt_list",
    "encrypt_value",
    "last_event_at",
    "latest_order_at",
    "locked_contact",
    "locked_customer",
    "merge_customers",
    "normalise_emails",
    "normalise_phones",
    "order_customer_ids",
    "order_facts",
    "prepare_search",
    "primary_contact_ids",
    "recipients",
    "tag_customer",
    "unarchive_customer",
    "untag_customer",
    "update_contact",
    "update_customer",
]


# --- for other domains' declared relations and rules (issue 15; appended by the activities domain) --------

#: A relation's statement builder (`rapport.graphql.declare.RelationRows`): parent row, caller, arguments.
RelationRowsOf = Callable[[Any, Principal | None, Mapping[str, Any]], Any]


def customer_of(attribute: str) -> RelationRowsOf:
    """Query building block: the customer whose id the parent row holds in `attribute` (e.g. an activity's
    `customer_id`), if the caller may see it — as `customer_by_id` loads it (tombstones included)."""
    return reads.customer_of(attribute)


def contact_of(attribute: str) -> RelationRowsOf:
    """Query building block: the contact whose id the parent row holds in `attribute` (e.g. an activity's
    `contact_id`), if the caller may see its customer — as `contact_by_id` loads it."""
    return reads.contact_of(attribute)


def contacts_seen(principal: Principal | None) -> Any:
    """Query building block: a SELECT of the contacts the caller may see (those of customers they may see)."""
    return reads.contacts_seen(principal)


async def record_activity(session: AsyncSession, principal: Principal, customer_id: uuid.UUID, occurred: Any) -> None:
    """An activity with a customer happened at `occurred`: it moves the customer's last activity, and, when
    `principal` owns the customer, its last follow-up (which starts the public-pool clock again)."""
    locked = await CustomerRepository(session).get_for_update(customer_id)
    if locked is None:
        raise NotFoundError("No customer with that id.")
    if locked.last_activity_at is None or occurred > locked.last_activity_at:
        locked.last_activity_at = occurred
    if locked.owner_id == principal.user_id and (
        locked.last_follow_up_at is None or occurred > locked.last_follow_up_at
    ):
        locked.last_follow_up_at = occurred
        locked.pool_warned_at = None


# --- for other domains' demo data (issue 15; appended by the support domain) -------------------------------


async def oldest_customers(session: AsyncSession, limit: int) -> list[Customer]:
    """The first `limit` customers created that were not merged into another (demo data of other domains)."""
    return await CustomerRepository(session).oldest(limit)


async def contacts_of(session: AsyncSession, customer_id: uuid.UUID) -> list[Contact]:
    """A customer's contacts (demo data of other domains, the outbox's part of a data subject)."""
    return await CustomerRepository(session).contacts_of(customer_id)


# --- for sales' public pool, lead matching and won deals (issue 15; appended by the sales domain) -----------


def last_event_at(customer_id: Any, kinds: Any) -> Any:
    """The latest time of an event of any of `kinds` (an SQL array of event kinds) of the customer (its id column),
    null without one: one index lookup in the stored latest times (`CustomerLastEvent`)."""
    return (
        select(func.max(CustomerLastEvent.at))
        .where(CustomerLastEvent.customer_id == customer_id, CustomerLastEvent.kind == any_(kinds))
        .scalar_subquery()
    )


def customer_model() -> Any:
    """The customer entity, for a type of another domain declared over customer rows (sales' `PoolCustomer`)."""
    return Customer


def customer_rows() -> Any:
    """Query building block for other domains' SQL: every customer, as a SELECT of the customer entity.

    Sales composes it through its columns (`statement.selected_columns`): the public pool and its deadlines, a
    deal's region; it locks and loads the rows, and changes their owner only through the functions below.
    """
    from sqlalchemy import select

    return select(Customer)


def contact_point_customers(kind: str, digest: bytes) -> Any:
    """Query building block: a SELECT of the ids of customers with a phone or email (`kind`) of this blind-index
    digest (a new lead matching a known customer)."""
    from sqlalchemy import select

    from rapport.customers.models import ContactPoint

    return select(ContactPoint.customer_id).where(ContactPoint.kind == kind, ContactPoint.digest == digest)


def order_with_id(order_id: Any) -> Any:
    """Query building block: a SELECT of the order whose id is `order_id` (e.g. a won opportunity's `order_id`
    column, for its declared relation)."""
    from sqlalchemy import select

    return select(Order).where(Order.id == order_id)


def order_conversions() -> Any:
    """Query building block for attribution: orders placed (not cancelled or refunded) as a SELECT of `id`,
    `customer_id`, `at` (ordered) and `revenue` (the order's total)."""
    return select(
        Order.id.label("id"),
        Order.customer_id.label("customer_id"),
        Order.ordered_at.label("at"),
        Order.total_amount.label("revenue"),
    ).where(Order.status.notin_(("cancelled", "refunded")))


def take_customer(customer: Customer, user_id: uuid.UUID, team_id: uuid.UUID | None) -> None:
    """A customer of the public pool gets an owner (claimed or allocated): private again, the follow-up clock
    started afresh. The caller holds the row locked."""
    now = clock.now()
    customer.owner_id, customer.team_id, customer.pool_status = user_id, team_id, PoolStatus.PRIVATE.value
    customer.owned_since, customer.in_pool_since, customer.pool_warned_at = now, None, None
    customer.last_follow_up_at = None
    customer.updated_at = now


def release_customer(customer: Customer) -> None:
    """An owned customer returns to the public pool, without owner or team. The caller holds the row locked."""
    now = clock.now()
    customer.owner_id, customer.team_id = None, None
    customer.pool_status, customer.in_pool_since, customer.pool_warned_at = PoolStatus.PUBLIC.value, now, None
    customer.updated_at = now


def mark_pool_warned(customer: Customer) -> None:
    """The owner was warned that the customer returns to the public pool soon (warned once per ownership)."""
    customer.pool_warned_at = clock.now()


# --- lookups for other domains (customers domain) ---------------------------------------------------------


async def products_by_ids(session: AsyncSession, ids: Sequence[uuid.UUID]) -> list[Any]:
    """Catalogue products with these ids, missing ones skipped (e.g. the lines of a deal)."""
    return list(await CustomerRepository(session).products_by_ids(ids))


def product_of(attribute: str) -> RelationRowsOf:
    """Query building block: the product whose id the parent row holds in `attribute` (e.g. a deal line's
    `product_id`); products are not row-scoped."""
    return reads.product_of(attribute)


async def customers_by_ids(
    session: AsyncSession, principal: Principal | None, ids: Sequence[uuid.UUID]
) -> list[Customer]:
    """Visible customers with these ids, tombstones included, in no particular order (e.g. a watchlist)."""
    return await CustomerRepository(session).by_ids(principal, ids)


async def customer_region_counts(session: AsyncSession) -> list[tuple[str | None, str | None, int]]:
    """Every (province, city) live customers have, with how many (the regions report)."""
    return await CustomerRepository(session).region_counts()


# --- for the service desk's phone lookup (issue 14; appended by the support domain) -----------------------


def phone_digest(text: str) -> bytes:
    """The blind-index digest under which a contact's phone equal to `text` is found: the text normalised as
    contacts' phones are (E.164). A text that is no phone number gets the digest of its digits, which no
    contact's phone has (theirs are E.164, with a `+`): a fragment matches nothing, however it is spelt."""
    try:
        normalised = normalise_phone(text)
    except InvalidPhoneError:
        normalised = digits(text)
    return vault().blind.digest("phone", normalised)


async def customer_ids_with_phone(session: AsyncSession, digest: bytes, limit: int = 20) -> list[uuid.UUID]:
    """Every customer (merged ones not) with a contact whose whole phone number has this digest (`phone_digest`),
    whoever may see them, by name: an exact match, never one of a fragment or of the last four digits. For the
    service desk's phone lookup, which decides what its caller may then see (`customers_by_ids` shows it)."""
    return await CustomerRepository(session).ids_with_contact_point("phone", digest, limit)


# --- for marketing's segment rules (issue 18; appended by the marketing domain) ----------------------------
# Each takes the customer id column of the statement it goes into and returns a correlated SQL expression that an
# index answers (orders by (customer_id, ordered_at), tags by their primary key, scores by customer).


def segment_candidates(principal: Principal | None) -> Any:
    """Query building block: the live customers (neither merged nor archived) `principal` may see, as a WHERE
    clause over the customer table (the row scope every segment's members are counted under)."""
    return and_(visible_customers(principal), Customer.merged_into_id.is_(None), Customer.archived_at.is_(None))


def has_tag_clause(customer_id: Any, tag_name: str) -> Any:
    """SQL: the customer carries the tag named `tag_name`."""
    return exists().where(CustomerTag.customer_id == customer_id, CustomerTag.tag_id == Tag.id, Tag.name == tag_name)


def customer_rfm_segment_in(customer_id: Any, segments: Sequence[str]) -> Any:
    """SQL: the customer's latest RFM segment is one of `segments`."""
    return exists().where(CustomerScore.customer_id == customer_id, CustomerScore.segment.in_(list(segments)))


def _revenue_orders(customer_id: Any, since: Any) -> Any:
    where = [Order.customer_id == customer_id, Order.status.in_(REVENUE_STATUSES)]
    if since is not None:
        where.append(Order.ordered_at >= since)
    return where


def customer_ordered(customer_id: Any, since: Any, *, sku: str | None = None, category: str | None = None) -> Any:
    """SQL: the customer has an order (paid, shipped or completed) placed at or after `since` (None: ever), with a
    line of the product `sku` or of a product in `category` when given."""
    found = exists().where(*_revenue_orders(customer_id, since))
    if sku is not None or category is not None:
        found = found.where(OrderLine.order_id == Order.id, Product.id == OrderLine.product_id)
        found = found.where(Product.sku == sku) if sku is not None else found.where(Product.category == category)
    return found


def customer_order_count(customer_id: Any, since: Any) -> Any:
    """SQL: how many orders (paid, shipped or completed) the customer placed at or after `since` (None: ever)."""
    return select(func.count(Order.id)).where(*_revenue_orders(customer_id, since)).scalar_subquery()


def customer_order_amount(customer_id: Any, since: Any) -> Any:
    """SQL: the total of the customer's orders (paid, shipped or completed) at or after `since` (None: ever); 0
    without orders."""
    total = func.coalesce(func.sum(Order.total_amount), 0)
    return select(total).where(*_revenue_orders(customer_id, since)).scalar_subquery()

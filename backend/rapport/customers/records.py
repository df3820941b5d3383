"""Customers themselves: create, change and archive them, tag them, record their purchases; all audited."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core import audit, clock, external_ids, regions
from rapport.core.domain_events import emit, graphql_names
from rapport.core.errors import BadUserInputError
from rapport.core.i18n import msg
from rapport.core.ids import uuid7
from rapport.core.principal import Principal
from rapport.core.text import search_tokens
from rapport.customers.contacts import ContactDraft, create_contact
from rapport.customers.locks import check_version, locked_customer
from rapport.customers.models import Customer, CustomerKind, CustomerStatus, Order, PoolStatus
from rapport.customers.names import name_keys
from rapport.customers.personal import encrypt_value
from rapport.customers.repository import CustomerRepository
from rapport.identity.service import user_by_id

#: Columns a caller may set on a customer (GraphQL input names map to these).
CUSTOMER_FIELDS = (
    "kind",
    "name",
    "status",
    "grade",
    "source",
    "industry",
    "province",
    "city",
    "size",
    "gender",
    "birth_date",
    "occupation",
    "education",
    "marital_status",
    "credit_rating",
    "risk_level",
    "owner_id",
    "team_id",
    "external_id",
)
SENSITIVE_CUSTOMER_FIELDS = ("id_number", "address")


@dataclass
class CustomerDraft:
    """A customer to create; `values` holds CUSTOMER_FIELDS and the sensitive fields by column name."""

    values: dict[str, Any]
    contacts: list[ContactDraft] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)


def _validate_customer_values(values: Mapping[str, Any]) -> dict[str, Any]:
    clean = dict(values)
    if "name" in clean:
        name = (clean["name"] or "").strip()
        if not name:
            raise BadUserInputError("Give the customer a name.", field="name")
        if len(name) > 200:
            raise BadUserInputError("A name has at most 200 characters.", field="name")
        clean["name"] = name
    if clean.get("kind") is not None and clean["kind"] not in {k.value for k in CustomerKind}:
        raise BadUserInputError("kind must be company or person.", field="kind")
    if clean.get("status") is not None and clean["status"] not in {s.value for s in CustomerStatus}:
        raise BadUserInputError("Unknown status.", field="status")
    if clean.get("grade") is not None and clean["grade"] not in ("A", "B", "C", "D"):
        raise BadUserInputError("grade must be one of A, B, C, D.", field="grade")
    birth = clean.get("birth_date")
    if isinstance(birth, date) and not date(1900, 1, 1) <= birth <= clock.now().date():
        raise BadUserInputError("The birth date must be between 1900 and today.", field="birthDate")
    for key in ("source", "industry", "province", "city", "occupation", "education", "credit_rating"):
        if isinstance(clean.get(key), str):
            clean[key] = clean[key].strip()[:64] or None
    # Regions are stored by their standard names (上海 -> 上海市); text that names no region stays as typed.
    if "external_id" in clean:
        clean["external_id"] = external_ids.clean(clean["external_id"])
    if clean.get("province"):
        clean["province"] = regions.standard_province(clean["province"])
    if clean.get("city"):
        clean["city"] = regions.standard_city(clean["city"], clean.get("province"))
    return clean


async def claim_external_id(session: AsyncSession, external_id: str | None, own_id: uuid.UUID | None) -> None:
    """Lock a customer's external id for this transaction; BAD_USER_INPUT when another customer holds it."""
    if external_id is None:
        return
    await external_ids.lock(session, "customer", [external_id])
    holder = await CustomerRepository(session).id_by_external_id(external_id)
    if holder is not None and holder != own_id:
        raise BadUserInputError(
            msg("Another customer already has the external id {externalId}.", externalId=external_id),
            field="externalId",
            reason="EXTERNAL_ID_TAKEN",
        )


async def _team_of(session: AsyncSession, user_id: uuid.UUID | None) -> uuid.UUID | None:
    """The team of a (prospective) owner; BAD_USER_INPUT when the user does not exist or is inactive."""
    if user_id is None:
        return None
    user = await user_by_id(session, user_id)
    if user is None or not user.active:
        raise BadUserInputError("The owner must be an active user.", field="ownerId")
    return user.team_id


def name_columns(name: str) -> dict[str, Any]:
    """What a customer keeps of its name for lookups: its search tokens and its keys for the duplicate finder."""
    return {"search_tokens": search_tokens(name), **name_keys(name)}


def _index_name(customer: Customer) -> None:
    for key, value in name_columns(customer.name).items():
        setattr(customer, key, value)


async def create_customer(session: AsyncSession, principal: Principal, draft: CustomerDraft) -> Customer:
    """A new customer owned by the caller (or the given owner), with its contacts and tags, audited."""
    values = _validate_customer_values(draft.values)
    if not values.get("name"):
        raise BadUserInputError("Give the customer a name.", field="name")
    await claim_external_id(session, values.get("external_id"), None)
    now = clock.now()
    customer = Customer(id=uuid7(), version=1, created_at=now, updated_at=now)
    customer.kind = values.get("kind") or CustomerKind.COMPANY.value
    customer.status = values.get("status") or CustomerStatus.PROSPECT.value
    customer.pool_status = PoolStatus.PRIVATE.value
    for key in CUSTOMER_FIELDS:
        if key in values and key not in ("kind", "status"):
            setattr(customer, key, values[key])
    if customer.owner_id is None:
        customer.owner_id = principal.user_id
    if "team_id" not in values or customer.team_id is None:
        customer.team_id = await _team_of(session, customer.owner_id)
    customer.owned_since = now if customer.owner_id else None
    customer.created_by_id = principal.user_id
    _index_name(customer)
    for key in SENSITIVE_CUSTOMER_FIELDS:
        if values.get(key):
            setattr(
                customer,
                f"{key}_enc",
                encrypt_value(values[key], table="customer", column=key, row_id=customer.id),
            )
    session.add(customer)
    await session.flush()
    contacts = list(draft.contacts)
    if customer.kind == CustomerKind.PERSON.value and contacts and not any(c.is_primary for c in contacts):
        contacts[0].is_primary = True
    for i, contact in enumerate(contacts):
        await create_contact(session, principal, customer, contact, field_prefix=f"contacts.{i}.", audit_it=False)
    repo = CustomerRepository(session)
    if draft.tags:
        tags = await repo.ensure_tags(_clean_tag_names(draft.tags), now)
        await repo.tag_customer(customer.id, tags, now)
    audit.record(
        session,
        actor_id=principal.user_id,
        entity_type="Customer",
        entity_id=customer.id,
        action="create",
        changes=creation_changes(values, len(contacts), draft.tags),
    )
    emit(session, "customer.created", "Customer", customer.id, actor_id=principal.user_id)
    return customer


def creation_changes(values: Mapping[str, Any], contacts: int, tags: Sequence[str]) -> dict[str, Any]:
    """What a new customer's audit entry records: its values (sensitive ones only as set), contacts and tags."""
    return (
        {k: [None, v] for k, v in values.items() if k not in SENSITIVE_CUSTOMER_FIELDS}
        | {k: [None, "(set)"] for k in SENSITIVE_CUSTOMER_FIELDS if values.get(k)}
        | ({"contacts": [None, contacts]} if contacts else {})
        | ({"tags": [None, sorted(tags)]} if tags else {})
    )


def _updated(session: AsyncSession, principal: Principal, customer: Customer, changed: list[str]) -> None:
    emit(session, "customer.updated", "Customer", customer.id, actor_id=principal.user_id, changed=changed)


async def update_customer(
    session: AsyncSession,
    principal: Principal,
    customer_id: uuid.UUID,
    version: int,
    changes: Mapping[str, Any],
) -> Customer:
    """Apply changes to a customer if `version` is current (else CONFLICT, nothing changes); audited."""
    customer = await locked_customer(session, principal, customer_id)
    check_version(customer.version, version, "customer")
    values = _validate_customer_values(changes)
    if values.get("external_id") not in (None, customer.external_id):
        await claim_external_id(session, values["external_id"], customer.id)
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for key, value in values.items():
        if key in SENSITIVE_CUSTOMER_FIELDS:
            setattr(customer, f"{key}_enc", encrypt_value(value, table="customer", column=key, row_id=customer.id))
            before[key], after[key] = "(set)", "(changed)" if value else None
            continue
        old = getattr(customer, key)
        if old != value:
            before[key], after[key] = old, value
            setattr(customer, key, value)
    if "owner_id" in after:
        customer.owned_since = clock.now() if customer.owner_id else None
        customer.team_id = await _team_of(session, customer.owner_id) if customer.owner_id else customer.team_id
    if "name" in after:
        _index_name(customer)
    if after:
        customer.updated_at = clock.now()
        await session.flush()
        audit.record(
            session,
            actor_id=principal.user_id,
            entity_type="Customer",
            entity_id=customer.id,
            action="update",
            changes={k: [before[k], after[k]] for k in after},
        )
        _updated(session, principal, customer, graphql_names(after))
    return customer


async def archive_customer(
    session: AsyncSession, principal: Principal, customer_id: uuid.UUID, version: int
) -> Customer:
    """Archive a customer (hidden from lists by default, kept with its history); audited."""
    customer = await locked_customer(session, principal, customer_id)
    check_version(customer.version, version, "customer")
    if customer.archived_at is None:
        customer.archived_at = clock.now()
        customer.updated_at = customer.archived_at
        await session.flush()
        audit.record(
            session,
            actor_id=principal.user_id,
            entity_type="Customer",
            entity_id=customer.id,
            action="archive",
        )
        _updated(session, principal, customer, ["archivedAt"])
    return customer


async def unarchive_customer(
    session: AsyncSession, principal: Principal, customer_id: uuid.UUID, version: int
) -> Customer:
    """Bring an archived customer back into lists (undo an archive); audited."""
    customer = await locked_customer(session, principal, customer_id)
    check_version(customer.version, version, "customer")
    if customer.merged_into_id is not None:
        raise BadUserInputError("A merged customer stays archived; open the customer it was merged into.", field="id")
    if customer.archived_at is not None:
        customer.archived_at = None
        customer.updated_at = clock.now()
        await session.flush()
        audit.record(
            session,
            actor_id=principal.user_id,
            entity_type="Customer",
            entity_id=customer.id,
            action="unarchive",
        )
        _updated(session, principal, customer, ["archivedAt"])
    return customer


def _clean_tag_names(names: Sequence[str]) -> list[str]:
    clean = sorted({n.strip()[:64] for n in names if n and n.strip()})
    if not clean:
        raise BadUserInputError("Give at least one tag name.", field="tags")
    return clean


async def tag_customer(
    session: AsyncSession, principal: Principal, customer_id: uuid.UUID, names: Sequence[str]
) -> Customer:
    """Put tags (created when new) on a customer; audited."""
    customer = await locked_customer(session, principal, customer_id)
    clean = _clean_tag_names(names)
    repo = CustomerRepository(session)
    now = clock.now()
    await repo.tag_customer(customer.id, await repo.ensure_tags(clean, now), now)
    audit.record(
        session,
        actor_id=principal.user_id,
        entity_type="Customer",
        entity_id=customer.id,
        action="tag",
        changes={"tags": [None, clean]},
    )
    _updated(session, principal, customer, ["tags"])
    return customer


async def untag_customer(
    session: AsyncSession, principal: Principal, customer_id: uuid.UUID, names: Sequence[str]
) -> Customer:
    """Take tags off a customer; audited."""
    customer = await locked_customer(session, principal, customer_id)
    clean = _clean_tag_names(names)
    await CustomerRepository(session).untag_customer(customer.id, clean)
    audit.record(
        session,
        actor_id=principal.user_id,
        entity_type="Customer",
        entity_id=customer.id,
        action="untag",
        changes={"tags": [clean, None]},
    )
    _updated(session, principal, customer, ["tags"])
    return customer


async def create_order(
    session: AsyncSession,
    principal: Principal | None,
    customer_id: uuid.UUID,
    amount: Decimal,
    *,
    channel: str = "direct",
    status: str = "completed",
    note: str | None = None,
) -> Order:
    """Record a purchase (e.g. a won opportunity); it feeds revenue and RFM figures."""
    if amount < 0:
        raise BadUserInputError("An order amount cannot be negative.", field="amount")
    now = clock.now()
    order = Order(
        id=uuid7(),
        version=1,
        created_at=now,
        updated_at=now,
        number=f"SO-{now:%Y%m}-{uuid7().hex[-8:].upper()}",
        customer_id=customer_id,
        channel=channel,
        status=status,
        ordered_at=now,
        total_amount=amount,
        currency="CNY",
    )
    session.add(order)
    await session.flush()
    audit.record(
        session,
        actor_id=principal.user_id if principal else None,
        entity_type="Order",
        entity_id=order.id,
        action="create",
        changes={"customerId": [None, str(customer_id)], "amount": [None, str(amount)], "note": [None, note]},
    )
    emit(session, "order.created", "Order", order.id, actor_id=principal.user_id if principal else None)
    return order

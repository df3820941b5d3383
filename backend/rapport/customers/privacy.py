"""Data-subject rights: export everything held about a person, and erase (anonymise) it for good."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import orjson
from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.activities.models import Activity, Task
from rapport.core import audit, clock
from rapport.core.audit import AuditEntry
from rapport.core.authz.scopes import referenced
from rapport.core.errors import BadUserInputError
from rapport.core.principal import Principal
from rapport.customers.models import Contact, ContactPoint, Customer, CustomerTag, Order, OrderLine, Tag
from rapport.customers.repository import CustomerRepository
from rapport.customers.service import decrypt_list, decrypt_value

PERSON_FIELDS = ("gender", "birth_date", "occupation", "education", "marital_status")


def _row(obj: Any, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    return {
        c.key: getattr(obj, c.key)
        for c in obj.__table__.columns
        if c.key not in skip and not c.key.endswith("_enc") and c.key != "search_tokens"
    }


async def _visible(session: AsyncSession, principal: Principal, customer_id: uuid.UUID) -> Customer:
    customer: Customer = await referenced(session, principal, "Customer", customer_id)
    return customer


#: Other domains' parts of a data subject: name -> (export rows of a customer, erase them returning a count).
#: An export shows rows, so it applies the caller's row scope of its type; an erasure reaches every row.
PrivacyExport = Callable[[AsyncSession, Principal, uuid.UUID], Awaitable[list[dict[str, Any]]]]
PrivacyErase = Callable[[AsyncSession, uuid.UUID], Awaitable[int]]
_PARTS: dict[str, tuple[PrivacyExport, PrivacyErase]] = {}


def register_privacy_part(name: str, export: PrivacyExport, erase: PrivacyErase) -> None:
    """Include a domain's rows about a customer (e.g. leads) in data subject exports and erasures."""
    _PARTS[name] = (export, erase)


async def export_subject(session: AsyncSession, principal: Principal, customer_id: uuid.UUID) -> dict[str, Any]:
    """Everything Rapport holds about a customer and its contacts, decrypted, as JSON-ready data; audited."""
    customer = await _visible(session, principal, customer_id)
    profile = _row(customer)
    profile["id_number"] = decrypt_value(
        customer.id_number_enc, table="customer", column="id_number", row_id=customer.id
    )
    profile["address"] = decrypt_value(customer.address_enc, table="customer", column="address", row_id=customer.id)
    contacts = []
    for contact in (await session.execute(select(Contact).where(Contact.customer_id == customer.id))).scalars():
        item = _row(contact)
        item["phones"] = decrypt_list(contact.phones_enc, table="contact", column="phones", row_id=contact.id)
        item["emails"] = decrypt_list(contact.emails_enc, table="contact", column="emails", row_id=contact.id)
        contacts.append(item)
    tags = (
        (
            await session.execute(
                select(Tag.name)
                .join(CustomerTag, CustomerTag.tag_id == Tag.id)
                .where(CustomerTag.customer_id == customer.id)
            )
        )
        .scalars()
        .all()
    )
    orders = []
    for order in (await session.execute(select(Order).where(Order.customer_id == customer.id))).scalars():
        item = _row(order)
        item["lines"] = [
            _row(line)
            for line in (await session.execute(select(OrderLine).where(OrderLine.order_id == order.id))).scalars()
        ]
        orders.append(item)
    activities = [
        _row(a)
        for a in (
            await session.execute(
                select(Activity).where(Activity.customer_id == customer.id).order_by(Activity.occurred_at)
            )
        ).scalars()
    ]
    tasks = [_row(t) for t in (await session.execute(select(Task).where(Task.customer_id == customer.id))).scalars()]
    history = [
        _row(e)
        for e in (
            await session.execute(select(AuditEntry).where(AuditEntry.entity_id == customer.id).order_by(AuditEntry.at))
        ).scalars()
    ]
    audit.record(
        session, actor_id=principal.user_id, entity_type="Customer", entity_id=customer.id, action="data_subject_export"
    )
    data = {
        "exportedAt": clock.now().isoformat(),
        "customer": profile,
        "contacts": contacts,
        "tags": list(tags),
        "orders": orders,
        "activities": activities,
        "tasks": tasks,
        "history": history,
    }
    for name, (export, _) in sorted(_PARTS.items()):
        data[name] = await export(session, principal, customer.id)
    # Plain JSON values only (times as ISO-8601, amounts and ids as strings).
    result: dict[str, Any] = orjson.loads(orjson.dumps(data, default=str))
    return result


async def erase_subject(
    session: AsyncSession, principal: Principal, customer_id: uuid.UUID, confirm_name: str
) -> dict[str, int]:
    """Anonymise a customer and its contacts everywhere, irreversibly; orders and activities stay, detached.

    `confirm_name` must repeat the customer's current name, so that nobody erases the wrong person by accident.
    """
    customer = await _visible(session, principal, customer_id)
    if confirm_name.strip() != customer.name:
        raise BadUserInputError("Type the customer's name exactly to confirm the erasure.", field="confirmName")
    locked = await CustomerRepository(session).get_for_update(customer.id)
    assert locked is not None
    now = clock.now()
    locked.name = f"已删除 / Erased {str(locked.id)[:8]}"
    for key in PERSON_FIELDS:
        setattr(locked, key, None)
    locked.id_number_enc = None
    locked.address_enc = None
    locked.search_tokens = []
    locked.archived_at = locked.archived_at or now
    locked.updated_at = now
    contact_ids = (await session.execute(select(Contact.id).where(Contact.customer_id == customer.id))).scalars().all()
    await session.execute(
        update(Contact)
        .where(Contact.customer_id == customer.id)
        .values(name="Erased", title=None, phones_enc=None, emails_enc=None, search_tokens=[], updated_at=now)
    )
    await session.execute(delete(ContactPoint).where(ContactPoint.customer_id == customer.id))
    detached = await session.execute(
        update(Activity)
        .where(Activity.customer_id == customer.id)
        .values(contact_id=None, subject="(erased)", body=None, outcome=None)
    )
    await session.execute(update(Task).where(Task.customer_id == customer.id).values(notes=None))
    erased_parts = {name: await erase(session, customer.id) for name, (_, erase) in sorted(_PARTS.items())}
    # The audit trail keeps what happened and when, but no longer the erased values.
    entity_ids = [customer.id, *contact_ids]
    await session.execute(
        update(AuditEntry).where(AuditEntry.entity_id.in_(entity_ids)).values(changes={"erased": True})
    )
    await session.flush()
    audit.record(
        session,
        actor_id=principal.user_id,
        entity_type="Customer",
        entity_id=customer.id,
        action="data_subject_erase",
        changes={"contacts": [len(contact_ids), 0]},
    )
    activities = int(detached.rowcount)  # type: ignore[attr-defined]
    return {"contacts": len(contact_ids), "activities": activities, **erased_parts}

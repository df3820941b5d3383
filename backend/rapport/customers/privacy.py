"""Data-subject rights: export everything held about a person, and erase (anonymise) it for good.

The customer graph's own rows are read and anonymised here; every other domain's rows about the customer come
from the privacy parts of the assembled manifests (`rapport.manifest.PrivacyPart`).
"""

from __future__ import annotations

import uuid
from typing import Any

import orjson
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core import audit, clock
from rapport.core.authz.scopes import referenced
from rapport.core.errors import BadUserInputError
from rapport.core.principal import Principal
from rapport.customers.models import Customer
from rapport.customers.names import name_keys
from rapport.customers.personal import decrypt_list, decrypt_value
from rapport.customers.repository import CustomerRepository, DataSubjectRepository
from rapport.manifest import PrivacyPart, installed

PERSON_FIELDS = ("gender", "birth_date", "occupation", "education", "marital_status")


def privacy_parts() -> list[PrivacyPart]:
    """Every other domain's part of a data subject, by name."""
    return sorted(installed().privacy_parts, key=lambda part: part.name)


#: Columns derived from others for lookups (search tokens, the name's keys): not the subject's data.
_DERIVED = frozenset({"search_tokens", *name_keys("").keys()})


def _row(obj: Any, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    return {
        c.key: getattr(obj, c.key)
        for c in obj.__table__.columns
        if c.key not in skip and not c.key.endswith("_enc") and c.key not in _DERIVED
    }


async def _visible(session: AsyncSession, principal: Principal, customer_id: uuid.UUID) -> Customer:
    customer: Customer = await referenced(session, principal, "Customer", customer_id)
    return customer


async def export_subject(session: AsyncSession, principal: Principal, customer_id: uuid.UUID) -> dict[str, Any]:
    """Everything Rapport holds about a customer and its contacts, decrypted, as JSON-ready data; audited.

    An export shows rows, so each part applies the caller's row scope of its type.
    """
    customer = await _visible(session, principal, customer_id)
    repo = DataSubjectRepository(session)
    profile = _row(customer)
    profile["id_number"] = decrypt_value(
        customer.id_number_enc, table="customer", column="id_number", row_id=customer.id
    )
    profile["address"] = decrypt_value(customer.address_enc, table="customer", column="address", row_id=customer.id)
    contacts = []
    for contact in await repo.contacts(customer.id):
        item = _row(contact)
        item["phones"] = decrypt_list(contact.phones_enc, table="contact", column="phones", row_id=contact.id)
        item["emails"] = decrypt_list(contact.emails_enc, table="contact", column="emails", row_id=contact.id)
        contacts.append(item)
    orders = [
        {**_row(order), "lines": [_row(line) for line in lines]}
        for order, lines in await repo.orders_with_lines(customer.id)
    ]
    data: dict[str, Any] = {
        "exportedAt": clock.now().isoformat(),
        "customer": profile,
        "contacts": contacts,
        "tags": await repo.tag_names(customer.id),
        "orders": orders,
    }
    for part in privacy_parts():
        data[part.name] = await part.export(session, principal, customer.id)
    data["history"] = [_row(entry) for entry in await repo.history(customer.id)]
    audit.record(
        session, actor_id=principal.user_id, entity_type="Customer", entity_id=customer.id, action="data_subject_export"
    )
    # Plain JSON values only (times as ISO-8601, amounts and ids as strings).
    result: dict[str, Any] = orjson.loads(orjson.dumps(data, default=str))
    return result


async def erase_subject(
    session: AsyncSession, principal: Principal, customer_id: uuid.UUID, confirm_name: str
) -> dict[str, int]:
    """Anonymise a customer and its contacts everywhere, irreversibly; orders and activities stay, detached.

    `confirm_name` must repeat the customer's current name, so that nobody erases the wrong person by accident.
    Returns how many rows of each kind were anonymised: contacts, and each part's count by its name. An erasure
    reaches every row, whatever the caller's scope of other types.
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
    for key, value in name_keys(locked.name).items():
        setattr(locked, key, value)
    locked.archived_at = locked.archived_at or now
    locked.updated_at = now
    repo = DataSubjectRepository(session)
    contact_ids = await repo.anonymise_contacts(customer.id, now)
    erased = {part.name: await part.erase(session, customer.id) for part in privacy_parts()}
    # The audit trail keeps what happened and when, but no longer the erased values.
    await repo.forget_changes([customer.id, *contact_ids])
    await session.flush()
    audit.record(
        session,
        actor_id=principal.user_id,
        entity_type="Customer",
        entity_id=customer.id,
        action="data_subject_erase",
        changes={"contacts": [len(contact_ids), 0]},
    )
    return {"contacts": len(contact_ids), **erased}

"""Many new customers at once (an import's chunk): the same rows `create_customer` writes — the customer, its
contacts with their blind index, its tags, the audit entries and the `customer.created` events — built as plain rows
and written with one COPY per table (`rapport.core.bulk`) instead of an ORM object and an INSERT row per record.

Each draft is checked as `create_customer` checks it; a draft that fails comes back as its error, the others are
written. External ids are claimed for the whole batch under their advisory locks first (one taken already is that
draft's error), so the INSERT never meets the unique index.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core import audit, clock, external_ids
from rapport.core.bulk import copy_rows
from rapport.core.domain_events import DomainEvent, event_row
from rapport.core.errors import BadUserInputError
from rapport.core.i18n import msg
from rapport.core.ids import uuid7
from rapport.core.principal import Principal
from rapport.core.text import search_tokens
from rapport.customers.contacts import ContactDraft, contact_language, contact_time_zone
from rapport.customers.models import (
    Contact,
    ContactPoint,
    Customer,
    CustomerKind,
    CustomerStatus,
    CustomerTag,
    PoolStatus,
)
from rapport.customers.personal import (
    contact_point_digests,
    encrypt_list,
    encrypt_value,
    normalise_emails,
    normalise_phones,
)
from rapport.customers.records import (
    CUSTOMER_FIELDS,
    SENSITIVE_CUSTOMER_FIELDS,
    CustomerDraft,
    _clean_tag_names,
    _team_of,
    _validate_customer_values,
    creation_changes,
    name_columns,
)
from rapport.customers.repository import CustomerRepository


@dataclass(frozen=True)
class Created:
    """A customer `create_many` wrote."""

    id: uuid.UUID
    version: int


#: The tables in their foreign keys' order: customers, then their contacts and tags, then the contacts' blind index,
#: then the audit entries and events.
_TABLES = (Customer, Contact, CustomerTag, ContactPoint, audit.AuditEntry, DomainEvent)


async def create_many(
    session: AsyncSession, principal: Principal, drafts: Sequence[CustomerDraft]
) -> list[Created | BadUserInputError]:
    """Create every valid draft together; one result per draft, in order (the customer, or why not)."""
    now = clock.now()
    results: list[Created | BadUserInputError | None] = []
    checked: list[tuple[int, CustomerDraft, dict[str, Any]]] = []
    for draft in drafts:
        try:
            values = _validate_customer_values(draft.values)
            if not values.get("name"):
                raise BadUserInputError("Give the customer a name.", field="name")
            checked.append((len(results), draft, values))
            results.append(None)
        except BadUserInputError as error:
            results.append(error)
    wanted = [str(v["external_id"]) for _, _, v in checked if v.get("external_id")]
    await external_ids.lock(session, "customer", wanted)
    taken = set(
        (await session.scalars(select(Customer.external_id).where(Customer.external_id.in_(wanted)))).all()
    ) if wanted else set()  # fmt: skip
    teams: dict[uuid.UUID | None, uuid.UUID | None] = {}
    tag_names = sorted({t for _, d, _ in checked for t in _clean_tags(d.tags)})
    repo = CustomerRepository(session)
    tags = {t.name: t.id for t in await repo.ensure_tags(tag_names, now)} if tag_names else {}
    rows: dict[type, list[dict[str, Any]]] = {table: [] for table in _TABLES}
    for slot, draft, values in checked:
        if values.get("external_id") in taken:
            results[slot] = BadUserInputError(
                msg("Another customer already has the external id {externalId}.", externalId=values["external_id"]),
                field="externalId",
            )
            continue
        try:
            built = await _build(session, principal, draft, values, now, teams, tags)
        except BadUserInputError as error:
            results[slot] = error
            continue
        taken.add(str(values.get("external_id") or ""))
        for table, made in built.items():
            rows[table] += made
        results[slot] = Created(built[Customer][0]["id"], 1)
    for table in _TABLES:
        await copy_rows(session, table, rows[table])
    assert all(r is not None for r in results)
    return results  # type: ignore[return-value]


def _clean_tags(names: Sequence[str]) -> list[str]:
    return _clean_tag_names(names) if any(n and n.strip() for n in names) else []


async def _build(
    session: AsyncSession,
    principal: Principal,
    draft: CustomerDraft,
    values: dict[str, Any],
    now: Any,
    teams: dict[uuid.UUID | None, uuid.UUID | None],
    tags: dict[str, uuid.UUID],
) -> dict[type, list[dict[str, Any]]]:
    """A draft's rows by table, as `create_customer` would write them."""
    customer: dict[str, Any] = {"id": uuid7(), "version": 1, "created_at": now, "updated_at": now}
    customer["kind"] = str(values.get("kind") or CustomerKind.COMPANY.value)
    customer["status"] = str(values.get("status") or CustomerStatus.PROSPECT.value)
    customer["pool_status"] = PoolStatus.PRIVATE.value
    for key in CUSTOMER_FIELDS:
        if key not in ("kind", "status"):
            customer[key] = values.get(key)
    if customer["owner_id"] is None:
        customer["owner_id"] = principal.user_id
    if customer["owner_id"] not in teams:
        teams[customer["owner_id"]] = await _team_of(session, customer["owner_id"])
    if customer["team_id"] is None:
        customer["team_id"] = teams[customer["owner_id"]]
    customer["owned_since"] = now if customer["owner_id"] else None
    customer["created_by_id"] = principal.user_id
    customer |= name_columns(customer["name"])
    for key in SENSITIVE_CUSTOMER_FIELDS:
        blob = None
        if values.get(key):
            blob = encrypt_value(str(values[key]), table="customer", column=key, row_id=customer["id"])
        customer[f"{key}_enc"] = blob
    contacts: list[dict[str, Any]] = []
    points: list[dict[str, Any]] = []
    # a person's first contact is primary when none is (as `create_customer` does)
    first_primary = customer["kind"] == CustomerKind.PERSON.value and not any(c.is_primary for c in draft.contacts)
    for i, contact_draft in enumerate(draft.contacts):
        contact, its_points = _contact(customer, contact_draft, now, i == 0 and first_primary)
        contacts.append(contact)
        points += its_points
    changes = creation_changes(values, len(draft.contacts), draft.tags)
    return {
        Customer: [customer],
        Contact: contacts,
        CustomerTag: [
            {"customer_id": customer["id"], "tag_id": tags[name], "created_at": now} for name in _clean_tags(draft.tags)
        ],
        ContactPoint: points,
        audit.AuditEntry: [
            audit.row(
                actor_id=principal.user_id, entity_type="Customer", entity_id=customer["id"], action="create",
                changes=changes,
            )
        ],
        DomainEvent: [event_row("customer.created", "Customer", customer["id"], actor_id=principal.user_id)],
    }  # fmt: skip


def _contact(
    customer: dict[str, Any], draft: ContactDraft, now: Any, primary: bool
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    name = draft.name.strip()
    if not name:
        raise BadUserInputError("Give the contact a name.", field="contactName")
    phones = normalise_phones(draft.phones, "contactPhone")
    emails = normalise_emails(draft.emails, "contactEmail")
    contact_id = uuid7()
    contact = {
        "id": contact_id,
        "version": 1,
        "created_at": now,
        "updated_at": now,
        "customer_id": customer["id"],
        "name": name[:200],
        "title": (draft.title or "").strip()[:200] or None,
        "is_primary": draft.is_primary or primary,
        "language": contact_language(draft.language),
        "time_zone": contact_time_zone(draft.time_zone),
        "phones_enc": encrypt_list(phones, column="phones", row_id=contact_id),
        "emails_enc": encrypt_list(emails, column="emails", row_id=contact_id),
        "search_tokens": search_tokens(name[:200]),
    }
    points = {
        (kind, digest): {"contact_id": contact_id, "kind": kind, "digest": digest, "customer_id": customer["id"]}
        for kind, digest in contact_point_digests(phones, emails)
    }
    return contact, list(points.values())

"""Many new customers at once (an import's chunk): the same rows `create_customer` writes — the customer, its
contacts with their blind index, its tags, the audit entries and the `customer.created` events — flushed together,
so that SQLAlchemy sends each table's rows as one multi-row INSERT instead of a round trip per row.

Each draft is checked as `create_customer` checks it; a draft that fails comes back as its error, the others are
written. External ids are claimed for the whole batch under their advisory locks first (one taken already is that
draft's error), so the INSERT never meets the unique index.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core import audit, clock, external_ids
from rapport.core.domain_events import emit
from rapport.core.errors import BadUserInputError
from rapport.core.i18n import msg
from rapport.core.ids import uuid7
from rapport.core.principal import Principal
from rapport.core.text import search_tokens
from rapport.customers.contacts import ContactDraft, contact_language
from rapport.customers.models import (
    Contact,
    ContactPoint,
    Customer,
    CustomerKind,
    CustomerStatus,
    CustomerTag,
    PoolStatus,
    Tag,
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
    _index_name,
    _team_of,
    _validate_customer_values,
)
from rapport.customers.repository import CustomerRepository


async def create_many(
    session: AsyncSession, principal: Principal, drafts: Sequence[CustomerDraft]
) -> list[Customer | BadUserInputError]:
    """Create every valid draft in one flush; one result per draft, in order (the customer, or why not)."""
    now = clock.now()
    results: list[Customer | BadUserInputError] = []
    checked: list[tuple[CustomerDraft, dict[str, object]]] = []
    for draft in drafts:
        try:
            values = _validate_customer_values(draft.values)
            if not values.get("name"):
                raise BadUserInputError("Give the customer a name.", field="name")
            checked.append((draft, values))
            results.append(None)  # type: ignore[arg-type]
        except BadUserInputError as error:
            results.append(error)
    wanted = [str(v["external_id"]) for _, v in checked if v.get("external_id")]
    await external_ids.lock(session, "customer", wanted)
    taken = set(
        (await session.scalars(select(Customer.external_id).where(Customer.external_id.in_(wanted)))).all()
    ) if wanted else set()  # fmt: skip
    teams: dict[uuid.UUID | None, uuid.UUID | None] = {}
    tag_names = sorted({t for d, _ in checked for t in _clean_tags(d.tags)})
    repo = CustomerRepository(session)
    tags = {t.name: t for t in await repo.ensure_tags(tag_names, now)} if tag_names else {}
    rows: list[object] = []
    created: list[Customer] = []
    slots = iter(i for i, r in enumerate(results) if r is None)
    for draft, values in checked:
        slot = next(slots)
        if values.get("external_id") in taken:
            results[slot] = BadUserInputError(
                msg("Another customer already has the external id {externalId}.", externalId=values["external_id"]),
                field="externalId",
            )
            continue
        try:
            customer, extra = await _build(session, principal, draft, values, now, teams, tags)
        except BadUserInputError as error:
            results[slot] = error
            continue
        taken.add(str(values.get("external_id") or ""))
        rows += [customer, *extra]
        results[slot] = customer
        created.append(customer)
    # The tables in their foreign keys' order (no ORM relationship orders them): customers, then their contacts and
    # tags, then the contacts' blind index; each table's rows go as one multi-row INSERT.
    for kinds in ((Customer,), (Contact, CustomerTag), (ContactPoint,)):
        session.add_all([r for r in rows if isinstance(r, kinds)])
        await session.flush()
    return results


def _clean_tags(names: Sequence[str]) -> list[str]:
    return _clean_tag_names(names) if any(n and n.strip() for n in names) else []


async def _build(
    session: AsyncSession,
    principal: Principal,
    draft: CustomerDraft,
    values: dict[str, object],
    now: object,
    teams: dict[uuid.UUID | None, uuid.UUID | None],
    tags: dict[str, Tag],
) -> tuple[Customer, list[object]]:
    customer = Customer(id=uuid7(), version=1, created_at=now, updated_at=now)
    customer.kind = str(values.get("kind") or CustomerKind.COMPANY.value)
    customer.status = str(values.get("status") or CustomerStatus.PROSPECT.value)
    customer.pool_status = PoolStatus.PRIVATE.value
    for key in CUSTOMER_FIELDS:
        if key in values and key not in ("kind", "status"):
            setattr(customer, key, values[key])
    if customer.owner_id is None:
        customer.owner_id = principal.user_id
    if customer.owner_id not in teams:
        teams[customer.owner_id] = await _team_of(session, customer.owner_id)
    if customer.team_id is None:
        customer.team_id = teams[customer.owner_id]
    customer.owned_since = now if customer.owner_id else None  # type: ignore[assignment]
    customer.created_by_id = principal.user_id
    _index_name(customer)
    for key in SENSITIVE_CUSTOMER_FIELDS:
        if values.get(key):
            blob = encrypt_value(str(values[key]), table="customer", column=key, row_id=customer.id)
            setattr(customer, f"{key}_enc", blob)
    extra: list[object] = []
    for i, contact_draft in enumerate(draft.contacts):
        extra += _contact(customer, contact_draft, now, i == 0 and customer.kind == CustomerKind.PERSON.value)
    extra += [
        CustomerTag(customer_id=customer.id, tag_id=tags[name].id, created_at=now) for name in _clean_tags(draft.tags)
    ]
    audit.record(
        session, actor_id=principal.user_id, entity_type="Customer", entity_id=customer.id, action="create",
        changes={k: [None, v] for k, v in values.items() if k not in SENSITIVE_CUSTOMER_FIELDS}
        | {k: [None, "(set)"] for k in SENSITIVE_CUSTOMER_FIELDS if values.get(k)}
        | ({"contacts": [None, len(draft.contacts)]} if draft.contacts else {}),
    )  # fmt: skip
    emit(session, "customer.created", "Customer", customer.id, actor_id=principal.user_id)
    return customer, extra


def _contact(customer: Customer, draft: ContactDraft, now: object, primary: bool) -> list[object]:
    name = draft.name.strip()
    if not name:
        raise BadUserInputError("Give the contact a name.", field="contactName")
    phones = normalise_phones(draft.phones, "contactPhone")
    emails = normalise_emails(draft.emails, "contactEmail")
    contact = Contact(id=uuid7(), version=1, created_at=now, updated_at=now, customer_id=customer.id)
    contact.name, contact.title = name[:200], (draft.title or "").strip()[:200] or None
    contact.is_primary = draft.is_primary or primary
    contact.language = contact_language(draft.language)
    contact.phones_enc = encrypt_list(phones, column="phones", row_id=contact.id)
    contact.emails_enc = encrypt_list(emails, column="emails", row_id=contact.id)
    contact.search_tokens = search_tokens(contact.name)
    points = {
        (kind, digest): ContactPoint(contact_id=contact.id, kind=kind, digest=digest, customer_id=customer.id)
        for kind, digest in contact_point_digests(phones, emails)
    }
    return [contact, *points.values()]

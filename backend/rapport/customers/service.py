"""Rules of the customer graph: validation, encryption of personal data, versions, tags, merge, search."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

import orjson
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core import audit, clock
from rapport.core.authz.scopes import referenced
from rapport.core.crypto import register_encrypted, vault
from rapport.core.errors import BadUserInputError, ConflictError, NotFoundError
from rapport.core.ids import uuid7
from rapport.core.principal import Principal
from rapport.core.text import (
    InvalidEmailError,
    InvalidPhoneError,
    digits,
    normalise_email,
    normalise_phone,
    query_tokens,
    search_kind,
    search_tokens,
    whole_phone,
)
from rapport.customers.models import Contact, Customer, CustomerKind, CustomerStatus, Order, PoolStatus
from rapport.customers.repository import CustomerRepository, SearchSpec
from rapport.identity.repository import IdentityRepository

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
)
SENSITIVE_CUSTOMER_FIELDS = ("id_number", "address")
MAX_CONTACT_POINTS = 10

register_encrypted("customer", "id_number", "id_number_enc")
register_encrypted("customer", "address", "address_enc")
register_encrypted("contact", "phones", "phones_enc")
register_encrypted("contact", "emails", "emails_enc")

#: Hooks other domains register to move their rows when two customers are merged.
MergeHook = Callable[[AsyncSession, uuid.UUID, uuid.UUID], Awaitable[Mapping[str, int]]]
_merge_hooks: list[MergeHook] = []


def register_merge_hook(hook: MergeHook) -> None:
    """Let a domain re-parent its rows from a merged customer to the survivor (same transaction)."""
    _merge_hooks.append(hook)


# --- personal data ---
def encrypt_value(value: str | None, *, table: str, column: str, row_id: uuid.UUID) -> bytes | None:
    """Ciphertext of a value for its table, column and row (None stays None)."""
    if value is None or value == "":
        return None
    return vault().cipher.encrypt(value, table=table, column=column, row_id=row_id)


def decrypt_value(blob: bytes | None, *, table: str, column: str, row_id: uuid.UUID) -> str | None:
    """Plaintext of a stored value."""
    if blob is None:
        return None
    return vault().cipher.decrypt(blob, table=table, column=column, row_id=row_id)


def decrypt_list(blob: bytes | None, *, table: str, column: str, row_id: uuid.UUID) -> list[str]:
    """A stored list of values (phones, emails)."""
    text = decrypt_value(blob, table=table, column=column, row_id=row_id)
    return [] if text is None else list(orjson.loads(text))


def _encrypt_list(values: Sequence[str], *, column: str, row_id: uuid.UUID) -> bytes | None:
    if not values:
        return None
    return encrypt_value(orjson.dumps(list(values)).decode(), table="contact", column=column, row_id=row_id)


def normalise_phones(values: Sequence[str], field_name: str = "phones") -> list[str]:
    """E.164 phones without duplicates, in the given order; BAD_USER_INPUT names the bad entry."""
    result: list[str] = []
    for i, raw in enumerate(values):
        try:
            phone = normalise_phone(raw)
        except InvalidPhoneError as error:
            raise BadUserInputError(f"{raw!r} is not a phone number.", field=f"{field_name}.{i}") from error
        if phone not in result:
            result.append(phone)
    if len(result) > MAX_CONTACT_POINTS:
        raise BadUserInputError(f"At most {MAX_CONTACT_POINTS} phone numbers.", field=field_name)
    return result


def normalise_emails(values: Sequence[str], field_name: str = "emails") -> list[str]:
    """Lower-case emails without duplicates; BAD_USER_INPUT names the bad entry."""
    result: list[str] = []
    for i, raw in enumerate(values):
        try:
            email = normalise_email(raw)
        except InvalidEmailError as error:
            raise BadUserInputError(f"{raw!r} is not an email address.", field=f"{field_name}.{i}") from error
        if email not in result:
            result.append(email)
    if len(result) > MAX_CONTACT_POINTS:
        raise BadUserInputError(f"At most {MAX_CONTACT_POINTS} email addresses.", field=field_name)
    return result


def contact_point_digests(phones: Sequence[str], emails: Sequence[str]) -> list[tuple[str, bytes]]:
    """Blind-index rows of a contact: each phone whole and by its last four digits, each email."""
    blind = vault().blind
    points = [("phone", blind.digest("phone", p)) for p in phones]
    points += [("phone4", blind.digest("phone4", digits(p)[-4:])) for p in phones]
    points += [("email", blind.digest("email", e)) for e in emails]
    return points


def prepare_search(text: str) -> SearchSpec | None:
    """A search for names (any fragment), whole phones, the last 4+ digits of a phone, or whole emails.

    `search_kind` decides what the text is, for this search and for the authorization rule alike.
    """
    kind = search_kind(text)
    if kind is None:
        return None
    query = text.strip()
    blind = vault().blind
    if kind == "phone":
        full = whole_phone(query)
        if full is not None:
            return SearchSpec(text=query, tokens=[], digests=[("phone", blind.digest("phone", full))])
        # Only whole numbers and their last four digits are indexed (the rest stays encrypted).
        return SearchSpec(text=query, tokens=[], digests=[("phone4", blind.digest("phone4", digits(query)[-4:]))])
    if kind == "email":
        digest = blind.digest("email", normalise_email(query))
        return SearchSpec(text=query, tokens=query_tokens(query), digests=[("email", digest)])
    return SearchSpec(text=query, tokens=query_tokens(query), digests=[])


# --- customers ---
@dataclass
class ContactDraft:
    """A contact to create: name, title, phones and emails (raw, normalised by the service)."""

    name: str
    title: str | None = None
    is_primary: bool = False
    phones: Sequence[str] = ()
    emails: Sequence[str] = ()


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
    return clean


async def _team_of(session: AsyncSession, user_id: uuid.UUID | None) -> uuid.UUID | None:
    """The team of a (prospective) owner; BAD_USER_INPUT when the user does not exist or is inactive."""
    if user_id is None:
        return None
    users = await IdentityRepository(session).users_by_ids([user_id])
    if not users or not users[0].active:
        raise BadUserInputError("The owner must be an active user.", field="ownerId")
    return users[0].team_id


def _customer_tokens(customer: Customer) -> list[str]:
    return search_tokens(customer.name)


async def create_customer(session: AsyncSession, principal: Principal, draft: CustomerDraft) -> Customer:
    """A new customer owned by the caller (or the given owner), with its contacts and tags, audited."""
    values = _validate_customer_values(draft.values)
    if not values.get("name"):
        raise BadUserInputError("Give the customer a name.", field="name")
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
    customer.search_tokens = _customer_tokens(customer)
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
        changes={k: [None, v] for k, v in values.items() if k not in SENSITIVE_CUSTOMER_FIELDS}
        | {k: [None, "(set)"] for k in SENSITIVE_CUSTOMER_FIELDS if values.get(k)}
        | ({"contacts": [None, len(contacts)]} if contacts else {})
        | ({"tags": [None, sorted(draft.tags)]} if draft.tags else {}),
    )
    return customer


async def _locked_customer(session: AsyncSession, principal: Principal, customer_id: uuid.UUID) -> Customer:
    customer: Customer = await referenced(session, principal, "Customer", customer_id, lock=True)
    return customer


def _check_version(row_version: int, given: int, what: str) -> None:
    if row_version != given:
        raise ConflictError(
            f"The {what} was changed by someone else (version {row_version}, yours {given}). "
            "Reload it and apply your change again.",
            currentVersion=row_version,
        )


async def update_customer(
    session: AsyncSession,
    principal: Principal,
    customer_id: uuid.UUID,
    version: int,
    changes: Mapping[str, Any],
) -> Customer:
    """Apply changes to a customer if `version` is current (else CONFLICT, nothing changes); audited."""
    customer = await _locked_customer(session, principal, customer_id)
    _check_version(customer.version, version, "customer")
    values = _validate_customer_values(changes)
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
        customer.search_tokens = _customer_tokens(customer)
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
    return customer


async def archive_customer(
    session: AsyncSession, principal: Principal, customer_id: uuid.UUID, version: int
) -> Customer:
    """Archive a customer (hidden from lists by default, kept with its history); audited."""
    customer = await _locked_customer(session, principal, customer_id)
    _check_version(customer.version, version, "customer")
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
    return customer


# --- contacts ---
async def create_contact(
    session: AsyncSession,
    principal: Principal,
    customer: Customer,
    draft: ContactDraft,
    *,
    field_prefix: str = "",
    audit_it: bool = True,
) -> Contact:
    """A contact of a customer with normalised, encrypted phones and emails and their blind index."""
    name = draft.name.strip()
    if not name:
        raise BadUserInputError("Give the contact a name.", field=f"{field_prefix}name")
    phones = normalise_phones(draft.phones, f"{field_prefix}phones")
    emails = normalise_emails(draft.emails, f"{field_prefix}emails")
    now = clock.now()
    contact = Contact(id=uuid7(), version=1, created_at=now, updated_at=now, customer_id=customer.id)
    contact.name = name[:200]
    contact.title = (draft.title or "").strip()[:200] or None
    contact.is_primary = draft.is_primary
    contact.phones_enc = _encrypt_list(phones, column="phones", row_id=contact.id)
    contact.emails_enc = _encrypt_list(emails, column="emails", row_id=contact.id)
    contact.search_tokens = search_tokens(contact.name)
    if contact.is_primary:
        await _clear_primary(session, customer.id)
    session.add(contact)
    await session.flush()
    await CustomerRepository(session).replace_contact_points(contact, contact_point_digests(phones, emails))
    if audit_it:
        audit.record(
            session,
            actor_id=principal.user_id,
            entity_type="Contact",
            entity_id=contact.id,
            action="create",
            changes={
                "name": [None, contact.name],
                "customerId": [None, str(customer.id)],
                "phones": [None, len(phones)],
                "emails": [None, len(emails)],
            },
        )
    return contact


async def _clear_primary(session: AsyncSession, customer_id: uuid.UUID) -> None:
    from sqlalchemy import update

    await session.execute(
        update(Contact).where(Contact.customer_id == customer_id, Contact.is_primary.is_(True)).values(is_primary=False)
    )


async def _locked_contact(session: AsyncSession, principal: Principal, contact_id: uuid.UUID) -> Contact:
    contact: Contact = await referenced(session, principal, "Contact", contact_id, lock=True)
    return contact


async def update_contact(
    session: AsyncSession, principal: Principal, contact_id: uuid.UUID, version: int, changes: Mapping[str, Any]
) -> Contact:
    """Change a contact if `version` is current; phones and emails are replaced as given (one version step)."""
    contact = await _locked_contact(session, principal, contact_id)
    _check_version(contact.version, version, "contact")
    changed: dict[str, list[Any]] = {}
    new: dict[str, Any] = {}
    if "name" in changes:
        name = (changes["name"] or "").strip()
        if not name:
            raise BadUserInputError("Give the contact a name.", field="name")
        if name != contact.name:
            changed["name"] = [contact.name, name]
            new["name"], new["search_tokens"] = name[:200], search_tokens(name)
    if "title" in changes and changes["title"] != contact.title:
        changed["title"] = [contact.title, changes["title"]]
        new["title"] = changes["title"]
    if changes.get("is_primary") is not None and changes["is_primary"] != contact.is_primary:
        changed["isPrimary"] = [contact.is_primary, changes["is_primary"]]
        new["is_primary"] = changes["is_primary"]
    points = None
    if "phones" in changes or "emails" in changes:
        phones = (
            normalise_phones(changes["phones"])
            if "phones" in changes
            else decrypt_list(contact.phones_enc, table="contact", column="phones", row_id=contact.id)
        )
        emails = (
            normalise_emails(changes["emails"])
            if "emails" in changes
            else decrypt_list(contact.emails_enc, table="contact", column="emails", row_id=contact.id)
        )
        new["phones_enc"] = _encrypt_list(phones, column="phones", row_id=contact.id)
        new["emails_enc"] = _encrypt_list(emails, column="emails", row_id=contact.id)
        points = contact_point_digests(phones, emails)
        changed["contactPoints"] = ["(previous)", "(changed)"]
    if not changed:
        return contact
    if new.get("is_primary"):
        await _clear_primary(session, contact.customer_id)  # before the contact changes: one UPDATE, one version
    for key, value in new.items():
        setattr(contact, key, value)
    contact.updated_at = clock.now()
    await session.flush()
    if points is not None:
        await CustomerRepository(session).replace_contact_points(contact, points)
    audit.record(
        session,
        actor_id=principal.user_id,
        entity_type="Contact",
        entity_id=contact.id,
        action="update",
        changes=changed,
    )
    return contact


async def delete_contact(session: AsyncSession, principal: Principal, contact_id: uuid.UUID, version: int) -> uuid.UUID:
    """Delete a contact if `version` is current; returns its customer's id."""
    contact = await _locked_contact(session, principal, contact_id)
    _check_version(contact.version, version, "contact")
    customer_id = contact.customer_id
    await session.delete(contact)
    await session.flush()
    audit.record(
        session,
        actor_id=principal.user_id,
        entity_type="Contact",
        entity_id=contact_id,
        action="delete",
        changes={"name": [contact.name, None], "customerId": [str(customer_id), None]},
    )
    return customer_id


# --- tags ---
def _clean_tag_names(names: Sequence[str]) -> list[str]:
    clean = sorted({n.strip()[:64] for n in names if n and n.strip()})
    if not clean:
        raise BadUserInputError("Give at least one tag name.", field="tags")
    return clean


async def tag_customer(
    session: AsyncSession, principal: Principal, customer_id: uuid.UUID, names: Sequence[str]
) -> Customer:
    """Put tags (created when new) on a customer; audited."""
    customer = await _locked_customer(session, principal, customer_id)
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
    return customer


async def untag_customer(
    session: AsyncSession, principal: Principal, customer_id: uuid.UUID, names: Sequence[str]
) -> Customer:
    """Take tags off a customer; audited."""
    customer = await _locked_customer(session, principal, customer_id)
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
    return customer


# --- duplicates and merge ---
@dataclass(frozen=True)
class DuplicateCandidate:
    """Another customer that is likely the same one, and why."""

    customer_id: uuid.UUID
    reasons: tuple[str, ...]
    score: float


async def find_duplicates(
    session: AsyncSession, principal: Principal, customer_id: uuid.UUID
) -> list[DuplicateCandidate]:
    """Likely duplicates: a shared normalised phone or email, or a similar name."""
    repo = CustomerRepository(session)
    found = await repo.by_ids(principal, [customer_id])
    if not found:
        raise NotFoundError("No customer with that id.")
    customer = found[0]
    reasons: dict[uuid.UUID, set[str]] = {}
    scores: dict[uuid.UUID, float] = {}
    for other_id, kind in await repo.customers_sharing_points(customer.id, principal):
        reasons.setdefault(other_id, set()).add("same_phone" if kind == "phone" else "same_email")
        scores[other_id] = 1.0
    for other_id, similarity in await repo.customers_with_similar_names(customer, principal, threshold=0.5):
        reasons.setdefault(other_id, set()).add("similar_name")
        scores[other_id] = max(scores.get(other_id, 0.0), similarity)
    candidates = [DuplicateCandidate(i, tuple(sorted(r)), scores[i]) for i, r in reasons.items()]
    candidates.sort(key=lambda c: (-len(c.reasons), -c.score, str(c.customer_id)))
    return candidates


async def merge_customers(
    session: AsyncSession, principal: Principal, survivor_id: uuid.UUID, merged_id: uuid.UUID
) -> tuple[Customer, dict[str, int]]:
    """Move everything of `merged_id` to `survivor_id` in this transaction; the merged one becomes a tombstone."""
    if survivor_id == merged_id:
        raise BadUserInputError("A customer cannot be merged into itself.", field="mergedId")
    first, second = sorted([survivor_id, merged_id])  # lock in a fixed order: no deadlock between two merges
    locked = {
        first: await _locked_customer(session, principal, first),
        second: await _locked_customer(session, principal, second),
    }
    survivor, merged = locked[survivor_id], locked[merged_id]
    moved = dict(await CustomerRepository(session).move_children(survivor.id, merged.id))
    for hook in _merge_hooks:
        moved.update(await hook(session, survivor.id, merged.id))
    now = clock.now()
    merged.merged_into_id = survivor.id
    merged.archived_at = now
    merged.updated_at = now
    for key in ("last_activity_at", "last_follow_up_at"):
        theirs, ours = getattr(merged, key), getattr(survivor, key)
        if theirs is not None and (ours is None or theirs > ours):
            setattr(survivor, key, theirs)
    survivor.updated_at = now
    await session.flush()
    audit.record(
        session,
        actor_id=principal.user_id,
        entity_type="Customer",
        entity_id=survivor.id,
        action="merge",
        changes={"mergedId": [None, str(merged.id)], "moved": [None, moved]},
    )
    audit.record(
        session,
        actor_id=principal.user_id,
        entity_type="Customer",
        entity_id=merged.id,
        action="merged_into",
        changes={"mergedInto": [None, str(survivor.id)]},
    )
    return survivor, moved


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
    return order

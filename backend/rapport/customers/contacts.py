"""Contacts of a customer: who they are, their normalised, encrypted phones and emails, and the blind index."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any
from zoneinfo import available_timezones

from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core import audit, clock
from rapport.core.domain_events import emit
from rapport.core.errors import BadUserInputError
from rapport.core.i18n import DEFAULT_LOCALE, LOCALES, msg
from rapport.core.ids import uuid7
from rapport.core.principal import Principal
from rapport.core.text import search_tokens
from rapport.customers.locks import check_version, locked_contact
from rapport.customers.models import Contact, Customer
from rapport.customers.personal import (
    contact_point_digests,
    decrypt_list,
    encrypt_list,
    normalise_emails,
    normalise_phones,
)
from rapport.customers.repository import CustomerRepository


@dataclass
class ContactDraft:
    """A contact to create: name, title, phones and emails (raw, normalised by the service)."""

    name: str
    title: str | None = None
    is_primary: bool = False
    phones: Sequence[str] = ()
    emails: Sequence[str] = ()
    language: str | None = None
    time_zone: str | None = None


def contact_language(value: str | None, field: str = "language") -> str:
    """A contact's language: one Rapport writes in (zh-CN when not given)."""
    if value is None:
        return DEFAULT_LOCALE
    if value not in LOCALES:
        raise BadUserInputError(
            msg("Choose a language Rapport writes in: {languages}.", languages=", ".join(LOCALES)), field=field
        )
    return value


def contact_time_zone(value: str | None, field: str = "timeZone") -> str | None:
    """A contact's time zone: an IANA name (e.g. Asia/Shanghai), or None (blank: none)."""
    value = (value or "").strip()
    if not value:
        return None
    if value not in time_zones():
        raise BadUserInputError("Unknown time zone; use a name such as Asia/Shanghai.", field=field)
    return value


@cache
def time_zones() -> frozenset[str]:
    """The IANA time zone names zoneinfo knows (PostgreSQL's `AT TIME ZONE` knows them too)."""
    return frozenset(available_timezones())


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
    contact.language = contact_language(draft.language, f"{field_prefix}language")
    contact.time_zone = contact_time_zone(draft.time_zone, f"{field_prefix}timeZone")
    contact.phones_enc = encrypt_list(phones, column="phones", row_id=contact.id)
    contact.emails_enc = encrypt_list(emails, column="emails", row_id=contact.id)
    contact.search_tokens = search_tokens(contact.name)
    if contact.is_primary:
        await CustomerRepository(session).clear_primary(customer.id)
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
        emit(session, "customer.updated", "Customer", customer.id, actor_id=principal.user_id, changed=["contacts"])
    return contact


async def update_contact(
    session: AsyncSession, principal: Principal, contact_id: uuid.UUID, version: int, changes: Mapping[str, Any]
) -> Contact:
    """Change a contact if `version` is current; phones and emails are replaced as given (one version step)."""
    contact = await locked_contact(session, principal, contact_id)
    check_version(contact.version, version, "contact")
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
    if changes.get("language") is not None and changes["language"] != contact.language:
        changed["language"] = [contact.language, changes["language"]]
        new["language"] = contact_language(changes["language"])
    if "time_zone" in changes:
        zone = contact_time_zone(changes["time_zone"])
        if zone != contact.time_zone:
            changed["timeZone"] = [contact.time_zone, zone]
            new["time_zone"] = zone
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
        new["phones_enc"] = encrypt_list(phones, column="phones", row_id=contact.id)
        new["emails_enc"] = encrypt_list(emails, column="emails", row_id=contact.id)
        points = contact_point_digests(phones, emails)
        changed["contactPoints"] = ["(previous)", "(changed)"]
    if not changed:
        return contact
    if new.get("is_primary"):
        await CustomerRepository(session).clear_primary(
            contact.customer_id
        )  # before the contact changes: one UPDATE, one version
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
    emit(session, "customer.updated", "Customer", contact.customer_id, actor_id=principal.user_id, changed=["contacts"])
    return contact


async def delete_contact(session: AsyncSession, principal: Principal, contact_id: uuid.UUID, version: int) -> uuid.UUID:
    """Delete a contact if `version` is current; returns its customer's id."""
    contact = await locked_contact(session, principal, contact_id)
    check_version(contact.version, version, "contact")
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
    emit(session, "customer.updated", "Customer", customer_id, actor_id=principal.user_id, changed=["contacts"])
    return customer_id

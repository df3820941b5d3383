"""After a merge, one contact per person: contacts of a customer with the same normalised phone or email
become one contact, with every phone and email of the group, and other domains' rows re-pointed to it.

Contacts that share a phone or email through a chain (A and B a phone, B and C an email) are one group. The
contact kept is the one another domain holds (a portal sign-in), else the primary one, else the oldest; a
contact another domain holds is never merged away (each portal user keeps the contact it signs in as).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core import audit, clock
from rapport.core.principal import Principal
from rapport.core.text import InvalidEmailError, InvalidPhoneError, normalise_email, normalise_phone
from rapport.customers.models import Contact
from rapport.customers.personal import contact_point_digests, decrypt_list, encrypt_list
from rapport.customers.repository import CustomerRepository
from rapport.manifest import installed


def _phone(raw: str) -> str:
    try:
        return normalise_phone(raw)
    except InvalidPhoneError:
        return raw.strip()


def _email(raw: str) -> str:
    try:
        return normalise_email(raw)
    except InvalidEmailError:
        return raw.strip().lower()


def _merged(values: Sequence[Sequence[str]]) -> list[str]:
    result: list[str] = []
    for group in values:
        result += [v for v in group if v not in result]
    return result


def duplicate_groups(points: dict[uuid.UUID, tuple[list[str], list[str]]]) -> list[list[uuid.UUID]]:
    """Groups (of two or more) of contact ids linked by a shared phone or email, each in the given order."""
    parent = {contact_id: contact_id for contact_id in points}

    def root(contact_id: uuid.UUID) -> uuid.UUID:
        while parent[contact_id] != contact_id:
            parent[contact_id] = parent[parent[contact_id]]
            contact_id = parent[contact_id]
        return contact_id

    first_with: dict[tuple[str, str], uuid.UUID] = {}
    for contact_id, (phones, emails) in points.items():
        for key in [("phone", p) for p in phones] + [("email", e) for e in emails]:
            other = first_with.setdefault(key, contact_id)
            parent[root(contact_id)] = root(other)
    groups: dict[uuid.UUID, list[uuid.UUID]] = {}
    for contact_id in points:
        groups.setdefault(root(contact_id), []).append(contact_id)
    return [group for group in groups.values() if len(group) > 1]


async def merge_duplicate_contacts(session: AsyncSession, principal: Principal, customer_id: uuid.UUID) -> int:
    """Make the customer's contacts of one person (same phone or email) one contact; how many were merged away."""
    repo = CustomerRepository(session)
    contacts = {c.id: c for c in await repo.contacts_of(customer_id)}
    points: dict[uuid.UUID, tuple[list[str], list[str]]] = {}
    for contact in contacts.values():
        phones = decrypt_list(contact.phones_enc, table="contact", column="phones", row_id=contact.id)
        emails = decrypt_list(contact.emails_enc, table="contact", column="emails", row_id=contact.id)
        points[contact.id] = (_merged([[_phone(p) for p in phones]]), _merged([[_email(e) for e in emails]]))
    groups = duplicate_groups(points)
    if not groups:
        return 0
    held: set[uuid.UUID] = set()
    for hold in installed().held_contacts:
        held |= await hold(session, [i for group in groups for i in group])
    merged_away = 0
    for group in groups:
        members = sorted(
            (contacts[i] for i in group),
            key=lambda c: (c.id not in held, not c.is_primary, c.created_at, str(c.id)),
        )
        kept, duplicates = members[0], [c for c in members[1:] if c.id not in held]
        if duplicates:
            await _merge_into(session, principal, kept, duplicates, points)
            merged_away += len(duplicates)
    return merged_away


async def _merge_into(
    session: AsyncSession,
    principal: Principal,
    kept: Contact,
    duplicates: Sequence[Contact],
    points: dict[uuid.UUID, tuple[list[str], list[str]]],
) -> None:
    """Fold `duplicates` into `kept`: phones, emails, title and primary flag; other domains' rows follow."""
    group = [kept, *duplicates]
    phones = _merged([points[c.id][0] for c in group])
    emails = _merged([points[c.id][1] for c in group])
    repointed: dict[str, int] = {}
    for duplicate in duplicates:
        for hook in installed().contact_merge_hooks:
            for kind, count in (await hook(session, kept.id, duplicate.id)).items():
                repointed[kind] = repointed.get(kind, 0) + count
        await session.delete(duplicate)
    await session.flush()  # the duplicates' blind-index rows go with them (ON DELETE CASCADE)
    kept.phones_enc = encrypt_list(phones, column="phones", row_id=kept.id)
    kept.emails_enc = encrypt_list(emails, column="emails", row_id=kept.id)
    kept.title = kept.title or next((c.title for c in duplicates if c.title), None)
    kept.is_primary = any(c.is_primary for c in group)
    kept.updated_at = clock.now()
    await session.flush()
    await CustomerRepository(session).replace_contact_points(kept, contact_point_digests(phones, emails))
    audit.record(
        session,
        actor_id=principal.user_id,
        entity_type="Contact",
        entity_id=kept.id,
        action="merge",
        changes={
            "mergedContacts": [None, [{"id": str(c.id), "name": c.name} for c in duplicates]],
            "phones": [len(points[kept.id][0]), len(phones)],
            "emails": [len(points[kept.id][1]), len(emails)],
            "repointed": [None, repointed],
        },
    )

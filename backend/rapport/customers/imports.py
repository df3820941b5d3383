"""Customers from an import file: rows matched to existing customers in bulk, each row written by the chosen duplicate
strategy with what undo needs, and undo.

Matching keys, strongest first: the external id, a contact's phone or email (through the blind index: the values
are never compared in clear), and a company's trade name (the duplicate finder's name key, which works without
`pg_trgm`), each among the customers the importing user may see. Writes go through the same services as the API
(`create_customer`, `update_customer`, contacts, tags): audited, announced to webhooks, checked alike.
"""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core import audit
from rapport.core.crypto import vault
from rapport.core.errors import NotFoundError
from rapport.core.principal import Principal
from rapport.core.sql import referenced_ids
from rapport.customers.contacts import ContactDraft, create_contact, delete_contact, update_contact
from rapport.customers.locks import locked_customer
from rapport.customers.models import Contact, ContactPoint, Customer, CustomerKind, CustomerTag, Tag
from rapport.customers.names import name_keys
from rapport.customers.personal import decrypt_list
from rapport.customers.records import CustomerDraft, create_customer, tag_customer, update_customer
from rapport.customers.repository.external import customer_ids_by_external_id, visible_customer_ids
from rapport.customers.repository.scopes import visible_customers

#: How a matched row is treated.
STRATEGIES = ("skip", "update_empty", "update_all", "merge")
#: Tables whose rows are part of a customer itself (undo removes them with it); a row elsewhere that names the
#: customer (an activity, an order, a ticket...) means someone worked with it since: undo leaves it.
OWN_TABLES = frozenset(
    {"contact", "contact_point", "customer_tag", "customer_score", "customer_last_event", "customer"}
)


@dataclass
class ImportedCustomer:
    """One row as a customer: column values (`records.CUSTOMER_FIELDS` and `address`), tags, and its contact."""

    values: dict[str, Any]
    tags: list[str] = field(default_factory=list)
    contact: ContactDraft | None = None
    #: Contacts of later rows of the file folded into this one (`fold`).
    more_contacts: list[ContactDraft] = field(default_factory=list)

    def contacts(self) -> list[ContactDraft]:
        """Every contact the row brings."""
        return ([self.contact] if self.contact else []) + self.more_contacts


def fold(into: ImportedCustomer, row: ImportedCustomer, strategy: str) -> None:
    """Fold a later row of the file into the row that creates its customer, as the strategy would have updated the
    created customer: fill (update_all: overwrite) fields, and for merge add its tags and contact details."""
    for key, value in row.values.items():
        if value in (None, "") or key in ("external_id", "kind"):
            continue
        if strategy == "update_all" or into.values.get(key) in (None, ""):
            into.values[key] = value
    if strategy != "merge":
        return
    into.tags = sorted(set(into.tags) | set(row.tags))
    if row.contact is None:
        return
    same = next((c for c in into.contacts() if c.name == row.contact.name), None)
    if same is None:
        into.more_contacts.append(
            ContactDraft(row.contact.name, row.contact.title, False, row.contact.phones, row.contact.emails)
        )
        return
    same.phones = list(dict.fromkeys([*same.phones, *row.contact.phones]))
    same.emails = list(dict.fromkeys([*same.emails, *row.contact.emails]))


@dataclass(frozen=True)
class Match:
    """An existing customer a row matches, by which key, and the value that matched (as the row gave it)."""

    customer_id: uuid.UUID
    key: str
    value: str


@dataclass
class Applied:
    """What writing a row did."""

    action: str
    customer_id: uuid.UUID | None = None
    version: int | None = None
    before: dict[str, Any] | None = None


async def matches(session: AsyncSession, principal: Principal, rows: Sequence[ImportedCustomer]) -> list[list[Match]]:
    """For each row, the visible customers it matches, strongest key first (a customer once)."""
    blind = vault().blind
    external = {r.values["external_id"] for r in rows if r.values.get("external_id")}
    holders = await customer_ids_by_external_id(session, external)
    digests: dict[bytes, str] = {}
    for row in rows:
        for phone in row.contact.phones if row.contact else ():
            digests[blind.digest("phone", phone)] = phone
        for email in row.contact.emails if row.contact else ():
            digests[blind.digest("email", email)] = email
    points: dict[bytes, set[uuid.UUID]] = {}
    if digests:
        stmt = (
            select(ContactPoint.digest, ContactPoint.customer_id)
            .join(Customer, Customer.id == ContactPoint.customer_id)
            .where(
                ContactPoint.digest.in_(list(digests)),
                ContactPoint.kind.in_(("phone", "email")),
                Customer.merged_into_id.is_(None),
                visible_customers(principal),
            )
        )
        for digest, customer_id in (await session.execute(stmt)).all():
            points.setdefault(digest, set()).add(customer_id)
    trade = {r.values["name"]: str(name_keys(r.values["name"])["trade_name"]) for r in rows if _company(r)}
    named: dict[str, list[tuple[uuid.UUID, list[str]]]] = {}
    if trade:
        stmt2 = select(Customer.id, Customer.trade_name, Customer.name_provinces).where(
            Customer.trade_name.in_(sorted({t for t in trade.values() if t})),
            Customer.kind == CustomerKind.COMPANY.value,
            Customer.merged_into_id.is_(None),
            Customer.archived_at.is_(None),
            visible_customers(principal),
        )
        for row_id, trade_name, provinces in (await session.execute(stmt2)).all():
            named.setdefault(trade_name, []).append((row_id, list(provinces or [])))
    visible = await visible_customer_ids(session, principal, {h.survivor_id for h in holders.values()})
    found: list[list[Match]] = []
    for row in rows:
        row_matches: list[Match] = []
        key = row.values.get("external_id")
        if key and key in holders and holders[key].survivor_id in visible:
            row_matches.append(Match(holders[key].survivor_id, "externalId", key))
        for digest, value in _row_digests(row, blind):
            kind = "email" if "@" in value else "phone"
            row_matches += [Match(c, kind, value) for c in sorted(points.get(digest, ()))]
        if _company(row):
            provinces = list(name_keys(row.values["name"])["name_provinces"])  # type: ignore[call-overload]
            for candidate, theirs in named.get(trade[row.values["name"]], []):
                if not provinces or not theirs or set(provinces) & set(theirs):
                    row_matches.append(Match(candidate, "name", row.values["name"]))
        seen: set[uuid.UUID] = set()
        found.append([m for m in row_matches if not (m.customer_id in seen or seen.add(m.customer_id))])  # type: ignore[func-returns-value]
    return found


def _company(row: ImportedCustomer) -> bool:
    return (
        bool(row.values.get("name"))
        and row.values.get("kind", CustomerKind.COMPANY.value) == CustomerKind.COMPANY.value
    )


def _row_digests(row: ImportedCustomer, blind: Any) -> list[tuple[bytes, str]]:
    if row.contact is None:
        return []
    return [(blind.digest("phone", p), p) for p in row.contact.phones] + [
        (blind.digest("email", e), e) for e in row.contact.emails
    ]


async def apply(
    session: AsyncSession, principal: Principal, row: ImportedCustomer, target: uuid.UUID | None, strategy: str
) -> Applied:
    """Create the row's customer, or treat the customer it matched by the strategy."""
    if target is None:
        draft = CustomerDraft(dict(row.values), row.contacts(), list(row.tags))
        customer = await create_customer(session, principal, draft)
        await session.flush()
        return Applied("created", customer.id, customer.version)
    if strategy == "skip":
        return Applied("skipped", target)
    customer = await locked_customer(session, principal, target)
    changes: dict[str, Any] = {}
    for key, value in row.values.items():
        if value in (None, "") or key == "kind":
            continue
        current = customer.address_enc if key == "address" else getattr(customer, key)
        if strategy == "update_all" and key not in ("external_id", "address"):
            if current != value:
                changes[key] = value
        elif current in (None, ""):
            changes[key] = value
    before: dict[str, Any] = {"fields": {k: _stored(customer, k) for k in changes}}
    if changes:
        customer = await update_customer(session, principal, customer.id, customer.version, changes)
    if strategy == "merge":
        before |= await _merge_contacts(session, principal, customer, row)
        known = set(
            (
                await session.scalars(select(Tag.name).join(CustomerTag).where(CustomerTag.customer_id == customer.id))
            ).all()
        )
        new_tags = sorted(set(row.tags) - known)
        if new_tags:
            customer = await tag_customer(session, principal, customer.id, new_tags)
            before["tags_added"] = new_tags
    await session.flush()
    return Applied("updated", customer.id, customer.version, before)


def _stored(customer: Customer, key: str) -> Any:
    if key == "address":
        return None  # an address is only ever filled where there was none
    value = getattr(customer, key)
    return str(value) if isinstance(value, uuid.UUID) else value.isoformat() if hasattr(value, "isoformat") else value


async def _merge_contacts(
    session: AsyncSession, principal: Principal, customer: Customer, row: ImportedCustomer
) -> dict[str, Any]:
    """Add the row's phones and emails the customer lacks: to its contact of the same name, else as a new contact."""
    if row.contact is None:
        return {}
    blind = vault().blind
    have = set(
        (await session.scalars(select(ContactPoint.digest).where(ContactPoint.customer_id == customer.id))).all()
    )
    phones = [p for p in row.contact.phones if blind.digest("phone", p) not in have]
    emails = [e for e in row.contact.emails if blind.digest("email", e) not in have]
    if not phones and not emails:
        return {}
    same = (
        await session.scalars(
            select(Contact).where(Contact.customer_id == customer.id, Contact.name == row.contact.name).limit(1)
        )
    ).first()
    if same is None:
        draft = ContactDraft(row.contact.name, row.contact.title, False, phones, emails)
        added = await create_contact(session, principal, customer, draft)
        return {"contacts_added": [str(added.id)]}
    old_phones = decrypt_list(same.phones_enc, table="contact", column="phones", row_id=same.id)
    old_emails = decrypt_list(same.emails_enc, table="contact", column="emails", row_id=same.id)
    changed = await update_contact(
        session, principal, same.id, same.version, {"phones": old_phones + phones, "emails": old_emails + emails}
    )
    kept = _seal({"phones": old_phones, "emails": old_emails}, same.id)
    return {"contacts_changed": {str(same.id): {"previous": kept, "version": changed.version}}}


def _seal(value: Any, contact_id: uuid.UUID) -> str:
    """What undo needs of a contact's previous phones and emails, encrypted as the contact's own are."""
    plain = json.dumps(value, ensure_ascii=False)
    blob = vault().cipher.encrypt(plain, table="import_row", column="before", row_id=contact_id)
    return base64.b64encode(blob).decode()


def _unseal(value: str, contact_id: uuid.UUID) -> Any:
    blob = base64.b64decode(value)
    return json.loads(vault().cipher.decrypt(blob, table="import_row", column="before", row_id=contact_id))


async def refresh_statistics(session: AsyncSession) -> None:
    """Let the planner see how far an import has grown the customer tables: their statistics are those of when the
    import began, and statements prepared then keep plans made for the small tables (reading all of a large one).
    ANALYZE also makes prepared statements plan again."""
    await session.execute(text("ANALYZE customer, contact, contact_point"))


async def locked_versions(session: AsyncSession, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, int]:
    """The versions of these customers, locked for the transaction (an activity or an order added meanwhile waits,
    and is then seen by `referenced_elsewhere`)."""
    if not ids:
        return {}
    stmt = (
        select(Customer.id, Customer.version).where(Customer.id.in_(list(ids))).order_by(Customer.id).with_for_update()
    )
    return {row.id: row.version for row in (await session.execute(stmt)).all()}


async def changed_since(session: AsyncSession, ids: Sequence[uuid.UUID], since: Any) -> set[uuid.UUID]:
    """Customers whose contacts or tags changed after `since` (a contact added or edited does not move the
    customer's version)."""
    if not ids:
        return set()
    contacts = select(Contact.customer_id).where(Contact.customer_id.in_(list(ids)), Contact.updated_at > since)
    tags = select(CustomerTag.customer_id).where(CustomerTag.customer_id.in_(list(ids)), CustomerTag.created_at > since)
    return set((await session.scalars(contacts.union(tags))).all())


async def referenced_elsewhere(session: AsyncSession, ids: Sequence[uuid.UUID]) -> set[uuid.UUID]:
    """Which of these customers rows outside the customer itself name (someone worked with them)."""
    return await referenced_ids(session, "customer", ids, besides=OWN_TABLES)


async def remove_created(session: AsyncSession, principal: Principal, customer_id: uuid.UUID, version: int) -> bool:
    """Delete a customer an import created, at the version it left it (the caller locked it and checked nothing
    else names it); audited with what it was."""
    gone = await session.execute(
        delete(Customer).where(Customer.id == customer_id, Customer.version == version).returning(Customer.name)
    )
    name = gone.scalar_one_or_none()
    if name is None:
        return False
    audit.record(
        session,
        actor_id=principal.user_id,
        entity_type="Customer",
        entity_id=customer_id,
        action="import_undo",
        changes={"name": [name, None]},
    )
    return True


async def restore_updated(
    session: AsyncSession, principal: Principal, customer_id: uuid.UUID, before: dict[str, Any]
) -> bool:
    """Put back what an import changed on a customer: its fields, the contacts it added or changed, its tags.
    False (nothing changed) when a contact it touched changed since, or the caller may no longer see it."""
    try:
        customer = await locked_customer(session, principal, customer_id)
    except NotFoundError:
        return False
    added = [await session.get(Contact, uuid.UUID(i), with_for_update=True) for i in before.get("contacts_added") or []]
    changed = {
        uuid.UUID(i): (await session.get(Contact, uuid.UUID(i), with_for_update=True), old)
        for i, old in (before.get("contacts_changed") or {}).items()
    }
    if any(c is not None and c.version != 1 for c in added) or any(
        c is None or c.version != old["version"] for c, old in changed.values()
    ):
        return False
    fields = dict(before.get("fields") or {})
    fields.pop("address", None)
    if fields:
        await update_customer(session, principal, customer.id, customer.version, fields)
    for contact in added:
        if contact is not None:
            await delete_contact(session, principal, contact.id, contact.version)
    for contact_id, (contact, old) in changed.items():
        if contact is not None:
            previous = _unseal(old["previous"], contact_id)
            await update_contact(session, principal, contact.id, contact.version, previous)
    if before.get("tags_added"):
        from rapport.customers.records import untag_customer

        await untag_customer(session, principal, customer.id, before["tags_added"])
    return True


def tag_names(customer_id: uuid.UUID) -> Any:
    """A SELECT of a customer's tag names."""
    return (
        select(Tag.name).join(CustomerTag, CustomerTag.tag_id == Tag.id).where(CustomerTag.customer_id == customer_id)
    )

"""The rows a change works on: named by id through the caller's row scope, locked, at the version they saw."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core.authz.scopes import referenced
from rapport.core.errors import ConflictError
from rapport.core.i18n import msg
from rapport.core.principal import Principal
from rapport.customers.models import Contact, Customer


async def locked_customer(session: AsyncSession, principal: Principal, customer_id: uuid.UUID) -> Customer:
    """A customer the caller may see, locked for this transaction (NOT_FOUND otherwise, merged ones included)."""
    customer: Customer = await referenced(session, principal, "Customer", customer_id, lock=True)
    return customer


async def locked_contact(session: AsyncSession, principal: Principal, contact_id: uuid.UUID) -> Contact:
    """A contact whose customer the caller may see, locked for this transaction."""
    contact: Contact = await referenced(session, principal, "Contact", contact_id, lock=True)
    return contact


#: What a version belongs to, as a word of the reader's language.
_WHAT = {"customer": msg("customer"), "contact": msg("contact")}


def check_version(row_version: int, given: int, what: str) -> None:
    """CONFLICT unless the caller changes the version they saw."""
    if row_version != given:
        raise ConflictError(
            msg(
                "The {what} was changed by someone else (version {version}, yours {given}). "
                "Reload it and apply your change again.",
                what=_WHAT.get(what, what),
                version=row_version,
                given=given,
            ),
            currentVersion=row_version,
        )

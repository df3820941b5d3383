"""Portal accounts: a contact of a customer signs in (role `customer`) and acts for that customer."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core.authz.scopes import referenced
from rapport.core.errors import BadUserInputError
from rapport.core.principal import Principal
from rapport.customers.service import adopt_language
from rapport.identity.service import UserRow, create_user
from rapport.support.models import PortalAccount
from rapport.support.repository import SupportRepository


async def create_account(
    session: AsyncSession, principal: Principal, contact_id: uuid.UUID, email: str, password: str, locale: str
) -> UserRow:
    """A portal sign-in (role `customer`) for a contact of a customer the caller may see."""
    contact = await referenced(session, principal, "Contact", contact_id)
    if await SupportRepository(session).contact_has_account(contact_id):
        raise BadUserInputError("This contact already has a portal account.", field="contactId")
    user = await create_user(
        session, email=email, name=contact.name, password=password, roles=["customer"], locale=locale, actor=principal
    )
    session.add(PortalAccount(user_id=user.id, contact_id=contact.id, customer_id=contact.customer_id))
    await session.flush()
    await adopt_language(session, contact.id, locale)  # Rapport writes to them in their portal's language
    return user

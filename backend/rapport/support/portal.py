"""Portal accounts: sign-ins for customers' contacts, who see only their own company's tickets."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core.authz.scopes import referenced
from rapport.core.errors import BadUserInputError
from rapport.core.principal import Principal
from rapport.identity.models import User
from rapport.identity.service import create_user
from rapport.support.models import PortalAccount


async def create_account(
    session: AsyncSession, principal: Principal, contact_id: uuid.UUID, email: str, password: str, locale: str
) -> User:
    """A portal sign-in (role `customer`) for a contact of a customer the caller may see."""
    contact = await referenced(session, principal, "Contact", contact_id)
    taken = await session.execute(select(PortalAccount.user_id).where(PortalAccount.contact_id == contact_id))
    if taken.first() is not None:
        raise BadUserInputError("This contact already has a portal account.", field="contactId")
    user = await create_user(
        session, email=email, name=contact.name, password=password, roles=["customer"], locale=locale, actor=principal
    )
    session.add(PortalAccount(user_id=user.id, contact_id=contact.id, customer_id=contact.customer_id))
    await session.flush()
    return user

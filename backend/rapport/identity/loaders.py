"""Batch loads for identity objects, keyed as their names say."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from rapport.identity.models import Team, User
from rapport.identity.repository import IdentityRepository


async def user_by_id(session: AsyncSession, ids: Sequence[uuid.UUID]) -> list[User | None]:
    """Users by id (None for unknown ids)."""
    found = {u.id: u for u in await IdentityRepository(session).users_by_ids(ids)}
    return [found.get(i) for i in ids]


async def team_by_id(session: AsyncSession, ids: Sequence[uuid.UUID]) -> list[Team | None]:
    """Teams by id (None for unknown ids)."""
    found = {t.id: t for t in await IdentityRepository(session).teams_by_ids(ids)}
    return [found.get(i) for i in ids]


async def roles_by_user_id(session: AsyncSession, ids: Sequence[uuid.UUID]) -> list[list[str]]:
    """Role names of each user."""
    roles = await IdentityRepository(session).roles_by_user_ids(ids)
    return [roles.get(i, []) for i in ids]

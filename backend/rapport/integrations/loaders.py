"""Batch loads of webhook deliveries' tries and endpoints' counts."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from rapport.integrations.models import WebhookAttempt
from rapport.integrations.repository import WebhookRepository


async def attempts_by_delivery_id(session: AsyncSession, ids: Sequence[uuid.UUID]) -> list[list[WebhookAttempt]]:
    """Each delivery's tries, oldest first."""
    found = await WebhookRepository(session).attempts(ids)
    return [found[i] for i in ids]


async def counts_by_endpoint_id(session: AsyncSession, ids: Sequence[uuid.UUID]) -> list[dict[str, int]]:
    """Each endpoint's deliveries by status."""
    found = await WebhookRepository(session).counts(ids)
    return [found[i] for i in ids]

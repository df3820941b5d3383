"""Batch loads of the knowledge base."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from rapport.support.kb.service import suggestions
from rapport.support.models import KbArticle


async def suggested_articles_by_ticket(session: AsyncSession, tickets: Sequence[Any]) -> list[list[KbArticle]]:
    """Up to five suggested articles per ticket."""
    found = await suggestions(session, tickets, 5)
    return [found.get(t.id, []) for t in tickets]

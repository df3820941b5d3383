"""All SQL of the knowledge base."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.support.models import KbArticle


class KbRepository:
    """Queries of knowledge-base articles."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def search(
        self, tokens: Sequence[str], *, include_drafts: bool, limit: int, after: int = 0
    ) -> list[KbArticle]:
        """Articles containing every token, newest first."""
        stmt = select(KbArticle)
        if not include_drafts:
            stmt = stmt.where(KbArticle.status == "published")
        if tokens:
            stmt = stmt.where(KbArticle.search_tokens.contains(list(tokens)))
        stmt = stmt.order_by(KbArticle.updated_at.desc(), KbArticle.id).offset(after).limit(limit)
        return list((await self.session.execute(stmt)).scalars())

    async def suggest(self, tokens: Sequence[str], limit: int) -> list[KbArticle]:
        """Published articles sharing the most tokens with a text."""
        if not tokens:
            return []
        stmt = (
            select(KbArticle)
            .where(KbArticle.status == "published", KbArticle.search_tokens.overlap(list(tokens)))
            .limit(200)
        )
        wanted = set(tokens)
        scored = [(len(wanted & set(a.search_tokens or ())), a) for a in (await self.session.execute(stmt)).scalars()]
        scored.sort(key=lambda pair: (-pair[0], pair[1].title))
        return [a for score, a in scored if score >= max(2, len(wanted) // 10)][:limit]

    async def by_id(self, article_id: uuid.UUID) -> KbArticle | None:
        """An article by id."""
        return await self.session.get(KbArticle, article_id)

    async def for_update(self, article_id: uuid.UUID) -> KbArticle | None:
        """An article locked for this transaction."""
        return await self.session.get(KbArticle, article_id, with_for_update=True)

"""All SQL of the knowledge base."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.graphql.declare import Rows
from rapport.support.models import KbArticle


def article_rows(tokens: Sequence[str], *, include_drafts: bool, limit: int, offset: int = 0) -> Rows:
    """Articles containing every token (published ones unless `include_drafts`), newest first (`Query.kbSearch`,
    both read paths)."""
    stmt = select(KbArticle)
    if not include_drafts:
        stmt = stmt.where(KbArticle.status == "published")
    if tokens:
        stmt = stmt.where(KbArticle.search_tokens.contains(list(tokens)))
    return Rows(stmt, [KbArticle.updated_at.desc(), KbArticle.id], limit, offset=offset)


def article_by_id(article_id: Any, *, include_drafts: bool) -> Rows:
    """The article with this id (a value or a bound parameter): a draft only with `include_drafts`
    (`Query.kbArticle`, both read paths)."""
    stmt = select(KbArticle).where(KbArticle.id == article_id)
    return Rows(stmt if include_drafts else stmt.where(KbArticle.status == "published"))


class KbRepository:
    """Queries of knowledge-base articles."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

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

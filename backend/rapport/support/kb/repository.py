"""All SQL of the knowledge base."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core.principal import Principal
from rapport.graphql.declare import Arguments, Rows
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


#: How many articles a ticket suggests.
SUGGESTED = 5


def suggested_articles_of(ticket: Any, principal: Principal | None, arguments: Arguments) -> Rows:
    """`Ticket.suggestedArticles` (both read paths): published articles sharing at least two of the ticket's distinct
    words (of its subject and description), and at least a tenth of them; most shared first, then by title (code
    point order) and id; at most five."""
    mine = select(func.unnest(ticket.search_tokens)).correlate(ticket)
    theirs = select(func.unnest(KbArticle.search_tokens)).correlate(KbArticle)
    # The score once per candidate article (a lateral subquery), not once per use.
    shared = select(func.count().label("score")).select_from(mine.intersect(theirs).subquery("common"))
    scored = shared.correlate(ticket, KbArticle).lateral("shared")
    tokens = func.unnest(ticket.search_tokens).table_valued("token").render_derived("words")
    words = select(func.count(func.distinct(tokens.c.token))).select_from(tokens).correlate(ticket).scalar_subquery()
    statement = (
        select(KbArticle)
        .join(scored, true())
        .where(
            KbArticle.status == "published",
            KbArticle.search_tokens.overlap(ticket.search_tokens),
            scored.c.score >= func.greatest(2, words.op("/")(10)),  # integer division
        )
    )
    return Rows(statement, [scored.c.score.desc(), KbArticle.title.collate("C"), KbArticle.id], SUGGESTED)


class KbRepository:
    """Queries of knowledge-base articles."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def by_id(self, article_id: uuid.UUID) -> KbArticle | None:
        """An article by id."""
        return await self.session.get(KbArticle, article_id)

    async def for_update(self, article_id: uuid.UUID) -> KbArticle | None:
        """An article locked for this transaction."""
        return await self.session.get(KbArticle, article_id, with_for_update=True)

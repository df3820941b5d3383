"""Root query fields of the knowledge base."""

from __future__ import annotations

from typing import Annotated

import strawberry

from rapport.core.authz.policy import Access
from rapport.graphql.context import Info
from rapport.graphql.node import from_global_id
from rapport.graphql.types import First, page_size
from rapport.support.kb import service
from rapport.support.kb.repository import KbRepository
from rapport.support.kb.types import KbArticle


def _edits_articles(info: Info) -> bool:
    """Editors (who may write an article's status) see drafts too."""
    return info.context.policy.access("KbArticle.status") >= Access.WRITE


@strawberry.type
class KbQuery:
    """Root query fields of the knowledge base."""

    @strawberry.field(description="Search the knowledge base (Chinese or English); customers see published articles.")
    async def kb_search(
        self,
        info: Info,
        query: Annotated[str | None, strawberry.argument(description="Words or fragments; empty: newest.")] = None,
        first: First = None,
        offset: Annotated[int, strawberry.argument(description="Skip this many results.")] = 0,
    ) -> list[KbArticle]:
        """Matching articles."""
        async with info.context.db.read() as session:
            rows = await service.search(
                session, query, include_drafts=_edits_articles(info), limit=page_size(first), offset=max(0, offset)
            )
        return [KbArticle.from_row(a) for a in rows]

    @strawberry.field(description="A knowledge-base article; drafts only for editors.")
    async def kb_article(
        self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="Global id.")]
    ) -> KbArticle | None:
        """One article."""
        _, raw = from_global_id(id, "KbArticle")
        async with info.context.db.read() as session:
            row = await KbRepository(session).by_id(raw)
        if row is None or (row.status != "published" and not _edits_articles(info)):
            return None
        return KbArticle.from_row(row)

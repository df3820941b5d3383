"""Root mutation fields of the knowledge base."""

from __future__ import annotations

from typing import Annotated

import strawberry

from rapport.graphql.context import Info
from rapport.graphql.kit import outcome
from rapport.graphql.node import from_global_id
from rapport.graphql.types import INPUT, UserError
from rapport.support.kb import service
from rapport.support.kb.inputs import KbArticleSaveInput
from rapport.support.kb.types import KbArticle


@strawberry.type(description="The result of `kbArticleSave`.")
class KbArticlePayload:
    """The article as it is now."""

    article: KbArticle | None = strawberry.field(description="The article.")
    user_errors: list[UserError] = strawberry.field(description="Problems you can fix; nothing changed if any.")


@strawberry.type
class KbMutation:
    """Root mutation fields of the knowledge base."""

    @strawberry.mutation(description="Create or change a knowledge-base article.")
    async def kb_article_save(self, info: Info, input: Annotated[KbArticleSaveInput, INPUT]) -> KbArticlePayload:
        """Save an article."""

        async def save() -> KbArticle:
            raw = from_global_id(input.id, "KbArticle")[1] if input.id else None
            values = {k: getattr(input, k) for k in ("title", "body", "category", "tags", "status")}
            async with info.context.write() as session:
                row = await service.save_article(session, info.context.viewer, raw, input.version, values)
            return KbArticle.from_row(row)

        return await outcome(KbArticlePayload, "article", save)

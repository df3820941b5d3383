"""Knowledge-base rules: saving articles, searching them, suggesting them for tickets."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core import audit, clock
from rapport.core.errors import BadUserInputError, ConflictError, NotFoundError
from rapport.core.ids import uuid7
from rapport.core.principal import Principal
from rapport.core.text import search_tokens
from rapport.support.kb.repository import KbRepository
from rapport.support.models import KbArticle


def _tokens(article: KbArticle) -> list[str]:
    return search_tokens(article.title, article.body, " ".join(article.tags or []), article.category)


async def save_article(
    session: AsyncSession,
    principal: Principal,
    article_id: uuid.UUID | None,
    version: int | None,
    values: Mapping[str, Any],
) -> KbArticle:
    """Create an article (as a draft unless published) or change one at its current version."""
    now = clock.now()
    if article_id is None:
        article = KbArticle(
            id=uuid7(),
            version=1,
            created_at=now,
            updated_at=now,
            author_id=principal.user_id,
            status="draft",
            tags=[],
            title="",
            body="",
        )
        session.add(article)
    else:
        found = await KbRepository(session).for_update(article_id)
        if found is None:
            raise NotFoundError("No article with that id.")
        if version is not None and found.version != version:
            raise ConflictError("The article was changed by someone else; reload it.", currentVersion=found.version)
        article = found
    for key in ("title", "body", "category"):
        if key in values and values[key] is not None:
            setattr(article, key, str(values[key]).strip())
    if values.get("tags") is not None:
        article.tags = sorted({t.strip() for t in values["tags"] if t.strip()})
    if not article.title:
        raise BadUserInputError("Give the article a title.", field="title")
    if not article.body:
        raise BadUserInputError("Write the article's body.", field="body")
    status = values.get("status")
    if status is not None:
        if status not in ("draft", "published"):
            raise BadUserInputError("status is draft or published.", field="status")
        if status == "published" and article.status != "published":
            article.published_at = now
        article.status = status
    article.search_tokens = _tokens(article)
    article.updated_at = now
    await session.flush()
    audit.record(
        session,
        actor_id=principal.user_id,
        entity_type="KbArticle",
        entity_id=article.id,
        action="create" if article_id is None else "update",
        changes={"title": [None, article.title], "status": [None, article.status]},
    )
    return article

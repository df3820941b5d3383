"""GraphQL type of knowledge-base articles (every field a column)."""

from __future__ import annotations

from datetime import datetime

import strawberry

from rapport.graphql.declare import FromRow
from rapport.graphql.node import Node


@strawberry.type(description="A knowledge-base article (Markdown).")
class KbArticle(Node, FromRow):
    """An article."""

    version: int = strawberry.field(description="Pass back when changing the article.")
    title: str = strawberry.field(description="Title.")
    body: str = strawberry.field(description="Body in Markdown.")
    category: str | None = strawberry.field(description="Category.")
    tags: list[str] = strawberry.field(description="Tags.")
    status: str = strawberry.field(description="draft or published.")
    published_at: datetime | None = strawberry.field(description="When it was published.")
    updated_at: datetime = strawberry.field(description="When it last changed.")

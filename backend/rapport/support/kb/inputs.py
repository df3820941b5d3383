"""GraphQL inputs of the knowledge base."""

from __future__ import annotations

import strawberry


@strawberry.input(description="A knowledge-base article to create or change.")
class KbArticleSaveInput:
    """Omitted fields stay as they are."""

    id: strawberry.ID | None = strawberry.field(default=None, description="Null creates a new article.")
    version: int | None = strawberry.field(default=None, description="The version you read.")
    title: str | None = strawberry.field(default=None, description="Title.")
    body: str | None = strawberry.field(default=None, description="Body in Markdown.")
    category: str | None = strawberry.field(default=None, description="Category.")
    tags: list[str] | None = strawberry.field(default=None, description="Tags.")
    status: str | None = strawberry.field(default=None, description="draft or published.")

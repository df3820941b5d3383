"""Root query fields of the knowledge base."""

from __future__ import annotations

from typing import Annotated

import strawberry

from rapport.core.authz import policy as authz_policy
from rapport.core.authz.policy import Access, PrincipalPolicy
from rapport.core.principal import Principal
from rapport.core.text import query_tokens
from rapport.graphql.context import Info
from rapport.graphql.declare import RootField, Rows
from rapport.graphql.kit import rows_of
from rapport.graphql.node import from_global_id
from rapport.graphql.types import First, page_size, page_size_or_none
from rapport.support.kb.repository import article_by_id, article_rows
from rapport.support.kb.types import KbArticle


def _edits_articles(policy: PrincipalPolicy) -> bool:
    """Editors (who may write an article's status) see drafts too."""
    return policy.access("KbArticle.status") >= Access.WRITE


def _search_rows(policy: PrincipalPolicy, query: str | None, first: int | None, offset: int) -> Rows | None:
    size = page_size_or_none(first)
    if size is None:
        return None
    drafts = _edits_articles(policy)
    return article_rows(query_tokens(query or ""), include_drafts=drafts, limit=size, offset=max(0, offset))


def _policy(principal: Principal | None) -> PrincipalPolicy:
    return authz_policy.current().for_roles(principal.roles if principal else ())


#: The compiled root fields of the knowledge base (listed in the support manifest).
ROOTS = {
    "kbSearch": RootField(
        "KbArticle",
        "list",
        lambda principal, a: _search_rows(_policy(principal), a.get("query"), a.get("first"), a.get("offset", 0)),
        arguments=frozenset({"query", "first", "offset"}),
    ),
    "kbArticle": RootField(
        "KbArticle",
        "one",
        lambda principal, a: article_by_id(a["id"], include_drafts=_edits_articles(_policy(principal))),
        arguments=frozenset({"id"}),
        global_id_arguments={"id": "KbArticle"},
    ),
}


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
        page_size(first)  # an invalid size answers BAD_USER_INPUT
        rows = _search_rows(info.context.policy, query, first, offset)
        assert rows is not None
        return await rows_of(info, rows, KbArticle.from_row)

    @strawberry.field(description="A knowledge-base article; drafts only for editors.")
    async def kb_article(
        self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="Global id.")]
    ) -> KbArticle | None:
        """One article."""
        _, raw = from_global_id(id, "KbArticle")
        found = await rows_of(
            info, article_by_id(raw, include_drafts=_edits_articles(info.context.policy)), KbArticle.from_row
        )
        return found[0] if found else None

"""Identity queries: the viewer, users and teams."""

from __future__ import annotations

import strawberry

from rapport.graphql.context import Info
from rapport.graphql.types import (
    After,
    Connection,
    First,
    build_connection,
    cursor_text,
    cursor_uuid,
    decode_keyset,
    page_size,
)
from rapport.identity.repository import IdentityRepository
from rapport.identity.types import ApiToken, Team, User


@strawberry.type
class IdentityQuery:
    """Root query fields of the identity domain."""

    @strawberry.field(description="The signed-in user, or null when nobody is signed in.")
    async def viewer(self, info: Info) -> User | None:
        """The caller."""
        principal = info.context.principal
        if principal is None:
            return None
        from rapport.identity import loaders

        row = await info.context.loaders.get(loaders.user_by_id).load(principal.user_id)
        return None if row is None else User.from_row(row)

    @strawberry.field(
        description="All users, ordered by email (administrators only).",
    )
    async def users(self, info: Info, first: First = None, after: After = None) -> Connection[User]:
        """A page of users."""
        size = page_size(first)
        keyset = decode_keyset(after, cursor_text, cursor_uuid)
        db = info.context.db
        async with db.read() as session:
            rows = await IdentityRepository(session).list_users(after=keyset, limit=size + 1)

        async def count() -> int:
            async with db.read() as session:
                return await IdentityRepository(session).count_users()

        return build_connection(
            rows,
            size,
            to_node=User.from_row,
            cursor_of=lambda u: (u.email, u.id),
            has_previous=keyset is not None,
            count=count,
        )

    @strawberry.field(description="All teams, parents before children.")
    async def teams(self, info: Info) -> list[Team]:
        """Every team."""
        async with info.context.db.read() as session:
            return [Team.from_row(t) for t in await IdentityRepository(session).list_teams()]

    @strawberry.field(description="Every API token (administrators only).")
    async def api_tokens(self, info: Info) -> list[ApiToken]:
        """Every API token, newest first."""
        async with info.context.db.read() as session:
            return [ApiToken.from_row(t) for t in await IdentityRepository(session).list_tokens()]

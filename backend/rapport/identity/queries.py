"""Identity queries: the viewer, users and teams."""

from __future__ import annotations

import strawberry
from sqlalchemy import select

from rapport.graphql.context import Info
from rapport.graphql.declare import Arguments, RootField, Rows
from rapport.graphql.kit import statement_page
from rapport.graphql.types import After, Connection, First, page_size_or_none
from rapport.identity.models import User as UserRow
from rapport.identity.repository import IdentityRepository, team_rows
from rapport.identity.types import ApiToken, Team, User


def user_rows() -> Rows:
    """Every user, by email (`Query.users`, both read paths; its cursors hold the email and the id)."""
    return Rows(select(UserRow), [UserRow.email, UserRow.id])


#: The compiled root fields of the identity domain (listed in its manifest).
ROOTS = {
    "teams": RootField("Team", "list", lambda principal, arguments: team_rows()),
    "users": RootField(
        "User",
        "connection",
        lambda principal, arguments: _users_page(arguments),
        arguments=frozenset({"first", "after"}),
    ),
}


def _users_page(arguments: Arguments) -> Rows | None:
    size = page_size_or_none(arguments.get("first"))
    return None if size is None else Rows(user_rows().statement, user_rows().order_by, size)


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
        return await statement_page(info, user_rows(), first, after, User.from_row)

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

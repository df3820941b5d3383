"""Identity queries: the viewer, users and teams."""

from __future__ import annotations

import strawberry
from sqlalchemy import select

from rapport.core.principal import Principal
from rapport.graphql.context import Info
from rapport.graphql.declare import Arguments, RootField, Rows
from rapport.graphql.kit import rows_of, statement_page
from rapport.graphql.types import After, Connection, First, page_size_or_none
from rapport.identity.models import User as UserRow
from rapport.identity.repository import IdentityRepository, team_rows, token_rows
from rapport.identity.types import ApiToken, Team, User


def user_rows() -> Rows:
    """Every user, by email (`Query.users`, both read paths; its cursors hold the email and the id)."""
    return Rows(select(UserRow), [UserRow.email, UserRow.id])


#: The compiled root fields of the identity domain (listed in its manifest).
ROOTS = {
    "viewer": RootField("User", "one", lambda principal, arguments: _viewer_rows(principal)),
    "teams": RootField("Team", "list", lambda principal, arguments: team_rows()),
    "apiTokens": RootField("ApiToken", "list", lambda principal, arguments: token_rows()),
    "users": RootField(
        "User",
        "connection",
        lambda principal, arguments: _users_page(arguments),
        arguments=frozenset({"first", "after"}),
    ),
}


def _viewer_rows(principal: Principal | None) -> Rows | None:
    # The signed-in caller's own row (anonymous callers never reach the compiler; the resolver answers null).
    return None if principal is None else Rows(select(UserRow).where(UserRow.id == principal.user_id))


def _users_page(arguments: Arguments) -> Rows | None:
    size = page_size_or_none(arguments.get("first"))
    return None if size is None else Rows(user_rows().statement, user_rows().order_by, size)


@strawberry.type
class IdentityQuery:
    """Root query fields of the identity domain."""

    @strawberry.field(description="The signed-in user, or null when nobody is signed in.")
    async def viewer(self, info: Info) -> User | None:
        """The caller."""
        rows = _viewer_rows(info.context.principal)
        found = [] if rows is None else await rows_of(info, rows, User.from_row)
        return found[0] if found else None

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
        return await rows_of(info, token_rows(), ApiToken.from_row)

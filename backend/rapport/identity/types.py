"""GraphQL types of the identity domain."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from rapport.graphql.context import Info
from rapport.graphql.node import Node, register_node, to_global_id
from rapport.identity import loaders, models

if TYPE_CHECKING:
    from rapport.identity.permissions import Permissions


@strawberry.type(description="A team of users; teams form a hierarchy (a manager sees the subtree).")
class Team(Node):
    """A team."""

    name: str = strawberry.field(description="Display name of the team.")
    kind: str = strawberry.field(description="What the team does: sales or service.")
    _parent_id: strawberry.Private[uuid.UUID | None]
    _manager_id: strawberry.Private[uuid.UUID | None]

    @classmethod
    def from_row(cls, row: models.Team) -> Team:
        """The GraphQL view of a team row."""
        return cls(
            id=to_global_id("Team", row.id),
            name=row.name,
            kind=row.kind,
            _parent_id=row.parent_id,
            _manager_id=row.manager_id,
        )

    @strawberry.field(description="The team above this one, if any.")
    async def parent(self, info: Info) -> Team | None:
        """The parent team."""
        if self._parent_id is None:
            return None
        row = await info.context.loaders.get(loaders.team_by_id).load(self._parent_id)
        return None if row is None else Team.from_row(row)

    @strawberry.field(description="The user who manages this team.")
    async def manager(self, info: Info) -> User | None:
        """The team's manager."""
        if self._manager_id is None:
            return None
        row = await info.context.loaders.get(loaders.user_by_id).load(self._manager_id)
        return None if row is None else User.from_row(row)


@strawberry.type(description="A person who signs in to Rapport.")
class User(Node):
    """A user."""

    email: str = strawberry.field(description="Sign-in email, lower case.")
    name: str = strawberry.field(description="Display name.")
    locale: str = strawberry.field(description="Preferred language: zh-CN or en.")
    active: bool = strawberry.field(description="False when the account may no longer sign in.")
    _raw_id: strawberry.Private[uuid.UUID]
    _team_id: strawberry.Private[uuid.UUID | None]

    @classmethod
    def from_row(cls, row: models.User) -> User:
        """The GraphQL view of a user row."""
        return cls(
            id=to_global_id("User", row.id),
            email=row.email,
            name=row.name,
            locale=row.locale,
            active=row.active,
            _raw_id=row.id,
            _team_id=row.team_id,
        )

    @strawberry.field(description="Role names, e.g. sales_rep, admin.")
    async def roles(self, info: Info) -> list[str]:
        """The user's roles."""
        return await info.context.loaders.get(loaders.roles_by_user_id).load(self._raw_id)

    @strawberry.field(description="What this user may see and do; only for the signed-in user themself (else null).")
    def permissions(self, info: Info) -> Annotated[Permissions, strawberry.lazy("rapport.identity.permissions")] | None:
        """The viewer's effective permissions."""
        from rapport.identity.permissions import permissions_of

        principal = info.context.principal
        if principal is None or principal.user_id != self._raw_id:
            return None
        return permissions_of(info.context.policy)

    @strawberry.field(description="The user's team, if any.")
    async def team(self, info: Info) -> Team | None:
        """The user's team."""
        if self._team_id is None:
            return None
        row = await info.context.loaders.get(loaders.team_by_id).load(self._team_id)
        return None if row is None else Team.from_row(row)


@strawberry.type(description="A bearer token an integration uses; the secret itself is shown only once.")
class ApiToken(Node):
    """An API token (without its secret)."""

    name: str = strawberry.field(description="Which system uses the token.")
    prefix: str = strawberry.field(description="The first characters of the secret, to recognise it.")
    created_at: datetime = strawberry.field(description="When it was issued.")
    expires_at: datetime | None = strawberry.field(description="When it stops working, if ever.")
    last_used_at: datetime | None = strawberry.field(description="When it was last used (to the minute).")
    revoked_at: datetime | None = strawberry.field(description="When it was revoked; null while it works.")
    _user_id: strawberry.Private[uuid.UUID]

    @classmethod
    def from_row(cls, row: models.ApiToken) -> ApiToken:
        """The GraphQL view of a token row."""
        return cls(
            id=to_global_id("ApiToken", row.id),
            name=row.name,
            prefix=row.prefix,
            created_at=row.created_at,
            expires_at=row.expires_at,
            last_used_at=row.last_used_at,
            revoked_at=row.revoked_at,
            _user_id=row.user_id,
        )

    @strawberry.field(description="The user the token acts as.")
    async def user(self, info: Info) -> User | None:
        """The token's user."""
        row = await info.context.loaders.get(loaders.user_by_id).load(self._user_id)
        return None if row is None else User.from_row(row)


async def _user_node(context: object, raw_id: uuid.UUID) -> User | None:
    principal = context.principal  # type: ignore[attr-defined]
    if principal is None or (raw_id != principal.user_id and not principal.is_admin):
        return None
    row = await context.loaders.get(loaders.user_by_id).load(raw_id)  # type: ignore[attr-defined]
    return None if row is None else User.from_row(row)


async def _team_node(context: object, raw_id: uuid.UUID) -> Team | None:
    if context.principal is None:  # type: ignore[attr-defined]
        return None
    row = await context.loaders.get(loaders.team_by_id).load(raw_id)  # type: ignore[attr-defined]
    return None if row is None else Team.from_row(row)


register_node("User", _user_node)
register_node("Team", _team_node)

"""GraphQL types of the identity domain."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from sqlalchemy import ARRAY, Select, String, func, literal, select
from sqlalchemy.dialects.postgresql import aggregate_order_by

from rapport.core.principal import Principal
from rapport.graphql.context import Info
from rapport.graphql.declare import FromRow, Relation, RelationRows, by_id, derived, given, relation
from rapport.graphql.node import Node
from rapport.identity import loaders, models

if TYPE_CHECKING:
    from rapport.identity.permissions import Permissions


def _users(principal: Principal | None) -> Select[Any]:
    return select(models.User)


def _teams(principal: Principal | None) -> Select[Any]:
    return select(models.Team)


def user_of(attribute: str) -> RelationRows:
    """The user whose id the parent row holds in `attribute` (e.g. a customer's `owner_id`); users are not
    row-scoped, so every caller who may read the field sees the same user. Every such relation loads its users
    in one batch per request (`by_id`)."""
    return by_id(_users, attribute)


def team_of(attribute: str) -> RelationRows:
    """The team whose id the parent row holds in `attribute` (e.g. a ticket's `queue_id`), batched as `user_of`."""
    return by_id(_teams, attribute)


@strawberry.type(description="A team of users; teams form a hierarchy (a manager sees the subtree).")
class Team(Node, FromRow):
    """A team."""

    name: str = strawberry.field(description="Display name of the team.")
    kind: str = strawberry.field(description="What the team does: sales or service.")
    _row: strawberry.Private[models.Team]

    @relation(Relation("Team", "one", team_of("parent_id")), description="The team above this one, if any.")
    async def parent(self, info: Info) -> Team | None:
        """The parent team."""

    @relation(Relation("User", "one", user_of("manager_id")), description="The user who manages this team.")
    async def manager(self, info: Info) -> User | None:
        """The team's manager."""


def _permissions_of(policy: Any) -> Permissions:
    from rapport.identity.permissions import permissions_of

    return permissions_of(policy)


def role_names(user: Any) -> Any:
    """A user's role names, sorted (`User.roles`: an array of text, empty without roles)."""
    names = func.array_agg(aggregate_order_by(models.UserRole.role_name, models.UserRole.role_name))
    empty = literal([], ARRAY(String))
    return select(func.coalesce(names, empty)).where(models.UserRole.user_id == user.id).scalar_subquery()


@strawberry.type(description="A person who signs in to Rapport.")
class User(Node, FromRow):
    """A user."""

    email: str = strawberry.field(description="Sign-in email, lower case.")
    name: str = strawberry.field(description="Display name.")
    locale: str = strawberry.field(description="Preferred language: zh-CN or en.")
    active: bool = strawberry.field(description="False when the account may no longer sign in.")
    _row: strawberry.Private[models.User]

    @derived(role_names, description="Role names, e.g. sales_rep, admin.")
    async def roles(self, info: Info) -> list[str]:
        """The user's roles."""

    @given(
        _permissions_of,
        "id",
        description="What this user may see and do; only for the signed-in user themself (else null).",
    )
    def permissions(self, info: Info) -> Annotated[Permissions, strawberry.lazy("rapport.identity.permissions")] | None:
        """The viewer's effective permissions, from the process's compiled policy."""

    @relation(Relation("Team", "one", team_of("team_id")), description="The user's team, if any.")
    async def team(self, info: Info) -> Team | None:
        """The user's team."""


@strawberry.type(description="A bearer token an integration uses; the secret itself is shown only once.")
class ApiToken(Node, FromRow):
    """An API token (without its secret)."""

    name: str = strawberry.field(description="Which system uses the token.")
    prefix: str = strawberry.field(description="The first characters of the secret, to recognise it.")
    created_at: datetime = strawberry.field(description="When it was issued.")
    expires_at: datetime | None = strawberry.field(description="When it stops working, if ever.")
    last_used_at: datetime | None = strawberry.field(description="When it was last used (to the minute).")
    revoked_at: datetime | None = strawberry.field(description="When it was revoked; null while it works.")
    _row: strawberry.Private[models.ApiToken]

    @relation(Relation("User", "one", user_of("user_id")), description="The user the token acts as.")
    async def user(self, info: Info) -> User | None:
        """The token's user."""


async def user_node(context: object, raw_id: uuid.UUID) -> User | None:
    principal = context.principal  # type: ignore[attr-defined]
    if principal is None or (raw_id != principal.user_id and not principal.is_admin):
        return None
    row = await context.loaders.get(loaders.user_by_id).load(raw_id)  # type: ignore[attr-defined]
    return None if row is None else User.from_row(row)


async def team_node(context: object, raw_id: uuid.UUID) -> Team | None:
    if context.principal is None:  # type: ignore[attr-defined]
        return None
    row = await context.loaders.get(loaders.team_by_id).load(raw_id)  # type: ignore[attr-defined]
    return None if row is None else Team.from_row(row)


#: `node(id)` for identity's types (listed in the manifest).
NODES = {"User": user_node, "Team": team_node}

"""GraphQL for administering people and reading the audit log (administrators only, by the policy)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import strawberry
from sqlalchemy import Text, cast, func, literal, literal_column
from strawberry.scalars import JSON

from rapport.core.audit import AuditEntry
from rapport.core.errors import BadUserInputError
from rapport.graphql.context import Info
from rapport.graphql.declare import FromRow, Relation, expression, relation
from rapport.graphql.kit import filtered_page_root, outcome, statement_page
from rapport.graphql.node import Node, base64url_sql, from_global_id, optional_id, raw_id, to_global_id
from rapport.graphql.types import (
    INPUT,
    After,
    Connection,
    First,
    UserError,
)
from rapport.identity import admin
from rapport.identity.repository import AuditFilter
from rapport.identity.types import Team, User, user_of


def _entity_id_sql(row: Any) -> Any:
    # to_global_id(entity_type, entity_id) in SQL; null without an entity id (|| keeps the null).
    return base64url_sql(row.entity_type.op("||")(literal(":")).op("||")(cast(row.entity_id, Text)))


def _entity_id(row: AuditEntry) -> str | None:
    return to_global_id(row.entity_type, row.entity_id) if row.entity_id else None


@strawberry.type(description="One audited action: who did what to which record, when, with old and new values.")
class AuditLogEntry(Node, FromRow):
    """An audit entry."""

    at: datetime = strawberry.field(description="When.")
    entity_type: str = strawberry.field(description="The kind of record, e.g. Customer, Ticket, Opportunity.")
    entity_id: str | None = expression(
        _entity_id_sql, _entity_id, description="The record's global id (of type entityType)."
    )
    action: str = strawberry.field(description="create, update, move, reveal, data_subject_erase...")
    changes: JSON = expression(
        lambda row: func.coalesce(row.changes, literal_column("'{}'::jsonb")),
        lambda row: JSON(row.changes or {}),
        description="{field: [old, new]} (reveals list the fields read).",
    )
    request_id: str | None = strawberry.field(description="The request that did it (matches the server log).")
    _row: strawberry.Private[AuditEntry]

    @relation(Relation("User", "one", user_of("actor_id")), description="Who did it (null: the system, e.g. a job).")
    async def actor(self, info: Info) -> User | None:
        """The actor."""


@strawberry.input(description="Which audit entries to list.")
class AuditLogFilter:
    """Every field narrows the list."""

    entity_type: str | None = strawberry.field(default=None, description="e.g. Customer.")
    entity_id: strawberry.ID | None = strawberry.field(default=None, description="A record's global id.")
    actor_id: strawberry.ID | None = strawberry.field(default=None, description="Who did it (a User id).")
    action: str | None = strawberry.field(default=None, description="e.g. update.")
    at_from: datetime | None = strawberry.field(default=None, description="From (inclusive).")
    at_to: datetime | None = strawberry.field(default=None, description="To (exclusive).")


@strawberry.input(description="Change a user; fields left out stay as they are.")
class UserUpdateInput:
    """The user and the changes."""

    id: strawberry.ID = strawberry.field(description="The user.")
    version: int | None = strawberry.field(default=None, description="The version you read (CONFLICT if stale).")
    name: str | None = strawberry.field(default=None, description="Display name.")
    locale: str | None = strawberry.field(default=None, description="zh-CN or en.")
    roles: list[str] | None = strawberry.field(default=None, description="The complete new set of roles.")
    team_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="The team; null removes the user from any team."
    )
    active: bool | None = strawberry.field(default=None, description="False deactivates and signs out everywhere.")


@strawberry.input(description="Create (no id) or change a team.")
class TeamSaveInput:
    """A team."""

    id: strawberry.ID | None = strawberry.field(default=None, description="The team to change; null: a new team.")
    version: int | None = strawberry.field(default=None, description="The version you read.")
    name: str = strawberry.field(description="Display name.")
    kind: str = strawberry.field(default="sales", description="sales, service, marketing or other.")
    parent_id: strawberry.ID | None = strawberry.field(default=None, description="The team above (null: top level).")
    manager_id: strawberry.ID | None = strawberry.field(default=None, description="The team's manager.")


@strawberry.type(description="The result of `userUpdate`.")
class UserUpdatePayload:
    """The user as it is now."""

    user: User | None = strawberry.field(description="The user after the change.")
    user_errors: list[UserError] = strawberry.field(description="Problems you can fix; nothing changed if any.")


@strawberry.type(description="The result of `teamSave`.")
class TeamSavePayload:
    """The team as it is now."""

    team: Team | None = strawberry.field(description="The team after the change.")
    user_errors: list[UserError] = strawberry.field(description="Problems you can fix; nothing changed if any.")


def audit_filter_spec(given: AuditLogFilter | None) -> AuditFilter:
    """The repository's filter from the GraphQL filter (BAD_USER_INPUT for an entity id of another type)."""
    if given is None:
        return AuditFilter()
    entity_id = None
    if given.entity_id:
        type_name, entity_id = from_global_id(given.entity_id, None)
        if given.entity_type and given.entity_type != type_name:
            raise BadUserInputError("entityId is not of entityType.", field="entityId")
    return AuditFilter(
        entity_type=given.entity_type or None,
        entity_id=entity_id,
        actor_id=optional_id(given.actor_id, "User"),
        action=given.action or None,
        start=given.at_from,
        end=given.at_to,
    )


#: The compiled root fields of identity's administration (listed in the identity manifest).
ROOTS = {
    "auditLog": filtered_page_root(
        "AuditLogEntry", lambda principal, given: admin.audit_log(audit_filter_spec(given)), AuditLogFilter
    )
}


@strawberry.type
class IdentityAdminQuery:
    """Root query fields for administrators."""

    @strawberry.field(description="The audit log, newest first.")
    async def audit_log(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        filter: Annotated[AuditLogFilter | None, strawberry.argument(description="What to include.")] = None,
    ) -> Connection[AuditLogEntry]:
        """A page of audit entries."""
        return await statement_page(
            info, admin.audit_log(audit_filter_spec(filter)), first, after, AuditLogEntry.from_row
        )


@strawberry.type
class IdentityAdminMutation:
    """Root mutation fields for administrators."""

    @strawberry.mutation(description="Change a user's name, language, roles, team or whether they may sign in.")
    async def user_update(self, info: Info, input: Annotated[UserUpdateInput, INPUT]) -> UserUpdatePayload:
        """Update a user."""
        ctx = info.context
        changes = admin.UserChanges(
            name=input.name,
            locale=input.locale,
            roles=input.roles,
            team_id=None if input.team_id is strawberry.UNSET else optional_id(input.team_id, "Team"),
            clear_team=input.team_id is None,
            active=input.active,
        )

        async def update() -> User:
            async with ctx.write() as session:
                user = await admin.update_user(session, ctx.viewer, raw_id(input.id, "User"), input.version, changes)
            return User.from_row(user)

        return await outcome(UserUpdatePayload, "user", update)

    @strawberry.mutation(description="Create or change a team (moving it moves its sub-teams).")
    async def team_save(self, info: Info, input: Annotated[TeamSaveInput, INPUT]) -> TeamSavePayload:
        """Save a team."""
        ctx = info.context

        async def save() -> Team:
            async with ctx.write() as session:
                team = await admin.save_team(
                    session,
                    ctx.viewer,
                    optional_id(input.id, "Team"),
                    input.version,
                    name=input.name,
                    kind=input.kind,
                    parent_id=optional_id(input.parent_id, "Team"),
                    manager_id=optional_id(input.manager_id, "User"),
                )
            return Team.from_row(team)

        return await outcome(TeamSavePayload, "team", save)

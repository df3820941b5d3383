"""GraphQL for administering people and reading the audit log (administrators only, by the policy)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

import strawberry
from strawberry.scalars import JSON

from rapport.core.errors import BadUserInputError
from rapport.graphql.context import Info
from rapport.graphql.node import Node, from_global_id, to_global_id
from rapport.graphql.types import (
    INPUT,
    After,
    Connection,
    First,
    UserError,
    build_connection,
    decode_time_cursor,
    page_size,
    time_cursor,
)
from rapport.identity import admin, loaders
from rapport.identity.types import Team, User


@strawberry.type(description="One audited action: who did what to which record, when, with old and new values.")
class AuditLogEntry(Node):
    """An audit entry."""

    at: datetime = strawberry.field(description="When.")
    entity_type: str = strawberry.field(description="The kind of record, e.g. Customer, Ticket, Opportunity.")
    entity_id: str | None = strawberry.field(description="The record's global id (of type entityType).")
    action: str = strawberry.field(description="create, update, move, reveal, data_subject_erase...")
    changes: JSON = strawberry.field(description="{field: [old, new]} (reveals list the fields read).")
    request_id: str | None = strawberry.field(description="The request that did it (matches the server log).")
    _actor_id: strawberry.Private[uuid.UUID | None]

    @classmethod
    def from_row(cls, row: Any) -> AuditLogEntry:
        """The GraphQL view of an audit entry."""
        return cls(
            id=to_global_id("AuditLogEntry", row.id),
            at=row.at,
            entity_type=row.entity_type,
            entity_id=to_global_id(row.entity_type, row.entity_id) if row.entity_id else None,
            action=row.action,
            changes=JSON(row.changes or {}),
            request_id=row.request_id,
            _actor_id=row.actor_id,
        )

    @strawberry.field(description="Who did it (null: the system, e.g. a job).")
    async def actor(self, info: Info) -> User | None:
        """The actor."""
        if self._actor_id is None:
            return None
        row = await info.context.loaders.get(loaders.user_by_id).load(self._actor_id)
        return None if row is None else User.from_row(row)


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


def _id(value: str | None, type_name: str) -> uuid.UUID | None:
    return from_global_id(value, type_name)[1] if value else None


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
        size, position = page_size(first), decode_time_cursor(after)
        spec = admin.AuditFilter()
        if filter is not None:
            entity_id = None
            if filter.entity_id:
                type_name, entity_id = from_global_id(filter.entity_id, None)
                if filter.entity_type and filter.entity_type != type_name:
                    raise BadUserInputError("entityId is not of entityType.", field="entityId")
            spec = admin.AuditFilter(
                entity_type=filter.entity_type or None,
                entity_id=entity_id,
                actor_id=_id(filter.actor_id, "User"),
                action=filter.action or None,
                start=filter.at_from,
                end=filter.at_to,
            )
        db = info.context.db
        async with db.read() as session:
            rows = await admin.audit_page(session, spec, position, size + 1)

        async def count() -> int:
            async with db.read() as session:
                return await admin.audit_count(session, spec)

        return build_connection(
            rows,
            size,
            to_node=AuditLogEntry.from_row,
            cursor_of=lambda r: time_cursor(r.at, r.id),
            has_previous=position is not None,
            count=count,
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
            team_id=None if input.team_id is strawberry.UNSET else _id(input.team_id, "Team"),
            clear_team=input.team_id is None,
            active=input.active,
        )
        try:
            async with ctx.write() as session:
                user = await admin.update_user(
                    session, ctx.viewer, from_global_id(input.id, "User")[1], input.version, changes
                )
        except BadUserInputError as error:
            return UserUpdatePayload(user=None, user_errors=[UserError.from_error(error)])
        return UserUpdatePayload(user=User.from_row(user), user_errors=[])

    @strawberry.mutation(description="Create or change a team (moving it moves its sub-teams).")
    async def team_save(self, info: Info, input: Annotated[TeamSaveInput, INPUT]) -> TeamSavePayload:
        """Save a team."""
        ctx = info.context
        try:
            async with ctx.write() as session:
                team = await admin.save_team(
                    session,
                    ctx.viewer,
                    _id(input.id, "Team"),
                    input.version,
                    name=input.name,
                    kind=input.kind,
                    parent_id=_id(input.parent_id, "Team"),
                    manager_id=_id(input.manager_id, "User"),
                )
        except BadUserInputError as error:
            return TeamSavePayload(team=None, user_errors=[UserError.from_error(error)])
        return TeamSavePayload(team=Team.from_row(team), user_errors=[])

"""Administering people: changing users (roles, team, deactivation) and teams (name, manager, place in the tree)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core import audit, clock
from rapport.core.audit import AuditEntry
from rapport.core.errors import BadUserInputError, ConflictError, NotFoundError
from rapport.core.i18n import msg
from rapport.core.ids import uuid7
from rapport.core.principal import Principal
from rapport.core.principals import principal_cache
from rapport.graphql.declare import Rows
from rapport.identity.models import Team, User
from rapport.identity.repository import AuditFilter, IdentityRepository, audit_entries
from rapport.identity.service import LOCALES

TEAM_KINDS = ("sales", "service", "marketing", "other")


@dataclass
class UserChanges:
    """What to change on a user; None leaves a value as it is."""

    name: str | None = None
    locale: str | None = None
    roles: Sequence[str] | None = None
    team_id: uuid.UUID | None = None
    clear_team: bool = False
    active: bool | None = None


async def update_user(
    session: AsyncSession, actor: Principal, user_id: uuid.UUID, version: int | None, changes: UserChanges
) -> User:
    """Change a user; deactivating signs them out everywhere. Admins cannot deactivate or demote themselves."""
    repo = IdentityRepository(session)
    principal_cache.clear()  # roles, team or activity may change; other processes hear the trigger's NOTIFY
    user = await session.get(User, user_id, with_for_update=True, populate_existing=True)
    if user is None:
        raise NotFoundError("No user with that id.")
    if version is not None and user.version != version:
        raise ConflictError("The user was changed by someone else; reload it.", currentVersion=user.version)
    before_roles = (await repo.roles_by_user_ids([user.id])).get(user.id, [])
    record: dict[str, list[object]] = {}
    if changes.name is not None:
        name = changes.name.strip()
        if not name:
            raise BadUserInputError("Give the user a name.", field="name")
        record["name"] = [user.name, name]
        user.name = name[:200]
    if changes.locale is not None:
        if changes.locale not in LOCALES:
            raise BadUserInputError(msg("locale must be one of {choices}.", choices=list(LOCALES)), field="locale")
        user.locale = changes.locale
    if changes.roles is not None:
        roles = sorted(set(changes.roles))
        unknown = set(roles) - await repo.existing_roles(roles)
        if unknown:
            raise BadUserInputError(msg("Unknown roles: {roles}.", roles=sorted(unknown)), field="roles")
        if user.id == actor.user_id and "admin" in before_roles and "admin" not in roles:
            raise BadUserInputError("You cannot take the admin role from yourself.", field="roles")
        if roles != before_roles:
            await repo.set_roles(user.id, roles)
            record["roles"] = [before_roles, roles]
    if changes.clear_team or changes.team_id is not None:
        if changes.team_id is not None and not await repo.teams_by_ids([changes.team_id]):
            raise BadUserInputError("No such team.", field="teamId")
        record["teamId"] = [
            str(user.team_id) if user.team_id else None,
            str(changes.team_id) if changes.team_id else None,
        ]
        user.team_id = changes.team_id
    if changes.active is not None and changes.active != user.active:
        if not changes.active and user.id == actor.user_id:
            raise BadUserInputError("You cannot deactivate yourself.", field="active")
        record["active"] = [user.active, changes.active]
        user.active = changes.active
        if not changes.active:
            await IdentityRepository(session).end_sessions_of(user.id)
    await session.flush()
    audit.record(
        session, actor_id=actor.user_id, entity_type="User", entity_id=user.id, action="update", changes=record
    )
    return user


async def save_team(
    session: AsyncSession,
    actor: Principal,
    team_id: uuid.UUID | None,
    version: int | None,
    *,
    name: str,
    kind: str,
    parent_id: uuid.UUID | None,
    manager_id: uuid.UUID | None,
) -> Team:
    """Create a team or change one; moving it moves its whole subtree (never under itself)."""
    clean = name.strip()
    if not clean:
        raise BadUserInputError("Name the team.", field="name")
    if kind not in TEAM_KINDS:
        raise BadUserInputError(msg("kind is one of {choices}.", choices=list(TEAM_KINDS)), field="kind")
    repo = IdentityRepository(session)
    principal_cache.clear()  # team paths may move; other processes hear the trigger's NOTIFY
    parent = None
    if parent_id is not None:
        found = await repo.teams_by_ids([parent_id])
        if not found:
            raise BadUserInputError("No such parent team.", field="parentId")
        parent = found[0]
    if manager_id is not None and not await repo.users_by_ids([manager_id]):
        raise BadUserInputError("No such user.", field="managerId")
    if team_id is None:
        team = Team(id=uuid7(), version=1, created_at=clock.now(), updated_at=clock.now())
        team.path = f"{parent.path if parent else '/'}{team.id}/"
        session.add(team)
        before: dict[str, object] = {}
    else:
        existing = await session.get(Team, team_id, with_for_update=True, populate_existing=True)
        if existing is None:
            raise NotFoundError("No team with that id.")
        team = existing
        if version is not None and team.version != version:
            raise ConflictError("The team was changed by someone else; reload it.", currentVersion=team.version)
        before = {"name": team.name, "parentId": str(team.parent_id) if team.parent_id else None}
        if parent is not None and parent.path.startswith(team.path):
            raise BadUserInputError("A team cannot move under itself or its own sub-teams.", field="parentId")
        if parent_id != team.parent_id:
            old_path = team.path
            new_path = f"{parent.path if parent else '/'}{team.id}/"
            await IdentityRepository(session).move_subtree(team, old_path, new_path)
            team.path = new_path
    team.name, team.kind, team.parent_id, team.manager_id = clean[:200], kind, parent_id, manager_id
    team.updated_at = clock.now()
    await session.flush()
    audit.record(
        session,
        actor_id=actor.user_id,
        entity_type="Team",
        entity_id=team.id,
        action="create" if team_id is None else "update",
        changes={
            "name": [before.get("name"), team.name],
            "parentId": [before.get("parentId"), str(parent_id) if parent_id else None],
        },
    )
    return team


def audit_log(spec: AuditFilter) -> Rows:
    """The audit entries a filter selects, newest first (the order is the audit log's keyset)."""
    return Rows(audit_entries(spec), [AuditEntry.at.desc(), AuditEntry.id.desc()])

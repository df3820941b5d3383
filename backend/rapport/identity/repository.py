"""All SQL of the identity domain."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Row, Select, delete, func, or_, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core.audit import AuditEntry
from rapport.core.authz.models import PolicyRule
from rapport.graphql.declare import Rows
from rapport.identity.models import ApiToken, AuthSession, LoginFailure, Role, Team, User, UserRole


@dataclass(frozen=True, slots=True)
class CredentialOwner:
    """The user behind a session or token, as one row: everything a Principal needs."""

    credential_id: uuid.UUID
    user_id: uuid.UUID
    email: str
    name: str
    locale: str
    team_id: uuid.UUID | None
    team_path: str | None
    roles: tuple[str, ...]
    last_used_at: datetime | None
    #: When the session or token stops working (None: a token without expiry).
    expires_at: datetime | None = None


def _owner_columns() -> list[Any]:
    roles = select(func.array_agg(UserRole.role_name)).where(UserRole.user_id == User.id).scalar_subquery()
    return [
        User.id.label("user_id"),
        User.email,
        User.name,
        User.locale,
        User.team_id,
        Team.path.label("team_path"),
        roles.label("roles"),
    ]


def _owner(row: Row[Any], last_used_at: datetime | None = None) -> CredentialOwner:
    m = row._mapping
    return CredentialOwner(
        credential_id=m["credential_id"],
        user_id=m["user_id"],
        email=m["email"],
        name=m["name"],
        locale=m["locale"],
        team_id=m["team_id"],
        team_path=m["team_path"],
        roles=tuple(m["roles"] or ()),
        last_used_at=last_used_at,
        expires_at=m["expires_at"],
    )


def team_subtree(path: str) -> Select[Any]:
    """Ids of the team at `path` and every team below it (paths are `/<id>/<id>/...`)."""
    return select(Team.id).where(Team.path.startswith(path, autoescape=True))


def team_rows() -> Rows:
    """Every team, parents before children (`teams`, on both read paths)."""
    return Rows(select(Team), (Team.path, Team.id))


def token_rows() -> Rows:
    """Every API token, newest first (`apiTokens`, on both read paths)."""
    return Rows(select(ApiToken), (ApiToken.created_at.desc(), ApiToken.id.desc()))


class IdentityRepository:
    """Queries and writes for users, teams, roles, sessions, tokens and login failures."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    # users -----------------------------------------------------------------------------------------------
    async def user_by_email(self, email: str) -> User | None:
        """The user with this (normalised) email."""
        result = await self.session.execute(select(User).where(User.email == email))
        return result.scalar_one_or_none()

    async def users_by_ids(self, ids: Sequence[uuid.UUID]) -> list[User]:
        """Users with these ids, in no particular order."""
        result = await self.session.execute(select(User).where(User.id.in_(ids)))
        return list(result.scalars())

    async def roles_by_user_ids(self, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, list[str]]:
        """Role names per user, sorted."""
        result = await self.session.execute(
            select(UserRole.user_id, UserRole.role_name).where(UserRole.user_id.in_(ids)).order_by(UserRole.role_name)
        )
        roles: dict[uuid.UUID, list[str]] = {i: [] for i in ids}
        for user_id, role_name in result:
            roles[user_id].append(role_name)
        return roles

    async def existing_roles(self, names: Sequence[str]) -> set[str]:
        """Which of these role names exist."""
        result = await self.session.execute(select(Role.name).where(Role.name.in_(names)))
        return set(result.scalars())

    async def set_roles(self, user_id: uuid.UUID, roles: Sequence[str]) -> None:
        """Replace the user's roles."""
        await self.session.execute(delete(UserRole).where(UserRole.user_id == user_id))
        self.session.add_all(UserRole(user_id=user_id, role_name=r) for r in roles)
        await self.session.flush()

    # teams -----------------------------------------------------------------------------------------------
    async def teams_by_ids(self, ids: Sequence[uuid.UUID]) -> list[Team]:
        """Teams with these ids."""
        result = await self.session.execute(select(Team).where(Team.id.in_(ids)))
        return list(result.scalars())

    async def team_by_name(self, name: str) -> Team | None:
        """The first team with this name."""
        result = await self.session.execute(select(Team).where(Team.name == name).limit(1))
        return result.scalar_one_or_none()

    async def list_teams(self) -> list[Team]:
        """All teams, parents before children."""
        rows = team_rows()
        return list((await self.session.execute(rows.statement.order_by(*rows.order_by))).scalars())

    # sessions --------------------------------------------------------------------------------------------
    async def session_owner(self, token_hash: bytes, now: datetime) -> CredentialOwner | None:
        """The active user behind a live session token."""
        stmt = (
            select(AuthSession.id.label("credential_id"), *_owner_columns(), AuthSession.expires_at)
            .join(User, User.id == AuthSession.user_id)
            .outerjoin(Team, Team.id == User.team_id)
            .where(AuthSession.token_hash == token_hash, AuthSession.expires_at > now, User.active.is_(True))
        )
        row = (await self.session.execute(stmt)).first()
        return None if row is None else _owner(row)

    async def delete_session(self, token_hash: bytes) -> None:
        """End a session."""
        await self.session.execute(delete(AuthSession).where(AuthSession.token_hash == token_hash))

    async def delete_expired_sessions(self, now: datetime) -> int:
        """Remove sessions past their expiry; returns how many."""
        result = await self.session.execute(delete(AuthSession).where(AuthSession.expires_at <= now))
        return int(result.rowcount)  # type: ignore[attr-defined]

    # API tokens ------------------------------------------------------------------------------------------
    async def token_owner(
        self, token_hash: bytes | None, now: datetime, *, token_id: uuid.UUID | None = None
    ) -> CredentialOwner | None:
        """The active user behind a live, unrevoked API token (found by its secret's hash, or by its id)."""
        key = ApiToken.id == token_id if token_hash is None else ApiToken.token_hash == token_hash
        stmt = (
            select(ApiToken.id.label("credential_id"), *_owner_columns(), ApiToken.last_used_at, ApiToken.expires_at)
            .join(User, User.id == ApiToken.user_id)
            .outerjoin(Team, Team.id == User.team_id)
            .where(
                key,
                ApiToken.revoked_at.is_(None),
                or_(ApiToken.expires_at.is_(None), ApiToken.expires_at > now),
                User.active.is_(True),
            )
        )
        row = (await self.session.execute(stmt)).first()
        return None if row is None else _owner(row, row._mapping["last_used_at"])

    async def touch_token(self, token_id: uuid.UUID, now: datetime) -> None:
        """Record that a token was used."""
        await self.session.execute(update(ApiToken).where(ApiToken.id == token_id).values(last_used_at=now))

    async def token_by_id(self, token_id: uuid.UUID) -> ApiToken | None:
        """An API token row."""
        return await self.session.get(ApiToken, token_id)

    # login failures --------------------------------------------------------------------------------------
    async def lock_login(self, email: str) -> None:
        """Serialise sign-in attempts for one account until the transaction ends."""
        await self.session.execute(text("SELECT pg_advisory_xact_lock(hashtext('login:' || :email))"), {"email": email})

    async def failures_since(self, *, email: str, address: str, since: datetime) -> tuple[int, int, datetime | None]:
        """Failures in the window for this account (from every address) and for this account from this address,
        and the oldest of the account's."""
        stmt = select(
            func.count(),
            func.count().filter(LoginFailure.address == address),
            func.min(LoginFailure.at),
        ).where(LoginFailure.at > since, LoginFailure.email == email)
        by_account, by_account_address, oldest = (await self.session.execute(stmt)).one()
        return int(by_account), int(by_account_address), oldest

    async def failed_accounts_from(self, address: str, since: datetime) -> tuple[int, datetime | None]:
        """How many different accounts failed to sign in from this address in the window, and the oldest failure."""
        stmt = select(func.count(func.distinct(LoginFailure.email)), func.min(LoginFailure.at)).where(
            LoginFailure.at > since, LoginFailure.address == address
        )
        accounts, oldest = (await self.session.execute(stmt)).one()
        return int(accounts), oldest

    async def record_failure(self, *, email: str, address: str, at: datetime) -> None:
        """Remember one failed attempt."""
        self.session.add(LoginFailure(email=email, address=address, at=at))
        await self.session.flush()

    async def clear_failures(self, email: str) -> None:
        """Forget an account's failures after a successful sign-in."""
        await self.session.execute(delete(LoginFailure).where(LoginFailure.email == email))

    async def delete_failures_before(self, before: datetime) -> int:
        """Remove failures older than the rate-limit window."""
        result = await self.session.execute(delete(LoginFailure).where(LoginFailure.at < before))
        return int(result.rowcount)  # type: ignore[attr-defined]

    async def end_sessions_of(self, user_id: uuid.UUID) -> None:
        """Sign a user out everywhere (their sessions end)."""
        await self.session.execute(delete(AuthSession).where(AuthSession.user_id == user_id))

    async def move_subtree(self, team: Team, old_path: str, new_path: str) -> None:
        """Re-root the paths of every team below `team` (whose own path moves from `old_path` to `new_path`)."""
        await self.session.execute(
            update(Team)
            .where(Team.path.startswith(old_path), Team.id != team.id)
            .values(path=new_path + func.substr(Team.path, len(old_path) + 1))
        )

    async def role_descriptions(self) -> dict[str, str]:
        """Every role's description, by name."""
        return {r.name: r.description for r in (await self.session.execute(select(Role))).scalars()}

    async def role_exists(self, name: str) -> bool:
        """Whether a role of that name exists."""
        return (await self.session.execute(select(Role.name).where(Role.name == name))).scalar() is not None

    async def own_rules(self, role: str, obj: str) -> list[str]:
        """The actions of the policy rules `role` states itself for `obj` (a `Type.field` or `scope:Type`)."""
        found = await self.session.execute(
            select(PolicyRule.v2).where(PolicyRule.ptype == "p", PolicyRule.v0 == role, PolicyRule.v1 == obj)
        )
        return [str(action) for action in found.scalars().all()]

    async def drop_own_rules(self, role: str, obj: str) -> None:
        """Delete the policy rules `role` states itself for `obj`."""
        await self.session.execute(
            delete(PolicyRule).where(PolicyRule.ptype == "p", PolicyRule.v0 == role, PolicyRule.v1 == obj)
        )


@dataclass(frozen=True)
class AuditFilter:
    """Which audit entries to list."""

    entity_type: str | None = None
    entity_id: uuid.UUID | None = None
    actor_id: uuid.UUID | None = None
    action: str | None = None
    start: datetime | None = None
    end: datetime | None = None


def audit_entries(spec: AuditFilter) -> Select[Any]:
    """The audit entries a filter selects (no order: the audit log pages them newest first)."""
    stmt = select(AuditEntry)
    for column, value in (
        (AuditEntry.entity_type, spec.entity_type),
        (AuditEntry.entity_id, spec.entity_id),
        (AuditEntry.actor_id, spec.actor_id),
        (AuditEntry.action, spec.action),
    ):
        if value is not None:
            stmt = stmt.where(column == value)
    if spec.start is not None:
        stmt = stmt.where(AuditEntry.at >= spec.start)
    if spec.end is not None:
        stmt = stmt.where(AuditEntry.at < spec.end)
    return stmt

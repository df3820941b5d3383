"""Identity rules: users and teams, and what other domains may ask of identity (sign-in and sessions are in
`rapport.identity.sessions`, offered here too)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.config import Settings
from rapport.core import audit
from rapport.core.authn import SESSION_COOKIE as SESSION_COOKIE
from rapport.core.errors import BadUserInputError
from rapport.core.i18n import msg
from rapport.core.ids import uuid7
from rapport.core.principal import Principal
from rapport.core.security import hash_password
from rapport.graphql.declare import Rows
from rapport.identity.models import Team, User
from rapport.identity.repository import IdentityRepository, team_subtree
from rapport.identity.sessions import TOKEN_PREFIX as TOKEN_PREFIX
from rapport.identity.sessions import IssuedToken as IssuedToken
from rapport.identity.sessions import SignIn as SignIn
from rapport.identity.sessions import create_api_token as create_api_token
from rapport.identity.sessions import normalise_email as normalise_email
from rapport.identity.sessions import principal_for_credentials as principal_for_credentials
from rapport.identity.sessions import principal_for_session as principal_for_session
from rapport.identity.sessions import principal_for_token as principal_for_token
from rapport.identity.sessions import principal_for_token_id as principal_for_token_id
from rapport.identity.sessions import principal_from as principal_from
from rapport.identity.sessions import revoke_api_token as revoke_api_token
from rapport.identity.sessions import sign_in as sign_in
from rapport.identity.sessions import sign_out as sign_out

LOCALES = ("zh-CN", "en")


async def create_team(session: AsyncSession, *, name: str, parent: Team | None = None, kind: str = "sales") -> Team:
    """A team under `parent` (or at the root), with its materialised path."""
    team = Team(id=uuid7(), name=name, parent_id=parent.id if parent else None, kind=kind)
    team.path = f"{parent.path if parent else '/'}{team.id}/"
    session.add(team)
    await session.flush()
    return team


async def create_user(
    session: AsyncSession,
    *,
    email: str,
    name: str,
    password: str | None,
    roles: Sequence[str],
    team: Team | None = None,
    locale: str = "zh-CN",
    actor: Principal | None = None,
) -> User:
    """A new active user with the given roles; the email must be unused and the roles must exist."""
    repo = IdentityRepository(session)
    email = normalise_email(email)
    if "@" not in email or len(email) > 320:
        raise BadUserInputError("Enter a valid email address.", field="email")
    if password is not None and len(password) < 8:
        raise BadUserInputError("Use a password of at least 8 characters.", field="password")
    if locale not in LOCALES:
        raise BadUserInputError(msg("locale must be one of {choices}.", choices=list(LOCALES)), field="locale")
    unknown = set(roles) - await repo.existing_roles(list(roles))
    if unknown:
        raise BadUserInputError(msg("Unknown roles: {roles}.", roles=sorted(unknown)), field="roles")
    if await repo.user_by_email(email) is not None:
        raise BadUserInputError("A user with this email already exists.", field="email")
    user = User(
        id=uuid7(),
        email=email,
        name=name.strip() or email,
        password_hash=hash_password(password) if password else None,
        locale=locale,
        active=True,
        team_id=team.id if team else None,
    )
    session.add(user)
    await session.flush()
    await repo.set_roles(user.id, sorted(set(roles)))
    audit.record(
        session,
        actor_id=actor.user_id if actor else None,
        entity_type="User",
        entity_id=user.id,
        action="create",
        changes={"email": [None, email], "roles": [None, sorted(set(roles))], "teamId": [None, str(user.team_id)]},
    )
    return user


async def purge_expired(session: AsyncSession, settings: Settings, now: datetime) -> dict[str, int]:
    """Delete expired sessions and login failures that no longer count (the `session-cleanup` job)."""
    repo = IdentityRepository(session)
    window = timedelta(minutes=settings.login_failure_window_minutes)
    return {
        "sessions": await repo.delete_expired_sessions(now),
        "login_failures": await repo.delete_failures_before(now - window),
    }


def team_subtree_ids(path: str) -> Select[Any]:
    """A SELECT of the ids of the team at `path` and every team below it (for other domains' row scopes)."""
    return team_subtree(path)


# --- for the service desk (issue 15; appended by the support domain): lookups and query building blocks ---

#: The user and team row types, for other domains' annotations (they never import identity's models).
UserRow = User
TeamRow = Team


def members_below(team_id: uuid.UUID, role: str) -> Select[uuid.UUID, str]:
    """Query building block for other domains' SQL: (id, email) of the active users with `role` whose team is
    the team `team_id` or one below it (e.g. a queue's agents)."""
    from sqlalchemy import and_, select

    from rapport.identity.models import UserRole

    path = select(Team.path).where(Team.id == team_id).scalar_subquery()
    return (
        select(User.id, User.email)
        .join(UserRole, and_(UserRole.user_id == User.id, UserRole.role_name == role))
        .join(Team, Team.id == User.team_id)
        .where(User.active.is_(True), Team.path.startswith(path))
    )


async def users_with_roles(session: AsyncSession, roles: Sequence[str]) -> list[User]:
    """Active users holding any of these roles, by name."""
    from sqlalchemy import select

    from rapport.identity.models import UserRole

    stmt = (
        select(User)
        .join(UserRole, UserRole.user_id == User.id)
        .where(User.active.is_(True), UserRole.role_name.in_(list(roles)))
        .distinct()
        .order_by(User.name, User.id)
    )
    return list((await session.execute(stmt)).scalars())


async def roles_of(session: AsyncSession, user_id: uuid.UUID) -> list[str]:
    """A user's role names."""
    return (await IdentityRepository(session).roles_by_user_ids([user_id])).get(user_id, [])


async def team_by_id(session: AsyncSession, team_id: uuid.UUID) -> Team | None:
    """A team."""
    found = await IdentityRepository(session).teams_by_ids([team_id])
    return found[0] if found else None


async def first_team_of_kind(session: AsyncSession, kind: str) -> uuid.UUID | None:
    """The first team of a kind in the hierarchy's order (e.g. the service desk's default queue)."""
    teams = await IdentityRepository(session).list_teams()  # in path order
    return next((t.id for t in teams if t.kind == kind), None)


async def acting_as(session: AsyncSession, email: str) -> Principal | None:
    """A session principal for the user with this email, roles and team as stored (demo data acting as a user)."""
    user = await IdentityRepository(session).user_by_email(normalise_email(email))
    if user is None:
        return None
    team = None if user.team_id is None else await team_by_id(session, user.team_id)
    return Principal(
        user.id,
        user.email,
        user.name,
        user.locale,
        frozenset(await roles_of(session, user.id)),
        user.team_id,
        team.path if team else None,
        "session",
        user.id,
    )


async def active_principal(session: AsyncSession, user_id: uuid.UUID) -> Principal | None:
    """A principal for an active user by id, roles and team as stored now (work done later on their behalf, e.g. an
    export they asked for); None when the user is gone or deactivated."""
    user = await user_by_id(session, user_id)
    if user is None or not user.active:
        return None
    return await acting_as(session, user.email)


# --- for the customer graph (issue 15; appended by the customers domain) ----------------------------------


async def user_by_id(session: AsyncSession, user_id: uuid.UUID) -> User | None:
    """A user (active or not), e.g. a customer's prospective owner."""
    found = await IdentityRepository(session).users_by_ids([user_id])
    return found[0] if found else None


# --- for sales (issue 15; appended by the sales domain): its sales force, and labels of its figures ---------


def user_model() -> Any:
    """The user entity, for a type of another domain declared over user rows (support's `ServiceAgent`)."""
    return User


def users_holding(roles: Sequence[str], *, team_path: str | None = None, user_id: uuid.UUID | None = None) -> Rows:
    """Query building block: active users holding any of these roles (only those of the team at `team_path` or a
    team below it; only the user `user_id`), by name."""
    from sqlalchemy import exists, select

    from rapport.identity.models import UserRole

    holds = exists().where(UserRole.user_id == User.id, UserRole.role_name.in_(list(roles)))
    stmt = select(User).where(User.active.is_(True), holds)
    if team_path is not None:
        stmt = stmt.where(User.team_id.in_(select(Team.id).where(Team.path.startswith(team_path))))
    if user_id is not None:
        stmt = stmt.where(User.id == user_id)
    return Rows(stmt, [User.name, User.id])


def user_names() -> Select[uuid.UUID, str]:
    """Query building block for other domains' SQL: (id, name) of every user, to join as a subquery (e.g. the
    label of a rep's row in sales figures)."""
    from sqlalchemy import select

    return select(User.id, User.name)


def team_names() -> Select[uuid.UUID, str]:
    """Query building block: (id, name) of every team, to join as a subquery (e.g. a team's row in figures)."""
    from sqlalchemy import select

    return select(Team.id, Team.name)


def top_team_ids(kind: str) -> Select[Any]:
    """Query building block: a SELECT of the ids of the top teams (without parent) of a kind, e.g. the sales
    organisation's (a director's target sums theirs)."""
    from sqlalchemy import select

    return select(Team.id).where(Team.parent_id.is_(None), Team.kind == kind)


async def active_users_by_handle(session: AsyncSession) -> dict[str, uuid.UUID]:
    """Every active user by their email and by their name (a name two users share is left out), case-folded: how
    an import names owners."""
    from sqlalchemy import select

    users = (await session.execute(select(User.id, User.email, User.name).where(User.active.is_(True)))).all()
    handles: dict[str, uuid.UUID] = {}
    names: dict[str, list[uuid.UUID]] = {}
    for user_id, email, name in users:
        handles[email.casefold()] = user_id
        names.setdefault(name.strip().casefold(), []).append(user_id)
    handles |= {name: ids[0] for name, ids in names.items() if len(ids) == 1 and name not in handles}
    return handles


# --- for analytics (dashboard layouts published to a role) ---------------------------------------------------


async def existing_roles(session: AsyncSession, names: Sequence[str]) -> set[str]:
    """Which of these role names exist."""
    return await IdentityRepository(session).existing_roles(names)

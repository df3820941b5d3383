"""Signing in (with rate limits), sessions and API tokens: how credentials become a principal."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.config import Settings
from rapport.core import audit, clock
from rapport.core.db import Database
from rapport.core.errors import BadUserInputError, NotFoundError, RateLimitedError
from rapport.core.i18n import msg
from rapport.core.principal import Principal
from rapport.core.principals import CHANNEL as principal_cache_channel
from rapport.core.principals import principal_cache
from rapport.core.security import hash_password, needs_rehash, new_secret, secret_hash, verify_password
from rapport.identity.models import ApiToken, AuthSession, User
from rapport.identity.repository import CredentialOwner, IdentityRepository

TOKEN_PREFIX = "rpt"  # noqa: S105 - a prefix, not a secret


@dataclass(frozen=True, slots=True)
class SignIn:
    """A successful sign-in: the user and the session secret for the cookie."""

    user: User
    session_token: str
    expires_at: datetime


def normalise_email(email: str) -> str:
    """Emails compare case-insensitively and without surrounding spaces."""
    return email.strip().lower()


def principal_from(owner: CredentialOwner, via: str) -> Principal:
    """A Principal from the row a session or token lookup returned."""
    return Principal(
        user_id=owner.user_id,
        email=owner.email,
        name=owner.name,
        locale=owner.locale,
        roles=frozenset(owner.roles),
        team_id=owner.team_id,
        team_path=owner.team_path,
        via="token" if via == "token" else "session",
        credential_id=owner.credential_id,
        expires_at=owner.expires_at,
    )


async def sign_in(
    session: AsyncSession,
    settings: Settings,
    *,
    email: str,
    password: str,
    address: str,
    user_agent: str | None,
) -> SignIn | None:
    """Check the password under per-account and per-(account, address) rate limits and open a session.

    Raises RateLimitedError before looking at the password when too many attempts failed recently. Returns
    None when email and password do not match an active account; the failure is recorded, so the caller
    must commit the transaction rather than roll it back.
    """
    repo = IdentityRepository(session)
    email = normalise_email(email)
    now = clock.now()
    window = timedelta(minutes=settings.login_failure_window_minutes)
    await repo.lock_login(email)
    by_account, here, oldest = await repo.failures_since(email=email, address=address, since=now - window)
    # Not per address alone: one person's failures must not lock out everyone behind the same address.
    if by_account >= settings.login_max_failures_per_account or here >= settings.login_max_failures_per_account_address:
        retry = max(1, int(((oldest or now) + window - now).total_seconds()))
        raise RateLimitedError(
            msg("Too many failed sign-ins; try again in {seconds} seconds.", seconds=retry), retry_after_seconds=retry
        )
    # Failures against many different accounts from one address are password spraying, not a mistyping office.
    accounts, first = await repo.failed_accounts_from(address, now - window)
    if accounts >= settings.login_max_failed_accounts_per_address:
        retry = max(1, int(((first or now) + window - now).total_seconds()))
        raise RateLimitedError(
            msg("Too many failed sign-ins from this address; try again in {seconds} seconds.", seconds=retry),
            retry_after_seconds=retry,
        )
    user = await repo.user_by_email(email)
    ok = await verify_password(user.password_hash if user else None, password)
    if user is None or not ok or not user.active:
        await repo.record_failure(email=email, address=address, at=now)
        return None
    await repo.clear_failures(email)
    if user.password_hash and needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    token = new_secret("rps")
    expires_at = now + timedelta(hours=settings.session_ttl_hours)
    session.add(
        AuthSession(
            token_hash=secret_hash(token),
            user_id=user.id,
            created_at=now,
            expires_at=expires_at,
            address=address[:64],
            user_agent=(user_agent or "")[:400] or None,
        )
    )
    await session.flush()
    return SignIn(user=user, session_token=token, expires_at=expires_at)


async def sign_out(session: AsyncSession, session_token: str) -> None:
    """End the session this secret belongs to (nothing happens for an unknown secret)."""
    await IdentityRepository(session).delete_session(secret_hash(session_token))
    principal_cache.clear()  # other processes hear it from the trigger's NOTIFY


async def principal_for_session(session: AsyncSession, session_token: str) -> Principal | None:
    """The caller behind a session cookie, or None when it is unknown or expired."""
    owner = await IdentityRepository(session).session_owner(secret_hash(session_token), clock.now())
    return None if owner is None else principal_from(owner, "session")


async def principal_for_token(session: AsyncSession, token: str) -> Principal | None:
    """The caller behind an API token, or None when it is unknown, expired or revoked."""
    repo = IdentityRepository(session)
    now = clock.now()
    owner = await repo.token_owner(secret_hash(token), now)
    if owner is None:
        return None
    if owner.last_used_at is None or now - owner.last_used_at > timedelta(minutes=1):
        await repo.touch_token(owner.credential_id, now)
    return principal_from(owner, "token")


async def principal_for_token_id(session: AsyncSession, token_id: uuid.UUID) -> Principal | None:
    """The user an API token acts as, by the token's id (for work done on an integration's behalf, e.g. a
    webhook's payload), or None when the token is revoked or expired or its user deactivated."""
    owner = await IdentityRepository(session).token_owner(None, clock.now(), token_id=token_id)
    return None if owner is None else principal_from(owner, "token")


async def principal_for_credentials(db: Database, bearer: str | None, cookie: str | None) -> Principal | None:
    """The caller behind an API token (which wins) or a session cookie, or None when neither works (any more).

    Sessions are looked up through the principal cache, which every process empties when identities change.
    """
    if bearer:
        async with db.write() as session:
            principal = await principal_for_token(session, bearer)
    elif cookie:
        digest = secret_hash(cookie)
        principal = principal_cache.get(digest)
        if principal is None:
            generation = principal_cache.generation
            async with db.read() as session:
                principal = await principal_for_session(session, cookie)
            if principal is not None:
                principal_cache.put(digest, principal, generation)
    else:
        return None
    if principal is not None and principal.expires_at is not None and principal.expires_at <= clock.now():
        return None  # expired since it was cached
    return principal


@dataclass(frozen=True, slots=True)
class IssuedToken:
    """A new API token: the row and the secret, which is shown exactly once."""

    token: ApiToken
    secret: str


async def create_api_token(
    session: AsyncSession,
    *,
    name: str,
    user_id: uuid.UUID,
    created_by: Principal,
    expires_at: datetime | None,
) -> IssuedToken:
    """Issue a token acting as `user_id`; only its hash is stored."""
    name = name.strip()
    if not name:
        raise BadUserInputError("Give the token a name that says which system uses it.")
    users = await IdentityRepository(session).users_by_ids([user_id])
    if not users or not users[0].active:
        raise NotFoundError("No active user with that id.")
    now = clock.now()
    if expires_at is not None and expires_at <= now:
        raise BadUserInputError("expiresAt must be in the future.")
    secret = new_secret(TOKEN_PREFIX)
    token = ApiToken(
        name=name[:200],
        prefix=secret[:10],
        token_hash=secret_hash(secret),
        user_id=user_id,
        created_by_id=created_by.user_id,
        created_at=now,
        expires_at=expires_at,
    )
    session.add(token)
    await session.flush()
    audit.record(
        session,
        actor_id=created_by.user_id,
        entity_type="ApiToken",
        entity_id=token.id,
        action="create",
        changes={"name": [None, token.name], "userId": [None, str(user_id)]},
    )
    return IssuedToken(token=token, secret=secret)


async def revoke_api_token(session: AsyncSession, token_id: uuid.UUID, actor: Principal) -> ApiToken:
    """Revoke a token; it stops working at once. Revoking twice keeps the first time."""
    token = await IdentityRepository(session).token_by_id(token_id)
    if token is None:
        raise NotFoundError("No API token with that id.")
    if token.revoked_at is None:
        token.revoked_at = clock.now()
        await session.flush()
        audit.record(session, actor_id=actor.user_id, entity_type="ApiToken", entity_id=token.id, action="revoke")
        # Sockets opened with the token re-check it in every process once this commits (as sessions' triggers do).
        await session.execute(text("SELECT pg_notify(:channel, 'api_token')"), {"channel": principal_cache_channel})
    return token

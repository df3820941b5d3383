"""Identity mutations: sign-in, sign-out, users and API tokens."""

from __future__ import annotations

from typing import Annotated

import strawberry

from rapport.core.errors import RapportError
from rapport.graphql.context import Info
from rapport.graphql.node import from_global_id
from rapport.graphql.types import INPUT, UserError
from rapport.identity import service
from rapport.identity.inputs import ApiTokenCreateInput, ApiTokenRevokeInput, LoginInput, UserCreateInput
from rapport.identity.repository import IdentityRepository
from rapport.identity.types import ApiToken, User


@strawberry.type(description="The result of `login`.")
class LoginPayload:
    """The signed-in user or what went wrong."""

    viewer: User | None = strawberry.field(description="The signed-in user; null when sign-in failed.")
    user_errors: list[UserError] = strawberry.field(description="Why sign-in failed, if it did.")


@strawberry.type(description="The result of `logout`.")
class LogoutPayload:
    """Whether a session was ended."""

    ok: bool = strawberry.field(description="True once the session is gone.")


@strawberry.type(description="The result of `apiTokenCreate`.")
class ApiTokenCreatePayload:
    """The new token and its secret."""

    api_token: ApiToken | None = strawberry.field(description="The new token.")
    secret: str | None = strawberry.field(
        description="The bearer secret. Shown only now: store it; Rapport keeps only a hash."
    )
    user_errors: list[UserError] = strawberry.field(description="Problems with the input.")


@strawberry.type(description="The result of `apiTokenRevoke`.")
class ApiTokenRevokePayload:
    """The revoked token."""

    api_token: ApiToken | None = strawberry.field(description="The token, now with `revokedAt` set.")
    user_errors: list[UserError] = strawberry.field(description="Problems with the input.")


@strawberry.type(description="The result of `userCreate`.")
class UserCreatePayload:
    """The new user."""

    user: User | None = strawberry.field(description="The new user.")
    user_errors: list[UserError] = strawberry.field(description="Problems with the input.")


@strawberry.type
class IdentityMutation:
    """Root mutation fields of the identity domain."""

    @strawberry.mutation(description="Sign in; sets an HttpOnly session cookie.")
    async def login(self, info: Info, input: Annotated[LoginInput, INPUT]) -> LoginPayload:
        """Check the credentials and open a session."""
        ctx = info.context
        async with ctx.write() as session:
            signed_in = await service.sign_in(
                session,
                ctx.settings,
                email=input.email,
                password=input.password,
                address=ctx.client_address,
                user_agent=ctx.request.headers.get("user-agent"),
            )
        if signed_in is None:
            return LoginPayload(
                viewer=None,
                user_errors=[UserError.of("Email or password is wrong.", field="password", code="INVALID_CREDENTIALS")],
            )
        if ctx.response is not None:
            ctx.response.set_cookie(
                service.SESSION_COOKIE,
                signed_in.session_token,
                max_age=ctx.settings.session_ttl_hours * 3600,
                httponly=True,
                samesite="lax",
                secure=ctx.settings.is_production or ctx.request.url.scheme == "https",
                path="/",
            )
        return LoginPayload(viewer=User.from_row(signed_in.user), user_errors=[])

    @strawberry.mutation(description="Sign out; ends the session and clears its cookie.")
    async def logout(self, info: Info) -> LogoutPayload:
        """End the caller's session."""
        ctx = info.context
        if ctx.session_token:
            async with ctx.write() as session:
                await service.sign_out(session, ctx.session_token)
        if ctx.response is not None:
            ctx.response.delete_cookie(service.SESSION_COOKIE, path="/", httponly=True, samesite="lax")
        return LogoutPayload(ok=True)

    @strawberry.mutation(
        description="Issue an API token for an integration (administrators only).",
    )
    async def api_token_create(self, info: Info, input: Annotated[ApiTokenCreateInput, INPUT]) -> ApiTokenCreatePayload:
        """Issue a token; its secret is returned once."""
        ctx = info.context
        try:
            _, user_id = from_global_id(input.user_id, "User")
            async with ctx.write() as session:
                issued = await service.create_api_token(
                    session,
                    name=input.name,
                    user_id=user_id,
                    created_by=ctx.viewer,
                    expires_at=input.expires_at,
                )
        except RapportError as error:
            return ApiTokenCreatePayload(api_token=None, secret=None, user_errors=[UserError.from_error(error)])
        return ApiTokenCreatePayload(api_token=ApiToken.from_row(issued.token), secret=issued.secret, user_errors=[])

    @strawberry.mutation(
        description="Revoke an API token; it stops working at once (administrators only).",
    )
    async def api_token_revoke(self, info: Info, input: Annotated[ApiTokenRevokeInput, INPUT]) -> ApiTokenRevokePayload:
        """Revoke a token."""
        try:
            _, token_id = from_global_id(input.id, "ApiToken")
            async with info.context.write() as session:
                token = await service.revoke_api_token(session, token_id, info.context.viewer)
        except RapportError as error:
            return ApiTokenRevokePayload(api_token=None, user_errors=[UserError.from_error(error)])
        return ApiTokenRevokePayload(api_token=ApiToken.from_row(token), user_errors=[])

    @strawberry.mutation(description="Create a user account (administrators only).")
    async def user_create(self, info: Info, input: Annotated[UserCreateInput, INPUT]) -> UserCreatePayload:
        """Create a user with roles and team."""
        try:
            team_id = from_global_id(input.team_id, "Team")[1] if input.team_id else None
            async with info.context.write() as session:
                team = None
                if team_id is not None:
                    teams = await IdentityRepository(session).teams_by_ids([team_id])
                    if not teams:
                        return UserCreatePayload(
                            user=None,
                            user_errors=[UserError.of("No such team.", field="teamId", code="NOT_FOUND")],
                        )
                    team = teams[0]
                user = await service.create_user(
                    session,
                    email=input.email,
                    name=input.name,
                    password=input.password,
                    roles=input.roles,
                    team=team,
                    locale=input.locale,
                    actor=info.context.viewer,
                )
        except RapportError as error:
            return UserCreatePayload(user=None, user_errors=[UserError.from_error(error)])
        return UserCreatePayload(user=User.from_row(user), user_errors=[])

"""GraphQL inputs of the identity domain."""

from __future__ import annotations

from datetime import datetime

import strawberry


@strawberry.input(description="Credentials to sign in with.")
class LoginInput:
    """Email and password."""

    email: str = strawberry.field(description="The account's email (case does not matter).")
    password: str = strawberry.field(description="The account's password.")


@strawberry.input(description="A new API token for an integration.")
class ApiTokenCreateInput:
    """What the token is for and whom it acts as."""

    name: str = strawberry.field(description="Which system will use the token, e.g. 'ERP sync'.")
    user_id: strawberry.ID = strawberry.field(description="The user the token acts as (its roles apply).")
    expires_at: datetime | None = strawberry.field(default=None, description="When it stops working; never if null.")


@strawberry.input(description="Which API token to revoke.")
class ApiTokenRevokeInput:
    """The token's id."""

    id: strawberry.ID = strawberry.field(description="Global id of the token.")


@strawberry.input(description="A new user account.")
class UserCreateInput:
    """The account's details."""

    email: str = strawberry.field(description="Sign-in email; must be unused.")
    name: str = strawberry.field(description="Display name.")
    password: str | None = strawberry.field(default=None, description="At least 8 characters; null: no sign-in.")
    roles: list[str] = strawberry.field(description="Role names, e.g. ['sales_rep'].")
    team_id: strawberry.ID | None = strawberry.field(default=None, description="The user's team.")
    locale: str = strawberry.field(default="zh-CN", description="zh-CN or en.")

"""GraphQL inputs of the portal."""

from __future__ import annotations

import strawberry


@strawberry.input(description="A portal sign-in for a customer's contact.")
class PortalAccountCreateInput:
    """The contact and their sign-in."""

    contact_id: strawberry.ID = strawberry.field(description="The contact.")
    email: str = strawberry.field(description="Sign-in email.")
    password: str = strawberry.field(description="At least 8 characters.")
    locale: str = strawberry.field(default="zh-CN", description="zh-CN or en.")

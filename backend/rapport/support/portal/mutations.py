"""Root mutation field of the portal."""

from __future__ import annotations

from typing import Annotated

import strawberry

from rapport.graphql.context import Info
from rapport.graphql.kit import outcome
from rapport.graphql.node import from_global_id
from rapport.graphql.types import INPUT, UserError
from rapport.identity.types import User
from rapport.support.portal import service
from rapport.support.portal.inputs import PortalAccountCreateInput


@strawberry.type(description="The result of `portalAccountCreate`.")
class PortalAccountPayload:
    """The new portal user."""

    user: User | None = strawberry.field(description="The portal user (role customer).")
    user_errors: list[UserError] = strawberry.field(description="Problems you can fix; nothing changed if any.")


@strawberry.type
class PortalMutation:
    """Root mutation field of the portal."""

    @strawberry.mutation(description="Give a customer's contact a portal sign-in (role customer).")
    async def portal_account_create(
        self, info: Info, input: Annotated[PortalAccountCreateInput, INPUT]
    ) -> PortalAccountPayload:
        """Create a portal account."""

        async def create() -> User:
            contact = from_global_id(input.contact_id, "Contact")[1]
            async with info.context.write() as session:
                user = await service.create_account(
                    session, info.context.viewer, contact, input.email, input.password, input.locale
                )
            return User.from_row(user)

        return await outcome(PortalAccountPayload, "user", create)

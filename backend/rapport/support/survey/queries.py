"""Root query field of surveys."""

from __future__ import annotations

from typing import Annotated

import strawberry

from rapport.graphql.context import Info
from rapport.support.survey import service
from rapport.support.survey.types import Survey


@strawberry.type
class SurveyQuery:
    """Root query field of surveys."""

    @strawberry.field(description="The survey behind a link, for rating without signing in.")
    async def survey(
        self, info: Info, token: Annotated[str, strawberry.argument(description="The link's token.")]
    ) -> Survey:
        """Survey state."""
        async with info.context.db.read() as session:
            return Survey.of(await service.lookup(session, token, info.context.settings.secret_key))

"""Root mutation field of surveys."""

from __future__ import annotations

from typing import Annotated

import strawberry

from rapport.graphql.context import Info
from rapport.graphql.kit import attempt
from rapport.graphql.types import INPUT, UserError
from rapport.support.survey import service
from rapport.support.survey.inputs import SurveySubmitInput


@strawberry.type(description="The result of `surveySubmit`.")
class SurveySubmitPayload:
    """Whether the rating was taken."""

    accepted: bool = strawberry.field(description="True once the rating is recorded.")
    user_errors: list[UserError] = strawberry.field(description="Why not, e.g. an expired or used link.")


@strawberry.type
class SurveyMutation:
    """Root mutation field of surveys."""

    @strawberry.mutation(description="Rate through a survey link, without signing in (once per link).")
    async def survey_submit(self, info: Info, input: Annotated[SurveySubmitInput, INPUT]) -> SurveySubmitPayload:
        """Submit a survey."""

        async def submit() -> None:
            async with info.context.write() as session:
                await service.submit(
                    session, input.token, info.context.settings.secret_key, input.rating, input.comment
                )

        errors = await attempt(submit)
        return SurveySubmitPayload(accepted=errors is None, user_errors=errors or [])

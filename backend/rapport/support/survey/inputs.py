"""GraphQL inputs of surveys."""

from __future__ import annotations

import strawberry


@strawberry.input(description="A rating through the survey link.")
class SurveySubmitInput:
    """The token from the link and the rating."""

    token: str = strawberry.field(description="The token of the survey link.")
    rating: int = strawberry.field(description="1 to 5 stars.")
    comment: str | None = strawberry.field(default=None, description="What the customer says.")

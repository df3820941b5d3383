"""GraphQL types of surveys."""

from __future__ import annotations

from datetime import datetime

import strawberry

from rapport.support.survey.service import SurveyState


@strawberry.type(description="What the survey page shows.")
class Survey:
    """A survey link's ticket and state."""

    ticket_number: str = strawberry.field(description="The ticket's number.")
    subject: str = strawberry.field(description="The ticket's subject.")
    resolved_at: datetime | None = strawberry.field(description="When it was resolved.")
    answered: bool = strawberry.field(description="The link was used already.")
    expired: bool = strawberry.field(description="The link is too old.")
    can_rate: bool = strawberry.field(description="The rating can be given now.")

    @classmethod
    def of(cls, state: SurveyState) -> Survey:
        """What the page shows of a link's state."""
        ticket = state.ticket
        return cls(
            ticket_number=ticket.number,
            subject=ticket.subject,
            resolved_at=ticket.resolved_at,
            answered=state.used,
            expired=state.expired,
            can_rate=not state.used and not state.expired and ticket.status == "resolved",
        )

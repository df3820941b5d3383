"""SQL of survey links."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.support.models import SurveyToken


class SurveyRepository:
    """Survey links of tickets."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def expire_unused(self, ticket_id: uuid.UUID, now: datetime) -> int:
        """Let a ticket's unused, unexpired links expire now (a newer link replaces them); how many did."""
        result = await self.session.execute(
            update(SurveyToken)
            .where(SurveyToken.ticket_id == ticket_id, SurveyToken.used_at.is_(None), SurveyToken.expires_at > now)
            .values(expires_at=now)
            .execution_options(synchronize_session=False)
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

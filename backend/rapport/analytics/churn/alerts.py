"""Entering high churn risk: the owner is notified, gets a follow-up task, and a domain event is recorded (for
marketing journeys and webhooks). Called by the scoring pass for the customers its conditional UPDATE moved into
high risk, so each crossing alerts once."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from rapport.activities.service import TaskDraft, create_task, notify
from rapport.core.domain_events import emit
from rapport.core.errors import RapportError
from rapport.core.i18n import msg, render
from rapport.core.principal import Principal
from rapport.customers.churn_facts import names_and_owners
from rapport.identity.service import active_principal

log = logging.getLogger(__name__)
EVENT = "customer.churn_risk_high"
#: The follow-up task is due this long after the alert.
TASK_DUE = timedelta(days=3)


async def alert(session: AsyncSession, customer_ids: Sequence[uuid.UUID], now: datetime) -> int:
    """Alert the owners of customers that just entered high risk; the number of alerts."""
    principals: dict[uuid.UUID, Principal | None] = {}
    count = 0
    for customer_id, name, owner_id in await names_and_owners(session, customer_ids):
        emit(session, EVENT, "Customer", customer_id, actor_id=None)
        count += 1
        if owner_id is None:
            continue
        if owner_id not in principals:
            principals[owner_id] = await active_principal(session, owner_id)
        owner = principals[owner_id]
        if owner is None:
            continue
        title = render(msg("Win back {customer} (high churn risk)", customer=name), owner.locale)
        try:
            async with session.begin_nested():  # one owner's refusal must not undo every customer's scores
                await create_task(
                    session, owner, TaskDraft(title=title, due_at=now + TASK_DUE, customer_id=customer_id)
                )
        except RapportError as error:  # e.g. the owner's role no longer reaches the customer they own
            log.warning(
                "churn follow-up task not created",
                extra={"customer": str(customer_id), "owner": str(owner_id), "error": str(error)},
            )
            continue
        notify(
            session,
            owner_id,
            kind="churn_risk",
            title=msg("High churn risk: {customer}", customer=name),
            body=msg("Its churn risk crossed into high. A follow-up task was created for you."),
            entity_type="Customer",
            entity_id=customer_id,
        )
    return count

"""All SQL of outbound webhooks: endpoints, the dispatcher's reading of the event log, deliveries and tries."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import delete, exists, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from rapport.core.domain_events import DomainEvent
from rapport.core.principal import Principal
from rapport.graphql.declare import Arguments, Rows
from rapport.integrations.models import WebhookAttempt, WebhookDelivery, WebhookDispatch, WebhookEndpoint

PENDING, DELIVERED, FAILED = "pending", "delivered", "failed"
DISPATCHER = "webhooks"

#: Give the events after `position` (at most `limit`, in commit order) their number within their entity: one more
#: than the entity's last numbered event, then in order. Runs under the dispatcher's lock, so numbers never repeat.
_NUMBER_EVENTS = text(
    """
    WITH page AS (
      SELECT id, seq, entity_type, entity_id,
             row_number() OVER (PARTITION BY entity_type, entity_id ORDER BY seq) AS n
      FROM (SELECT id, seq, entity_type, entity_id FROM domain_event
            WHERE seq > :position ORDER BY seq LIMIT :limit) AS next_events
    )
    UPDATE domain_event AS e
    SET entity_seq = page.n + coalesce((
      SELECT max(p.entity_seq) FROM domain_event AS p
      WHERE p.entity_type = page.entity_type AND p.entity_id = page.entity_id AND p.seq <= :position
    ), 0)
    FROM page WHERE e.id = page.id
    RETURNING e.id
    """
)


def _waits_for_earlier(delivery: Any) -> Any:
    """An earlier event of the delivery's entity still waits or failed for the same endpoint: events of one entity
    go out in order, a later one waiting while an earlier one is retried."""
    earlier = aliased(WebhookDelivery)
    return exists().where(
        earlier.endpoint_id == delivery.endpoint_id,
        earlier.entity_type == delivery.entity_type,
        earlier.entity_id == delivery.entity_id,
        earlier.status.in_([PENDING, FAILED]),
        earlier.event_seq < delivery.event_seq,
    )


def endpoint_rows() -> Rows:
    """`Query.webhookEndpoints`: every endpoint, newest first."""
    return Rows(select(WebhookEndpoint), [WebhookEndpoint.created_at.desc(), WebhookEndpoint.id.desc()])


def delivery_rows(endpoint_id: uuid.UUID | None, status: str | None) -> Rows:
    """`Query.webhookDeliveries`: deliveries (of one endpoint, of one status), newest first."""
    statement = select(WebhookDelivery)
    if endpoint_id is not None:
        statement = statement.where(WebhookDelivery.endpoint_id == endpoint_id)
    if status is not None:
        statement = statement.where(WebhookDelivery.status == status)
    return Rows(statement, [WebhookDelivery.created_at.desc(), WebhookDelivery.id.desc()])


def attempts_of(delivery: Any, principal: Principal | None, arguments: Arguments) -> Rows:
    """`WebhookDelivery.attemptLog`: every try of the delivery, oldest first."""
    statement = select(WebhookAttempt).where(WebhookAttempt.delivery_id == delivery.id)
    return Rows(statement, [WebhookAttempt.at, WebhookAttempt.id])


class WebhookRepository:
    """Reads and writes of webhook endpoints and deliveries."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    # endpoints ----------------------------------------------------------------------------------------------------
    async def endpoint(self, endpoint_id: uuid.UUID, *, lock: bool = False) -> WebhookEndpoint | None:
        """One endpoint (locked for this transaction when asked)."""
        statement = select(WebhookEndpoint).where(WebhookEndpoint.id == endpoint_id)
        if lock:  # read again as committed now, even when this session holds the row already
            statement = statement.with_for_update().execution_options(populate_existing=True)
        return (await self.session.scalars(statement)).first()

    async def delete_endpoint(self, endpoint_id: uuid.UUID) -> None:
        """Delete an endpoint with its deliveries."""
        await self.session.execute(delete(WebhookEndpoint).where(WebhookEndpoint.id == endpoint_id))

    # dispatch -----------------------------------------------------------------------------------------------------
    async def dispatch_position(self) -> int:
        """The dispatcher's place in the log, locked until this transaction ends (one dispatcher at a time)."""
        statement = select(WebhookDispatch.position).where(WebhookDispatch.name == DISPATCHER).with_for_update()
        position = (await self.session.execute(statement)).scalar_one_or_none()
        if position is None:
            self.session.add(WebhookDispatch(name=DISPATCHER, position=0))
            await self.session.flush()
            return await self.dispatch_position()
        return int(position)

    async def move_dispatch(self, position: int) -> None:
        """Record the dispatcher's new place."""
        await self.session.execute(
            update(WebhookDispatch).where(WebhookDispatch.name == DISPATCHER).values(position=position)
        )

    async def next_events(self, position: int, limit: int) -> list[DomainEvent]:
        """The committed events after `position`, in commit order, numbered within their entity: the page the
        numbering statement chose (a stamp committed meanwhile is the next page's)."""
        numbered = [
            row[0] for row in await self.session.execute(_NUMBER_EVENTS, {"position": position, "limit": limit})
        ]
        if not numbered:
            return []
        statement = select(DomainEvent).where(DomainEvent.id.in_(numbered)).order_by(DomainEvent.seq)
        return list((await self.session.scalars(statement.execution_options(populate_existing=True))).all())

    async def listening_endpoints(self) -> list[WebhookEndpoint]:
        """Endpoints that take new deliveries (paused ones too: they keep them for when they are resumed)."""
        return list(await self.session.scalars(select(WebhookEndpoint).order_by(WebhookEndpoint.id)))

    # delivery -----------------------------------------------------------------------------------------------------
    async def claim_due(self, now: datetime) -> tuple[WebhookDelivery, WebhookEndpoint] | None:
        """The next delivery due, locked for this transaction, with its endpoint.

        Not one of a paused endpoint, and not one whose entity has an earlier delivery to the same endpoint still
        waiting or failed: events of one entity arrive in order, a later one waiting while an earlier is retried.
        A worker holding the earlier one's lock keeps it pending until it commits, so a second worker skips both.
        """
        statement = (
            select(WebhookDelivery, WebhookEndpoint)
            .join(WebhookEndpoint, WebhookEndpoint.id == WebhookDelivery.endpoint_id)
            .where(
                WebhookDelivery.status == PENDING,
                WebhookDelivery.next_attempt_at <= now,
                WebhookEndpoint.paused_at.is_(None),
                ~_waits_for_earlier(WebhookDelivery),
            )
            .order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.event_seq)
            .limit(1)
            .with_for_update(of=WebhookDelivery, skip_locked=True)
        )
        row = (await self.session.execute(statement)).first()
        return None if row is None else (row[0], row[1])

    async def waits_for_earlier(self, delivery_id: uuid.UUID) -> bool:
        """Whether an earlier event of the delivery's entity still waits or failed for its endpoint."""
        statement = select(_waits_for_earlier(WebhookDelivery)).where(WebhookDelivery.id == delivery_id)
        return bool((await self.session.execute(statement)).scalar())

    async def delivery(self, delivery_id: uuid.UUID, *, lock: bool = False) -> WebhookDelivery | None:
        """One delivery (locked for this transaction when asked)."""
        statement = select(WebhookDelivery).where(WebhookDelivery.id == delivery_id)
        if lock:
            statement = statement.with_for_update()
        return (await self.session.scalars(statement)).first()

    async def forget_entity(self, entity_type: str, entity_id: uuid.UUID) -> int:
        """Delete every delivery and event about one entity (a data subject's erasure); how many deliveries."""
        result = await self.session.execute(
            delete(WebhookDelivery).where(
                WebhookDelivery.entity_type == entity_type, WebhookDelivery.entity_id == entity_id
            )
        )
        await self.session.execute(
            delete(DomainEvent).where(DomainEvent.entity_type == entity_type, DomainEvent.entity_id == entity_id)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]

    async def postpone(self, delivery_id: uuid.UUID, until: datetime) -> None:
        """Try a delivery again later (its last try could not be recorded)."""
        await self.session.execute(
            update(WebhookDelivery).where(WebhookDelivery.id == delivery_id).values(next_attempt_at=until)
        )

    async def retry_failed(self, endpoint_id: uuid.UUID, now: datetime) -> int:
        """Put an endpoint's failed deliveries back in line (on resume), first tries again; how many."""
        result = await self.session.execute(
            update(WebhookDelivery)
            .where(WebhookDelivery.endpoint_id == endpoint_id, WebhookDelivery.status == FAILED)
            .values(status=PENDING, attempts=0, next_attempt_at=now)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]

    # retention ----------------------------------------------------------------------------------------------------
    async def purge(self, before: datetime, limit: int) -> dict[str, int]:
        """Delete up to `limit` finished deliveries and dispatched events older than `before`; counts."""
        position = select(WebhookDispatch.position).where(WebhookDispatch.name == DISPATCHER).scalar_subquery()
        old_deliveries = (
            select(WebhookDelivery.id)
            .where(WebhookDelivery.status == DELIVERED, WebhookDelivery.created_at < before)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        deliveries = await self.session.execute(delete(WebhookDelivery).where(WebhookDelivery.id.in_(old_deliveries)))
        # Only events the dispatcher numbered, and never an entity's newest numbered one: it holds the entity's
        # count of events (`entity_seq`), from which its next event is numbered.
        newer = aliased(DomainEvent)
        old_events = (
            select(DomainEvent.id)
            .where(
                DomainEvent.at < before,
                DomainEvent.seq <= position,
                exists().where(
                    newer.entity_type == DomainEvent.entity_type,
                    newer.entity_id == DomainEvent.entity_id,
                    newer.seq > DomainEvent.seq,
                    newer.seq <= position,
                ),
            )
            .limit(limit)
        )
        events = await self.session.execute(delete(DomainEvent).where(DomainEvent.id.in_(old_events)))
        return {
            "deliveries": int(deliveries.rowcount),  # type: ignore[attr-defined]
            "events": int(events.rowcount),  # type: ignore[attr-defined]
        }

"""From the domain event log to deliveries: each committed event, once, to every endpoint that listens for it.

The dispatcher reads the log after its place (one dispatcher at a time: its place is a locked row), numbers each
event within its entity, reads the entity as each endpoint's integration user, and writes the deliveries and its
new place in one transaction: an event is fanned out exactly once, even when a worker dies half way. An endpoint
hears only events that happened after it was created, about entities its integration may see.
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime
from typing import Any

import orjson
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.config import Settings
from rapport.core.authz.policy import Access, current
from rapport.core.db import Database
from rapport.core.domain_events import DOMAIN_LOG, EVENT_FIELDS, DomainEvent
from rapport.core.ids import uuid7
from rapport.core.principal import Principal
from rapport.graphql.node import to_global_id
from rapport.identity.service import principal_for_token_id
from rapport.integrations.delivery import TOKEN_GONE, seal_body
from rapport.integrations.models import WebhookDelivery, WebhookEndpoint
from rapport.integrations.payloads import Entity, PayloadRefusedError, entity_key, event_data, read_entity
from rapport.integrations.repository import PENDING, WebhookRepository
from rapport.integrations.service import pause_endpoint

log = logging.getLogger(__name__)

#: Events one transaction of the dispatcher takes at most.
PAGE = 500


def body(event: DomainEvent, entity: dict[str, Any]) -> bytes:
    """The JSON body of an event's delivery, with the entity as the integration sees it."""
    data: dict[str, Any] = {
        "entityType": event.entity_type,
        "entityId": to_global_id(event.entity_type, event.entity_id),
        "sequence": event.entity_seq,
        "actorId": None if event.actor_id is None else to_global_id("User", event.actor_id),
        **event_data(dict(event.data or {})),
        entity_key(event.entity_type): entity,
    }
    return orjson.dumps(
        {"id": str(event.event_id), "type": event.type, "timestamp": event.at.isoformat(), "data": data}
    )


class _Readers:
    """The integrations' users of this page, and what each of them sees of each entity (read once per page)."""

    def __init__(self, db: Database, settings: Settings, session: AsyncSession) -> None:
        self.db, self.settings, self.session = db, settings, session
        self._principals: dict[uuid.UUID, Principal | None] = {}
        self._seen: dict[tuple[uuid.UUID, str, uuid.UUID], dict[str, Any] | None] = {}

    async def principal(self, token_id: uuid.UUID) -> Principal | None:
        if token_id not in self._principals:
            self._principals[token_id] = await principal_for_token_id(self.session, token_id)
        return self._principals[token_id]

    async def entity(self, principal: Principal, event: DomainEvent) -> dict[str, Any] | None:
        key = (principal.credential_id, event.entity_type, event.entity_id)
        if key not in self._seen:
            entity = Entity(event.entity_type, event.entity_id)
            self._seen[key] = await read_entity(self.db, self.settings, principal, entity)
        return self._seen[key]


async def _fan_out(
    session: AsyncSession, readers: _Readers, event: DomainEvent, endpoints: list[WebhookEndpoint], now: datetime
) -> dict[str, int]:
    counts = {"deliveries": 0, "hidden": 0, "refused": 0}
    for endpoint in endpoints:
        if event.type not in endpoint.events or event.at < endpoint.created_at:
            continue
        principal = await readers.principal(endpoint.token_id)
        if principal is None:
            await pause_endpoint(session, endpoint, TOKEN_GONE, None)
            counts["hidden"] += 1
            continue
        revealed = EVENT_FIELDS.get(event.type)
        if revealed is not None and current().for_roles(principal.roles).access(revealed) < Access.READ:
            counts["hidden"] += 1  # the event itself would tell the integration what its policy hides
            continue
        try:
            entity = await readers.entity(principal, event)
        except PayloadRefusedError as error:
            log.error(
                "webhook payload refused for its integration",
                extra={"endpoint": str(endpoint.id), "event": str(event.event_id), "error": str(error)},
            )
            counts["refused"] += 1
            continue
        if entity is None:
            counts["hidden"] += 1
            continue
        delivery_id = uuid7()
        assert event.seq is not None
        assert event.entity_seq is not None
        session.add(
            WebhookDelivery(
                id=delivery_id,
                endpoint_id=endpoint.id,
                event_seq=event.seq,
                event_id=event.event_id,
                event_type=event.type,
                entity_type=event.entity_type,
                entity_id=event.entity_id,
                entity_seq=event.entity_seq,
                body_enc=seal_body(delivery_id, body(event, entity)),
                status=PENDING,
                attempts=0,
                next_attempt_at=now,
                created_at=now,
            )
        )
        counts["deliveries"] += 1
    return counts


async def dispatch(db: Database, settings: Settings, now: datetime, page: int = PAGE) -> dict[str, int]:
    """Fan every committed, undispatched event out to its endpoints; counts of what happened."""
    await DOMAIN_LOG.stamp(db)
    counts = {"events": 0, "deliveries": 0, "hidden": 0, "refused": 0}
    while True:
        async with db.write() as session:
            repo = WebhookRepository(session)
            position = await repo.dispatch_position()
            events = await repo.next_events(position, page)
            if not events:
                break
            endpoints = await repo.listening_endpoints()
            readers = _Readers(db, settings, session)
            for event in events:
                for key, value in (await _fan_out(session, readers, event, endpoints, now)).items():
                    counts[key] += value
            assert events[-1].seq is not None
            await repo.move_dispatch(events[-1].seq)
            counts["events"] += len(events)
        if len(events) < page:
            break
    return counts

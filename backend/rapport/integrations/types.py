"""GraphQL types of outbound webhooks (administrators only)."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import Enum
from typing import Annotated

import strawberry

from rapport.core.domain_events import EVENT_TYPES
from rapport.core.errors import BadUserInputError
from rapport.graphql.context import Info
from rapport.graphql.node import to_global_id
from rapport.graphql.types import Connection, Edge, PageInfo, decode_cursor, encode_cursor, page_size
from rapport.integrations import models
from rapport.integrations.delivery import body_of
from rapport.integrations.loaders import attempts_by_delivery_id, counts_by_endpoint_id
from rapport.integrations.repository import WebhookRepository


class WebhookDeliveryStatus(Enum):
    """Pending (waiting for its first or next try), delivered (the receiver answered 2xx), or failed (its last try
    failed; the endpoint was paused)."""

    PENDING = "pending"
    DELIVERED = "delivered"
    FAILED = "failed"


strawberry.enum(WebhookDeliveryStatus, description="Where a webhook delivery stands: pending, delivered or failed.")


@strawberry.type(description="A kind of domain event an endpoint can subscribe to.")
class WebhookEventType:
    """An event type and what it means."""

    name: str = strawberry.field(description="The event type, e.g. customer.updated.")
    description: str = strawberry.field(description="When it happens.")

    @classmethod
    def all(cls) -> list[WebhookEventType]:
        """Every event type."""
        return [cls(name=name, description=text) for name, text in EVENT_TYPES.items()]


@strawberry.type(description="One try of a webhook delivery.")
class WebhookAttempt:
    """When, and what the receiver answered."""

    at: datetime = strawberry.field(description="When the try was made.")
    status_code: int | None = strawberry.field(description="The receiver's HTTP status; null when none came.")
    error: str | None = strawberry.field(description="What went wrong (start of the answer, or the network error).")
    duration_ms: int = strawberry.field(description="How long the try took, in milliseconds.")
    replay: bool = strawberry.field(description="True for a replay an admin asked for.")

    @classmethod
    def of(cls, row: models.WebhookAttempt) -> WebhookAttempt:
        """The GraphQL view of a try."""
        return cls(
            at=row.at, status_code=row.status_code, error=row.error, duration_ms=row.duration_ms, replay=row.replay
        )


@strawberry.type(description="One event sent (or to be sent) to one webhook endpoint.")
class WebhookDelivery:
    """A delivery and its tries."""

    id: strawberry.ID = strawberry.field(description="Global id.")
    event_id: str = strawberry.field(description="The event's id, sent as `webhook-id` (stable across retries).")
    event_type: str = strawberry.field(description="The event type.")
    entity_id: strawberry.ID = strawberry.field(description="Global id of the entity the event is about.")
    sequence: int = strawberry.field(description="The event's number among its entity's events (1, 2, ...).")
    status: WebhookDeliveryStatus = strawberry.field(description="Where it stands.")
    attempts: int = strawberry.field(description="Scheduled tries made so far (replays not counted).")
    next_attempt_at: datetime | None = strawberry.field(description="When it is tried next, while pending.")
    last_status_code: int | None = strawberry.field(description="The last answer's HTTP status.")
    last_error: str | None = strawberry.field(description="What went wrong the last time.")
    delivered_at: datetime | None = strawberry.field(description="When the receiver took it.")
    created_at: datetime = strawberry.field(description="When the event was dispatched to the endpoint.")
    _row: strawberry.Private[models.WebhookDelivery]

    @classmethod
    def of(cls, row: models.WebhookDelivery) -> WebhookDelivery:
        """The GraphQL view of a delivery."""
        return cls(
            id=to_global_id("WebhookDelivery", row.id),
            event_id=str(row.event_id),
            event_type=row.event_type,
            entity_id=to_global_id(row.entity_type, row.entity_id),
            sequence=row.entity_seq,
            status=WebhookDeliveryStatus(row.status),
            attempts=row.attempts,
            next_attempt_at=row.next_attempt_at if row.status == "pending" else None,
            last_status_code=row.last_status_code,
            last_error=row.last_error,
            delivered_at=row.delivered_at,
            created_at=row.created_at,
            _row=row,
        )

    @strawberry.field(description="The JSON body, exactly as sent.")
    def payload(self) -> str:
        """The body."""
        return body_of(self._row).decode()

    @strawberry.field(description="Every try, oldest first.")
    async def attempt_log(self, info: Info) -> list[WebhookAttempt]:
        """The tries."""
        rows = await info.context.loaders.get(attempts_by_delivery_id).load(self._row.id)
        return [WebhookAttempt.of(row) for row in rows]


@strawberry.type(description="Deliveries of an endpoint by status.")
class WebhookDeliveryCounts:
    """Counts."""

    pending: int = strawberry.field(description="Waiting for a try.")
    delivered: int = strawberry.field(description="Taken by the receiver.")
    failed: int = strawberry.field(description="Failed for good (the endpoint was paused).")


@strawberry.type(description="A URL that receives chosen domain events, signed, shaped by its integration's policy.")
class WebhookEndpoint:
    """An endpoint."""

    id: strawberry.ID = strawberry.field(description="Global id.")
    version: int = strawberry.field(description="Pass back when changing it.")
    name: str = strawberry.field(description="Which system receives it.")
    url: str = strawberry.field(description="Where deliveries are POSTed.")
    events: list[str] = strawberry.field(description="The event types it receives.")
    api_token_id: strawberry.ID = strawberry.field(
        description="The integration's API token: payloads hold what its user may read, masked as for that user."
    )
    paused_at: datetime | None = strawberry.field(description="When deliveries stopped; null while it runs.")
    pause_reason: str | None = strawberry.field(description="Why it was paused.")
    created_at: datetime = strawberry.field(description="When it was created.")
    _row: strawberry.Private[models.WebhookEndpoint]

    @classmethod
    def of(cls, row: models.WebhookEndpoint) -> WebhookEndpoint:
        """The GraphQL view of an endpoint."""
        return cls(
            id=to_global_id("WebhookEndpoint", row.id),
            version=row.version,
            name=row.name,
            url=row.url,
            events=sorted(row.events),
            api_token_id=to_global_id("ApiToken", row.token_id),
            paused_at=row.paused_at,
            pause_reason=row.pause_reason,
            created_at=row.created_at,
            _row=row,
        )

    @strawberry.field(description="How many deliveries are pending, delivered and failed.")
    async def counts(self, info: Info) -> WebhookDeliveryCounts:
        """Counts by status."""
        found = await info.context.loaders.get(counts_by_endpoint_id).load(self._row.id)
        return WebhookDeliveryCounts(pending=found["pending"], delivered=found["delivered"], failed=found["failed"])

    @strawberry.field(description="The endpoint's deliveries, newest first.")
    async def deliveries(
        self,
        info: Info,
        first: Annotated[int | None, strawberry.argument(description="Page size (default 20, at most 100).")] = 20,
        after: Annotated[str | None, strawberry.argument(description="The `endCursor` of the previous page.")] = None,
        status: Annotated[
            WebhookDeliveryStatus | None, strawberry.argument(description="Only deliveries in this state.")
        ] = None,
    ) -> Connection[WebhookDelivery]:
        """A page of deliveries."""
        size = page_size(first)
        position = decode_cursor(after)
        before = None
        if position is not None:
            try:
                before = (datetime.fromisoformat(str(position[0])), uuid.UUID(str(position[1])))
            except (ValueError, IndexError) as error:
                raise BadUserInputError("`after` is not a valid cursor; use a cursor from a previous page.") from error
        async with info.context.read() as session:
            rows = await WebhookRepository(session).deliveries(
                self._row.id, limit=size + 1, before=before, status=None if status is None else status.value
            )
        edges = [
            Edge(cursor=encode_cursor([r.created_at.isoformat(), str(r.id)]), node=WebhookDelivery.of(r))
            for r in rows[:size]
        ]
        return Connection(
            edges=edges,
            page_info=PageInfo(
                has_next_page=len(rows) > size,
                has_previous_page=after is not None,
                start_cursor=edges[0].cursor if edges else None,
                end_cursor=edges[-1].cursor if edges else None,
            ),
        )

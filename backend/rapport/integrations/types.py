"""GraphQL types of outbound webhooks (administrators only), each field declared once for both read paths."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any

import strawberry
from sqlalchemy import Text, case, cast, func, literal, null, select

from rapport.core.domain_events import EVENT_TYPES
from rapport.core.i18n import render_stored
from rapport.graphql.context import Info
from rapport.graphql.declare import FromRow, Relation, Sensitive, derived, expression, relation, rendered, sensitive
from rapport.graphql.node import base64url_sql, global_id_sql, to_global_id
from rapport.integrations import models
from rapport.integrations.repository import attempts_of


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
class WebhookAttempt(FromRow):
    """When, and what the receiver answered."""

    at: datetime = strawberry.field(description="When the try was made.")
    status_code: int | None = strawberry.field(description="The receiver's HTTP status; null when none came.")
    error: str | None = strawberry.field(description="What went wrong (start of the answer, or the network error).")
    duration_ms: int = strawberry.field(description="How long the try took, in milliseconds.")
    replay: bool = strawberry.field(description="True for a replay an admin asked for.")
    _row: strawberry.Private[models.WebhookAttempt]


def hidden_payload(value: str) -> str:
    """A payload as a role with masked access sees it: nothing of it (it may hold anything the integration reads)."""
    return "****"


def _entity_id_sql(row: Any) -> Any:
    return base64url_sql(row.entity_type.op("||")(literal(":")).op("||")(cast(row.entity_id, Text)))


def _next_attempt_sql(row: Any) -> Any:
    return case((row.status == "pending", row.next_attempt_at), else_=null())


@strawberry.type(description="One event sent (or to be sent) to one webhook endpoint.")
class WebhookDelivery(FromRow):
    """A delivery and its tries."""

    id: strawberry.ID = strawberry.field(description="Global id.")
    event_id: str = expression(
        lambda row: cast(row.event_id, Text),
        lambda row: str(row.event_id),
        description="The event's id, sent as `webhook-id` (the same for every retry and replay).",
    )
    event_type: str = strawberry.field(description="The event type.")
    entity_id: strawberry.ID = expression(
        _entity_id_sql,
        lambda row: to_global_id(row.entity_type, row.entity_id),
        description="Global id of the entity the event is about.",
    )
    sequence: int = expression(
        lambda row: row.entity_seq,
        lambda row: row.entity_seq,
        description="The event's number among its entity's events (1, 2, ...).",
    )
    status: WebhookDeliveryStatus = strawberry.field(description="Where it stands.")
    attempts: int = strawberry.field(description="Scheduled tries made so far (replays not counted).")
    next_attempt_at: datetime | None = expression(
        _next_attempt_sql,
        lambda row: row.next_attempt_at if row.status == "pending" else None,
        description="When it is tried next, while pending.",
    )
    last_status_code: int | None = strawberry.field(description="The last answer's HTTP status.")
    last_error: str | None = strawberry.field(description="What went wrong the last time.")
    delivered_at: datetime | None = strawberry.field(description="When the receiver took it.")
    created_at: datetime = strawberry.field(description="When the event was dispatched to the endpoint.")
    _row: strawberry.Private[models.WebhookDelivery]

    @sensitive(
        Sensitive(
            "WebhookDelivery.payload", "body_enc", "webhook_delivery", "body", many=False, entity_column="id",
            entity_type="WebhookDelivery",
        ),
        description="The JSON body as sent (it may hold what the integration reads in clear; reads are audited).",
    )  # fmt: skip
    def payload(self, info: Info) -> str | None:
        """The body."""

    @relation(Relation("WebhookAttempt", "list", attempts_of), description="Every try, oldest first.")
    async def attempt_log(self, info: Info) -> list[WebhookAttempt]:
        """The tries."""


def _pause_reason(locale: str, message: dict[str, Any] | None, reason: str | None) -> str | None:
    return render_stored(message, locale, reason)


def _count(status: str) -> Any:
    def sql(row: Any) -> Any:
        counted = models.WebhookDelivery
        statement = select(func.count()).where(counted.endpoint_id == row.id, counted.status == status)
        return statement.scalar_subquery()

    return sql


@strawberry.type(description="A URL that receives chosen domain events, signed, shaped by its integration's policy.")
class WebhookEndpoint(FromRow):
    """An endpoint."""

    id: strawberry.ID = strawberry.field(description="Global id.")
    version: int = strawberry.field(description="Pass back when changing it.")
    name: str = strawberry.field(description="Which system receives it.")
    url: str = strawberry.field(description="Where deliveries are POSTed.")
    events: list[str] = strawberry.field(description="The event types it receives.")
    api_token_id: strawberry.ID = expression(
        lambda row: global_id_sql("ApiToken", row.token_id),
        lambda row: to_global_id("ApiToken", row.token_id),
        description="The integration's API token: payloads hold what its user may read, masked as for that user.",
    )
    paused_at: datetime | None = strawberry.field(description="When deliveries stopped; null while it runs.")
    created_at: datetime = strawberry.field(description="When it was created.")
    _row: strawberry.Private[models.WebhookEndpoint]

    @rendered(("pause_message", "pause_reason"), _pause_reason, description="Why it was paused, in your language.")
    def pause_reason(self, info: Info) -> str | None:
        """Why it was paused."""

    @derived(_count("pending"), description="Deliveries waiting for a try.")
    async def pending_count(self, info: Info) -> int:
        """Pending deliveries."""

    @derived(_count("delivered"), description="Deliveries the receiver took.")
    async def delivered_count(self, info: Info) -> int:
        """Delivered deliveries."""

    @derived(_count("failed"), description="Deliveries that failed for good (the endpoint was paused).")
    async def failed_count(self, info: Info) -> int:
        """Failed deliveries."""

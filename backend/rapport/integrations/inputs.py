"""GraphQL inputs of outbound webhooks."""

from __future__ import annotations

import strawberry

from rapport.integrations.types import WebhookDeliveryStatus


@strawberry.input(description="Which webhook deliveries to list.")
class WebhookDeliveryFilter:
    """Every field narrows the list."""

    endpoint_id: strawberry.ID | None = strawberry.field(default=None, description="Only this endpoint's deliveries.")
    status: WebhookDeliveryStatus | None = strawberry.field(default=None, description="Only deliveries in this state.")


@strawberry.input(description="A new webhook endpoint.")
class WebhookEndpointCreateInput:
    """Where to send which events, read as which integration."""

    name: str = strawberry.field(description="Which system receives it, e.g. 'ERP'.")
    url: str = strawberry.field(description="The https URL deliveries are POSTed to (http too outside production).")
    events: list[str] = strawberry.field(description="Event types to receive (see `webhookEventTypes`).")
    api_token_id: strawberry.ID = strawberry.field(
        description="The integration's API token: payloads hold only what its user may read."
    )


@strawberry.input(description="Changes to a webhook endpoint; fields left null stay as they are.")
class WebhookEndpointUpdateInput:
    """The endpoint, its version and the changes."""

    id: strawberry.ID = strawberry.field(description="Global id of the endpoint.")
    version: int = strawberry.field(description="The version you read (CONFLICT when it changed meanwhile).")
    name: str | None = strawberry.field(default=None, description="New name.")
    url: str | None = strawberry.field(default=None, description="New URL.")
    events: list[str] | None = strawberry.field(default=None, description="New list of event types.")
    api_token_id: strawberry.ID | None = strawberry.field(default=None, description="Another integration token.")


@strawberry.input(description="Pause or resume a webhook endpoint.")
class WebhookEndpointPauseInput:
    """The endpoint and whether it should be paused."""

    id: strawberry.ID = strawberry.field(description="Global id of the endpoint.")
    paused: bool = strawberry.field(description="True: stop sending; false: resume (failed deliveries go first).")


@strawberry.input(description="Which webhook endpoint.")
class WebhookEndpointIdInput:
    """The endpoint's id."""

    id: strawberry.ID = strawberry.field(description="Global id of the endpoint.")


@strawberry.input(description="Which webhook delivery to send again.")
class WebhookDeliveryReplayInput:
    """The delivery's id."""

    id: strawberry.ID = strawberry.field(description="Global id of the delivery.")

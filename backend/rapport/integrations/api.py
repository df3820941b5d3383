"""Root fields of outbound webhooks: list endpoints and event types; subscribe, change, pause, replay."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Annotated

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core import clock
from rapport.core.errors import BadUserInputError, NotFoundError, RapportError
from rapport.core.principal import Principal
from rapport.graphql.context import Info
from rapport.graphql.declare import RootField, Rows
from rapport.graphql.kit import filtered_page_root, rows_of, statement_page
from rapport.graphql.node import from_global_id, optional_id
from rapport.graphql.types import INPUT, After, Connection, First, UserError
from rapport.integrations import models, service
from rapport.integrations.delivery import replay_now
from rapport.integrations.inputs import (
    WebhookDeliveryFilter,
    WebhookDeliveryReplayInput,
    WebhookEndpointCreateInput,
    WebhookEndpointIdInput,
    WebhookEndpointPauseInput,
    WebhookEndpointUpdateInput,
)
from rapport.integrations.repository import WebhookRepository, delivery_rows, endpoint_rows
from rapport.integrations.types import WebhookDelivery, WebhookEndpoint, WebhookEventType


@strawberry.type(description="The result of a change to a webhook endpoint.")
class WebhookEndpointPayload:
    """The endpoint, and its signing secret when it was just made."""

    webhook_endpoint: WebhookEndpoint | None = strawberry.field(description="The endpoint (null after a delete).")
    secret: str | None = strawberry.field(
        description="The signing secret (whsec_...), only when created or rotated: store it, it is not shown again."
    )
    user_errors: list[UserError] = strawberry.field(description="Problems with the input.")


@strawberry.type(description="The result of `webhookDeliveryReplay`.")
class WebhookDeliveryReplayPayload:
    """The delivery with the replay's try in its log."""

    webhook_delivery: WebhookDelivery | None = strawberry.field(description="The delivery.")
    user_errors: list[UserError] = strawberry.field(description="Problems with the input.")


#: What a change to an endpoint leaves: the endpoint (None once deleted), with its new secret when it got one.
Changed = models.WebhookEndpoint | tuple[models.WebhookEndpoint, str] | None


def _failed(error: RapportError) -> WebhookEndpointPayload:
    return WebhookEndpointPayload(webhook_endpoint=None, secret=None, user_errors=[UserError.from_error(error)])


def _done(changed: Changed) -> WebhookEndpointPayload:
    endpoint, secret = changed if isinstance(changed, tuple) else (changed, None)
    shown = None if endpoint is None else WebhookEndpoint.from_row(endpoint)
    return WebhookEndpointPayload(webhook_endpoint=shown, secret=secret, user_errors=[])


async def _change_endpoint(
    info: Info, global_id: str, change: Callable[[AsyncSession, uuid.UUID], Awaitable[Changed]]
) -> WebhookEndpointPayload:
    """Run a change to one endpoint in a unit of work; a problem the admin can fix becomes a user error."""
    try:
        _, endpoint_id = from_global_id(global_id, "WebhookEndpoint")
        async with info.context.write() as session:
            changed = await change(session, endpoint_id)
    except RapportError as error:
        return _failed(error)
    return _done(changed)


def _deliveries(principal: Principal | None, given: WebhookDeliveryFilter | None) -> Rows:
    endpoint_id = None if given is None else optional_id(given.endpoint_id, "WebhookEndpoint")
    status = None if given is None or given.status is None else given.status.value
    return delivery_rows(endpoint_id, status)


#: The compiled root fields of outbound webhooks (listed in the integrations manifest).
ROOTS = {
    "webhookEndpoints": RootField("WebhookEndpoint", "list", lambda principal, arguments: endpoint_rows()),
    "webhookDeliveries": filtered_page_root("WebhookDelivery", _deliveries, WebhookDeliveryFilter),
}


@strawberry.type
class WebhookQuery:
    """Root query fields of outbound webhooks (administrators)."""

    @strawberry.field(description="Every webhook endpoint, newest first (administrators).")
    async def webhook_endpoints(self, info: Info) -> list[WebhookEndpoint]:
        """The endpoints."""
        return await rows_of(info, endpoint_rows(), WebhookEndpoint.from_row)

    @strawberry.field(description="An endpoint's deliveries, newest first (administrators).")
    async def webhook_deliveries(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        filter: Annotated[
            WebhookDeliveryFilter | None, strawberry.argument(description="Whose deliveries, and which.")
        ] = None,
    ) -> Connection[WebhookDelivery]:
        """A page of deliveries."""
        return await statement_page(
            info, _deliveries(info.context.principal, filter), first, after, WebhookDelivery.from_row
        )

    @strawberry.field(description="The domain events endpoints can subscribe to, with what each means.")
    def webhook_event_types(self) -> list[WebhookEventType]:
        """Every event type."""
        return WebhookEventType.all()


@strawberry.type
class WebhookMutation:
    """Root mutation fields of outbound webhooks (administrators)."""

    @strawberry.mutation(description="Subscribe a URL to domain events; the signing secret is returned once.")
    async def webhook_endpoint_create(
        self, info: Info, input: Annotated[WebhookEndpointCreateInput, INPUT]
    ) -> WebhookEndpointPayload:
        """Create an endpoint."""
        ctx = info.context
        try:
            _, token_id = from_global_id(input.api_token_id, "ApiToken")
            draft = service.EndpointDraft(name=input.name, url=input.url, events=input.events, token_id=token_id)
            async with ctx.write() as session:
                endpoint, secret = await service.create_endpoint(session, ctx.settings, ctx.viewer, draft)
        except RapportError as error:
            return _failed(error)
        return _done((endpoint, secret))

    @strawberry.mutation(description="Change a webhook endpoint's name, URL, events or integration token.")
    async def webhook_endpoint_update(
        self, info: Info, input: Annotated[WebhookEndpointUpdateInput, INPUT]
    ) -> WebhookEndpointPayload:
        """Change an endpoint."""
        ctx = info.context

        async def change(session: AsyncSession, endpoint_id: uuid.UUID) -> Changed:
            token_id = None if input.api_token_id is None else from_global_id(input.api_token_id, "ApiToken")[1]
            draft = service.EndpointDraft(name=input.name, url=input.url, events=input.events, token_id=token_id)
            return await service.update_endpoint(session, ctx.settings, ctx.viewer, endpoint_id, input.version, draft)

        return await _change_endpoint(info, input.id, change)

    @strawberry.mutation(description="Pause a webhook endpoint, or resume it (its failed deliveries go out first).")
    async def webhook_endpoint_pause(
        self, info: Info, input: Annotated[WebhookEndpointPauseInput, INPUT]
    ) -> WebhookEndpointPayload:
        """Pause or resume."""

        async def change(session: AsyncSession, endpoint_id: uuid.UUID) -> Changed:
            return await service.set_paused(session, info.context.viewer, endpoint_id, input.paused)

        return await _change_endpoint(info, input.id, change)

    @strawberry.mutation(description="Give a webhook endpoint a new signing secret (returned once).")
    async def webhook_endpoint_rotate_secret(
        self, info: Info, input: Annotated[WebhookEndpointIdInput, INPUT]
    ) -> WebhookEndpointPayload:
        """Rotate the secret."""

        async def change(session: AsyncSession, endpoint_id: uuid.UUID) -> Changed:
            return await service.rotate_secret(session, info.context.viewer, endpoint_id)

        return await _change_endpoint(info, input.id, change)

    @strawberry.mutation(description="Delete a webhook endpoint with its deliveries.")
    async def webhook_endpoint_delete(
        self, info: Info, input: Annotated[WebhookEndpointIdInput, INPUT]
    ) -> WebhookEndpointPayload:
        """Delete an endpoint."""

        async def change(session: AsyncSession, endpoint_id: uuid.UUID) -> Changed:
            await service.delete_endpoint(session, info.context.viewer, endpoint_id)
            return None

        return await _change_endpoint(info, input.id, change)

    @strawberry.mutation(
        description="Send a delivery again now (same event id, fresh signature); the try is added to its log."
    )
    async def webhook_delivery_replay(
        self, info: Info, input: Annotated[WebhookDeliveryReplayInput, INPUT]
    ) -> WebhookDeliveryReplayPayload:
        """Replay a delivery."""
        ctx = info.context
        try:
            _, delivery_id = from_global_id(input.id, "WebhookDelivery")
            async with ctx.write() as session:
                repo = WebhookRepository(session)
                delivery = await repo.delivery(delivery_id, lock=True)
                endpoint = None if delivery is None else await repo.endpoint(delivery.endpoint_id)
                if delivery is None or endpoint is None:
                    raise NotFoundError("No webhook delivery with that id.")
                if await repo.waits_for_earlier(delivery.id):
                    raise BadUserInputError(
                        "An earlier event of this record has not been delivered yet; replay or resume that first, "
                        "so that the receiver gets the record's events in order.",
                        field="id",
                    )
                await replay_now(session, ctx.settings, delivery, endpoint, clock.now())
                service.record_replay(session, ctx.viewer, delivery)
        except RapportError as error:
            return WebhookDeliveryReplayPayload(webhook_delivery=None, user_errors=[UserError.from_error(error)])
        return WebhookDeliveryReplayPayload(webhook_delivery=WebhookDelivery.from_row(delivery), user_errors=[])

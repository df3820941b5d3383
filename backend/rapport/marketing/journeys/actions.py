"""What a journey's action nodes do: the `JourneyAction` interface, its registry, and the shipped actions.

Actions run with the journey owner's rights (`ActionContext.principal`, built for the owner). Database-only
actions (task, tags, audience file) run in the transaction that records their step and advances the
enrollment. External ones (webhook, audience webhook, send) run after their step's ledger row committed, each in
a transaction of its own; they carry the step run's id as their idempotency key.

The "send a message" action writes the message's row in the send ledger (`marketing_message`, source key
`journey:<step run id>`, the node's content on the row); the `campaign-send` job sends it as it sends campaigns'
messages: consent, suppression, quiet hours and the frequency cap checked, each contact once.
"""

from __future__ import annotations

import base64
import hashlib
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol

import httpx
import orjson
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.activities.service import TaskDraft, create_task
from rapport.core.crypto import vault
from rapport.core.principal import Principal
from rapport.customers import service as customers
from rapport.graphql.node import to_global_id
from rapport.integrations import signing
from rapport.marketing.journeys.graph import Node
from rapport.marketing.journeys.models import Journey, JourneyEnrollment
from rapport.marketing.sending import ledger

#: Seconds an external call may take.
HTTP_TIMEOUT = 10.0


@dataclass(frozen=True)
class ActionContext:
    """What an action runs with: the journey, the enrollment, its node, the step's ledger id, the owner."""

    journey: Journey
    enrollment: JourneyEnrollment
    node: Node
    step_run_id: uuid.UUID
    #: The journey owner as a principal (their roles and team as they are now); None when the owner is gone.
    principal: Principal | None
    now: datetime


@dataclass(frozen=True)
class ActionOutcome:
    """How a step ended: done, failed (the enrollment fails), skipped (the journey goes on) or retry (later)."""

    status: str
    detail: Mapping[str, Any] = field(default_factory=dict)


class JourneyAction(Protocol):
    """An action node's behaviour."""

    #: True when it acts outside the database (its ledger row commits before it runs).
    external: bool

    async def run(self, session: AsyncSession, ctx: ActionContext) -> ActionOutcome:
        """Do the action once for the enrollment."""
        ...


def open_secret(journey_id: uuid.UUID, node: Node) -> str:
    """The plaintext signing secret of a webhook or audience node (stored encrypted in the graph)."""
    sealed = base64.b64decode(node.config["secretEnc"])
    return vault().cipher.decrypt(sealed, table="journey", column="graph", row_id=journey_id)


def seal_secret(journey_id: uuid.UUID, secret: str) -> str:
    """A signing secret encrypted for the journey's graph."""
    return base64.b64encode(vault().cipher.encrypt(secret, table="journey", column="graph", row_id=journey_id)).decode()


def sha256(value: str) -> str:
    """The SHA-256 hex digest of a normalised identifier (ad platforms match audiences on these)."""
    return hashlib.sha256(value.strip().lower().encode()).hexdigest()


async def post_signed(url: str, secret: str, key: str, payload: dict[str, Any]) -> ActionOutcome:
    """POST a signed JSON body (Standard Webhooks headers, `webhook-id` and `idempotency-key` = `key`)."""
    body = orjson.dumps(payload)
    headers = {**signing.headers(secret, key, int(time.time()), body), "idempotency-key": key}
    try:
        async with httpx.AsyncClient(timeout=HTTP_TIMEOUT, follow_redirects=False, trust_env=False) as client:
            response = await client.post(url, content=body, headers=headers)
    except httpx.HTTPError as error:
        return ActionOutcome("retry", {"error": type(error).__name__})
    if 200 <= response.status_code < 300:
        return ActionOutcome("done", {"httpStatus": response.status_code})
    return ActionOutcome("retry", {"httpStatus": response.status_code})


def _base(ctx: ActionContext) -> dict[str, Any]:
    enrollment = ctx.enrollment
    return {
        "journeyId": to_global_id("Journey", ctx.journey.id),
        "nodeId": ctx.node.id,
        "customerId": to_global_id("Customer", enrollment.customer_id),
        "contactId": None if enrollment.contact_id is None else to_global_id("Contact", enrollment.contact_id),
        "idempotencyKey": str(ctx.step_run_id),
        "at": ctx.now.isoformat(),
    }


class TaskAction:
    """Creates a task for the customer's owner (the journey owner when the customer has none)."""

    external = False

    async def run(self, session: AsyncSession, ctx: ActionContext) -> ActionOutcome:
        if ctx.principal is None:
            return ActionOutcome("failed", {"error": "the journey's owner is inactive"})
        config = ctx.node.config
        owner = await customers.customer_owner_id(session, ctx.enrollment.customer_id)
        draft = TaskDraft(
            title=str(config["title"]),
            notes=config.get("notes"),
            due_at=ctx.now + timedelta(hours=int(config.get("dueInHours", 24))),
            customer_id=ctx.enrollment.customer_id,
            assignee_id=owner or ctx.principal.user_id,
        )
        task = await create_task(session, ctx.principal, draft)
        return ActionOutcome("done", {"taskId": str(task.id)})


class TagAction:
    """Puts tags on the customer, or takes them off."""

    external = False

    def __init__(self, add: bool) -> None:
        self.add = add

    async def run(self, session: AsyncSession, ctx: ActionContext) -> ActionOutcome:
        if ctx.principal is None:
            return ActionOutcome("failed", {"error": "the journey's owner is inactive"})
        tags = [str(tag) for tag in ctx.node.config["tags"]]
        change = customers.tag_customer if self.add else customers.untag_customer
        await change(session, ctx.principal, ctx.enrollment.customer_id, tags)
        return ActionOutcome("done", {"tags": tags})


class WebhookAction:
    """A signed POST naming the journey, node, customer and contact."""

    external = True

    async def run(self, session: AsyncSession, ctx: ActionContext) -> ActionOutcome:
        secret = open_secret(ctx.journey.id, ctx.node)
        return await post_signed(ctx.node.config["url"], secret, str(ctx.step_run_id), _base(ctx))


async def hashed_identifiers(session: AsyncSession, contact_id: uuid.UUID | None) -> dict[str, list[str]]:
    """A contact's emails and phones (E.164) as SHA-256 digests."""
    points = None if contact_id is None else await customers.contact_points(session, contact_id)
    if points is None:
        return {"emailSha256": [], "phoneSha256": []}
    return {"emailSha256": [sha256(e) for e in points.emails], "phoneSha256": [sha256(p) for p in points.phones]}


class AudienceAction:
    """Adds the contact to an ad platform's audience: hashed identifiers to a signed webhook, or a CSV file row."""

    def __init__(self, external: bool) -> None:
        self.external = external

    async def run(self, session: AsyncSession, ctx: ActionContext) -> ActionOutcome:
        member = await hashed_identifiers(session, ctx.enrollment.contact_id)
        audience = str(ctx.node.config["audience"])
        if not self.external:
            return ActionOutcome("done", {"audience": audience, **member})
        payload = {**_base(ctx), "audience": audience, "members": [member]}
        secret = open_secret(ctx.journey.id, ctx.node)
        return await post_signed(ctx.node.config["url"], secret, str(ctx.step_run_id), payload)


class SendAction:
    """A message on a channel: a pending row of the send ledger (source key: the step run's id, so a step tried
    again finds the row its first try wrote); the `campaign-send` job sends it."""

    external = True

    async def run(self, session: AsyncSession, ctx: ActionContext) -> ActionOutcome:
        if ctx.enrollment.contact_id is None:
            return ActionOutcome("skipped", {"reason": "skipped: no contact"})
        message_id = await ledger.write_journey_message(
            session,
            journey_id=ctx.journey.id,
            step_run_id=ctx.step_run_id,
            contact_id=ctx.enrollment.contact_id,
            customer_id=ctx.enrollment.customer_id,
            channel=str(ctx.node.config["channel"]),
            content={str(k): dict(v) for k, v in dict(ctx.node.config["content"]).items()},
            now=ctx.now,
        )
        return ActionOutcome("done", {"sendStatus": "queued", "messageId": str(message_id)})


def action_for(node: Node) -> JourneyAction | None:
    """The action of an action node; None for triggers, waits and conditions."""
    if node.type == "audience":
        return AudienceAction(external=node.config.get("mode") == "webhook")
    return ACTIONS.get(node.type)


#: Action node type -> its action (the lead may replace entries, e.g. to add channels).
ACTIONS: dict[str, JourneyAction] = {
    "task": TaskAction(),
    "tag_add": TagAction(add=True),
    "tag_remove": TagAction(add=False),
    "webhook": WebhookAction(),
    "send": SendAction(),
}

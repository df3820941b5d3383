"""Webhook endpoints: subscribe, change, pause and resume, rotate the secret, replay a delivery (admins only)."""

from __future__ import annotations

import asyncio
import ipaddress
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.activities.service import notify
from rapport.config import Settings
from rapport.core import audit, clock
from rapport.core.crypto import vault
from rapport.core.domain_events import EVENT_TYPES
from rapport.core.errors import BadUserInputError, ConflictError, NotFoundError
from rapport.core.i18n import Message, msg
from rapport.core.principal import Principal
from rapport.identity.service import principal_for_token_id
from rapport.integrations import signing
from rapport.integrations.models import WebhookDelivery, WebhookEndpoint
from rapport.integrations.repository import WebhookRepository

TABLE = "webhook_endpoint"
MAX_URL = 2000


@dataclass(frozen=True)
class EndpointDraft:
    """What an admin says about an endpoint (None: unchanged, when updating)."""

    name: str | None = None
    url: str | None = None
    events: Sequence[str] | None = None
    token_id: uuid.UUID | None = None


def secret_of(endpoint: WebhookEndpoint) -> str:
    """The endpoint's signing secret."""
    return vault().cipher.decrypt(endpoint.secret_enc, table=TABLE, column="secret", row_id=endpoint.id)


def _seal_secret(endpoint: WebhookEndpoint, secret: str) -> None:
    endpoint.secret_enc = vault().cipher.encrypt(secret, table=TABLE, column="secret", row_id=endpoint.id)


class UnsafeAddressError(Exception):
    """The URL's host is (or resolves to) an address webhooks may not reach."""


#: How long resolving an endpoint's host name may take.
RESOLVE_SECONDS = 5.0


def _forbidden(address: str) -> bool:
    """Anything but a public unicast address (private, loopback, link-local, shared 100.64/10, reserved, IPv4
    wrapped in IPv6)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        ip = ip.ipv4_mapped or ip.sixtofour or ip
    return not ip.is_global or ip.is_multicast


async def check_reachable(url: str, settings: Settings) -> None:
    """Raise UnsafeAddressError when the URL's host resolves to an address that is not public and settings forbid
    those (at subscription and again before each delivery: a name can change its address)."""
    if settings.webhooks_reach_private_addresses:
        return
    host = urlsplit(url).hostname or ""
    try:
        async with asyncio.timeout(RESOLVE_SECONDS):
            infos = await asyncio.get_running_loop().getaddrinfo(host, None)
    except (OSError, UnicodeError, TimeoutError) as error:
        raise UnsafeAddressError(f"{host} does not resolve") from error
    if any(_forbidden(str(info[4][0])) for info in infos):
        raise UnsafeAddressError(f"{host} resolves to a private or local address")


def _clean_url(url: str, settings: Settings) -> str:
    url = url.strip()
    allowed = ("https",) if settings.is_production else ("https", "http")
    problem_text = msg("Give a full {schemes} URL without a user name or password.", schemes=" or ".join(allowed))
    try:
        parsed = httpx.URL(url)
        port = parsed.port  # a port that is no number, or out of range, is refused here
    except (httpx.InvalidURL, ValueError, TypeError) as error:
        raise BadUserInputError(problem_text, field="url") from error
    if (
        len(url) > MAX_URL
        or parsed.scheme not in allowed
        or not parsed.host
        or parsed.userinfo
        or (port is not None and not 0 < port < 65536)
        or not url.isprintable()
        or any(c.isspace() for c in url)
    ):
        raise BadUserInputError(problem_text, field="url")
    return url


def _clean_events(events: Sequence[str]) -> list[str]:
    chosen = sorted(set(events))
    unknown = [event for event in chosen if event not in EVENT_TYPES]
    if unknown:
        raise BadUserInputError(
            msg("Unknown event types: {names}.", names=", ".join(unknown)), field="events", reason="UNKNOWN_EVENT"
        )
    if not chosen:
        raise BadUserInputError("Choose at least one event.", field="events")
    return chosen


async def _check_token(session: AsyncSession, token_id: uuid.UUID) -> None:
    if await principal_for_token_id(session, token_id) is None:
        raise BadUserInputError(
            "That API token does not work (revoked, expired, or its user is deactivated); choose a working one.",
            field="apiTokenId",
        )


async def _check_url(url: str, settings: Settings) -> None:
    try:
        await check_reachable(url, settings)
    except UnsafeAddressError as error:
        raise BadUserInputError(
            msg("Webhooks may not reach that address: {reason}.", reason=str(error)), field="url"
        ) from error


async def safe_url(url: str, settings: Settings) -> str:
    """A URL Rapport may POST to (webhook endpoints, journeys' webhook and audience nodes): a full http(s) URL
    (https only in production) without credentials, whose host resolves to public addresses unless settings allow
    private ones. BAD_USER_INPUT (field `url`) otherwise; check again before each call (names change address)."""
    clean = _clean_url(url, settings)
    await _check_url(clean, settings)
    return clean


async def create_endpoint(
    session: AsyncSession, settings: Settings, actor: Principal, draft: EndpointDraft
) -> tuple[WebhookEndpoint, str]:
    """Subscribe a URL; returns the endpoint and its signing secret (shown once)."""
    name = (draft.name or "").strip()
    if not name:
        raise BadUserInputError("Give the endpoint a name that says which system receives it.", field="name")
    url = _clean_url(draft.url or "", settings)
    events = _clean_events(draft.events or ())
    if draft.token_id is None:
        raise BadUserInputError("Choose the API token whose user's policy shapes the payloads.", field="apiTokenId")
    await _check_token(session, draft.token_id)
    await _check_url(url, settings)
    now = clock.now()
    endpoint = WebhookEndpoint(
        id=uuid.uuid4(),
        version=1,
        created_at=now,
        updated_at=now,
        name=name[:200],
        url=url,
        events=events,
        token_id=draft.token_id,
        owner_id=actor.user_id,
    )
    secret = signing.new_secret()
    _seal_secret(endpoint, secret)
    session.add(endpoint)
    await session.flush()
    audit.record(
        session,
        actor_id=actor.user_id,
        entity_type="WebhookEndpoint",
        entity_id=endpoint.id,
        action="create",
        changes={"name": [None, endpoint.name], "url": [None, url], "events": [None, events]},
    )
    return endpoint, secret


async def _endpoint(session: AsyncSession, endpoint_id: uuid.UUID, version: int | None = None) -> WebhookEndpoint:
    endpoint = await WebhookRepository(session).endpoint(endpoint_id, lock=True)
    if endpoint is None:
        raise NotFoundError("No webhook endpoint with that id.")
    if version is not None and endpoint.version != version:
        raise ConflictError("The endpoint was changed meanwhile; reload it and try again.")
    return endpoint


async def update_endpoint(
    session: AsyncSession,
    settings: Settings,
    actor: Principal,
    endpoint_id: uuid.UUID,
    version: int,
    draft: EndpointDraft,
) -> WebhookEndpoint:
    """Change an endpoint's name, URL, events or token (CONFLICT when `version` is stale)."""
    endpoint = await _endpoint(session, endpoint_id, version)
    changes: dict[str, list[object]] = {}
    if draft.name is not None and draft.name.strip() != endpoint.name:
        if not draft.name.strip():
            raise BadUserInputError("Give the endpoint a name that says which system receives it.", field="name")
        changes["name"] = [endpoint.name, draft.name.strip()[:200]]
        endpoint.name = draft.name.strip()[:200]
    if draft.url is not None and draft.url.strip() != endpoint.url:
        url = _clean_url(draft.url, settings)
        await _check_url(url, settings)
        changes["url"] = [endpoint.url, url]
        endpoint.url = url
    if draft.events is not None:
        events = _clean_events(draft.events)
        if events != sorted(endpoint.events):
            changes["events"] = [endpoint.events, events]
            endpoint.events = events
    if draft.token_id is not None and draft.token_id != endpoint.token_id:
        await _check_token(session, draft.token_id)
        changes["tokenId"] = [str(endpoint.token_id), str(draft.token_id)]
        endpoint.token_id = draft.token_id
    if changes:
        endpoint.updated_at = clock.now()
        await session.flush()
        audit.record(
            session, actor_id=actor.user_id, entity_type="WebhookEndpoint", entity_id=endpoint.id, action="update",
            changes=changes,
        )  # fmt: skip
    return endpoint


async def pause_endpoint(
    session: AsyncSession, endpoint: WebhookEndpoint, reason_text: Message, actor_id: uuid.UUID | None
) -> None:
    """Stop sending to an endpoint; its deliveries wait (new events still queue up for it). When Rapport pauses
    it (no actor), the endpoint's owner is notified."""
    if endpoint.paused_at is not None:
        return
    endpoint.paused_at = clock.now()
    endpoint.pause_reason = str(reason_text)[:2000]
    endpoint.pause_message = reason_text.to_json()
    endpoint.updated_at = endpoint.paused_at
    await session.flush()
    audit.record(
        session, actor_id=actor_id, entity_type="WebhookEndpoint", entity_id=endpoint.id, action="pause",
        changes={"reason": [None, endpoint.pause_reason]},
    )  # fmt: skip
    if actor_id is None and endpoint.owner_id is not None:
        notify(
            session,
            endpoint.owner_id,
            kind="webhook_paused",
            title=msg("Webhook {name} paused", name=endpoint.name),
            body=reason_text,
            entity_type="WebhookEndpoint",
            entity_id=endpoint.id,
        )


async def set_paused(session: AsyncSession, actor: Principal, endpoint_id: uuid.UUID, paused: bool) -> WebhookEndpoint:
    """Pause an endpoint, or resume it: its failed deliveries go out again first, in order."""
    endpoint = await _endpoint(session, endpoint_id)
    if paused:
        await pause_endpoint(session, endpoint, msg("Paused by {name}.", name=actor.name), actor.user_id)
        return endpoint
    if endpoint.paused_at is not None:
        retried = await WebhookRepository(session).retry_failed(endpoint.id, clock.now())
        endpoint.paused_at, endpoint.pause_reason, endpoint.pause_message = None, None, None
        endpoint.updated_at = clock.now()
        await session.flush()
        audit.record(
            session, actor_id=actor.user_id, entity_type="WebhookEndpoint", entity_id=endpoint.id, action="resume",
            changes={"retried": [None, retried]},
        )  # fmt: skip
    return endpoint


async def rotate_secret(session: AsyncSession, actor: Principal, endpoint_id: uuid.UUID) -> tuple[WebhookEndpoint, str]:
    """A new signing secret (shown once); the old one stops signing at once."""
    endpoint = await _endpoint(session, endpoint_id)
    secret = signing.new_secret()
    _seal_secret(endpoint, secret)
    endpoint.updated_at = clock.now()
    await session.flush()
    audit.record(
        session, actor_id=actor.user_id, entity_type="WebhookEndpoint", entity_id=endpoint.id, action="rotate_secret"
    )
    return endpoint, secret


async def delete_endpoint(session: AsyncSession, actor: Principal, endpoint_id: uuid.UUID) -> None:
    """Delete an endpoint with its deliveries and their log."""
    endpoint = await _endpoint(session, endpoint_id)
    await WebhookRepository(session).delete_endpoint(endpoint.id)
    audit.record(
        session, actor_id=actor.user_id, entity_type="WebhookEndpoint", entity_id=endpoint.id, action="delete",
        changes={"name": [endpoint.name, None], "url": [endpoint.url, None]},
    )  # fmt: skip


def record_replay(session: AsyncSession, actor: Principal, delivery: WebhookDelivery) -> None:
    """Audit an admin's replay of a delivery."""
    audit.record(
        session, actor_id=actor.user_id, entity_type="WebhookEndpoint", entity_id=delivery.endpoint_id,
        action="replay", changes={"delivery": [None, str(delivery.id)]},
    )  # fmt: skip


async def export_subject(
    session: AsyncSession, principal: Principal, customer_id: uuid.UUID
) -> list[dict[str, object]]:
    """Data subject export: webhook deliveries hold copies, not records of their own (nothing to export)."""
    return []


async def erase_subject(session: AsyncSession, customer_id: uuid.UUID) -> int:
    """Data subject erasure: the customer's queued, failed and past deliveries (their bodies hold its data) and its
    events go."""
    return await WebhookRepository(session).forget_entity("Customer", customer_id)

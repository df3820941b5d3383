"""The SMS and WeChat channels: one provider interface and its HTTP-webhook provider.

A provider takes one message and answers how it went. The webhook provider POSTs the message as JSON to the
channel's URL, signed the Standard Webhooks way with the channel's secret (`rapport.integrations.signing`); the
ledger row's id is the `webhook-id`, the same on every try, so a provider drops a repeated one. A 2xx answer is
delivery; a 4xx answer is a permanent failure; anything else (5xx, a timeout, no connection) may be tried again.
Email does not pass through here: it goes through the outbound email component (`rapport.core.mail`)."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from typing import Protocol

import httpx
import orjson

from rapport.config import Settings
from rapport.integrations.signing import headers


@dataclass(frozen=True)
class OutgoingMessage:
    """One message to one phone (SMS) or WeChat user, by its ledger row (of a campaign or of a journey)."""

    id: uuid.UUID
    channel: str
    to: str
    text: str
    campaign_id: uuid.UUID | None
    journey_id: uuid.UUID | None = None


@dataclass(frozen=True)
class Outcome:
    """How handing one message to a provider went."""

    delivered: bool
    error: str | None = None
    permanent: bool = False


class Provider(Protocol):
    """Sends one message of a channel."""

    async def send(self, message: OutgoingMessage) -> Outcome:
        """Hand the message over; never raises for the provider's own failures."""
        ...


@dataclass(frozen=True)
class WebhookProvider:
    """A provider reached by a signed HTTP POST per message."""

    url: str
    secret: str
    timeout_seconds: float = 10.0

    async def send(self, message: OutgoingMessage) -> Outcome:
        """POST the message; 2xx delivered, 4xx failed for good, other answers and errors failed for now."""
        body = orjson.dumps(
            {
                "id": str(message.id),
                "channel": message.channel,
                "to": message.to,
                "text": message.text,
                "campaign": None if message.campaign_id is None else str(message.campaign_id),
                "journey": None if message.journey_id is None else str(message.journey_id),
            }
        )
        signed = headers(self.secret, str(message.id), int(time.time()), body)
        try:
            async with httpx.AsyncClient(timeout=self.timeout_seconds, follow_redirects=False) as client:
                response = await client.post(self.url, content=body, headers=signed)
        except httpx.HTTPError as error:
            return Outcome(False, f"{type(error).__name__}: {error}")
        if 200 <= response.status_code < 300:
            return Outcome(True)
        error_text = f"HTTP {response.status_code}: {response.text[:200]}"
        return Outcome(False, error_text, permanent=400 <= response.status_code < 500)


def provider_for(channel: str, settings: Settings) -> Provider | None:
    """The configured provider of the SMS or WeChat channel, None when the settings name none."""
    url = getattr(settings, f"marketing_{channel}_webhook_url", None)
    secret = getattr(settings, f"marketing_{channel}_webhook_secret", None)
    if not url or not secret:
        return None
    return WebhookProvider(url, secret, settings.webhook_timeout_seconds)

"""Signing webhook bodies the Standard Webhooks way (https://www.standardwebhooks.com).

A secret is `whsec_` and the base64 of 24 random bytes. Each request carries `webhook-id` (the event's id, the
same for every retry and replay, so receivers drop copies), `webhook-timestamp` (seconds since the epoch, of this
try: receivers refuse old ones against replay attacks) and `webhook-signature`: `v1,` and the base64 of
HMAC-SHA256 over `{id}.{timestamp}.{body}`. Any Standard Webhooks library verifies it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

PREFIX = "whsec_"


def new_secret() -> str:
    """A fresh signing secret."""
    return PREFIX + base64.b64encode(secrets.token_bytes(24)).decode()


def signature(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    """The `webhook-signature` header's value for a body sent with this id at this time."""
    key = base64.b64decode(secret.removeprefix(PREFIX))
    digest = hmac.new(key, f"{message_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def headers(secret: str, message_id: str, timestamp: int, body: bytes) -> dict[str, str]:
    """Every header of a signed delivery."""
    return {
        "content-type": "application/json",
        "user-agent": "Rapport-Webhooks/1",
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signature(secret, message_id, timestamp, body),
    }

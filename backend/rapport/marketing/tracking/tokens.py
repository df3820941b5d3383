"""Signed tokens of tracked links: `/m/o/<token>.gif` (open), `/m/c/<token>?u=<url>` (click), `/m/u/<token>`
(unsubscribe). A token names a ledger row (`marketing_message`) and is signed with a key derived from
SECRET_KEY for its purpose; a click's signature covers the URL too, so the redirect goes nowhere but where the
message pointed (no open redirect)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import uuid
from urllib.parse import quote

from rapport.marketing.campaigns.render import Tracked

OPEN, CLICK, UNSUBSCRIBE = "o", "c", "u"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _key(secret_key: str) -> bytes:
    return hmac.new(secret_key.encode(), b"rapport-marketing-tracking", hashlib.sha256).digest()


def _signature(secret_key: str, purpose: str, message_id: uuid.UUID, url: str) -> bytes:
    data = f"{purpose}\n{message_id}\n{url}".encode()
    return hmac.new(_key(secret_key), data, hashlib.sha256).digest()[:16]


def token(secret_key: str, purpose: str, message_id: uuid.UUID, url: str = "") -> str:
    """The token of a message's link for a purpose (and, for a click, its target URL)."""
    return f"{_b64(message_id.bytes)}.{_b64(_signature(secret_key, purpose, message_id, url))}"


def message_of(secret_key: str, purpose: str, text: str, url: str = "") -> uuid.UUID | None:
    """The message id a token names, None when it is malformed or its signature does not match."""
    raw, _, signature = text.partition(".")
    try:
        message_id = uuid.UUID(bytes=_unb64(raw))
        given = _unb64(signature)
    except (ValueError, binascii.Error):
        return None
    expected = _signature(secret_key, purpose, message_id, url)
    return message_id if hmac.compare_digest(given, expected) else None


def tracked(base_url: str, secret_key: str, message_id: uuid.UUID) -> Tracked:
    """The tracked links of one message."""
    base = base_url.rstrip("/")

    def click(url: str) -> str:
        return f"{base}/m/c/{token(secret_key, CLICK, message_id, url)}?u={quote(url, safe='')}"

    return Tracked(
        click=click,
        unsubscribe=f"{base}/m/u/{token(secret_key, UNSUBSCRIBE, message_id)}",
        pixel=f"{base}/m/o/{token(secret_key, OPEN, message_id)}.gif",
    )

"""Survey links: issued when a ticket is resolved, looked up and answered without signing in."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import uuid
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core import clock
from rapport.core.errors import BadUserInputError
from rapport.core.security import secret_hash
from rapport.support.models import SurveyToken, Ticket
from rapport.support.survey.repository import SurveyRepository
from rapport.support.workflow import service as workflow

VALID_DAYS = 14


def _sign(secret_key: str, payload: bytes) -> bytes:
    return hmac.new(secret_key.encode(), b"survey:" + payload, hashlib.sha256).digest()[:16]


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


async def issue(session: AsyncSession, ticket: Ticket, secret_key: str) -> str:
    """A new survey token for a resolved ticket: ticket id and nonce, signed; stored only as a hash. The ticket's
    earlier links that were not used expire now: only the latest resolution is rated, and only once."""
    await SurveyRepository(session).expire_unused(ticket.id, clock.now())
    payload = ticket.id.bytes + secrets.token_bytes(16)
    token = f"{_b64(payload)}.{_b64(_sign(secret_key, payload))}"
    session.add(
        SurveyToken(
            token_hash=secret_hash(token), ticket_id=ticket.id, expires_at=clock.now() + timedelta(days=VALID_DAYS)
        )
    )
    return token


def ticket_of(token: str, secret_key: str) -> uuid.UUID:
    """The ticket a token was signed for; BAD_USER_INPUT for a forged or malformed token."""
    try:
        payload_text, signature_text = token.split(".", 1)
        payload, signature = _unb64(payload_text), _unb64(signature_text)
    except (ValueError, TypeError) as error:
        raise BadUserInputError("This survey link is not valid.", field="token") from error
    if len(payload) != 32 or not hmac.compare_digest(signature, _sign(secret_key, payload)):
        raise BadUserInputError("This survey link is not valid.", field="token")
    return uuid.UUID(bytes=payload[:16])


@dataclass(frozen=True)
class SurveyState:
    """What the survey page shows."""

    ticket: Ticket
    used: bool
    expired: bool


async def lookup(session: AsyncSession, token: str, secret_key: str) -> SurveyState:
    """The ticket behind a valid token, and whether the link was used or expired."""
    ticket_id = ticket_of(token, secret_key)
    row = await session.get(SurveyToken, secret_hash(token))
    ticket = await session.get(Ticket, ticket_id)
    if row is None or ticket is None or row.ticket_id != ticket_id:
        raise BadUserInputError("This survey link is not valid.", field="token")
    return SurveyState(ticket, row.used_at is not None, row.expires_at <= clock.now())


async def submit(session: AsyncSession, token: str, secret_key: str, stars: int, remark: str | None) -> Ticket:
    """Rate through a link: valid once, before it expires, while the ticket awaits a rating."""
    ticket_id = ticket_of(token, secret_key)
    row = await session.get(SurveyToken, secret_hash(token), with_for_update=True)
    if row is None or row.ticket_id != ticket_id:
        raise BadUserInputError("This survey link is not valid.", field="token")
    if row.used_at is not None:
        raise BadUserInputError("This survey was already answered. Thank you!", field="token")
    if row.expires_at <= clock.now():
        raise BadUserInputError("This survey link has expired.", field="token")
    ticket = await workflow.rate(session, None, ticket_id, stars, remark)
    row.used_at = clock.now()
    return ticket

"""The tracking routes: `/m/o/<token>.gif` (open pixel), `/m/c/<token>?u=<url>` (click redirect),
`/m/u/<token>` (unsubscribe: GET a confirm page in the message's language, POST unsubscribes, RFC 8058 one-click
too) and `POST /m/inbound` (providers' signed callbacks: SMS replies and bounces). A token that does not verify
answers 404 like one that names nothing."""

from __future__ import annotations

import base64
import hmac
import html
import time
import uuid
from datetime import timedelta
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import orjson
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from rapport.config import Settings
from rapport.core import clock
from rapport.core.db import Database
from rapport.core.errors import BadUserInputError
from rapport.graphql.http import BadRequestError, read_body
from rapport.integrations.signing import signature
from rapport.marketing.consent.service import opt_out_reply
from rapport.marketing.journeys.tracking import contact_token
from rapport.marketing.tracking import guard, service
from rapport.marketing.tracking.tokens import CLICK, OPEN, UNSUBSCRIBE, message_of

PIXEL = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")
NO_STORE = {"cache-control": "no-store, private"}
#: Inbound calls older than this are refused (replays); within it, a webhook id seen before does nothing.
INBOUND_TOLERANCE = 300
#: The largest provider callback read (bytes): a larger one is refused (413) before its signature is checked.
MAX_INBOUND = 65_536
RETRY = {"retry-after": "60"}

PAGES = {
    "zh-CN": {
        "confirm": "确定不再接收此类消息吗？",
        "button": "确认退订",
        "done": "您已退订，之后不会再收到此类消息。",
    },
    "en": {
        "confirm": "Stop receiving these messages?",
        "button": "Unsubscribe",
        "done": "You are unsubscribed and will not get these messages again.",
    },
}


def _parts(request: Request) -> tuple[Database, Settings]:
    return request.app.state.db, request.app.state.settings


def _not_found() -> Response:
    return Response("Not found", status_code=404, media_type="text/plain", headers=NO_STORE)


def _page(locale: str, body: str) -> HTMLResponse:
    return HTMLResponse(
        f'<!doctype html><html lang="{locale}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width"></head><body>{body}</body></html>',
        headers=NO_STORE,
    )


def _address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _client(request: Request) -> str:
    return guard.client_key(_address(request), request.headers.get("user-agent"))


async def _limited(session: AsyncSession, request: Request, settings: Settings) -> bool:
    """Count this fetch against the client address's rate (TRACKING_PER_MINUTE, as the page views); True past it."""
    return await guard.over_limit(session, _address(request), clock.now(), settings.tracking_per_minute)


def _too_many() -> Response:
    return Response("Too many requests", status_code=429, media_type="text/plain", headers={**NO_STORE, **RETRY})


async def opened(request: Request) -> Response:
    """The open pixel: records an open (machine or not) and answers a transparent GIF."""
    db, settings = _parts(request)
    message_id = message_of(settings.secret_key, OPEN, request.path_params["token"])
    if message_id is None:
        return _not_found()
    async with db.write() as session:
        if await _limited(session, request, settings):
            return _too_many()
        event = await service.record(
            session, message_id, "opened", request.headers.get("user-agent"), client=_client(request)
        )
    if event is None:
        return _not_found()
    return Response(PIXEL, media_type="image/gif", headers=NO_STORE)


async def clicked(request: Request) -> Response:
    """A tracked link: records the click and redirects (302) to where the message pointed."""
    db, settings = _parts(request)
    url = request.query_params.get("u", "")
    message_id = message_of(settings.secret_key, CLICK, request.path_params["token"], url)
    if message_id is None or not url.startswith(("http://", "https://")):
        return _not_found()
    async with db.write() as session:
        if await _limited(session, request, settings):
            return _too_many()
        user_agent = request.headers.get("user-agent")
        event = await service.record(session, message_id, "clicked", user_agent, url, client=_client(request))
        contact_id = await service.contact_of(session, message_id) if event is not None else None
    if event is None:
        return _not_found()
    return RedirectResponse(_identified(url, contact_id, settings), status_code=302, headers=NO_STORE)


def _identified(url: str, contact_id: uuid.UUID | None, settings: Settings) -> str:
    """The target with the contact's signed token (`rpt`) when it is one of the sites that embed the tracking
    snippet (TRACKING_ORIGINS): their page views are then the contact's. Other sites never see the token."""
    parts = urlsplit(url)
    if contact_id is None or f"{parts.scheme}://{parts.netloc}" not in settings.tracking_origins:
        return url
    query = urlencode([*parse_qsl(parts.query, keep_blank_values=True), ("rpt", contact_token(contact_id))])
    return urlunsplit(parts._replace(query=query))


async def unsubscribe(request: Request) -> Response:
    """GET: the confirm page in the message's language; POST (the page's button or a one-click client): done."""
    db, settings = _parts(request)
    message_id = message_of(settings.secret_key, UNSUBSCRIBE, request.path_params["token"])
    if message_id is None:
        return _not_found()
    async with db.write() as session:
        if await _limited(session, request, settings):
            return _too_many()
        locale = await service.locale_of(session, message_id)
        if locale is None:
            return _not_found()
        texts = PAGES.get(locale, PAGES["en"])
        if request.method == "POST":
            await service.unsubscribe(session, message_id, _client(request))
            return _page(locale, f"<p>{html.escape(texts['done'])}</p>")
    form = (
        f'<p>{html.escape(texts["confirm"])}</p><form method="post">'
        f'<button type="submit">{html.escape(texts["button"])}</button></form>'
    )
    return _page(locale, form)


def _verified(secret: str | None, request: Request, body: bytes) -> bool:
    """Whether an inbound call carries a fresh Standard Webhooks signature made with the secret."""
    if not secret:
        return False
    webhook_id = request.headers.get("webhook-id", "")
    try:
        timestamp = int(request.headers.get("webhook-timestamp", ""))
    except ValueError:
        return False
    if abs(time.time() - timestamp) > INBOUND_TOLERANCE:
        return False
    expected = signature(secret, webhook_id, timestamp, body)
    given = request.headers.get("webhook-signature", "").split()
    return any(hmac.compare_digest(expected, one) for one in given)


async def inbound(request: Request) -> Response:
    """A provider's signed callback: `{"kind": "reply", "channel", "from", "text"}` (a reply of T, TD or 退订 opts
    the sender out; anything else, such as an out-of-office reply, does nothing) or `{"kind": "bounce",
    "message", "reason"}`."""
    db, settings = _parts(request)
    try:
        body, _ = await read_body(request.receive, MAX_INBOUND)
    except BadRequestError as error:
        return JSONResponse({"error": "too large"}, status_code=error.status)
    if not _verified(settings.marketing_inbound_secret, request, body):
        return JSONResponse({"error": "bad signature"}, status_code=401)
    try:
        data = orjson.loads(body)
        kind = data["kind"]
        texts = [data[k] for k in ("channel", "from", "text")] if kind == "reply" else []
        if kind not in ("reply", "bounce") or not all(isinstance(t, str) for t in texts):
            raise TypeError(kind)
        if kind == "bounce" and not isinstance(data.get("reason"), str | None):
            raise TypeError("reason")
        async with db.write() as session:
            window = timedelta(seconds=2 * INBOUND_TOLERANCE)
            if not await guard.first_call(session, request.headers.get("webhook-id", ""), clock.now(), window):
                return JSONResponse({"duplicate": True})
            if kind == "reply":
                done = await opt_out_reply(session, *texts)
                return JSONResponse({"optedOut": done})
            found = await service.bounce(session, uuid.UUID(str(data["message"])), data.get("reason"))
            if not found:
                raise LookupError(data["message"])  # rolls the webhook id back: a later call may name it
            return JSONResponse({"bounced": found})
    except LookupError:
        return JSONResponse({"bounced": False}, status_code=404)
    except (orjson.JSONDecodeError, KeyError, TypeError, ValueError, BadUserInputError):
        pass
    return JSONResponse({"error": "unknown call"}, status_code=400)


#: The routes, mounted by the app.
ROUTES = [
    Route("/m/o/{token}.gif", opened),
    Route("/m/c/{token}", clicked),
    Route("/m/u/{token}", unsubscribe, methods=["GET", "POST"]),
    Route("/m/inbound", inbound, methods=["POST"]),
]

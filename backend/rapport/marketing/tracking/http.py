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
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import orjson
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from rapport.config import Settings
from rapport.core.db import Database
from rapport.core.errors import BadUserInputError
from rapport.integrations.signing import signature
from rapport.marketing.consent.service import opt_out_reply
from rapport.marketing.journeys.tracking import contact_token
from rapport.marketing.tracking import service
from rapport.marketing.tracking.tokens import CLICK, OPEN, UNSUBSCRIBE, message_of

PIXEL = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")
NO_STORE = {"cache-control": "no-store, private"}
#: Inbound calls older than this are refused (replays).
INBOUND_TOLERANCE = 300

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


async def opened(request: Request) -> Response:
    """The open pixel: records an open (machine or not) and answers a transparent GIF."""
    db, settings = _parts(request)
    message_id = message_of(settings.secret_key, OPEN, request.path_params["token"])
    if message_id is None:
        return _not_found()
    async with db.write() as session:
        event = await service.record(session, message_id, "opened", request.headers.get("user-agent"))
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
        event = await service.record(session, message_id, "clicked", request.headers.get("user-agent"), url)
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
        locale = await service.locale_of(session, message_id)
        if locale is None:
            return _not_found()
        texts = PAGES.get(locale, PAGES["en"])
        if request.method == "POST":
            await service.unsubscribe(session, message_id)
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
    body = await request.body()
    if not _verified(settings.marketing_inbound_secret, request, body):
        return JSONResponse({"error": "bad signature"}, status_code=401)
    try:
        data = orjson.loads(body)
        kind = data["kind"]
        async with db.write() as session:
            if kind == "reply":
                done = await opt_out_reply(session, str(data["channel"]), str(data["from"]), str(data["text"]))
                return JSONResponse({"optedOut": done})
            if kind == "bounce":
                found = await service.bounce(session, uuid.UUID(str(data["message"])), data.get("reason"))
                return JSONResponse({"bounced": found}, status_code=200 if found else 404)
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

"""The web tracking snippet: `GET /t.js` (the script a company site embeds) and `POST /t/pv` (its page views).

A tracked link appends `?rpt=<contact_token(contact)>`; the script keeps that token in localStorage and sends it
with every page view, so the views of a known contact name them. The token is the contact's id and an HMAC of
it (the blind-index key: the same on every worker); a tampered token identifies nobody and the view is recorded
as anonymous. Page views of known contacts enroll them in page-view journeys in the same transaction.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import uuid
from datetime import timedelta
from typing import Any

import orjson
from sqlalchemy import func, select
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from rapport.config import Settings
from rapport.core import clock
from rapport.core.crypto import vault
from rapport.core.db import Database
from rapport.core.ids import uuid7
from rapport.core.web import read_capped
from rapport.customers import service as customers
from rapport.marketing.journeys import audience
from rapport.marketing.journeys.models import PageView
from rapport.marketing.journeys.triggers import page_view_entries

#: The query-string parameter tracked links carry.
TOKEN_PARAMETER = "rpt"  # noqa: S105 (a query parameter name)
MAX_URL = 2048
MAX_BODY = 8192
_PURPOSE = "tracking-contact"


def _mac(contact_id: uuid.UUID) -> bytes:
    return vault().blind.digest(_PURPOSE, str(contact_id))


def contact_token(contact_id: uuid.UUID) -> str:
    """The signed token naming a contact, for tracked links (`?rpt=...`)."""
    return base64.urlsafe_b64encode(contact_id.bytes + _mac(contact_id)).decode().rstrip("=")


def contact_of_token(token: str | None) -> uuid.UUID | None:
    """The contact a token names; None when it is missing, malformed or its signature does not match."""
    if not token or len(token) > 64:
        return None
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    except (binascii.Error, ValueError):
        return None
    if len(raw) != 32:
        return None
    contact_id = uuid.UUID(bytes=raw[:16])
    return contact_id if hmac.compare_digest(raw[16:], _mac(contact_id)) else None


SCRIPT = """(function () {
  var endpoint = %(endpoint)s, store = window.localStorage, key = "rapport_visitor", tokenKey = "rapport_rpt";
  function get(k) { try { return store.getItem(k); } catch (e) { return null; } }
  function set(k, v) { try { store.setItem(k, v); } catch (e) {} }
  var visitor = get(key);
  if (!visitor) {
    visitor = (window.crypto && crypto.randomUUID) ? crypto.randomUUID() : String(Math.random()).slice(2);
    set(key, visitor);
  }
  var params = new URLSearchParams(window.location.search), token = params.get("rpt");
  if (token) {
    set(tokenKey, token);
    // The token names a person: it leaves the address bar, so a shared or bookmarked link does not carry it on.
    params.delete("rpt");
    var rest = params.toString();
    var clean = window.location.pathname + (rest ? "?" + rest : "") + window.location.hash;
    try { history.replaceState(history.state, "", clean); } catch (e) {}
  } else { token = get(tokenKey); }
  var body = JSON.stringify({ url: window.location.href, title: document.title, referrer: document.referrer,
    visitorId: visitor, token: token });
  if (navigator.sendBeacon) { navigator.sendBeacon(endpoint, body); }
  else { fetch(endpoint, { method: "POST", body: body, keepalive: true, mode: "cors" }); }
})();
"""


async def script(request: Request) -> Response:
    """`GET /t.js`: the snippet, posting to this server's /t/pv (at its public address when one is configured:
    the script is cached by shared caches, so it must not echo whatever Host header a request carried)."""
    settings: Settings = request.app.state.settings
    if settings.public_url:
        endpoint = settings.public_url.rstrip("/") + "/t/pv"
    else:
        endpoint = str(request.url_for("tracking_page_view"))
    text = SCRIPT % {"endpoint": orjson.dumps(endpoint).decode()}
    return Response(text, media_type="application/javascript", headers={"cache-control": "public, max-age=3600"})


def _cors(request: Request, settings: Settings) -> dict[str, str]:
    origin = request.headers.get("origin")
    if origin and origin in settings.tracking_origins:
        return {"access-control-allow-origin": origin, "vary": "origin"}
    return {}


def _text(value: Any, limit: int) -> str | None:
    return value[:limit] if isinstance(value, str) and value else None


async def page_view(request: Request) -> Response:
    """`POST /t/pv`: record a page view (204); 403 from a site not configured, 429 past the rate limit."""
    settings: Settings = request.app.state.settings
    db: Database = request.app.state.db
    cors = _cors(request, settings)
    origin = request.headers.get("origin")
    if origin is not None and not cors:
        return Response(status_code=403)
    if request.method == "OPTIONS":
        allow = {"access-control-allow-methods": "POST", "access-control-allow-headers": "content-type"}
        return Response(status_code=204, headers={**cors, **allow, "access-control-max-age": "3600"})
    raw = await read_capped(request, MAX_BODY)
    try:
        body = None if raw is None else orjson.loads(raw)
    except orjson.JSONDecodeError:
        body = None
    url = _text(body.get("url"), MAX_URL) if isinstance(body, dict) else None
    visitor = _text(body.get("visitorId"), 64) if isinstance(body, dict) else None
    if body is None or url is None or visitor is None:
        return Response(status_code=400, headers=cors)
    address = request.client.host if request.client else "unknown"
    now = clock.now()
    async with db.write() as session:
        recent = select(func.count()).where(PageView.address == address, PageView.at > now - timedelta(minutes=1))
        if int(await session.scalar(recent) or 0) >= settings.tracking_per_minute:
            return Response(status_code=429, headers={**cors, "retry-after": "60"})
        contact_id = contact_of_token(body.get("token") if isinstance(body.get("token"), str) else None)
        points = None if contact_id is None else await customers.contact_points(session, contact_id)
        customer_id = None if points is None else points.customer_id
        session.add(
            PageView(
                id=uuid7(),
                at=now,
                url=url,
                title=_text(body.get("title"), 500),
                referrer=_text(body.get("referrer"), MAX_URL),
                visitor_id=visitor,
                contact_id=None if points is None else contact_id,
                customer_id=customer_id,
                address=address[:64],
            )
        )
        if points is not None and customer_id is not None:
            await page_view_entries(session, customer_id, points.contact_id, url, now)
    return Response(status_code=204, headers=cors)


#: The snippet's routes and the audience files (listed in the marketing manifest).
ROUTES = (
    Route("/t.js", script, methods=["GET"], name="tracking_script"),
    Route("/t/pv", page_view, methods=["POST", "OPTIONS"], name="tracking_page_view"),
    Route("/journeys/{id}/audiences/{node}.csv", audience.download, methods=["GET"], name="journey_audience"),
)

"""The public marketing routes are bounded: a provider callback is read only up to a size before its signature is
checked, a webhook id is acted on once, a malformed bounce is a 400; tracked links are rate limited per client
address, and a replay of the same link by the same client records nothing new."""

from __future__ import annotations

import time
from typing import Any

import httpx
import orjson
import pytest
from sqlalchemy import func, select

from rapport.config import Settings
from rapport.core.db import Database
from rapport.integrations.signing import headers, new_secret
from rapport.marketing.campaigns.models import MarketingConsentChange, MarketingEvent, MarketingMessage
from rapport.marketing.tracking.tokens import OPEN, UNSUBSCRIBE, token
from tests.conftest import GraphQLClient
from tests.mail_sink import MailSink
from tests.marketing import world

pytestmark = pytest.mark.usefixtures("demo")

BROWSER = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari"


async def _message(gql: GraphQLClient, db: Database, sink: MailSink, phone: str | None = None) -> Any:
    reader = await world.person(db, "Reader", email="reader@example.com", phone=phone, consent=("email",))
    await gql.login("admin@demo.example")
    await world.no_quiet_hours(gql)
    await gql.login("marketing@demo.example")
    await world.send_now(gql, await world.campaign(gql, await world.segment(db, [reader])))
    await world.run(db, sink.settings)
    async with db.read() as session:
        return (await session.scalars(select(MarketingMessage.id))).one()


async def _count(db: Database, model: Any) -> int:
    async with db.read() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


def _http(settings: Settings, db: Database, **changed: Any) -> httpx.AsyncClient:
    from rapport.app import create_app

    app = create_app(settings.model_copy(update=changed), database=db)
    transport = httpx.ASGITransport(app=app, client=("198.51.100.9", 4000))
    return httpx.AsyncClient(transport=transport, base_url="http://t", headers={"user-agent": BROWSER})


async def test_inbound_calls_are_capped_deduplicated_and_checked(
    gql: GraphQLClient, db: Database, smtp_sink: MailSink, settings: Settings
) -> None:
    message_id = await _message(gql, db, smtp_sink, phone="13800138000")
    secret = new_secret()
    async with _http(settings, db, marketing_inbound_secret=secret) as http:
        huge = b"{" + b" " * 70_000 + b"}"
        assert (await http.post("/m/inbound", content=huge)).status_code == 413  # before any signature check

        def signed(body: bytes, webhook_id: str) -> dict[str, str]:
            return headers(secret, webhook_id, int(time.time()), body)

        for reason in ([1, 2], {"a": 1}, 5, True):
            body = orjson.dumps({"kind": "bounce", "message": str(message_id), "reason": reason})
            assert (await http.post("/m/inbound", content=body, headers=signed(body, f"r-{reason}"))).status_code == 400
        reply = orjson.dumps({"kind": "reply", "channel": "sms", "from": "13800138000", "text": "T"})
        first = await http.post("/m/inbound", content=reply, headers=signed(reply, "w-1"))
        assert first.json() == {"optedOut": 1}
        again = await http.post("/m/inbound", content=reply, headers=signed(reply, "w-1"))
        assert again.status_code == 200 and again.json() == {"duplicate": True}
    assert await _count(db, MarketingConsentChange) == 2  # the web form's email consent, and one opt-out


async def test_tracked_links_are_rate_limited_and_replays_record_nothing(
    gql: GraphQLClient, db: Database, smtp_sink: MailSink, settings: Settings
) -> None:
    message_id = await _message(gql, db, smtp_sink)
    pixel = f"/m/o/{token(settings.secret_key, OPEN, message_id)}.gif"
    unsubscribe = f"/m/u/{token(settings.secret_key, UNSUBSCRIBE, message_id)}"
    before = await _count(db, MarketingEvent)
    async with _http(settings, db, tracking_per_minute=6) as http:
        assert [(await http.get(pixel)).status_code for _ in range(3)] == [200, 200, 200]
        assert [(await http.post(unsubscribe)).status_code for _ in range(3)] == [200, 200, 200]
        limited = await http.get(pixel)
        assert limited.status_code == 429 and limited.headers["retry-after"] == "60"
    assert await _count(db, MarketingEvent) == before + 2  # one open, one unsubscribe
    assert await _count(db, MarketingConsentChange) == 2  # the consent given, and one opt-out

"""SMS through the HTTP-webhook provider against a real local HTTP server: signed, one message per recipient, one
recipient's provider error neither stops nor repeats the others; SMS replies of T opt out, other replies do not."""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import orjson
import pytest
from sqlalchemy import select

from rapport.config import Settings
from rapport.core import clock
from rapport.core.db import Database
from rapport.integrations.signing import headers, new_secret, signature
from rapport.marketing.campaigns.models import MarketingConsent
from tests.conftest import GraphQLClient, free_port
from tests.marketing import world

pytestmark = pytest.mark.usefixtures("demo")

BAD_PHONE = "+8613800000003"


class SmsGateway:
    """A local HTTP server standing in for an SMS provider: it checks signatures and keeps what it was sent."""

    def __init__(self, secret: str) -> None:
        self.secret = secret
        self.received: list[dict[str, Any]] = []
        self.bad_signatures = 0
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["content-length"]))
                stamp = int(self.headers["webhook-timestamp"])
                expected = signature(gateway.secret, self.headers["webhook-id"], stamp, body)
                if self.headers["webhook-signature"] != expected:
                    gateway.bad_signatures += 1
                data = json.loads(body)
                gateway.received.append({**data, "webhook-id": self.headers["webhook-id"]})
                self.send_response(500 if data["to"] == BAD_PHONE else 200)
                self.end_headers()
                self.wfile.write(b"{}")

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/sms"

    def __enter__(self) -> SmsGateway:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *_: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def to(self, phone: str) -> list[dict[str, Any]]:
        """What it received for one phone."""
        return [r for r in self.received if r["to"] == phone]


@pytest.fixture
def gateway() -> Iterator[SmsGateway]:
    with SmsGateway(new_secret()) as running:
        yield running


async def test_one_recipients_provider_error_neither_stops_nor_repeats_the_others(
    gql: GraphQLClient, db: Database, settings: Settings, gateway: SmsGateway
) -> None:
    phones = ["+8613800000001", "+8613800000002", BAD_PHONE, "+8613800000004"]
    people = [await world.person(db, f"S{i}", phone=p, consent=("sms",)) for i, p in enumerate(phones)]
    configured = settings.model_copy(
        update={"marketing_sms_webhook_url": gateway.url, "marketing_sms_webhook_secret": gateway.secret}
    )
    assert (await gql.login("admin@demo.example"))["data"]["login"]["userErrors"] == []
    await world.no_quiet_hours(gql)
    await gql.login("marketing@demo.example")
    campaign_id = await world.campaign(gql, await world.segment(db, people), channels=("SMS",))
    assert (await world.send_now(gql, campaign_id))["userErrors"] == []

    await world.run(db, configured)
    assert gateway.bad_signatures == 0
    for phone in phones:
        assert len(gateway.to(phone)) == 1, phone  # the failure of the third did not stop the fourth
    (first,) = gateway.to(phones[0])
    assert first["text"].startswith("S0，春季特惠") and first["text"].endswith("回复T退订")
    found = (await world.progress(gql, campaign_id))["progress"]
    assert (found["sent"], found["pending"], found["failed"]) == (3, 1, 0)  # the failed one waits for a retry

    for minutes in (10, 30):  # its retries, with the same id; the others are never sent again
        await world.run(db, configured, clock.now() + timedelta(minutes=minutes))
    assert all(len(gateway.to(phone)) == 1 for phone in phones if phone != BAD_PHONE)
    retries = gateway.to(BAD_PHONE)
    assert len(retries) == 3 and len({r["webhook-id"] for r in retries}) == 1
    done = await world.progress(gql, campaign_id)
    assert done["status"] == "DONE" and (done["progress"]["sent"], done["progress"]["failed"]) == (3, 1)


async def _reply(client: httpx.AsyncClient, secret: str, data: dict[str, Any], signed_with: str | None = None) -> Any:
    body = orjson.dumps(data)
    signed = headers(signed_with or secret, f"reply-{uuid.uuid4()}", int(time.time()), body)  # a webhook id per call
    return await client.post("/m/inbound", content=body, headers=signed)


async def test_an_sms_reply_of_t_opts_out_and_an_automatic_reply_does_not(
    db: Database, settings: Settings, gateway: SmsGateway
) -> None:
    from rapport.app import create_app

    secret = new_secret()
    app = create_app(settings.model_copy(update={"marketing_inbound_secret": secret}), database=db)
    person = await world.person(db, "Replier", phone="+8613900001111", consent=("sms",))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        holiday = {"kind": "reply", "channel": "sms", "from": "13900001111", "text": "我正在休假，稍后回复"}
        assert (await _reply(client, secret, holiday)).json() == {"optedOut": 0}
        forged = {"kind": "reply", "channel": "sms", "from": "13900001111", "text": "T"}
        assert (await _reply(client, secret, forged, signed_with=new_secret())).status_code == 401
        async with db.read() as session:
            assert (await session.scalars(select(MarketingConsent.granted))).all() == [True]
        stop = {"kind": "reply", "channel": "sms", "from": "+86 139 0000 1111", "text": " 退订 "}
        assert (await _reply(client, secret, stop)).json() == {"optedOut": 1}
    async with db.read() as session:
        consent = await session.get(MarketingConsent, (person.contact_id, "sms"))
    assert consent is not None and not consent.granted and consent.source == "sms_reply"

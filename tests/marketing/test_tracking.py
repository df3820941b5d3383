"""Tracking of a sent email: the pixel marks it opened, a tracked link records the click and redirects to where the
message pointed, a tampered token answers 404, scanners and too-fast clicks count as machines, not people."""

from __future__ import annotations

import html
import re
import time
from datetime import timedelta
from typing import Any

import httpx
import orjson
import pytest
from sqlalchemy import select

from rapport.config import Settings
from rapport.core import clock
from rapport.core.db import Database
from rapport.integrations.signing import headers, new_secret
from rapport.marketing.campaigns.models import MarketingEvent, MarketingMessage
from rapport.marketing.journeys.tracking import contact_of_token
from rapport.marketing.models import MarketingTouch
from rapport.marketing.tracking.service import engaged
from tests.conftest import GraphQLClient
from tests.mail_sink import MailSink
from tests.marketing import world

pytestmark = pytest.mark.usefixtures("demo")

BROWSER = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari"
SCANNER = "Mozilla/5.0 (compatible; Barracuda Sentinel link protection)"
TARGET = "https://shop.example.com/new"


async def _events(db: Database) -> list[tuple[str, bool]]:
    async with db.read() as session:
        rows = await session.execute(
            select(MarketingEvent.kind, MarketingEvent.machine).order_by(MarketingEvent.at, MarketingEvent.id)
        )
        return [(kind, machine) for kind, machine in rows]


async def test_opens_and_clicks_are_tracked_and_machines_told_apart(
    gql: GraphQLClient, db: Database, smtp_sink: MailSink, client: Any
) -> None:
    reader = await world.person(db, "Reader", email="reader@example.com", consent=("email",))
    await gql.login("admin@demo.example")
    await world.no_quiet_hours(gql)
    await gql.login("marketing@demo.example")
    campaign_id = await world.campaign(gql, await world.segment(db, [reader]))
    await world.send_now(gql, campaign_id)
    await world.run(db, smtp_sink.settings)
    await smtp_sink.deliver()
    await world.run(db, smtp_sink.settings)
    (message,) = smtp_sink.to("reader@example.com")
    body = html.unescape(message.html or "")
    pixel = re.search(r'<img src="http://127\.0\.0\.1:8000(/m/o/[^"]+)"', body)
    click = re.search(r'href="http://127\.0\.0\.1:8000(/m/c/[^"]+)"', body)
    assert pixel and click and TARGET not in message.text.replace("u=https%3A%2F%2Fshop.example.com%2Fnew", "")

    assert (await client.get(pixel.group(1), headers={"user-agent": SCANNER})).status_code == 200
    fast = await client.get(click.group(1), headers={"user-agent": BROWSER})  # within 2 s of delivery
    assert fast.status_code == 302 and fast.headers["location"] == TARGET
    with clock.frozen_at(clock.now() + timedelta(minutes=5)):
        opened = await client.get(pixel.group(1), headers={"user-agent": BROWSER})
        assert opened.status_code == 200 and opened.headers["content-type"] == "image/gif"
        assert (await client.get(click.group(1), headers={"user-agent": BROWSER})).status_code == 302
        assert (await client.get(click.group(1), headers={"user-agent": SCANNER})).status_code == 302

    path, _, query = click.group(1).partition("?")
    elsewhere = await client.get(f"{path}?u=https%3A%2F%2Fevil.example.com%2F", headers={"user-agent": BROWSER})
    assert elsewhere.status_code == 404  # the signature covers the URL: no open redirect
    token = path.removeprefix("/m/c/")
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert (await client.get(f"/m/c/{forged}?{query}")).status_code == 404
    assert (await client.get(f"/m/o/{forged}.gif")).status_code == 404
    assert (await client.get(f"/m/u/{forged}")).status_code == 404

    assert sorted(await _events(db)) == sorted(
        [
            ("delivered", False),
            ("opened", True),
            ("clicked", True),
            ("opened", False),
            ("clicked", False),
            ("clicked", True),
        ]
    )
    found = (await world.progress(gql, campaign_id))["progress"]
    assert (found["opened"], found["humanOpens"], found["clicked"], found["humanClicks"]) == (1, 1, 1, 1)
    # attribution's touches: the delivery and the person's first open and click, never a machine's
    async with db.read() as session:
        touches = (await session.execute(select(MarketingTouch.kind, MarketingTouch.contact_id))).all()
    assert sorted(touches) == sorted(
        (kind, reader.contact_id) for kind in ("message_delivered", "message_opened", "message_clicked")
    )
    # a journey's "opened / clicked?" condition counts the person's, from the time it asks about
    async with db.read() as session:
        assert await engaged(session, reader.contact_id, "opened", clock.now() - timedelta(minutes=1))
        assert await engaged(session, reader.contact_id, "clicked", clock.now() + timedelta(minutes=4))
        assert not await engaged(session, reader.contact_id, "opened", clock.now() + timedelta(minutes=6))


async def test_a_bounce_reported_by_the_provider_marks_the_message_bounced(
    gql: GraphQLClient, db: Database, smtp_sink: MailSink, settings: Settings
) -> None:
    from rapport.app import create_app

    reader = await world.person(db, "Bouncy", email="bouncy@example.com", consent=("email",))
    await gql.login("admin@demo.example")
    await world.no_quiet_hours(gql)
    await gql.login("marketing@demo.example")
    campaign_id = await world.campaign(gql, await world.segment(db, [reader]))
    await world.send_now(gql, campaign_id)
    await world.run(db, smtp_sink.settings)
    async with db.read() as session:
        message_id = (await session.scalars(select(MarketingMessage.id))).one()
    secret = new_secret()
    app = create_app(settings.model_copy(update={"marketing_inbound_secret": secret}), database=db)
    body = orjson.dumps({"kind": "bounce", "message": str(message_id), "reason": "550 mailbox unavailable"})
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as http:
        unsigned = await http.post("/m/inbound", content=body)
        assert unsigned.status_code == 401
        signed = await http.post("/m/inbound", content=body, headers=headers(secret, "b-1", int(time.time()), body))
        assert signed.json() == {"bounced": True}
    found = await world.progress(gql, campaign_id)
    assert (found["progress"]["bounced"], found["progress"]["sent"]) == (1, 0)


async def test_a_click_to_a_tracked_site_names_the_contact_and_other_sites_never_see_it(
    gql: GraphQLClient, db: Database, smtp_sink: MailSink, settings: Settings
) -> None:
    from rapport.app import create_app

    reader = await world.person(db, "Visitor", email="visitor@example.com", consent=("email",))
    await gql.login("admin@demo.example")
    await world.no_quiet_hours(gql)
    await gql.login("marketing@demo.example")
    campaign_id = await world.campaign(gql, await world.segment(db, [reader]))
    await world.send_now(gql, campaign_id)
    await world.run(db, smtp_sink.settings)
    await smtp_sink.deliver()
    (message,) = smtp_sink.to("visitor@example.com")
    click = re.search(r'href="http://127\.0\.0\.1:8000(/m/c/[^"]+)"', html.unescape(message.html or ""))
    assert click
    for origins, named in ((["https://shop.example.com"], True), (["https://other.example.com"], False)):
        app = create_app(settings.model_copy(update={"tracking_origins": origins}), database=db)
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as http:
            with clock.frozen_at(clock.now() + timedelta(minutes=5)):
                answer = await http.get(click.group(1), headers={"user-agent": BROWSER})
        assert answer.status_code == 302
        target = httpx.URL(answer.headers["location"])
        assert str(target.copy_remove_param("rpt")) == TARGET
        token = target.params.get("rpt")
        assert (contact_of_token(token) == reader.contact_id) if named else token is None

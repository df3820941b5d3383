"""Quiet hours in the recipient's time zone: a contact's own zone (else the settings' one) decides whether a message
goes now or waits for their morning, and an email still in the outbox when their quiet hours begin waits too."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any

import pytest
from sqlalchemy import select, update

from rapport.core import clock
from rapport.core.db import Database
from rapport.core.mail.models import OutboundEmail
from rapport.customers.models import Contact
from rapport.graphql.node import to_global_id
from rapport.marketing.campaigns.models import MarketingMessage
from rapport.marketing.consent.service import settings_of
from rapport.marketing.sending.job import check_recipient
from tests.conftest import GraphQLClient
from tests.mail_sink import MailSink
from tests.marketing import world

pytestmark = pytest.mark.usefixtures("demo")

CONTACT = """mutation($i: ContactUpdateInput!) { contactUpdate(input: $i) {
  contact { timeZone version } userErrors { field code } } }"""


def _day() -> datetime:
    """Midnight UTC two days from now: later than any row the test writes with the real clock."""
    return datetime.combine((clock.now() + timedelta(days=2)).date(), datetime.min.time(), UTC)


async def _quiet_hours(gql: GraphQLClient) -> None:
    """Quiet hours 21:00-08:00, the settings' zone Asia/Shanghai."""
    await gql.login("admin@demo.example")
    version = (await gql("{ marketingSettings { version } }"))["data"]["marketingSettings"]["version"]
    quiet = {"version": version, "quietStart": "21:00", "quietEnd": "08:00", "timeZone": "Asia/Shanghai"}
    assert (await gql(world.SETTINGS, {"i": quiet}))["data"]["marketingSettingsSet"]["userErrors"] == []


async def _zone(db: Database, person: world.Person, zone: str | None) -> None:
    async with db.write() as session:
        await session.execute(update(Contact).where(Contact.id == person.contact_id).values(time_zone=zone))


async def _start(gql: GraphQLClient, db: Database, people: list[world.Person]) -> None:
    await gql.login("marketing@demo.example")
    campaign_id = await world.campaign(gql, await world.segment(db, people))
    assert (await world.send_now(gql, campaign_id))["userErrors"] == []


async def _row(db: Database, person: world.Person) -> Any:
    async with db.read() as session:
        return (
            await session.execute(
                select(MarketingMessage.status, MarketingMessage.next_attempt_at).where(
                    MarketingMessage.contact_id == person.contact_id
                )
            )
        ).one()


async def test_the_same_campaign_at_the_same_instant_waits_for_each_contacts_own_night(
    gql: GraphQLClient, db: Database, smtp_sink: MailSink
) -> None:
    shanghai = await world.person(db, "Shanghai", email="sh@example.com", consent=("email",))
    angeles = await world.person(db, "Angeles", email="la@example.com", consent=("email",))
    default = await world.person(db, "Default", email="default@example.com", consent=("email",))
    await _zone(db, shanghai, "Asia/Shanghai")
    await _zone(db, angeles, "America/Los_Angeles")
    await _quiet_hours(gql)
    await _start(gql, db, [shanghai, angeles, default])
    # 06:00 UTC: 14:00 in Shanghai (the default zone too), 22:00 the evening before in Los Angeles.
    at = _day() + timedelta(hours=6)
    await world.run(db, smtp_sink.settings, at)
    await smtp_sink.deliver(at)
    assert len(smtp_sink.to("sh@example.com")) == 1 and len(smtp_sink.to("default@example.com")) == 1
    assert smtp_sink.to("la@example.com") == []
    # Deferred to 08:00 in Los Angeles: 16:00 UTC.
    assert tuple(await _row(db, angeles)) == ("pending", at + timedelta(hours=10))
    await world.run(db, smtp_sink.settings, at + timedelta(hours=9, minutes=59))
    await smtp_sink.deliver(at + timedelta(hours=9, minutes=59))
    assert smtp_sink.to("la@example.com") == []
    await world.run(db, smtp_sink.settings, at + timedelta(hours=10))
    await smtp_sink.deliver(at + timedelta(hours=10))
    assert len(smtp_sink.to("la@example.com")) == 1
    assert len(smtp_sink.messages) == 3


async def test_the_settings_zone_holds_a_contact_without_one(
    gql: GraphQLClient, db: Database, smtp_sink: MailSink
) -> None:
    nobody = await world.person(db, "Nobody", email="nobody@example.com", consent=("email",))
    angeles = await world.person(db, "Angeles", email="la2@example.com", consent=("email",))
    await _zone(db, angeles, "America/Los_Angeles")
    await _quiet_hours(gql)
    await _start(gql, db, [nobody, angeles])
    # 18:00 UTC: 02:00 in Shanghai (the settings' zone), 10:00 in Los Angeles.
    at = _day() + timedelta(hours=18)
    await world.run(db, smtp_sink.settings, at)
    await smtp_sink.deliver(at)
    assert len(smtp_sink.to("la2@example.com")) == 1 and smtp_sink.to("nobody@example.com") == []
    assert tuple(await _row(db, nobody)) == ("pending", _day() + timedelta(days=1))  # 08:00 in Shanghai


async def test_a_zone_postgresql_does_not_know_falls_back_to_the_settings_zone(
    gql: GraphQLClient, db: Database, smtp_sink: MailSink
) -> None:
    """A zone written around the API's check (or one the server's tz data lacks) does not stop the batch: its
    contact's quiet hours are the settings' zone's, and everyone else's message goes out."""
    odd = await world.person(db, "Odd", email="odd@example.com", consent=("email",))
    angeles = await world.person(db, "Angeles", email="la3@example.com", consent=("email",))
    await _zone(db, odd, "Mars/Olympus")
    await _zone(db, angeles, "America/Los_Angeles")
    await _quiet_hours(gql)
    await _start(gql, db, [odd, angeles])
    at = _day() + timedelta(hours=18)  # 02:00 in Shanghai (the settings' zone), 10:00 in Los Angeles
    await world.run(db, smtp_sink.settings, at)
    await smtp_sink.deliver(at)
    assert len(smtp_sink.to("la3@example.com")) == 1 and smtp_sink.to("odd@example.com") == []
    assert tuple(await _row(db, odd)) == ("pending", _day() + timedelta(days=1))  # 08:00 in Shanghai


async def test_an_email_still_queued_when_quiet_hours_begin_waits_until_they_end(
    gql: GraphQLClient, db: Database, smtp_sink: MailSink
) -> None:
    late = await world.person(db, "Late", email="late@example.com", consent=("email",))
    await _zone(db, late, "Asia/Shanghai")
    await _quiet_hours(gql)
    await _start(gql, db, [late])
    at = _day() + timedelta(hours=12, minutes=50)  # 20:50 in Shanghai: queued before the quiet hours
    await world.run(db, smtp_sink.settings, at)
    async with db.read() as session:
        queued = (
            await session.scalars(select(OutboundEmail).where(OutboundEmail.recipient_id == late.contact_id))
        ).one()
    assert (queued.hold_from, queued.hold_until) == (_day() + timedelta(hours=13), _day() + timedelta(hours=24))
    inside = _day() + timedelta(hours=13, minutes=30)  # 21:30 in Shanghai: the outbox has not delivered it yet
    assert await smtp_sink.deliver(inside) == {"sent": 0, "retry": 0, "failed": 0, "held": 1}
    assert smtp_sink.to("late@example.com") == []
    async with db.read() as session:
        again = await session.get(OutboundEmail, queued.id)
        assert again is not None and again.status == "queued" and again.next_attempt_at == queued.hold_until
    assert (await smtp_sink.deliver(inside + timedelta(hours=10)))["sent"] == 0  # 07:30 the next morning
    assert (await smtp_sink.deliver(_day() + timedelta(hours=24)))["sent"] == 1
    assert len(smtp_sink.to("late@example.com")) == 1


@pytest.mark.parametrize("zone", ["Mars/Olympus", "../../etc/passwd", "asia/shanghai", "Local"])
async def test_an_unknown_time_zone_is_refused_naming_the_field(gql: GraphQLClient, db: Database, zone: str) -> None:
    person = await world.person(db, "Zoned", email="zoned@example.com")
    await gql.login("admin@demo.example")
    refused = (await gql(CONTACT, {"i": {"id": person.contact_gid, "version": 1, "timeZone": zone}}))["data"]
    assert refused["contactUpdate"]["userErrors"] == [{"field": "timeZone", "code": "BAD_USER_INPUT"}]
    accepted = await gql(CONTACT, {"i": {"id": person.contact_gid, "version": 1, "timeZone": "America/Los_Angeles"}})
    assert accepted["data"]["contactUpdate"] == {
        "contact": {"timeZone": "America/Los_Angeles", "version": 2},
        "userErrors": [],
    }
    cleared = await gql(CONTACT, {"i": {"id": person.contact_gid, "version": 2, "timeZone": None}})
    assert cleared["data"]["contactUpdate"]["contact"] == {"timeZone": None, "version": 3}


async def test_a_contact_is_created_with_a_time_zone_and_a_bad_one_is_refused(gql: GraphQLClient, db: Database) -> None:
    person = await world.person(db, "Owner", email="owner@example.com")
    await gql.login("admin@demo.example")
    create = """mutation($i: ContactCreateInput!) { contactCreate(input: $i) {
      contact { timeZone } userErrors { field code } } }"""
    customer = to_global_id("Customer", person.customer_id)
    made = await gql(create, {"i": {"customerId": customer, "name": "Zed", "timeZone": "Europe/Berlin"}})
    assert made["data"]["contactCreate"] == {"contact": {"timeZone": "Europe/Berlin"}, "userErrors": []}
    bad = await gql(create, {"i": {"customerId": customer, "name": "Zed", "timeZone": "Berlin"}})
    assert bad["data"]["contactCreate"]["userErrors"] == [{"field": "timeZone", "code": "BAD_USER_INPUT"}]


async def test_an_sms_row_is_checked_in_its_contacts_zone(db: Database) -> None:
    shanghai = await world.person(db, "SmsSh", phone="+8613900002222", consent=("sms",))
    angeles = await world.person(db, "SmsLa", phone="+8613900003333", consent=("sms",))
    await _zone(db, shanghai, "Asia/Shanghai")
    await _zone(db, angeles, "America/Los_Angeles")
    at = _day() + timedelta(hours=6)  # 14:00 in Shanghai, 22:00 in Los Angeles
    async with db.sessions() as session:  # rolled back: the settings change is this test's only
        setting = await settings_of(session)
        setting.quiet_start, setting.quiet_end, setting.time_zone = time(21), time(8), "Asia/Shanghai"
        found = {}
        for person in (shanghai, angeles):
            row = MarketingMessage(contact_id=person.contact_id, channel="sms", next_attempt_at=at)
            recipient, reason = await check_recipient(session, row, setting, at)
            found[person.contact_id] = (recipient is not None, reason, row.next_attempt_at)
    assert found == {
        shanghai.contact_id: (True, None, at),
        angeles.contact_id: (False, "deferred", at + timedelta(hours=10)),
    }

"""Consent, suppression, frequency cap, quiet hours and approval decide what a campaign sends: real PostgreSQL, the
real send job, the real outbox delivered over SMTP to the test sink."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, update

from rapport.config import Settings
from rapport.core import clock
from rapport.core.db import Database
from rapport.marketing.campaigns.models import Campaign
from rapport.marketing.sending import ledger
from tests.conftest import GraphQLClient
from tests.mail_sink import MailSink
from tests.marketing import world

pytestmark = pytest.mark.usefixtures("demo")

SUPPRESS = (
    "mutation($i: SuppressionAddInput!) { suppressionAdd(input: $i) { suppression { masked } userErrors { message } } }"
)
CONSENT = """mutation($i: ContactConsentSetInput!) { contactConsentSet(input: $i) {
  consents { channel granted source } userErrors { field message } } }"""
LEDGER = """query($id: ID!) { contactMarketingLedger(contactId: $id) { campaign { name } channel status skipReason
  address sentAt events { kind machine } } }"""
SCHEDULE = """mutation($i: CampaignScheduleInput!) { campaignSchedule(input: $i) {
  campaign { status audienceSize } userErrors { field message code } } }"""
APPROVE = (
    "mutation($i: CampaignInput!) { campaignApprove(input: $i) { campaign { approvedAt } userErrors { message } } }"
)


async def _as(gql: GraphQLClient, email: str) -> None:
    assert (await gql.login(email))["data"]["login"]["userErrors"] == []


async def _send(gql: GraphQLClient, db: Database, sink: MailSink, people: list[world.Person], name: str) -> str:
    campaign_id = await world.campaign(gql, await world.segment(db, people), name=name)
    payload = await world.send_now(gql, campaign_id)
    assert payload["userErrors"] == [], payload
    await world.run(db, sink.settings)
    await sink.deliver()
    await world.run(db, sink.settings)  # reads the outbox's deliveries back
    return campaign_id


async def test_nothing_is_sent_without_consent_and_every_skip_has_its_reason(
    gql: GraphQLClient, db: Database, smtp_sink: MailSink
) -> None:
    agreed = await world.person(db, "Agreed", email="agreed@example.com", consent=("email",))
    never = await world.person(db, "Never", email="never@example.com")
    left = await world.person(db, "Left", email="left@example.com", consent=("email",))
    barred = await world.person(db, "Barred", email="barred@example.com", consent=("email",))
    sms_only = await world.person(db, "SmsOnly", email="smsonly@example.com", consent=("sms",))
    await _as(gql, "admin@demo.example")
    await world.no_quiet_hours(gql)
    await _as(gql, "marketing@demo.example")
    opted_out = {"contactId": left.contact_gid, "channel": "EMAIL", "granted": False, "source": "phone_call"}
    assert (await gql(CONSENT, {"i": opted_out}))["data"]["contactConsentSet"]["userErrors"] == []
    added = (await gql(SUPPRESS, {"i": {"address": "Barred@Example.com", "reason": "complaint"}}))["data"]
    assert added["suppressionAdd"]["suppression"]["masked"] == "b***@example.com"

    campaign_id = await _send(gql, db, smtp_sink, [agreed, never, left, barred, sms_only], "Consent")

    assert [m.to for m in smtp_sink.messages] == [["agreed@example.com"]]
    found = await world.progress(gql, campaign_id)
    assert found["status"] == "DONE"
    assert found["progress"]["total"] == 5 and found["progress"]["sent"] == 1 and found["progress"]["skipped"] == 4
    reasons = {r["reason"]: r["count"] for r in found["progress"]["skippedByReason"]}
    assert reasons == {"no_consent": 2, "opted_out": 1, "suppressed": 1}
    ledger = (await gql(LEDGER, {"id": never.contact_gid}))["data"]["contactMarketingLedger"]
    assert [(e["status"], e["skipReason"], e["sentAt"]) for e in ledger] == [("skipped", "no_consent", None)]
    sent = (await gql(LEDGER, {"id": agreed.contact_gid}))["data"]["contactMarketingLedger"]
    assert sent[0]["status"] == "sent" and sent[0]["address"] == "a***@example.com"
    assert [e["kind"] for e in sent[0]["events"]] == ["delivered"]


async def test_the_unsubscribe_link_stops_the_next_campaign_and_resubscribing_works(
    gql: GraphQLClient, db: Database, smtp_sink: MailSink, client: Any
) -> None:
    reader = await world.person(db, "Reader", email="reader@example.com", consent=("email",))
    await _as(gql, "admin@demo.example")
    await world.no_quiet_hours(gql)
    await _as(gql, "marketing@demo.example")
    await _send(gql, db, smtp_sink, [reader], "First")
    (message,) = smtp_sink.to("reader@example.com")
    header = message.headers["List-Unsubscribe"]
    assert message.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = header.strip().strip("<>")
    assert link in message.text and link in (message.html or "")
    assert "您好 Reader" in message.text and message.subject == "Reader Co 专享"
    path = link.removeprefix("http://127.0.0.1:8000")
    page = await client.get(path)
    assert page.status_code == 200 and "确认退订" in page.text  # the message's language
    one_click = await client.post(path, content="List-Unsubscribe=One-Click")
    assert one_click.status_code == 200 and "您已退订" in one_click.text

    second = await _send(gql, db, smtp_sink, [reader], "Second")
    assert len(smtp_sink.to("reader@example.com")) == 1
    reasons = (await world.progress(gql, second))["progress"]["skippedByReason"]
    assert reasons == [{"reason": "opted_out", "count": 1}]

    again = {"contactId": reader.contact_gid, "channel": "EMAIL", "granted": True, "source": "web_form"}
    refused = await gql(CONSENT, {"i": again})  # a marketer cannot opt the contact in over their own opt-out
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN" and refused["data"] is None
    await _as(gql, "mktmanager@demo.example")  # a manager can, with the evidence as the source
    consents = (await gql(CONSENT, {"i": again}))["data"]["contactConsentSet"]["consents"]
    assert consents == [{"channel": "EMAIL", "granted": True, "source": "web_form"}]
    await _as(gql, "marketing@demo.example")
    await _send(gql, db, smtp_sink, [reader], "Third")
    assert len(smtp_sink.to("reader@example.com")) == 2


async def test_the_frequency_cap_skips_a_contact_who_had_enough(
    gql: GraphQLClient, db: Database, smtp_sink: MailSink
) -> None:
    busy = await world.person(db, "Busy", email="busy@example.com", consent=("email",))
    await _as(gql, "admin@demo.example")
    await world.no_quiet_hours(gql, frequencyCapCount=1, frequencyCapDays=7)
    await _as(gql, "marketing@demo.example")
    await _send(gql, db, smtp_sink, [busy], "One")
    second = await _send(gql, db, smtp_sink, [busy], "Two")
    assert len(smtp_sink.to("busy@example.com")) == 1
    assert (await world.progress(gql, second))["progress"]["skippedByReason"] == [
        {"reason": "frequency_cap", "count": 1}
    ]


async def test_messages_due_in_quiet_hours_wait_until_they_end(
    gql: GraphQLClient, db: Database, smtp_sink: MailSink
) -> None:
    night = await world.person(db, "Night", email="night@example.com", consent=("email",))
    local = clock.now().astimezone(ZoneInfo("Asia/Shanghai"))
    start, end = (local - timedelta(hours=1)).strftime("%H:%M"), (local + timedelta(hours=1)).strftime("%H:%M")
    await _as(gql, "admin@demo.example")
    version = (await gql("{ marketingSettings { version } }"))["data"]["marketingSettings"]["version"]
    quiet = {"version": version, "quietStart": start, "quietEnd": end, "timeZone": "Asia/Shanghai"}
    result = await gql(world.SETTINGS, {"i": quiet})
    assert result["data"]["marketingSettingsSet"]["userErrors"] == []
    await _as(gql, "marketing@demo.example")
    campaign_id = await _send(gql, db, smtp_sink, [night], "Night")
    assert smtp_sink.messages == []
    found = await world.progress(gql, campaign_id)
    assert found["status"] == "SENDING" and found["progress"]["pending"] == 1
    await world.run(db, smtp_sink.settings, clock.now() + timedelta(hours=1, minutes=5))
    await smtp_sink.deliver()
    assert len(smtp_sink.to("night@example.com")) == 1


async def test_a_large_audience_needs_a_managers_approval(gql: GraphQLClient, db: Database, settings: Settings) -> None:
    people = [await world.person(db, f"P{i}", email=f"p{i}@example.com", consent=("email",)) for i in range(3)]
    await _as(gql, "mktmanager@demo.example")
    await world.no_quiet_hours(gql, approvalThreshold=2)
    await _as(gql, "marketing@demo.example")
    campaign_id = await world.campaign(gql, await world.segment(db, people))
    refused = (await gql(SCHEDULE, {"i": {"campaignId": campaign_id}}))["data"]["campaignSchedule"]
    assert refused["campaign"] is None and refused["userErrors"][0]["code"] == "APPROVAL_REQUIRED"
    forbidden = await gql(APPROVE, {"i": {"campaignId": campaign_id}})
    assert forbidden["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    await _as(gql, "mktmanager@demo.example")
    assert (await gql(APPROVE, {"i": {"campaignId": campaign_id}}))["data"]["campaignApprove"]["userErrors"] == []
    await _as(gql, "marketing@demo.example")
    scheduled = (await gql(SCHEDULE, {"i": {"campaignId": campaign_id}}))["data"]["campaignSchedule"]
    assert scheduled["userErrors"] == [] and scheduled["campaign"] == {"status": "SCHEDULED", "audienceSize": 3}


async def test_writing_a_campaigns_recipients_again_sends_nobody_twice(
    gql: GraphQLClient, db: Database, smtp_sink: MailSink
) -> None:
    once = await world.person(db, "Once", email="once@example.com", consent=("email",))
    await _as(gql, "admin@demo.example")
    await world.no_quiet_hours(gql)
    await _as(gql, "marketing@demo.example")
    await _send(gql, db, smtp_sink, [once], "Once")
    async with db.write() as session:  # as if the contact left and re-entered the audience, and it was read again
        campaign = (await session.scalars(select(Campaign))).one()
        assert await ledger.write_recipients(session, campaign, clock.now()) == 0
        await session.execute(update(Campaign).values(status="sending", prepared_at=None))
    await world.run(db, smtp_sink.settings)
    await smtp_sink.deliver()
    assert len(smtp_sink.to("once@example.com")) == 1

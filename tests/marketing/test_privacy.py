"""A data subject's marketing rows: touches, page views and journey enrollments are in their export, anonymised by
their erasure, and follow a customer merge and a contact merge (the more advanced of two enrollments stays)."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from rapport.core import clock
from rapport.core.db import Database
from rapport.core.ids import uuid7
from rapport.graphql.node import to_global_id
from rapport.marketing.campaigns.models import MarketingConsent, MarketingMessage
from rapport.marketing.journeys.models import Journey, JourneyEnrollment, JourneyStepRun, PageView
from rapport.marketing.models import MarketingTouch
from tests import factories
from tests.conftest import GraphQLClient
from tests.mail_sink import MailSink
from tests.marketing import world

pytestmark = pytest.mark.usefixtures("demo")

EXPORT = "query($id: ID!) { dataSubjectExport(customerId: $id) }"
ERASE = """mutation($i: DataSubjectEraseInput!) { dataSubjectErase(input: $i) {
  other { kind count } userErrors { message } } }"""
MERGE = "mutation($i: CustomerMergeInput!) { customerMerge(input: $i) { moved { kind count } userErrors { field } } }"


async def _journey(db: Database) -> uuid.UUID:
    owner = await factories.principal(db, "marketing@demo.example")
    async with db.write() as session:
        row = Journey(
            id=uuid7(), name="Welcome", status="active", graph={"nodes": [], "edges": []}, allow_reentry=False,
            owner_id=owner.user_id, team_id=owner.team_id, created_at=clock.now(), updated_at=clock.now(),
        )  # fmt: skip
        session.add(row)
    return row.id


async def _footprint(db: Database, person: world.Person, journey_id: uuid.UUID, steps: int, visitor: str) -> uuid.UUID:
    """A touch, a page view and an enrollment (with `steps` steps done) of the person; the enrollment's id."""
    now = clock.now()
    async with db.write() as session:
        session.add(
            MarketingTouch(
                id=uuid7(), customer_id=person.customer_id, contact_id=person.contact_id, at=now,
                kind="utm_visit", channel="web", source="newsletter",
            )
        )  # fmt: skip
        session.add(
            PageView(
                id=uuid7(), at=now, url=f"https://shop.example.com/{visitor}", title="Shop", referrer=None,
                visitor_id=visitor, contact_id=person.contact_id, customer_id=person.customer_id, address="203.0.113.9",
            )
        )  # fmt: skip
        enrollment = JourneyEnrollment(
            id=uuid7(), journey_id=journey_id, customer_id=person.customer_id, contact_id=person.contact_id,
            generation=1, status="waiting", current_node=f"n{steps}", next_run_at=now + timedelta(days=1),
            entered_at=now, stepped_at=now,
        )  # fmt: skip
        session.add(enrollment)
        await session.flush()
        for step in range(steps):
            session.add(
                JourneyStepRun(
                    id=uuid7(), enrollment_id=enrollment.id, journey_id=journey_id, node_id=f"n{step}",
                    status="done", outcome={"answer": "secret"}, started_at=now, finished_at=now,
                )
            )  # fmt: skip
    return enrollment.id


async def _rows(db: Database, model: Any, *where: Any) -> list[Any]:
    async with db.read() as session:
        return list((await session.scalars(select(model).where(*where))).all())


async def test_an_export_holds_the_touches_page_views_and_enrollments_and_no_one_elses(
    gql: GraphQLClient, db: Database
) -> None:
    journey_id = await _journey(db)
    subject = await world.person(db, "Subject", email="subject@example.com")
    other = await world.person(db, "Other", email="other@example.com")
    await _footprint(db, subject, journey_id, 2, "v-subject")
    await _footprint(db, other, journey_id, 1, "v-other")
    await gql.login("admin@demo.example")
    data = (await gql(EXPORT, {"id": to_global_id("Customer", subject.customer_id)}))["data"]["dataSubjectExport"]
    assert [row["source"] for row in data["marketingTouches"]] == ["newsletter"]
    assert [(row["url"], row["address"]) for row in data["pageViews"]] == [
        ("https://shop.example.com/v-subject", "203.0.113.9")
    ]
    [enrollment] = data["journeyEnrollments"]
    assert enrollment["contact_id"] == str(subject.contact_id)
    assert sorted(step["node"] for step in enrollment["steps"]) == ["n0", "n1"]


async def test_an_erasure_deletes_page_views_and_detaches_touches_and_enrollments(
    gql: GraphQLClient, db: Database
) -> None:
    journey_id = await _journey(db)
    subject = await world.person(db, "Subject", email="subject@example.com")
    other = await world.person(db, "Other", email="other@example.com")
    mine = await _footprint(db, subject, journey_id, 2, "v-subject")
    theirs = await _footprint(db, other, journey_id, 1, "v-other")
    async with db.write() as session:  # the same browser before it was known
        session.add(
            PageView(
                id=uuid7(), at=clock.now(), url="https://shop.example.com/anonymous", visitor_id="v-subject",
                address="203.0.113.9",
            )
        )  # fmt: skip
    await gql.login("admin@demo.example")
    erased = await gql(
        ERASE, {"i": {"customerId": to_global_id("Customer", subject.customer_id), "confirmName": "Subject Co"}}
    )
    payload = erased["data"]["dataSubjectErase"]
    assert payload["userErrors"] == [], erased
    counts = {row["kind"]: row["count"] for row in payload["other"]}
    assert (counts["pageViews"], counts["marketingTouches"], counts["journeyEnrollments"]) == (2, 1, 1)
    assert [view.visitor_id for view in await _rows(db, PageView)] == ["v-other"]
    touches = await _rows(db, MarketingTouch, MarketingTouch.customer_id == subject.customer_id)
    assert [touch.contact_id for touch in touches] == [None]
    [enrollment] = await _rows(db, JourneyEnrollment, JourneyEnrollment.id == mine)
    assert (enrollment.status, enrollment.contact_id, enrollment.next_run_at) == ("exited", None, None)
    outcomes = {run.enrollment_id: run.outcome for run in await _rows(db, JourneyStepRun)}
    assert outcomes == {mine: {}, theirs: {"answer": "secret"}}


@pytest.mark.parametrize("advanced", ["survivor", "merged"])
async def test_a_merge_moves_page_views_and_keeps_the_more_advanced_enrollment(
    gql: GraphQLClient, db: Database, advanced: str
) -> None:
    journey_id = await _journey(db)
    survivor = await world.person(db, "Same", email="same@example.com")
    merged = await world.person(db, "Same", email="same@example.com")
    kept_steps, merged_steps = (3, 1) if advanced == "survivor" else (1, 3)
    survivor_enrollment = await _footprint(db, survivor, journey_id, kept_steps, "v-a")
    merged_enrollment = await _footprint(db, merged, journey_id, merged_steps, "v-b")
    await gql.login("admin@demo.example")
    ids = {
        "survivorId": to_global_id("Customer", survivor.customer_id),
        "mergedId": to_global_id("Customer", merged.customer_id),
    }
    payload = (await gql(MERGE, {"i": ids}))["data"]["customerMerge"]
    assert payload["userErrors"] == [], payload
    moved = {m["kind"]: m["count"] for m in payload["moved"]}
    assert moved["page_views"] == 1 and moved["contacts_merged"] == 1
    # The contacts became one: every row points at the survivor's contact.
    views = await _rows(db, PageView)
    assert {(view.customer_id, view.contact_id) for view in views} == {(survivor.customer_id, survivor.contact_id)}
    assert len(views) == 2
    touches = await _rows(db, MarketingTouch)
    assert {touch.contact_id for touch in touches} == {survivor.contact_id}
    [enrollment] = await _rows(db, JourneyEnrollment)
    assert enrollment.id == (survivor_enrollment if advanced == "survivor" else merged_enrollment)
    assert (enrollment.customer_id, enrollment.contact_id) == (survivor.customer_id, survivor.contact_id)
    assert enrollment.current_node == "n3"


async def test_an_export_holds_consents_with_their_history_and_the_send_ledger_and_an_erasure_keeps_consent(
    gql: GraphQLClient, db: Database, smtp_sink: MailSink
) -> None:
    subject = await world.person(db, "Subject", email="subject@example.com", consent=("email",))
    other = await world.person(db, "Other", email="other@example.com", consent=("email",))
    await gql.login("admin@demo.example")
    await world.no_quiet_hours(gql)  # the send happens whatever the hour the test runs at (not deferred to morning)
    await gql.login("marketing@demo.example")
    campaign_id = await world.campaign(gql, await world.segment(db, [subject, other]))
    assert (await world.send_now(gql, campaign_id))["userErrors"] == []
    await world.run(db, smtp_sink.settings, clock.now())
    await gql.login("admin@demo.example")
    subject_id = to_global_id("Customer", subject.customer_id)
    data = (await gql(EXPORT, {"id": subject_id}))["data"]["dataSubjectExport"]
    [consent] = data["marketingConsents"]
    assert (consent["contact_id"], consent["channel"], consent["granted"]) == (str(subject.contact_id), "email", True)
    assert isinstance(consent["changes"], list)
    [message] = data["marketingMessages"]
    assert (message["contact_id"], message["channel"]) == (str(subject.contact_id), "email")
    assert message["address_masked"] and message["status"] in ("sent", "queued")

    erased = await gql(ERASE, {"i": {"customerId": subject_id, "confirmName": "Subject Co"}})
    assert erased["data"]["dataSubjectErase"]["userErrors"] == [], erased
    async with db.read() as session:
        consents = (await session.scalars(select(MarketingConsent))).all()
        messages = {row.contact_id: row for row in (await session.scalars(select(MarketingMessage))).all()}
    assert {row.contact_id for row in consents} >= {subject.contact_id, other.contact_id}  # consent is proof: kept
    assert messages[subject.contact_id].address_masked is None and messages[subject.contact_id].content is None
    assert messages[other.contact_id].address_masked is not None  # nobody else's


async def test_after_a_merge_the_survivors_export_and_erasure_reach_the_merged_customers_send_ledger(
    gql: GraphQLClient, db: Database, smtp_sink: MailSink
) -> None:
    survivor = await world.person(db, "Same", email="same@example.com", consent=("email",))
    merged = await world.person(db, "Same", email="merged@example.com", consent=("email",))
    await gql.login("marketing@demo.example")
    campaign_id = await world.campaign(gql, await world.segment(db, [merged]))
    assert (await world.send_now(gql, campaign_id))["userErrors"] == []
    await world.run(db, smtp_sink.settings, clock.now())
    await gql.login("admin@demo.example")
    ids = {
        "survivorId": to_global_id("Customer", survivor.customer_id),
        "mergedId": to_global_id("Customer", merged.customer_id),
    }
    payload = (await gql(MERGE, {"i": ids}))["data"]["customerMerge"]
    assert payload["userErrors"] == [], payload
    assert {m["kind"]: m["count"] for m in payload["moved"]}["marketing_messages"] == 1
    data = (await gql(EXPORT, {"id": ids["survivorId"]}))["data"]["dataSubjectExport"]
    assert len(data["marketingMessages"]) == 1
    erased = await gql(ERASE, {"i": {"customerId": ids["survivorId"], "confirmName": "Same Co"}})
    assert erased["data"]["dataSubjectErase"]["userErrors"] == [], erased
    [message] = await _rows(db, MarketingMessage)
    assert (message.customer_id, message.address_masked) == (survivor.customer_id, None)


async def test_an_erasure_leaves_another_known_persons_page_views_from_the_same_browser(
    gql: GraphQLClient, db: Database
) -> None:
    journey_id = await _journey(db)
    subject = await world.person(db, "Subject", email="subject@example.com")
    sibling = await world.person(db, "Sibling", email="sibling@example.com")
    await _footprint(db, subject, journey_id, 0, "family-pc")
    await _footprint(db, sibling, journey_id, 0, "family-pc")  # the same browser, another known person
    await gql.login("admin@demo.example")
    erased = await gql(
        ERASE, {"i": {"customerId": to_global_id("Customer", subject.customer_id), "confirmName": "Subject Co"}}
    )
    assert erased["data"]["dataSubjectErase"]["userErrors"] == [], erased
    assert [view.customer_id for view in await _rows(db, PageView)] == [sibling.customer_id]

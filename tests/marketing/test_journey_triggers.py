"""Triggers: events of the domain event log enroll each customer once; re-entering a segment enrolls again only
when the journey allows re-entry."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import delete, select

from rapport.core.db import Database
from rapport.customers.service import create_order, tag_customer
from rapport.marketing.journeys.executor import run_due
from rapport.marketing.journeys.models import JourneyEnrollment
from rapport.marketing.journeys.triggers import event_entries, segment_entries
from rapport.marketing.models import SegmentMember
from rapport.marketing.segments import service as segments
from tests import factories
from tests.marketing.journey_world import (
    T0,
    active_journey,
    builder,
    customers_with_contacts,
    edge,
    node,
    segment_trigger,
    static_segment,
)


def _graph(trigger: dict[str, Any]) -> dict[str, Any]:
    return {
        "nodes": [node("start", "trigger", **trigger), node("tag", "tag_add", tags=["t"])],
        "edges": [edge("start", "tag")],
    }


async def _enrollments(db: Database) -> list[tuple[Any, int, str]]:
    async with db.read() as session:
        rows = await session.execute(
            select(JourneyEnrollment.customer_id, JourneyEnrollment.generation, JourneyEnrollment.status).order_by(
                JourneyEnrollment.generation
            )
        )
        return [(r[0], r[1], r[2]) for r in rows]


async def test_an_order_placed_enrolls_its_customer_once(db: Database, demo: dict[str, Any]) -> None:
    (customer,) = await customers_with_contacts(db, 1, prefix="Buyer")
    await active_journey(db, _graph({"kind": "event", "event": "order.placed"}))
    rep = await factories.principal(db, "rep@demo.example")
    async with db.write() as session:
        await create_order(session, rep, customer.id, Decimal("10"))
        await create_order(session, rep, customer.id, Decimal("20"))
    assert await event_entries(db, T0) == 1
    assert await event_entries(db, T0) == 0  # the cursor moved: each event is read once
    async with db.write() as session:
        await create_order(session, rep, customer.id, Decimal("30"))
    assert await event_entries(db, T0) == 0  # already in the journey, which does not allow re-entry
    assert [(c, g) for c, g, _ in await _enrollments(db)] == [(customer.id, 1)]


async def test_re_entering_a_segment_enrolls_again_only_when_allowed(db: Database, demo: dict[str, Any]) -> None:
    once, again = await customers_with_contacts(db, 2, prefix="Member")
    for allow, customer in ((False, once), (True, again)):
        segment_id = await static_segment(db, [customer.id])
        await active_journey(db, _graph(segment_trigger(segment_id)), allow_reentry=allow)
    assert await segment_entries(db, T0) == 2
    await run_due(db, T0)
    assert await segment_entries(db, T0) == 0  # still members, finished: nothing again
    async with db.write() as session:  # both leave their segment, and come back
        removed = await session.execute(
            delete(SegmentMember).returning(SegmentMember.segment_id, SegmentMember.customer_id)
        )
        members = removed.all()
    assert await segment_entries(db, T0) == 0
    async with db.write() as session:
        session.add_all(SegmentMember(segment_id=s, customer_id=c, added_at=T0) for s, c in members)
    assert await segment_entries(db, T0) == 1
    rows = await _enrollments(db)
    assert sorted((c == again.id, g) for c, g, _ in rows) == [(False, 1), (True, 1), (True, 2)]


async def test_a_dynamic_segment_enrolls_whoever_its_rules_hold_for_now(db: Database, demo: dict[str, Any]) -> None:
    vip, other = await customers_with_contacts(db, 2, prefix="Dyn")
    marketing = await builder(db)
    admin = await factories.principal(db, "admin@demo.example")
    rules = {"op": "and", "rules": [{"kind": "hasTag", "tag": "VIP-dyn"}]}
    async with db.write() as session:
        segment = await segments.save_segment(session, marketing, None, None, {"name": "VIP", "rules": rules})
        await tag_customer(session, admin, vip.id, ["VIP-dyn"])
    await active_journey(db, _graph(segment_trigger(segment.id)))
    assert await segment_entries(db, T0) == 1
    assert [c for c, _, _ in await _enrollments(db)] == [vip.id]
    async with db.write() as session:  # the rules now hold for the other customer too
        await tag_customer(session, admin, other.id, ["VIP-dyn"])
    assert await segment_entries(db, T0) == 1
    assert {c for c, _, _ in await _enrollments(db)} == {vip.id, other.id}


async def test_churn_risk_turning_high_enrolls_the_customer_in_a_win_back_journey(
    db: Database, demo: dict[str, Any]
) -> None:
    """Analytics records `customer.churn_risk_high` when a customer's risk crosses into high; a journey triggered by
    it enrolls that customer once per crossing (its re-entry rule decides about the next crossing)."""
    from rapport.analytics.churn.score import Scored, store_scores
    from rapport.core import clock

    at_risk, steady = await customers_with_contacts(db, 2, prefix="Winback")
    await active_journey(db, _graph({"kind": "event", "event": "customer.churn_risk_high"}))

    async def score(probabilities: dict[Any, float]) -> None:
        async with db.write() as session:
            scores = [Scored(customer.id, p, []) for customer, p in probabilities.items()]
            await store_scores(session, scores, now=clock.now(), run_id=None, small_data=False)

    await score({at_risk: 0.2, steady: 0.2})  # the model's first pass: states set, nothing crossed
    await score({at_risk: 0.85, steady: 0.3})
    assert await event_entries(db, T0) == 1
    assert [(c, g) for c, g, _ in await _enrollments(db)] == [(at_risk.id, 1)]
    await score({at_risk: 0.9, steady: 0.3})  # still high: no new crossing, no new event
    assert await event_entries(db, T0) == 0

"""Attribution on a hand-computed fixture: every model's credits, reconciliation, the lookback window, other
customers' touches, the figures per campaign and channel, and the spend ratio (real PostgreSQL, real services)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select

from rapport.core import clock
from rapport.core.db import Database
from rapport.core.principal import Principal
from rapport.customers.service import create_order, merge_customers
from rapport.marketing.attribution import repository as sql
from rapport.marketing.attribution import service
from rapport.marketing.attribution.credit import Model, shares
from rapport.marketing.attribution.spend import record_spend
from rapport.marketing.attribution.touches import record_touch
from tests import factories

#: The order: 1,000 CNY on 20 March 2026 at noon (China time).
ORDERED = datetime.fromisoformat("2026-03-20T12:00:00+08:00")
MARCH = (date(2026, 3, 1), date(2026, 4, 1))
CAMPAIGNS = {name: uuid.UUID(int=i + 1) for i, name in enumerate("ABCD")}
SETTINGS = service.Settings()


@dataclass
class World:
    """The fixture: customer C's order and its touches, customer D's touch, customer E's untouched order."""

    order_id: uuid.UUID
    customer_id: uuid.UUID
    other_order_id: uuid.UUID
    viewer: Principal


async def _order(db: Database, customer_id: uuid.UUID, amount: str, at: datetime) -> uuid.UUID:
    with clock.frozen_at(at):
        async with db.write() as session:
            return (await create_order(session, None, customer_id, Decimal(amount))).id


async def _touch(db: Database, customer_id: uuid.UUID, days_before: float, campaign: str, **values: Any) -> None:
    async with db.write() as session:
        await record_touch(
            session,
            customer_id=customer_id,
            at=ORDERED - timedelta(days=days_before),
            campaign_id=CAMPAIGNS[campaign],
            **{"kind": "message_delivered", "channel": "email", **values},
        )


@pytest.fixture
async def world(db: Database, demo: dict[str, Any]) -> World:
    owner = await factories.principal(db, "marketing@demo.example")
    c = await factories.customer(db, owner, "Customer C")
    d = await factories.customer(db, owner, "Customer D")
    e = await factories.customer(db, owner, "Customer E")
    # C: 14 days, 7 days and 0 days before the order (A email, B click by SMS, C web form); one 31 days before (D,
    # outside the 30-day lookback)
    await _touch(db, c.id, 14, "A")
    await _touch(db, c.id, 7, "B", kind="message_clicked", channel="sms")
    await _touch(db, c.id, 0, "C", kind="lead_form", channel="web")
    await _touch(db, c.id, 31, "D")
    # D: a touch the day before, but D never buys: it must not count for C's order
    await _touch(db, d.id, 1, "D")
    order_id = await _order(db, c.id, "1000.00", ORDERED)
    other = await _order(db, e.id, "250.00", ORDERED)  # no touches: not attributed
    return World(order_id, c.id, other, owner)


#: The credits of C's 1,000 order per model, in the order of its touches (A, B, C), computed by hand:
#: time decay weights 2^(-14/7) = 1/4, 2^(-7/7) = 1/2, 2^0 = 1, sum 7/4: shares 1/7, 2/7, 4/7.
EXPECTED = {
    Model.FIRST_TOUCH: ["1000.00", "0.00", "0.00"],
    Model.LAST_TOUCH: ["0.00", "0.00", "1000.00"],
    Model.LINEAR: ["333.33", "333.33", "333.33"],
    Model.POSITION_BASED: ["400.00", "200.00", "400.00"],
    Model.TIME_DECAY: ["142.86", "285.71", "571.43"],
}


async def test_each_model_credits_the_touches_as_computed_by_hand(db: Database, world: World) -> None:
    async with db.read() as session:
        found = await service.conversion_touches(session, world.viewer, "order", world.order_id, SETTINGS)
    assert found is not None and found.revenue == Decimal("1000.00")
    # the touch 31 days before and customer D's touch are left out
    assert [t.touch.campaign_id for t in found.touches] == [CAMPAIGNS["A"], CAMPAIGNS["B"], CAMPAIGNS["C"]]
    for model, expected in EXPECTED.items():
        assert [str(t.revenue[model]) for t in found.touches] == expected, model
        assert sum(t.shares[model] for t in found.touches) == pytest.approx(1.0)


async def test_sql_shares_equal_the_pure_models(db: Database, world: World) -> None:
    # a second order three days later (touches 17, 10, 3 and 34 days before it: three count) and a longer list
    for days in (2.5, 1.25, 0.5):
        await _touch(db, world.customer_id, -days, "A", kind="message_opened")
    await _order(db, world.customer_id, "500.00", ORDERED + timedelta(days=3))
    window = SETTINGS.window(*service.period_bounds(*MARCH))
    async with db.read() as session:
        pairs = sql.credited(window)
        rows = (await session.execute(select(pairs).order_by(pairs.c.conversion_id, pairs.c.rn))).all()
    by_conversion: dict[Any, list[Any]] = {}
    for row in rows:
        by_conversion.setdefault(row.conversion_id, []).append(row)
    assert sorted(len(touches) for touches in by_conversion.values()) == [3, 6]
    for touches in by_conversion.values():
        times = [t.at for t in touches]
        for model in Model:
            expected = shares(model, times, touches[0].converted_at, SETTINGS.half_life_days)
            assert [float(getattr(t, model.value)) for t in touches] == pytest.approx(expected, abs=1e-12), model


async def test_every_model_reconciles_to_the_same_revenue(db: Database, world: World) -> None:
    await _touch(db, world.customer_id, -1, "B", kind="message_opened")
    await _order(db, world.customer_id, "500.00", ORDERED + timedelta(days=3))
    async with db.read() as session:
        totals = await service.compare(session, *MARCH, SETTINGS)
        rows = {model: await service.figures(session, *MARCH, model, "campaign", SETTINGS) for model in Model}
    # C's two orders (1,000 and 500); E's untouched 250 is attributed to no model
    assert {t.model: (t.revenue, t.conversions) for t in totals} == {m: (Decimal("1500.00"), 2.0) for m in Model}
    for model in Model:
        assert sum(r.revenue for r in rows[model]) == Decimal("1500.00"), model
        assert sum(r.conversions for r in rows[model]) == pytest.approx(2.0), model


async def test_figures_per_campaign_and_channel(db: Database, world: World) -> None:
    async with db.write() as session:
        await record_spend(session, amount=Decimal("100"), spent_on=date(2026, 3, 5), campaign_id=CAMPAIGNS["A"])
        await record_spend(session, amount=Decimal("50"), spent_on=date(2026, 3, 6), channel="email")
        await record_spend(session, amount=Decimal("999"), spent_on=date(2026, 4, 1), campaign_id=CAMPAIGNS["A"])
    async with db.read() as session:
        position = await service.figures(session, *MARCH, Model.POSITION_BASED, "campaign", SETTINGS)
        channels = await service.figures(session, *MARCH, Model.LAST_TOUCH, "channel", SETTINGS)
    rows = {r.key: r for r in position}
    assert {k: r.revenue for k, r in rows.items() if r.revenue} == {
        CAMPAIGNS["A"]: Decimal("400.00"),
        CAMPAIGNS["B"]: Decimal("200.00"),
        CAMPAIGNS["C"]: Decimal("400.00"),
    }
    a = rows[CAMPAIGNS["A"]]
    assert (a.reach, a.responses, a.conversions, a.cost, a.roi) == (1, 0, 0.4, Decimal("100.00"), 3.0)
    assert (rows[CAMPAIGNS["B"]].responses, rows[CAMPAIGNS["C"]].responses) == (1, 1)
    # D's touches (C's 31 days before on 17 February is outside March; D's on 19 March): reached one person
    assert (rows[CAMPAIGNS["D"]].reach, rows[CAMPAIGNS["D"]].revenue) == (1, Decimal("0.00"))
    assert rows[None].cost == Decimal("50.00")  # channel spend without a campaign
    by_channel = {r.key: (r.revenue, r.cost, r.roi) for r in channels}
    assert by_channel["web"] == (Decimal("1000.00"), Decimal("0.00"), None)
    assert by_channel["email"] == (Decimal("0.00"), Decimal("50.00"), -1.0)


async def test_the_lookback_window_is_configurable(db: Database, world: World) -> None:
    async with db.read() as session:
        short = await service.conversion_touches(
            session, world.viewer, "order", world.order_id, service.Settings(lookback_days=7)
        )
        long = await service.conversion_touches(
            session, world.viewer, "order", world.order_id, service.Settings(lookback_days=60)
        )
    assert short is not None and long is not None
    # 7 days: the touch exactly 7 days before is outside (the window is open at its start)
    assert [t.touch.campaign_id for t in short.touches] == [CAMPAIGNS["C"]]
    assert [t.touch.campaign_id for t in long.touches] == [CAMPAIGNS[x] for x in "DABC"]


async def test_time_decay_half_life_is_configurable(db: Database, world: World) -> None:
    async with db.read() as session:
        found = await service.conversion_touches(
            session, world.viewer, "order", world.order_id, service.Settings(half_life_days=14)
        )
    assert found is not None
    # weights 2^(-14/14) = 1/2, 2^(-7/14) = 1/sqrt(2), 1
    weights = [0.5, 0.5**0.5, 1.0]
    expected = [w / sum(weights) for w in weights]
    assert [t.shares[Model.TIME_DECAY] for t in found.touches] == pytest.approx(expected)


async def test_spend_ratio_over_a_period(db: Database, world: World) -> None:
    async with db.write() as session:
        await record_spend(session, amount=Decimal("125"), spent_on=date(2026, 3, 31), channel="email")
        await record_spend(session, amount=Decimal("70"), spent_on=date(2026, 2, 28), channel="email")
    async with db.read() as session:
        ratio = await service.spend_ratio(session, *MARCH)
    # orders of March: 1,000 + 250
    assert (ratio.spend, ratio.sales_revenue, ratio.ratio) == (Decimal("125.00"), Decimal("1250.00"), 0.1)
    async with db.read() as session:
        empty = await service.spend_ratio(session, date(2026, 5, 1), date(2026, 6, 1))
    assert (empty.spend, empty.sales_revenue, empty.ratio) == (Decimal("0.00"), Decimal("0.00"), None)


async def test_a_keyed_touch_is_recorded_once_and_merges_move_touches(db: Database, world: World) -> None:
    admin = await factories.principal(db, "admin@demo.example")
    other = await factories.customer(db, admin, "Customer F")
    async with db.write() as session:
        first = await record_touch(session, customer_id=other.id, at=ORDERED, kind="message_opened", key="open:m1")
        again = await record_touch(session, customer_id=other.id, at=ORDERED, kind="message_opened", key="open:m1")
        with pytest.raises(ValueError, match="Unknown touch kind"):
            await record_touch(session, customer_id=other.id, at=ORDERED, kind="seen")
    assert (first, again) == (True, False)
    async with db.write() as session:
        _, moved = await merge_customers(session, admin, world.customer_id, other.id)
    assert moved["marketing_touches"] == 1
    async with db.read() as session:
        found = await service.conversion_touches(session, world.viewer, "order", world.order_id, SETTINGS)
    # the merged customer's open (at the order's moment) now counts for the survivor's order
    assert found is not None and [t.touch.kind for t in found.touches][-1] == "message_opened"
    assert len(found.touches) == 4

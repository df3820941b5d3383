"""Churn risk: features as of a date ignore later rows, high-risk alerts fire once per crossing (hysteresis, also
with two workers at once), reasons read in both languages, and a page of customers reads its scores in one
statement (in the page's own, compiled)."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
import pytest
from sqlalchemy import func, select

from rapport.activities.models import Notification, Task
from rapport.analytics.churn.features import FEATURES, feature_rows
from rapport.analytics.churn.model import fit, predict
from rapport.analytics.churn.models import CustomerChurnScore
from rapport.analytics.churn.reasons import REASONS, message, top_reasons
from rapport.analytics.churn.score import Scored, store_scores
from rapport.config import Settings
from rapport.core import clock
from rapport.core.db import Database
from rapport.core.domain_events import DomainEvent
from rapport.core.i18n import render
from rapport.graphql.node import to_global_id
from tests import factories
from tests.conftest import GraphQLClient, both_paths

pytestmark = pytest.mark.usefixtures("demo")

T = datetime(2026, 6, 1, tzinfo=UTC)
SQL = {"X-Rapport-Debug": "sql"}


async def _customer(db: Database, name: str) -> uuid.UUID:
    rep = await factories.principal(db, "rep@demo.example")
    return (await factories.customer(db, rep, name)).id


def _row(rows: Any, customer_id: uuid.UUID) -> dict[str, float]:
    i = rows.customer_ids.index(customer_id)
    return dict(zip(FEATURES, rows.values[i].tolist(), strict=True))


async def test_features_as_of_a_date_ignore_later_rows(db: Database) -> None:
    customer_id = await _customer(db, "Leak Test Co")
    rep = await factories.principal(db, "rep@demo.example")
    await factories.orders(
        db, customer_id, ["100", "200", "300"], start=T - timedelta(days=200), step=timedelta(days=60)
    )
    await factories.activities(db, rep, customer_id, 2, start=T - timedelta(days=50), step=timedelta(days=10))
    async with db.read() as session:
        before = _row(await feature_rows(session, T, labelled=True), customer_id)
        labelled = await feature_rows(session, T, labelled=True)
    assert labelled.churned is not None and labelled.churned[labelled.customer_ids.index(customer_id)] == 1.0
    assert before["orders_90"] == 1 and before["orders_prev_90"] == 1
    assert round(before["recency_days"]) == 80 and round(before["follow_up_days"]) == 40
    # what happens after T: orders, activities; none of it may move the features as of T
    await factories.orders(db, customer_id, ["999", "999"], start=T + timedelta(days=1), step=timedelta(days=5))
    await factories.activities(db, rep, customer_id, 3, start=T + timedelta(hours=1), step=timedelta(days=1))
    async with db.read() as session:
        after = await feature_rows(session, T, labelled=True)
        later = _row(await feature_rows(session, T + timedelta(days=30)), customer_id)
    assert _row(after, customer_id) == before
    assert (
        after.churned is not None and after.churned[after.customer_ids.index(customer_id)] == 0.0
    )  # the label sees them
    assert later["orders_30"] == 2 and round(later["follow_up_days"]) < 30
    # a customer whose first order comes after T is not in the population at T
    newcomer = await _customer(db, "Later Co")
    await factories.orders(db, newcomer, ["10"], start=T + timedelta(days=2), step=timedelta(days=1))
    async with db.read() as session:
        assert newcomer not in (await feature_rows(session, T)).customer_ids


async def _alerts(db: Database, customer_id: uuid.UUID) -> tuple[int, int, int]:
    async with db.read() as session:
        notes = await session.scalar(
            select(func.count()).where(Notification.entity_id == customer_id, Notification.kind == "churn_risk")
        )
        tasks = await session.scalar(select(func.count()).where(Task.customer_id == customer_id))
        events = await session.scalar(
            select(func.count()).where(
                DomainEvent.entity_id == customer_id, DomainEvent.type == "customer.churn_risk_high"
            )
        )
    return int(notes or 0), int(tasks or 0), int(events or 0)


async def _score(db: Database, customer_id: uuid.UUID, probability: float) -> list[uuid.UUID]:
    async with db.write() as session:
        return await store_scores(
            session, [Scored(customer_id, probability, [])], now=clock.now(), run_id=None, small_data=False
        )


async def test_alert_once_per_crossing_with_hysteresis(db: Database) -> None:
    customer_id = await _customer(db, "Hysteresis Co")
    # the first pass sets the state (the debut alerts nothing); then 0.75 enters, 0.65 stays, 0.55 leaves, 0.72 enters
    # again
    steps = [
        (0.3, 0, False),
        (0.75, 1, True),
        (0.65, 1, True),
        (0.8, 1, True),
        (0.55, 1, False),
        (0.65, 1, False),
        (0.72, 2, True),
    ]
    for probability, alerts, high in steps:
        await _score(db, customer_id, probability)
        assert await _alerts(db, customer_id) == (alerts, alerts, alerts), probability
        async with db.read() as session:
            row = await session.get(CustomerChurnScore, customer_id)
        assert row is not None and row.high is high and row.probability == probability
    async with db.read() as session:
        task = (await session.execute(select(Task).where(Task.customer_id == customer_id))).scalars().first()
    assert task is not None and "Hysteresis Co" in task.title  # in the owner's language, to their own list


async def test_two_workers_scoring_at_once_alert_once(db: Database) -> None:
    customer_id = await _customer(db, "Concurrent Co")
    await _score(db, customer_id, 0.1)
    entered = await asyncio.gather(_score(db, customer_id, 0.9), _score(db, customer_id, 0.85))
    assert sorted(len(e) for e in entered) == [0, 1]
    assert await _alerts(db, customer_id) == (1, 1, 1)
    # a customer new to the population whose first score is already high is alerted like any other entry
    newcomer = await _customer(db, "Newcomer Co")
    assert await _score(db, newcomer, 0.9) == [newcomer]
    assert await _alerts(db, newcomer) == (1, 1, 1)


async def test_the_first_pass_sets_states_without_alerting(db: Database) -> None:
    """The model's debut (no score stored yet) would otherwise alert on every customer already at risk at once."""
    first, second = await _customer(db, "Debut High Co"), await _customer(db, "Debut Low Co")
    async with db.write() as session:
        scores = [Scored(first, 0.9, []), Scored(second, 0.2, [])]
        assert await store_scores(session, scores, now=clock.now(), run_id=None, small_data=False) == []
    assert await _alerts(db, first) == (0, 0, 0)
    async with db.read() as session:
        row = await session.get(CustomerChurnScore, first)
    assert row is not None and row.high  # in high risk, known, without an alert for a crossing it never made
    await _score(db, first, 0.65)
    await _score(db, first, 0.55)
    await _score(db, first, 0.75)
    assert await _alerts(db, first) == (1, 1, 1)  # a real crossing later alerts


def test_reasons_in_both_languages() -> None:
    expected = {
        ("ORDER_FREQUENCY_DOWN", "en"): "Order frequency down 52 % over 3 months",
        ("ORDER_FREQUENCY_DOWN", "zh-CN"): "近3个月订单频率下降 52%",
        ("UNRESOLVED_COMPLAINTS", "en"): "2 unresolved complaints",
        ("UNRESOLVED_COMPLAINTS", "zh-CN"): "2 个未解决的投诉",
        ("NO_FOLLOW_UP", "en"): "No follow-up for 45 days",
        ("NO_FOLLOW_UP", "zh-CN"): "45 天未跟进",
        ("NO_RECENT_ORDER", "en"): "No order for 120 days",
        ("NO_RECENT_ORDER", "zh-CN"): "120 天未下单",
    }
    params = {
        "ORDER_FREQUENCY_DOWN": {"percent": 52},
        "UNRESOLVED_COMPLAINTS": {"count": 2},
        "NO_FOLLOW_UP": {"days": 45},
        "NO_RECENT_ORDER": {"days": 120},
    }
    for (code, locale), text in expected.items():
        assert render(message(code, params[code]), locale) == text
    for reason in REASONS:  # every reason has words in both languages, different from each other
        words = message(reason.code, {"percent": 10, "count": 2, "days": 30, "score": "2.0"})
        assert render(words, "en") != render(words, "zh-CN"), reason.code


def test_top_reasons_follow_the_coefficients() -> None:
    rng = np.random.default_rng(7)
    values = rng.normal(size=(400, len(FEATURES)))
    unresolved = FEATURES.index("unresolved")
    churned = (values[:, unresolved] + rng.normal(scale=0.3, size=400) > 0).astype(float)
    parameters = fit(values, churned, small_data=False)
    probabilities = predict(parameters, values)
    worst = int(np.argmax(values[:, unresolved]))
    assert probabilities[worst] > 0.9
    assert top_reasons(values[worst : worst + 1], parameters)[0][0]["code"] == "UNRESOLVED_COMPLAINTS"


async def test_a_page_of_customers_reads_its_scores_in_one_statement(
    gql: GraphQLClient, db: Database, settings: Settings
) -> None:
    ids = [await _customer(db, f"Page {i:02d}") for i in range(12)]
    async with db.write() as session:
        reasons = [{"code": "NO_RECENT_ORDER", "params": {"days": 120}}]
        await store_scores(
            session, [Scored(i, 0.2, reasons) for i in ids], now=clock.now(), run_id=None, small_data=False
        )
    await gql.login("rep@demo.example")
    page = "{ customers(first: 20, orderBy: {field: NAME}) { nodes { name %s } } }"
    with_scores = page % "churnRisk { probability band reasons { code text new } smallData }"
    plain = await gql(page % "", headers=SQL)
    body = await gql(with_scores, headers=SQL)
    nodes = [n for n in body["data"]["customers"]["nodes"] if n["name"].startswith("Page")]
    assert len(nodes) == 12
    assert nodes[0]["churnRisk"] == {
        "probability": 0.2,
        "band": "LOW",
        "reasons": [{"code": "NO_RECENT_ORDER", "text": "No order for 120 days", "new": False}],
        "smallData": False,
    }
    # compiled, the page with its scores is the one statement of the page without them
    assert body["extensions"]["sql"]["statements"] == plain["extensions"]["sql"]["statements"] == 1
    # through the resolvers, the scores of the whole page: one statement more than the page without them
    async with both_paths(settings, db, "rep@demo.example") as paths:
        slow_plain = await paths.slow(page % "", headers=SQL)
        slow = await paths.slow(with_scores, headers=SQL)
    assert slow["extensions"]["sql"]["statements"] == slow_plain["extensions"]["sql"]["statements"] + 1
    assert slow["data"] == body["data"]
    one = to_global_id("Customer", ids[0])
    single = await gql("query($id: ID!) { customer(id: $id) { churnRisk { band } } }", {"id": one})
    assert single["data"]["customer"]["churnRisk"] == {"band": "LOW"}


async def test_an_owner_who_cannot_reach_their_customer_does_not_stop_the_scoring(db: Database) -> None:
    """A rep moved to a service role still owns customers their new scope does not reach: their follow-up task is
    refused, logged and skipped; every other customer is still scored and alerted."""
    from sqlalchemy import text

    from rapport.identity.service import create_user

    stranded, kept = await _customer(db, "Stranded Co"), await _customer(db, "Kept Co")
    async with db.write() as session:
        agent = await create_user(
            session, email="moved@test.example", name="Moved", password=None, roles=("service_agent",)
        )
        await session.execute(text("UPDATE customer SET owner_id = :o WHERE id = :c"), {"o": agent.id, "c": stranded})
    async with db.write() as session:  # the model's first pass, then both cross into high risk
        await store_scores(
            session, [Scored(stranded, 0.1, []), Scored(kept, 0.1, [])], now=clock.now(), run_id=None, small_data=False
        )
    async with db.write() as session:
        scores = [Scored(stranded, 0.9, []), Scored(kept, 0.9, [])]
        entered = await store_scores(session, scores, now=clock.now(), run_id=None, small_data=False)
    assert sorted(entered) == sorted([stranded, kept])
    assert await _alerts(db, kept) == (1, 1, 1)
    assert await _alerts(db, stranded) == (0, 0, 1)  # the event stands; no task the owner could not open
    async with db.read() as session:
        row = await session.get(CustomerChurnScore, stranded)
    assert row is not None and row.high and row.probability == 0.9


async def test_what_changed_is_since_an_earlier_days_score(db: Database) -> None:
    """A rerun the same day (a retrained model, an admin's run) keeps the day before's score as "the last score"."""
    customer_id = await _customer(db, "Rerun Co")
    day = datetime(2026, 11, 2, 3, 0, tzinfo=UTC)
    for at, probability in ((day, 0.3), (day + timedelta(hours=2), 0.5), (day + timedelta(days=1), 0.6)):
        async with db.write() as session:
            scores = [Scored(customer_id, probability, [])]
            await store_scores(session, scores, now=at, run_id=None, small_data=False)
    async with db.write() as session:  # the same day again
        await store_scores(
            session,
            [Scored(customer_id, 0.65, [])],
            now=day + timedelta(days=1, hours=1),
            run_id=None,
            small_data=False,
        )
    async with db.read() as session:
        row = await session.get(CustomerChurnScore, customer_id)
    assert row is not None and row.probability == 0.65
    assert (row.previous_probability, row.previous_scored_at) == (0.5, day + timedelta(hours=2))

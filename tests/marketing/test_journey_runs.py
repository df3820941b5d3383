"""Journeys run: the requirement's example flow on an injectable clock, each step once per contact even with two
workers at once and after a worker dies between the ledger commit and the call, and a real webhook receiver."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from rapport.activities.models import Task
from rapport.core.db import Database
from rapport.customers.service import customer_has_tag
from rapport.graphql.node import to_global_id
from rapport.marketing.journeys import executor
from rapport.marketing.journeys.actions import WebhookAction
from rapport.marketing.journeys.executor import LEASE, run_due
from rapport.marketing.journeys.models import JourneyEnrollment, JourneyStepRun
from rapport.marketing.journeys.triggers import segment_entries
from tests import factories
from tests.marketing.journey_world import (
    SECRET,
    T0,
    HookServer,
    active_journey,
    builder,
    customers_with_contacts,
    example_graph,
    hook_server,
    segment_trigger,
    static_segment,
)

AFTER_WAIT = T0 + timedelta(hours=24, minutes=1)


async def _setup(db: Database, hooks: HookServer, count: int) -> tuple[uuid.UUID, list[uuid.UUID]]:
    customers = [c.id for c in await customers_with_contacts(db, count)]
    segment_id = await static_segment(db, customers)
    journey_id = await active_journey(db, example_graph(segment_trigger(segment_id), hooks.url))
    assert await segment_entries(db, T0) == count
    return journey_id, customers


async def _step_runs(db: Database, journey_id: uuid.UUID) -> list[tuple[uuid.UUID, str, str, int]]:
    async with db.read() as session:
        rows = await session.execute(
            select(
                JourneyStepRun.enrollment_id, JourneyStepRun.node_id, JourneyStepRun.status, JourneyStepRun.attempts
            ).where(JourneyStepRun.journey_id == journey_id)
        )
        return [(r[0], r[1], r[2], r[3]) for r in rows]


async def _tasks(db: Database, customer_id: uuid.UUID) -> list[Task]:
    async with db.read() as session:
        return list(await session.scalars(select(Task).where(Task.customer_id == customer_id)))


async def test_the_example_flow_waits_a_day_then_tags_buyers_and_follows_up_the_others(
    db: Database, demo: dict[str, Any]
) -> None:
    with hook_server() as hooks:
        journey_id, (buyer, other) = await _setup(db, hooks, 2)
        # Entering: the trigger step runs and both wait 24 hours.
        assert await run_due(db, T0) == {"stepped": 2, "waiting": 2}
        await factories.orders(db, buyer, ["88.00"], start=T0 + timedelta(hours=3), step=timedelta(hours=1))
        # An hour before the wait ends nothing is due.
        assert await run_due(db, T0 + timedelta(hours=23)) == {}
        await run_due(db, AFTER_WAIT)
        async with db.read() as session:
            assert await customer_has_tag(session, buyer, "buyer")
            assert not await customer_has_tag(session, other, "buyer")
            statuses = dict(
                (await session.execute(select(JourneyEnrollment.customer_id, JourneyEnrollment.status))).all()
            )
        assert statuses == {buyer: "done", other: "done"}
        # The other customer's owner (the sales rep) got the task, created with the journey owner's rights.
        rep = await factories.principal(db, "rep@demo.example")
        owner = await builder(db)
        (task,) = await _tasks(db, other)
        assert (task.assignee_id, task.created_by_id, task.title) == (
            rep.user_id,
            owner.user_id,
            "Call about the coupon",
        )
        assert await _tasks(db, buyer) == []
        # One signed webhook for the other customer, keyed by its step run.
        (delivery,) = hooks.received
        assert delivery.signed_correctly(SECRET)
        assert delivery.json["customerId"] == to_global_id("Customer", other)
        runs = await _step_runs(db, journey_id)
        (hook_id,) = await _run_ids(db, journey_id, "hook")
        assert delivery.headers["idempotency-key"] == delivery.headers["webhook-id"] == str(hook_id)
        assert next(r for r in runs if r[1] == "hook")[2] == "done"
        paths = sorted(sorted(r[1] for r in runs if r[0] == e) for e in {r[0] for r in runs})
        assert paths == sorted(
            [
                sorted(["start", "wait", "ordered", "tag"]),
                sorted(["start", "wait", "ordered", "task", "hook"]),
            ]
        )
        # Nothing more happens later.
        assert await run_due(db, AFTER_WAIT + timedelta(days=3)) == {}
        assert len(hooks.received) == 1


async def _run_ids(db: Database, journey_id: uuid.UUID, node_id: str) -> list[uuid.UUID]:
    async with db.read() as session:
        statement = select(JourneyStepRun.id).where(
            JourneyStepRun.journey_id == journey_id, JourneyStepRun.node_id == node_id
        )
        return list(await session.scalars(statement))


async def test_two_workers_at_once_run_each_step_once_per_contact(db: Database, demo: dict[str, Any]) -> None:
    with hook_server() as hooks:
        journey_id, customers = await _setup(db, hooks, 6)
        await asyncio.gather(run_due(db, T0), run_due(db, T0))
        await asyncio.gather(run_due(db, AFTER_WAIT), run_due(db, AFTER_WAIT), run_due(db, AFTER_WAIT))
        runs = await _step_runs(db, journey_id)
        assert len(runs) == len({(r[0], r[1]) for r in runs}) == 6 * 5  # start wait ordered task hook
        assert all(r[2] == "done" and r[3] == 1 for r in runs)
        for customer_id in customers:
            assert len(await _tasks(db, customer_id)) == 1
        keys = [r.headers["idempotency-key"] for r in hooks.received]
        assert len(keys) == len(set(keys)) == 6
        assert sorted(r.json["customerId"] for r in hooks.received) == sorted(
            to_global_id("Customer", c) for c in customers
        )


class WorkerDied(BaseException):
    """Stands for a worker process killed mid-step (nothing after it runs)."""


async def test_a_worker_dying_after_the_ledger_commit_is_resumed_once(
    db: Database, demo: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    with hook_server() as hooks:
        journey_id, (customer,) = await _setup(db, hooks, 1)
        await run_due(db, T0)
        finish = executor._finish_external

        async def die(*args: Any) -> str:
            raise WorkerDied

        monkeypatch.setattr(executor, "_finish_external", die)
        with pytest.raises(WorkerDied):
            await run_due(db, AFTER_WAIT)
        monkeypatch.setattr(executor, "_finish_external", finish)
        (started,) = [r for r in await _step_runs(db, journey_id) if r[1] == "hook"]
        assert started[2:] == ("started", 1)
        assert hooks.received == []
        # Within the lease no other run touches it; once it ran out the step resumes under the same key.
        assert await run_due(db, AFTER_WAIT + LEASE - timedelta(seconds=1)) == {}
        assert await run_due(db, AFTER_WAIT + LEASE) == {"stepped": 1}
        (done,) = [r for r in await _step_runs(db, journey_id) if r[1] == "hook"]
        assert done[2:] == ("done", 2)
        (delivery,) = hooks.received
        assert delivery.headers["idempotency-key"] == str((await _run_ids(db, journey_id, "hook"))[0])
        assert len(await _tasks(db, customer)) == 1


async def test_a_worker_dying_after_the_call_repeats_it_under_the_same_key(
    db: Database, demo: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    with hook_server() as hooks:
        journey_id, _ = await _setup(db, hooks, 1)
        await run_due(db, T0)
        run = WebhookAction.run

        async def call_then_die(self: WebhookAction, session: Any, ctx: Any) -> Any:
            await run(self, session, ctx)
            raise WorkerDied

        monkeypatch.setattr(WebhookAction, "run", call_then_die)
        with pytest.raises(WorkerDied):
            await run_due(db, AFTER_WAIT)
        monkeypatch.setattr(WebhookAction, "run", run)
        await run_due(db, AFTER_WAIT + LEASE)
        # The receiver got the call twice with one idempotency key: it keeps one (the documented contract).
        assert len(hooks.received) == 2
        assert len({r.headers["idempotency-key"] for r in hooks.received}) == 1
        assert all(r.signed_correctly(SECRET) for r in hooks.received)
        async with db.read() as session:
            count = await session.scalar(
                select(func.count()).where(JourneyStepRun.journey_id == journey_id, JourneyStepRun.node_id == "hook")
            )
        assert count == 1


async def test_a_refused_webhook_is_retried_then_fails_the_enrollment(db: Database, demo: dict[str, Any]) -> None:
    customers = [c.id for c in await customers_with_contacts(db, 1)]
    segment_id = await static_segment(db, customers)
    # Nobody listens on this port: every try fails.
    from tests.conftest import free_port

    graph = example_graph(segment_trigger(segment_id), f"http://127.0.0.1:{free_port()}/hook")
    journey_id = await active_journey(db, graph)
    await segment_entries(db, T0)
    await run_due(db, T0)
    at = AFTER_WAIT
    assert (await run_due(db, at)).get("retry") == 1
    for attempt in range(2, executor.MAX_ATTEMPTS + 1):
        at += LEASE * attempt
        await run_due(db, at)
    async with db.read() as session:
        enrollment = await session.scalar(select(JourneyEnrollment).where(JourneyEnrollment.journey_id == journey_id))
    assert enrollment is not None and enrollment.status == "failed"
    assert (
        enrollment.error == f"节点 hook：尝试 {executor.MAX_ATTEMPTS} 次后仍失败。"
    )  # stored in zh-CN like other messages
    (hook,) = [r for r in await _step_runs(db, journey_id) if r[1] == "hook"]
    assert hook[2:] == ("failed", executor.MAX_ATTEMPTS)

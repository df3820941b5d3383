"""Every node config value is bounded (numbers by range, text by type and length), refused naming the node; and a
step or trigger that breaks anyway fails only its own enrollment or journey: the job goes on with the others."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from sqlalchemy import select

from rapport.core.db import Database
from rapport.core.ids import uuid7
from rapport.marketing.journeys.actions import TaskAction
from rapport.marketing.journeys.executor import run_due
from rapport.marketing.journeys.graph import GraphError, parse
from rapport.marketing.journeys.models import Journey, JourneyEnrollment, JourneyStepRun
from rapport.marketing.journeys.triggers import segment_entries
from rapport.marketing.models import Segment
from tests.marketing.journey_world import (
    SECRET,
    T0,
    active_journey,
    builder,
    customers_with_contacts,
    edge,
    node,
    segment_trigger,
    static_segment,
)

TRIGGER = {"kind": "event", "event": "order.placed"}
#: A valid config per node type, and values each key must refuse.
VALID: dict[str, dict[str, Any]] = {
    "wait": {"hours": 2},
    "task": {"title": "Call", "notes": "n", "dueInHours": 4},
    "tag_add": {"tags": ["vip"]},
    "condition": {"kind": "viewed_page", "hours": 24, "pattern": "/pricing"},
    "send": {"channel": "email", "content": {"en": {"subject": "Hi", "body": "Hello"}}},
    "webhook": {"url": "https://hooks.example/in", "secret": SECRET},
    "audience": {"mode": "webhook", "audience": "a", "url": "https://hooks.example/in", "secret": SECRET},
}
BAD: list[tuple[str, str, Any]] = [
    ("wait", "hours", 10**12),
    ("wait", "days", 10**9),
    ("wait", "minutes", -1),
    ("wait", "hours", True),
    ("task", "dueInHours", 10**30),
    ("task", "dueInHours", -1),
    ("task", "dueInHours", 1.5),
    ("task", "notes", {"a": 1}),
    ("task", "notes", ["x"]),
    ("task", "notes", "x" * 10_001),
    ("task", "title", "x" * 201),
    ("task", "title", 7),
    ("tag_add", "tags", ["x" * 65]),
    ("tag_add", "tags", [1]),
    ("tag_add", "tags", [None]),
    ("tag_add", "tags", ["t"] * 21),
    ("condition", "hours", 10**12),
    ("condition", "hours", 0),
    ("condition", "pattern", "x" * 501),
    ("condition", "pattern", {"x": 1}),
    ("send", "content", {"en": {"body": 5}}),
    ("send", "content", {"en": {"body": "x", "subject": "s" * 201}}),
    ("send", "content", {"en": {"body": "x", "extra": "y"}}),
    ("webhook", "url", "https://h.example/" + "x" * 2000),
    ("webhook", "secret", "s" * 201),
    ("audience", "audience", "a" * 201),
]


def _graph(node_type: str, config: dict[str, Any]) -> dict[str, Any]:
    graph = {
        "nodes": [node("start", "trigger", **TRIGGER), node("n", node_type, **config)],
        "edges": [edge("start", "n")],
    }
    if node_type == "condition":
        graph["nodes"] += [node("yes", "wait", hours=1), node("no", "wait", hours=1)]
        graph["edges"] += [edge("n", "yes", "yes"), edge("n", "no", "no")]
    return graph


def test_the_valid_configs_pass() -> None:
    for node_type, config in VALID.items():
        parse(_graph(node_type, config))


@pytest.mark.parametrize(("node_type", "key", "value"), BAD, ids=[f"{t}-{k}-{i}" for i, (t, k, _) in enumerate(BAD)])
def test_every_config_value_is_bounded(node_type: str, key: str, value: Any) -> None:
    config = {**copy.deepcopy(VALID[node_type]), key: value}
    with pytest.raises(GraphError) as refused:
        parse(_graph(node_type, config))
    assert refused.value.render("zh-CN").startswith("节点 n：")
    assert key in refused.value.render("en")


async def _stored_journey(db: Database, graph: dict[str, Any]) -> Journey:
    """A journey written as a row, past the save checks (as an older version of the checks let through)."""
    owner = await builder(db)
    journey = Journey(id=uuid7(), name="Old", status="active", graph=graph, allow_reentry=False, owner_id=owner.user_id)
    async with db.write() as session:
        session.add(journey)
    return journey


@pytest.mark.parametrize("poison", [{"dueInHours": 10**30}, {"notes": {"a": 1}}])
async def test_a_graph_stored_before_the_bounds_fails_its_enrollments_and_the_others_advance(
    db: Database, demo: dict[str, Any], poison: dict[str, Any]
) -> None:
    customers = await customers_with_contacts(db, 3)
    segment_id = await static_segment(db, [c.id for c in customers])
    trigger = segment_trigger(segment_id)
    healthy = await active_journey(db, {"nodes": [node("start", "trigger", **trigger)], "edges": []})
    config = {"title": "Call", **poison}
    poisoned = await _stored_journey(
        db,
        {"nodes": [node("start", "trigger", **trigger), node("n", "task", **config)], "edges": [edge("start", "n")]},
    )
    assert await segment_entries(db, T0) == 6
    assert await run_due(db, T0) == {"stepped": 3, "failed": 3}
    async with db.read() as session:
        rows = (await session.execute(select(JourneyEnrollment.journey_id, JourneyEnrollment.status))).all()
        steps = list(await session.scalars(select(JourneyStepRun).where(JourneyStepRun.journey_id == poisoned.id)))
        errors = list(
            await session.scalars(select(JourneyEnrollment.error).where(JourneyEnrollment.error.is_not(None)))
        )
    assert sorted(status for journey, status in rows if journey == healthy) == ["done"] * 3
    assert sorted(status for journey, status in rows if journey == poisoned.id) == ["failed"] * 3
    assert [(s.node_id, s.status) for s in steps] == [("start", "failed")] * 3
    assert len(errors) == 3 and all(e.startswith(("Node start:", "节点 start：")) for e in errors)


async def test_one_poisoned_enrollment_fails_alone_and_the_others_advance_in_the_same_run(
    db: Database, demo: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    customers = await customers_with_contacts(db, 3)
    segment_id = await static_segment(db, [c.id for c in customers])
    graph = {
        "nodes": [node("start", "trigger", **segment_trigger(segment_id)), node("n", "task", title="Call")],
        "edges": [edge("start", "n")],
    }
    await active_journey(db, graph)
    await segment_entries(db, T0)
    poisoned = customers[1].id
    run = TaskAction.run

    async def breaks_for_one(self: TaskAction, session: Any, ctx: Any) -> Any:
        if ctx.enrollment.customer_id == poisoned:
            raise RuntimeError("poisoned")  # an unexpected error, not a RapportError
        return await run(self, session, ctx)

    monkeypatch.setattr(TaskAction, "run", breaks_for_one)
    assert await run_due(db, T0) == {"stepped": 3 + 2, "failed": 1}
    async with db.read() as session:
        statuses = dict((await session.execute(select(JourneyEnrollment.customer_id, JourneyEnrollment.status))).all())
        (step,) = await session.scalars(select(JourneyStepRun).where(JourneyStepRun.status == "failed"))
    assert statuses == {c.id: "failed" if c.id == poisoned else "done" for c in customers}
    assert (step.node_id, step.outcome) == ("n", {"error": "RuntimeError"})


async def test_a_broken_trigger_leaves_the_other_journeys_triggers_running(db: Database, demo: dict[str, Any]) -> None:
    customers = await customers_with_contacts(db, 2)
    owner = await builder(db)
    broken = Segment(
        id=uuid7(),
        name="Broken",
        kind="dynamic",
        rules={"op": "xor", "rules": "nonsense"},
        owner_id=owner.user_id,
        team_id=owner.team_id,
        member_count=0,
    )
    async with db.write() as session:
        session.add(broken)
    graph = {"nodes": [node("start", "trigger", **segment_trigger(broken.id))], "edges": []}
    await _stored_journey(db, graph)
    segment_id = await static_segment(db, [c.id for c in customers])
    await active_journey(db, {"nodes": [node("start", "trigger", **segment_trigger(segment_id))], "edges": []})
    assert await segment_entries(db, T0) == 2

"""A journey's conditions read customers' tags, orders and marketing touches: like segment rules, a condition on a
field the caller (or the journey's owner) may not read is FORBIDDEN at save and in the dry run, and fails its
step at run time when the owner lost the right since."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import select

from rapport.core.authz import policy as authz_policy
from rapport.core.authz.policy import DEFAULT_POLICY, compile_rules, read_csv
from rapport.core.db import Database
from rapport.core.errors import ForbiddenError
from rapport.marketing.journeys import dryrun, service
from rapport.marketing.journeys.executor import run_due
from rapport.marketing.journeys.graph import parse
from rapport.marketing.journeys.models import JourneyEnrollment, JourneyStepRun
from rapport.marketing.journeys.triggers import segment_entries
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

#: Condition config -> a field it reads (hand-written: what the condition's SQL looks at).
CONDITIONS = {
    "has_tag": ({"kind": "has_tag", "tag": "vip"}, "Customer.tags"),
    "ordered_within": ({"kind": "ordered_within", "hours": 24}, "Order.orderedAt"),
    "viewed_page": ({"kind": "viewed_page", "hours": 24, "pattern": "/pricing"}, "AttributedTouch.at"),
}


@contextmanager
def unreadable(field: str) -> Iterator[None]:
    """The shipped policy without any role's rule on `field` (administrators keep everything)."""
    before = authz_policy.current()
    rules = [r for r in read_csv(DEFAULT_POLICY) if not (r[0] == "p" and r[2] == field and r[1] != "admin")]
    authz_policy.install(compile_rules(rules, version=before.version + 1000))
    try:
        yield
    finally:
        authz_policy.install(before)


def _graph(segment_id: Any, condition: dict[str, Any]) -> dict[str, Any]:
    return {
        "nodes": [
            node("start", "trigger", **segment_trigger(segment_id)),
            node("if", "condition", **condition),
            node("yes", "wait", hours=1),
            node("no", "wait", hours=1),
        ],
        "edges": [edge("start", "if"), edge("if", "yes", "yes"), edge("if", "no", "no")],
    }


@pytest.mark.parametrize("kind", sorted(CONDITIONS))
async def test_a_condition_on_an_unreadable_field_is_refused_at_save_and_in_the_dry_run(
    db: Database, demo: dict[str, Any], kind: str
) -> None:
    condition, field = CONDITIONS[kind]
    customers = await customers_with_contacts(db, 1)
    segment_id = await static_segment(db, [c.id for c in customers])
    editor = await builder(db)
    graph = _graph(segment_id, condition)
    with unreadable(field):
        async with db.write() as session:
            with pytest.raises(ForbiddenError) as refused:
                await service.save(session, editor, None, service.JourneyDraft("J", graph))
        assert refused.value.extensions["node"] == "if" and field in refused.value.extensions["fields"]  # type: ignore[operator]
        assert refused.value.render("zh-CN").startswith("节点 if：您无权使用此条件")
        async with db.read() as session:
            with pytest.raises(ForbiddenError):
                await dryrun.dry_run(session, editor, parse(graph), None, 5)


@pytest.mark.parametrize("kind", sorted(CONDITIONS))
async def test_a_condition_whose_owner_lost_the_field_fails_its_step(
    db: Database, demo: dict[str, Any], kind: str
) -> None:
    condition, field = CONDITIONS[kind]
    customers = await customers_with_contacts(db, 2)
    segment_id = await static_segment(db, [c.id for c in customers])
    await active_journey(db, _graph(segment_id, condition))
    await segment_entries(db, T0)
    with unreadable(field):
        assert await run_due(db, T0) == {"stepped": 2, "failed": 2}
    async with db.read() as session:
        statuses = list(await session.scalars(select(JourneyEnrollment.status)))
        steps = list(await session.scalars(select(JourneyStepRun).where(JourneyStepRun.node_id == "if")))
    assert statuses == ["failed", "failed"]
    assert [s.status for s in steps] == ["failed", "failed"] and all("branch" not in s.outcome for s in steps)

"""A journey's actions need the rights their owner would need through the API: tagging needs `Customer.tags`
write, a task `taskCreate`, an audience unmasked emails and phones. Checked at save and activation (editor and
owner) and again before each step runs (rights change)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import delete, select, update

from rapport.core.db import Database
from rapport.core.errors import ForbiddenError
from rapport.customers.service import customer_has_tag
from rapport.identity.models import User, UserRole
from rapport.marketing.journeys import service
from rapport.marketing.journeys.executor import run_due
from rapport.marketing.journeys.models import JourneyEnrollment, JourneyStepRun
from rapport.marketing.journeys.triggers import segment_entries
from tests import factories
from tests.marketing.journey_world import (
    SECRET,
    T0,
    active_journey,
    builder,
    customers_with_contacts,
    edge,
    hook_server,
    node,
    segment_trigger,
    static_segment,
)

ACTIONS = {
    "tag_add": {"tags": ["vip"]},
    "tag_remove": {"tags": ["vip"]},
    "task": {"title": "Call", "dueInHours": 4, "notes": "about the coupon"},
    "audience": {"mode": "file", "audience": "lookalikes"},
}
#: Who may use which action (hand-written from the shipped policy: marketing reads tags and masked contacts only).
MAY = {
    "marketing@demo.example": {"task"},
    "mktmanager@demo.example": {"task"},
    "builder@test.example": set(ACTIONS),
    "admin@demo.example": set(ACTIONS),
}


def _graph(action: str) -> dict[str, Any]:
    trigger = {"kind": "event", "event": "order.placed"}
    return {
        "nodes": [node("start", "trigger", **trigger), node("act", action, **ACTIONS[action])],
        "edges": [edge("start", "act")],
    }


@pytest.mark.parametrize("action", sorted(ACTIONS))
@pytest.mark.parametrize("email", sorted(MAY))
async def test_saving_an_action_needs_the_rights_it_uses(
    db: Database, demo: dict[str, Any], email: str, action: str
) -> None:
    await builder(db)
    editor = await factories.principal(db, email)
    async with db.write() as session:
        if action in MAY[email]:
            journey = await service.save(session, editor, None, service.JourneyDraft("J", _graph(action)))
            await service.set_status(session, editor, journey.id, journey.version, "active")
            return
        with pytest.raises(ForbiddenError) as refused:
            await service.save(session, editor, None, service.JourneyDraft("J", _graph(action)))
    assert refused.value.extensions["node"] == "act"
    assert refused.value.render("zh-CN").startswith("节点 act：您无权使用此操作")


async def _lose(db: Database, email: str, role: str) -> None:
    user = await factories.principal(db, email)
    async with db.write() as session:
        await session.execute(delete(UserRole).where(UserRole.user_id == user.user_id, UserRole.role_name == role))


async def test_activating_checks_the_owner_as_they_are_now(db: Database, demo: dict[str, Any]) -> None:
    owner = await builder(db)
    async with db.write() as session:
        journey = await service.save(session, owner, None, service.JourneyDraft("J", _graph("tag_add")))
    await _lose(db, owner.email, "sales_rep")
    admin = await factories.principal(db, "admin@demo.example")
    async with db.write() as session:
        with pytest.raises(ForbiddenError) as refused:
            await service.set_status(session, admin, journey.id, journey.version, "active")
    assert refused.value.extensions["node"] == "act"
    assert "Customer.tags" in refused.value.render("zh-CN")


@pytest.mark.parametrize("action", ["tag_add", "audience"])
async def test_a_step_whose_owner_lost_the_right_fails_that_enrollment_only(
    db: Database, demo: dict[str, Any], action: str
) -> None:
    customers = await customers_with_contacts(db, 2)
    segment_id = await static_segment(db, [c.id for c in customers])
    graph = _graph(action)
    graph["nodes"][0] = node("start", "trigger", **segment_trigger(segment_id))
    journey_id = await active_journey(db, graph)
    await segment_entries(db, T0)
    await _lose(db, (await builder(db)).email, "sales_rep")
    assert await run_due(db, T0) == {"stepped": 2, "failed": 2}
    async with db.read() as session:
        statuses = list(await session.scalars(select(JourneyEnrollment.status)))
        errors = list(await session.scalars(select(JourneyEnrollment.error)))
        step = await session.scalar(select(JourneyStepRun).where(JourneyStepRun.node_id == "act"))
        tagged = [await customer_has_tag(session, c.id, "vip") for c in customers]
    assert statuses == ["failed", "failed"] and tagged == [False, False]
    assert step is not None and step.status == "failed" and step.journey_id == journey_id
    assert all(e is not None and "act" in e for e in errors)
    assert "emailSha256" not in step.outcome


@pytest.mark.parametrize("action", ["webhook", "audience", "tag_add", "task"])
async def test_every_action_of_a_deactivated_owner_fails_its_enrollment(
    db: Database, demo: dict[str, Any], action: str
) -> None:
    customers = await customers_with_contacts(db, 1)
    segment_id = await static_segment(db, [c.id for c in customers])
    with hook_server() as hooks:
        config = {
            "webhook": {"url": hooks.url, "secret": SECRET},
            "audience": {"mode": "webhook", "audience": "lookalikes", "url": hooks.url, "secret": SECRET},
        }.get(action) or ACTIONS[action]
        graph = {
            "nodes": [node("start", "trigger", **segment_trigger(segment_id)), node("act", action, **config)],
            "edges": [edge("start", "act")],
        }
        await active_journey(db, graph)
        await segment_entries(db, T0)
        owner = await builder(db)
        async with db.write() as session:
            await session.execute(update(User).where(User.id == owner.user_id).values(active=False))
        assert await run_due(db, T0) == {"stepped": 1, "failed": 1}
        assert hooks.received == []
    async with db.read() as session:
        (error,) = await session.scalars(select(JourneyEnrollment.error))
        step = await session.scalar(select(JourneyStepRun).where(JourneyStepRun.node_id == "act"))
    assert step is not None and step.status == "failed" and step.attempts == 1
    assert error == "旅程负责人已停用。"


@pytest.mark.parametrize(
    ("config", "allowed"),
    [
        ({"mode": "webhook", "url": "https://ads.example.com/audiences/a"}, True),
        ({"mode": "webhook", "url": "https://ADS.example.com/audiences/a"}, True),
        ({"mode": "webhook", "url": "http://ads.example.com/audiences/a"}, False),
        ({"mode": "webhook", "url": "https://ads.example.com.evil.example/a"}, False),
        ({"mode": "webhook", "url": "https://collector.example/a"}, False),
        ({"mode": "file"}, False),
    ],
)
async def test_an_audience_for_a_sanctioned_ad_platform_needs_no_unmasked_read(
    db: Database, demo: dict[str, Any], settings: Any, config: dict[str, Any], allowed: bool
) -> None:
    """Hashed identifiers posted server to server to an ad platform an administrator sanctioned are seen by nobody:
    a marketer (masked contacts) may send an audience there, and nowhere else."""
    marketer = await factories.principal(db, "marketing@demo.example")
    sanctioned = settings.model_copy(update={"marketing_audience_hosts": ["ads.example.com"]})
    audience = {"audience": "lookalikes", **config, **({"secret": SECRET} if config["mode"] == "webhook" else {})}
    graph = {
        "nodes": [node("start", "trigger", kind="event", event="order.placed"), node("act", "audience", **audience)],
        "edges": [edge("start", "act")],
    }
    async with db.write() as session:
        if allowed:
            await service.save(session, marketer, None, service.JourneyDraft("J", graph), sanctioned)
            return
        with pytest.raises(ForbiddenError) as refused:
            await service.save(session, marketer, None, service.JourneyDraft("J", graph), sanctioned)
    assert refused.value.extensions["node"] == "act"


def test_production_sanctions_no_ad_platform_unless_configured(settings: Any) -> None:
    production = settings.model_copy(update={"rapport_env": "production"})
    assert production.audience_hosts == frozenset()
    assert settings.audience_hosts == frozenset({"ads.example.com"})
    configured = production.model_copy(update={"marketing_audience_hosts": ["Ads.Partner.example"]})
    assert configured.audience_hosts == frozenset({"ads.partner.example"})

"""Journeys' webhook and audience nodes POST only where integrations' webhooks may: never to private, loopback or
link-local addresses (unless settings allow them, as outside production by default for local receivers),
refused at save naming the node, and again before every call."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from rapport.config import Settings
from rapport.core.db import Database
from rapport.core.errors import BadUserInputError
from rapport.marketing.journeys import service
from rapport.marketing.journeys.executor import run_due
from rapport.marketing.journeys.models import JourneyEnrollment, JourneyStepRun
from rapport.marketing.journeys.triggers import segment_entries
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

UNSAFE = [
    "http://127.0.0.1:8080/hook",
    "http://169.254.169.254/latest/meta-data",
    "https://10.1.2.3/in",
    "http://[::1]:9000/in",
    "http://localhost:8080/hook",  # a name that resolves to loopback
]
NODES = {
    "webhook": {"secret": SECRET},
    "audience": {"mode": "webhook", "audience": "lookalikes", "secret": SECRET},
}


def _graph(kind: str, url: str, trigger: dict[str, Any] | None = None) -> dict[str, Any]:
    trigger = trigger or {"kind": "event", "event": "order.placed"}
    return {
        "nodes": [node("start", "trigger", **trigger), node("out", kind, url=url, **NODES[kind])],
        "edges": [edge("start", "out")],
    }


@pytest.fixture
def strict(settings: Settings) -> Settings:
    """Settings as in production: webhooks may not reach private addresses."""
    return settings.model_copy(update={"webhook_allow_private_addresses": False})


@pytest.mark.parametrize("url", UNSAFE)
@pytest.mark.parametrize("kind", sorted(NODES))
async def test_a_node_posting_to_a_private_address_is_refused_at_save(
    db: Database, demo: dict[str, Any], strict: Settings, kind: str, url: str
) -> None:
    editor = await builder(db)
    async with db.write() as session:
        with pytest.raises(BadUserInputError) as refused:
            await service.save(session, editor, None, service.JourneyDraft("J", _graph(kind, url)), strict)
    assert refused.value.extensions["field"] == "graph"
    assert refused.value.render("zh-CN").startswith("节点 out：")


async def test_production_takes_https_only(db: Database, demo: dict[str, Any], strict: Settings) -> None:
    production = strict.model_copy(update={"rapport_env": "production"})
    editor = await builder(db)
    graph = _graph("webhook", "http://hooks.example/in")
    async with db.write() as session:
        with pytest.raises(BadUserInputError) as refused:
            await service.save(session, editor, None, service.JourneyDraft("J", graph), production)
    assert "https" in refused.value.render("en") and "out" in refused.value.render("en")


@pytest.mark.parametrize("kind", sorted(NODES))
async def test_every_call_checks_the_address_again(
    db: Database, demo: dict[str, Any], strict: Settings, kind: str
) -> None:
    customers = await customers_with_contacts(db, 2)
    segment_id = await static_segment(db, [c.id for c in customers])
    with hook_server() as hooks:
        # Saved where local receivers are allowed; run where they are not (or the name moved to a local address).
        await active_journey(db, _graph(kind, hooks.url, segment_trigger(segment_id)))
        await segment_entries(db, T0)
        counts = await run_due(db, T0, settings=strict)
        assert hooks.received == []
    assert counts == {"stepped": 2, "failed": 2}
    async with db.read() as session:
        steps = list(await session.scalars(select(JourneyStepRun).where(JourneyStepRun.node_id == "out")))
        errors = list(await session.scalars(select(JourneyEnrollment.error)))
    assert [s.status for s in steps] == ["failed", "failed"] and all(s.attempts == 1 for s in steps)
    assert all(e is not None and "out" in e for e in errors)

"""A journey runs with its owner's rights, so nobody else may change what it does behind the owner's back: an
active journey's graph does not change (pause first), whoever saves someone else's journey becomes its owner
(audited), a segment trigger needs a segment the editor may see, and the dry run shows whom the owner's run
would enroll (within what the caller may see)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select, update

from rapport.core.audit import AuditEntry
from rapport.core.db import Database
from rapport.core.errors import BadUserInputError
from rapport.identity.models import User
from rapport.marketing.journeys import dryrun, service
from rapport.marketing.journeys.graph import parse
from rapport.marketing.journeys.models import Journey
from tests import factories
from tests.marketing.journey_world import (
    active_journey,
    builder,
    customers_with_contacts,
    edge,
    node,
    segment_trigger,
    static_segment,
)


def _graph(segment_id: Any, title: str = "Call") -> dict[str, Any]:
    return {
        "nodes": [node("start", "trigger", **segment_trigger(segment_id)), node("t", "task", title=title)],
        "edges": [edge("start", "t")],
    }


async def _segment(db: Database) -> Any:
    customers = await customers_with_contacts(db, 2)
    return await static_segment(db, [c.id for c in customers])


async def test_an_active_journeys_graph_changes_only_once_paused(db: Database, demo: dict[str, Any]) -> None:
    segment_id = await _segment(db)
    journey_id = await active_journey(db, _graph(segment_id))
    owner = await builder(db)
    async with db.read() as session:
        version = await session.scalar(select(Journey.version).where(Journey.id == journey_id))
    other = service.JourneyDraft("J", _graph(segment_id, "Other"), version=version)
    async with db.write() as session:
        with pytest.raises(BadUserInputError) as refused:
            await service.save(session, owner, journey_id, other)
    assert refused.value.render("zh-CN") == "请先暂停旅程，再修改其流程图。"
    async with db.write() as session:
        draft = service.JourneyDraft("Renamed", _graph(segment_id), version=version)
        renamed = await service.save(session, owner, journey_id, draft)
        assert renamed.name == "Renamed"  # the same graph: only the name changed
        moved = _graph(segment_id)
        moved["nodes"][1]["position"] = {"x": 300, "y": 40}
        kept = await service.save(
            session, owner, journey_id, service.JourneyDraft("Renamed", moved, version=renamed.version)
        )
        assert kept.graph["nodes"][1]["position"] == {"x": 300, "y": 40}  # moving a step changes nothing it does
        paused = await service.set_status(session, owner, journey_id, kept.version, "paused")
        changed = await service.save(
            session, owner, journey_id, service.JourneyDraft("J", _graph(segment_id, "X"), version=paused.version)
        )
    assert changed.graph["nodes"][1]["config"]["title"] == "X"


@pytest.mark.parametrize("email", ["mktmanager@demo.example", "admin@demo.example"])
async def test_saving_someone_elses_journey_makes_the_editor_its_owner(
    db: Database, demo: dict[str, Any], email: str
) -> None:
    segment_id = await _segment(db)
    owner = await builder(db)
    editor = await factories.principal(db, email)
    async with db.write() as session:
        journey = await service.save(session, owner, None, service.JourneyDraft("J", _graph(segment_id)))
    async with db.write() as session:
        draft = service.JourneyDraft("J", _graph(segment_id, "Y"), version=journey.version)
        saved = await service.save(session, editor, journey.id, draft)
        assert saved.owner_id == editor.user_id
    async with db.read() as session:
        (entry,) = await session.scalars(select(AuditEntry).where(AuditEntry.action == "take_over"))
    assert entry.actor_id == editor.user_id and entry.entity_id == journey.id
    assert entry.changes == {"owner": [str(owner.user_id), str(editor.user_id)]}


async def test_a_segment_trigger_needs_a_segment_the_editor_may_see(db: Database, demo: dict[str, Any]) -> None:
    segment_id = await _segment(db)  # the builder's; marketing's team scope does not reach it
    marketing = await factories.principal(db, "marketing@demo.example")
    async with db.write() as session:
        with pytest.raises(BadUserInputError) as refused:
            await service.save(session, marketing, None, service.JourneyDraft("J", _graph(segment_id)))
    assert refused.value.render("zh-CN") == "节点 start：没有此 ID 的客群。"


async def test_the_dry_run_enrolls_as_the_owner_would(db: Database, demo: dict[str, Any]) -> None:
    segment_id = await _segment(db)
    journey_id = await active_journey(db, _graph(segment_id))
    admin = await factories.principal(db, "admin@demo.example")

    async def dry() -> int:
        async with db.read() as session:
            journey = await session.get(Journey, journey_id)
            assert journey is not None
            return len(await dryrun.dry_run(session, admin, parse(journey.graph), journey, 10))

    assert await dry() == 2
    # Its owner deactivated, the journey would enroll nobody: neither does its dry run (the admin sees them all).
    async with db.write() as session:
        await session.execute(update(User).where(User.id == (await builder(db)).user_id).values(active=False))
    assert await dry() == 0

"""Journeys' rules: saving a graph (checked, secrets sealed), activating and pausing, and the dry run."""

from __future__ import annotations

import copy
import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.config import Settings
from rapport.core import audit, clock
from rapport.core.errors import BadUserInputError, ConflictError, NotFoundError
from rapport.core.i18n import msg
from rapport.core.ids import uuid7
from rapport.core.mail.outbox import withdraw_queued
from rapport.core.principal import Principal
from rapport.identity.service import active_principal
from rapport.marketing.campaigns.models import MarketingMessage
from rapport.marketing.journeys import rights
from rapport.marketing.journeys.actions import seal_secret
from rapport.marketing.journeys.endpoints import check_endpoints
from rapport.marketing.journeys.graph import Graph, GraphError, parse
from rapport.marketing.journeys.models import Journey, JourneyEnrollment
from rapport.marketing.journeys.triggers import segment_id_of
from rapport.marketing.scopes import visible_journeys
from rapport.marketing.segments.members import current_members
from rapport.marketing.segments.repository import SegmentRepository
from rapport.marketing.sending.ledger import OPEN

#: Config keys that hold secrets (never shown: `secretSet` says one is stored).
SECRET = "secret"  # noqa: S105 (a config key, not a password)
SEALED = "secretEnc"


@dataclass
class JourneyDraft:
    """What `journeySave` changes."""

    name: str
    graph: Any
    allow_reentry: bool = False
    version: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def shown_graph(graph: dict[str, Any]) -> dict[str, Any]:
    """The graph as the editor reads it: sealed secrets replaced by `secretSet: true`."""
    shown = copy.deepcopy(graph)
    for node in shown.get("nodes", []):
        config = node.get("config") or {}
        if config.pop(SEALED, None) is not None:
            config["secretSet"] = True
    return shown


def _seal(journey_id: uuid.UUID, graph: dict[str, Any], previous: dict[str, Any] | None) -> dict[str, Any]:
    """The graph to store: new secrets encrypted; a node saved without its secret keeps the one stored."""
    sealed = copy.deepcopy(graph)
    before = {node.get("id"): node.get("config") or {} for node in (previous or {}).get("nodes", [])}
    for node in sealed["nodes"]:
        config = node.setdefault("config", {})
        config.pop("secretSet", None)
        config.pop(SEALED, None)
        secret = config.pop(SECRET, None)
        if isinstance(secret, str) and secret:
            config[SEALED] = seal_secret(journey_id, secret)
        elif before.get(node["id"], {}).get(SEALED):
            config[SEALED] = before[node["id"]][SEALED]
        node.setdefault("position", {"x": 0, "y": 0})
    return sealed


def _merge_stored_secrets(graph: Any, previous: dict[str, Any] | None) -> Any:
    """The graph with stored secrets filled in where a node omits its own (for validation)."""
    if not isinstance(graph, dict) or not isinstance(graph.get("nodes"), list) or previous is None:
        return graph
    before = {node.get("id"): node.get("config") or {} for node in previous.get("nodes", [])}
    merged = copy.deepcopy(graph)
    for node in merged["nodes"]:
        if isinstance(node, dict) and isinstance(node.get("config"), dict):
            stored = before.get(node.get("id"), {}).get(SEALED)
            if stored and not node["config"].get(SECRET):
                node["config"].pop("secretSet", None)
                node["config"][SEALED] = stored
    return merged


async def visible_journey(session: AsyncSession, principal: Principal, journey_id: uuid.UUID) -> Journey:
    """A journey the caller may see, locked for a change; NOT_FOUND otherwise."""
    statement = select(Journey).where(Journey.id == journey_id, visible_journeys(principal)).with_for_update()
    journey = await session.scalar(statement)
    if journey is None:
        raise NotFoundError(msg("No journey with that id."))
    return journey


def _check_version(journey: Journey, version: int | None) -> None:
    if version is None or version != journey.version:  # a change names the version it read
        raise ConflictError(msg("The journey changed since you read it; reload it and try again."))


def _hosts(settings: Settings | None) -> frozenset[str]:
    return frozenset() if settings is None else settings.audience_hosts


async def _authorize(
    session: AsyncSession, editor: Principal, journey: Journey | None, graph: Graph, settings: Settings | None
) -> None:
    """FORBIDDEN unless the editor and the journey's owner (the editor for a new journey) may do what its actions
    do."""
    owner: Principal | None = editor
    if journey is not None and journey.owner_id != editor.user_id:
        owner = None if journey.owner_id is None else await active_principal(session, journey.owner_id)
    rights.authorize(graph, editor, owner, _hosts(settings))


async def _check_segment(session: AsyncSession, principal: Principal, graph: Graph) -> None:
    """A segment trigger's segment must be one the editor may see (and, when dynamic, whose rules they may read)."""
    trigger = graph.trigger
    if trigger.config.get("kind") != "segment_entry":
        return
    segment_id = segment_id_of(trigger.config["segmentId"])
    source = None if segment_id is None else await SegmentRepository(session).visible(principal, segment_id)
    if source is None:
        raise GraphError(msg("Node {node}: no segment with that id.", node=trigger.id))
    current_members(source, principal)  # FORBIDDEN when its rules test a field the editor may not read


def _behaviour(graph: dict[str, Any] | None) -> Any:
    """What a graph does: its nodes without their positions on the canvas, and its edges."""
    graph = graph or {}
    nodes = [{k: v for k, v in node.items() if k != "position"} for node in graph.get("nodes", [])]
    return nodes, graph.get("edges", [])


def _take_over(session: AsyncSession, journey: Journey, editor: Principal) -> None:
    """The editor of someone else's journey becomes its owner (it runs with its owner's rights: those of who last
    shaped it, never of a teammate who did not see the change); audited."""
    if journey.owner_id == editor.user_id:
        return
    audit.record(
        session,
        actor_id=editor.user_id,
        entity_type="Journey",
        entity_id=journey.id,
        action="take_over",
        changes={"owner": [None if journey.owner_id is None else str(journey.owner_id), str(editor.user_id)]},
    )
    journey.owner_id = editor.user_id


async def save(
    session: AsyncSession,
    principal: Principal,
    journey_id: uuid.UUID | None,
    draft: JourneyDraft,
    settings: Settings | None = None,
) -> Journey:
    """Create a journey (a draft owned by the caller) or change one; the graph is checked first. An active
    journey's graph does not change (pause it first); whoever saves someone else's journey becomes its owner."""
    name = (draft.name or "").strip()
    if not 0 < len(name) <= 200:
        raise BadUserInputError(msg("A journey needs a name of 1 to 200 characters."), field="name")
    journey = None if journey_id is None else await visible_journey(session, principal, journey_id)
    previous = None if journey is None else journey.graph
    graph = parse(_merge_stored_secrets(draft.graph, previous))
    await check_endpoints(graph, settings)
    await _check_segment(session, principal, graph)
    rights.authorize(graph, principal, principal, _hosts(settings))  # the editor, who owns the journey once it is saved
    now = clock.now()
    if journey is None:
        journey = Journey(
            id=uuid7(), status="draft", owner_id=principal.user_id, team_id=principal.team_id, created_at=now
        )
        session.add(journey)
    else:
        _check_version(journey, draft.version)
        if journey.status == "archived":
            raise BadUserInputError(msg("An archived journey cannot change."), field="id")
        if journey.status == "active" and _behaviour(_seal(journey.id, draft.graph, previous)) != _behaviour(previous):
            raise BadUserInputError(msg("Pause the journey before changing its graph."), field="graph")
        _take_over(session, journey, principal)
    journey.name, journey.allow_reentry, journey.updated_at = name, draft.allow_reentry, now
    journey.graph = _seal(journey.id, draft.graph, previous)
    await session.flush()
    return journey


async def set_status(
    session: AsyncSession,
    principal: Principal,
    journey_id: uuid.UUID,
    version: int | None,
    status: str,
    settings: Settings | None = None,
) -> Journey:
    """Activate (draft or paused) or pause (active) a journey."""
    journey = await visible_journey(session, principal, journey_id)
    _check_version(journey, version)
    allowed = {"active": ("draft", "paused", "active"), "paused": ("active", "paused")}[status]
    if journey.status not in allowed:
        raise BadUserInputError(
            msg("A {status} journey cannot become {wanted}.", status=journey.status, wanted=status), field="id"
        )
    if status == "active":
        graph = parse(journey.graph)
        await check_endpoints(graph, settings)
        await _authorize(session, principal, journey, graph, settings)
        if journey.activated_at is None:
            journey.activated_at = clock.now()
    journey.status, journey.updated_at = status, clock.now()
    await session.flush()
    return journey


def _record(
    session: AsyncSession, principal: Principal, journey: Journey, action: str, changes: dict[str, Any]
) -> None:
    audit.record(
        session, actor_id=principal.user_id, entity_type="Journey", entity_id=journey.id, action=action, changes=changes
    )


async def archive(session: AsyncSession, principal: Principal, journey_id: uuid.UUID, version: int | None) -> Journey:
    """Retire a journey: hidden from the default list, it enrolls no one and its enrollments stay where they are
    without advancing (an active journey stops at once, as a pause would); `restore` brings it back, paused."""
    journey = await visible_journey(session, principal, journey_id)
    _check_version(journey, version)
    if journey.status == "archived":
        raise BadUserInputError(msg("The journey is archived already."), field="id")
    before = journey.status
    journey.status, journey.updated_at = "archived", clock.now()
    # What it had not sent yet (waiting for quiet hours, a rate or a retry) is not sent: skipped in the ledger,
    # and its emails still in the outbox withdrawn. (A pause only holds them: they go once it is active again.)
    await session.execute(
        update(MarketingMessage)
        .where(MarketingMessage.journey_id == journey.id, MarketingMessage.status.in_(OPEN))
        .values(status="skipped", skip_reason="journey_archived")
    )
    await withdraw_queued(session, ("", []), ("Journey", [journey.id]), "journey archived")
    await session.flush()
    _record(session, principal, journey, "archive", {"status": [before, "archived"]})
    return journey


async def restore(session: AsyncSession, principal: Principal, journey_id: uuid.UUID, version: int | None) -> Journey:
    """Bring an archived journey back: paused when it ever ran (activate it to go on), else a draft."""
    journey = await visible_journey(session, principal, journey_id)
    _check_version(journey, version)
    if journey.status != "archived":
        raise BadUserInputError(msg("Only an archived journey can be restored."), field="id")
    journey.status = "draft" if journey.activated_at is None else "paused"
    journey.updated_at = clock.now()
    await session.flush()
    _record(session, principal, journey, "restore", {"status": ["archived", journey.status]})
    return journey


async def delete(session: AsyncSession, principal: Principal, journey_id: uuid.UUID, version: int | None) -> None:
    """Delete a journey that never ran (a draft never activated, nobody enrolled); one that ran is archived instead,
    so its enrollments, step runs and messages stay on record."""
    journey = await visible_journey(session, principal, journey_id)
    _check_version(journey, version)
    enrolled = select(JourneyEnrollment.id).where(JourneyEnrollment.journey_id == journey.id).limit(1)
    if journey.status != "draft" or journey.activated_at is not None or await session.scalar(enrolled) is not None:
        raise BadUserInputError(msg("This journey has run: archive it instead of deleting it."), field="id")
    _record(session, principal, journey, "delete", {"name": [journey.name, None], "status": [journey.status, None]})
    await session.delete(journey)
    await session.flush()

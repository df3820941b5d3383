"""Journeys' rules: saving a graph (checked, secrets sealed), activating and pausing, and the dry run."""

from __future__ import annotations

import copy
import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core import clock
from rapport.core.errors import BadUserInputError, ConflictError, NotFoundError
from rapport.core.i18n import msg
from rapport.core.ids import uuid7
from rapport.core.principal import Principal
from rapport.marketing.journeys.actions import seal_secret
from rapport.marketing.journeys.graph import parse
from rapport.marketing.journeys.models import Journey
from rapport.marketing.scopes import visible_journeys

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


async def save(
    session: AsyncSession, principal: Principal, journey_id: uuid.UUID | None, draft: JourneyDraft
) -> Journey:
    """Create a journey (a draft owned by the caller) or change one; the graph is checked first."""
    name = (draft.name or "").strip()
    if not 0 < len(name) <= 200:
        raise BadUserInputError(msg("A journey needs a name of 1 to 200 characters."), field="name")
    journey = None if journey_id is None else await visible_journey(session, principal, journey_id)
    previous = None if journey is None else journey.graph
    parse(_merge_stored_secrets(draft.graph, previous))
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
    journey.name, journey.allow_reentry, journey.updated_at = name, draft.allow_reentry, now
    journey.graph = _seal(journey.id, draft.graph, previous)
    await session.flush()
    return journey


async def set_status(
    session: AsyncSession, principal: Principal, journey_id: uuid.UUID, version: int | None, status: str
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
        parse(journey.graph)
        if journey.activated_at is None:
            journey.activated_at = clock.now()
    journey.status, journey.updated_at = status, clock.now()
    await session.flush()
    return journey

"""The pipeline's stages as data an administrator edits: order, win probability, approval gate."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core.errors import BadUserInputError
from rapport.core.i18n import msg, renames
from rapport.core.principal import Principal
from rapport.sales.admin import load_or_new, record_save
from rapport.sales.models import PipelineStage, money
from rapport.sales.pipeline.repository import PipelineRepository


async def save_stage(
    session: AsyncSession, actor: Principal, stage_id: uuid.UUID | None, version: int | None, values: Mapping[str, Any]
) -> PipelineStage:
    """Create or change a pipeline stage (order, win probability, approval gate)."""
    probability = values.get("probability")
    if not isinstance(probability, int) or not 0 <= probability <= 100:
        raise BadUserInputError("The probability is a percentage from 0 to 100.", field="probability")
    threshold = values.get("approval_threshold")
    if threshold is not None:
        values = {**values, "approval_threshold": money(threshold, "approvalThreshold")}
    if not (values.get("name") or "").strip():
        raise BadUserInputError("Name the stage.", field="name")
    stages = await PipelineRepository(session).stages()
    key = values.get("key")
    if key is not None and any(s.key == key and s.id != stage_id for s in stages):
        raise BadUserInputError(msg("Another stage has the key {key}.", key=key), field="key")
    if stage_id is None and not key:
        raise BadUserInputError("Give a new stage a key, e.g. negotiation.", field="key")
    stage: PipelineStage = await load_or_new(session, PipelineStage, stage_id, version, "stage")
    if stage_id is None and values.get("position") is None:
        stage.position = max((s.position for s in stages), default=0) + 1
    name = values.get("name")
    if name is not None and (stage_id is None or renames(stage.name, stage.labels, name)):
        stage.name, stage.labels = name, None  # a name people type stays as typed
    for key in ("key", "position", "probability", "requires_approval", "is_won", "is_lost"):
        if values.get(key) is not None:
            setattr(stage, key, values[key])
    if "approval_threshold" in values:  # null: approval at any amount
        stage.approval_threshold = values["approval_threshold"]
    for key in ("requires_approval", "is_won", "is_lost"):
        if getattr(stage, key) is None:
            setattr(stage, key, False)
    if stage.is_won and stage.is_lost:
        raise BadUserInputError("A stage cannot be both won and lost.", field="isLost")
    await session.flush()
    record_save(session, actor, "PipelineStage", stage.id, values)
    return stage

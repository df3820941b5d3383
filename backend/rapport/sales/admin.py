"""What saving a sales rule has in common (assignment rules, stages, pool rules, targets): load and audit."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core import audit, clock
from rapport.core.errors import ConflictError, NotFoundError
from rapport.core.i18n import msg
from rapport.core.ids import uuid7
from rapport.core.principal import Principal

#: What a row is, as a word of the reader's language.
_WHAT = {
    "target": msg("target"),
    "assignment rule": msg("assignment rule"),
    "stage": msg("stage"),
    "pool rule": msg("pool rule"),
}


async def load_or_new(
    session: AsyncSession, model: Any, row_id: uuid.UUID | None, version: int | None, what: str
) -> Any:
    """The row to save, locked and checked against the version read; a new row when `row_id` is None."""
    now = clock.now()
    if row_id is None:
        row = model(id=uuid7(), version=1, created_at=now, updated_at=now)
        session.add(row)
        return row
    row = await session.get(model, row_id, with_for_update=True)
    if row is None:
        raise NotFoundError(msg("No {what} with that id.", what=_WHAT.get(what, what)))
    if version is not None and row.version != version:
        raise ConflictError(
            msg("The {what} was changed by someone else; reload it.", what=_WHAT.get(what, what)),
            currentVersion=row.version,
        )
    row.updated_at = now
    return row


def record_save(
    session: AsyncSession, actor: Principal, entity: str, row_id: uuid.UUID, values: Mapping[str, Any]
) -> None:
    """Audit a saved rule: the values given."""
    audit.record(
        session,
        actor_id=actor.user_id,
        entity_type=entity,
        entity_id=row_id,
        action="save",
        changes={k: [None, str(v)] for k, v in values.items()},
    )

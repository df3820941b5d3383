"""The audit log: who changed (or read unmasked) what, when, with the old and new values."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from rapport.core import clock
from rapport.core.db import Base, IdMixin
from rapport.core.ids import uuid7
from rapport.core.logging import request_id


class AuditEntry(IdMixin, Base):
    """One audited action on one entity."""

    __tablename__ = "audit_entry"
    __table_args__ = (
        Index("ix_audit_entry_entity", "entity_type", "entity_id", "at"),
        Index("ix_audit_entry_at", "at"),
    )

    actor_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    entity_type: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[uuid.UUID | None]
    action: Mapped[str] = mapped_column(String(32))
    changes: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    at: Mapped[datetime]
    request_id: Mapped[str | None] = mapped_column(String(64))


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """`{field: [old, new]}` for the fields whose value changed."""
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


def record(
    session: AsyncSession,
    *,
    actor_id: uuid.UUID | None,
    entity_type: str,
    entity_id: uuid.UUID | None,
    action: str,
    changes: Mapping[str, Any] | None = None,
) -> AuditEntry:
    """Add an audit entry to the current unit of work (written in the same transaction as the change)."""
    entry = AuditEntry(
        **row(actor_id=actor_id, entity_type=entity_type, entity_id=entity_id, action=action, changes=changes)
    )
    session.add(entry)
    return entry


def row(
    *,
    actor_id: uuid.UUID | None,
    entity_type: str,
    entity_id: uuid.UUID | None,
    action: str,
    changes: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """An audit entry's columns, for writing many at once (`rapport.core.bulk.copy_rows`) as `record` would."""
    return {
        "id": uuid7(),
        "actor_id": actor_id,
        "entity_type": entity_type,
        "entity_id": entity_id,
        "action": action,
        "changes": _jsonable(dict(changes or {})),
        "at": clock.now(),
        "request_id": request_id.get(),
    }


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)

"""Imports: saved mapping templates, each uploaded batch with where its run stands, and what each row did (for the
progress, the rejected-rows file, resuming after a crash and undo)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, LargeBinary, String, Text, UniqueConstraint, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from rapport.core.db import Base, IdMixin

STATUSES = ("uploaded", "queued", "running", "done", "failed", "undone")
STRATEGIES = ("skip", "update_empty", "update_all", "merge")


class ImportTemplate(IdMixin, Base):
    """A saved mapping of an old system's columns and values, reused for its next file."""

    __tablename__ = "import_template"
    __table_args__ = (UniqueConstraint("kind", "name"),)

    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(16))
    columns: Mapped[dict[str, Any]] = mapped_column(JSONB)
    values: Mapped[dict[str, Any]] = mapped_column(JSONB)
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class ImportBatch(IdMixin, Base):
    """One uploaded file (encrypted) and one run of it."""

    __tablename__ = "import_batch"
    __table_args__ = (
        CheckConstraint(f"status IN {STATUSES}", name="status_valid"),
        CheckConstraint(f"strategy IN {STRATEGIES}", name="strategy_valid"),
        Index("ix_import_batch_user_created", "user_id", "created_at"),
        Index("ix_import_batch_waiting", "created_at", postgresql_where=text("status IN ('queued', 'running')")),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    filename: Mapped[str] = mapped_column(Text)
    #: The upload, encrypted (base64 inside); dropped when the batch can no longer be undone.
    #: Loaded only where asked for (`service.own_batch(..., with_file=True)`): lists of imports never read files.
    file_enc: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True, deferred_raiseload=True)
    sheet: Mapped[str | None] = mapped_column(Text)
    columns: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    values: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    strategy: Mapped[str] = mapped_column(String(16), default="skip")
    #: Whether rows that only resemble a customer by name are created anyway (else they are reported, not written).
    create_similar: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(16), default="uploaded")
    total: Mapped[int] = mapped_column(Integer, default=0)
    done: Mapped[int] = mapped_column(Integer, default=0)
    created: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    skipped: Mapped[int] = mapped_column(Integer, default=0)
    rejected: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    heartbeat_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    undone_at: Mapped[datetime | None]


class ImportRow(Base):
    """What one row of a batch did: created, updated, skipped or rejected, with what undo needs."""

    __tablename__ = "import_row"
    __table_args__ = (
        CheckConstraint("action IN ('created', 'updated', 'skipped', 'rejected')", name="action_valid"),
        Index("ix_import_row_entity", "entity_id"),
    )

    batch_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("import_batch.id", ondelete="CASCADE"), primary_key=True)
    #: The row's number in the sheet, counting the header as row 1 (as a spreadsheet shows it).
    row: Mapped[int] = mapped_column(Integer, primary_key=True)
    action: Mapped[str] = mapped_column(String(16))
    entity_id: Mapped[uuid.UUID | None]
    #: The record's version right after the import wrote it: undo leaves a record changed since.
    version: Mapped[int | None] = mapped_column(Integer)
    #: What undo restores (updated rows: the fields' previous values; contacts the row added).
    before: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    #: Why the row was rejected or skipped: [{"column": header or null, "message": {...}}].
    problems: Mapped[list[Any] | None] = mapped_column(JSONB)

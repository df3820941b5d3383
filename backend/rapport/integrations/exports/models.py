"""One export: what was asked (list, format, the list's variables), where its run stands, and the file."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, LargeBinary, String, Text, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from rapport.core.db import Base, IdMixin


class ExportFile(IdMixin, Base):
    """A requested export and its file (encrypted at rest, kept for `EXPORT_RETENTION_DAYS`)."""

    __tablename__ = "export_file"
    __table_args__ = (
        CheckConstraint("status IN ('queued', 'running', 'done', 'failed')", name="status_valid"),
        CheckConstraint("format IN ('csv', 'xlsx')", name="format_valid"),
        Index("ix_export_file_user_created", "user_id", "created_at"),
        Index("ix_export_file_waiting", "created_at", postgresql_where=text("status IN ('queued', 'running')")),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"))
    list: Mapped[str] = mapped_column(String(32))
    format: Mapped[str] = mapped_column(String(8))
    variables: Mapped[dict[str, Any]] = mapped_column(JSONB)
    locale: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(16), default="queued")
    rows: Mapped[int] = mapped_column(Integer, default=0)
    #: Why it failed, as a message (`rapport.core.i18n.Message.to_json`).
    error: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    filename: Mapped[str | None] = mapped_column(Text)
    #: Loaded only by the download (lists of exports never read files).
    content_enc: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True, deferred_raiseload=True)
    #: When a worker last worked on it: a run silent for long (its worker died) is taken up again.
    heartbeat_at: Mapped[datetime | None]
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]

"""The table of dashboard layouts: a user's own, or one an administrator published to a role."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from rapport.core.db import Base, IdMixin, VersionedMixin


class DashboardLayout(IdMixin, VersionedMixin, Base):
    """The widgets of one page (`home` or `dashboards`), placed on a grid of 12 columns.

    Exactly one of `user_id` (a user's own layout) and `role` (published to everyone holding the role) is set; a
    user has at most one own layout per page, a role at most one published layout per page."""

    __tablename__ = "dashboard_layout"
    __table_args__ = (
        CheckConstraint("page IN ('home', 'dashboards')", name="page_valid"),
        CheckConstraint("(user_id IS NULL) <> (role IS NULL)", name="owner_xor_role"),
        Index("uq_dashboard_layout_user", "page", "user_id", unique=True, postgresql_where=text("user_id IS NOT NULL")),
        Index("uq_dashboard_layout_role", "page", "role", unique=True, postgresql_where=text("role IS NOT NULL")),
    )

    page: Mapped[str] = mapped_column(String(16))
    user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"))
    role: Mapped[str | None] = mapped_column(ForeignKey("role.name", ondelete="CASCADE"))
    #: [{id, kind, x, y, w, h, period, filters}] as the API shows them (checked by `layouts.widgets`).
    widgets: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)
    updated_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))

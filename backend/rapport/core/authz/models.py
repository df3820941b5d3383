"""The policy table (Casbin rules), owned by Alembic, read and written through the Casbin adapter."""

from __future__ import annotations

from sqlalchemy import Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from rapport.core.db import Base


class PolicyRule(Base):
    """One Casbin rule: `p, role, object, action` or `g, role, parent`."""

    __tablename__ = "casbin_rule"
    __table_args__ = (Index("ix_casbin_rule_ptype_v0", "ptype", "v0"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    ptype: Mapped[str] = mapped_column(String(255))
    v0: Mapped[str | None] = mapped_column(String(255))
    v1: Mapped[str | None] = mapped_column(String(255))
    v2: Mapped[str | None] = mapped_column(String(255))
    v3: Mapped[str | None] = mapped_column(String(255))
    v4: Mapped[str | None] = mapped_column(String(255))
    v5: Mapped[str | None] = mapped_column(String(255))

    def __str__(self) -> str:
        """The rule as a Casbin policy line (the adapter loads rules through this)."""
        values = [self.ptype, self.v0, self.v1, self.v2, self.v3, self.v4, self.v5]
        while values and values[-1] is None:
            values.pop()
        return ", ".join(v or "" for v in values)

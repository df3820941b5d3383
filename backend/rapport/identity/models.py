"""Tables of the identity domain."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from rapport.core.db import Base, IdMixin, VersionedMixin
from rapport.core.ids import uuid7

#: Every role Rapport ships; the authorization policy gives each its fields and scopes.
SHIPPED_ROLES: dict[str, str] = {
    "admin": "Administers users, teams, roles, the permission matrix and every rule.",
    "sales_director": "Sees all of sales, approves gated pipeline stages.",
    "sales_manager": "Sees the team subtree, allocates the public pool.",
    "sales_rep": "Owns customers, leads and opportunities.",
    "service_supervisor": "Assigns tickets, receives SLA escalations.",
    "service_agent": "Works the ticket queue.",
    "marketing_manager": "Builds segments and campaigns, approves large sends, sees all of marketing.",
    "marketing": "Builds segments and campaigns.",
    "analyst": "Reads aggregates and masked personal data.",
    "integrator": "API access for other systems.",
    "customer": "A customer's contact using the self-service portal.",
}


class Team(IdMixin, VersionedMixin, Base):
    """A team; `path` holds the ids from the root down to this team, for subtree queries."""

    __tablename__ = "team"

    name: Mapped[str] = mapped_column(String(200))
    parent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("team.id", ondelete="RESTRICT"))
    manager_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL", use_alter=True))
    path: Mapped[str] = mapped_column(Text, index=True)
    kind: Mapped[str] = mapped_column(String(20), default="sales")


class User(IdMixin, VersionedMixin, Base):
    """A person who signs in (staff, integrator service account or portal contact)."""

    __tablename__ = "app_user"

    email: Mapped[str] = mapped_column(String(320), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str | None] = mapped_column(Text)
    locale: Mapped[str] = mapped_column(String(10), default="zh-CN")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    team_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("team.id", ondelete="SET NULL"), index=True)

    roles: Mapped[list[UserRole]] = relationship(lazy="raise", cascade="all, delete-orphan")


class Role(Base):
    """A named role; inheritance between roles lives in the authorization policy."""

    __tablename__ = "role"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    description: Mapped[str] = mapped_column(Text, default="")


class UserRole(Base):
    """A role given to a user."""

    __tablename__ = "user_role"

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), primary_key=True)
    role_name: Mapped[str] = mapped_column(ForeignKey("role.name", ondelete="CASCADE"), primary_key=True)


class AuthSession(Base):
    """A sign-in session; the cookie carries the token, the table only its SHA-256."""

    __tablename__ = "auth_session"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid7)
    token_hash: Mapped[bytes] = mapped_column(LargeBinary(32), unique=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime] = mapped_column(index=True)
    address: Mapped[str | None] = mapped_column(String(64))
    user_agent: Mapped[str | None] = mapped_column(String(400))


class ApiToken(Base):
    """A bearer token for integrations; acts as its user, stored as a SHA-256, revocable."""

    __tablename__ = "api_token"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid7)
    name: Mapped[str] = mapped_column(String(200))
    prefix: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[bytes] = mapped_column(LargeBinary(32), unique=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), index=True)
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime | None]
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]


class LoginFailure(Base):
    """One failed sign-in, kept for a while to rate-limit by account and by address."""

    __tablename__ = "login_failure"
    __table_args__ = (
        Index("ix_login_failure_email_at", "email", "at"),
        Index("ix_login_failure_address_at", "address", "at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid7)
    email: Mapped[str] = mapped_column(String(320))
    address: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime]


class SystemFlag(Base):
    """A one-time fact about this installation, e.g. that demo data was seeded on first start."""

    __tablename__ = "system_flag"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    set_at: Mapped[datetime]

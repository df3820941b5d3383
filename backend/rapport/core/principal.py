"""Who is making a request: the signed-in user or API token, with roles and team."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal


@dataclass(frozen=True, slots=True)
class Principal:
    """The authenticated caller of one request or websocket."""

    user_id: uuid.UUID
    email: str
    name: str
    locale: str
    roles: frozenset[str]
    team_id: uuid.UUID | None
    team_path: str | None
    via: Literal["session", "token"]
    credential_id: uuid.UUID
    extra: dict[str, object] = field(default_factory=dict, compare=False)
    #: When the session or API token stops working (None: never, or not known).
    expires_at: datetime | None = None

    def has_role(self, role: str) -> bool:
        """True when the caller holds this role directly."""
        return role in self.roles

    @property
    def is_admin(self) -> bool:
        """True for administrators."""
        return "admin" in self.roles

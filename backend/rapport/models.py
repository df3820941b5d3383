"""Imports every domain's tables so that `metadata` describes the whole database (for Alembic)."""

from __future__ import annotations

from rapport.core.db import Base
from rapport.identity import models as identity_models

metadata = Base.metadata

__all__ = ["identity_models", "metadata"]

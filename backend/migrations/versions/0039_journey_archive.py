"""Retiring journeys: the rules of policy/0039_journey_archive.csv (journeyArchive, journeyRestore, journeyDelete,
granted like the other journey mutations). The `archived` status was in the journey's CHECK from the start; no
table changes.

Revision ID: 0039
Revises: 0037
"""

from collections.abc import Sequence
from pathlib import Path

from alembic import op

from rapport.core.authz.policy import add_shipped_rules, remove_shipped_rules

revision: str = "0039"
down_revision: str | None = "0038"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RULES = Path(__file__).resolve().parents[1] / "policy" / "0039_journey_archive.csv"


def upgrade() -> None:
    add_shipped_rules(op.get_bind(), RULES)


def downgrade() -> None:
    remove_shipped_rules(op.get_bind(), RULES)

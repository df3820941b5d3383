"""Segments: adds the rules of policy/0031_segments.csv that a database lacks (marketing builds its team's segments,
marketing managers and admins all, analysts read them; marketing reads the product catalogue its rules name).

Revision ID: 0031
Revises: 0030
"""

from collections.abc import Sequence
from pathlib import Path

from alembic import op

from rapport.core.authz.policy import add_shipped_rules, remove_shipped_rules

revision: str = "0031"
down_revision: str | None = "0030"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RULES = Path(__file__).resolve().parents[1] / "policy" / "0031_segments.csv"


def upgrade() -> None:
    add_shipped_rules(op.get_bind(), RULES)


def downgrade() -> None:
    remove_shipped_rules(op.get_bind(), RULES)

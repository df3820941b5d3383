"""Sales performance per rep and team shows the target of the period and how much of it is won.

Adds the rules of policy/0016_rep_target_attainment.csv that a database lacks (`SalesPerformanceRow.target` and
`.attainment`, for the roles that read the rest of the row), leaving every other rule alone.

Revision ID: 0016
Revises: 0015
"""

from collections.abc import Sequence
from pathlib import Path

from alembic import op

from rapport.core.authz.policy import add_shipped_rules, remove_shipped_rules

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RULES = Path(__file__).resolve().parents[1] / "policy" / "0016_rep_target_attainment.csv"


def upgrade() -> None:
    add_shipped_rules(op.get_bind(), RULES)


def downgrade() -> None:
    remove_shipped_rules(op.get_bind(), RULES)

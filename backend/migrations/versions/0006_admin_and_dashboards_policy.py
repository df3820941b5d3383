"""Policy rules for the audit log, user and team administration, the sales force and service agents lists, trends.

Adds the rules of policy/0006_admin_and_dashboards.csv that a database lacks, leaving every other rule (and an
administrator's edits) alone.

Revision ID: 0006
Revises: 0005
"""

from collections.abc import Sequence
from pathlib import Path

from alembic import op

from rapport.core.authz.policy import add_shipped_rules, remove_shipped_rules

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RULES = Path(__file__).resolve().parents[1] / "policy" / "0006_admin_and_dashboards.csv"


def upgrade() -> None:
    add_shipped_rules(op.get_bind(), RULES)


def downgrade() -> None:
    remove_shipped_rules(op.get_bind(), RULES)

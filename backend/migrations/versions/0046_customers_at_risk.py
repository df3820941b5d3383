"""The list of customers at churn risk: the rules of policy/0046_customers_at_risk.csv (the roles that read
`Customer.churnRisk` may list their customers by it, within their Customer row scope).

Revision ID: 0046
Revises: 0045
"""

from collections.abc import Sequence
from pathlib import Path

from alembic import op

from rapport.core.authz.policy import add_shipped_rules, remove_shipped_rules

revision: str = "0046"
down_revision: str | None = "0045"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RULES = Path(__file__).resolve().parents[1] / "policy" / "0046_customers_at_risk.csv"


def upgrade() -> None:
    add_shipped_rules(op.get_bind(), RULES)


def downgrade() -> None:
    remove_shipped_rules(op.get_bind(), RULES)

"""Public-pool rules count events of the customer as contact: `pool_rule.counted_events`.

Besides its owner's follow-ups, an order placed, a deal won or a ticket opened may count as contact with the
customer, per rule. Existing rules count orders and won deals (a customer who bought 18 days ago is not "without
follow-up"), tickets not. Adds the rules of policy/0014_pool_counted_events.csv that a database lacks.

Revision ID: 0014
Revises: 0011
"""

from collections.abc import Sequence
from pathlib import Path

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from rapport.core.authz.policy import add_shipped_rules, remove_shipped_rules

revision: str = "0014"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RULES = Path(__file__).resolve().parents[1] / "policy" / "0014_pool_counted_events.csv"


def upgrade() -> None:
    op.add_column(
        "pool_rule",
        sa.Column(
            "counted_events",
            postgresql.ARRAY(sa.String(length=16)),
            server_default="{order,won_deal}",
            nullable=False,
        ),
    )
    add_shipped_rules(op.get_bind(), RULES)


def downgrade() -> None:
    remove_shipped_rules(op.get_bind(), RULES)
    op.drop_column("pool_rule", "counted_events")

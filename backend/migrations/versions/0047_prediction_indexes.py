"""Indexes for the predictions' reads: the open deals changed lately (the minute's win rescoring reads only them,
not every open deal) and churn scores by probability and customer (the customers at risk, riskiest first, read a
page at a time by their keyset instead of sorting every scored customer).

Revision ID: 0047
Revises: 0046
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0047"
down_revision: str | None = "0046"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_opportunity_open_updated", "opportunity", ["updated_at"], postgresql_where=sa.text("status = 'open'")
    )
    op.create_index("ix_customer_churn_score_rank", "customer_churn_score", ["probability", "customer_id"])


def downgrade() -> None:
    op.drop_index("ix_customer_churn_score_rank", table_name="customer_churn_score")
    op.drop_index("ix_opportunity_open_updated", table_name="opportunity")

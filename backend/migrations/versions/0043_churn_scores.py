"""Churn scores: each customer's latest churn probability with its reasons, the previous score beside it, and its
place in the high-risk hysteresis; and the rules of policy/0043_churn_scores.csv (who reads `Customer.churnRisk`).

Revision ID: 0043
Revises: 0042
"""

from collections.abc import Sequence
from pathlib import Path

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from rapport.core.authz.policy import add_shipped_rules, remove_shipped_rules

revision: str = "0043"
down_revision: str | None = "0042"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RULES = Path(__file__).resolve().parents[1] / "policy" / "0043_churn_scores.csv"


def upgrade() -> None:
    op.create_table(
        "customer_churn_score",
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("run_id", sa.Uuid(), nullable=True),
        sa.Column("probability", sa.Float(), nullable=False),
        sa.Column("reasons", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("small_data", sa.Boolean(), nullable=False),
        sa.Column("scored_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("previous_probability", sa.Float(), nullable=True),
        sa.Column("previous_scored_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("previous_reasons", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("high", sa.Boolean(), nullable=False),
        sa.Column("high_since", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customer.id"],
            name=op.f("fk_customer_churn_score_customer_id_customer"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["prediction_model_run.id"],
            name=op.f("fk_customer_churn_score_run_id_prediction_model_run"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("customer_id", name=op.f("pk_customer_churn_score")),
    )
    op.create_index(
        "ix_customer_churn_score_high",
        "customer_churn_score",
        ["probability"],
        postgresql_where=sa.text("high"),
    )
    add_shipped_rules(op.get_bind(), RULES)


def downgrade() -> None:
    remove_shipped_rules(op.get_bind(), RULES)
    op.drop_index("ix_customer_churn_score_high", table_name="customer_churn_score")
    op.drop_table("customer_churn_score")

"""Win probability: each open opportunity's latest score (with the one before it and its reasons), and the rules of
policy/0044_win_probability.csv (sales roles, analysts and administrators read scores, the forecast and the
retrospective within their Opportunity row scope).

Revision ID: 0044
Revises: 0043
"""

from collections.abc import Sequence
from pathlib import Path

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from rapport.core.authz.policy import add_shipped_rules, remove_shipped_rules

revision: str = "0044"
down_revision: str | None = "0043"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RULES = Path(__file__).resolve().parents[1] / "policy" / "0044_win_probability.csv"


def upgrade() -> None:
    op.create_table(
        "opportunity_win_score",
        sa.Column("opportunity_id", sa.Uuid(), nullable=False),
        sa.Column("probability", sa.Float(), nullable=False),
        sa.Column("previous_probability", sa.Float(), nullable=True),
        sa.Column("previous_scored_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("small_data", sa.Boolean(), nullable=False),
        sa.Column("reasons", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("run_id", sa.Uuid(), nullable=True),
        sa.Column("scored_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["opportunity_id"],
            ["opportunity.id"],
            name=op.f("fk_opportunity_win_score_opportunity_id_opportunity"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["prediction_model_run.id"],
            name=op.f("fk_opportunity_win_score_run_id_prediction_model_run"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("opportunity_id", name=op.f("pk_opportunity_win_score")),
    )
    add_shipped_rules(op.get_bind(), RULES)


def downgrade() -> None:
    remove_shipped_rules(op.get_bind(), RULES)
    op.drop_table("opportunity_win_score")

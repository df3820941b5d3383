"""Prediction model runs: each training of a model (churn, win) with its held-out measures and calibration by decile,
and the rules of policy/0040_prediction_runs.csv (administrators and analysts read them).

Revision ID: 0040
Revises: 0039
"""

from collections.abc import Sequence
from pathlib import Path

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from rapport.core.authz.policy import add_shipped_rules, remove_shipped_rules

revision: str = "0040"
down_revision: str | None = "0039"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RULES = Path(__file__).resolve().parents[1] / "policy" / "0040_prediction_runs.csv"


def upgrade() -> None:
    op.create_table(
        "prediction_model_run",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("trained_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("train_as_of", sa.DateTime(timezone=True), nullable=False),
        sa.Column("test_as_of", sa.DateTime(timezone=True), nullable=False),
        sa.Column("train_rows", sa.Integer(), nullable=False),
        sa.Column("test_rows", sa.Integer(), nullable=False),
        sa.Column("positives", sa.Integer(), nullable=False),
        sa.Column("auc", sa.Float(), nullable=True),
        sa.Column("baseline_auc", sa.Float(), nullable=True),
        sa.Column("precision_top_decile", sa.Float(), nullable=True),
        sa.Column("brier", sa.Float(), nullable=True),
        sa.Column("baseline_brier", sa.Float(), nullable=True),
        sa.Column("promoted", sa.Boolean(), nullable=False),
        sa.Column("small_data", sa.Boolean(), nullable=False),
        sa.Column("note", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("parameters", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("duration_ms", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prediction_model_run")),
    )
    op.create_index("ix_prediction_model_run_kind", "prediction_model_run", ["kind", "trained_at"])
    op.create_table(
        "prediction_run_bin",
        sa.Column("run_id", sa.Uuid(), nullable=False),
        sa.Column("decile", sa.SmallInteger(), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("predicted", sa.Float(), nullable=False),
        sa.Column("observed", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["prediction_model_run.id"],
            name=op.f("fk_prediction_run_bin_run_id_prediction_model_run"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("run_id", "decile", name=op.f("pk_prediction_run_bin")),
    )
    add_shipped_rules(op.get_bind(), RULES)


def downgrade() -> None:
    remove_shipped_rules(op.get_bind(), RULES)
    op.drop_table("prediction_run_bin")
    op.drop_index("ix_prediction_model_run_kind", table_name="prediction_model_run")
    op.drop_table("prediction_model_run")

"""Training a prediction model now: the requests administrators queue (at most one queued or running per model, a
partial unique index) and the rules of policy/0048_prediction_training.csv (administrators ask; administrators and
analysts read where each model's newest request stands).

Revision ID: 0048
Revises: 0047
"""

from collections.abc import Sequence
from pathlib import Path

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from rapport.core.authz.policy import add_shipped_rules, remove_shipped_rules

revision: str = "0048"
down_revision: str | None = "0047"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RULES = Path(__file__).resolve().parents[1] / "policy" / "0048_prediction_training.csv"


def upgrade() -> None:
    op.create_table(
        "prediction_training_request",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("requested_by_id", sa.Uuid(), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("run_id", sa.Uuid(), nullable=True),
        sa.Column("error", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.CheckConstraint(
            "status IN ('queued', 'running', 'done', 'failed')",
            name=op.f("ck_prediction_training_request_status_valid"),
        ),
        sa.CheckConstraint("kind IN ('churn', 'win')", name=op.f("ck_prediction_training_request_kind_valid")),
        sa.ForeignKeyConstraint(
            ["requested_by_id"],
            ["app_user.id"],
            name=op.f("fk_prediction_training_request_requested_by_id_app_user"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["prediction_model_run.id"],
            name=op.f("fk_prediction_training_request_run_id_prediction_model_run"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prediction_training_request")),
    )
    op.create_index(
        "uq_prediction_training_request_waiting",
        "prediction_training_request",
        ["kind"],
        unique=True,
        postgresql_where=sa.text("status IN ('queued', 'running')"),
    )
    op.create_index("ix_prediction_training_request_kind", "prediction_training_request", ["kind", "requested_at"])
    add_shipped_rules(op.get_bind(), RULES)


def downgrade() -> None:
    remove_shipped_rules(op.get_bind(), RULES)
    op.drop_table("prediction_training_request")

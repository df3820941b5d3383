"""The send ledger takes journeys' messages too: `marketing_message` rows come from a campaign or from a journey
(exactly one: `campaign_id` or `journey_id`), a journey's row carrying its send node's content (per language).
The due index serves the batched claim of the `campaign-send` job: open rows of a channel by due time.

Revision ID: 0035
Revises: 0034
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0035"
down_revision: str | None = "0034"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.alter_column("marketing_message", "campaign_id", existing_type=sa.Uuid(), nullable=True)
    op.add_column("marketing_message", sa.Column("journey_id", sa.Uuid(), nullable=True))
    op.add_column("marketing_message", sa.Column("content", postgresql.JSONB(astext_type=sa.Text()), nullable=True))
    op.create_foreign_key(
        op.f("fk_marketing_message_journey_id_journey"),
        "marketing_message",
        "journey",
        ["journey_id"],
        ["id"],
        ondelete="CASCADE",
    )
    op.create_index(op.f("ix_marketing_message_journey_id"), "marketing_message", ["journey_id"], unique=False)
    op.create_check_constraint(
        op.f("ck_marketing_message_one_source"), "marketing_message", "num_nonnulls(campaign_id, journey_id) = 1"
    )
    op.drop_index("ix_marketing_message_due", table_name="marketing_message", postgresql_where="status = 'pending'")
    op.create_index(
        "ix_marketing_message_due",
        "marketing_message",
        ["channel", "next_attempt_at", "id"],
        unique=False,
        postgresql_where="status IN ('pending', 'sending')",
    )


def downgrade() -> None:
    op.drop_index(
        "ix_marketing_message_due", table_name="marketing_message", postgresql_where="status IN ('pending', 'sending')"
    )
    op.create_index(
        "ix_marketing_message_due",
        "marketing_message",
        ["campaign_id", "next_attempt_at"],
        unique=False,
        postgresql_where="status = 'pending'",
    )
    op.execute("DELETE FROM marketing_message WHERE campaign_id IS NULL")
    op.drop_constraint(op.f("ck_marketing_message_one_source"), "marketing_message", type_="check")
    op.drop_index(op.f("ix_marketing_message_journey_id"), table_name="marketing_message")
    op.drop_constraint(op.f("fk_marketing_message_journey_id_journey"), "marketing_message", type_="foreignkey")
    op.drop_column("marketing_message", "content")
    op.drop_column("marketing_message", "journey_id")
    op.alter_column("marketing_message", "campaign_id", existing_type=sa.Uuid(), nullable=False)

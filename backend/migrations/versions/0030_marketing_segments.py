"""Marketing, first tables: segments (rules over the customer graph, dynamic or frozen) and the members of frozen
ones; the `marketing_manager` role (inherits `marketing`, approves large sends). Adds the rules of
policy/0030_marketing.csv that a database lacks.

Revision ID: 0030
Revises: 0029
"""

from collections.abc import Sequence
from pathlib import Path

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from rapport.core.authz.policy import add_shipped_rules, remove_shipped_rules

revision: str = "0030"
down_revision: str | None = "0029"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RULES = Path(__file__).resolve().parents[1] / "policy" / "0030_marketing.csv"
ROLE = "marketing_manager"
ROLE_DESCRIPTION = "Builds segments and campaigns, approves large sends, sees all of marketing."


def upgrade() -> None:
    op.create_table(
        "segment",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("rules", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("preset", sa.String(length=32), nullable=True),
        sa.Column("owner_id", sa.Uuid(), nullable=True),
        sa.Column("team_id", sa.Uuid(), nullable=True),
        sa.Column("frozen_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("member_count", sa.Integer(), nullable=True),
        sa.Column("source_id", sa.Uuid(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('dynamic', 'static')", name=op.f("ck_segment_kind_valid")),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["app_user.id"], name=op.f("fk_segment_owner_id_app_user"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["segment.id"], name=op.f("fk_segment_source_id_segment"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(["team_id"], ["team.id"], name=op.f("fk_segment_team_id_team"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_segment")),
    )
    op.create_index(op.f("ix_segment_owner_id"), "segment", ["owner_id"], unique=False)
    op.create_index(op.f("ix_segment_team_id"), "segment", ["team_id"], unique=False)
    op.create_table(
        "segment_member",
        sa.Column("segment_id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customer.id"], name=op.f("fk_segment_member_customer_id_customer"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["segment_id"], ["segment.id"], name=op.f("fk_segment_member_segment_id_segment"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("segment_id", "customer_id", name=op.f("pk_segment_member")),
    )
    op.create_index(op.f("ix_segment_member_customer_id"), "segment_member", ["customer_id"], unique=False)
    role = sa.table("role", sa.column("name", sa.String), sa.column("description", sa.Text))
    present = op.get_bind().execute(sa.text("SELECT 1 FROM role WHERE name = :name"), {"name": ROLE}).first()
    if present is None:
        op.bulk_insert(role, [{"name": ROLE, "description": ROLE_DESCRIPTION}])
    add_shipped_rules(op.get_bind(), RULES)


def downgrade() -> None:
    remove_shipped_rules(op.get_bind(), RULES)
    op.execute(sa.text("DELETE FROM role WHERE name = 'marketing_manager'"))
    op.drop_index(op.f("ix_segment_member_customer_id"), table_name="segment_member")
    op.drop_table("segment_member")
    op.drop_index(op.f("ix_segment_team_id"), table_name="segment")
    op.drop_index(op.f("ix_segment_owner_id"), table_name="segment")
    op.drop_table("segment")

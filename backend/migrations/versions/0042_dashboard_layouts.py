"""Dashboard layouts: each user's own arrangement of the home and dashboards pages, and layouts published to a
role (`dashboard_layout`); the rules of policy/0042_dashboard_layouts.csv (every staff role arranges its own pages,
administrators publish to roles).

Revision ID: 0042
Revises: 0041
"""

from collections.abc import Sequence
from pathlib import Path

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from rapport.core.authz.policy import add_shipped_rules, remove_shipped_rules

revision: str = "0042"
down_revision: str | None = "0041"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RULES = Path(__file__).resolve().parents[1] / "policy" / "0042_dashboard_layouts.csv"


def upgrade() -> None:
    op.create_table(
        "dashboard_layout",
        sa.Column("page", sa.String(length=16), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=True),
        sa.Column("role", sa.String(length=64), nullable=True),
        sa.Column("widgets", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("page IN ('home', 'dashboards')", name=op.f("ck_dashboard_layout_page_valid")),
        sa.CheckConstraint("(user_id IS NULL) <> (role IS NULL)", name=op.f("ck_dashboard_layout_owner_xor_role")),
        sa.ForeignKeyConstraint(
            ["user_id"], ["app_user.id"], name=op.f("fk_dashboard_layout_user_id_app_user"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["role"], ["role.name"], name=op.f("fk_dashboard_layout_role_role"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["updated_by"], ["app_user.id"], name=op.f("fk_dashboard_layout_updated_by_app_user"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dashboard_layout")),
    )
    op.create_index(
        "uq_dashboard_layout_user",
        "dashboard_layout",
        ["page", "user_id"],
        unique=True,
        postgresql_where=sa.text("user_id IS NOT NULL"),
    )
    op.create_index(
        "uq_dashboard_layout_role",
        "dashboard_layout",
        ["page", "role"],
        unique=True,
        postgresql_where=sa.text("role IS NOT NULL"),
    )
    add_shipped_rules(op.get_bind(), RULES)


def downgrade() -> None:
    remove_shipped_rules(op.get_bind(), RULES)
    op.drop_index(
        "uq_dashboard_layout_role", table_name="dashboard_layout", postgresql_where=sa.text("role IS NOT NULL")
    )
    op.drop_index(
        "uq_dashboard_layout_user", table_name="dashboard_layout", postgresql_where=sa.text("user_id IS NOT NULL")
    )
    op.drop_table("dashboard_layout")

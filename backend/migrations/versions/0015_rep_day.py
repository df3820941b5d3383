"""A rep's everyday edits: deals' product lines, tasks and activities for a deal, customers given back to the pool.

Adds `opportunity_line`, `task.opportunity_id` and `activity.opportunity_id`, lets a pool movement be `released`,
and adds the rules of policy/0015_rep_day.csv that a database lacks (task editing, unarchiving, deal lines and the
product catalogue, giving a customer back to the pool, age bands), leaving every other rule alone.

Revision ID: 0015
Revises: 0014
"""

from collections.abc import Sequence
from pathlib import Path

import sqlalchemy as sa
from alembic import op

from rapport.core.authz.policy import add_shipped_rules, remove_shipped_rules

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RULES = Path(__file__).resolve().parents[1] / "policy" / "0015_rep_day.csv"


def upgrade() -> None:
    op.create_table(
        "opportunity_line",
        sa.Column("opportunity_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Uuid(), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("unit_price", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_opportunity_line_quantity_positive")),
        sa.ForeignKeyConstraint(
            ["opportunity_id"],
            ["opportunity.id"],
            name=op.f("fk_opportunity_line_opportunity_id_opportunity"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["product_id"], ["product.id"], name=op.f("fk_opportunity_line_product_id_product"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_opportunity_line")),
    )
    op.create_index("ix_opportunity_line_opportunity", "opportunity_line", ["opportunity_id", "position"], unique=False)
    for table in ("activity", "task"):
        op.add_column(table, sa.Column("opportunity_id", sa.Uuid(), nullable=True))
        op.create_index(op.f(f"ix_{table}_opportunity_id"), table, ["opportunity_id"], unique=False)
        op.create_foreign_key(
            op.f(f"fk_{table}_opportunity_id_opportunity"),
            table,
            "opportunity",
            ["opportunity_id"],
            ["id"],
            ondelete="SET NULL",
        )
    op.drop_constraint(op.f("ck_pool_movement_kind_valid"), "pool_movement", type_="check")
    op.create_check_constraint(
        op.f("ck_pool_movement_kind_valid"),
        "pool_movement",
        "kind IN ('warned', 'reclaimed', 'released', 'claimed', 'allocated')",
    )
    add_shipped_rules(op.get_bind(), RULES)


def downgrade() -> None:
    remove_shipped_rules(op.get_bind(), RULES)
    op.execute("DELETE FROM pool_movement WHERE kind = 'released'")
    op.drop_constraint(op.f("ck_pool_movement_kind_valid"), "pool_movement", type_="check")
    op.create_check_constraint(
        op.f("ck_pool_movement_kind_valid"), "pool_movement", "kind IN ('warned', 'reclaimed', 'claimed', 'allocated')"
    )
    for table in ("task", "activity"):
        op.drop_constraint(op.f(f"fk_{table}_opportunity_id_opportunity"), table, type_="foreignkey")
        op.drop_index(op.f(f"ix_{table}_opportunity_id"), table_name=table)
        op.drop_column(table, "opportunity_id")
    op.drop_index("ix_opportunity_line_opportunity", table_name="opportunity_line")
    op.drop_table("opportunity_line")

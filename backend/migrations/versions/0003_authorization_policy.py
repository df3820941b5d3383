"""authorization policy: the casbin_rule table with the shipped default policy

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 09:17:23.164291
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from rapport.core.authz.policy import DEFAULT_POLICY, read_csv

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "casbin_rule",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("ptype", sa.String(length=255), nullable=False),
        sa.Column("v0", sa.String(length=255), nullable=True),
        sa.Column("v1", sa.String(length=255), nullable=True),
        sa.Column("v2", sa.String(length=255), nullable=True),
        sa.Column("v3", sa.String(length=255), nullable=True),
        sa.Column("v4", sa.String(length=255), nullable=True),
        sa.Column("v5", sa.String(length=255), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_casbin_rule")),
    )
    op.create_index("ix_casbin_rule_ptype_v0", "casbin_rule", ["ptype", "v0"], unique=False)
    # The shipped default policy (default_policy.csv). Later changes to the shipped policy come in their own
    # migrations, so an administrator's edits are never overwritten on upgrade.
    rule = sa.table("casbin_rule", *(sa.column(c, sa.String) for c in ("ptype", "v0", "v1", "v2")))
    columns = ("ptype", "v0", "v1", "v2")
    rows = [dict(zip(columns, [*r, None, None, None][:4], strict=True)) for r in read_csv(DEFAULT_POLICY)]
    op.bulk_insert(rule, rows)  # every row names every column: executemany takes its columns from the first


def downgrade() -> None:
    op.drop_index("ix_casbin_rule_ptype_v0", table_name="casbin_rule")
    op.drop_table("casbin_rule")

"""Policy rules for the audit log, user and team administration, the sales force and service agents lists, trends.

Adds the rules of policy/0006_admin_and_dashboards.csv that a database lacks, leaving every other rule (and an
administrator's edits) alone.

Revision ID: 0006
Revises: 0005
"""

from collections.abc import Sequence
from pathlib import Path

import sqlalchemy as sa
from alembic import op

from rapport.core.authz.policy import read_csv

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RULES = Path(__file__).resolve().parents[1] / "policy" / "0006_admin_and_dashboards.csv"
COLUMNS = ("ptype", "v0", "v1", "v2")


def upgrade() -> None:
    present = {
        tuple(row)
        for row in op.get_bind().execute(sa.text("SELECT ptype, v0, v1, v2 FROM casbin_rule WHERE ptype IN ('p', 'g')"))
    }
    missing = [r for r in read_csv(RULES) if tuple([*r, None][:4]) not in present]
    if missing:
        rule = sa.table("casbin_rule", *(sa.column(c, sa.String) for c in COLUMNS))
        op.bulk_insert(rule, [dict(zip(COLUMNS, [*r, None][:4], strict=True)) for r in missing])


def downgrade() -> None:
    for r in read_csv(RULES):
        op.execute(
            sa.text("DELETE FROM casbin_rule WHERE ptype = :p AND v0 = :a AND v1 = :b AND v2 = :c").bindparams(
                p=r[0], a=r[1], b=r[2], c=r[3]
            )
        )

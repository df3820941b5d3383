"""External ids on customers, orders and tickets, for upserts from other systems and imports.

Each is unique among the rows that have one (a partial unique index). Adds the rules of
policy/0026_external_ids.csv that a database lacks: `externalId` readable and writable where its row's other
fields are, `customerUpsert` for those who write customers, `ordersUpsert` and `ticketUpsert` for integrators.

Revision ID: 0026
Revises: 0025
"""

from collections.abc import Sequence
from pathlib import Path

import sqlalchemy as sa
from alembic import op

from rapport.core.authz.policy import add_shipped_rules, remove_shipped_rules

revision: str = "0026"
down_revision: str | None = "0025"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RULES = Path(__file__).resolve().parents[1] / "policy" / "0026_external_ids.csv"
TABLES = (
    ("customer", "ux_customer_external_id"),
    ("sales_order", "ux_sales_order_external_id"),
    ("ticket", "ux_ticket_external_id"),
)


def upgrade() -> None:
    for table, index in TABLES:
        op.add_column(table, sa.Column("external_id", sa.String(length=100), nullable=True))
        op.create_index(index, table, ["external_id"], unique=True, postgresql_where=sa.text("external_id IS NOT NULL"))
    add_shipped_rules(op.get_bind(), RULES)


def downgrade() -> None:
    remove_shipped_rules(op.get_bind(), RULES)
    for table, index in reversed(TABLES):
        op.drop_index(index, table_name=table, postgresql_where=sa.text("external_id IS NOT NULL"))
        op.drop_column(table, "external_id")

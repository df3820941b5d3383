"""Segment counts at 100,000 customers: the live customers' ids (an index-only scan of the customers a segment
counts), the revenue orders by customer with their amounts (one index-only pass, in customer order, answers
every order condition of a rule tree), the tickets by opening time with what ticket conditions read (a window's
tickets index-only), and fuller statistics on the customer column of orders and tickets (the
default sample estimated 46,000 customers with orders where 72,000 had some: the planner then chose a hash
aggregate that spilled to disk). docs/performance.md, "Segment counts at 100,000 customers".

Revision ID: 0036
Revises: 0035
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0036"
down_revision: str | None = "0035"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LIVE = sa.text("merged_into_id IS NULL AND archived_at IS NULL")
REVENUE = sa.text("status IN ('paid', 'shipped', 'completed')")


def upgrade() -> None:
    op.create_index("ix_customer_live_id", "customer", ["id"], unique=False, postgresql_where=LIVE)
    op.create_index(
        "ix_sales_order_revenue_customer",
        "sales_order",
        ["customer_id", "ordered_at"],
        unique=False,
        postgresql_include=["total_amount"],
        postgresql_where=REVENUE,
    )
    op.create_index(
        "ix_ticket_created_facts",
        "ticket",
        ["created_at"],
        unique=False,
        postgresql_include=["customer_id", "rated_at", "rating"],
    )
    op.execute("ALTER TABLE sales_order ALTER COLUMN customer_id SET STATISTICS 1000")
    op.execute("ALTER TABLE ticket ALTER COLUMN customer_id SET STATISTICS 1000")
    op.execute("ANALYZE sales_order")
    op.execute("ANALYZE ticket")


def downgrade() -> None:
    op.execute("ALTER TABLE ticket ALTER COLUMN customer_id SET STATISTICS -1")
    op.execute("ALTER TABLE sales_order ALTER COLUMN customer_id SET STATISTICS -1")
    op.drop_index("ix_ticket_created_facts", table_name="ticket")
    op.drop_index("ix_sales_order_revenue_customer", table_name="sales_order", postgresql_where=REVENUE)
    op.drop_index("ix_customer_live_id", table_name="customer", postgresql_where=LIVE)

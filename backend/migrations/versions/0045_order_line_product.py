"""An index of order lines by product: who bought a product (launch targeting `productTargets`, the marketing
segment condition `likelyBuyer`, cross-sell's "the customer already has it") reads the lines of a few products
instead of every order line.

Revision ID: 0045
Revises: 0044
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0045"
down_revision: str | None = "0044"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_order_line_product_id", "order_line", ["product_id"])


def downgrade() -> None:
    op.drop_index("ix_order_line_product_id", table_name="order_line")

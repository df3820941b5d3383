"""An index on customers' trade names: an import matches each chunk of its rows to existing companies by trade name
(`customers.imports.matches`), which without it reads the whole customer table once per chunk.

Revision ID: 0029
Revises: 0028
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0029"
down_revision: str | None = "0028"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_customer_trade_name", "customer", ["trade_name"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_customer_trade_name", table_name="customer")

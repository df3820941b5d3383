"""The duplicate finder in SQL: each customer keeps its name taken apart.

Adds to `customer` the trade name, its bigrams (GIN-indexed), the provinces and industry classes the name states
and whether it is a Latin name (`rapport.customers.names.name_keys`), written with the name from now on, and fills
them for the customers already there.

Revision ID: 0019
Revises: 0018
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from rapport.customers.names import name_keys

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BATCH = 2000


def upgrade() -> None:
    text_array = postgresql.ARRAY(sa.Text())
    op.add_column("customer", sa.Column("trade_name", sa.String(200), server_default="", nullable=False))
    op.add_column("customer", sa.Column("trade_grams", text_array, server_default="{}", nullable=False))
    op.add_column("customer", sa.Column("name_provinces", text_array, server_default="{}", nullable=False))
    op.add_column("customer", sa.Column("name_industries", text_array, server_default="{}", nullable=False))
    op.add_column("customer", sa.Column("trade_latin", sa.Boolean(), server_default=sa.false(), nullable=False))
    bind = op.get_bind()
    update = sa.text(
        "UPDATE customer SET trade_name = :trade_name, trade_grams = :trade_grams, name_provinces = :name_provinces, "
        "name_industries = :name_industries, trade_latin = :trade_latin WHERE id = :id"
    ).bindparams(
        sa.bindparam("trade_grams", type_=text_array),
        sa.bindparam("name_provinces", type_=text_array),
        sa.bindparam("name_industries", type_=text_array),
    )
    rows = bind.execute(sa.text("SELECT id, name FROM customer")).all()
    for start in range(0, len(rows), _BATCH):
        bind.execute(update, [{"id": row.id, **name_keys(row.name)} for row in rows[start : start + _BATCH]])
    op.create_index("ix_customer_trade_grams", "customer", ["trade_grams"], unique=False, postgresql_using="gin")


def downgrade() -> None:
    op.drop_index("ix_customer_trade_grams", table_name="customer", postgresql_using="gin")
    for column in ("trade_latin", "name_industries", "name_provinces", "trade_grams", "trade_name"):
        op.drop_column("customer", column)

"""Indexes for the pool watchlist's first cut: customers by their last stored contact, per owner and overall.

The watchlist (`Query.poolWatchlist`, every sales home page) keeps the customers whose stored last contact (their
last follow-up, else when they were taken, else created) is old enough to fall due within the window before it
computes anyone's deadline. Without an index that cut read every customer of the owner (a rep of the benchmark
database: 3,363 rows to keep 376); with these it reads the ones it keeps. The indexes are not partial: the compiled
statement binds the pool status it filters by, and a generic plan cannot match a bound value to an index predicate.

Revision ID: 0021
Revises: 0020
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CONTACT = "coalesce(last_follow_up_at, owned_since, created_at)"


def upgrade() -> None:
    op.execute(f"CREATE INDEX IF NOT EXISTS ix_customer_owner_contact ON customer (owner_id, ({CONTACT}))")
    op.execute(f"CREATE INDEX IF NOT EXISTS ix_customer_contact ON customer (({CONTACT}))")


def downgrade() -> None:
    op.execute("DROP INDEX IF EXISTS ix_customer_contact")
    op.execute("DROP INDEX IF EXISTS ix_customer_owner_contact")

"""GIN indexes without a pending list: reads never scan unmerged entries.

By default a GIN index keeps new entries in a pending list (`fastupdate`) that every scan reads in full until
VACUUM (or 4 MB of entries) merges it. The search and duplicate-finder indexes answer on every customer list
search, 360° page and customer creation, and a table written faster than autovacuum comes by (a bulk import,
the demo's seed, a busy day) made each of those scans read thousands of pending entries: the duplicate finder's
statement took 2.5 ms in one bitmap index scan on a freshly seeded 10,000-customer database instead of 0.05 ms.
Customers, contacts and articles are written far less often than they are read, so each write now merges its
own entries.

Revision ID: 0020
Revises: 0019
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: Every GIN index of the schema (their models declare `fastupdate = off` too).
INDEXES = (
    "ix_customer_search_tokens",
    "ix_customer_trade_grams",
    "ix_contact_search_tokens",
    "ix_kb_article_search_tokens",
)


def upgrade() -> None:
    for name in INDEXES:
        op.execute(f"ALTER INDEX {name} SET (fastupdate = off)")
        op.execute(f"SELECT gin_clean_pending_list('{name}'::regclass)")  # what is pending now, merged


def downgrade() -> None:
    for name in INDEXES:
        op.execute(f"ALTER INDEX {name} RESET (fastupdate)")

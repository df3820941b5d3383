"""Phone lookup for the service desk: its ledger (`phone_lookup`), the callers it relates (`caller_grant`), rules.

A service agent identifies a caller by their whole phone number; each lookup is written to `phone_lookup` (who,
when, the number's blind-index digest, the customers found), which is also what its rate limit counts, and the
customers found are related to the agent until their `caller_grant` expires. Adds the rules of
policy/0011_phone_lookup.csv that a database lacks (agents may look up; CSAT scores show names).

Revision ID: 0011
Revises: 0010
"""

from collections.abc import Sequence
from pathlib import Path

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from rapport.core.authz.policy import add_shipped_rules, remove_shipped_rules

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RULES = Path(__file__).resolve().parents[1] / "policy" / "0011_phone_lookup.csv"


def upgrade() -> None:
    op.create_table(
        "phone_lookup",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("digest", sa.LargeBinary(length=16), nullable=True),
        sa.Column("customer_ids", postgresql.ARRAY(sa.Uuid()), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["app_user.id"], name=op.f("fk_phone_lookup_user_id_app_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_phone_lookup")),
    )
    op.create_index("ix_phone_lookup_user_at", "phone_lookup", ["user_id", "at"], unique=False)
    op.create_table(
        "caller_grant",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("lookup_id", sa.Uuid(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customer.id"], name=op.f("fk_caller_grant_customer_id_customer"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["lookup_id"], ["phone_lookup.id"], name=op.f("fk_caller_grant_lookup_id_phone_lookup"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["app_user.id"], name=op.f("fk_caller_grant_user_id_app_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", "customer_id", name=op.f("pk_caller_grant")),
    )
    op.create_index(op.f("ix_caller_grant_expires_at"), "caller_grant", ["expires_at"], unique=False)
    op.create_index(op.f("ix_caller_grant_lookup_id"), "caller_grant", ["lookup_id"], unique=False)
    add_shipped_rules(op.get_bind(), RULES)


def downgrade() -> None:
    remove_shipped_rules(op.get_bind(), RULES)
    op.drop_index(op.f("ix_caller_grant_lookup_id"), table_name="caller_grant")
    op.drop_index(op.f("ix_caller_grant_expires_at"), table_name="caller_grant")
    op.drop_table("caller_grant")
    op.drop_index("ix_phone_lookup_user_at", table_name="phone_lookup")
    op.drop_table("phone_lookup")

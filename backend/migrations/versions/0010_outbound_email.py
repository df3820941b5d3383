"""Outbound email: the outbox (`outbound_email`) and the development inbox's policy rules.

Every email Rapport sends is a row written in the transaction of the change that causes it; the delivery job
(`mail-deliver`) hands it to SMTP and records how that went. Recipient and content are encrypted (AES-GCM bound to
the row). Adds the rules of policy/0010_outbound_email.csv that a database lacks (admins read the development inbox).

Revision ID: 0010
Revises: 0009
"""

from collections.abc import Sequence
from pathlib import Path

import sqlalchemy as sa
from alembic import op

from rapport.core.authz.policy import add_shipped_rules, remove_shipped_rules

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RULES = Path(__file__).resolve().parents[1] / "policy" / "0010_outbound_email.csv"


def upgrade() -> None:
    op.create_table(
        "outbound_email",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("stream", sa.String(length=16), nullable=False),
        sa.Column("locale", sa.String(length=10), nullable=False),
        sa.Column("subject_type", sa.String(length=32), nullable=True),
        sa.Column("subject_id", sa.Uuid(), nullable=True),
        sa.Column("recipient_type", sa.String(length=32), nullable=True),
        sa.Column("recipient_id", sa.Uuid(), nullable=True),
        sa.Column("dedupe_key", sa.String(length=200), nullable=True),
        sa.Column("recipient_enc", sa.LargeBinary(), nullable=False),
        sa.Column("content_enc", sa.LargeBinary(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.SmallInteger(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("status IN ('queued', 'sent', 'failed')", name=op.f("ck_outbound_email_status_valid")),
        sa.CheckConstraint("stream IN ('service', 'marketing')", name=op.f("ck_outbound_email_stream_valid")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbound_email")),
        sa.UniqueConstraint("dedupe_key", name=op.f("uq_outbound_email_dedupe_key")),
    )
    op.create_index(
        "ix_outbound_email_due",
        "outbound_email",
        ["next_attempt_at"],
        unique=False,
        postgresql_where=sa.text("status = 'queued'"),
    )
    op.create_index(
        "ix_outbound_email_subject", "outbound_email", ["subject_type", "subject_id", "created_at"], unique=False
    )
    add_shipped_rules(op.get_bind(), RULES)


def downgrade() -> None:
    remove_shipped_rules(op.get_bind(), RULES)
    op.drop_index("ix_outbound_email_subject", table_name="outbound_email")
    op.drop_index("ix_outbound_email_due", table_name="outbound_email", postgresql_where=sa.text("status = 'queued'"))
    op.drop_table("outbound_email")

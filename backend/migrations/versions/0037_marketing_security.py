"""Marketing security: a campaign's approval records what was approved (the segment, its version and the recipients
counted then), consent changes keep their history, and the public tracking routes keep what bounds them: the
client of each tracked fetch (replays record nothing), fetches per client address and minute (the rate limit) and
the provider callbacks' webhook ids (a replay does nothing); the marketing settings get a version (optimistic
concurrency), with the rules of policy/0037_marketing_security.csv that read it.

Revision ID: 0037
Revises: 0036
"""

from collections.abc import Sequence
from pathlib import Path

import sqlalchemy as sa
from alembic import op

from rapport.core.authz.policy import add_shipped_rules, remove_shipped_rules

revision: str = "0037"
down_revision: str | None = "0036"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RULES = Path(__file__).resolve().parents[1] / "policy" / "0037_marketing_security.csv"


def upgrade() -> None:
    op.add_column("campaign", sa.Column("approved_segment_id", sa.Uuid(), nullable=True))
    op.add_column("campaign", sa.Column("approved_segment_version", sa.Integer(), nullable=True))
    op.add_column("campaign", sa.Column("approved_recipients", sa.Integer(), nullable=True))
    op.create_table(
        "marketing_consent_change",
        sa.Column("contact_id", sa.Uuid(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("granted", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(length=64), nullable=False),
        sa.Column("actor_id", sa.Uuid(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contact.id"],
            name=op.f("fk_marketing_consent_change_contact_id_contact"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["app_user.id"],
            name=op.f("fk_marketing_consent_change_actor_id_app_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_marketing_consent_change")),
    )
    op.create_index("ix_marketing_consent_change_contact_at", "marketing_consent_change", ["contact_id", "at"])
    op.add_column("marketing_event", sa.Column("client_key", sa.String(length=32), nullable=True))
    op.add_column("marketing_setting", sa.Column("version", sa.Integer(), server_default="1", nullable=False))
    op.create_table(
        "marketing_hit",
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("minute", sa.DateTime(timezone=True), nullable=False),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("address", "minute", name=op.f("pk_marketing_hit")),
    )
    op.create_index("ix_marketing_hit_minute", "marketing_hit", ["minute"])
    op.create_table(
        "marketing_inbound_call",
        sa.Column("webhook_id", sa.String(length=200), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("webhook_id", name=op.f("pk_marketing_inbound_call")),
    )
    op.create_index("ix_marketing_inbound_call_at", "marketing_inbound_call", ["at"])
    add_shipped_rules(op.get_bind(), RULES)


def downgrade() -> None:
    remove_shipped_rules(op.get_bind(), RULES)
    op.drop_table("marketing_inbound_call")
    op.drop_table("marketing_hit")
    op.drop_column("marketing_setting", "version")
    op.drop_column("marketing_event", "client_key")
    op.drop_table("marketing_consent_change")
    op.drop_column("campaign", "approved_recipients")
    op.drop_column("campaign", "approved_segment_version")
    op.drop_column("campaign", "approved_segment_id")

"""Marketing, campaigns: consent per contact and channel, the suppression list, the marketing settings (one row,
seeded), campaigns with their contents and costs, the send ledger (`marketing_message`: one row per contact,
campaign and channel, unique) and its tracking events. Adds the rules of policy/0032_marketing_campaigns.csv that a
database lacks.

Revision ID: 0032
Revises: 0031
"""

from collections.abc import Sequence
from datetime import UTC, datetime, time
from pathlib import Path

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from rapport.core.authz.policy import add_shipped_rules, remove_shipped_rules

revision: str = "0032"
down_revision: str | None = "0031"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RULES = Path(__file__).resolve().parents[1] / "policy" / "0032_marketing_campaigns.csv"
SETTINGS = sa.table(
    "marketing_setting",
    *(sa.column(name) for name in ("id", "frequency_cap_count", "frequency_cap_days", "approval_threshold")),
    *(sa.column(name) for name in ("quiet_start", "quiet_end", "time_zone", "email_per_second")),
    *(sa.column(name) for name in ("sms_per_second", "wechat_per_second", "updated_at")),
)


def upgrade() -> None:
    op.create_table(
        "marketing_setting",
        sa.Column("id", sa.SmallInteger(), nullable=False),
        sa.Column("frequency_cap_count", sa.Integer(), nullable=False),
        sa.Column("frequency_cap_days", sa.Integer(), nullable=False),
        sa.Column("approval_threshold", sa.Integer(), nullable=False),
        sa.Column("quiet_start", sa.Time(), nullable=True),
        sa.Column("quiet_end", sa.Time(), nullable=True),
        sa.Column("time_zone", sa.String(length=64), nullable=False),
        sa.Column("email_per_second", sa.Integer(), nullable=False),
        sa.Column("sms_per_second", sa.Integer(), nullable=False),
        sa.Column("wechat_per_second", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_marketing_setting_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_marketing_setting")),
    )
    op.create_table(
        "marketing_suppression",
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("digest", sa.LargeBinary(length=16), nullable=False),
        sa.Column("masked", sa.String(length=200), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("created_by_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.CheckConstraint("kind IN ('email', 'phone')", name=op.f("ck_marketing_suppression_kind_valid")),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["app_user.id"],
            name=op.f("fk_marketing_suppression_created_by_id_app_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_marketing_suppression")),
        sa.UniqueConstraint("kind", "digest", name=op.f("uq_marketing_suppression_kind_digest")),
    )
    op.create_table(
        "campaign",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("goal", sa.Text(), nullable=True),
        sa.Column("channels", postgresql.ARRAY(sa.String(length=16)), nullable=False),
        sa.Column("budget", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("segment_id", sa.Uuid(), nullable=True),
        sa.Column("audience_id", sa.Uuid(), nullable=True),
        sa.Column("audience_size", sa.Integer(), nullable=True),
        sa.Column("scheduled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("owner_id", sa.Uuid(), nullable=True),
        sa.Column("team_id", sa.Uuid(), nullable=True),
        sa.Column("approved_by_id", sa.Uuid(), nullable=True),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("prepared_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('draft', 'scheduled', 'sending', 'done', 'cancelled')", name=op.f("ck_campaign_status_valid")
        ),
        sa.ForeignKeyConstraint(
            ["approved_by_id"], ["app_user.id"], name=op.f("fk_campaign_approved_by_id_app_user"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["audience_id"], ["segment.id"], name=op.f("fk_campaign_audience_id_segment"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["app_user.id"], name=op.f("fk_campaign_owner_id_app_user"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["segment_id"], ["segment.id"], name=op.f("fk_campaign_segment_id_segment"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(["team_id"], ["team.id"], name=op.f("fk_campaign_team_id_team"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaign")),
    )
    op.create_index(
        "ix_campaign_due",
        "campaign",
        ["scheduled_at"],
        unique=False,
        postgresql_where="status IN ('scheduled', 'sending')",
    )
    op.create_index(op.f("ix_campaign_owner_id"), "campaign", ["owner_id"], unique=False)
    op.create_index(op.f("ix_campaign_team_id"), "campaign", ["team_id"], unique=False)
    op.create_table(
        "campaign_content",
        sa.Column("campaign_id", sa.Uuid(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("locale", sa.String(length=10), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"], ["campaign.id"], name=op.f("fk_campaign_content_campaign_id_campaign"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaign_content")),
        sa.UniqueConstraint(
            "campaign_id", "channel", "locale", name=op.f("uq_campaign_content_campaign_id_channel_locale")
        ),
    )
    op.create_table(
        "campaign_cost",
        sa.Column("campaign_id", sa.Uuid(), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("incurred_on", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"], ["campaign.id"], name=op.f("fk_campaign_cost_campaign_id_campaign"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaign_cost")),
    )
    op.create_index(op.f("ix_campaign_cost_campaign_id"), "campaign_cost", ["campaign_id"], unique=False)
    op.create_table(
        "marketing_consent",
        sa.Column("contact_id", sa.Uuid(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("granted", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(length=64), nullable=False),
        sa.Column("granted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("channel IN ('email', 'sms', 'wechat')", name=op.f("ck_marketing_consent_channel_valid")),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contact.id"], name=op.f("fk_marketing_consent_contact_id_contact"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("contact_id", "channel", name=op.f("pk_marketing_consent")),
    )
    op.create_table(
        "marketing_message",
        sa.Column("campaign_id", sa.Uuid(), nullable=False),
        sa.Column("contact_id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("source_key", sa.String(length=100), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("skip_reason", sa.String(length=32), nullable=True),
        sa.Column("locale", sa.String(length=10), nullable=True),
        sa.Column("address_masked", sa.String(length=200), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("attempts", sa.SmallInteger(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.CheckConstraint(
            "status IN ('pending', 'sending', 'sent', 'skipped', 'failed', 'bounced')",
            name=op.f("ck_marketing_message_status_valid"),
        ),
        sa.ForeignKeyConstraint(
            ["campaign_id"], ["campaign.id"], name=op.f("fk_marketing_message_campaign_id_campaign"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contact.id"], name=op.f("fk_marketing_message_contact_id_contact"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customer.id"], name=op.f("fk_marketing_message_customer_id_customer"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_marketing_message")),
        sa.UniqueConstraint("contact_id", "source_key", name=op.f("uq_marketing_message_contact_id_source_key")),
    )
    op.create_index(op.f("ix_marketing_message_campaign_id"), "marketing_message", ["campaign_id"], unique=False)
    op.create_index("ix_marketing_message_contact_sent", "marketing_message", ["contact_id", "sent_at"], unique=False)
    op.create_index(
        "ix_marketing_message_due",
        "marketing_message",
        ["campaign_id", "next_attempt_at"],
        unique=False,
        postgresql_where="status = 'pending'",
    )
    op.create_table(
        "marketing_event",
        sa.Column("message_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("machine", sa.Boolean(), nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('delivered', 'opened', 'clicked', 'unsubscribed', 'bounced')",
            name=op.f("ck_marketing_event_kind_valid"),
        ),
        sa.ForeignKeyConstraint(
            ["message_id"],
            ["marketing_message.id"],
            name=op.f("fk_marketing_event_message_id_marketing_message"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_marketing_event")),
    )
    op.create_index("ix_marketing_event_message_kind", "marketing_event", ["message_id", "kind"], unique=False)
    op.bulk_insert(
        SETTINGS,
        [
            {
                "id": 1,
                "frequency_cap_count": 4,
                "frequency_cap_days": 30,
                "approval_threshold": 1000,
                "quiet_start": time(21, 0),
                "quiet_end": time(8, 0),
                "time_zone": "Asia/Shanghai",
                "email_per_second": 20,
                "sms_per_second": 10,
                "wechat_per_second": 10,
                "updated_at": datetime(2026, 1, 1, tzinfo=UTC),
            }
        ],
    )
    add_shipped_rules(op.get_bind(), RULES)


def downgrade() -> None:
    remove_shipped_rules(op.get_bind(), RULES)
    op.drop_index("ix_marketing_event_message_kind", table_name="marketing_event")
    op.drop_table("marketing_event")
    op.drop_index("ix_marketing_message_due", table_name="marketing_message", postgresql_where="status = 'pending'")
    op.drop_index("ix_marketing_message_contact_sent", table_name="marketing_message")
    op.drop_index(op.f("ix_marketing_message_campaign_id"), table_name="marketing_message")
    op.drop_table("marketing_message")
    op.drop_table("marketing_consent")
    op.drop_index(op.f("ix_campaign_cost_campaign_id"), table_name="campaign_cost")
    op.drop_table("campaign_cost")
    op.drop_table("campaign_content")
    op.drop_index(op.f("ix_campaign_team_id"), table_name="campaign")
    op.drop_index(op.f("ix_campaign_owner_id"), table_name="campaign")
    op.drop_index("ix_campaign_due", table_name="campaign", postgresql_where="status IN ('scheduled', 'sending')")
    op.drop_table("campaign")
    op.drop_table("marketing_suppression")
    op.drop_table("marketing_setting")

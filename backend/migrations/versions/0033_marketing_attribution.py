"""Marketing attribution: touches (campaign messages, web forms, UTM visits) and spend, UTM parameters on leads.
Adds the rules of policy/0033_marketing_attribution.csv that a database lacks.

Revision ID: 0033
Revises: 0032
"""

from collections.abc import Sequence
from pathlib import Path

import sqlalchemy as sa
from alembic import op

from rapport.core.authz.policy import add_shipped_rules, remove_shipped_rules

revision: str = "0033"
down_revision: str | None = "0032"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RULES = Path(__file__).resolve().parents[1] / "policy" / "0033_marketing_attribution.csv"
UTM = (("utm_source", 100), ("utm_medium", 100), ("utm_campaign", 200), ("utm_content", 200), ("utm_term", 200))


def upgrade() -> None:
    op.create_table(
        "marketing_touch",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=True),
        sa.Column("contact_id", sa.Uuid(), nullable=True),
        sa.Column("lead_id", sa.Uuid(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("channel", sa.String(length=64), nullable=True),
        sa.Column("campaign_id", sa.Uuid(), nullable=True),
        sa.Column("source", sa.String(length=100), nullable=True),
        sa.Column("medium", sa.String(length=100), nullable=True),
        sa.Column("utm_campaign", sa.String(length=200), nullable=True),
        sa.Column("message_id", sa.Uuid(), nullable=True),
        sa.Column("key", sa.String(length=120), nullable=True),
        sa.CheckConstraint(
            "kind IN ('message_delivered', 'message_opened', 'message_clicked', 'lead_form', 'utm_visit')",
            name=op.f("ck_marketing_touch_kind_valid"),
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contact.id"], name=op.f("fk_marketing_touch_contact_id_contact"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customer.id"], name=op.f("fk_marketing_touch_customer_id_customer"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["lead_id"], ["lead.id"], name=op.f("fk_marketing_touch_lead_id_lead"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_marketing_touch")),
        sa.UniqueConstraint("key", name=op.f("uq_marketing_touch_key")),
    )
    op.create_index("ix_marketing_touch_customer_at", "marketing_touch", ["customer_id", "at"], unique=False)
    op.create_index("ix_marketing_touch_at", "marketing_touch", ["at"], unique=False)
    op.create_index(op.f("ix_marketing_touch_campaign_id"), "marketing_touch", ["campaign_id"], unique=False)
    op.create_index(op.f("ix_marketing_touch_lead_id"), "marketing_touch", ["lead_id"], unique=False)
    op.create_table(
        "marketing_spend",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("campaign_id", sa.Uuid(), nullable=True),
        sa.Column("channel", sa.String(length=64), nullable=True),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("spent_on", sa.Date(), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_marketing_spend")),
    )
    op.create_index(op.f("ix_marketing_spend_campaign_id"), "marketing_spend", ["campaign_id"], unique=False)
    op.create_index("ix_marketing_spend_spent_on", "marketing_spend", ["spent_on"], unique=False)
    for name, length in UTM:
        op.add_column("lead", sa.Column(name, sa.String(length=length), nullable=True))
    add_shipped_rules(op.get_bind(), RULES)


def downgrade() -> None:
    remove_shipped_rules(op.get_bind(), RULES)
    for name, _ in reversed(UTM):
        op.drop_column("lead", name)
    op.drop_index("ix_marketing_spend_spent_on", table_name="marketing_spend")
    op.drop_index(op.f("ix_marketing_spend_campaign_id"), table_name="marketing_spend")
    op.drop_table("marketing_spend")
    op.drop_index(op.f("ix_marketing_touch_lead_id"), table_name="marketing_touch")
    op.drop_index(op.f("ix_marketing_touch_campaign_id"), table_name="marketing_touch")
    op.drop_index("ix_marketing_touch_at", table_name="marketing_touch")
    op.drop_index("ix_marketing_touch_customer_at", table_name="marketing_touch")
    op.drop_table("marketing_touch")

"""service desk: tickets, routing, SLA, surveys, knowledge base, portal; live-event triggers

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 09:35:20.473255
"""

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "business_calendar",
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("working_days", postgresql.ARRAY(sa.SmallInteger()), nullable=False),
        sa.Column("day_start", sa.Time(), nullable=False),
        sa.Column("day_end", sa.Time(), nullable=False),
        sa.Column("holidays", postgresql.ARRAY(sa.Date()), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_business_calendar")),
    )
    op.create_table(
        "support_setting",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("value", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_support_setting")),
    )
    op.create_table(
        "routing_rule",
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=64), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=True),
        sa.Column("customer_grade", sa.String(length=1), nullable=True),
        sa.Column("queue_id", sa.Uuid(), nullable=False),
        sa.Column("skill", sa.String(length=64), nullable=True),
        sa.Column("priority", sa.String(length=16), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["queue_id"], ["team.id"], name=op.f("fk_routing_rule_queue_id_team"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_routing_rule")),
    )
    op.create_table(
        "sla_policy",
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("priority", sa.String(length=16), nullable=True),
        sa.Column("category", sa.String(length=64), nullable=True),
        sa.Column("first_response_minutes", sa.Integer(), nullable=False),
        sa.Column("resolution_minutes", sa.Integer(), nullable=False),
        sa.Column("calendar_id", sa.Uuid(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["calendar_id"],
            ["business_calendar.id"],
            name=op.f("fk_sla_policy_calendar_id_business_calendar"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sla_policy")),
    )
    op.create_table(
        "agent_profile",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("skills", postgresql.ARRAY(sa.Text()), nullable=False),
        sa.Column("available", sa.Boolean(), nullable=False),
        sa.Column("max_open", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["app_user.id"], name=op.f("fk_agent_profile_user_id_app_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_agent_profile")),
    )
    op.create_table(
        "kb_article",
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("category", sa.String(length=64), nullable=True),
        sa.Column("tags", postgresql.ARRAY(sa.Text()), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("author_id", sa.Uuid(), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("search_tokens", postgresql.ARRAY(sa.Text()), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("status IN ('draft', 'published')", name=op.f("ck_kb_article_status_valid")),
        sa.ForeignKeyConstraint(
            ["author_id"], ["app_user.id"], name=op.f("fk_kb_article_author_id_app_user"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kb_article")),
    )
    op.create_index(
        "ix_kb_article_search_tokens", "kb_article", ["search_tokens"], unique=False, postgresql_using="gin"
    )
    op.create_table(
        "portal_account",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("contact_id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contact.id"], name=op.f("fk_portal_account_contact_id_contact"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customer.id"], name=op.f("fk_portal_account_customer_id_customer"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["app_user.id"], name=op.f("fk_portal_account_user_id_app_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_portal_account")),
        sa.UniqueConstraint("contact_id", name=op.f("uq_portal_account_contact_id")),
    )
    op.create_index(op.f("ix_portal_account_customer_id"), "portal_account", ["customer_id"], unique=False)
    op.create_table(
        "ticket",
        sa.Column("number", sa.String(length=20), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("customer_id", sa.Uuid(), nullable=True),
        sa.Column("contact_id", sa.Uuid(), nullable=True),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("category", sa.String(length=64), nullable=False),
        sa.Column("priority", sa.String(length=16), nullable=False),
        sa.Column("queue_id", sa.Uuid(), nullable=True),
        sa.Column("assignee_id", sa.Uuid(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_by_id", sa.Uuid(), nullable=True),
        sa.Column("sla_policy_id", sa.Uuid(), nullable=True),
        sa.Column("first_response_warn_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("first_response_due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolution_warn_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolution_due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("first_responded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("first_response_warned_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("first_response_breached_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolution_warned_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolution_breached_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("waiting_since", sa.DateTime(timezone=True), nullable=True),
        sa.Column("escalation_level", sa.SmallInteger(), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("rating", sa.SmallInteger(), nullable=True),
        sa.Column("rating_comment", sa.Text(), nullable=True),
        sa.Column("rated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("rated_agent_id", sa.Uuid(), nullable=True),
        sa.Column("reopen_count", sa.SmallInteger(), nullable=False),
        sa.Column("search_tokens", postgresql.ARRAY(sa.Text()), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("priority IN ('low', 'normal', 'high', 'urgent')", name=op.f("ck_ticket_priority_valid")),
        sa.CheckConstraint(
            "status IN ('new', 'assigned', 'in_progress', 'waiting', 'resolved', 'closed', 'reopened')",
            name=op.f("ck_ticket_status_valid"),
        ),
        sa.CheckConstraint("rating IS NULL OR rating BETWEEN 1 AND 5", name=op.f("ck_ticket_rating_valid")),
        sa.ForeignKeyConstraint(
            ["assignee_id"], ["app_user.id"], name=op.f("fk_ticket_assignee_id_app_user"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contact.id"], name=op.f("fk_ticket_contact_id_contact"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["app_user.id"], name=op.f("fk_ticket_created_by_id_app_user"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customer.id"], name=op.f("fk_ticket_customer_id_customer"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(["queue_id"], ["team.id"], name=op.f("fk_ticket_queue_id_team"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(
            ["rated_agent_id"], ["app_user.id"], name=op.f("fk_ticket_rated_agent_id_app_user"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["sla_policy_id"], ["sla_policy.id"], name=op.f("fk_ticket_sla_policy_id_sla_policy"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ticket")),
        sa.UniqueConstraint("number", name=op.f("uq_ticket_number")),
    )
    op.create_index("ix_ticket_assignee_status", "ticket", ["assignee_id", "status"], unique=False)
    op.create_index("ix_ticket_customer_created", "ticket", ["customer_id", "created_at"], unique=False)
    op.create_index("ix_ticket_queue_status", "ticket", ["queue_id", "status"], unique=False)
    op.create_index("ix_ticket_status_created", "ticket", ["status", "created_at"], unique=False)
    op.create_table(
        "survey_token",
        sa.Column("token_hash", sa.LargeBinary(length=32), nullable=False),
        sa.Column("ticket_id", sa.Uuid(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["ticket_id"], ["ticket.id"], name=op.f("fk_survey_token_ticket_id_ticket"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_survey_token")),
    )
    op.create_index(op.f("ix_survey_token_ticket_id"), "survey_token", ["ticket_id"], unique=False)
    op.create_table(
        "ticket_comment",
        sa.Column("ticket_id", sa.Uuid(), nullable=False),
        sa.Column("author_id", sa.Uuid(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("public", sa.Boolean(), nullable=False),
        sa.Column("from_customer", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["app_user.id"], name=op.f("fk_ticket_comment_author_id_app_user"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["ticket_id"], ["ticket.id"], name=op.f("fk_ticket_comment_ticket_id_ticket"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ticket_comment")),
    )
    op.create_index("ix_ticket_comment_ticket_created", "ticket_comment", ["ticket_id", "created_at"], unique=False)
    op.create_table(
        "ticket_event",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("ticket_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("actor_id", sa.Uuid(), nullable=True),
        sa.Column("data", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["app_user.id"], name=op.f("fk_ticket_event_actor_id_app_user"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["ticket_id"], ["ticket.id"], name=op.f("fk_ticket_event_ticket_id_ticket"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ticket_event")),
    )
    op.create_index("ix_ticket_event_ticket", "ticket_event", ["ticket_id", "id"], unique=False)
    op.execute("CREATE SEQUENCE ticket_number_seq")
    # Outbox: a committed ticket event (or notification) NOTIFYs its id; a rolled-back one never does.
    for table, channel in (("ticket_event", "rapport_ticket_events"), ("notification", "rapport_notifications")):
        op.execute(
            f"CREATE FUNCTION rapport_notify_{table}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN PERFORM pg_notify('{channel}', NEW.id::text); RETURN NEW; END $$"
        )
        op.execute(
            f"CREATE TRIGGER {table}_notify AFTER INSERT ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION rapport_notify_{table}()"
        )
    sla = sa.table(
        "sla_policy",
        sa.column("id", sa.Uuid),
        sa.column("version", sa.Integer),
        sa.column("created_at", sa.DateTime(timezone=True)),
        sa.column("updated_at", sa.DateTime(timezone=True)),
        sa.column("name", sa.String),
        sa.column("position", sa.Integer),
        sa.column("priority", sa.String),
        sa.column("first_response_minutes", sa.Integer),
        sa.column("resolution_minutes", sa.Integer),
        sa.column("active", sa.Boolean),
    )
    now = datetime.now(UTC)
    op.bulk_insert(
        sla,
        [
            {
                "id": uuid.uuid5(uuid.NAMESPACE_URL, f"rapport:sla:{p}"),
                "version": 1,
                "created_at": now,
                "updated_at": now,
                "name": f"{p.capitalize()} (24x7)",
                "position": 100 + i,
                "priority": p,
                "first_response_minutes": f,
                "resolution_minutes": r,
                "active": True,
            }
            for i, (p, (f, r)) in enumerate(
                {"urgent": (30, 240), "high": (60, 480), "normal": (120, 1440), "low": (480, 4320)}.items()
            )
        ],
    )
    setting = sa.table("support_setting", sa.column("name", sa.String), sa.column("value", sa.JSON))
    op.bulk_insert(setting, [{"name": "auto_close", "value": {"days": 7}}])


def downgrade() -> None:
    for table in ("ticket_event", "notification"):
        op.execute(f"DROP TRIGGER IF EXISTS {table}_notify ON {table}")
        op.execute(f"DROP FUNCTION IF EXISTS rapport_notify_{table}()")
    op.execute("DROP SEQUENCE IF EXISTS ticket_number_seq")
    op.drop_index("ix_ticket_event_ticket", table_name="ticket_event")
    op.drop_table("ticket_event")
    op.drop_index("ix_ticket_comment_ticket_created", table_name="ticket_comment")
    op.drop_table("ticket_comment")
    op.drop_index(op.f("ix_survey_token_ticket_id"), table_name="survey_token")
    op.drop_table("survey_token")
    op.drop_index("ix_ticket_status_created", table_name="ticket")
    op.drop_index("ix_ticket_queue_status", table_name="ticket")
    op.drop_index("ix_ticket_customer_created", table_name="ticket")
    op.drop_index("ix_ticket_assignee_status", table_name="ticket")
    op.drop_table("ticket")
    op.drop_index(op.f("ix_portal_account_customer_id"), table_name="portal_account")
    op.drop_table("portal_account")
    op.drop_index("ix_kb_article_search_tokens", table_name="kb_article", postgresql_using="gin")
    op.drop_table("kb_article")
    op.drop_table("agent_profile")
    op.drop_table("sla_policy")
    op.drop_table("routing_rule")
    op.drop_table("support_setting")
    op.drop_table("business_calendar")

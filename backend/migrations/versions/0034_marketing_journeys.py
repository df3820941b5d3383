"""Marketing journeys: journeys (a graph of trigger, waits, conditions and actions), each customer's enrollment,
the step ledger (one row per enrollment and node: each step runs once), page views of the tracking snippet, and
the event trigger's place in the domain event log. Adds the rules of policy/0034_journeys.csv that a database
lacks (marketing builds journeys of its team; managers and admins all).

Revision ID: 0034
Revises: 0033
"""

from collections.abc import Sequence
from pathlib import Path

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from rapport.core.authz.policy import add_shipped_rules, remove_shipped_rules

revision: str = "0034"
down_revision: str | None = "0033"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RULES = Path(__file__).resolve().parents[1] / "policy" / "0034_journeys.csv"


def upgrade() -> None:
    op.create_table(
        "journey_cursor",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_journey_cursor")),
    )
    op.create_table(
        "journey",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("graph", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("allow_reentry", sa.Boolean(), nullable=False),
        sa.Column("owner_id", sa.Uuid(), nullable=True),
        sa.Column("team_id", sa.Uuid(), nullable=True),
        sa.Column("activated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("status IN ('draft', 'active', 'paused', 'archived')", name=op.f("ck_journey_status_valid")),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["app_user.id"], name=op.f("fk_journey_owner_id_app_user"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(["team_id"], ["team.id"], name=op.f("fk_journey_team_id_team"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_journey")),
    )
    op.create_index(op.f("ix_journey_owner_id"), "journey", ["owner_id"], unique=False)
    op.create_index("ix_journey_status", "journey", ["status"], unique=False)
    op.create_index(op.f("ix_journey_team_id"), "journey", ["team_id"], unique=False)
    op.create_table(
        "journey_enrollment",
        sa.Column("journey_id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("contact_id", sa.Uuid(), nullable=True),
        sa.Column("generation", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("current_node", sa.String(length=64), nullable=False),
        sa.Column("next_run_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("entered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("stepped_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("left_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.CheckConstraint(
            "status IN ('active', 'waiting', 'done', 'exited', 'failed')",
            name=op.f("ck_journey_enrollment_status_valid"),
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contact.id"], name=op.f("fk_journey_enrollment_contact_id_contact"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customer.id"],
            name=op.f("fk_journey_enrollment_customer_id_customer"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["journey_id"], ["journey.id"], name=op.f("fk_journey_enrollment_journey_id_journey"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_journey_enrollment")),
        sa.UniqueConstraint(
            "journey_id",
            "customer_id",
            "generation",
            name=op.f("uq_journey_enrollment_journey_id_customer_id_generation"),
        ),
    )
    op.create_index(op.f("ix_journey_enrollment_customer_id"), "journey_enrollment", ["customer_id"], unique=False)
    op.create_index(
        "ix_journey_enrollment_due",
        "journey_enrollment",
        ["next_run_at"],
        unique=False,
        postgresql_where="status IN ('active', 'waiting')",
    )
    op.create_table(
        "page_view",
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("referrer", sa.Text(), nullable=True),
        sa.Column("visitor_id", sa.String(length=64), nullable=False),
        sa.Column("contact_id", sa.Uuid(), nullable=True),
        sa.Column("customer_id", sa.Uuid(), nullable=True),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contact.id"], name=op.f("fk_page_view_contact_id_contact"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customer.id"], name=op.f("fk_page_view_customer_id_customer"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_page_view")),
    )
    op.create_index("ix_page_view_address_at", "page_view", ["address", "at"], unique=False)
    op.create_index("ix_page_view_customer_at", "page_view", ["customer_id", "at"], unique=False)
    op.create_table(
        "journey_step_run",
        sa.Column("enrollment_id", sa.Uuid(), nullable=False),
        sa.Column("journey_id", sa.Uuid(), nullable=False),
        sa.Column("node_id", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("outcome", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.CheckConstraint(
            "status IN ('started', 'done', 'failed', 'skipped')", name=op.f("ck_journey_step_run_status_valid")
        ),
        sa.ForeignKeyConstraint(
            ["enrollment_id"],
            ["journey_enrollment.id"],
            name=op.f("fk_journey_step_run_enrollment_id_journey_enrollment"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["journey_id"], ["journey.id"], name=op.f("fk_journey_step_run_journey_id_journey"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_journey_step_run")),
        sa.UniqueConstraint("enrollment_id", "node_id", name=op.f("uq_journey_step_run_enrollment_id_node_id")),
    )
    op.create_index("ix_journey_step_run_journey_node", "journey_step_run", ["journey_id", "node_id"], unique=False)
    add_shipped_rules(op.get_bind(), RULES)


def downgrade() -> None:
    remove_shipped_rules(op.get_bind(), RULES)
    op.drop_index("ix_journey_step_run_journey_node", table_name="journey_step_run")
    op.drop_table("journey_step_run")
    op.drop_index("ix_page_view_customer_at", table_name="page_view")
    op.drop_index("ix_page_view_address_at", table_name="page_view")
    op.drop_table("page_view")
    op.drop_index(
        "ix_journey_enrollment_due", table_name="journey_enrollment", postgresql_where="status IN ('active', 'waiting')"
    )
    op.drop_index(op.f("ix_journey_enrollment_customer_id"), table_name="journey_enrollment")
    op.drop_table("journey_enrollment")
    op.drop_index(op.f("ix_journey_team_id"), table_name="journey")
    op.drop_index("ix_journey_status", table_name="journey")
    op.drop_index(op.f("ix_journey_owner_id"), table_name="journey")
    op.drop_table("journey")
    op.drop_table("journey_cursor")

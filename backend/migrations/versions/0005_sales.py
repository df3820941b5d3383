"""Sales: leads, assignment rules, pipeline stages, opportunities, approvals, the public pool and targets.

Seeds the default pipeline (needs analysis -> quote -> contract -> payment -> won, plus lost; quotes over
100,000 need a director's approval) and the default public-pool rule (30 days, warned 3 days before, 5 claims a
day, 7 days before a rep may reclaim a customer they lost; customers with an open deal at contract or later are
exempt). Adds the sales rules of the shipped policy (policy/0005_sales.csv) that a database lacks, leaving
every other rule (and an administrator's edits) alone.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 11:22:20.230460
"""

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from rapport.core.authz.policy import read_csv

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "lead_submission",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lead_submission")),
    )
    op.create_index("ix_lead_submission_address_at", "lead_submission", ["address", "at"], unique=False)
    op.create_table(
        "pipeline_stage",
        sa.Column("key", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("probability", sa.Integer(), nullable=False),
        sa.Column("requires_approval", sa.Boolean(), nullable=False),
        sa.Column("approval_threshold", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("is_won", sa.Boolean(), nullable=False),
        sa.Column("is_lost", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pipeline_stage")),
        sa.UniqueConstraint("key", name=op.f("uq_pipeline_stage_key")),
    )
    op.create_table(
        "pool_rule",
        sa.Column("grade", sa.String(length=1), nullable=True),
        sa.Column("days_without_follow_up", sa.Integer(), nullable=False),
        sa.Column("warn_days_before", sa.Integer(), nullable=False),
        sa.Column("daily_claim_limit", sa.Integer(), nullable=False),
        sa.Column("reclaim_cooldown_days", sa.Integer(), nullable=False),
        sa.Column("exempt_from_stage_position", sa.Integer(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pool_rule")),
        sa.UniqueConstraint("grade", name="uq_pool_rule_grade", postgresql_nulls_not_distinct=True),
    )
    op.create_table(
        "lead_rule",
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("province", sa.String(length=64), nullable=True),
        sa.Column("source", sa.String(length=64), nullable=True),
        sa.Column("team_id", sa.Uuid(), nullable=True),
        sa.Column("user_id", sa.Uuid(), nullable=True),
        sa.Column("last_user_id", sa.Uuid(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('territory', 'round_robin', 'load')", name=op.f("ck_lead_rule_kind_valid")),
        sa.ForeignKeyConstraint(
            ["last_user_id"], ["app_user.id"], name=op.f("fk_lead_rule_last_user_id_app_user"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(["team_id"], ["team.id"], name=op.f("fk_lead_rule_team_id_team"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["user_id"], ["app_user.id"], name=op.f("fk_lead_rule_user_id_app_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lead_rule")),
    )
    op.create_table(
        "sales_target",
        sa.Column("user_id", sa.Uuid(), nullable=True),
        sa.Column("team_id", sa.Uuid(), nullable=True),
        sa.Column("period", sa.String(length=8), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("period IN ('month', 'quarter')", name=op.f("ck_sales_target_period_valid")),
        sa.CheckConstraint("(user_id IS NULL) <> (team_id IS NULL)", name=op.f("ck_sales_target_one_subject")),
        sa.ForeignKeyConstraint(
            ["team_id"], ["team.id"], name=op.f("fk_sales_target_team_id_team"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["app_user.id"], name=op.f("fk_sales_target_user_id_app_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sales_target")),
        sa.UniqueConstraint(
            "user_id",
            "team_id",
            "period",
            "period_start",
            name="uq_sales_target_subject_period",
            postgresql_nulls_not_distinct=True,
        ),
    )
    op.create_table(
        "pool_movement",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=True),
        sa.Column("actor_id", sa.Uuid(), nullable=True),
        sa.Column("data", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind IN ('warned', 'reclaimed', 'claimed', 'allocated')", name=op.f("ck_pool_movement_kind_valid")
        ),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["app_user.id"], name=op.f("fk_pool_movement_actor_id_app_user"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customer.id"], name=op.f("fk_pool_movement_customer_id_customer"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["app_user.id"], name=op.f("fk_pool_movement_user_id_app_user"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pool_movement")),
    )
    op.create_index("ix_pool_movement_customer", "pool_movement", ["customer_id", "at"], unique=False)
    op.create_index("ix_pool_movement_user_kind_at", "pool_movement", ["user_id", "kind", "at"], unique=False)
    op.create_table(
        "opportunity",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("stage_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("owner_id", sa.Uuid(), nullable=True),
        sa.Column("team_id", sa.Uuid(), nullable=True),
        sa.Column("expected_close", sa.Date(), nullable=True),
        sa.Column("lost_reason", sa.Text(), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("order_id", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("status IN ('open', 'won', 'lost')", name=op.f("ck_opportunity_status_valid")),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customer.id"], name=op.f("fk_opportunity_customer_id_customer"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["order_id"], ["sales_order.id"], name=op.f("fk_opportunity_order_id_sales_order"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["app_user.id"], name=op.f("fk_opportunity_owner_id_app_user"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["stage_id"], ["pipeline_stage.id"], name=op.f("fk_opportunity_stage_id_pipeline_stage")
        ),
        sa.ForeignKeyConstraint(
            ["team_id"], ["team.id"], name=op.f("fk_opportunity_team_id_team"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_opportunity")),
    )
    op.create_index("ix_opportunity_customer", "opportunity", ["customer_id"], unique=False)
    op.create_index("ix_opportunity_owner_status", "opportunity", ["owner_id", "status"], unique=False)
    op.create_index(op.f("ix_opportunity_team_id"), "opportunity", ["team_id"], unique=False)
    op.create_table(
        "approval",
        sa.Column("opportunity_id", sa.Uuid(), nullable=False),
        sa.Column("to_stage_id", sa.Uuid(), nullable=False),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("requested_by_id", sa.Uuid(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("decided_by_id", sa.Uuid(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('pending', 'approved', 'rejected', 'cancelled')", name=op.f("ck_approval_status_valid")
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"], ["app_user.id"], name=op.f("fk_approval_decided_by_id_app_user"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["opportunity_id"],
            ["opportunity.id"],
            name=op.f("fk_approval_opportunity_id_opportunity"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["requested_by_id"], ["app_user.id"], name=op.f("fk_approval_requested_by_id_app_user"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["to_stage_id"], ["pipeline_stage.id"], name=op.f("fk_approval_to_stage_id_pipeline_stage")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_approval")),
    )
    op.create_index(op.f("ix_approval_opportunity_id"), "approval", ["opportunity_id"], unique=False)
    op.create_index("ix_approval_status", "approval", ["status", "created_at"], unique=False)
    op.create_table(
        "lead",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("company", sa.String(length=200), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=True),
        sa.Column("source", sa.String(length=64), nullable=False),
        sa.Column("province", sa.String(length=64), nullable=True),
        sa.Column("city", sa.String(length=64), nullable=True),
        sa.Column("phone_enc", sa.LargeBinary(), nullable=True),
        sa.Column("email_enc", sa.LargeBinary(), nullable=True),
        sa.Column("phone_digest", sa.LargeBinary(length=16), nullable=True),
        sa.Column("email_digest", sa.LargeBinary(length=16), nullable=True),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Uuid(), nullable=True),
        sa.Column("team_id", sa.Uuid(), nullable=True),
        sa.Column("customer_id", sa.Uuid(), nullable=True),
        sa.Column("opportunity_id", sa.Uuid(), nullable=True),
        sa.Column("submissions", sa.Integer(), nullable=False),
        sa.Column("last_submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("converted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('new', 'working', 'qualified', 'disqualified', 'converted')", name=op.f("ck_lead_status_valid")
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customer.id"], name=op.f("fk_lead_customer_id_customer"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["opportunity_id"], ["opportunity.id"], name=op.f("fk_lead_opportunity_id_opportunity"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["app_user.id"], name=op.f("fk_lead_owner_id_app_user"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(["team_id"], ["team.id"], name=op.f("fk_lead_team_id_team"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lead")),
    )
    op.create_index(op.f("ix_lead_customer_id"), "lead", ["customer_id"], unique=False)
    op.create_index("ix_lead_email_digest", "lead", ["email_digest"], unique=False)
    op.create_index("ix_lead_owner_status", "lead", ["owner_id", "status"], unique=False)
    op.create_index("ix_lead_phone_digest", "lead", ["phone_digest"], unique=False)
    op.create_index(op.f("ix_lead_team_id"), "lead", ["team_id"], unique=False)
    op.create_table(
        "stage_change",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("opportunity_id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("from_stage_id", sa.Uuid(), nullable=True),
        sa.Column("to_stage_id", sa.Uuid(), nullable=False),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("actor_id", sa.Uuid(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["app_user.id"], name=op.f("fk_stage_change_actor_id_app_user"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customer.id"], name=op.f("fk_stage_change_customer_id_customer"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["from_stage_id"], ["pipeline_stage.id"], name=op.f("fk_stage_change_from_stage_id_pipeline_stage")
        ),
        sa.ForeignKeyConstraint(
            ["opportunity_id"],
            ["opportunity.id"],
            name=op.f("fk_stage_change_opportunity_id_opportunity"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["to_stage_id"], ["pipeline_stage.id"], name=op.f("fk_stage_change_to_stage_id_pipeline_stage")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stage_change")),
    )
    op.create_index(op.f("ix_stage_change_customer_id"), "stage_change", ["customer_id"], unique=False)
    op.create_index("ix_stage_change_opportunity", "stage_change", ["opportunity_id", "at"], unique=False)
    op.add_column("customer", sa.Column("pool_warned_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("customer", sa.Column("in_pool_since", sa.DateTime(timezone=True), nullable=True))
    op.create_index(
        "ix_customer_public_pool",
        "customer",
        [sa.literal_column("coalesce(in_pool_since, created_at)"), "id"],
        unique=False,
        postgresql_where=sa.text("pool_status = 'public'"),
    )

    now = datetime.now(UTC)
    stages = [
        # key, name, position, probability, requires approval, threshold, won, lost
        ("needs_analysis", "Needs analysis", 1, 10, False, None, False, False),
        ("quote", "Proposal / quote", 2, 30, True, 100000, False, False),
        ("contract", "Contract", 3, 60, False, None, False, False),
        ("payment", "Payment", 4, 80, False, None, False, False),
        ("won", "Won", 5, 100, False, None, True, False),
        ("lost", "Lost", 6, 0, False, None, False, True),
    ]
    stage_table = sa.table(
        "pipeline_stage",
        *(
            sa.column(c)
            for c in (
                "id",
                "version",
                "created_at",
                "updated_at",
                "key",
                "name",
                "position",
                "probability",
                "requires_approval",
                "approval_threshold",
                "is_won",
                "is_lost",
            )
        ),
    )
    op.bulk_insert(
        stage_table,
        [
            {
                "id": uuid.uuid5(uuid.NAMESPACE_URL, f"rapport:stage:{key}"),
                "version": 1,
                "created_at": now,
                "updated_at": now,
                "key": key,
                "name": name,
                "position": position,
                "probability": probability,
                "requires_approval": gated,
                "approval_threshold": threshold,
                "is_won": won,
                "is_lost": lost,
            }
            for key, name, position, probability, gated, threshold, won, lost in stages
        ],
    )
    pool_table = sa.table(
        "pool_rule",
        *(
            sa.column(c)
            for c in (
                "id",
                "version",
                "created_at",
                "updated_at",
                "grade",
                "days_without_follow_up",
                "warn_days_before",
                "daily_claim_limit",
                "reclaim_cooldown_days",
                "exempt_from_stage_position",
            )
        ),
    )
    op.bulk_insert(
        pool_table,
        [
            {
                "id": uuid.uuid5(uuid.NAMESPACE_URL, "rapport:pool-rule:default"),
                "version": 1,
                "created_at": now,
                "updated_at": now,
                "grade": None,
                "days_without_follow_up": 30,
                "warn_days_before": 3,
                "daily_claim_limit": 5,
                "reclaim_cooldown_days": 7,
                "exempt_from_stage_position": 3,
            }
        ],
    )

    rules = read_csv(Path(__file__).resolve().parents[1] / "policy" / "0005_sales.csv")
    bind = op.get_bind()
    present = {
        tuple(row)
        for row in bind.execute(sa.text("SELECT ptype, v0, v1, v2 FROM casbin_rule WHERE ptype IN ('p', 'g')"))
    }
    missing = [r for r in rules if tuple([*r, None][:4]) not in present]
    if missing:
        rule = sa.table("casbin_rule", *(sa.column(c, sa.String) for c in ("ptype", "v0", "v1", "v2")))
        op.bulk_insert(rule, [dict(zip(("ptype", "v0", "v1", "v2"), [*r, None][:4], strict=True)) for r in missing])


def downgrade() -> None:
    rules = read_csv(Path(__file__).resolve().parents[1] / "policy" / "0005_sales.csv")
    for r in rules:
        op.execute(
            sa.text("DELETE FROM casbin_rule WHERE ptype = :p AND v0 = :a AND v1 = :b AND v2 = :c").bindparams(
                p=r[0], a=r[1], b=r[2], c=r[3]
            )
        )
    op.drop_index("ix_customer_public_pool", table_name="customer", postgresql_where=sa.text("pool_status = 'public'"))
    op.drop_column("customer", "in_pool_since")
    op.drop_column("customer", "pool_warned_at")
    op.drop_index("ix_stage_change_opportunity", table_name="stage_change")
    op.drop_index(op.f("ix_stage_change_customer_id"), table_name="stage_change")
    op.drop_table("stage_change")
    op.drop_index(op.f("ix_lead_team_id"), table_name="lead")
    op.drop_index("ix_lead_phone_digest", table_name="lead")
    op.drop_index("ix_lead_owner_status", table_name="lead")
    op.drop_index("ix_lead_email_digest", table_name="lead")
    op.drop_index(op.f("ix_lead_customer_id"), table_name="lead")
    op.drop_table("lead")
    op.drop_index("ix_approval_status", table_name="approval")
    op.drop_index(op.f("ix_approval_opportunity_id"), table_name="approval")
    op.drop_table("approval")
    op.drop_index(op.f("ix_opportunity_team_id"), table_name="opportunity")
    op.drop_index("ix_opportunity_owner_status", table_name="opportunity")
    op.drop_index("ix_opportunity_customer", table_name="opportunity")
    op.drop_table("opportunity")
    op.drop_index("ix_pool_movement_user_kind_at", table_name="pool_movement")
    op.drop_index("ix_pool_movement_customer", table_name="pool_movement")
    op.drop_table("pool_movement")
    op.drop_table("sales_target")
    op.drop_table("lead_rule")
    op.drop_table("pool_rule")
    op.drop_table("pipeline_stage")
    op.drop_index("ix_lead_submission_address_at", table_name="lead_submission")
    op.drop_table("lead_submission")

"""Imports from CSV and XLSX files: saved mapping templates (`import_template`), each uploaded batch and its run
(`import_batch`, the file encrypted) and what each row did (`import_row`: for progress, the rejected-rows file,
resuming after a crash and undo). Adds the rules of policy/0028_imports.csv that a database lacks.

Revision ID: 0028
Revises: 0027
"""

from collections.abc import Sequence
from pathlib import Path

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from rapport.core.authz.policy import add_shipped_rules, remove_shipped_rules

revision: str = "0028"
down_revision: str | None = "0027"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RULES = Path(__file__).resolve().parents[1] / "policy" / "0028_imports.csv"


def upgrade() -> None:
    op.create_table(
        "import_batch",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("filename", sa.Text(), nullable=False),
        sa.Column("file_enc", sa.LargeBinary(), nullable=True),
        sa.Column("sheet", sa.Text(), nullable=True),
        sa.Column("columns", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("values", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("strategy", sa.String(length=16), nullable=False),
        sa.Column("create_similar", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("created", sa.Integer(), nullable=False),
        sa.Column("updated", sa.Integer(), nullable=False),
        sa.Column("skipped", sa.Integer(), nullable=False),
        sa.Column("rejected", sa.Integer(), nullable=False),
        sa.Column("error", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("undone_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.CheckConstraint(
            "status IN ('uploaded', 'queued', 'running', 'done', 'failed', 'undone')",
            name=op.f("ck_import_batch_status_valid"),
        ),
        sa.CheckConstraint(
            "strategy IN ('skip', 'update_empty', 'update_all', 'merge')", name=op.f("ck_import_batch_strategy_valid")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["app_user.id"], name=op.f("fk_import_batch_user_id_app_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_batch")),
    )
    op.create_index("ix_import_batch_user_created", "import_batch", ["user_id", "created_at"], unique=False)
    op.create_index(
        "ix_import_batch_waiting",
        "import_batch",
        ["created_at"],
        unique=False,
        postgresql_where=sa.text("status IN ('queued', 'running')"),
    )
    op.create_table(
        "import_template",
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("columns", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("values", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("created_by_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["app_user.id"],
            name=op.f("fk_import_template_created_by_id_app_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_template")),
        sa.UniqueConstraint("kind", "name", name=op.f("uq_import_template_kind_name")),
    )
    op.create_table(
        "import_row",
        sa.Column("batch_id", sa.Uuid(), nullable=False),
        sa.Column("row", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("entity_id", sa.Uuid(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=True),
        sa.Column("before", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("problems", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.CheckConstraint(
            "action IN ('created', 'updated', 'skipped', 'rejected')", name=op.f("ck_import_row_action_valid")
        ),
        sa.ForeignKeyConstraint(
            ["batch_id"], ["import_batch.id"], name=op.f("fk_import_row_batch_id_import_batch"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("batch_id", "row", name=op.f("pk_import_row")),
    )
    op.create_index("ix_import_row_entity", "import_row", ["entity_id"], unique=False)
    add_shipped_rules(op.get_bind(), RULES)


def downgrade() -> None:
    remove_shipped_rules(op.get_bind(), RULES)
    op.drop_index("ix_import_row_entity", table_name="import_row")
    op.drop_table("import_row")
    op.drop_table("import_template")
    op.drop_index(
        "ix_import_batch_waiting",
        table_name="import_batch",
        postgresql_where=sa.text("status IN ('queued', 'running')"),
    )
    op.drop_index("ix_import_batch_user_created", table_name="import_batch")
    op.drop_table("import_batch")

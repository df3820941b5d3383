"""Text for people in the reader's language: notifications keep messages, seeded names have every language.

Adds `notification.message` (JSONB: the English templates and their parameters, rendered when read; rows written
before keep their English `title` and `body`, shown as they are), and `labels` (JSONB: the name in each language)
on pipeline stages and SLA policies, filled for the seeded rows whose name nobody changed.

Revision ID: 0018
Revises: 0012
"""

import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0018"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: Seeded stages (0005_sales): key -> English name as seeded, Chinese name.
STAGES = {
    "needs_analysis": ("Needs analysis", "需求分析"),
    "quote": ("Proposal / quote", "方案报价"),
    "contract": ("Contract", "合同签订"),
    "payment": ("Payment", "回款"),
    "won": ("Won", "赢单"),
    "lost": ("Lost", "输单"),
}
#: Seeded SLA policies (0004_service_desk): priority -> English name as seeded, Chinese name.
SLA_POLICIES = {
    "urgent": ("Urgent (24x7)", "紧急（7×24 小时）"),
    "high": ("High (24x7)", "高（7×24 小时）"),
    "normal": ("Normal (24x7)", "普通（7×24 小时）"),
    "low": ("Low (24x7)", "低（7×24 小时）"),
}


def upgrade() -> None:
    json = postgresql.JSONB(astext_type=sa.Text())
    op.add_column("notification", sa.Column("message", json, nullable=True))
    op.add_column("pipeline_stage", sa.Column("labels", json, nullable=True))
    op.add_column("sla_policy", sa.Column("labels", json, nullable=True))
    bind = op.get_bind()
    for table, rows, prefix in (("pipeline_stage", STAGES, "stage"), ("sla_policy", SLA_POLICIES, "sla")):
        for key, (english, chinese) in rows.items():
            bind.execute(
                sa.text(f"UPDATE {table} SET labels = :labels WHERE id = :id AND name = :name").bindparams(
                    sa.bindparam("labels", type_=json)
                ),
                {
                    "labels": {"zh-CN": chinese, "en": english},
                    "id": uuid.uuid5(uuid.NAMESPACE_URL, f"rapport:{prefix}:{key}"),
                    "name": english,
                },
            )


def downgrade() -> None:
    op.drop_column("sla_policy", "labels")
    op.drop_column("pipeline_stage", "labels")
    op.drop_column("notification", "message")

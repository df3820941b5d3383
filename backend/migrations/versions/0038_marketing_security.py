"""Marketing security: a campaign's approval records what was approved (the segment, its version and the recipients
counted then), and consent changes keep their history.

Revision ID: 0038
Revises: 0034
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0038"
down_revision: str | None = "0034"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("campaign", sa.Column("approved_segment_id", sa.Uuid(), nullable=True))
    op.add_column("campaign", sa.Column("approved_segment_version", sa.Integer(), nullable=True))
    op.add_column("campaign", sa.Column("approved_recipients", sa.Integer(), nullable=True))


def downgrade() -> None:
    op.drop_column("campaign", "approved_recipients")
    op.drop_column("campaign", "approved_segment_version")
    op.drop_column("campaign", "approved_segment_id")

"""Quiet hours in the recipient's time zone: a contact's IANA time zone (None: the marketing settings' zone), and
an outbox message's hold window (a marketing email still queued when its recipient's quiet hours begin waits until
they end), with the rules of policy/0038_contact_time_zone.csv that read and write `Contact.timeZone`.

Revision ID: 0038
Revises: 0037
"""

from collections.abc import Sequence
from pathlib import Path

import sqlalchemy as sa
from alembic import op

from rapport.core.authz.policy import add_shipped_rules, remove_shipped_rules

revision: str = "0038"
down_revision: str | None = "0037"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RULES = Path(__file__).resolve().parents[1] / "policy" / "0038_contact_time_zone.csv"


def upgrade() -> None:
    op.add_column("contact", sa.Column("time_zone", sa.String(length=64), nullable=True))
    op.add_column("outbound_email", sa.Column("hold_from", sa.DateTime(timezone=True), nullable=True))
    op.add_column("outbound_email", sa.Column("hold_until", sa.DateTime(timezone=True), nullable=True))
    add_shipped_rules(op.get_bind(), RULES)


def downgrade() -> None:
    remove_shipped_rules(op.get_bind(), RULES)
    op.drop_column("outbound_email", "hold_until")
    op.drop_column("outbound_email", "hold_from")
    op.drop_column("contact", "time_zone")

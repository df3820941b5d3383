"""Contacts' language and the customer messages of tickets.

`contact.language` is the language Rapport writes to a contact in (zh-CN or en): zh-CN, or the locale of the
contact's portal account where there is one. Adds the rules of policy/0012_contact_language_customer_messages.csv
that a database lacks: `Contact.language` beside the other basic contact fields, `Ticket.customerMessages` and the
`CustomerMessage` fields for the roles that read tickets (the customer without the delivery error).

Revision ID: 0012
Revises: 0017
"""

from collections.abc import Sequence
from pathlib import Path

import sqlalchemy as sa
from alembic import op

from rapport.core.authz.policy import add_shipped_rules, remove_shipped_rules

revision: str = "0012"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RULES = Path(__file__).resolve().parents[1] / "policy" / "0012_contact_language_customer_messages.csv"


def upgrade() -> None:
    op.add_column("contact", sa.Column("language", sa.String(length=10), server_default="zh-CN", nullable=False))
    op.execute(
        "UPDATE contact SET language = 'en' FROM portal_account, app_user "
        "WHERE portal_account.contact_id = contact.id AND app_user.id = portal_account.user_id "
        "AND lower(app_user.locale) LIKE 'en%'"
    )
    add_shipped_rules(op.get_bind(), RULES)


def downgrade() -> None:
    remove_shipped_rules(op.get_bind(), RULES)
    op.drop_column("contact", "language")

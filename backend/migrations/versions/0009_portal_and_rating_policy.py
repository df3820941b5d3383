"""Shipped policy: rating a ticket is the portal customer's alone; portal customers do not list teams.

Removes the shipped rules that let service agents and integrators call `ticketRate` (the CSAT>=3 gate that closes a
ticket, requirement 001) and that let the `customer` role list teams with their managers. An administrator who
wants them back can grant them again with permissionSet.

Revision ID: 0009
Revises: 0008
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RULES = [
    ("p", "service_agent", "Mutation.ticketRate", "write"),
    ("p", "integrator", "Mutation.ticketRate", "write"),
    ("p", "customer", "Query.teams", "read"),
    ("p", "customer", "Query.myTasks", "read"),
    ("p", "customer", "Team.kind", "read"),
    ("p", "customer", "Team.parent", "read"),
    ("p", "customer", "Team.manager", "read"),
]
_DELETE = sa.text("DELETE FROM casbin_rule WHERE ptype = :p AND v0 = :a AND v1 = :b AND v2 = :c")
_INSERT = sa.text("INSERT INTO casbin_rule (ptype, v0, v1, v2) VALUES (:p, :a, :b, :c)")


def upgrade() -> None:
    for p, a, b, c in RULES:
        op.execute(_DELETE.bindparams(p=p, a=a, b=b, c=c))


def downgrade() -> None:
    for p, a, b, c in RULES:
        op.execute(_INSERT.bindparams(p=p, a=a, b=b, c=c))

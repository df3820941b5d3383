"""Regions: free-text provinces and cities of customers and leads become the standard names, by matching.

上海 and Shanghai become 上海市, 广西 becomes 广西壮族自治区, a known city alone (深圳) gives its province (广东省)
too; the list is rapport/core/regions_cn.json. Values that name no region are left as they are and reported in
the migration's log (`rapport regions report` lists them at any time). Adds the rules of policy/0017_regions.csv
that a database lacks (the region list, the duplicate check of a new customer).

Revision ID: 0017
Revises: 0016
"""

import logging
from collections.abc import Sequence
from pathlib import Path

import sqlalchemy as sa
from alembic import op

from rapport.core import regions
from rapport.core.authz.policy import add_shipped_rules, remove_shipped_rules

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RULES = Path(__file__).resolve().parents[1] / "policy" / "0017_regions.csv"
TABLES = ("customer", "lead")
log = logging.getLogger("rapport.migrations.regions")


def _normalise(table: str) -> None:
    bind = op.get_bind()
    pairs = bind.execute(sa.text(f"SELECT province, city, count(*) FROM {table} GROUP BY province, city")).all()
    unmatched = 0
    for province, city, count in pairs:
        new_province, new_city = regions.normalised(province, city)
        if (new_province, new_city) != (province, city):
            bind.execute(
                sa.text(
                    f"UPDATE {table} SET province = :np, city = :nc "
                    "WHERE province IS NOT DISTINCT FROM :p AND city IS NOT DISTINCT FROM :c"
                ),
                {"np": new_province, "nc": new_city, "p": province, "c": city},
            )
        missing = regions.unrecognised(province, city)
        if missing:
            unmatched += count
            log.warning(
                "%s: %s rows with province %r, city %r: no %s in the region list; left as they are",
                table,
                count,
                province,
                city,
                " or ".join(missing),
            )
    if unmatched:
        log.warning("%s: %s rows keep a region the list does not have (`rapport regions report`)", table, unmatched)


def upgrade() -> None:
    for table in TABLES:
        _normalise(table)
    add_shipped_rules(op.get_bind(), RULES)


def downgrade() -> None:
    # The standard names stay (what was typed before is not kept); the rules go.
    remove_shipped_rules(op.get_bind(), RULES)

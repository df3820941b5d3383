"""How many customers each owner and team has per value of each dimension, kept by triggers.

`customerGroups` (the home pages' segments, the customer dashboard, the list's filter bar) counted every visible
customer on each request: 10,000 customers grouped three ways took 11 ms, the heaviest statement of four pages.
Without a filter, the counts are a sum over `customer_tally`: one row per dimension, value,
owner and team with the number of counted customers (not merged, not archived), so that the row scopes own and
team apply to its owner and team columns as they do to the customer's (`visible_tally`).

Triggers keep it exact, in the writing transaction (no freshness to state):
- on `customer`: after each statement that inserts or changes rows, -1 for each changed row's old values and +1
  for its new ones (a row whose owner, team, counted state and dimensions did not change adds nothing); before each
  row's delete, -1 (its score is still there: the cascade removes it after the row);
- on `customer_score`: the RFM segment moves within the customer's owner and team (a customer without a score row
  is counted as "none", as the live count does).
The two read each other's table (a customer's segment, a score's customer), so both take the customer's lock
first (transaction-scoped advisory locks: shared for the table and one per customer for a statement touching up
to 64 customers, the table's alone, exclusive, for a bulk statement) and read after it, in a new statement: the
later of two transactions that move the same customer sees what the earlier committed. Each upsert adds its
deltas in key order, so two writers never wait for each other's tally rows in opposite orders.
TRUNCATE of `customer` empties the tally; of `customer_score`, counts every customer as "none" again.
`customer_tally_rebuild()` counts everything again (after changes made with the triggers disabled).

Revision ID: 0023
Revises: 0022
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: dimension (`rapport.customers.repository.analysis.Dimension`'s value) -> the customer's column.
COLUMNS = {
    "region": "province",
    "city": "city",
    "industry": "industry",
    "grade": "grade",
    "status": "status",
    "kind": "kind",
    "gender": "gender",
    "occupation": "occupation",
    "education": "education",
    "marital_status": "marital_status",
    "source": "source",
}
COUNTED = "{r}.merged_into_id IS NULL AND {r}.archived_at IS NULL"
UPSERT = """
INSERT INTO customer_tally AS t (dimension, key, owner_id, team_id, customers)
  SELECT dimension, key, owner_id, team_id, sum(delta) FROM ({deltas}) AS d
  GROUP BY 1, 2, 3, 4 HAVING sum(delta) <> 0
  ORDER BY 1, 2, 3, 4
ON CONFLICT (dimension, key, owner_id, team_id) DO UPDATE SET customers = t.customers + EXCLUDED.customers
"""


def _keys(row: str, segment: str) -> str:
    """(dimension, key) of every dimension of a customer row `row`, its segment `segment`."""
    pairs = [f"('{d}', {row}.{c})" for d, c in COLUMNS.items()]
    pairs.append(f"('rfm_segment', coalesce({segment}, 'none'))")
    return f"LATERAL (VALUES {', '.join(pairs)}) AS k(dimension, key)"


def _customer_deltas(rows: str, sign: int, where: str = "TRUE") -> str:
    """Every dimension's (key, owner, team, delta) of the counted customer rows `rows` (alias c), each with its
    current segment."""
    return (
        f"SELECT k.dimension, k.key, c.owner_id, c.team_id, {sign} AS delta FROM {rows} "
        f"LEFT JOIN customer_score s ON s.customer_id = c.id, {_keys('c', 's.segment')} "
        f"WHERE {COUNTED.format(r='c')} AND {where}"
    )


LOCK = """
CREATE FUNCTION customer_tally_lock(p_customers uuid[]) RETURNS void LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  IF (SELECT count(DISTINCT c) FROM unnest(p_customers) AS c) > 64 THEN
    PERFORM pg_advisory_xact_lock(hashtext('customer_tally'), 0);
  ELSE
    PERFORM pg_advisory_xact_lock_shared(hashtext('customer_tally'), 0);
    PERFORM pg_advisory_xact_lock(hashtext('customer_tally/customer'), key)
      FROM (SELECT DISTINCT hashtext(c::text) AS key FROM unnest(p_customers) AS c WHERE c IS NOT NULL ORDER BY 1)
        AS keys;
  END IF;
END
$$
"""

_TRACKED = ["owner_id", "team_id", "merged_into_id IS NULL", "archived_at IS NULL", *COLUMNS.values()]
_CHANGED = "({o}) IS DISTINCT FROM ({n})".format(
    o=", ".join(f"o.{c}" for c in _TRACKED), n=", ".join(f"n.{c}" for c in _TRACKED)
)

CUSTOMER_CHANGED = f"""
CREATE FUNCTION customer_tally_customer() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  moved uuid[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    moved := ARRAY(SELECT c.id FROM new_rows AS c WHERE {COUNTED.format(r="c")});
  ELSE
    moved := ARRAY(SELECT n.id FROM new_rows AS n JOIN old_rows AS o ON o.id = n.id WHERE {_CHANGED});
  END IF;
  IF cardinality(moved) = 0 THEN
    RETURN NULL;
  END IF;
  PERFORM customer_tally_lock(moved);
  IF TG_OP = 'INSERT' THEN
    {UPSERT.format(deltas=_customer_deltas("new_rows AS c", 1))};
  ELSE
    {
    UPSERT.format(
        deltas=_customer_deltas("old_rows AS c", -1, "c.id = ANY(moved)")
        + " UNION ALL "
        + _customer_deltas("new_rows AS c", 1, "c.id = ANY(moved)")
    )
};
  END IF;
  RETURN NULL;
END
$$
"""

CUSTOMER_DELETED = f"""
CREATE FUNCTION customer_tally_customer_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF {COUNTED.format(r="OLD")} THEN
    PERFORM customer_tally_lock(ARRAY[OLD.id]);
    {UPSERT.format(deltas=_customer_deltas("(SELECT OLD.*) AS c", -1))};
  END IF;
  RETURN OLD;
END
$$
"""

#: TG_OP -> each changed score's (customer, segment before, segment after), NULL for none.
_SEGMENTS = {
    "INSERT": "SELECT customer_id AS id, NULL::varchar AS before, segment AS after FROM new_rows",
    "DELETE": "SELECT customer_id AS id, segment AS before, NULL::varchar AS after FROM old_rows",
    "UPDATE": "SELECT n.customer_id AS id, o.segment AS before, n.segment AS after FROM new_rows AS n "
    "JOIN old_rows AS o ON o.customer_id = n.customer_id WHERE o.segment IS DISTINCT FROM n.segment",
}


def _score_branch(operation: str) -> str:
    deltas = (
        "SELECT 'rfm_segment' AS dimension, coalesce(v.segment, 'none') AS key, c.owner_id, c.team_id, v.delta "
        f"FROM ({_SEGMENTS[operation]}) AS m JOIN customer AS c ON c.id = m.id, "
        "LATERAL (VALUES (m.before, -1), (m.after, 1)) AS v(segment, delta) "
        f"WHERE {COUNTED.format(r='c')}"
    )
    return f"""IF TG_OP = '{operation}' THEN
    moved := ARRAY(SELECT id FROM ({_SEGMENTS[operation]}) AS m);
    IF cardinality(moved) > 0 THEN
      PERFORM customer_tally_lock(moved);
      -- After the lock, a new statement: the customer as the latest writer committed it (a customer deleted in
      -- this transaction, whose score the cascade removes, was taken out before its delete).
      {UPSERT.format(deltas=deltas)};
    END IF;
  END IF;"""


SCORE_CHANGED = f"""
CREATE FUNCTION customer_tally_score() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  moved uuid[];
BEGIN
  {_score_branch("INSERT")}
  {_score_branch("UPDATE")}
  {_score_branch("DELETE")}
  RETURN NULL;
END
$$
"""

TRUNCATED = f"""
CREATE FUNCTION customer_tally_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('customer_tally'), 0);
  IF TG_TABLE_NAME = 'customer' THEN
    DELETE FROM customer_tally;
  ELSE
    DELETE FROM customer_tally WHERE dimension = 'rfm_segment';
    INSERT INTO customer_tally (dimension, key, owner_id, team_id, customers)
      SELECT 'rfm_segment', 'none', c.owner_id, c.team_id, count(*) FROM customer AS c
      WHERE {COUNTED.format(r="c")} GROUP BY 3, 4;
  END IF;
  RETURN NULL;
END
$$
"""

REBUILD = f"""
CREATE FUNCTION customer_tally_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  -- Writers of customers and scores that have not committed finish first; new ones wait until this transaction
  -- commits.
  LOCK TABLE customer, customer_score IN SHARE MODE;
  PERFORM pg_advisory_xact_lock(hashtext('customer_tally'), 0);
  DELETE FROM customer_tally;
  {UPSERT.format(deltas=_customer_deltas("customer AS c", 1))};
END
$$
"""


def upgrade() -> None:
    op.create_table(
        "customer_tally",
        sa.Column("dimension", sa.String(length=16), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=True),
        sa.Column("owner_id", sa.Uuid(), nullable=True),
        sa.Column("team_id", sa.Uuid(), nullable=True),
        sa.Column("customers", sa.Integer(), nullable=False),
    )
    op.create_index(
        "ux_customer_tally",
        "customer_tally",
        ["dimension", "key", "owner_id", "team_id"],
        unique=True,
        postgresql_nulls_not_distinct=True,
    )
    for statement in (LOCK, CUSTOMER_CHANGED, CUSTOMER_DELETED, SCORE_CHANGED, TRUNCATED, REBUILD):
        op.execute(statement)
    for table, function in (("customer", "customer_tally_customer"), ("customer_score", "customer_tally_score")):
        op.execute(
            f"CREATE TRIGGER {table}_tally_insert AFTER INSERT ON {table} REFERENCING NEW TABLE AS new_rows "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {function}()"
        )
        op.execute(
            f"CREATE TRIGGER {table}_tally_update AFTER UPDATE ON {table} "
            f"REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {function}()"
        )
        op.execute(
            f"CREATE TRIGGER {table}_tally_truncate AFTER TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION customer_tally_truncated()"
        )
    op.execute(
        "CREATE TRIGGER customer_score_tally_delete AFTER DELETE ON customer_score REFERENCING OLD TABLE AS old_rows "
        "FOR EACH STATEMENT EXECUTE FUNCTION customer_tally_score()"
    )
    # Before the row goes: its score is still there to say which segment it was counted in.
    op.execute(
        "CREATE TRIGGER customer_tally_delete BEFORE DELETE ON customer "
        "FOR EACH ROW EXECUTE FUNCTION customer_tally_customer_deleted()"
    )
    op.execute("SELECT customer_tally_rebuild()")


def downgrade() -> None:
    for table in ("customer", "customer_score"):
        for event in ("insert", "update", "truncate"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_tally_{event} ON {table}")
    op.execute("DROP TRIGGER IF EXISTS customer_score_tally_delete ON customer_score")
    op.execute("DROP TRIGGER IF EXISTS customer_tally_delete ON customer")
    for function in (
        "customer_tally_rebuild()",
        "customer_tally_truncated()",
        "customer_tally_score()",
        "customer_tally_customer_deleted()",
        "customer_tally_customer()",
        "customer_tally_lock(uuid[])",
    ):
        op.execute(f"DROP FUNCTION IF EXISTS {function}")
    op.drop_table("customer_tally")

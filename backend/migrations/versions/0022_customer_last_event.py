"""The latest event of each kind a public-pool rule may count as contact, stored per customer and kept by triggers.

A customer returns to the public pool when its owner has had no contact for its rule's days: the last contact is
its last follow-up or, for the kinds of event the rule counts, its latest order (not cancelled), won deal or
ticket (`rapport.sales.pool.repository._last_contact`). The deadline was computed with one subquery per kind and
customer; the pool watchlist (every sales home page) computes it for every customer near its deadline (771 of a
manager's customers in the benchmark database: 37 ms). Now each kind's latest time is a row of
`customer_last_event`, read by one index lookup per customer.

Triggers on the events' tables keep the rows: after each statement that inserts, deletes or changes the rows that
count (their customer, and the order's status and time, the deal's status and closing time), the latest time of
each customer the statement touched is computed again from the table (`customer_last_event_latest`), the same
definitions as the manifests' `CustomerEvent.latest` (a test holds them equal). Two transactions refreshing the
same customer's kind take turns (transaction-scoped advisory locks: the kind's, shared, and the customer's, for a
statement touching up to 64 customers; the kind's alone, exclusive, for a bulk statement), and the refresh reads
after the lock (a new statement of a volatile function reads a new snapshot, in READ COMMITTED, which every write
of the application uses): the later one sees what the earlier committed, so an order cancelled beside a new one
never leaves the older time behind. TRUNCATE of an events table empties its kind's rows.

Revision ID: 0022
Revises: 0021
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LATEST = """
CREATE FUNCTION customer_last_event_latest(p_customer uuid, p_kind varchar) RETURNS timestamptz
LANGUAGE sql STABLE AS $$
  SELECT CASE p_kind
    WHEN 'order' THEN
      (SELECT max(o.ordered_at) FROM sales_order o WHERE o.customer_id = p_customer AND o.status <> 'cancelled')
    WHEN 'won_deal' THEN
      (SELECT max(d.closed_at) FROM opportunity d WHERE d.customer_id = p_customer AND d.status = 'won')
    WHEN 'ticket' THEN (SELECT max(t.created_at) FROM ticket t WHERE t.customer_id = p_customer)
  END
$$
"""

REFRESH = """
CREATE FUNCTION customer_last_event_refresh(p_customers uuid[], p_kind varchar) RETURNS void
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  IF cardinality(p_customers) = 0 THEN
    RETURN;
  END IF;
  -- Take turns with other refreshes of these customers' kind. A statement touching a few customers (an order, a
  -- merge) shares the kind's lock and takes one lock per customer, in key order: only refreshes of the same
  -- customer wait for each other. One touching many (a bulk load) takes the kind's lock alone, exclusively: the
  -- number of locks a transaction holds stays bounded (the lock table is shared and fixed in size).
  IF (SELECT count(DISTINCT c) FROM unnest(p_customers) AS c) > 64 THEN
    PERFORM pg_advisory_xact_lock(hashtext('customer_last_event:' || p_kind), 0);
  ELSE
    PERFORM pg_advisory_xact_lock_shared(hashtext('customer_last_event:' || p_kind), 0);
    PERFORM pg_advisory_xact_lock(hashtext('customer_last_event:' || p_kind || '/customer'), key)
      FROM (SELECT DISTINCT hashtext(c::text) AS key FROM unnest(p_customers) AS c WHERE c IS NOT NULL ORDER BY 1)
        AS keys;
  END IF;
  -- A new statement, a new snapshot: what the transactions that held the locks before committed is seen. Each
  -- customer's latest time computed once; stored where there is one, removed where there is none.
  WITH latest AS (
    SELECT c, customer_last_event_latest(c, p_kind) AS at
    FROM (SELECT DISTINCT c FROM unnest(p_customers) AS c WHERE c IS NOT NULL) AS touched
  ), stored AS (
    INSERT INTO customer_last_event AS e (customer_id, kind, at)
      SELECT l.c, p_kind, l.at FROM latest l
      WHERE l.at IS NOT NULL AND EXISTS (SELECT FROM customer WHERE id = l.c)
    ON CONFLICT (customer_id, kind) DO UPDATE SET at = EXCLUDED.at WHERE e.at IS DISTINCT FROM EXCLUDED.at
  )
  DELETE FROM customer_last_event e USING latest l
    WHERE e.customer_id = l.c AND e.kind = p_kind AND l.at IS NULL;
END
$$
"""

TRUNCATED = """
CREATE FUNCTION customer_last_event_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM customer_last_event WHERE kind = TG_ARGV[0];
  RETURN NULL;
END
$$
"""

#: table -> (event kind, the columns whose change may change the latest time).
SOURCES = {
    "sales_order": ("order", ("customer_id", "status", "ordered_at")),
    "opportunity": ("won_deal", ("customer_id", "status", "closed_at")),
    "ticket": ("ticket", ("customer_id", "created_at")),
}


def _trigger_function(table: str, kind: str, columns: tuple[str, ...]) -> str:
    changed = " OR ".join(f"n.{c} IS DISTINCT FROM o.{c}" for c in columns)
    return f"""
CREATE FUNCTION {table}_last_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM customer_last_event_refresh(ARRAY(SELECT customer_id FROM new_rows), '{kind}');
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM customer_last_event_refresh(ARRAY(SELECT customer_id FROM old_rows), '{kind}');
  ELSE
    PERFORM customer_last_event_refresh(
      ARRAY(SELECT x FROM new_rows n JOIN old_rows o ON o.id = n.id, LATERAL (VALUES (n.customer_id), (o.customer_id)) v(x)
            WHERE {changed}),
      '{kind}');
  END IF;
  RETURN NULL;
END
$$
"""


def upgrade() -> None:
    op.create_table(
        "customer_last_event",
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customer.id"],
            name=op.f("fk_customer_last_event_customer_id_customer"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("customer_id", "kind", name=op.f("pk_customer_last_event")),
    )
    op.execute(LATEST)
    op.execute(REFRESH)
    op.execute(TRUNCATED)
    for table, (kind, columns) in SOURCES.items():
        op.execute(_trigger_function(table, kind, columns))
        for event, transition in (("INSERT", "NEW TABLE AS new_rows"), ("DELETE", "OLD TABLE AS old_rows")):
            op.execute(
                f"CREATE TRIGGER {table}_last_event_{event.lower()} AFTER {event} ON {table} "
                f"REFERENCING {transition} FOR EACH STATEMENT EXECUTE FUNCTION {table}_last_event()"
            )
        op.execute(
            f"CREATE TRIGGER {table}_last_event_update AFTER UPDATE ON {table} "
            f"REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT "
            f"EXECUTE FUNCTION {table}_last_event()"
        )
        # TRUNCATE fires no insert, update or delete trigger: the kind's stored rows go with the table's rows.
        op.execute(
            f"CREATE TRIGGER {table}_last_event_truncate AFTER TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION customer_last_event_truncated('{kind}')"
        )
    # What is there already: every customer refreshed, kind by kind (the same statement as the triggers').
    for kind, _ in SOURCES.values():
        op.execute(f"SELECT customer_last_event_refresh(ARRAY(SELECT id FROM customer), '{kind}')")


def downgrade() -> None:
    for table in SOURCES:
        for event in ("insert", "delete", "update", "truncate"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_last_event_{event} ON {table}")
        op.execute(f"DROP FUNCTION IF EXISTS {table}_last_event()")
    op.execute("DROP FUNCTION IF EXISTS customer_last_event_truncated()")
    op.execute("DROP FUNCTION IF EXISTS customer_last_event_refresh(uuid[], varchar)")
    op.execute("DROP FUNCTION IF EXISTS customer_last_event_latest(uuid, varchar)")
    op.drop_table("customer_last_event")

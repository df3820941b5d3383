"""Ticket events in commit order: `ticket_event.seq`, given after commit, is the live events' cursor.

`ticket_event.id` is taken at insert, before commit; a later id can commit first, so a subscriber that had moved
past it never saw the earlier one. The event relay (rapport.core.events.CommitLog) now numbers committed events
from `ticket_event_log_seq` under an advisory lock. The sequence belongs to no column, so that no TRUNCATE ...
RESTART IDENTITY rewinds the log under running processes. Existing events get their place in id order. The
outbox trigger no longer sends the id (nobody reads it): an empty payload lets PostgreSQL fold the NOTIFYs of
one transaction into one.

Revision ID: 0008
Revises: 0007
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _notify_function(payload: str) -> None:
    op.execute(
        "CREATE OR REPLACE FUNCTION rapport_notify_ticket_event() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN PERFORM pg_notify('rapport_ticket_events', {payload}); RETURN NEW; END $$"
    )


#: The relay's stamp, one statement (one round trip, and no transaction left open by a client that dies): when
#: unstamped rows exist, take the log's advisory lock, then number every row the next statement sees without a
#: `seq`, in id order. A VOLATILE function's statements each take a fresh snapshot under READ COMMITTED, so the
#: UPDATE sees every stamp committed before the lock was granted.
STAMP_FUNCTION = """
CREATE OR REPLACE FUNCTION rapport_stamp_event_log(log regclass, numbers regclass, lock_key bigint, batch integer)
RETURNS bigint LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  pending boolean;
  stamped bigint;
  total bigint := 0;
BEGIN
  IF current_setting('transaction_isolation') <> 'read committed' THEN
    RAISE EXCEPTION 'rapport_stamp_event_log needs READ COMMITTED, not %', current_setting('transaction_isolation');
  END IF;
  EXECUTE format('SELECT EXISTS (SELECT FROM %s WHERE seq IS NULL)', log) INTO pending;
  IF NOT pending THEN
    RETURN 0;
  END IF;
  PERFORM pg_advisory_xact_lock(lock_key);
  LOOP
    EXECUTE format(
      'UPDATE %1$s AS e SET seq = fresh.seq FROM ('
      '  SELECT id, nextval(%2$L) AS seq FROM (SELECT id FROM %1$s WHERE seq IS NULL ORDER BY id LIMIT %3$s) AS o'
      ') AS fresh WHERE e.id = fresh.id',
      log, numbers::text, batch);
    GET DIAGNOSTICS stamped = ROW_COUNT;
    total := total + stamped;
    EXIT WHEN stamped < batch;
  END LOOP;
  RETURN total;
END $$
"""


def upgrade() -> None:
    op.add_column("ticket_event", sa.Column("seq", sa.BigInteger(), nullable=True))
    op.execute("CREATE SEQUENCE ticket_event_log_seq")
    op.create_index("ix_ticket_event_seq", "ticket_event", ["seq"], unique=True)
    op.create_index(
        "ix_ticket_event_unstamped", "ticket_event", ["id"], unique=False, postgresql_where=sa.text("seq IS NULL")
    )
    op.execute(STAMP_FUNCTION)
    # Existing events take their places in id order (they have all committed: this transaction locks the table).
    op.execute("SELECT rapport_stamp_event_log('ticket_event', 'ticket_event_log_seq', 0, 10000)")
    _notify_function("''")


def downgrade() -> None:
    _notify_function("NEW.id::text")
    op.execute("DROP FUNCTION IF EXISTS rapport_stamp_event_log(regclass, regclass, bigint, integer)")
    op.drop_index("ix_ticket_event_unstamped", table_name="ticket_event")
    op.drop_index("ix_ticket_event_seq", table_name="ticket_event")
    op.execute("DROP SEQUENCE IF EXISTS ticket_event_log_seq")
    op.drop_column("ticket_event", "seq")

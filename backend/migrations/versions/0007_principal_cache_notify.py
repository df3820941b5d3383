"""NOTIFY rapport_principals when what a session's principal is made of changes.

Every process caches who is behind a session cookie for a few seconds (rapport.core.principals); these
triggers tell every process to forget its cache when a session ends, or a user, their roles or a team changes,
whichever way the change was made (GraphQL, the CLI, SQL). PostgreSQL delivers the notification when the
changing transaction commits, and folds repeats within one transaction into one.

Revision ID: 0007
Revises: 0006
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: table -> the row events that can change a principal (every table also on TRUNCATE).
TABLES = {
    "auth_session": "DELETE",
    "app_user": "UPDATE OR DELETE",
    "user_role": "INSERT OR UPDATE OR DELETE",
    "team": "UPDATE OR DELETE",
}


def upgrade() -> None:
    op.execute(
        """
        CREATE FUNCTION rapport_principals_changed() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          PERFORM pg_notify('rapport_principals', TG_TABLE_NAME);
          RETURN NULL;
        END $$
        """
    )
    for table, events in TABLES.items():
        op.execute(
            f"CREATE TRIGGER {table}_principals_changed AFTER {events} ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION rapport_principals_changed()"
        )
        op.execute(
            f"CREATE TRIGGER {table}_principals_truncated AFTER TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION rapport_principals_changed()"
        )


def downgrade() -> None:
    for table in TABLES:
        op.execute(f"DROP TRIGGER IF EXISTS {table}_principals_changed ON {table}")
        op.execute(f"DROP TRIGGER IF EXISTS {table}_principals_truncated ON {table}")
    op.execute("DROP FUNCTION IF EXISTS rapport_principals_changed()")

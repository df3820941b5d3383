"""The per-test reset (`tests.conftest.reset_tables`) leaves every table as migrations left it: the tables a test
wrote emptied (whatever their foreign keys), the seeded ones equal to their seed, the sequences it advanced restarted.
Every other test relies on it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

from rapport.core.db import Database
from tests import factories
from tests.conftest import SEED_SCHEMA, cleaned_tables, reset_tables


async def test_the_reset_empties_what_a_test_wrote_and_restores_the_seed(db: Database, demo: dict[str, Any]) -> None:
    tables = cleaned_tables()
    rep = await factories.principal(db, "rep@demo.example")
    await factories.customer(db, rep, "清洁测试")  # a customer, its audit and outbox rows, under the demo's users
    async with db.engine.begin() as conn:
        seeded = [
            row[0]
            for row in await conn.execute(
                text("SELECT table_name FROM information_schema.tables WHERE table_schema = :s"), {"s": SEED_SCHEMA}
            )
        ]
        assert "pipeline_stage" in seeded
        await conn.execute(text("UPDATE pipeline_stage SET name = 'changed'"))
        await conn.execute(text("INSERT INTO procrastinate_jobs (queue_name, task_name, args) VALUES ('q', 't', '{}')"))

    await reset_tables(db.engine, tables)

    async with db.engine.connect() as conn:
        for table in tables:
            rows = await conn.scalar(text(f'SELECT count(*) FROM "{table}"'))
            if table in seeded:
                differing = await conn.scalar(
                    text(
                        f'SELECT count(*) FROM ((TABLE "{table}" EXCEPT ALL TABLE {SEED_SCHEMA}."{table}") UNION ALL '
                        f'(TABLE {SEED_SCHEMA}."{table}" EXCEPT ALL TABLE "{table}")) d'
                    )
                )
                assert differing == 0, f"{table} differs from its seed"
            else:
                assert rows == 0, f"{table} kept {rows} rows"
        job_id = await conn.scalar(
            text("INSERT INTO procrastinate_jobs (queue_name, task_name, args) VALUES ('q', 't', '{}') RETURNING id")
        )
        assert job_id == 1, "the sequences a test advanced restart"
        await conn.rollback()


async def test_a_policy_a_test_changed_is_put_back(db: Database, demo: dict[str, Any]) -> None:
    """The policy table is kept between tests; a test that revokes a field (permissionSet) without putting it back
    must not leave the revocation to the tests after it."""
    from rapport.core.authz import store
    from rapport.core.authz.policy import Access, current
    from tests.conftest import _policy_digest, _restore_policy

    before = await _policy_digest(db.engine)
    async with db.write() as session:  # what permissionSet does to revoke a field
        await session.execute(text("DELETE FROM casbin_rule WHERE v0 = 'marketing' AND v1 = 'Customer.churnRisk'"))
    await store.load(db.engine)
    assert current().for_roles(["marketing"]).access("Customer.churnRisk") is Access.NONE
    assert await _policy_digest(db.engine) != before

    await _restore_policy(db)

    assert await _policy_digest(db.engine) == before
    assert current().for_roles(["marketing"]).access("Customer.churnRisk") is Access.READ

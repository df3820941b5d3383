"""Segment counts, previews and members run with JIT off: their statements (a rule tree's subqueries, costed over
whole tables) pass `jit_above_cost`, and PostgreSQL compiling them with LLVM took longer than running them."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import event, text

from rapport.core.db import Database, create_engine
from rapport.marketing.segments.repository import counting
from tests.conftest import GraphQLClient
from tests.marketing.planted import plant

PREVIEW = "query($r: JSON!) { segmentPreview(rules: $r) { count sample { id } } }"
SAVE = """mutation($i: SegmentSaveInput!) { segmentSave(input: $i) {
  segment { id memberCount members(first: 5) { totalCount nodes { id } } } userErrors { field } } }"""
BUYERS = {"op": "and", "rules": [{"kind": "orderCount", "min": 1}]}


async def test_the_counting_transaction_has_jit_off(db: Database) -> None:
    # A database of the test's own, one connection: the run's shared one lends its connections to whatever else
    # runs on the event loop (earlier tests' background tasks), so a connection given back to it may be in another
    # task's transaction (with its own SET LOCAL) by the time it is asked. Twice CI saw `jit = off` that way.
    own = Database(create_engine(db.engine.url.render_as_string(hide_password=False), pool_size=1))
    try:
        async with counting(own) as session:
            assert await session.scalar(text("SELECT current_setting('jit')")) == "off"
            plan = "\n".join(
                await session.scalars(text("EXPLAIN (ANALYZE, FORMAT TEXT) SELECT count(*) FROM customer"))
            )
            assert "JIT" not in plan
            pid = await session.scalar(text("SELECT pg_backend_pid()"))
        # The setting was the transaction's only: the same connection, back in the pool, has its session's value.
        async with own.read() as session:
            assert await session.scalar(text("SELECT pg_backend_pid()")) == pid
            found = (
                await session.execute(
                    text("SELECT current_setting('jit') AS jit, reset_val AS reset FROM pg_settings WHERE name = 'jit'")
                )
            ).one()
        assert found.jit == found.reset, found
    finally:
        await own.dispose()


async def test_every_segment_statement_of_a_request_runs_after_jit_is_turned_off(
    gql: GraphQLClient, demo: dict[str, Any], db: Database
) -> None:
    await plant(db)
    await gql.login("marketing@demo.example")
    by_connection: dict[int, list[str]] = defaultdict(list)
    segment_statements = 0

    def seen(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        nonlocal segment_statements
        history = by_connection[id(conn.connection.dbapi_connection)]
        if "sales_order" in statement:  # the rule tree's condition: a statement of the segment's members
            segment_statements += 1
            assert history and history[-1] in ("SET LOCAL jit = off", "segment"), statement
            history.append("segment")
        else:
            history.append(statement)

    event.listen(db.engine.sync_engine, "before_cursor_execute", seen)
    try:
        preview = await gql(PREVIEW, {"r": BUYERS})
        saved = await gql(SAVE, {"i": {"name": "Buyers", "rules": BUYERS}})
    finally:
        event.remove(db.engine.sync_engine, "before_cursor_execute", seen)
    assert "errors" not in preview and "errors" not in saved, (preview, saved)
    segment = saved["data"]["segmentSave"]["segment"]
    assert preview["data"]["segmentPreview"]["count"] == segment["memberCount"] == segment["members"]["totalCount"]
    assert segment_statements >= 5  # the preview's count and sample, the count, the members page and its total

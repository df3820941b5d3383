"""The compiled statements' fixed values written into their text (`rapport.graphql.compiler.constants`): only values
whose text cannot change the statement's syntax, typed as their parameter was, and never a value bound per request.
That the answers stay the same is the differential test's (`test_app_coverage`), which also checks that no plain
fixed value of the web app's statements is left a parameter."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import Integer, String, Uuid, bindparam, column, func, literal, select, table

from rapport.core.db import Database
from rapport.graphql.compiler import literal_text
from rapport.graphql.compiler.sql import _DIALECT

ITEM = table("item", column("n", Integer), column("label", String), column("owner", Uuid()))
OWNER = uuid.UUID("01930000-0000-7000-8000-000000000001")


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (5, "5"),
        (-3, "-3"),
        (True, "true"),
        (0.25, "0.25"),
        (Decimal("12.50"), "12.50"),
        ("Asia/Shanghai", "Asia/Shanghai"),
        ("stageKey", "stageKey"),
        ("/team-a/b_c/", "/team-a/b_c/"),
        ("a-b-c-d", "a-b-c-d"),
        ("", ""),
    ],
)
def test_plain_values_are_written_in(value: Any, text: str) -> None:
    assert literal_text(value) == text


@pytest.mark.parametrize(
    "value",
    [
        "it's",
        "a\\\\b",
        "x'; DROP TABLE customer; --",
        "张三",
        "line\nbreak",
        "tab\there",
        "100%",
        "$1",
        OWNER,
        str(OWNER),
        f"/{OWNER}/",
        None,
        float("nan"),
        float("inf"),
        Decimal("NaN"),
        date(2026, 12, 1),
        datetime(2026, 12, 1, tzinfo=UTC),
        [1, 2],
        {"a": 1},
        b"bytes",
    ],
)
def test_other_values_stay_parameters(value: Any) -> None:
    assert literal_text(value) is None


def _compiled(statement: Any) -> Any:
    return statement.compile(dialect=_DIALECT, compile_kwargs={"render_postcompile": True})


def test_a_statements_fixed_values_are_typed_literals_and_the_rest_parameters() -> None:
    statement = (
        select(func.json_build_object("n", ITEM.c.n), literal("it's"))
        .where(ITEM.c.n > 5, ITEM.c.label == "won", ITEM.c.owner == OWNER, ITEM.c.label != "张三")
        .where(ITEM.c.n < bindparam("rapport_per_request", type_=Integer))
        .limit(6)
    )
    compiled = _compiled(statement)
    text = str(compiled)
    assert "'n'::VARCHAR" in text and "'5'::INTEGER" in text and "'won'::VARCHAR" in text
    assert f"'{OWNER}'" not in text and "LIMIT '6'::INTEGER" in text
    # Left as parameters: a string with a quote, one that is not plain, an id, and the value bound per request.
    assert sorted(compiled.params.values(), key=str) == sorted([None, "it's", "张三", OWNER], key=str)
    assert "rapport_per_request" in compiled.positiontup


def test_an_in_lists_plain_values_are_written_in_and_the_others_stay_parameters() -> None:
    other = uuid.UUID("01930000-0000-7000-8000-000000000002")
    owners = _compiled(select(ITEM.c.n).where(ITEM.c.owner.in_([OWNER, other])))
    assert "IN ($1::UUID, $2::UUID)" in str(owners), "ids stay parameters: one text for every caller"
    labels = _compiled(select(ITEM.c.n).where(ITEM.c.label.in_(["won", "it's", "lost", "张三"])))
    assert "IN ('won'::VARCHAR, $1::VARCHAR, 'lost'::VARCHAR, $2::VARCHAR)" in str(labels)
    assert [labels.params[name] for name in labels.positiontup] == ["it's", "张三"]
    assert not _compiled(select(ITEM.c.n).where(ITEM.c.label.in_([]))).positiontup


async def test_written_in_values_mean_what_their_parameters_meant(db: Database) -> None:
    """Run on PostgreSQL: an integer constant in GROUP BY and ORDER BY stays an expression (not a column position),
    a limit limits, and an id bound beside them compares as a UUID."""
    rows = func.generate_series(1, 9).table_valued("n").render_derived(name="rows")
    statement = (
        select(literal(2, Integer).label("bucket"), func.count().label("count"), literal(OWNER, Uuid()) == OWNER)
        .select_from(rows)
        .where(rows.c.n > 3)
        .group_by(literal(2, Integer))
        .order_by(literal(1, Integer))
        .limit(5)
    )
    compiled = _compiled(statement)
    assert "'2'::INTEGER" in str(compiled) and len(compiled.positiontup) == 2
    pool = await db.raw_pool()
    async with pool.acquire() as connection:
        found = await connection.fetch(str(compiled), *(compiled.params[name] for name in compiled.positiontup))
    assert [tuple(row) for row in found] == [(2, 6, True)]

"""Customer groups by several dimensions in one operation read the visible customers once (`shared_part`): the same
answers as each root alone and as the resolvers, one scan of the customers for the roots that group the same
customers alike (same filter, period and revenue), a scan of their own for the others; and the web app's own
operations that group customers (dashboard, home segments, filter bar) scan the customers at most once: their
counts are summed from `customer_tally` (tests/customers/test_customer_tally.py), and only the period's revenue
per customer, when read, joins the orders to the customers, once for all roots."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from graphql import OperationDefinitionNode, parse, print_ast

from rapport.app import TRUSTED_DOCUMENTS, create_app
from rapport.config import Settings
from rapport.core.db import Database
from rapport.graphql.trusted import TrustedDocuments
from tests import factories
from tests.conftest import both_paths, compiled_sql

NOW = datetime.now(UTC)

MANY = """query Many($from: DateTime, $grades: CustomerFilter) {
  region: customerGroups(by: REGION, revenueFrom: $from) { total groups { key customers share revenue } }
  grade: customerGroups(by: GRADE, revenueFrom: $from) { total groups { key customers revenue } largest { key } }
  age: customerGroups(by: AGE_BAND, revenueFrom: $from) { total groups { key customers } }
  rfm: customerGroups(by: RFM_SEGMENT, revenueFrom: $from) { groups { key customers revenue } }
  onlyA: customerGroups(by: REGION, filter: $grades, revenueFrom: $from) { total groups { key customers revenue } }
}"""

#: A scan of the customer table (not of customer_score, customer_tag...).
SCAN = re.compile(r"FROM customer(?![\w])")


def _scans(sql: str) -> int:
    return len(SCAN.findall(sql))


async def test_roots_grouping_the_same_customers_read_them_once_with_the_same_answers(
    settings: Settings, db: Database, demo: dict[str, Any]
) -> None:
    rep = await factories.principal(db, "rep@demo.example")
    recent = NOW - timedelta(days=5)
    for name, province, grade, amounts in (
        ("SH-A", "上海市", "A", ["100.00", "20.50"]),
        ("SH-B", "上海市", "B", ["7.25"]),
        ("ZJ-A", "浙江省", "A", ["40.00"]),
        ("ZJ-C", "浙江省", "C", []),
    ):
        customer = await factories.customer(db, rep, name, province=province, grade=grade)
        await factories.orders(db, customer.id, amounts, start=recent, step=timedelta(days=1), status="completed")
    variables = {"from": (NOW - timedelta(days=30)).isoformat(), "grades": {"grades": ["A"]}}
    async with both_paths(settings, db, "rep@demo.example") as paths:
        fast, slow, fast_app = paths.fast, paths.slow, paths.app
        expected = await slow(MANY, variables)
        assert "errors" not in expected, expected
        served = paths.served
        answer = await fast(MANY, variables)
        assert paths.served == served + 1, "not compiled"
        assert answer == expected
        # Each root alone (one root: nothing shared) gives the same value as beside the others.
        for alias in ("region", "grade", "age", "rfm", "onlyA"):
            alone = re.sub(r"\n  (?!" + alias + r":)\w+: customerGroups[^\n]*", "", MANY)
            given = dict(variables)
            if alias != "onlyA":
                alone, _ = alone.replace(", $grades: CustomerFilter", ""), given.pop("grades")
            assert alone.count("customerGroups") == 1, alone
            single = await fast(alone, given)
            assert single.get("data") == {alias: answer["data"][alias]}, (alias, single)
            assert _scans(await compiled_sql(fast_app, rep, alone, "Many", given)) == 1
    data = answer["data"]
    assert data["region"]["groups"][0] == {"key": "上海市", "customers": 2, "share": 0.5, "revenue": "127.75"}
    assert data["onlyA"]["total"] == 2 and data["grade"]["largest"] == {"key": "A"}
    sql = await compiled_sql(fast_app, rep, MANY, "Many", variables)
    # region, grade and rfm (no filter) sum their counts from the tally and share one CTE of the period's revenue
    # per customer; `age` (not tallied) and `onlyA` (filtered) each read the customers on their own.
    assert len(re.findall(r"\bpaid_\d+ AS\b", sql)) == 1, sql
    assert sql.count("FROM customer_tally") == 3
    assert _scans(sql) == 3
    assert sql.count("JOIN sales_order") + sql.count("FROM sales_order") == 2


def _grouping_reads() -> list[tuple[str, str]]:
    """(operation name, document) of every manifest query with more than one `customerGroups` root."""
    found = []
    for document in TrustedDocuments.load(TRUSTED_DOCUMENTS).by_hash.values():
        for operation in parse(document.text).definitions:
            if not isinstance(operation, OperationDefinitionNode) or operation.operation.value != "query":
                continue
            roots = [s for s in operation.selection_set.selections if getattr(s, "name", None)]
            if sum(root.name.value == "customerGroups" for root in roots) > 1:  # type: ignore[attr-defined]
                found.append((operation.name.value if operation.name else "?", document.text))
    return sorted(found)


READS = _grouping_reads()


def test_the_app_groups_customers_by_several_dimensions() -> None:
    assert {"DashboardCustomers", "HomeCustomerSegments", "CustomerFilterOptions"} <= {n for n, _ in READS}


@pytest.mark.parametrize(("name", "text"), READS, ids=[name for name, _ in READS])
async def test_the_apps_groups_scan_the_customers_at_most_once(
    settings: Settings, db: Database, demo: dict[str, Any], name: str, text: str
) -> None:
    app = create_app(settings, database=db)
    manager = await factories.principal(db, "manager@demo.example")
    operation = next(d for d in parse(text).definitions if isinstance(d, OperationDefinitionNode))
    variables: dict[str, Any] = {}
    for definition in operation.variable_definitions or ():
        printed = print_ast(definition.type)
        if printed.startswith("Boolean"):
            variables[definition.variable.name.value] = True
        elif printed.startswith("DateTime"):
            variables[definition.variable.name.value] = NOW.isoformat()
    sql = await compiled_sql(app, manager, text, name, variables)
    reads_revenue = re.search(r"\brevenue\b", text) is not None  # the field, not revenueFrom or revenueTo
    assert _scans(sql) == (1 if reads_revenue else 0), sql
    assert "FROM customer_tally" in sql  # the counts: nothing filters them

"""The plan past one database (docs/scaling.md, bench/distribution.py): the compiled statements of the web app's
main operations (each page the benchmark replays, as the app sends it and as the page's role) join distributed
tables on the distribution key except where the plan says they do not, checked by PostgreSQL's own parser (pglast).

A new join between two distributed tables that is not on the customer's id fails here until the plan (and the
scaling document) says how it runs past one database.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

import httpx
import pytest
from bench.app_pages import PAGES, Facts, manifest, rapport_body
from bench.distribution import KNOWN_JOINS, Finding, check
from sqlalchemy import text

from rapport.app import create_app
from rapport.config import Settings
from rapport.core.db import Database
from rapport.graphql.fastpath import CompiledReads
from rapport.graphql.node import to_global_id
from tests.conftest import ROOT

LOGIN = "mutation($i: LoginInput!) { login(input: $i) { viewer { id } } }"


@pytest.fixture
async def statements(db: Database, settings: Settings, monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """Operation -> the compiled statements its requests ran (every replayed page, as its role)."""
    from rapport.demo import seed_demo

    await seed_demo(db, settings, locale="zh_CN", customers=30)
    ran: list[str] = []
    original = CompiledReads.run

    async def run(self: CompiledReads, prepared: Any, *args: Any) -> Any:
        ran.append(prepared.compiled.text)
        return await original(self, prepared, *args)

    monkeypatch.setattr(CompiledReads, "run", run)
    app = create_app(settings, database=db)
    documents = manifest()
    async with db.read() as session:
        customer = await session.scalar(
            text("SELECT customer_id FROM contact GROUP BY customer_id ORDER BY count(*) DESC LIMIT 1")
        )
        ticket = await session.scalar(text("SELECT id FROM ticket WHERE customer_id IS NOT NULL LIMIT 1"))
        teams = [str(t) for t in await session.scalars(text("SELECT id FROM team"))]
        stages = await session.scalars(text("SELECT id FROM pipeline_stage WHERE NOT is_won AND NOT is_lost"))
        open_stages = [to_global_id("PipelineStage", s) for s in stages]
    found: dict[str, list[str]] = defaultdict(list)
    for page in PAGES:
        transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 50000))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            login = await http.post(
                "/graphql", json={"query": LOGIN, "variables": {"i": {"email": page.email, "password": "rapport-demo"}}}
            )
            me = login.json()["data"]["login"]["viewer"]["id"]
            facts = Facts(
                to_global_id("Customer", customer),
                to_global_id("Ticket", ticket),
                {page.email: me},
                open_stages,
                teams,
                teams,
            )
            for op in page.ops:
                ran.clear()
                body = (await http.post("/graphql", json=rapport_body(op, facts, documents))).json()
                assert "errors" not in body, (page.name, op.operation, body)
                assert len(ran) == 1, f"{op.operation} as {page.email} did not run compiled in one statement"
                found[op.operation].extend(ran)
    return found


async def test_the_main_operations_join_distributed_tables_on_the_key_except_where_the_plan_says(
    statements: dict[str, list[str]],
) -> None:
    joins: dict[str, set[str]] = defaultdict(set)
    windows: set[Finding] = set()
    for operation, texts in statements.items():
        for statement in texts:
            for finding in check(statement):
                if finding.kind == "join":
                    joins[finding.what].add(operation)
                else:
                    windows.add(finding)
    unplanned = {join: sorted(ops) for join, ops in joins.items() if join not in KNOWN_JOINS}
    assert not unplanned, f"joins off the distribution key that the plan does not cover: {unplanned}"
    assert set(KNOWN_JOINS) == set(joins), (
        f"planned joins no longer made (update the plan): {set(KNOWN_JOINS) - set(joins)}"
    )
    # The only window function is the compiler's row numbering (`row_number() OVER ()`, the order of a nested
    # list), which the plan replaces by ordering inside json_agg for statements that span shards.
    assert {w.what.split("(")[0] for w in windows} == {"row_number"}


CO_LOCATED = """SELECT c.id, (SELECT json_agg(o.id) FROM sales_order o WHERE o.customer_id = c.id),
  (SELECT t.subject FROM ticket t JOIN ticket_comment m ON m.customer_id = t.customer_id AND m.ticket_id = t.id
   WHERE t.customer_id = c.id LIMIT 1), u.name
FROM customer c JOIN app_user u ON u.id = c.owner_id
WHERE c.id IN (SELECT a.customer_id FROM activity a) AND c.team_id IN (SELECT id FROM team)"""


def test_co_located_and_reference_joins_pass() -> None:
    assert check(CO_LOCATED) == set()
    # The same join without its customer ids equated is found.
    assert check(CO_LOCATED.replace("m.customer_id = t.customer_id AND ", "")) == {
        Finding("join", "ticket.id = ticket_comment.ticket_id")
    }


def test_a_join_off_the_key_is_found_through_derived_tables_laterals_ctes_and_in() -> None:
    lateral = """SELECT (SELECT r2.name FROM LATERAL (SELECT contact.name AS name FROM contact
        WHERE contact.id = r1.contact_id LIMIT 1) AS r2) FROM (SELECT ticket.contact_id AS contact_id FROM ticket) AS r1"""
    assert check(lateral) == {Finding("join", "contact.id = ticket.contact_id")}
    cte = """WITH deals AS (SELECT opportunity.id AS id FROM opportunity)
        SELECT 1 FROM deals JOIN approval ON approval.opportunity_id = deals.id"""
    assert check(cte) == {Finding("join", "approval.opportunity_id = opportunity.id")}
    semi = "SELECT 1 FROM ticket WHERE ticket.id IN (SELECT ticket_event.ticket_id FROM ticket_event)"
    assert check(semi) == {Finding("join", "ticket.id = ticket_event.ticket_id")}


def test_window_functions_need_the_key_as_partition() -> None:
    assert check("SELECT row_number() OVER () FROM customer") == {Finding("window", "row_number() over customer")}
    assert check("SELECT row_number() OVER (PARTITION BY contact.customer_id) FROM contact") == set()
    assert check("SELECT row_number() OVER () FROM team") == set()


def test_the_scaling_document_lists_the_plans_joins() -> None:
    document = (ROOT / "docs" / "scaling.md").read_text()
    listed = set(re.findall(r"^\| `([^`]+ = [^`]+)` \|", document, flags=re.MULTILINE))
    assert listed == set(KNOWN_JOINS)

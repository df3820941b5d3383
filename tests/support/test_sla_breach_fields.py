"""`TicketSla.firstResponseBreached` and `resolutionBreached` read the current time: the compiled path binds it per
request from the same injectable clock the resolvers read, so both answer alike before and after a due time, and
follow the clock when tests move it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import text

from rapport.app import create_app
from rapport.config import Settings
from rapport.core import clock
from rapport.core.db import Database
from rapport.graphql.node import to_global_id
from tests.conftest import GraphQLClient

QUERY = """query Sla($id: ID!) { ticket(id: $id) { number status
  sla { firstResponseDueAt resolutionDueAt firstResponseBreached resolutionBreached paused } } }"""
DUE = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
async def ticket(db: Database, settings: Settings) -> str:
    from rapport.demo import seed_demo

    await seed_demo(db, settings, locale="zh_CN", customers=8)
    async with db.engine.begin() as connection:
        ticket_id = (await connection.execute(text("SELECT id FROM ticket ORDER BY created_at LIMIT 1"))).scalar_one()
        await connection.execute(
            text(
                "UPDATE ticket SET status = 'in_progress', first_response_due_at = :due, resolution_due_at = :later, "
                "first_responded_at = NULL, resolved_at = NULL, waiting_since = NULL, "
                "first_response_breached_at = NULL, resolution_breached_at = NULL WHERE id = :id"
            ),
            {"due": DUE, "later": DUE + timedelta(days=1), "id": ticket_id},
        )
    return to_global_id("Ticket", ticket_id)


async def _answers(settings: Settings, db: Database, ticket: str, at: datetime) -> list[dict[str, Any]]:
    """The ticket's SLA as the compiled path and the resolvers answer it at `at`, signed in as the admin."""
    found = []
    for compiled in (True, False):
        app = create_app(settings.model_copy(update={"compiled_reads": compiled}), database=db)
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as http:
            gql = GraphQLClient(http)
            await gql.login("admin@demo.example")
            served = app.state.graphql.compiled.served
            with clock.frozen_at(at):
                body = await gql(QUERY, {"id": ticket})
            assert app.state.graphql.compiled.served - served == (1 if compiled else 0)
            found.append(body)
    return found


@pytest.mark.parametrize(
    ("at", "first_late", "resolution_late"),
    [
        (DUE - timedelta(minutes=1), False, False),
        (DUE + timedelta(minutes=1), True, False),
        (DUE + timedelta(days=1, minutes=1), True, True),
    ],
)
async def test_breaches_follow_the_clock_alike_on_both_paths(
    settings: Settings, db: Database, ticket: str, at: datetime, first_late: bool, resolution_late: bool
) -> None:
    compiled, resolved = await _answers(settings, db, ticket, at)
    assert compiled == resolved
    sla = compiled["data"]["ticket"]["sla"]
    assert (sla["firstResponseBreached"], sla["resolutionBreached"]) == (first_late, resolution_late)


async def test_a_ticket_waiting_on_the_customer_or_answered_in_time_is_not_late(
    settings: Settings, db: Database, ticket: str
) -> None:
    late = DUE + timedelta(days=2)
    async with db.engine.begin() as connection:
        await connection.execute(text("UPDATE ticket SET waiting_since = :at"), {"at": DUE - timedelta(hours=1)})
    compiled, resolved = await _answers(settings, db, ticket, late)
    assert compiled == resolved
    assert compiled["data"]["ticket"]["sla"]["paused"] is True
    assert compiled["data"]["ticket"]["sla"]["firstResponseBreached"] is False
    async with db.engine.begin() as connection:
        await connection.execute(
            text(
                "UPDATE ticket SET waiting_since = NULL, first_responded_at = :at, status = 'resolved', resolved_at = :at"
            ),
            {"at": DUE - timedelta(minutes=5)},
        )
    compiled, resolved = await _answers(settings, db, ticket, late)
    assert compiled == resolved
    sla = compiled["data"]["ticket"]["sla"]
    assert (sla["firstResponseBreached"], sla["resolutionBreached"]) == (False, False)

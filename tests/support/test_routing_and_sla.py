"""Routing to the least-loaded skilled agent; SLA warnings and escalations on business time, exactly once."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from rapport.activities.models import Notification
from rapport.assembly import install
from rapport.config import Settings
from rapport.core import clock
from rapport.core.db import Database
from rapport.core.jobs import run_job
from rapport.support.models import Ticket, TicketEvent
from rapport.support.sla.calendar import Calendar
from tests.conftest import GraphQLClient
from tests.support.conftest import Desk, mutate, open_ticket

RULE = """
mutation($i: RoutingRuleInput!) { routingRuleSave(input: $i) { routingRule { id category skill } userErrors { field } } }
"""
PROFILE = """
mutation($i: AgentProfileInput!) { agentProfileSet(input: $i) { agentProfile { skills available } userErrors { field } } }
"""


async def _rule(gql: GraphQLClient, desk: Desk, **values: Any) -> None:
    await gql.login("admin@demo.example")
    saved = await gql(RULE, {"i": {"category": "hardware", "queueId": desk.service_team_id, **values}})
    assert saved["data"]["routingRuleSave"]["userErrors"] == [], saved


async def test_routing_sends_tickets_to_the_least_loaded_available_skilled_agent(
    gql: GraphQLClient, desk: Desk
) -> None:
    await _rule(gql, desk, skill="printers")
    await gql.login("supervisor@demo.example")
    for user_id, skills in ((desk.agent_id, ["printers", "network"]), (desk.agent2_id, ["printers"])):
        assert (await gql(PROFILE, {"i": {"userId": user_id, "skills": skills}}))["data"]["agentProfileSet"][
            "userErrors"
        ] == []
    await gql.login("rep@demo.example")
    first = await open_ticket(gql, desk)
    second = await open_ticket(gql, desk)
    third = await open_ticket(gql, desk)
    assignees = [t["assignee"]["email"] for t in (first, second, third)]
    assert assignees[0] != assignees[1]  # the second goes to whoever has fewer open tickets
    assert sorted(assignees[:2]) == ["agent2@demo.example", "agent@demo.example"]
    assert first["status"] == "ASSIGNED" and first["queue"] == {"name": "Customer Service"}
    # agent2 goes offline: new tickets go to agent.
    await gql.login("supervisor@demo.example")
    await gql(PROFILE, {"i": {"userId": desk.agent2_id, "skills": ["printers"], "available": False}})
    await gql.login("rep@demo.example")
    assert (await open_ticket(gql, desk))["assignee"] == {"email": "agent@demo.example"}
    # Nobody has the skill: the ticket waits in the queue for the supervisor.
    await _rule(gql, desk, category="legal", skill="law")
    await gql.login("rep@demo.example")
    waiting = await open_ticket(gql, desk, category="legal")
    assert (
        waiting["status"] == "NEW" and waiting["assignee"] is None and waiting["queue"] == {"name": "Customer Service"}
    )
    del third


async def test_no_matching_rule_waits_for_the_supervisor(gql: GraphQLClient, desk: Desk) -> None:
    await gql.login("rep@demo.example")
    ticket = await open_ticket(gql, desk, category="unknown-category")
    assert ticket["assignee"] is None and ticket["status"] == "NEW"
    await gql.login("supervisor@demo.example")
    queue = await gql("{ tickets(filter: {unassigned: true, openOnly: true}) { totalCount } }")
    assert queue["data"]["tickets"]["totalCount"] == 1


def test_business_calendar_arithmetic() -> None:
    shanghai = Calendar(holidays=frozenset({date(2026, 1, 12)}))
    friday_5pm = datetime(2026, 1, 9, 9, tzinfo=UTC)  # 17:00 in Shanghai
    # 2 working hours from Friday 17:00: one hour on Friday, Monday is a holiday, one hour on Tuesday from 9:00.
    assert shanghai.add(friday_5pm, 120) == datetime(2026, 1, 13, 2, tzinfo=UTC)  # Tuesday 10:00 Shanghai
    assert shanghai.between(friday_5pm, datetime(2026, 1, 13, 2, tzinfo=UTC)) == timedelta(hours=2)
    night = datetime(2026, 1, 7, 14, tzinfo=UTC)  # Wednesday 22:00 in Shanghai
    assert shanghai.add(night, 30) == datetime(2026, 1, 8, 1, 30, tzinfo=UTC)  # Thursday 9:30
    assert Calendar.twenty_four_seven().add(night, 90) == night + timedelta(minutes=90)


async def _sla_events(db: Database) -> list[str]:
    async with db.read() as session:
        return [
            e.kind
            for e in (await session.execute(select(TicketEvent).order_by(TicketEvent.id))).scalars()
            if e.kind.startswith("sla") or e.kind == "escalated"
        ]


async def test_sla_warns_at_80_percent_and_escalates_on_breach_in_business_hours(
    gql: GraphQLClient, desk: Desk, db: Database, settings: Settings
) -> None:
    await gql.login("admin@demo.example")
    calendar = await gql(
        "mutation($i: BusinessCalendarInput!) { businessCalendarSave(input: $i) { calendar { id } userErrors { field } } }",
        {
            "i": {
                "name": "Shanghai office",
                "workingDays": [1, 2, 3, 4, 5],
                "dayStart": "09:00:00",
                "dayEnd": "18:00:00",
            }
        },
    )
    calendar_id = calendar["data"]["businessCalendarSave"]["calendar"]["id"]
    policy = await gql(
        "mutation($i: SlaPolicyInput!) { slaPolicySave(input: $i) { slaPolicy { id } userErrors { field } } }",
        {
            "i": {
                "name": "Hardware",
                "position": 1,
                "category": "hardware",
                "firstResponseMinutes": 120,
                "resolutionMinutes": 480,
                "calendarId": calendar_id,
            }
        },
    )
    assert policy["data"]["slaPolicySave"]["userErrors"] == []
    await _rule(gql, desk)
    opened = datetime(2026, 3, 6, 8, tzinfo=UTC)  # Friday 16:00 in Shanghai
    await gql.login("rep@demo.example")
    with clock.frozen_at(opened):
        ticket = await open_ticket(gql, desk)
    # First response due after 2 business hours: 2 on Friday until 18:00 -> exactly Friday 18:00 (10:00 UTC).
    assert ticket["sla"]["firstResponseDueAt"] == "2026-03-06T10:00:00+00:00"
    # Resolution: 8 business hours = 2 on Friday + 6 on Monday from 9:00 -> Monday 15:00 Shanghai.
    assert ticket["sla"]["resolutionDueAt"] == "2026-03-09T07:00:00+00:00"
    install()

    async def sla_check(at: datetime) -> dict[str, Any]:
        return await run_job("sla-check", db, settings, at)

    assert await sla_check(opened + timedelta(minutes=90)) == {"warnings": 0, "breaches": 0}
    # 80% of 2 hours = 96 minutes: warning, once.
    assert await sla_check(opened + timedelta(minutes=97)) == {"warnings": 1, "breaches": 0}
    assert await sla_check(opened + timedelta(minutes=100)) == {"warnings": 0, "breaches": 0}
    # The weekend does not count: Saturday noon is still within the target for resolution.
    saturday = datetime(2026, 3, 7, 4, tzinfo=UTC)
    assert await sla_check(saturday) == {"warnings": 0, "breaches": 1}  # first response (due Friday 18:00) breached
    assert await _sla_events(db) == ["sla_warning", "sla_breached", "escalated"]
    async with db.read() as session:
        row = (await session.execute(select(Ticket))).scalar_one()
    assert row.escalation_level == 1
    async with db.read() as session:
        escalations = await session.execute(
            select(func.count()).select_from(Notification).where(Notification.kind == "escalation")
        )
    assert escalations.scalar() == 1  # to the queue's supervisor


async def test_waiting_on_the_customer_pauses_the_clock(
    gql: GraphQLClient, desk: Desk, db: Database, settings: Settings
) -> None:
    await _rule(gql, desk)
    await gql.login("supervisor@demo.example")
    opened = datetime(2026, 4, 1, 0, tzinfo=UTC)
    with clock.frozen_at(opened):
        ticket = await open_ticket(gql, desk)  # normal priority on 24x7: resolution due in 24 h
        assigned = await mutate(
            gql, "ticketAssign", "TicketAssignInput", {"id": ticket["id"], "agentId": desk.agent_id}
        )
    await gql.login("agent@demo.example")
    with clock.frozen_at(opened + timedelta(hours=1)):
        await mutate(gql, "ticketStart", "TicketActionInput", {"id": ticket["id"]})
        await mutate(
            gql,
            "ticketComment",
            "TicketCommentInput",
            {"id": ticket["id"], "body": "请提供型号"},
            "ticket { status } userErrors { code }",
        )
    with clock.frozen_at(opened + timedelta(hours=2)):
        waiting = await mutate(gql, "ticketWait", "TicketActionInput", {"id": ticket["id"]})
        assert waiting["ticket"]["status"] == "WAITING"
    install()
    # 30 hours later nothing is breached: the clock was paused.
    assert await run_job("sla-check", db, settings, opened + timedelta(hours=32)) == {"warnings": 0, "breaches": 0}
    with clock.frozen_at(opened + timedelta(hours=32)):
        resumed = await mutate(
            gql,
            "ticketStart",
            "TicketActionInput",
            {"id": ticket["id"]},
            "ticket { status sla { resolutionDueAt paused } } userErrors { code }",
        )
    # 22 of the 24 hours were left when the ticket paused: due 22 hours after resuming.
    assert resumed["ticket"]["sla"] == {"resolutionDueAt": (opened + timedelta(hours=54)).isoformat(), "paused": False}
    del assigned


async def test_exactly_one_warning_and_one_escalation_with_two_workers(
    gql: GraphQLClient, desk: Desk, db: Database, settings: Settings
) -> None:
    await _rule(gql, desk)
    await gql.login("rep@demo.example")
    opened = datetime(2026, 5, 4, 0, tzinfo=UTC)
    with clock.frozen_at(opened):
        for _ in range(12):
            await open_ticket(gql, desk, priority="URGENT")  # first response 30 min, resolution 4 h, 24x7
    install()
    # At 200 minutes the first response (30 min) is overdue and resolution (240 min, warned at 192) is due soon.
    soon = opened + timedelta(minutes=200)
    results = await asyncio.gather(*(run_job("sla-check", db, settings, soon) for _ in range(2)))
    assert sum(r["warnings"] for r in results) == 12  # resolution due soon; never for the overdue first response
    assert sum(r["breaches"] for r in results) == 12
    late = opened + timedelta(hours=5)
    results = await asyncio.gather(*(run_job("sla-check", db, settings, late) for _ in range(2)))
    assert sum(r["warnings"] for r in results) == 0
    assert sum(r["breaches"] for r in results) == 12
    assert await run_job("sla-check", db, settings, late + timedelta(hours=1)) == {"warnings": 0, "breaches": 0}
    kinds = await _sla_events(db)
    assert kinds.count("sla_warning") == 12 and kinds.count("sla_breached") == 24 and kinds.count("escalated") == 24


async def test_first_run_on_tickets_already_overdue_escalates_each_once_without_due_soon(
    gql: GraphQLClient, desk: Desk, db: Database, settings: Settings
) -> None:
    """The SLA job first runs when tickets are 8 days overdue on both targets: one escalation per ticket, no
    "due soon" warning to anyone, and nothing more on the next runs."""
    await _rule(gql, desk)
    await gql.login("rep@demo.example")
    opened = datetime(2026, 5, 4, 0, tzinfo=UTC)
    with clock.frozen_at(opened):
        numbers = [(await open_ticket(gql, desk))["number"] for _ in range(3)]  # normal: due in 2 h and 24 h
    install()
    first_run = opened + timedelta(days=9)  # resolution was due 8 days ago
    assert await run_job("sla-check", db, settings, first_run) == {"warnings": 0, "breaches": 3}
    for later in (first_run + timedelta(minutes=1), first_run + timedelta(days=1)):
        assert await run_job("sla-check", db, settings, later) == {"warnings": 0, "breaches": 0}
    async with db.read() as session:
        notes = (await session.execute(select(Notification).order_by(Notification.created_at))).scalars().all()
        tickets = (await session.execute(select(Ticket))).scalars().all()
    assert [n.kind for n in notes if n.kind in ("sla_warning", "escalation")] == ["escalation"] * 3
    titles = sorted(str(n.title) for n in notes if n.kind == "escalation")
    assert all(any(number in title for number in numbers) for title in titles)
    assert {t.escalation_level for t in tickets} == {1}
    assert all(t.first_response_breached_at == first_run == t.resolution_breached_at for t in tickets)
    kinds = await _sla_events(db)
    assert kinds.count("sla_warning") == 0 and kinds.count("sla_breached") == 6 and kinds.count("escalated") == 3

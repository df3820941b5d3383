"""Live ticket events over real websockets against running servers (two processes on one database)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from websockets.asyncio.client import ClientConnection, connect

from rapport.core.db import Database
from rapport.graphql.node import to_global_id
from rapport.identity.service import create_team, create_user
from rapport.support.events import record_event
from rapport.support.models import Ticket
from tests.conftest import GraphQLClient, LiveServer
from tests.support.conftest import Desk

EVENTS = """
subscription($f: TicketEventFilter, $a: String) {
  ticketEvents(filter: $f, after: $a) { cursor kind data ticket { id number status subject } }
}
"""


class Session:
    """A signed-in HTTP client of one server."""

    def __init__(self, server: LiveServer, email: str, password: str = "rapport-demo") -> None:
        self.server = server
        response = httpx.post(
            f"{server.url}/graphql",
            json={
                "query": "mutation($i: LoginInput!) { login(input: $i) { viewer { email } } }",
                "variables": {"i": {"email": email, "password": password}},
            },
        )
        assert response.json()["data"]["login"]["viewer"], response.text
        self.cookie = f"rapport_session={response.cookies['rapport_session']}"

    async def gql(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        async with httpx.AsyncClient() as http:
            response = await http.post(
                f"{self.server.url}/graphql",
                json={"query": query, "variables": variables or {}},
                headers={"Cookie": self.cookie},
            )
        body: dict[str, Any] = response.json()
        assert "errors" not in body, body
        return body

    async def open_ticket(self, desk: Desk, **values: Any) -> dict[str, Any]:
        body = await self.gql(
            "mutation($i: TicketCreateInput!) { ticketCreate(input: $i) { ticket { id number } userErrors { message } } }",
            {"i": {"subject": "网络故障", "category": "network", "customerId": desk.customer_id, **values}},
        )
        return dict(body["data"]["ticketCreate"]["ticket"])

    def subscribe(self, variables: dict[str, Any], query: str = EVENTS) -> Any:
        return _subscription(self.server, self.cookie, query, variables)


class _subscription:
    def __init__(self, server: LiveServer, cookie: str, query: str, variables: dict[str, Any]) -> None:
        self.url = server.url.replace("http://", "ws://") + "/graphql"
        self.cookie, self.query, self.variables = cookie, query, variables
        self.ws: ClientConnection | None = None

    async def __aenter__(self) -> _subscription:
        self.ws = await connect(
            self.url,
            subprotocols=["graphql-transport-ws"],  # type: ignore[list-item]
            additional_headers={"Cookie": self.cookie},
        )
        await self.ws.send(json.dumps({"type": "connection_init", "payload": {}}))
        assert json.loads(await self.ws.recv())["type"] == "connection_ack"
        await self.ws.send(
            json.dumps({"id": "s", "type": "subscribe", "payload": {"query": self.query, "variables": self.variables}})
        )
        await asyncio.sleep(0.3)  # the server registers the subscription
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self.ws is not None
        await self.ws.close()

    async def next(self, timeout: float = 3.0) -> dict[str, Any]:
        assert self.ws is not None
        message = json.loads(await asyncio.wait_for(self.ws.recv(), timeout))
        assert message["type"] == "next", message
        assert "errors" not in message["payload"], message
        return dict(message["payload"]["data"]["ticketEvents"])

    async def events_for(self, seconds: float) -> list[dict[str, Any]]:
        found = []
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            try:
                found.append(await self.next(left))
            except TimeoutError:
                break
        return found


@pytest.fixture
async def second_server(database_url: str, tmp_path: Path) -> AsyncIterator[LiveServer]:
    server = LiveServer(
        {"DATABASE_URL": database_url, "RAPPORT_ENV": "test", "LOG_LEVEL": "WARNING"}, tmp_path / "b.log"
    )
    server.wait_ready()
    yield server
    server.stop()


async def test_an_event_from_one_server_reaches_a_subscriber_of_another_within_a_second(
    live_server: LiveServer, second_server: LiveServer, desk: Desk
) -> None:
    supervisor_b = Session(second_server, "supervisor@demo.example")
    rep_a = Session(live_server, "rep@demo.example")
    async with supervisor_b.subscribe({}) as stream:
        started = time.monotonic()
        ticket = await rep_a.open_ticket(desk)
        event = await stream.next(timeout=2)
        elapsed = time.monotonic() - started
    assert event["kind"] == "CREATED" and event["ticket"]["number"] == ticket["number"]
    assert elapsed < 1.0


async def test_a_rolled_back_change_publishes_nothing(live_server: LiveServer, desk: Desk, db: Database) -> None:
    supervisor = Session(live_server, "supervisor@demo.example")
    rep = Session(live_server, "rep@demo.example")
    async with supervisor.subscribe({}) as stream:
        from rapport.graphql.node import from_global_id

        # The stream is live and past the ticket's creation (subscribing after it could still meet its event).
        ticket = await rep.open_ticket(desk)
        assert (await stream.next())["kind"] == "CREATED"

        async def failing_change() -> None:
            async with db.write() as session:
                row = await session.get(Ticket, from_global_id(ticket["id"])[1])
                assert row is not None
                record_event(session, row, "escalated", None, {"level": 99})
                await session.flush()
                raise RuntimeError("the change fails after its event was written")

        with pytest.raises(RuntimeError):
            await failing_change()
        assert await stream.events_for(1.5) == []
        await supervisor.gql(
            "mutation($i: TicketReasonInput!) { ticketEscalate(input: $i) { ticket { id } } }",
            {"i": {"id": ticket["id"], "reason": "real"}},
        )
        received = await stream.events_for(1.5)
    assert [e["kind"] for e in received] == ["ESCALATED"] and received[0]["data"]["reason"] == "real"


async def test_reconnecting_with_after_receives_exactly_the_missed_events_in_order(
    live_server: LiveServer, desk: Desk
) -> None:
    supervisor = Session(live_server, "supervisor@demo.example")
    rep = Session(live_server, "rep@demo.example")
    async with supervisor.subscribe({}) as stream:
        first = await rep.open_ticket(desk, subject="one")
        seen = await stream.next()
    assert seen["ticket"]["id"] == first["id"]
    # Disconnected: three tickets are opened meanwhile.
    missed = [await rep.open_ticket(desk, subject=s) for s in ("two", "three", "four")]
    async with supervisor.subscribe({"a": seen["cursor"]}) as stream:
        replayed = await stream.events_for(1.5)
        live = await rep.open_ticket(desk, subject="five")
        after = await stream.events_for(1.5)
    assert [e["ticket"]["subject"] for e in replayed] == ["two", "three", "four"]
    assert [e["ticket"]["id"] for e in replayed] == [t["id"] for t in missed]
    cursors = [e["cursor"] for e in replayed + after]  # opaque: distinct, and the order is the log's
    assert len(set(cursors)) == len(cursors) and seen["cursor"] not in cursors
    assert [e["ticket"]["id"] for e in after] == [live["id"]]


async def test_an_agent_of_another_queue_receives_nothing(live_server: LiveServer, desk: Desk, db: Database) -> None:
    async with db.write() as session:
        other_team = await create_team(session, name="VIP Service", kind="service")
        await create_user(
            session,
            email="agent3@test.example",
            name="Agent Three",
            password="rapport-demo",
            roles=["service_agent"],
            team=other_team,
        )
    outsider = Session(live_server, "agent3@test.example")
    insider = Session(live_server, "agent@demo.example")
    rep = Session(live_server, "rep@demo.example")
    async with outsider.subscribe({}) as far, insider.subscribe({}) as near:
        await rep.open_ticket(desk)  # lands in Customer Service, not in VIP Service
        assert [e["kind"] for e in await near.events_for(1.5)] == ["CREATED"]
        assert await far.events_for(0.5) == []


async def test_masked_fields_stay_masked_in_events(live_server: LiveServer, desk: Desk) -> None:
    query = """subscription { ticketEvents { kind ticket { customer { name contacts { phones } } } } }"""
    agent = Session(live_server, "agent@demo.example")
    rep = Session(live_server, "rep@demo.example")
    async with agent.subscribe({}, query) as stream:
        await rep.open_ticket(desk, contactId=desk.contact_id)
        event = await stream.next()
    assert event["ticket"]["customer"]["contacts"][0]["phones"] == ["136****1111"]
    forbidden_query = "subscription { ticketEvents { ticket { customer { idNumber } } } }"
    async with agent.subscribe({}, forbidden_query) as stream:
        assert stream.ws is not None
        message = json.loads(await asyncio.wait_for(stream.ws.recv(), 3))
    assert message["type"] == "error" and message["payload"][0]["extensions"]["code"] == "FORBIDDEN"


@pytest.fixture
async def steady_server(database_url: str, tmp_path: Path) -> AsyncIterator[LiveServer]:
    """A server whose sockets keep the rights they read for the whole test (no lease runs out meanwhile), so that
    every statement it runs while events fan out is the fan-out's own."""
    server = LiveServer(
        {
            "DATABASE_URL": database_url,
            "RAPPORT_ENV": "test",
            "LOG_LEVEL": "WARNING",
            "PRINCIPAL_CACHE_SECONDS": "3600",
        },
        tmp_path / "steady.log",
    )
    server.wait_ready()
    yield server
    server.stop()


def _statements(server: LiveServer) -> float:
    """SQL statements the server has run so far (its `rapport_sql_statements_total`)."""
    metrics = httpx.get(f"{server.url}/metrics").text
    return sum(
        float(line.split()[-1]) for line in metrics.splitlines() if line.startswith("rapport_sql_statements_total")
    )


async def test_a_page_of_events_reaches_whom_the_ticket_scope_shows_in_one_scope_statement(
    steady_server: LiveServer, desk: Desk, db: Database
) -> None:
    """Who receives a live event is decided by the `Ticket` row scope in SQL, once per page of events for every
    subscriber of the process: an agent of another queue never gets the event, an agent of the ticket's queue does,
    a portal contact gets only their own company's tickets, and N events to M subscribers cost a bounded number of
    statements, not N x M."""
    from sqlalchemy import update

    from rapport.graphql.node import from_global_id
    from rapport.support.portal import service as portal
    from tests import factories

    async with db.write() as session:
        vip = await create_team(session, name="VIP Service", kind="service")
        await create_user(
            session, email="agent3@test.example", name="Agent Three", password="rapport-demo",
            roles=["service_agent"], team=vip,
        )  # fmt: skip
    rep_principal = await factories.principal(db, "rep@demo.example")
    other = await factories.customer(db, rep_principal, "Fabrikam 客户")
    async with db.write() as session:
        await portal.create_account(
            session, rep_principal, desk.raw["contact"], "wang@contoso.cn", "portal-pass-1", "zh-CN"
        )
    rep = Session(steady_server, "rep@demo.example")
    theirs = await rep.open_ticket(desk, subject="Contoso's")  # the portal contact's company, the desk's queue
    others = await rep.open_ticket(desk, subject="Fabrikam's", customerId=to_global_id("Customer", other.id))
    vips = await rep.open_ticket(desk, subject="VIP's", customerId=to_global_id("Customer", other.id))
    async with db.write() as session:
        moved = update(Ticket).where(Ticket.id == from_global_id(vips["id"])[1])
        await session.execute(moved.values(queue_id=vip.id, assignee_id=None))  # nobody of the desk's queue has it
    rows = {t["id"]: await _ticket(db, t["id"]) for t in (theirs, others, vips)}

    sees = {  # subscriber -> the tickets whose events it must receive
        "agent@demo.example": {theirs["id"], others["id"]},
        "agent2@demo.example": {theirs["id"], others["id"]},
        "supervisor@demo.example": {theirs["id"], others["id"]},
        "agent3@test.example": {vips["id"]},
        "wang@contoso.cn": {theirs["id"]},
        "rep@demo.example": {theirs["id"], others["id"], vips["id"]},  # related: tickets of the rep's customers
    }
    sessions = {
        email: Session(steady_server, email, "portal-pass-1" if "contoso" in email else "rapport-demo")
        for email in sees
    }
    query = "subscription { ticketEvents { kind data ticket { id } } }"
    async with contextlib.AsyncExitStack() as stack:
        streams = {email: await stack.enter_async_context(s.subscribe({}, query)) for email, s in sessions.items()}

        async def comment(tickets: list[str], note: str) -> None:
            """Public comments on these tickets, in one transaction: one page of the log."""
            async with db.write() as session:
                for ticket_id in tickets:
                    record_event(session, rows[ticket_id], "commented", None, {"public": True, "note": note})

        async def receive(tickets: list[str]) -> dict[str, list[tuple[str, str]]]:
            """As many events as each subscriber may see of these: (ticket, note) in the order received."""
            found = {}
            for email, stream in streams.items():
                events = [await stream.next(timeout=20) for t in tickets if t in sees[email]]
                found[email] = [(e["ticket"]["id"], e["data"]["note"]) for e in events]
            return found

        markers = [theirs["id"], vips["id"]]  # every subscriber may see one of them at least
        await comment(markers, "probe")
        assert all(got for got in (await receive(markers)).values())  # each subscription is live

        before = _statements(steady_server)
        batch = [theirs["id"], others["id"], vips["id"]] * 4  # N = 12 events to M = 6 subscribers
        await comment(batch, "batch")
        received = await receive(batch)
        spent = _statements(steady_server) - before

        # Then one more event each may see: by commit order, nothing else of the batch reached anyone before it.
        await comment(markers, "after")
        after = await receive(markers)
    for email, tickets in sees.items():
        assert received[email] == [(t, "batch") for t in batch if t in tickets], email
        assert after[email] == [(t, "after") for t in markers if t in tickets], email
    # stamp, the page and its tickets, the scope of all six subscribers; and the log read once more when the
    # notifications of the batch's rows came while the page was read. Per subscriber per event: 72.
    assert spent <= 6, f"fanning out {len(batch)} events to {len(sees)} subscribers ran {spent} statements"


async def _ticket(db: Database, global_id: str) -> Ticket:
    from rapport.graphql.node import from_global_id

    async with db.read() as session:
        row = await session.get(Ticket, from_global_id(global_id)[1])
    assert row is not None
    return row


async def test_a_team_change_decides_the_next_event_by_the_new_team(
    live_server: LiveServer, desk: Desk, db: Database
) -> None:
    """The ticket scope is asked with the rights in force when an event is delivered: once an agent has been moved
    to another queue's team, the old queue's next event does not reach them and the new queue's does."""
    from sqlalchemy import update

    from rapport.graphql.node import from_global_id

    async with db.write() as session:
        vip = await create_team(session, name="VIP Service", kind="service")
    rep = Session(live_server, "rep@demo.example")
    admin = Session(live_server, "admin@demo.example")
    desk_ticket, vip_ticket = (
        await rep.open_ticket(desk, subject="desk's"),
        await rep.open_ticket(desk, subject="VIP's"),
    )
    rows = {}
    async with db.write() as session:  # nobody has them: only the queue's team sees them
        for ticket, queue in ((desk_ticket, desk.raw["team"]), (vip_ticket, vip.id)):
            raw = from_global_id(ticket["id"])[1]
            await session.execute(update(Ticket).where(Ticket.id == raw).values(queue_id=queue, assignee_id=None))
            rows[ticket["id"]] = await session.get(Ticket, raw)

    async def comment(ticket: dict[str, Any]) -> None:
        async with db.write() as session:
            record_event(session, rows[ticket["id"]], "commented", None, {"public": True})

    agent = Session(live_server, "agent@demo.example")
    agents = await admin.gql("{ users(first: 100) { nodes { id email } } }")
    agent_id = next(u["id"] for u in agents["data"]["users"]["nodes"] if u["email"] == "agent@demo.example")
    async with agent.subscribe({}) as stream:
        await comment(vip_ticket)
        await comment(desk_ticket)
        assert (await stream.next(timeout=20))["ticket"]["id"] == desk_ticket["id"]  # not the VIP queue's before it
        moved = await admin.gql(
            "mutation($i: UserUpdateInput!) { userUpdate(input: $i) { userErrors { message } } }",
            {"i": {"id": agent_id, "teamId": to_global_id("Team", vip.id)}},
        )
        assert moved["data"]["userUpdate"]["userErrors"] == []
        await comment(desk_ticket)
        await comment(vip_ticket)
        assert (await stream.next(timeout=20))["ticket"]["id"] == vip_ticket["id"]  # not the old queue's before it


async def test_a_page_asks_the_scope_once_for_all_rights_and_again_for_rights_that_changed(
    gql: GraphQLClient, desk: Desk, db: Database
) -> None:
    """`TicketSight`, in process: one statement decides a page for every subscriber's rights; rights that changed
    since (another team: another principal key) are decided again at delivery, by the new team, in one more."""
    import dataclasses

    from sqlalchemy import update

    from rapport.core.sqlstats import StatementStats, current_stats
    from rapport.graphql.node import from_global_id
    from rapport.support.live import TicketSight
    from tests import factories
    from tests.support.conftest import open_ticket

    async with db.write() as session:
        vip = await create_team(session, name="VIP Service", kind="service")
    await gql.login("rep@demo.example")
    ticket = from_global_id((await open_ticket(gql, desk))["id"])[1]
    async with db.write() as session:  # only the desk's queue sees it
        await session.execute(update(Ticket).where(Ticket.id == ticket).values(assignee_id=None))
    readers = [
        await factories.principal(db, e) for e in ("agent@demo.example", "agent2@demo.example", "rep@demo.example")
    ]
    agent = readers[0]
    moved = dataclasses.replace(agent, team_id=vip.id, team_path=vip.path)

    stats = StatementStats()
    token = current_stats.set(stats)
    try:
        sight = TicketSight(db, [ticket])
        await sight.decide([*readers, agent, None])
        assert stats.statements == 1
        assert [sight.known(p, ticket) for p in readers] == [True, True, True]
        assert sight.known(moved, ticket) is None  # not decided for these rights
        assert await sight.sees(agent, ticket) is True and stats.statements == 1
        assert await sight.sees(moved, ticket) is False and stats.statements == 2
        assert sight.known(moved, ticket) is False and sight.known(None, ticket) is False
    finally:
        current_stats.reset(token)

"""Live ticket events over real websockets against running servers (two processes on one database)."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from websockets.asyncio.client import ClientConnection, connect

from rapport.core.db import Database
from rapport.identity.service import create_team, create_user
from rapport.support.events import record_event
from rapport.support.models import Ticket
from tests.conftest import LiveServer
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
    ticket = await rep.open_ticket(desk)
    async with supervisor.subscribe({"f": {"ticketId": ticket["id"]}}) as stream:
        from rapport.graphql.node import from_global_id

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

"""Open websockets hold only the rights their session has now, over real sockets against running servers.

Two server processes share the test database: a change made through one (sign-out, deactivation, a role or
policy change) reaches sockets held on the other. Every assertion is by order, never by clock: after the
changing mutation has returned, the socket delivers nothing the new rights forbid.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from tests.conftest import LiveServer
from tests.support.conftest import Desk

#: Long enough for a loaded CI machine; a wait that ends early is the expected outcome, not a time measurement.
PATIENCE = 20.0
UNAUTHORIZED = 4401

PERSONAL = "subscription { ticketEvents { kind ticket { number subject customer { name } } } }"
PHONES = "subscription { ticketEvents { kind ticket { number contact { phones } } } }"
PORTAL = "subscription { ticketEvents { kind data ticket { number } } }"


OPENED: list[ClientConnection] = []


@pytest.fixture(autouse=True)
async def _close_sockets() -> AsyncIterator[None]:
    """Every socket a test opened is closed when it ends, whatever the outcome."""
    yield
    while OPENED:
        await OPENED.pop().close()


class Client:
    """A signed-in caller of one server (HTTP with the session cookie)."""

    def __init__(self, server: LiveServer, email: str, password: str = "rapport-demo", cookie: str | None = None):
        self.server = server
        if cookie is None:
            response = httpx.post(
                f"{server.url}/graphql",
                json={
                    "query": "mutation($i: LoginInput!) { login(input: $i) { viewer { email } } }",
                    "variables": {"i": {"email": email, "password": password}},
                },
            )
            assert response.json()["data"]["login"]["viewer"], response.text
            cookie = str(response.cookies["rapport_session"])
        self.cookie = cookie

    def on(self, server: LiveServer) -> Client:
        """The same session, talking to another server."""
        return Client(server, "", cookie=self.cookie)

    async def gql(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        async with httpx.AsyncClient() as http:
            response = await http.post(
                f"{self.server.url}/graphql",
                json={"query": query, "variables": variables or {}},
                headers={"Cookie": f"rapport_session={self.cookie}"},
            )
        body: dict[str, Any] = response.json()
        assert "errors" not in body, body
        return dict(body["data"])

    async def open_ticket(self, desk: Desk, subject: str, **values: Any) -> dict[str, Any]:
        data = await self.gql(
            "mutation($i: TicketCreateInput!) { ticketCreate(input: $i) { ticket { id number } userErrors { message } } }",
            {"i": {"subject": subject, "category": "network", "customerId": desk.customer_id, **values}},
        )
        assert data["ticketCreate"]["userErrors"] == [], data
        return dict(data["ticketCreate"]["ticket"])

    async def socket(self, server: LiveServer | None = None, bearer: str | None = None) -> Socket:
        """A graphql-transport-ws socket on `server` (default: this client's), acknowledged."""
        url = (server or self.server).url.replace("http://", "ws://") + "/graphql"
        headers = {} if bearer else {"Cookie": f"rapport_session={self.cookie}"}
        ws = await connect(url, subprotocols=["graphql-transport-ws"], additional_headers=headers)  # type: ignore[list-item]
        init = {"authorization": f"Bearer {bearer}"} if bearer else {}
        await ws.send(json.dumps({"type": "connection_init", "payload": init}))
        OPENED.append(ws)
        assert json.loads(await asyncio.wait_for(ws.recv(), PATIENCE))["type"] == "connection_ack"
        return Socket(ws)


class Socket:
    """One open websocket and what it received."""

    def __init__(self, ws: ClientConnection) -> None:
        self.ws = ws
        self.close_code: int | None = None

    async def subscribe(self, query: str, op: str = "s", variables: dict[str, Any] | None = None) -> None:
        payload = {"query": query, "variables": variables or {}}
        await self.ws.send(json.dumps({"id": op, "type": "subscribe", "payload": payload}))

    async def receive(self) -> dict[str, Any] | None:
        """The next message, or None once the server closed the socket."""
        try:
            message: dict[str, Any] = json.loads(await asyncio.wait_for(self.ws.recv(), PATIENCE))
        except ConnectionClosed as closed:
            self.close_code = closed.rcvd.code if closed.rcvd is not None else None
            return None
        return message

    async def next_event(self, op: str = "s") -> dict[str, Any]:
        """The next event of a subscription (fails on anything else)."""
        message = await self.receive()
        assert message is not None and message["type"] == "next" and message["id"] == op, message
        assert "errors" not in message["payload"], message
        return dict(message["payload"]["data"]["ticketEvents"])

    async def until_closed(self) -> list[dict[str, Any]]:
        """Every message until the server closes the socket; fails at once on a message that carries data."""
        received = []
        while (message := await self.receive()) is not None:
            assert message["type"] != "next" or not message["payload"].get("data"), message
            received.append(message)
        return received

    async def close(self) -> None:
        await self.ws.close()


@pytest.fixture(scope="module")
def server_b(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A second server process on the same database."""
    server = LiveServer(
        {"DATABASE_URL": database_url, "RAPPORT_ENV": "test", "LOG_LEVEL": "WARNING"},
        tmp_path_factory.mktemp("b") / "server.log",
    )
    try:
        server.wait_ready()
        yield server
    finally:
        server.stop()


@pytest.fixture
async def admin(live_server: LiveServer, demo: dict[str, Any]) -> Client:
    return Client(live_server, "admin@demo.example")


async def _user_id(admin: Client, email: str) -> str:
    users = (await admin.gql("{ users(first: 100) { nodes { id email } } }"))["users"]["nodes"]
    return str(next(u["id"] for u in users if u["email"] == email))


async def test_signing_out_closes_the_socket_on_another_server(
    live_server: LiveServer, server_b: LiveServer, desk: Desk
) -> None:
    agent = Client(live_server, "agent@demo.example")
    rep = Client(live_server, "rep@demo.example")
    socket = await agent.socket(server_b)
    await socket.subscribe(PERSONAL)
    await rep.open_ticket(desk, "before")
    assert (await socket.next_event())["ticket"]["subject"] == "before"  # the subscription is live on B
    assert (await agent.gql("mutation { logout { ok } }"))["logout"]["ok"] is True  # through A
    await rep.open_ticket(desk, "after sign-out")
    await socket.until_closed()
    assert socket.close_code == UNAUTHORIZED


@pytest.mark.parametrize("via", ["cookie", "token"])
async def test_deactivating_the_user_closes_their_sockets(
    live_server: LiveServer, server_b: LiveServer, desk: Desk, admin: Client, via: str
) -> None:
    agent = Client(live_server, "agent@demo.example")
    rep = Client(live_server, "rep@demo.example")
    agent_id = await _user_id(admin, "agent@demo.example")
    bearer = None
    if via == "token":
        created = await admin.gql(
            'mutation($u: ID!) { apiTokenCreate(input: {name: "wallboard", userId: $u}) { secret } }', {"u": agent_id}
        )
        bearer = created["apiTokenCreate"]["secret"]
    socket = await agent.socket(server_b, bearer=bearer)
    await socket.subscribe(PERSONAL)
    await rep.open_ticket(desk, "before")
    assert (await socket.next_event())["ticket"]["subject"] == "before"
    changed = await admin.gql(
        "mutation($i: UserUpdateInput!) { userUpdate(input: $i) { user { active } userErrors { message } } }",
        {"i": {"id": agent_id, "active": False}},
    )
    assert changed["userUpdate"]["user"] == {"active": False}
    await rep.open_ticket(desk, "after deactivation")
    await socket.until_closed()
    assert socket.close_code == UNAUTHORIZED


async def test_every_subscription_field_ends_with_the_session(live_server: LiveServer, desk: Desk) -> None:
    """Generated over the schema: whatever a socket subscribed to, signing out closes it."""
    rep = Client(live_server, "rep@demo.example")
    fields = (await rep.gql("{ __schema { subscriptionType { fields { name } } } }"))["__schema"]
    names = [f["name"] for f in fields["subscriptionType"]["fields"]]
    assert {"ticketEvents", "notificationAdded"} <= set(names)
    sockets = []
    for name in names:
        socket = await rep.socket()
        await socket.subscribe(f"subscription {{ {name} {{ __typename }} }}")
        sockets.append(socket)
    await rep.gql("mutation { logout { ok } }")
    for socket in sockets:
        await socket.until_closed()
        assert socket.close_code == UNAUTHORIZED


async def test_a_role_change_reauthorizes_open_subscriptions(
    live_server: LiveServer, server_b: LiveServer, desk: Desk, admin: Client
) -> None:
    agent = Client(live_server, "agent@demo.example")
    rep = Client(live_server, "rep@demo.example")
    agent_id = await _user_id(admin, "agent@demo.example")
    socket = await agent.socket(server_b)
    await socket.subscribe(PERSONAL)
    await rep.open_ticket(desk, "before")
    assert (await socket.next_event())["ticket"]["subject"] == "before"
    changed = await admin.gql(
        "mutation($i: UserUpdateInput!) { userUpdate(input: $i) { user { roles } userErrors { message } } }",
        {"i": {"id": agent_id, "roles": ["marketing"]}},  # marketing may not follow tickets
    )
    assert changed["userUpdate"]["user"]["roles"] == ["marketing"]
    await rep.open_ticket(desk, "after the role change")
    ending = await socket.receive()
    assert ending is not None and ending["id"] == "s", ending
    if ending["type"] == "next":  # an error result, then the end of the subscription
        assert ending["payload"].get("data") is None
        codes = [e["extensions"]["code"] for e in ending["payload"]["errors"]]
        assert (await socket.receive()) == {"id": "s", "type": "complete"}
    else:
        assert ending["type"] == "error"
        codes = [e["extensions"]["code"] for e in ending["payload"]]
    assert codes == ["FORBIDDEN"]
    # The socket itself stays open for what the new roles allow.
    await socket.subscribe("subscription { notificationAdded { __typename } }", op="n")
    await socket.ws.send(json.dumps({"type": "ping"}))
    assert await socket.receive() == {"type": "pong"}
    await socket.close()


async def test_narrowing_phones_to_masked_masks_the_next_event_on_another_server(
    live_server: LiveServer, server_b: LiveServer, desk: Desk, admin: Client
) -> None:
    rep = Client(live_server, "rep@demo.example")
    socket = await rep.socket(server_b)
    await socket.subscribe(PHONES)
    await rep.open_ticket(desk, "before", contactId=desk.contact_id)
    before = await socket.next_event()
    assert before["ticket"]["contact"]["phones"] == ["+8613600001111"]
    change = """mutation($a: FieldAccess!) {
      permissionSet(input: {role: "sales_rep", type: "Contact", field: "phones", access: $a}) { userErrors { message } }
    }"""
    try:
        assert (await admin.gql(change, {"a": "MASKED"}))["permissionSet"]["userErrors"] == []
        await rep.open_ticket(desk, "after", contactId=desk.contact_id)
        after = await socket.next_event()
        assert after["ticket"]["contact"]["phones"] == ["136****1111"]
        over_http = await rep.on(server_b).gql(
            "query($id: ID!) { node(id: $id) { ... on Contact { phones } } }", {"id": desk.contact_id}
        )
        assert over_http["node"]["phones"] == ["136****1111"]
    finally:
        await admin.gql(change, {"a": "WRITE"})
        await socket.close()


async def test_portal_events_carry_no_staff_only_facts(live_server: LiveServer, desk: Desk) -> None:
    supervisor = Client(live_server, "supervisor@demo.example")
    # The owner's ticket for the company lands in the desk's queue, which makes the customer related to the desk.
    await Client(live_server, "rep@demo.example").open_ticket(desk, "内部工单")
    account = await supervisor.gql(
        "mutation($i: PortalAccountCreateInput!) { portalAccountCreate(input: $i) { userErrors { message } } }",
        {"i": {"contactId": desk.contact_id, "email": "wang@contoso.cn", "password": "portal-pass-1"}},
    )
    assert account["portalAccountCreate"]["userErrors"] == []
    portal = Client(live_server, "wang@contoso.cn", "portal-pass-1")
    created = await portal.gql(
        'mutation { ticketCreate(input: {subject: "发票问题", category: "billing"}) { ticket { id number } } }'
    )
    ticket = created["ticketCreate"]["ticket"]
    socket = await portal.socket()
    await socket.subscribe(PORTAL, variables={})
    comment = "mutation($i: TicketCommentInput!) { ticketComment(input: $i) { userErrors { message } } }"
    await supervisor.gql(comment, {"i": {"id": ticket["id"], "body": "probe", "public": True}})
    first = await socket.next_event()  # the subscription is live
    # The portal's own ticketCreate is published through the event relay too: on a busy machine its CREATED may
    # reach the subscription after it started (in order, before the comment).
    if first["kind"] == "CREATED":
        first = await socket.next_event()
    assert first["kind"] == "COMMENTED" and first["data"]["public"] is True
    await supervisor.gql(comment, {"i": {"id": ticket["id"], "body": "客户难缠", "public": False}})
    await supervisor.gql(
        "mutation($i: TicketReasonInput!) { ticketEscalate(input: $i) { ticket { id } } }",
        {"i": {"id": ticket["id"], "reason": "VIP complained to the director"}},
    )
    await supervisor.gql(comment, {"i": {"id": ticket["id"], "body": "已处理", "public": True}})
    received = []
    while True:
        event = await socket.next_event()
        received.append(event)
        if event["kind"] == "COMMENTED" and event["data"].get("public") is True:
            break
    await socket.close()
    kinds = [e["kind"] for e in received]
    assert "ESCALATED" not in kinds and not any(k.startswith("SLA") for k in kinds), received
    assert [e for e in received if e["kind"] == "COMMENTED" and not e["data"].get("public")] == []
    assert not any({"level", "reason"} & set(e["data"]) for e in received), received

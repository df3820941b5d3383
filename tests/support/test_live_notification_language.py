"""A live notification (`notificationAdded`) reaches each socket in the language its page named in
`connection_init`: two sockets of one supervisor, one in Chinese and one in English, get the same escalation
each in its own language."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from websockets.asyncio.client import connect

from tests.conftest import LiveServer
from tests.support.conftest import Desk
from tests.support.test_subscriptions import Session

ADDED = "subscription { notificationAdded { kind title } }"


async def _socket(server: LiveServer, cookie: str, locale: str) -> Any:
    socket = await connect(
        server.url.replace("http://", "ws://") + "/graphql",
        subprotocols=["graphql-transport-ws"],  # type: ignore[list-item]
        additional_headers={"Cookie": cookie, "Accept-Language": "de"},  # the browser's, not the page's
    )
    await socket.send(json.dumps({"type": "connection_init", "payload": {"locale": locale}}))
    assert json.loads(await socket.recv())["type"] == "connection_ack"
    await socket.send(json.dumps({"id": "n", "type": "subscribe", "payload": {"query": ADDED}}))
    return socket


async def _added(socket: Any) -> dict[str, Any]:
    message = json.loads(await asyncio.wait_for(socket.recv(), 5))
    assert message["type"] == "next", message
    added: dict[str, Any] = message["payload"]["data"]["notificationAdded"]
    return added


async def test_each_socket_hears_a_notification_in_the_language_it_named(live_server: LiveServer, desk: Desk) -> None:
    rep = Session(live_server, "rep@demo.example")
    ticket = await rep.open_ticket(desk)
    supervisor = Session(live_server, "supervisor@demo.example")
    chinese = await _socket(live_server, supervisor.cookie, "zh-CN")
    english = await _socket(live_server, supervisor.cookie, "en")
    try:
        await asyncio.sleep(0.3)  # the server registers the subscriptions
        await supervisor.gql(
            "mutation($i: TicketReasonInput!) { ticketEscalate(input: $i) { userErrors { code } } }",
            {"i": {"id": ticket["id"], "reason": "客户很着急"}},
        )
        assert await _added(chinese) == {"kind": "escalation", "title": f"{ticket['number']} 已升级"}
        assert await _added(english) == {"kind": "escalation", "title": f"{ticket['number']} escalated"}
    finally:
        await chinese.close()
        await english.close()

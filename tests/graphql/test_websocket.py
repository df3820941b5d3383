"""The websocket endpoint over a real socket: graphql-transport-ws only, authenticated, Origin checked."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

from tests.conftest import LiveServer

PROTOCOL = "graphql-transport-ws"


def _ws_url(server: LiveServer) -> str:
    return server.url.replace("http://", "ws://") + "/graphql"


def _login_cookie(server: LiveServer, email: str) -> str:
    response = httpx.post(
        f"{server.url}/graphql",
        json={
            "query": f'mutation {{ login(input: {{email: "{email}", password: "rapport-demo"}}) {{ viewer {{ email }} }} }}'
        },
    )
    assert response.json()["data"]["login"]["viewer"]["email"] == email
    return str(response.cookies["rapport_session"])


async def _init(ws: Any, payload: dict[str, Any] | None = None) -> dict[str, Any]:
    await ws.send(json.dumps({"type": "connection_init", "payload": payload or {}}))
    reply: dict[str, Any] = json.loads(await ws.recv())
    return reply


async def test_unauthenticated_connection_init_is_refused(live_server: LiveServer, demo: dict[str, Any]) -> None:
    async with connect(_ws_url(live_server), subprotocols=[PROTOCOL]) as ws:  # type: ignore[list-item]
        await ws.send(json.dumps({"type": "connection_init", "payload": {}}))
        with pytest.raises(ConnectionClosed) as closed:
            await ws.recv()
    assert closed.value.rcvd is not None
    assert closed.value.rcvd.code == 4403


async def test_invalid_token_at_connection_init_is_refused(live_server: LiveServer, demo: dict[str, Any]) -> None:
    async with connect(_ws_url(live_server), subprotocols=[PROTOCOL]) as ws:  # type: ignore[list-item]
        await ws.send(json.dumps({"type": "connection_init", "payload": {"authorization": "Bearer rpt_forged"}}))
        with pytest.raises(ConnectionClosed) as closed:
            await ws.recv()
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 4403


async def test_session_cookie_authenticates_the_socket(live_server: LiveServer, demo: dict[str, Any]) -> None:
    cookie = _login_cookie(live_server, "agent@demo.example")
    async with connect(
        _ws_url(live_server),
        subprotocols=[PROTOCOL],
        additional_headers={"Cookie": f"rapport_session={cookie}"},  # type: ignore[list-item]
    ) as ws:
        reply = await _init(ws)
        assert reply == {"type": "connection_ack", "payload": {"viewer": "agent@demo.example"}}
        # Queries work over the socket too, as the signed-in user.
        await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": "{ viewer { email } }"}}))
        assert json.loads(await ws.recv()) == {
            "id": "1",
            "type": "next",
            "payload": {"data": {"viewer": {"email": "agent@demo.example"}}},
        }
        assert json.loads(await ws.recv()) == {"id": "1", "type": "complete"}


async def test_api_token_in_connection_init_authenticates(live_server: LiveServer, demo: dict[str, Any]) -> None:
    cookie = _login_cookie(live_server, "admin@demo.example")
    headers = {"Cookie": f"rapport_session={cookie}"}
    users = httpx.post(
        f"{live_server.url}/graphql", json={"query": "{ users { nodes { id email } } }"}, headers=headers
    )
    analyst = next(u["id"] for u in users.json()["data"]["users"]["nodes"] if u["email"] == "analyst@demo.example")
    created = httpx.post(
        f"{live_server.url}/graphql",
        json={
            "query": 'mutation($u: ID!) { apiTokenCreate(input: {name: "wallboard", userId: $u}) { secret } }',
            "variables": {"u": analyst},
        },
        headers=headers,
    ).json()["data"]["apiTokenCreate"]["secret"]
    async with connect(_ws_url(live_server), subprotocols=[PROTOCOL]) as ws:  # type: ignore[list-item]
        reply = await _init(ws, {"authorization": f"Bearer {created}"})
        assert reply["type"] == "connection_ack"
        assert reply["payload"] == {"viewer": "analyst@demo.example"}


async def test_legacy_graphql_ws_protocol_is_not_served(live_server: LiveServer, demo: dict[str, Any]) -> None:
    cookie = _login_cookie(live_server, "agent@demo.example")
    async with connect(
        _ws_url(live_server),
        subprotocols=["graphql-ws"],
        additional_headers={"Cookie": f"rapport_session={cookie}"},  # type: ignore[list-item]
    ) as ws:
        with pytest.raises(ConnectionClosed) as closed:
            await ws.recv()
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 4406


async def test_foreign_browser_origin_is_refused(live_server: LiveServer, demo: dict[str, Any]) -> None:
    cookie = _login_cookie(live_server, "agent@demo.example")
    with pytest.raises(InvalidStatus) as refused:
        async with connect(
            _ws_url(live_server),
            subprotocols=[PROTOCOL],  # type: ignore[list-item]
            origin="https://evil.example",  # type: ignore[arg-type]
            additional_headers={"Cookie": f"rapport_session={cookie}"},
        ):
            pass
    assert refused.value.response.status_code == 403
    # The server's own origin is accepted.
    async with connect(
        _ws_url(live_server),
        subprotocols=[PROTOCOL],  # type: ignore[list-item]
        origin=live_server.url,  # type: ignore[arg-type]
        additional_headers={"Cookie": f"rapport_session={cookie}"},
    ) as ws:
        assert (await _init(ws))["type"] == "connection_ack"

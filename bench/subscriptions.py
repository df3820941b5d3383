"""Live-event delivery: N concurrent subscribers on one server process; latency from commit to client, memory."""

from __future__ import annotations

import asyncio
import json
import statistics
import time
from datetime import datetime
from typing import Any

import httpx
import psutil
from websockets.asyncio.client import ClientConnection, connect
from websockets.typing import Subprotocol

from bench.harness import Server, bench_database, save

SUBSCRIPTION = "subscription { ticketEvents { cursor kind at ticket { number status } } }"


async def _subscriber(
    url: str, cookie: str, received: list[tuple[str, float]], ready: asyncio.Event, count: list[int]
) -> ClientConnection:
    ws = await connect(
        url,
        subprotocols=[Subprotocol("graphql-transport-ws")],
        additional_headers={"Cookie": cookie},
        max_queue=None,
    )
    await ws.send(json.dumps({"type": "connection_init", "payload": {}}))
    await ws.recv()
    await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": SUBSCRIPTION}}))
    count[0] += 1
    if count[0] == count[1]:
        ready.set()

    async def read() -> None:
        async for message in ws:
            now = time.time()
            data = json.loads(message)
            if data.get("type") == "next":
                event = data["payload"]["data"]["ticketEvents"]
                if event["kind"] == "CREATED":
                    received.append((event["cursor"], now - datetime.fromisoformat(event["at"]).timestamp()))

    asyncio.get_running_loop().create_task(read())
    return ws


async def _run(server: Server, subscribers: int, events: int, customer_id: str) -> dict[str, Any]:
    assert server.process is not None
    process = psutil.Process(server.process.pid)
    cookie = server.login("supervisor@demo.example")
    rep_cookie = server.login("rep@demo.example")
    url = server.url.replace("http://", "ws://") + "/graphql"
    rss_before = process.memory_info().rss
    received: list[tuple[str, float]] = []
    ready = asyncio.Event()
    count = [0, subscribers]
    sockets = []
    for start in range(0, subscribers, 50):  # connect in waves so the accept queue keeps up
        sockets += await asyncio.gather(
            *(_subscriber(url, cookie, received, ready, count) for _ in range(start, min(subscribers, start + 50)))
        )
    await asyncio.wait_for(ready.wait(), 120)
    await asyncio.sleep(2)
    rss_after = process.memory_info().rss
    create = {"query": "mutation($i: TicketCreateInput!) { ticketCreate(input: $i) { ticket { id } } }"}
    async with httpx.AsyncClient(base_url=server.url, headers={"Cookie": rep_cookie}, timeout=30) as http:
        for i in range(events):
            body = {
                **create,
                "variables": {"i": {"subject": f"bench {i}", "category": "bench", "customerId": customer_id}},
            }
            response = await http.post("/graphql", json=body)
            assert "errors" not in response.json(), response.text
            await asyncio.sleep(0.5)
    await asyncio.sleep(3)
    for ws in sockets:
        await ws.close()
    expected = subscribers * events
    latencies = sorted(latency for _, latency in received)
    per_event: dict[str, list[float]] = {}
    for cursor, latency in received:
        per_event.setdefault(cursor, []).append(latency)
    slowest_per_event_ms = [round(max(v) * 1000, 1) for _, v in sorted(per_event.items(), key=lambda kv: int(kv[0]))]
    return {
        "subscribers": subscribers,
        "events": events,
        "delivered": len(latencies),
        "expected": expected,
        "p50_ms": round(statistics.median(latencies) * 1000, 1) if latencies else None,
        "p99_ms": round(latencies[int(len(latencies) * 0.99) - 1] * 1000, 1) if latencies else None,
        "max_ms": round(latencies[-1] * 1000, 1) if latencies else None,
        "memory_per_subscriber_kib": round((rss_after - rss_before) / subscribers / 1024, 1),
        "slowest_delivery_per_event_ms": slowest_per_event_ms,
    }


def run(scale: str = "tiny", subscribers: int = 1000, events: int = 20) -> dict[str, Any]:
    url = bench_database(scale)
    server = Server(url).start()
    try:
        admin = server.login("rep@demo.example")
        customers = httpx.post(
            f"{server.url}/graphql",
            json={"query": "{ customers(first: 1) { nodes { id } } }"},
            headers={"Cookie": admin},
        ).json()
        customer_id = customers["data"]["customers"]["nodes"][0]["id"]
        result = asyncio.run(_run(server, subscribers, events, customer_id))
    finally:
        server.stop()
    path = save("subscriptions", {"scale": scale, **result})
    print(json.dumps(result, indent=2))
    print(f"written to {path}")
    return result

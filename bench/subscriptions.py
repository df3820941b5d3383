"""Live-event delivery: N concurrent subscribers on one or more server processes; latency from commit to client,
memory per subscriber.

`python -m bench subscriptions --subscribers 1000 --events 20 --rounds 5` (one server process), and
`--subscribers 5000 --processes 2 --clients 2` (`rapport serve --workers 2`: the kernel hands each websocket to
either process). The subscribers live in `--clients` load-generator processes of their own (never the server's),
each holding its share of the sockets; a rep opens `--events` tickets half a second apart from the parent process.
Latency runs from the event's timestamp (written in the committing transaction) to the client's receipt.
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import queue
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
#: Sockets opened at once by a client process (so that the servers' accept queues keep up).
WAVE = 50


async def _subscriber(url: str, cookie: str, received: list[tuple[str, float]]) -> ClientConnection:
    ws = await connect(
        url,
        subprotocols=[Subprotocol("graphql-transport-ws")],
        additional_headers={"Cookie": cookie},
        max_queue=None,
        open_timeout=60,
    )
    await ws.send(json.dumps({"type": "connection_init", "payload": {}}))
    await ws.recv()
    await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": SUBSCRIPTION}}))

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


async def _client(url: str, cookie: str, count: int, expected: int, ready: Any, results: Any, done: Any) -> None:
    received: list[tuple[str, float]] = []
    sockets = []
    for start in range(0, count, WAVE):
        sockets += await asyncio.gather(*(_subscriber(url, cookie, received) for _ in range(min(WAVE, count - start))))
    ready.put(count)
    # Until every event reached every socket of this client, or the parent says the events are over (+ grace).
    while len(received) < count * expected and not done.is_set():
        await asyncio.sleep(0.05)
    deadline = time.monotonic() + 5
    while len(received) < count * expected and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    for ws in sockets:
        await ws.close()
    results.put(received)


def _client_process(url: str, cookie: str, count: int, expected: int, ready: Any, results: Any, done: Any) -> None:
    asyncio.run(_client(url, cookie, count, expected, ready, results, done))


def _server_rss(server: Server) -> tuple[int, list[int]]:
    """The resident memory of the server's processes (the supervisor and its workers): total, and per process."""
    assert server.process is not None
    root = psutil.Process(server.process.pid)
    processes = [root, *root.children(recursive=True)]
    sizes = []
    for process in processes:
        try:
            sizes.append(process.memory_info().rss)
        except psutil.Error:
            continue
    return sum(sizes), sizes


def _open_websockets(server: Server) -> float | None:
    """`rapport_websockets_open` of the process that answers /metrics (one of them, with several)."""
    text = httpx.get(f"{server.url}/metrics", timeout=10).text
    found = [line.split()[-1] for line in text.splitlines() if line.startswith("rapport_websockets_open ")]
    return float(found[0]) if found else None


def _round(server: Server, subscribers: int, events: int, clients: int, customer_id: str) -> dict[str, Any]:
    cookie = server.login("supervisor@demo.example")
    rep_cookie = server.login("rep@demo.example")
    url = server.url.replace("http://", "ws://") + "/graphql"
    context = multiprocessing.get_context("spawn")
    ready, results, done = context.Queue(), context.Queue(), context.Event()
    shares = [subscribers // clients + (1 if i < subscribers % clients else 0) for i in range(clients)]
    rss_before, _ = _server_rss(server)
    workers = [
        context.Process(target=_client_process, args=(url, cookie, share, events, ready, results, done))
        for share in shares
    ]
    for worker in workers:
        worker.start()
    connected = sum(ready.get(timeout=300) for _ in workers)
    time.sleep(2)
    rss_after, per_process = _server_rss(server)
    open_sockets = _open_websockets(server)
    create = {"query": "mutation($i: TicketCreateInput!) { ticketCreate(input: $i) { ticket { id } } }"}
    with httpx.Client(base_url=server.url, headers={"Cookie": rep_cookie}, timeout=30) as http:
        for i in range(events):
            body = {
                **create,
                "variables": {"i": {"subject": f"bench {i}", "category": "bench", "customerId": customer_id}},
            }
            response = http.post("/graphql", json=body)
            assert "errors" not in response.json(), response.text
            time.sleep(0.5)
    done.set()
    received: list[tuple[str, float]] = []
    for _ in workers:
        try:
            received += results.get(timeout=120)
        except queue.Empty:
            break
    for worker in workers:
        worker.join(30)
    latencies = sorted(latency for _, latency in received)
    per_event: dict[str, list[float]] = {}
    for cursor, latency in received:
        per_event.setdefault(cursor, []).append(latency)
    return {
        "subscribers": connected,
        "events": events,
        "delivered": len(latencies),
        "expected": connected * events,
        "p50_ms": round(statistics.median(latencies) * 1000, 1) if latencies else None,
        "p99_ms": round(latencies[int(len(latencies) * 0.99) - 1] * 1000, 1) if latencies else None,
        "max_ms": round(latencies[-1] * 1000, 1) if latencies else None,
        "memory_per_subscriber_kib": round((rss_after - rss_before) / max(connected, 1) / 1024, 1),
        "server_rss_mib": [round(size / 2**20) for size in per_process],
        "open_websockets": open_sockets,
        "slowest_delivery_per_event_ms": [round(max(v) * 1000, 1) for v in per_event.values()],
    }


def run(
    scale: str = "tiny",
    subscribers: int = 1000,
    events: int = 20,
    processes: int = 1,
    clients: int = 1,
    rounds: int = 1,
) -> dict[str, Any]:
    """`rounds` runs against one server of `processes` processes; bench/results/<date>-subscriptions*.json."""
    from bench.capacity import _all_ready

    url = bench_database(scale)
    args = ("--workers", str(processes)) if processes > 1 else ()
    server = Server(url, {"DB_POOL_SIZE": "10"} if processes > 1 else {}, args=args).start()
    runs = []
    try:
        _all_ready(server)
        rep = server.login("rep@demo.example")
        customers = httpx.post(
            f"{server.url}/graphql", json={"query": "{ customers(first: 1) { nodes { id } } }"}, headers={"Cookie": rep}
        ).json()
        customer_id = customers["data"]["customers"]["nodes"][0]["id"]
        for number in range(rounds):
            runs.append(_round(server, subscribers, events, clients, customer_id))
            found = runs[-1]
            print(
                f"run {number + 1}: p50 {found['p50_ms']} ms, p99 {found['p99_ms']} ms, max {found['max_ms']} ms, "
                f"{found['delivered']}/{found['expected']} delivered, "
                f"{found['memory_per_subscriber_kib']} KiB per subscriber, {found['open_websockets']} sockets open",
                flush=True,
            )
    finally:
        server.stop()
    summary = {
        "scale": scale,
        "subscribers": subscribers,
        "processes": processes,
        "clients": clients,
        "events": events,
        "p99_ms": [r["p99_ms"] for r in runs],
        "runs": runs,
    }
    suffix = f"-{subscribers}x{processes}"
    path = save(f"subscriptions{suffix}", summary)
    print(f"written to {path}")
    return summary

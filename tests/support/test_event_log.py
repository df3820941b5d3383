"""The live event log under concurrent writers, reconnects and a killed server: nothing missed, nothing twice.

Real server processes, real websockets, real mutations. Eight writers comment on their own tickets at once, on
several servers; three changes are deliberately held open in a transaction (through the service, in this
process) until a later change has been committed and delivered, so that a log ordered by an id taken before
commit is certain to be caught out. Subscribers: one live from the start, one that disconnects and resumes with
`after`, and one on a server that is SIGKILLed and that resumes on a freshly started server. Each must receive
every committed event exactly once, all in the same order, each writer's changes in the order they committed,
and each held change after the change that committed before it.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import itertools
import json
import random
import signal
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from rapport.core.db import Database
from rapport.graphql.node import from_global_id
from rapport.support.live import TICKET_LOG, fetch_ticket_events
from rapport.support.workflow import service as workflow
from tests import factories
from tests.conftest import GraphQLClient, LiveServer
from tests.support.conftest import Desk, open_ticket

WRITERS = 8
ROUNDS = 4  # comments per writer per phase; five phases
EVENTS = "subscription($a: String) { ticketEvents(after: $a) { cursor kind data ticket { id } } }"
COMMENT = """
mutation($i: TicketCommentInput!) { ticketComment(input: $i) { comment { id } userErrors { message } } }
"""
#: How long any one wait may take before the test gives up and reports what it has (a bound, not a timing).
PATIENCE = 30.0


class Writer:
    """A signed-in HTTP client that comments on tickets and remembers what committed, in order."""

    def __init__(self, cookie: str) -> None:
        self.cookie = cookie
        self.committed: list[str] = []

    async def comment(self, server: LiveServer, ticket_id: str, body: str) -> str:
        async with httpx.AsyncClient(timeout=PATIENCE) as http:
            response = await http.post(
                f"{server.url}/graphql",
                json={"query": COMMENT, "variables": {"i": {"id": ticket_id, "body": body}}},
                headers={"Cookie": self.cookie},
            )
        payload = response.json()["data"]["ticketComment"]
        assert payload["userErrors"] == [], payload
        comment_id = str(from_global_id(payload["comment"]["id"], "TicketComment")[1])
        self.committed.append(comment_id)
        return comment_id


class Stream:
    """A `ticketEvents` subscription over a real websocket, read in the background."""

    def __init__(self, name: str, server: LiveServer, cookie: str, after: str | None) -> None:
        self.name, self.server, self.cookie, self.after = name, server, cookie, after
        self.events: list[dict[str, Any]] = []
        self.other: list[Any] = []
        self.ws: ClientConnection | None = None
        self.reader: asyncio.Task[None] | None = None

    async def open(self) -> Stream:
        self.ws = await connect(
            self.server.url.replace("http://", "ws://") + "/graphql",
            subprotocols=["graphql-transport-ws"],  # type: ignore[list-item]
            additional_headers={"Cookie": self.cookie},
            max_queue=None,
        )
        await self.ws.send(json.dumps({"type": "connection_init", "payload": {}}))
        assert json.loads(await self.ws.recv())["type"] == "connection_ack"
        subscribe = {"query": EVENTS, "variables": {"a": self.after}}
        await self.ws.send(json.dumps({"id": "s", "type": "subscribe", "payload": subscribe}))
        self.reader = asyncio.create_task(self._read())
        return self

    async def _read(self) -> None:
        assert self.ws is not None
        try:
            async for raw in self.ws:
                message = json.loads(raw)
                if message.get("type") == "next" and "errors" not in message["payload"]:
                    self.events.append(message["payload"]["data"]["ticketEvents"])
                else:
                    self.other.append(message)
        except ConnectionClosed as closed:
            self.other.append(f"closed {closed.rcvd.code if closed.rcvd else 'abruptly'}")

    async def close(self) -> None:
        assert self.ws is not None and self.reader is not None
        await self.ws.close()
        await self.reader

    def comments(self) -> list[str]:
        return [e["data"]["commentId"] for e in self.events if e["kind"] == "COMMENTED"]

    async def wait_for_comment(self, comment_id: str, *, patience: float = PATIENCE) -> bool:
        """Whether the comment's event arrived (False once `patience` seconds have passed without it)."""
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(patience):
                while comment_id not in self.comments():
                    if self.reader is not None and self.reader.done():
                        raise AssertionError(f"{self.name} closed before {comment_id}: {self.other}")
                    await asyncio.sleep(0.02)
                return True
        return False


def _login(server: LiveServer, email: str) -> str:
    response = httpx.post(
        f"{server.url}/graphql",
        json={
            "query": "mutation($i: LoginInput!) { login(input: $i) { viewer { email } } }",
            "variables": {"i": {"email": email, "password": "rapport-demo"}},
        },
    )
    assert response.json()["data"]["login"]["viewer"], response.text
    return f"rapport_session={response.cookies['rapport_session']}"


async def _open_ticket(server: LiveServer, cookie: str, desk: Desk, subject: str) -> str:
    async with httpx.AsyncClient(timeout=PATIENCE) as http:
        response = await http.post(
            f"{server.url}/graphql",
            json={
                "query": "mutation($i: TicketCreateInput!) { ticketCreate(input: $i) { ticket { id } } }",
                "variables": {"i": {"subject": subject, "category": "network", "customerId": desk.customer_id}},
            },
            headers={"Cookie": cookie},
        )
    return str(response.json()["data"]["ticketCreate"]["ticket"]["id"])


@pytest.fixture
def servers(database_url: str, tmp_path: Path) -> Iterator[Callable[[str], LiveServer]]:
    """Starts extra server processes on the test database; stops (or has lost) them at the end."""
    started: list[LiveServer] = []

    def start(name: str) -> LiveServer:
        server = LiveServer(
            {"DATABASE_URL": database_url, "RAPPORT_ENV": "test", "LOG_LEVEL": "WARNING"}, tmp_path / f"{name}.log"
        )
        started.append(server)
        server.wait_ready()
        return server

    yield start
    for server in started:
        server.stop()


async def _committed_comments(db: Database, tickets: list[str]) -> set[str]:
    raw = [from_global_id(t, "Ticket")[1] for t in tickets]
    async with db.read() as session:
        rows = await session.execute(
            text("SELECT data->>'commentId' FROM ticket_event WHERE kind = 'commented' AND ticket_id = ANY(:t)"),
            {"t": raw},
        )
        return {row[0] for row in rows}


@pytest.fixture
async def streams() -> AsyncIterator[list[Stream]]:
    """Every stream a test opens, closed at the end."""
    opened: list[Stream] = []
    yield opened
    for stream in opened:
        if stream.ws is not None:
            await stream.ws.close()
        if stream.reader is not None:
            stream.reader.cancel()


async def test_every_committed_event_reaches_every_subscriber_once_in_commit_order_through_a_crash(
    live_server: LiveServer, servers: Callable[[str], LiveServer], desk: Desk, db: Database, streams: list[Stream]
) -> None:
    server_b = live_server
    server_a = await asyncio.to_thread(servers, "a")
    cookie = _login(server_b, "supervisor@demo.example")
    rep_cookie = _login(server_b, "rep@demo.example")
    tickets = [await _open_ticket(server_b, rep_cookie, desk, f"writer {i}") for i in range(WRITERS)]
    held_ticket = await _open_ticket(server_b, rep_cookie, desk, "held")
    marker_ticket = await _open_ticket(server_b, rep_cookie, desk, "markers")
    supervisor = await factories.principal(db, "supervisor@demo.example")
    markers = Writer(cookie)

    async def open_stream(name: str, server: LiveServer, after: str | None) -> Stream:
        stream = await Stream(name, server, cookie, after).open()
        streams.append(stream)
        return stream

    # A live subscriber (no `after`): once it has received a probe, everything after the probe is what counts.
    live = await open_stream("live", server_b, None)
    probes: list[str] = []
    while not live.comments():
        probes.append(await markers.comment(server_b, marker_ticket, "probe"))
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(2):
                while not live.comments():
                    await asyncio.sleep(0.02)
    first_probe = next(e for e in live.events if e["kind"] == "COMMENTED")
    start = first_probe["cursor"]
    before_start = {first_probe["data"]["commentId"]}
    on_a = await open_stream("on A", server_a, start)
    resuming = await open_stream("resuming", server_b, start)

    writers = [Writer(cookie) for _ in range(WRITERS)]

    async def phase(number: int, targets: list[LiveServer]) -> None:
        async def write(i: int) -> None:
            for r in range(ROUNDS):
                await writers[i].comment(targets[(i + r) % len(targets)], tickets[i], f"w{i} p{number} r{r}")

        await asyncio.gather(*(write(i) for i in range(WRITERS)))

    held: list[tuple[str, str]] = []  # (held change, the change committed and delivered before it committed)

    async def hold(watchers: list[Stream], meanwhile: Callable[[], Awaitable[None]]) -> None:
        """A change whose event id is taken first but which commits only after a later change was delivered."""
        async with db.write() as session:
            _, note = await workflow.comment(
                session, supervisor, from_global_id(held_ticket, "Ticket")[1], "held", public=True
            )
            marker = await markers.comment(server_b, marker_ticket, "marker")
            for stream in watchers:
                # A log that lost the marker is caught by the final count; waiting longer would not help.
                await stream.wait_for_comment(marker, patience=5)
            await meanwhile()
        held.append((str(note.id), marker))

    async def nothing() -> None:
        pass

    # Phase 1: writers on A and B while a held change is committed behind a delivered one.
    await asyncio.gather(phase(1, [server_a, server_b]), hold([live, on_a, resuming], nothing))

    # Phase 2: one subscriber disconnects (after a later change was delivered to it), then a held change commits.
    await hold([resuming], resuming.close)
    await phase(2, [server_a, server_b])
    resumed = await open_stream("resumed", server_b, resuming.events[-1]["cursor"])
    await phase(3, [server_a, server_b])  # writers keep writing while it catches up

    # Phase 4: server A is killed while writers write to B; a held change commits after the kill.
    def kill_a() -> Awaitable[None]:
        server_a.process.send_signal(signal.SIGKILL)
        server_a.process.wait()
        return nothing()

    writing = asyncio.create_task(phase(4, [server_b]))
    await hold([on_a], kill_a)
    await writing
    assert on_a.reader is not None
    await on_a.reader  # the socket died with its server
    server_c = await asyncio.to_thread(servers, "c")
    after_crash = await open_stream("after crash", server_c, on_a.events[-1]["cursor"])
    await phase(5, [server_b, server_c])

    # The end: one last change, committed after all the others; every stream must reach it.
    last = await markers.comment(server_b, marker_ticket, "last")
    for stream in (live, resumed, after_crash):
        assert await stream.wait_for_comment(last), f"{stream.name} never received the last change"

    committed = await _committed_comments(db, [*tickets, held_ticket, marker_ticket]) - before_start
    sequences = {
        "live": live.comments()[1:],
        "resuming, then resumed": resuming.comments() + resumed.comments(),
        "on A, then after the crash": on_a.comments() + after_crash.comments(),
    }
    assert len(committed) >= WRITERS * ROUNDS * 5 + 4
    wrong = {}
    for name, sequence in sequences.items():
        missed = len(committed - set(sequence))
        twice = len(sequence) - len(set(sequence))
        phantoms = len(set(sequence) - committed)
        if missed or twice or phantoms:
            wrong[name] = f"missed {missed} of {len(committed)}, {twice} twice, {phantoms} never committed"
    assert wrong == {}
    # One order for everyone: the log's.
    assert sequences["resuming, then resumed"] == sequences["live"]
    assert sequences["on A, then after the crash"] == sequences["live"]
    order = {comment: position for position, comment in enumerate(sequences["live"])}
    # Each writer's changes in the order they committed; each held change after what committed before it.
    for writer in [*writers, markers]:
        mine = [c for c in writer.committed if c in committed]
        assert sorted(mine, key=order.__getitem__) == mine
    for held_change, marker in held:
        assert order[held_change] > order[marker]
    assert len(held) == 3 and all(uuid.UUID(h) for h, _ in held)
    assert probes  # the live subscriber's start was seen


@pytest.mark.parametrize("seed", range(8))
async def test_no_reader_of_the_log_ever_moves_past_an_event_that_commits_later(
    gql: GraphQLClient, desk: Desk, db: Database, seed: int
) -> None:
    """Generated schedules of overlapping writer transactions, commits, rollbacks, relay stamps and readers."""
    await gql.login("rep@demo.example")
    ticket = from_global_id((await open_ticket(gql, desk))["id"], "Ticket")[1]
    rng = random.Random(seed)
    numbers = itertools.count()
    writing: dict[int, tuple[AsyncConnection, list[int], set[int]]] = {}  # transaction, its events, seen before
    committed: list[int] = []
    transactions: list[tuple[list[int], set[int]]] = []  # committed: their events, what committed before they began
    rolled_back: set[int] = set()
    await TICKET_LOG.stamp(db)  # the ticket's own events are in the log before the readers start
    head = await TICKET_LOG.head(db)
    positions = [head] * 3
    readers: list[list[int]] = [[] for _ in positions]

    async def read(r: int) -> None:
        for event in await fetch_ticket_events(db, positions[r], rng.choice([1, 2, 1000])):
            readers[r].append(int(event.data["n"]))
            positions[r] = event.cursor

    async def end(key: int, commit: bool) -> None:
        conn, mine, before = writing.pop(key)
        if commit:
            await conn.commit()
            committed.extend(mine)
            transactions.append((mine, before))
        else:
            await conn.rollback()
            rolled_back.update(mine)
        await conn.close()

    for _step in range(80):
        move = rng.choice(["begin", "write", "write", "end", "stamp", "read", "read"])
        if move == "begin" and len(writing) < 6:
            conn = await db.engine.connect()
            await conn.begin()
            writing[next(numbers)] = (conn, [], set(committed))
        elif move == "write" and writing:
            conn, mine, _ = writing[rng.choice(list(writing))]
            n = next(numbers)
            await conn.execute(
                text("INSERT INTO ticket_event (ticket_id, kind, data, at) VALUES (:t, 'commented', :d, now())"),
                {"t": ticket, "d": json.dumps({"n": n})},
            )
            mine.append(n)
        elif move == "end" and writing:
            await end(rng.choice(list(writing)), rng.random() > 0.2)
        elif move == "stamp":
            await TICKET_LOG.stamp(db)
        elif move == "read":
            await read(rng.randrange(len(readers)))
    for key in list(writing):
        await end(key, True)
    await TICKET_LOG.stamp(db)
    for r in range(len(readers)):
        while positions[r] < await TICKET_LOG.head(db):
            await read(r)
    log = readers[0]
    assert readers[1] == log and readers[2] == log  # one order for every reader, however it paged
    assert sorted(log) == sorted(committed)  # every committed event exactly once
    assert not rolled_back & set(log)
    place = {n: i for i, n in enumerate(log)}
    for mine, before in transactions:
        assert [place[n] for n in mine] == sorted(place[n] for n in mine)  # a transaction's events in order
        if mine:  # after everything that had committed when the transaction began
            assert all(place[b] < place[mine[0]] for b in before)


@pytest.mark.parametrize(
    "cursor",
    [
        "12",  # a cursor of the old format (an event id)
        "not a cursor",
        base64.urlsafe_b64encode(b"log1:-1").decode(),
        base64.urlsafe_b64encode(b"log1:99999999999999999999").decode(),
        base64.urlsafe_b64encode(b"other:5").decode(),
        "A" * 10_000,
    ],
)
async def test_an_after_that_is_not_an_event_cursor_is_bad_user_input(
    live_server: LiveServer, demo: dict[str, Any], cursor: str
) -> None:
    cookie = _login(live_server, "supervisor@demo.example")
    stream = await Stream("bad cursor", live_server, cookie, cursor).open()
    assert stream.reader is not None
    async with asyncio.timeout(PATIENCE):
        while not stream.other:
            await asyncio.sleep(0.02)
    await stream.close()
    message = stream.other[0]
    errors = message["payload"] if message["type"] == "error" else message["payload"]["errors"]
    assert [e["extensions"]["code"] for e in errors] == ["BAD_USER_INPUT"], message
    assert stream.events == []

"""Shared helpers of the journey tests: customers in a static segment, journeys saved and activated through the
service, and a real local HTTP server that records the webhooks it receives."""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from sqlalchemy import select

from rapport.core import clock
from rapport.core.db import Database
from rapport.core.ids import uuid7
from rapport.core.principal import Principal
from rapport.customers.models import Customer
from rapport.customers.service import ContactDraft
from rapport.graphql.node import to_global_id
from rapport.identity.models import User
from rapport.identity.service import create_user
from rapport.integrations.signing import new_secret, signature
from rapport.marketing.journeys import service
from rapport.marketing.models import Segment, SegmentMember
from tests import factories
from tests.conftest import free_port

T0 = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
SECRET = new_secret()


@dataclass
class Received:
    """A request the hook server received."""

    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.body)

    def signed_correctly(self, secret: str) -> bool:
        """The Standard Webhooks signature matches the body, id and timestamp."""
        expected = signature(secret, self.headers["webhook-id"], int(self.headers["webhook-timestamp"]), self.body)
        return self.headers["webhook-signature"] == expected


@dataclass
class HookServer:
    """A real HTTP server on a free local port, answering 204 and keeping what it received."""

    url: str
    received: list[Received] = field(default_factory=list)


@contextmanager
def hook_server() -> Iterator[HookServer]:
    """Start the server in a thread; stop it at the end."""
    port = free_port()
    hooks = HookServer(f"http://127.0.0.1:{port}/hook")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("content-length", "0"))
            body = self.rfile.read(length)
            hooks.received.append(Received({k.lower(): v for k, v in self.headers.items()}, body))
            self.send_response(204)
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield hooks
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


async def customers_with_contacts(db: Database, count: int, prefix: str = "Journey Co") -> list[Customer]:
    """Customers owned by the demo sales rep, each with a primary contact (email and phone)."""
    rep = await factories.principal(db, "rep@demo.example")
    made = []
    for i in range(count):
        contact = ContactDraft(
            f"Person {i}", phones=[f"+86139000000{i:02d}"], emails=[f"p{i}@example.com"], is_primary=True
        )
        made.append(await factories.customer(db, rep, f"{prefix} {i}", kind="person", contacts=[contact]))
    return made


async def static_segment(db: Database, customer_ids: list[uuid.UUID]) -> uuid.UUID:
    """A static segment of these customers, owned by the journey builder."""
    marketing = await builder(db)
    segment_id = uuid7()
    async with db.write() as session:
        session.add(
            Segment(
                id=segment_id,
                name="Browsers",
                kind="static",
                rules={},
                owner_id=marketing.user_id,
                team_id=marketing.team_id,
                frozen_at=T0,
                member_count=len(customer_ids),
            )
        )
        await session.flush()
        session.add_all(SegmentMember(segment_id=segment_id, customer_id=c, added_at=T0) for c in customer_ids)
    return segment_id


def node(node_id: str, node_type: str, /, **config: Any) -> dict[str, Any]:
    """A graph node at a position."""
    return {"id": node_id, "type": node_type, "config": config, "position": {"x": 10, "y": 20}}


def edge(source: str, target: str, branch: str | None = None) -> dict[str, Any]:
    """A graph edge."""
    return {"source": source, "target": target, "branch": branch}


def example_graph(trigger: dict[str, Any], hook_url: str) -> dict[str, Any]:
    """trigger -> wait 24 h -> ordered within 24 h? yes: tag buyer / no: task for the owner, then a webhook."""
    return {
        "nodes": [
            node("start", "trigger", **trigger),
            node("wait", "wait", hours=24),
            node("ordered", "condition", kind="ordered_within", hours=24, since="entered"),
            node("tag", "tag_add", tags=["buyer"]),
            node("task", "task", title="Call about the coupon", dueInHours=8),
            node("hook", "webhook", url=hook_url, secret=SECRET),
        ],
        "edges": [
            edge("start", "wait"),
            edge("wait", "ordered"),
            edge("ordered", "tag", "yes"),
            edge("ordered", "task", "no"),
            edge("task", "hook"),
        ],
    }


#: A marketer who may also tag customers, create tasks and read contacts' emails and phones (the shipped
#: `marketing` role alone may not: its journeys cannot use tag or audience nodes).
BUILDER = "builder@test.example"
BUILDER_ROLES = ("marketing", "sales_rep")


async def builder(db: Database) -> Principal:
    """The journey builder (created on first use)."""
    async with db.write() as session:
        if await session.scalar(select(User.id).where(User.email == BUILDER)) is None:
            await create_user(session, email=BUILDER, name="Bo Builder", password="rapport-demo", roles=BUILDER_ROLES)
    return await factories.principal(db, BUILDER)


async def active_journey(
    db: Database, graph: dict[str, Any], *, allow_reentry: bool = False, owner: Principal | None = None
) -> uuid.UUID:
    """A journey saved and activated by its owner (default: the builder)."""
    owner = owner or await builder(db)
    with clock.frozen_at(T0):
        async with db.write() as session:
            journey = await service.save(
                session, owner, None, service.JourneyDraft("Coupon", graph, allow_reentry=allow_reentry)
            )
            await service.set_status(session, owner, journey.id, journey.version, "active")
    return journey.id


def segment_trigger(segment_id: uuid.UUID) -> dict[str, Any]:
    """A segment-entry trigger's config (the segment's global id)."""
    return {"kind": "segment_entry", "segmentId": to_global_id("Segment", segment_id)}

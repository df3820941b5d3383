"""A contact's send ledger reads what it shows, not each row's journey: the journey's graph (a whole flow as JSON,
possibly on each of 200 rows) and a journey message's content are read on the resolvers only when asked for, and the
compiled answer (what the web app's consent drawer runs) never reads them; an unseen contact answers NOT_FOUND on
both paths."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
from sqlalchemy import event

from rapport.app import create_app
from rapport.config import Settings
from rapport.core.db import Database
from rapport.graphql.node import to_global_id
from tests.conftest import GraphQLClient
from tests.marketing.reads_world import marketing_reads

NAMES = """query($id: ID!) { contactMarketingLedger(contactId: $id) { channel status skipReason
  campaign { id name status } journey { id name status createdAt } events { kind machine } } }"""
GRAPH = "query($id: ID!) { contactMarketingLedger(contactId: $id) { journey { name graph } } }"


@contextmanager
def _statements(db: Database) -> Iterator[list[str]]:
    seen: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        seen.append(statement)

    event.listen(db.engine.sync_engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(db.engine.sync_engine, "before_cursor_execute", record)


def _reads_graph(statements: list[str]) -> bool:
    return any("journey.graph" in s or "marketing_message.content" in s for s in statements)


async def test_the_ledger_reads_no_journey_graph_unless_asked(settings: Settings, db: Database) -> None:
    from rapport.demo import seed_demo

    await seed_demo(db, settings, locale="zh_CN", customers=12)
    contact = (await marketing_reads(db))["ContactMarketingLedger"]["contactId"]
    fast_app = create_app(settings, database=db)
    slow_app = create_app(settings.model_copy(update={"compiled_reads": False}), database=db)
    async with (
        httpx.AsyncClient(transport=httpx.ASGITransport(app=fast_app), base_url="http://t") as fast_http,
        httpx.AsyncClient(transport=httpx.ASGITransport(app=slow_app), base_url="http://t") as slow_http,
    ):
        fast, slow = GraphQLClient(fast_http), GraphQLClient(slow_http)
        await fast.login("admin@demo.example")
        await slow.login("admin@demo.example")

        with _statements(db) as resolved:
            expected = await slow(NAMES, {"id": contact})
        entries = expected["data"]["contactMarketingLedger"]
        assert [e["journey"]["name"] for e in entries if e["journey"]] == ["Welcome"]
        assert "Campaign 0" in {e["campaign"]["name"] for e in entries if e["campaign"]}
        assert not _reads_graph(resolved), "the resolvers read the journey's graph nobody asked for"

        served = fast_app.state.graphql.compiled.served
        with _statements(db) as compiled:
            assert await fast(NAMES, {"id": contact}) == expected
        assert fast_app.state.graphql.compiled.served == served + 1
        assert len(compiled) == 1 and not _reads_graph(compiled)

        # Asked for, the graph is read (on the resolvers: the compiled answer holds no graph) and shown.
        with _statements(db) as asked:
            answer = await fast(GRAPH, {"id": contact})
        (journey,) = [e["journey"] for e in answer["data"]["contactMarketingLedger"] if e["journey"]]
        assert [node["id"] for node in journey["graph"]["nodes"]] == ["start", "wait", "hook", "end"]
        assert any("journey.graph" in s for s in asked)

        # A contact that is not there (or not the caller's) answers NOT_FOUND on both paths.
        missing = to_global_id("Contact", uuid.UUID(int=1))
        for client in (fast, slow):
            body = await client(NAMES, {"id": missing})
            assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"

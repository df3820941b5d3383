"""Importing tickets from a real file (GBK-encoded CSV of an old help desk): every problem by row and column before
anything is written, tickets linked to customers imported earlier by their external ids and routed with their SLA
as `ticketUpsert` does, a rerun and a resumed run that duplicate nothing, undo that keeps a ticket worked on since,
and FORBIDDEN for a role that may not write tickets."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select, update

from rapport.config import Settings
from rapport.core.db import Database
from rapport.core.ids import uuid7
from rapport.core.jobs import run_job
from rapport.identity.models import User
from rapport.integrations.imports import ticket_runner
from rapport.integrations.imports.models import ImportBatch
from rapport.support.models import Ticket, TicketComment, TicketEvent
from tests import factories
from tests.conftest import GraphQLClient
from tests.integrations.test_imports import BATCHES, FILES, PREVIEW, START, UNDO

pytestmark = pytest.mark.usefixtures("demo")

NAME = "tickets_gbk.csv"
COLUMNS = [
    {"header": "工单编号", "target": "externalId"},
    {"header": "客户编号", "target": "customerExternalId"},
    {"header": "标题", "target": "subject"},
    {"header": "问题描述", "target": "description"},
    {"header": "类别", "target": "category"},
    {"header": "优先级", "target": "priority"},
    {"header": "渠道", "target": "channel"},
]
#: The old help desk's "很急" is an urgent ticket.
VALUES = [{"target": "priority", "source": "很急", "value": "urgent"}]
IMPORTED = ["T-001", "T-002", "T-003"]


async def upload(client: httpx.AsyncClient) -> str:
    sent = await client.post(
        "/imports?kind=tickets",
        content=(FILES / NAME).read_bytes(),
        headers={"content-type": "text/csv", "x-filename": NAME},
    )
    assert sent.status_code == 201, sent.text
    return str(sent.json()["id"])


async def preview(gql: GraphQLClient, batch_id: str, values: list[dict[str, str]] = VALUES) -> dict[str, Any]:
    body = await gql(PREVIEW, {"i": {"batchId": batch_id, "sheet": NAME, "columns": COLUMNS, "values": values}})
    assert "errors" not in body, body
    return dict(body["data"]["importPreview"])


async def tickets(db: Database, keys: list[str]) -> list[Ticket]:
    async with db.read() as session:
        return list(
            await session.scalars(select(Ticket).where(Ticket.external_id.in_(keys)).order_by(Ticket.external_id))
        )


@pytest.fixture
async def admin(gql: GraphQLClient, db: Database) -> GraphQLClient:
    owner = await factories.principal(db, "manager@demo.example")
    await factories.customer(db, owner, "上海云杉贸易有限公司", external_id="C-001")
    await factories.customer(db, owner, "北京青松科技有限公司", external_id="C-002")
    await gql.login("admin@demo.example")
    return gql


async def imported(admin: GraphQLClient, client: httpx.AsyncClient, db: Database, settings: Settings) -> str:
    batch_id = await upload(client)
    await preview(admin, batch_id)
    assert (await admin(START, {"i": {"batchId": batch_id}}))["data"]["importStart"]["batch"]["status"] == "queued"
    await run_job("import-run", db, settings)
    return batch_id


async def test_the_preview_names_every_problem_by_row_and_column_and_writes_nothing(
    admin: GraphQLClient, client: httpx.AsyncClient, db: Database
) -> None:
    async with db.read() as session:
        before = await session.scalar(select(func.count()).select_from(Ticket))
    batch_id = await upload(client)
    shown = await admin(
        "query($b: ID!) { importFile(batchId: $b) { encoding sheets { rowCount suggested { header target } } } }",
        {"b": batch_id},
    )
    found = shown["data"]["importFile"]
    assert found["encoding"].lower() in ("gbk", "gb18030") and found["sheets"][0]["rowCount"] == 7
    assert [s["target"] for s in found["sheets"][0]["suggested"]] == [c["target"] for c in COLUMNS]
    result = await preview(admin, batch_id)
    assert result["counts"] == {"create": 3, "update": 0, "skip": 0, "conflict": 0, "reject": 4}
    problems = {r["row"]: [p["column"] for p in r["problems"]] for r in result["rows"]}
    assert problems == {5: ["客户编号"], 6: ["标题", "优先级", "渠道"], 7: ["工单编号", "类别"], 8: ["工单编号"]}
    duplicate = next(r for r in result["rows"] if r["row"] == 8)
    assert "2" in duplicate["problems"][0]["message"]  # names the row that has the external id first
    async with db.read() as session:
        assert await session.scalar(select(func.count()).select_from(Ticket)) == before
    unmapped = await preview(admin, batch_id, values=[])
    by_row = {r["row"]: r["problems"] for r in unmapped["rows"]}
    assert by_row[4][0]["column"] == "优先级" and "很急" in by_row[4][0]["message"]  # the value mapping decides
    assert unmapped["counts"]["reject"] == 5


async def test_tickets_link_to_customers_by_external_id_routed_with_their_sla(
    admin: GraphQLClient, client: httpx.AsyncClient, db: Database, settings: Settings
) -> None:
    batch_id = await imported(admin, client, db, settings)
    (batch,) = (await admin(BATCHES))["data"]["importBatches"]
    assert (batch["status"], batch["created"], batch["rejected"], batch["done"]) == ("done", 3, 4, 7)
    first, second, third = await tickets(db, IMPORTED)
    async with db.read() as session:
        from rapport.customers.models import Customer

        holders = dict((await session.execute(select(Customer.external_id, Customer.id))).all())
        created = await session.scalar(
            select(func.count())
            .select_from(TicketEvent)
            .where(TicketEvent.ticket_id == first.id, TicketEvent.kind == "created")
        )
    assert [t.customer_id for t in (first, second, third)] == [holders["C-001"], holders["C-002"], holders["C-001"]]
    assert [(t.priority, t.channel) for t in (first, second, third)] == [
        ("urgent", "phone"),
        ("low", "email"),
        ("urgent", "wechat"),
    ]
    assert (first.subject, first.description, second.description) == ("打印机无法连接", "三楼的打印机显示脱机", None)
    assert all(t.queue_id is not None and t.resolution_due_at is not None for t in (first, second, third))
    assert created == 1  # announced as the API announces a new ticket
    rejected = await client.get(f"/imports/{batch_id}/rejected")
    text = rejected.content.decode("utf-8")
    assert "C-404" in text and "信鸽" in text and "编号重复的工单" in text


async def test_a_rerun_of_the_same_file_duplicates_nothing(
    admin: GraphQLClient, client: httpx.AsyncClient, db: Database, settings: Settings
) -> None:
    await imported(admin, client, db, settings)
    before = {t.external_id: t.version for t in await tickets(db, IMPORTED)}
    again = await upload(client)
    counts = (await preview(admin, again))["counts"]
    assert (counts["create"], counts["update"], counts["skip"], counts["reject"]) == (0, 0, 3, 4)  # as the run says
    await admin(START, {"i": {"batchId": again}})
    await run_job("import-run", db, settings)
    latest = (await admin(BATCHES))["data"]["importBatches"][0]
    assert (latest["created"], latest["updated"], latest["skipped"], latest["rejected"]) == (0, 0, 3, 4)
    assert {t.external_id: t.version for t in await tickets(db, IMPORTED)} == before

    # A ticket changed since: the file would set its subject back, and the preview says so.
    async with db.write() as session:
        await session.execute(update(Ticket).where(Ticket.external_id == "T-002").values(subject="改过的标题"))
    result = await preview(admin, await upload(client))
    assert (result["counts"]["update"], result["counts"]["skip"]) == (1, 2), result["counts"]
    assert {r["row"]: r["action"] for r in result["rows"] if r["action"] != "REJECT"} == {
        2: "SKIP",
        3: "UPDATE",
        4: "SKIP",
    }


async def test_a_run_whose_worker_died_resumes_without_duplicates(
    admin: GraphQLClient, client: httpx.AsyncClient, db: Database, settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    batch_id = await upload(client)
    await preview(admin, batch_id)
    await admin(START, {"i": {"batchId": batch_id}})
    monkeypatch.setattr(ticket_runner, "CHUNK", 1)
    real_upsert, calls = ticket_runner.upsert_ticket, []

    async def dies_in_the_second(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        made = await real_upsert(*args, **kwargs)
        if len(calls) == 2:  # the second chunk's ticket was opened; its transaction never commits
            raise SystemExit("the worker was killed")
        return made

    monkeypatch.setattr(ticket_runner, "upsert_ticket", dies_in_the_second)
    with pytest.raises(SystemExit):
        await run_job("import-run", db, settings)
    assert [t.external_id for t in await tickets(db, IMPORTED)] == ["T-001"]
    monkeypatch.setattr(ticket_runner, "upsert_ticket", real_upsert)
    async with db.write() as session:
        await session.execute(update(ImportBatch).values(heartbeat_at=datetime.now(UTC) - timedelta(minutes=10)))
    await run_job("import-run", db, settings)
    (batch,) = (await admin(BATCHES))["data"]["importBatches"]
    assert (batch["status"], batch["created"], batch["rejected"], batch["done"]) == ("done", 3, 4, 7)
    assert [t.external_id for t in await tickets(db, [*IMPORTED, "T-004", "T-005"])] == IMPORTED


async def test_undo_removes_the_tickets_it_opened_but_one_worked_on_since(
    admin: GraphQLClient, client: httpx.AsyncClient, db: Database, settings: Settings
) -> None:
    batch_id = await imported(admin, client, db, settings)
    _, _, third = await tickets(db, IMPORTED)
    async with db.write() as session:  # an agent raises one of them and notes something on another meanwhile
        await session.execute(
            update(Ticket).where(Ticket.external_id == "T-002").values(priority="high", version=Ticket.version + 1)
        )
        agent = await session.scalar(select(User.id).where(User.email == "agent@demo.example"))
        session.add(TicketComment(id=uuid7(), ticket_id=third.id, author_id=agent, body="已联系客户", public=False,
                                  from_customer=False, created_at=datetime.now(UTC)))  # fmt: skip
    undone = (await admin(UNDO, {"i": {"batchId": batch_id}}))["data"]["importUndo"]
    assert (undone["batch"]["status"], undone["removed"], undone["restored"], undone["kept"]) == ("undone", 1, 0, 2)
    assert [t.external_id for t in await tickets(db, IMPORTED)] == ["T-002", "T-003"]
    again = (await admin(UNDO, {"i": {"batchId": batch_id}}))["data"]["importUndo"]
    assert again["userErrors"]


async def test_a_role_that_may_not_write_tickets_is_refused(
    gql: GraphQLClient, client: httpx.AsyncClient, db: Database
) -> None:
    await gql.login("manager@demo.example")  # managers import customers; tickets are not theirs to write
    batch_id = await upload(client)
    refused = await gql(PREVIEW, {"i": {"batchId": batch_id, "sheet": NAME, "columns": COLUMNS, "values": []}})
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert "Mutation.ticketUpsert" in refused["errors"][0]["message"]
    assert not await tickets(db, IMPORTED)


async def test_the_cli_imports_tickets_by_the_suggested_mapping_with_a_dry_run_first(
    admin: GraphQLClient, database_url: str, db: Database, tmp_path: Path
) -> None:
    from tests.test_cli import rapport

    env = {"DATABASE_URL": database_url}
    args = ("import", str(FILES / NAME), "--as", "admin@demo.example", "--kind", "tickets")
    dry = rapport(*args, "--dry-run", env=env)
    assert dry.returncode == 0, dry.stderr
    assert "create 2" in dry.stderr and "reject 5" in dry.stderr  # without the value mapping, 很急 is no priority
    assert not await tickets(db, IMPORTED)
    rejected = tmp_path / "rejected.csv"
    done = rapport(*args, "--rejected", str(rejected), env=env)
    assert done.returncode == 0, done.stderr
    assert "2 created" in done.stderr
    assert [t.external_id for t in await tickets(db, IMPORTED)] == ["T-001", "T-002"]
    assert "很急" in rejected.read_text(encoding="utf-8-sig")

"""Exports of lists: run as the user who asked (masks, row scope, filter), written safely, downloaded by them alone."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from python_calamine import CalamineWorkbook
from sqlalchemy import func, select, update

from rapport.config import Settings
from rapport.core.audit import AuditEntry
from rapport.core.db import Database
from rapport.core.jobs import run_job
from rapport.customers.service import ContactDraft
from rapport.integrations.exports.models import ExportFile
from rapport.integrations.exports.specs import ExportList
from tests import factories
from tests.conftest import GraphQLClient

pytestmark = pytest.mark.usefixtures("demo")

START = """
mutation Start($i: ExportStartInput!) {
  exportStart(input: $i) { export { id status list format } userErrors { field code message } }
}"""
MINE = "query { myExports { id status rows ready filename error } }"
PHONE = "+8613912345678"


@pytest.fixture
async def book(db: Database) -> dict[str, Any]:
    """Customers of two reps, one with a name a spreadsheet would run, one with many orders."""
    rep = await factories.principal(db, "rep@demo.example")
    other = await factories.principal(db, "rep2@demo.example")
    contacts = [ContactDraft("王芳", phones=[PHONE], emails=["wf@example.cn"], is_primary=True)]
    mine = await factories.customer(db, rep, '=HYPERLINK("http://evil.example")', grade="A", contacts=contacts)
    plain = await factories.customer(db, rep, "青松茶业", grade="B")
    theirs = await factories.customer(db, other, "别人的客户", grade="A")
    await factories.orders(
        db, mine.id, ["10.00"] * 150, start=datetime(2026, 1, 1, tzinfo=UTC), step=timedelta(hours=1)
    )
    return {"mine": mine, "plain": plain, "theirs": theirs}


async def export(
    gql: GraphQLClient, db: Database, settings: Settings, what: str, fmt: str, variables: dict[str, Any] | None = None
) -> str:
    body = await gql(START, {"i": {"list": what, "format": fmt, "variables": variables}})
    started = body["data"]["exportStart"]
    assert started["userErrors"] == [] and started["export"]["status"] == "queued", body
    await run_job("export-run", db, settings)
    return str(started["export"]["id"])


def xlsx_rows(content: bytes) -> list[list[Any]]:
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
    return [list(row) for row in workbook.get_sheet_by_index(0).to_python()]


def csv_rows(content: bytes) -> list[list[str]]:
    text = content.decode("utf-8")
    assert text.startswith("\ufeff")  # Excel reads UTF-8 with its byte order mark
    return list(csv.reader(io.StringIO(text[1:])))


async def test_a_rep_exports_their_own_filtered_customers_safely(
    gql: GraphQLClient, client: httpx.AsyncClient, db: Database, settings: Settings, book: dict[str, Any]
) -> None:
    await gql.login("rep@demo.example")
    export_id = await export(gql, db, settings, "CUSTOMERS", "XLSX", {"filter": {"grades": ["A"]}})
    mine = (await gql(MINE))["data"]["myExports"][0]
    assert mine["status"] == "done" and mine["ready"] and mine["rows"] == 1
    response = await client.get(f"/exports/{export_id}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
    rows = xlsx_rows(response.content)
    assert rows[0][:2] == ["External id", "Name"]
    # the other rep's grade A customer is not theirs; the name is a text cell, never a formula
    assert [r[1] for r in rows[1:]] == ['=HYPERLINK("http://evil.example")']
    with zipfile.ZipFile(io.BytesIO(response.content)) as book:
        assert b"<f>" not in book.read("xl/worksheets/sheet1.xml")
    async with db.read() as session:
        actions = (await session.scalars(select(AuditEntry.action).where(AuditEntry.entity_type == "Export"))).all()
    assert sorted(actions) == ["create", "done", "download"]


async def test_masked_fields_stay_masked_and_headers_speak_the_users_language(
    gql: GraphQLClient, client: httpx.AsyncClient, db: Database, settings: Settings, book: dict[str, Any]
) -> None:
    async with db.write() as session:
        analyst = factories.User.email == "analyst@demo.example"
        await session.execute(update(factories.User).where(analyst).values(locale="zh-CN"))
    await gql.login("analyst@demo.example")  # every customer, phones and emails masked
    export_id = await export(gql, db, settings, "CONTACTS", "CSV")
    rows = csv_rows((await client.get(f"/exports/{export_id}")).content)
    assert rows[0][:3] == ["客户外部编号", "客户", "姓名"]
    wang = next(r for r in rows if "王芳" in r)
    assert PHONE not in ",".join(wang) and "139****5678" in ",".join(wang)
    await gql.login("rep@demo.example")
    mine = await export(gql, db, settings, "CONTACTS", "CSV")
    wang = next(r for r in csv_rows((await client.get(f"/exports/{mine}")).content) if "王芳" in r)
    assert PHONE in ",".join(wang)
    assert '\'=HYPERLINK("http://evil.example")' in wang  # in CSV a formula-like cell starts with an apostrophe


async def test_orders_of_a_customer_are_exported_past_the_first_page(
    gql: GraphQLClient, client: httpx.AsyncClient, db: Database, settings: Settings, book: dict[str, Any]
) -> None:
    await gql.login("rep@demo.example")
    export_id = await export(gql, db, settings, "ORDERS", "CSV", {"search": "HYPERLINK"})
    rows = csv_rows((await client.get(f"/exports/{export_id}")).content)
    assert len(rows) == 1 + 150
    assert len({r[1] for r in rows[1:]}) == 150  # every order once


@pytest.mark.parametrize("what", [w.name for w in ExportList])
async def test_every_list_exports_for_an_admin(
    gql: GraphQLClient, client: httpx.AsyncClient, db: Database, settings: Settings, book: dict[str, Any], what: str
) -> None:
    await gql.login("admin@demo.example")
    export_id = await export(gql, db, settings, what, "XLSX")
    mine = (await gql(MINE))["data"]["myExports"][0]
    assert mine["status"] == "done", mine
    rows = xlsx_rows((await client.get(f"/exports/{export_id}")).content)
    assert len(rows) == 1 + mine["rows"] and all(isinstance(h, str) and h for h in rows[0])


async def test_nobody_else_downloads_an_export_and_bad_requests_queue_nothing(
    gql: GraphQLClient, client: httpx.AsyncClient, db: Database, settings: Settings, book: dict[str, Any]
) -> None:
    await gql.login("rep@demo.example")
    export_id = await export(gql, db, settings, "CUSTOMERS", "CSV")
    await gql.login("manager@demo.example")
    assert (await client.get(f"/exports/{export_id}")).status_code == 404
    client.cookies.clear()
    assert (await client.get(f"/exports/{export_id}")).status_code == 401
    await gql.login("rep@demo.example")
    unknown = await gql(START, {"i": {"list": "LEADS", "variables": {"search": "x"}}})
    assert unknown["data"]["exportStart"]["userErrors"][0]["field"] == "variables"
    invalid = await gql(START, {"i": {"list": "CUSTOMERS", "variables": {"filter": {"grades": ["Z"]}}}})
    assert invalid["data"]["exportStart"]["userErrors"][0]["field"] == "variables"
    await gql.login("agent@demo.example")  # may not read leads at all
    refused = await gql(START, {"i": {"list": "LEADS"}})
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    async with db.read() as session:
        assert await session.scalar(select(func.count()).select_from(ExportFile)) == 1


async def test_an_export_whose_worker_died_is_run_again_and_its_owner_notified(
    gql: GraphQLClient, db: Database, settings: Settings, book: dict[str, Any]
) -> None:
    await gql.login("rep@demo.example")
    body = await gql(START, {"i": {"list": "CUSTOMERS", "format": "CSV"}})
    assert body["data"]["exportStart"]["userErrors"] == []
    long_ago = datetime.now(UTC) - timedelta(minutes=10)
    async with db.write() as session:  # a worker took it, then died
        await session.execute(update(ExportFile).values(status="running", heartbeat_at=long_ago, rows=1))
    await run_job("export-run", db, settings)
    mine = (await gql(MINE))["data"]["myExports"][0]
    assert mine["status"] == "done" and mine["rows"] == 2
    notes = await gql("query { notifications(first: 5) { nodes { title } } }")
    assert any("2" in n["title"] for n in notes["data"]["notifications"]["nodes"])


async def test_a_data_subjects_erasure_takes_every_exported_file(
    gql: GraphQLClient, client: httpx.AsyncClient, db: Database, settings: Settings, book: dict[str, Any]
) -> None:
    from rapport.graphql.node import to_global_id

    await gql.login("rep@demo.example")
    export_id = await export(gql, db, settings, "CONTACTS", "CSV")
    assert (await client.get(f"/exports/{export_id}")).status_code == 200
    await gql.login("admin@demo.example")
    erased = await gql(
        "mutation($i: DataSubjectEraseInput!) { dataSubjectErase(input: $i) { userErrors { field message } } }",
        {"i": {"customerId": to_global_id("Customer", book["plain"].id), "confirmName": "青松茶业"}},
    )
    assert erased["data"]["dataSubjectErase"]["userErrors"] == [], erased
    await gql.login("rep@demo.example")
    assert (await client.get(f"/exports/{export_id}")).status_code == 404
    async with db.read() as session:
        assert await session.scalar(select(func.count()).select_from(ExportFile)) == 0


async def test_a_run_taken_over_by_another_worker_writes_nothing_when_it_wakes(
    gql: GraphQLClient, db: Database, settings: Settings, book: dict[str, Any]
) -> None:
    """A worker stalls past the heartbeat's limit, another takes the export over and finishes it; when the first
    wakes, its beat and its result are refused: one file, one audit entry, the second run's rows."""
    from rapport.integrations.exports import service

    await gql.login("rep@demo.example")
    assert (await gql(START, {"i": {"list": "CUSTOMERS", "format": "CSV"}}))["data"]["exportStart"]["userErrors"] == []
    now = datetime.now(UTC)
    stalled = await service._claim(db, now)
    assert stalled is not None
    assert await service.run_one(db, settings, now + timedelta(minutes=10))  # the second worker's run
    with pytest.raises(service._TakenOver):
        await service._beat(db, stalled, 1000)
    await service._finish(db, stalled, b"stale,content\r\n", 99, None)
    mine = (await gql(MINE))["data"]["myExports"][0]
    assert (mine["status"], mine["rows"]) == ("done", 2)
    async with db.read() as session:
        done = await session.scalar(
            select(func.count())
            .select_from(AuditEntry)
            .where(AuditEntry.entity_type == "Export", AuditEntry.action == "done")
        )
    assert done == 1

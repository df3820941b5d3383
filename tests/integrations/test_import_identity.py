"""Which customer a row of an import file is: the same answer in the preview and in the run, whether the rows it
joins were written in an earlier chunk or not, and a row whose keys name two customers is a conflict."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import select

from rapport.config import Settings
from rapport.core.db import Database
from rapport.core.jobs import run_job
from rapport.customers import imports as customer_imports
from rapport.customers.models import Contact, Customer
from rapport.integrations.imports import runner
from tests.conftest import GraphQLClient
from tests.integrations.test_imports import BATCHES, START, _existing, preview

pytestmark = pytest.mark.usefixtures("demo")

FILE = (
    "编号,名称,联系人,手机\n"
    "K-9,乙方科技有限公司,李四,13800001111\n"
    "K-9,乙方科技有限公司,李四,13912345678\n"  # the same customer by its id, an existing one's phone: which?
    "K-10,丙方物流有限公司,赵六,13800002222\n"
    "K-11,丙方物流有限公司,赵六,13800002222\n"  # a new id, but an earlier row's phone (as in the database: joins)
)
COLUMNS = [
    {"header": "编号", "target": "externalId"}, {"header": "名称", "target": "name"},
    {"header": "联系人", "target": "contactName"}, {"header": "手机", "target": "contactPhone"},
]  # fmt: skip


@pytest.mark.parametrize("chunk", [500, 1])
async def test_a_row_whose_keys_name_two_customers_is_a_conflict_however_the_file_is_cut(
    gql: GraphQLClient, client: httpx.AsyncClient, db: Database, settings: Settings,
    monkeypatch: pytest.MonkeyPatch, chunk: int,
) -> None:  # fmt: skip
    existing = await _existing(db)  # 云杉商贸, phone 13912345678
    await gql.login("manager@demo.example")
    response = await client.post("/imports", content=FILE.encode(), headers={"content-type": "text/csv"})
    batch_id = response.json()["id"]
    shown = await preview(gql, batch_id, sheet="upload", columns=COLUMNS, values=[], strategy="MERGE")
    assert shown["counts"] == {"create": 2, "update": 1, "skip": 0, "conflict": 1, "reject": 0}
    assert [r["row"] for r in shown["rows"] if r["action"] == "CONFLICT"] == [3]
    monkeypatch.setattr(runner, "CHUNK", chunk)  # one row per transaction: earlier rows are in the database
    await gql(START, {"i": {"batchId": batch_id}})
    await run_job("import-run", db, settings)
    (batch,) = (await gql(BATCHES))["data"]["importBatches"]
    assert (batch["created"], batch["updated"], batch["rejected"]) == (2, 1, 1)
    async with db.read() as session:
        theirs = (await session.scalars(select(Contact).where(Contact.customer_id == existing.id))).one()
        new = (await session.scalars(select(Customer).where(Customer.external_id == "K-9"))).one()
        its = (await session.scalars(select(Contact).where(Contact.customer_id == new.id))).one()
        dropped = await session.scalar(select(Customer.id).where(Customer.external_id == "K-11"))
    phones = customer_imports.decrypt_list(theirs.phones_enc, table="contact", column="phones", row_id=theirs.id)
    assert phones == ["+8613912345678"]  # the existing customer was not given row 3's contact
    mine = customer_imports.decrypt_list(its.phones_enc, table="contact", column="phones", row_id=its.id)
    assert mine == ["+8613800001111"] and dropped is None


async def test_nul_characters_in_a_file_are_dropped_not_fatal(
    gql: GraphQLClient, client: httpx.AsyncClient, db: Database, settings: Settings
) -> None:
    """A NUL in a cell (an old system's export) cannot reach PostgreSQL text: the reader drops it, and the row is
    imported instead of failing its chunk."""
    await gql.login("manager@demo.example")
    text = "编号,名称,联系人,手机\nK-20,戊方\x00贸易有限公司,孙\x00八,13800003333\n"
    response = await client.post("/imports", content=text.encode(), headers={"content-type": "text/csv"})
    batch_id = response.json()["id"]
    shown = await preview(gql, batch_id, sheet="upload", columns=COLUMNS, values=[], strategy="MERGE")
    assert shown["counts"]["create"] == 1
    await gql(START, {"i": {"batchId": batch_id}})
    await run_job("import-run", db, settings)
    (batch,) = (await gql(BATCHES))["data"]["importBatches"]
    assert (batch["status"], batch["created"]) == ("done", 1)
    async with db.read() as session:
        assert await session.scalar(select(Customer.name).where(Customer.external_id == "K-20")) == "戊方贸易有限公司"

"""Importing customers from real files: upload, map, preview (nothing written), run, rejected rows, duplicate
strategies, a crash mid-run that resumes without duplicates, and undo that restores the previous state."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select, update
from sqlalchemy.orm import undefer

from rapport.config import Settings
from rapport.core.db import Database
from rapport.core.jobs import run_job
from rapport.customers import imports as customer_imports
from rapport.customers.models import Contact, Customer
from rapport.customers.service import ContactDraft
from rapport.graphql.node import from_global_id
from rapport.integrations.imports import runner
from rapport.integrations.imports.models import ImportBatch
from tests import factories
from tests.authz.test_policy_admin import restore_policy  # noqa: F401 - a fixture of this module's tests
from tests.conftest import GraphQLClient

pytestmark = pytest.mark.usefixtures("demo")

FILES = Path(__file__).with_name("files")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
COLUMNS = [
    {"header": "客户编号", "target": "externalId"},
    {"header": "客户名称", "target": "name"},
    {"header": "客户等级", "target": "grade"},
    {"header": "联系人", "target": "contactName"},
    {"header": "联系人手机", "target": "contactPhone"},
    {"header": "邮箱", "target": "contactEmail"},
    {"header": "省份", "target": "province"},
    {"header": "标签", "target": "tags"},
]
GRADES = [
    {"target": "grade", "source": "重要客户", "value": "A"},
    {"target": "grade", "source": "普通客户", "value": "C"},
    {"target": "grade", "source": "VIP", "value": "A"},
]
PREVIEW = """
mutation Preview($i: ImportPreviewInput!) {
  importPreview(input: $i) {
    batch { id status total }
    counts { create update skip conflict reject }
    rows { row action matchKey matchValue matchedRow reason problems { column message } }
    userErrors { field message }
  }
}"""
START = "mutation($i: ImportBatchInput!) { importStart(input: $i) { batch { status } userErrors { message } } }"
UNDO = (
    "mutation($i: ImportBatchInput!) { importUndo(input: $i) { batch { status } removed restored kept "
    "userErrors { message } } }"
)
BATCHES = "query { importBatches { id status total done created updated skipped rejected undoUntil } }"


async def upload(client: httpx.AsyncClient, name: str, content_type: str = XLSX) -> httpx.Response:
    return await client.post(
        "/imports", content=(FILES / name).read_bytes(), headers={"content-type": content_type, "x-filename": name}
    )


async def customers(db: Database, *where: Any) -> int:
    async with db.read() as session:
        return int(await session.scalar(select(func.count()).select_from(Customer).where(*where)) or 0)


async def preview(gql: GraphQLClient, batch_id: str, **options: Any) -> dict[str, Any]:
    variables = {"batchId": batch_id, "sheet": options.pop("sheet", "客户"), "columns": COLUMNS, "values": GRADES}
    body = await gql(PREVIEW, {"i": {**variables, **options}})
    assert "errors" not in body, body
    return dict(body["data"]["importPreview"])


@pytest.fixture
async def manager(gql: GraphQLClient) -> GraphQLClient:
    await gql.login("manager@demo.example")
    return gql


async def test_a_file_is_previewed_row_by_row_and_nothing_is_written(
    manager: GraphQLClient, client: httpx.AsyncClient, db: Database
) -> None:
    before = await customers(db)
    uploaded = await upload(client, "customers.xlsx")
    assert uploaded.status_code == 201, uploaded.text
    batch_id = uploaded.json()["id"]
    shown = await manager(
        "query($b: ID!) { importFile(batchId: $b) { sheets { name rowCount suggested { header target } } } }",
        {"b": batch_id},
    )
    sheet = shown["data"]["importFile"]["sheets"][0]
    assert sheet["rowCount"] == 4 and {"header": "联系人手机", "target": "contactPhone"} in sheet["suggested"]
    result = await preview(manager, batch_id)
    assert result["counts"] == {"create": 3, "update": 0, "skip": 0, "conflict": 0, "reject": 1}
    (rejected,) = result["rows"]
    assert rejected["row"] == 4 and rejected["action"] == "REJECT"
    assert rejected["problems"][0]["column"] == "客户名称"
    assert await customers(db) == before
    unmapped = await preview(manager, batch_id, values=[])
    grades = [p for r in unmapped["rows"] for p in r["problems"] if p["column"] == "客户等级"]
    assert len(grades) == 4 and "重要客户" in grades[0]["message"]  # every problem, by row and column


@pytest.mark.parametrize(("name", "content_type", "sheet"), [
    ("customers_utf8.csv", "text/csv", "customers_utf8.csv"),
    ("customers_gbk.csv", "text/csv", "customers_gbk.csv"),
    ("customers.xlsx", XLSX, "客户"),
])  # fmt: skip
async def test_a_run_imports_each_kind_of_file_and_reports_the_rejected_rows(
    manager: GraphQLClient, client: httpx.AsyncClient, db: Database, settings: Settings, name: str,
    content_type: str, sheet: str,
) -> None:  # fmt: skip
    batch_id = (await upload(client, name, content_type)).json()["id"]
    await preview(manager, batch_id, sheet=sheet)
    assert (await manager(START, {"i": {"batchId": batch_id}}))["data"]["importStart"]["batch"]["status"] == "queued"
    await run_job("import-run", db, settings)
    (batch,) = (await manager(BATCHES))["data"]["importBatches"]
    assert (batch["status"], batch["created"], batch["rejected"], batch["done"]) == ("done", 3, 1, 4)
    async with db.read() as session:
        yunshan = (await session.scalars(select(Customer).where(Customer.external_id == "K-001"))).one()
        contacts = (await session.scalars(select(Contact).where(Contact.customer_id == yunshan.id))).all()
    assert (yunshan.name, yunshan.grade, yunshan.province) == ("上海云杉贸易有限公司", "A", "上海市")
    assert [c.name for c in contacts] == ["王芳"]
    rejected = await client.get(f"/imports/{batch_id}/rejected")
    rows = list(csv.reader(io.StringIO(rejected.content.decode("utf-8").lstrip("\ufeff"))))
    assert rows[1][0] == "4" and rows[1][1] == "K-003" and "客户名称" in rows[1][-1]


async def _existing(db: Database) -> Customer:
    owner = await factories.principal(db, "manager@demo.example")
    contact = ContactDraft("王芳", phones=["13912345678"], is_primary=True)
    return await factories.customer(db, owner, "云杉商贸", grade="C", contacts=[contact], tags=["已有"])


@pytest.mark.parametrize(("strategy", "grade", "industry_filled", "contacts", "tags"), [
    ("SKIP", "C", False, 1, {"已有"}),
    ("UPDATE_EMPTY", "C", True, 1, {"已有"}),
    ("UPDATE_ALL", "A", True, 1, {"已有"}),
    ("MERGE", "C", True, 1, {"已有", "老客户"}),
])  # fmt: skip
async def test_each_duplicate_strategy_and_undo_restores_the_matched_customer(
    manager: GraphQLClient, client: httpx.AsyncClient, db: Database, settings: Settings,
    strategy: str, grade: str, industry_filled: bool, contacts: int, tags: set[str],
) -> None:  # fmt: skip
    existing = await _existing(db)
    batch_id = (await upload(client, "customers.xlsx")).json()["id"]
    columns = [*COLUMNS[:6], {"header": "省份", "target": "industry"}, COLUMNS[7]]  # the province lands in industry
    result = await preview(manager, batch_id, columns=columns, strategy=strategy)
    matched = next(r for r in result["rows"] if r["row"] == 2)
    assert (matched["matchKey"], matched["matchValue"]) == ("phone", "+8613912345678")
    await manager(START, {"i": {"batchId": batch_id}})
    await run_job("import-run", db, settings)
    async with db.read() as session:
        after = await session.get(Customer, existing.id)
        assert after is not None
        count = await session.scalar(
            select(func.count()).select_from(Contact).where(Contact.customer_id == existing.id)
        )
        names = set((await session.scalars(customer_imports.tag_names(existing.id))).all())
    assert (after.grade, after.industry is not None, count, names) == (grade, industry_filled, contacts, tags)
    undone = (await manager(UNDO, {"i": {"batchId": batch_id}}))["data"]["importUndo"]
    assert undone["batch"]["status"] == "undone" and undone["kept"] == 0
    async with db.read() as session:
        restored = await session.get(Customer, existing.id)
        assert restored is not None
        names = set((await session.scalars(customer_imports.tag_names(existing.id))).all())
    assert (restored.grade, restored.industry, names) == ("C", None, {"已有"})
    assert await customers(db, Customer.external_id.in_(["K-002", "K-004"])) == 0


async def test_undo_keeps_what_was_changed_since(
    manager: GraphQLClient, client: httpx.AsyncClient, db: Database, settings: Settings
) -> None:
    batch_id = (await upload(client, "customers.xlsx")).json()["id"]
    await preview(manager, batch_id)
    await manager(START, {"i": {"batchId": batch_id}})
    await run_job("import-run", db, settings)
    async with db.write() as session:  # someone works on one of them
        await session.execute(update(Customer).where(Customer.external_id == "K-002").values(grade="B", version=2))
    undone = (await manager(UNDO, {"i": {"batchId": batch_id}}))["data"]["importUndo"]
    assert (undone["removed"], undone["kept"]) == (2, 1)
    assert await customers(db, Customer.external_id.in_(["K-001", "K-002", "K-004"])) == 1
    again = (await manager(UNDO, {"i": {"batchId": batch_id}}))["data"]["importUndo"]
    assert again["userErrors"]


async def test_a_run_whose_worker_died_resumes_without_duplicates(
    manager: GraphQLClient, client: httpx.AsyncClient, db: Database, settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    batch_id = (await upload(client, "customers.xlsx")).json()["id"]
    await preview(manager, batch_id)
    await manager(START, {"i": {"batchId": batch_id}})
    monkeypatch.setattr(runner, "CHUNK", 1)
    real_create, calls = runner.create_many, []

    async def dies_in_the_third(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        made = await real_create(*args, **kwargs)
        if len(calls) == 3:  # the third chunk's customer was inserted; its transaction never commits
            raise SystemExit("the worker was killed")
        return made

    monkeypatch.setattr(runner, "create_many", dies_in_the_third)
    with pytest.raises(SystemExit):
        await run_job("import-run", db, settings)
    assert await customers(db, Customer.external_id.is_not(None)) == 2
    monkeypatch.setattr(runner, "create_many", real_create)
    await run_job("import-run", db, settings)  # still "running", but its heartbeat is fresh: not taken yet
    assert await customers(db, Customer.external_id.is_not(None)) == 2
    async with db.write() as session:
        stale = datetime.now(UTC) - timedelta(minutes=10)
        await session.execute(update(ImportBatch).values(heartbeat_at=stale))
    await run_job("import-run", db, settings)
    (batch,) = (await manager(BATCHES))["data"]["importBatches"]
    assert (batch["status"], batch["created"], batch["rejected"], batch["done"]) == ("done", 3, 1, 4)
    assert await customers(db, Customer.external_id.is_not(None)) == 3


async def test_rows_of_one_file_that_share_a_phone_become_one_customer(
    manager: GraphQLClient, client: httpx.AsyncClient, db: Database, settings: Settings
) -> None:
    text = "名称,联系人,手机,邮箱\n甲公司,张三,13911112222,a@example.cn\n甲公司（华东）,张三,13911112222,b@example.cn\n"
    response = await client.post("/imports", content=text.encode(), headers={"content-type": "text/csv"})
    batch_id = response.json()["id"]
    columns = [
        {"header": "名称", "target": "name"}, {"header": "联系人", "target": "contactName"},
        {"header": "手机", "target": "contactPhone"}, {"header": "邮箱", "target": "contactEmail"},
    ]  # fmt: skip
    result = await preview(manager, batch_id, sheet="upload", columns=columns, values=[], strategy="MERGE")
    assert result["counts"]["create"] == 1 and result["rows"][0]["matchedRow"] == 2
    await manager(START, {"i": {"batchId": batch_id}})
    await run_job("import-run", db, settings)
    assert await customers(db, Customer.name.like("甲公司%")) == 1
    async with db.read() as session:
        contact = (await session.scalars(select(Contact).join(Customer).where(Customer.name == "甲公司"))).one()
        emails = customer_imports.decrypt_list(contact.emails_enc, table="contact", column="emails", row_id=contact.id)
    assert sorted(emails) == ["a@example.cn", "b@example.cn"]  # one customer's contact details merged


async def test_who_may_upload_and_how(gql: GraphQLClient, client: httpx.AsyncClient) -> None:
    assert (await upload(client, "customers.xlsx")).status_code == 401
    await gql.login("rep@demo.example")
    assert (await upload(client, "customers.xlsx")).status_code == 403
    await gql.login("manager@demo.example")
    # a form post (what a page on another site can make a browser send) is refused
    assert (await upload(client, "customers.xlsx", "multipart/form-data; boundary=x")).status_code == 415
    bad = await client.post("/imports", content=b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64,
                            headers={"content-type": "application/octet-stream", "x-filename": "old.xls"})  # fmt: skip
    assert bad.status_code == 400 and ".xlsx" in bad.json()["error"]


async def test_a_mapping_is_saved_as_a_template_and_reused(manager: GraphQLClient) -> None:
    save = (
        "mutation($i: ImportTemplateInput!) { importTemplateSave(input: $i) { template { id name columns { header target } "
        "values { target source value } } userErrors { message } } }"
    )
    first = await manager(save, {"i": {"name": "旧CRM", "columns": COLUMNS, "values": GRADES}})
    again = await manager(save, {"i": {"name": "旧CRM", "columns": COLUMNS[:2], "values": []}})
    templates = (await manager("query { importTemplates { id name columns { header } values { value } } }"))["data"]
    assert [t["name"] for t in templates["importTemplates"]] == ["旧CRM"]
    assert len(templates["importTemplates"][0]["columns"]) == 2  # the same name replaces it
    assert (
        first["data"]["importTemplateSave"]["template"]["id"] == again["data"]["importTemplateSave"]["template"]["id"]
    )
    orders = {"name": "旧CRM", "kind": "ORDERS", "columns": [{"header": "单号", "target": "externalId"}]}
    await manager(save, {"i": orders})  # the same name for another kind is another template
    kinds = (await manager("query { importTemplates { name kind } }"))["data"]["importTemplates"]
    assert sorted(t["kind"] for t in kinds) == ["customers", "orders"]
    template_id = first["data"]["importTemplateSave"]["template"]["id"]
    deleted = await manager(
        "mutation($i: ImportTemplateDeleteInput!) { importTemplateDelete(input: $i) }", {"i": {"id": template_id}}
    )
    assert deleted["data"]["importTemplateDelete"] is True
    assert from_global_id(template_id)[0] == "ImportTemplate"


async def test_the_cli_imports_a_file_by_a_template_with_a_dry_run_first(
    manager: GraphQLClient, database_url: str, db: Database, tmp_path: Path
) -> None:
    from tests.test_cli import rapport

    save = "mutation($i: ImportTemplateInput!) { importTemplateSave(input: $i) { template { id } } }"
    await manager(save, {"i": {"name": "旧CRM", "columns": COLUMNS, "values": GRADES}})
    env = {"DATABASE_URL": database_url}
    args = ("import", str(FILES / "customers_gbk.csv"), "--as", "manager@demo.example", "--template", "旧CRM")
    dry = rapport(*args, "--dry-run", env=env)
    assert dry.returncode == 0, dry.stderr
    assert "create 3" in dry.stderr and "reject 1" in dry.stderr and "nothing was written" in dry.stderr
    assert await customers(db, Customer.external_id.is_not(None)) == 0
    rejected = tmp_path / "rejected.csv"
    done = rapport(*args, "--rejected", str(rejected), env=env)
    assert done.returncode == 0, done.stderr
    assert "3 created" in done.stderr
    assert await customers(db, Customer.external_id.in_(["K-001", "K-002", "K-004"])) == 3
    assert "K-003" in rejected.read_text(encoding="utf-8-sig")
    unknown = rapport(
        "import", str(FILES / "customers.xlsx"), "--as", "manager@demo.example", "--template", "无", env=env
    )
    assert unknown.returncode == 2 and "无" in unknown.stderr


ORDER_COLUMNS = [
    {"header": "订单编号", "target": "externalId"},
    {"header": "客户编号", "target": "customerExternalId"},
    {"header": "下单日期", "target": "orderedAt"},
    {"header": "状态", "target": "status"},
    {"header": "商品编码", "target": "sku"},
    {"header": "数量", "target": "quantity"},
    {"header": "金额", "target": "totalAmount"},
]


async def test_orders_link_to_customers_imported_earlier_and_lines_group_by_order(
    gql: GraphQLClient, client: httpx.AsyncClient, db: Database, settings: Settings
) -> None:
    from rapport.core.ids import uuid7
    from rapport.customers.models import Order, OrderLine, Product

    await gql.login("admin@demo.example")
    customers_batch = (await upload(client, "customers.xlsx")).json()["id"]
    await preview(gql, customers_batch)
    await gql(START, {"i": {"batchId": customers_batch}})
    await run_job("import-run", db, settings)
    now = datetime.now(UTC)
    async with db.write() as session:
        session.add(Product(id=uuid7(), version=1, created_at=now, updated_at=now, sku="P-1", name="茶", unit_price=10))
    text = (
        "订单编号,客户编号,下单日期,状态,商品编码,数量,金额\n"
        "SO-1,K-001,2026/3/1 10:30,已完成,P-1,2,\n"
        "SO-1,K-001,2026/3/1 10:30,已完成,P-1,1,\n"
        "SO-2,K-404,2026-03-02,已付款,,,99.5\n"
        "SO-3,K-002,昨天,已付款,,,5\n"
        "SO-4,K-002,2026年3月3日,已发货,NOPE,1,\n"
    )
    uploaded = await client.post("/imports?kind=orders", content=text.encode(), headers={"content-type": "text/csv"})
    batch_id = uploaded.json()["id"]
    result = (
        await gql(PREVIEW, {"i": {"batchId": batch_id, "sheet": "upload", "columns": ORDER_COLUMNS, "values": []}})
    )["data"]["importPreview"]
    assert result["counts"] == {"create": 2, "update": 0, "skip": 0, "conflict": 0, "reject": 2}, result
    problems = {r["row"]: [p["column"] for p in r["problems"]] for r in result["rows"]}
    assert problems == {4: ["客户编号"], 5: ["下单日期"]}
    await gql(START, {"i": {"batchId": batch_id}})
    await run_job("import-run", db, settings)
    (batch, _) = (await gql(BATCHES))["data"]["importBatches"]
    assert (batch["status"], batch["created"], batch["rejected"], batch["done"]) == ("done", 1, 3, 5)
    async with db.read() as session:
        order = (await session.scalars(select(Order).where(Order.external_id == "SO-1"))).one()
        lines = (await session.scalars(select(OrderLine).where(OrderLine.order_id == order.id))).all()
    assert (order.status, order.total_amount, sorted(line.quantity for line in lines)) == ("completed", 30, [1, 2])
    assert order.ordered_at == datetime(2026, 3, 1, 2, 30, tzinfo=UTC)  # China time, stored in UTC
    rejected = await client.get(f"/imports/{batch_id}/rejected")
    assert "NOPE" in rejected.content.decode("utf-8")  # the order service's own check, in its column

    # The same file again: the preview says what the run does, SO-1 is left as it is (skipped, not updated).
    again = await client.post("/imports?kind=orders", content=text.encode(), headers={"content-type": "text/csv"})
    again_id = again.json()["id"]
    chosen = {"sheet": "upload", "columns": ORDER_COLUMNS}
    result = (await gql(PREVIEW, {"i": {"batchId": again_id, **chosen}}))["data"]["importPreview"]
    assert result["counts"] == {"create": 1, "update": 0, "skip": 1, "conflict": 0, "reject": 2}, result
    await gql(START, {"i": {"batchId": again_id}})
    await run_job("import-run", db, settings)
    latest = (await gql(BATCHES))["data"]["importBatches"][0]
    assert (latest["created"], latest["updated"], latest["skipped"], latest["rejected"]) == (0, 0, 1, 3)
    # Another amount for SO-1: the preview says it would be updated.
    changed = text.replace("SO-1,K-001,2026/3/1 10:30,已完成,P-1,2,", "SO-1,K-001,2026/3/1 10:30,已完成,P-1,2,31")
    other = await client.post("/imports?kind=orders", content=changed.encode(), headers={"content-type": "text/csv"})
    result = (await gql(PREVIEW, {"i": {"batchId": other.json()["id"], **chosen}}))["data"]["importPreview"]
    assert (result["counts"]["update"], result["counts"]["skip"]) == (1, 0), result
    undone = (await gql(UNDO, {"i": {"batchId": batch_id}}))["data"]["importUndo"]
    assert (undone["removed"], undone["kept"]) == (1, 0)
    async with db.read() as session:
        assert await session.scalar(select(func.count()).select_from(Order).where(Order.external_id == "SO-1")) == 0
    await gql.login("manager@demo.example")  # managers may import customers, not write orders
    again = await client.post("/imports?kind=orders", content=text.encode(), headers={"content-type": "text/csv"})
    refused = await gql(PREVIEW, {"i": {"batchId": again.json()["id"], "sheet": "upload", "columns": ORDER_COLUMNS}})
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_undo_keeps_customers_whose_contacts_or_tags_changed_since(
    manager: GraphQLClient, client: httpx.AsyncClient, db: Database, settings: Settings
) -> None:
    batch_id = (await upload(client, "customers.xlsx")).json()["id"]
    await preview(manager, batch_id)
    await manager(START, {"i": {"batchId": batch_id}})
    await run_job("import-run", db, settings)
    async with db.read() as session:
        ids = dict((await session.execute(select(Customer.external_id, Customer.id))).all())
    add = "mutation($i: ContactCreateInput!) { contactCreate(input: $i) { contact { id } userErrors { message } } }"
    from rapport.graphql.node import to_global_id

    added = await manager(add, {"i": {"customerId": to_global_id("Customer", ids["K-001"]), "name": "后来的联系人"}})
    assert added["data"]["contactCreate"]["userErrors"] == []
    tag = "mutation($i: CustomerTagInput!) { customerTag(input: $i) { userErrors { message } } }"
    await manager(tag, {"i": {"customerId": to_global_id("Customer", ids["K-002"]), "tags": ["跟进中"]}})
    undone = (await manager(UNDO, {"i": {"batchId": batch_id}}))["data"]["importUndo"]
    assert (undone["removed"], undone["kept"]) == (1, 2)
    assert await customers(db, Customer.external_id.in_(["K-001", "K-002"])) == 2
    async with db.read() as session:
        names = (await session.scalars(select(Contact.name).where(Contact.customer_id == ids["K-001"]))).all()
    assert "后来的联系人" in names


@pytest.mark.usefixtures("restore_policy")
async def test_a_right_taken_away_after_the_preview_stops_the_start_and_the_run(
    gql: GraphQLClient, client: httpx.AsyncClient, db: Database
) -> None:
    from tests.authz.test_policy_admin import SET

    await gql.login("manager@demo.example")
    batch_id = (await upload(client, "customers.xlsx")).json()["id"]
    await preview(gql, batch_id)
    await gql.login("admin@demo.example")
    for role in ("sales_manager", "sales_rep"):  # managers inherit the rep's access
        revoke = {"role": role, "type": "Contact", "field": "phones", "access": "READ"}
        assert (await gql(SET, {"i": revoke}))["data"]["permissionSet"]["userErrors"] == []
    await gql.login("manager@demo.example")
    refused = await gql(START, {"i": {"batchId": batch_id}})
    assert (
        refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
        and "Contact.phones" in refused["errors"][0]["message"]
    )
    assert await customers(db, Customer.external_id.is_not(None)) == 0


async def test_uploads_and_undo_records_are_forgotten_once_an_import_can_no_longer_be_undone(
    manager: GraphQLClient, client: httpx.AsyncClient, db: Database, settings: Settings
) -> None:
    batch_id = (await upload(client, "customers.xlsx")).json()["id"]
    never_run = (await upload(client, "customers_utf8.csv", "text/csv")).json()["id"]
    await preview(manager, batch_id)
    await manager(START, {"i": {"batchId": batch_id}})
    await run_job("import-run", db, settings)
    await run_job("import-purge", db, settings)
    async with db.read() as session:
        kept = await session.get(ImportBatch, from_global_id(batch_id)[1], options=[undefer(ImportBatch.file_enc)])
        assert kept is not None and kept.file_enc is not None  # still undoable: the file stays
    later = datetime.now(UTC) + timedelta(days=8)
    result = await run_job("import-purge", db, settings, later)
    assert result["files_dropped"] == 1 and result["unused"] == 1
    async with db.read() as session:
        done = await session.get(ImportBatch, from_global_id(batch_id)[1], options=[undefer(ImportBatch.file_enc)])
        assert done is not None and done.file_enc is None
        assert await session.get(ImportBatch, from_global_id(never_run)[1]) is None
    assert (await manager(BATCHES))["data"]["importBatches"][0]["status"] == "done"  # the summary stays

"""Imports in a browser: a sales manager uploads a real XLSX (sheets 客户 and 订单) on the import page, keeps the
suggested columns, maps the old system's grades, previews 3 creates and 1 reject (its problem under 客户名称), runs
it as the import-run job does, downloads the rejected row, finds the customers in the list and undoes the import;
the page at phone width. An administrator imports customers, then an orders CSV naming them by external id: no
duplicates step, rows of one order number make one order, an unknown customer's order is rejected."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from playwright.async_api import Page, expect
from sqlalchemy import func, select

from rapport.assembly import install
from rapport.config import Settings
from rapport.core.db import Database
from rapport.core.jobs import run_job
from tests.conftest import ROOT
from tests.e2e.conftest import choose_option, network_quiet, screenshot_path
from tests.e2e.test_admin import sign_in
from tests.e2e.test_exports import settled_motion

WORKBOOK = ROOT / "tests" / "integrations" / "files" / "customers.xlsx"
IMPORTED = ["上海云杉贸易有限公司", "杭州青松茶业", "北京百川科技"]
GRADES = {"重要客户": "A 级", "普通客户": "C 级", "VIP": "A 级"}


async def test_a_manager_imports_customers_from_xlsx_previews_runs_and_undoes(
    page: Page, demo: dict[str, Any], db: Database, settings: Settings
) -> None:
    install()  # the jobs of every manifest
    await sign_in(page, "manager@demo.example")
    await page.goto("/customers")
    await page.get_by_test_id("customers-import").click()
    await expect(page).to_have_url(re.compile(r"/customers/import$"))
    wizard = page.get_by_test_id("import-wizard")
    await expect(page.get_by_test_id("import-batches-empty")).to_be_visible()

    # 1. Upload through the page's own file input.
    async with page.expect_request(
        lambda r: r.url.endswith("/imports?kind=customers") and r.method == "POST"
    ) as uploading:
        await page.locator("input[type=file]").set_input_files(WORKBOOK)
    sent = await uploading.value
    headers = await sent.all_headers()
    assert headers["content-type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert headers["x-filename"] == "customers.xlsx"

    # 2. Both sheets, 客户 chosen; its first rows shown.
    await expect(wizard).to_have_attribute("data-step", "sheet")
    sheets = page.get_by_test_id("import-sheets")
    await expect(sheets.get_by_role("radio")).to_have_count(2)
    await expect(sheets.get_by_role("radio", name=re.compile("^客户"))).to_be_checked()
    await expect(page.get_by_test_id("import-detected")).to_contain_text("Excel 工作簿")
    await expect(page.get_by_test_id("import-sample")).to_contain_text("上海云杉贸易有限公司")
    await page.get_by_test_id("import-next").click()

    # 3. The suggested columns, kept as they are.
    await expect(wizard).to_have_attribute("data-step", "columns")
    expected = {
        "客户编号": "外部编号",
        "客户名称": "客户名称",
        "客户等级": "客户等级",
        "联系人手机": "联系人电话",
        "邮箱": "联系人邮箱",
        "标签": "标签",
    }
    for header, field in expected.items():
        row = page.locator(f"[data-testid=import-column][data-header='{header}']")
        await expect(row.get_by_test_id("import-column-target")).to_contain_text(field)
    await page.screenshot(path=screenshot_path("import-columns"), full_page=True)
    await page.get_by_test_id("import-next").click()

    # 4. The old grades mapped.
    await expect(wizard).to_have_attribute("data-step", "values")
    grades = page.locator("[data-testid=import-values-target][data-target=grade]")
    await expect(grades.get_by_test_id("import-value")).to_have_count(3)
    for source, grade in GRADES.items():
        await choose_option(
            page,
            grades.locator(f"[data-testid=import-value][data-source='{source}']").get_by_test_id("import-value-select"),
            grade,
        )
    await page.get_by_test_id("import-next").click()

    # 5. Duplicates: skip unless chosen otherwise.
    await expect(wizard).to_have_attribute("data-step", "duplicates")
    await expect(page.get_by_test_id("import-strategy").get_by_role("radio", name=re.compile("^跳过"))).to_be_checked()
    async with page.expect_request(lambda r: "ImportPreview" in (r.post_data or "")) as previewing:
        await page.get_by_test_id("import-next").click()
    body = (await previewing.value).post_data_json
    assert body is not None
    sent_input = body["variables"]["input"]
    assert sent_input["sheet"] == "客户" and sent_input["strategy"] == "SKIP"
    assert sorted((v["source"], v["value"]) for v in sent_input["values"]) == [
        ("VIP", "A"),
        ("普通客户", "C"),
        ("重要客户", "A"),
    ]

    # 6. Preview: 3 create, 1 reject, the reject's problem under its column.
    await expect(wizard).to_have_attribute("data-step", "preview")
    await expect(page.get_by_test_id("import-count-create")).to_contain_text("3")
    await expect(page.get_by_test_id("import-count-reject")).to_contain_text("1")
    rejected = page.locator("[data-testid=import-preview-row][data-row='4']")
    await expect(rejected).to_have_attribute("data-action", "REJECT")
    problem = rejected.locator("[data-testid=import-problem][data-column='客户名称']")
    await expect(problem).to_contain_text("客户名称: 请填写客户名称。")
    await expect(page.get_by_test_id("import-preview-left")).to_be_visible()
    await page.screenshot(path=screenshot_path("import-preview"), full_page=True)

    # 7. Run: queued until the import-run job (every 3 s on a server with jobs) writes it; the page asks every 2 s.
    await page.get_by_test_id("import-next").click()
    run = page.get_by_test_id("import-run")
    await expect(run).to_have_attribute("data-import-status", "queued")
    await run_job("import-run", db, settings, datetime.now(UTC))
    await expect(run).to_have_attribute("data-import-status", "done", timeout=10_000)
    await expect(run.get_by_test_id("import-result-counts")).to_have_text("新建 3 · 更新 0 · 跳过 0 · 未导入 1")
    await expect(page.get_by_test_id("import-batch")).to_have_count(1)
    await network_quiet(page)
    await page.screenshot(path=screenshot_path("import-done"), full_page=True)

    # The rejected row's file holds row 4 and why.
    async with page.expect_download() as downloading:
        await run.get_by_test_id("import-rejected-download").click()
    download = await downloading.value
    with open(await download.path(), encoding="utf-8-sig") as file:
        rows = list(csv.reader(io.StringIO(file.read())))
    assert len(rows) == 2, rows
    assert "K-003" in rows[1] and "4" in rows[1], rows
    assert any("请填写客户名称" in cell or "Give the customer a name" in cell for cell in rows[1]), rows

    # The customers are in the list.
    await page.goto("/customers")
    for name in IMPORTED:
        await expect(page.get_by_test_id("customer-row").filter(has_text=name)).to_have_count(1)

    # The notification of the finished import leads back to the import page.
    await page.goto("/notifications")
    await page.get_by_test_id("notifications-list").get_by_text("导入完成：新建 3 个，更新 0 个，1 行未导入。").click()
    await expect(page).to_have_url(re.compile(r"/customers/import$"))

    # Undo, after a dialog saying what it does and until when.
    batch = page.get_by_test_id("import-batch").first
    await expect(batch).to_have_attribute("data-import-status", "done")
    await batch.get_by_test_id("import-undo").click()
    dialog = page.get_by_role("dialog")
    await expect(dialog.get_by_test_id("import-undo-explained")).to_contain_text("将删除本次导入新建的 3 个客户")
    await expect(dialog).to_contain_text("前可撤销本次导入")
    await settled_motion(page)
    await page.screenshot(path=screenshot_path("import-undo-dialog"))
    await dialog.get_by_test_id("import-undo-confirm").click()
    await expect(page.get_by_text("已撤销导入：删除 3 个，恢复 0 个，保留 0 个。")).to_be_visible()
    await expect(batch).to_have_attribute("data-import-status", "undone")
    await page.goto("/customers")
    await expect(page.get_by_test_id("customers-total")).to_be_visible()
    for name in IMPORTED:
        await expect(page.get_by_test_id("customer-row").filter(has_text=name)).to_have_count(0)

    # On a phone: the page and its steps fit in 390 px.
    await page.set_viewport_size({"width": 390, "height": 844})
    await page.goto("/customers/import")
    await expect(page.get_by_test_id("import-batch")).to_have_count(1)
    await network_quiet(page)
    await page.screenshot(path=screenshot_path("import-phone"), full_page=True)
    width = await page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width
    await page.locator("input[type=file]").set_input_files(WORKBOOK)
    await page.get_by_test_id("import-next").click()
    await expect(wizard).to_have_attribute("data-step", "columns")
    await expect(wizard).to_contain_text("第 3 步，共 7 步")
    await network_quiet(page)
    await page.screenshot(path=screenshot_path("import-columns-phone"), full_page=True)
    width = await page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width


#: Orders of the customers of WORKBOOK by their external ids: SO-1 of two rows (one order), SO-2 with an old system's
#: status, SO-3 of a customer that does not exist.
ORDERS_CSV = (
    "订单编号,客户编号,下单日期,订单状态,金额\n"
    "SO-1,K-001,2026-03-01 10:30,已完成,199.5\n"
    "SO-1,K-001,2026-03-01 10:30,已完成,199.5\n"
    "SO-2,K-004,2026/3/2,交易关闭,20\n"
    "SO-3,K-404,2026-03-03,已付款,5\n"
)


async def run_wizard_to_preview(page: Page, steps: int) -> None:
    """Press Next through `steps` steps after the upload, each answered before the next press."""
    wizard = page.get_by_test_id("import-wizard")
    for _ in range(steps):
        current = await wizard.get_attribute("data-step")
        await page.get_by_test_id("import-next").click()
        await expect(wizard).not_to_have_attribute("data-step", current or "")


async def import_workbook_customers(page: Page, db: Database, settings: Settings) -> None:
    """On the import page, import WORKBOOK's customers (K-001, K-002 and K-004; K-003 has no name) to the end of
    the run, as a later file of orders or tickets names them by external id."""
    wizard = page.get_by_test_id("import-wizard")
    await page.locator("input[type=file]").set_input_files(WORKBOOK)
    await expect(wizard).to_have_attribute("data-step", "sheet")
    await run_wizard_to_preview(page, 2)  # sheet, columns
    await expect(wizard).to_have_attribute("data-step", "values")
    grades = page.locator("[data-testid=import-values-target][data-target=grade]")
    for source, grade in GRADES.items():
        await choose_option(
            page,
            grades.locator(f"[data-testid=import-value][data-source='{source}']").get_by_test_id("import-value-select"),
            grade,
        )
    await run_wizard_to_preview(page, 2)  # values, duplicates
    await expect(wizard).to_have_attribute("data-step", "preview")
    await expect(page.get_by_test_id("import-count-create")).to_contain_text("3")
    await page.get_by_test_id("import-next").click()
    run = page.get_by_test_id("import-run")
    await expect(run).to_have_attribute("data-import-status", "queued")
    await run_job("import-run", db, settings, datetime.now(UTC))
    await expect(run).to_have_attribute("data-import-status", "done", timeout=10_000)
    await expect(run.get_by_test_id("import-result-counts")).to_have_text("新建 3 · 更新 0 · 跳过 0 · 未导入 1")


async def test_an_admin_imports_customers_then_their_orders_without_a_duplicates_step(
    page: Page, demo: dict[str, Any], db: Database, settings: Settings, tmp_path: Path
) -> None:
    from rapport.customers.models import Order

    install()
    orders_file = tmp_path / "orders.csv"
    orders_file.write_text(ORDERS_CSV, encoding="utf-8")
    await sign_in(page, "admin@demo.example")  # orders are written by ordersUpsert: administrators and integrators
    await page.goto("/customers/import")
    wizard = page.get_by_test_id("import-wizard")
    kinds = page.get_by_test_id("import-kind")
    await expect(kinds.get_by_role("radio", name=re.compile("^客户及联系人"))).to_be_checked()

    # The customers first: their external ids are what the orders name.
    await import_workbook_customers(page, db, settings)
    run = page.get_by_test_id("import-run")

    # Then the orders, chosen on the upload step: the address keeps the kind, the rule is said.
    await page.get_by_test_id("import-again").click()
    await kinds.get_by_text("订单及明细").click()
    await expect(page).to_have_url(re.compile(r"/customers/import\?kind=orders$"))
    await expect(page.get_by_role("heading", name="导入订单")).to_be_visible()
    await expect(page.get_by_test_id("import-kind-rule")).to_contain_text("订单编号相同的行合为一个订单")
    await expect(wizard).not_to_contain_text("重复")
    async with page.expect_request(lambda r: r.url.endswith("/imports?kind=orders") and r.method == "POST"):
        await page.locator("input[type=file]").set_input_files(orders_file)
    await expect(wizard).to_have_attribute("data-step", "sheet")
    await expect(page.get_by_test_id("import-sample")).to_contain_text("SO-1")
    await page.get_by_test_id("import-next").click()

    await expect(wizard).to_have_attribute("data-step", "columns")
    expected = {
        "订单编号": "订单编号",
        "客户编号": "客户外部编号",
        "下单日期": "下单时间",
        "订单状态": "订单状态",
        "金额": "订单金额",
    }
    for header, field in expected.items():
        row = page.locator(f"[data-testid=import-column][data-header='{header}']")
        await expect(row.get_by_test_id("import-column-target")).to_contain_text(field)
    await page.screenshot(path=screenshot_path("import-orders-columns"), full_page=True)
    await page.get_by_test_id("import-next").click()

    # An order's own statuses: the old system's 交易关闭 becomes cancelled.
    await expect(wizard).to_have_attribute("data-step", "values")
    statuses = page.locator("[data-testid=import-values-target][data-target=status]")
    await choose_option(
        page,
        statuses.locator("[data-testid=import-value][data-source='交易关闭']").get_by_test_id("import-value-select"),
        "已取消",
    )
    await expect(page.get_by_test_id("import-next")).to_have_text(re.compile("预\\s*览"))
    async with page.expect_request(lambda r: "ImportPreview" in (r.post_data or "")) as previewing:
        await page.get_by_test_id("import-next").click()
    body = (await previewing.value).post_data_json
    assert body is not None
    sent = body["variables"]["input"]
    assert "strategy" not in sent and "createSimilar" not in sent, sent
    assert sent["values"] == [{"target": "status", "source": "交易关闭", "value": "cancelled"}], sent

    # Preview: SO-1's two rows are one order; SO-3's customer does not exist.
    await expect(wizard).to_have_attribute("data-step", "preview")
    await expect(page.get_by_test_id("import-count-create")).to_contain_text("2")
    await expect(page.get_by_test_id("import-count-reject")).to_contain_text("1")
    await expect(page.get_by_test_id("import-count-skip")).to_have_count(0)
    await expect(page.get_by_test_id("import-count-conflict")).to_have_count(0)
    rejected = page.locator("[data-testid=import-preview-row][data-row='5']")
    await expect(rejected).to_have_attribute("data-action", "REJECT")
    await expect(rejected.locator("[data-testid=import-problem][data-column='客户编号']")).to_have_count(1)
    await network_quiet(page)
    await page.screenshot(path=screenshot_path("import-orders-preview"), full_page=True)

    await page.get_by_test_id("import-next").click()
    await expect(run).to_have_attribute("data-import-status", "queued")
    await run_job("import-run", db, settings, datetime.now(UTC))
    await expect(run).to_have_attribute("data-import-status", "done", timeout=10_000)
    await expect(run.get_by_test_id("import-result-counts")).to_have_text("新建订单 2 · 更新 0 · 未变 0 · 未导入 1")
    batches = page.get_by_test_id("import-batch")
    await expect(batches).to_have_count(2)
    await expect(page.locator("[data-testid=import-batch][data-kind=orders]")).to_contain_text("订单")
    await network_quiet(page)
    await page.screenshot(path=screenshot_path("import-orders-done"), full_page=True)
    async with db.read() as session:
        orders = dict((await session.execute(select(Order.external_id, Order.status))).all())
        assert orders == {"SO-1": "completed", "SO-2": "cancelled"}, orders
        assert await session.scalar(select(func.count()).select_from(Order)) == 2

    # On a phone: the kinds and the orders' steps fit in 390 px.
    await page.set_viewport_size({"width": 390, "height": 844})
    await page.goto("/customers/import?kind=orders")
    await expect(kinds.get_by_role("radio", name=re.compile("^订单及明细"))).to_be_checked()
    await network_quiet(page)
    await page.screenshot(path=screenshot_path("import-orders-phone"), full_page=True)
    width = await page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width
    await page.locator("input[type=file]").set_input_files(orders_file)
    await page.get_by_test_id("import-next").click()
    await expect(wizard).to_have_attribute("data-step", "columns")
    await expect(wizard).to_contain_text("第 3 步，共 6 步")
    width = await page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width

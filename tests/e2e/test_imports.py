"""Imports in a browser: a sales manager uploads a real XLSX (sheets 客户 and 订单) on the import page, keeps the
suggested columns, maps the old system's grades, previews 3 creates and 1 reject (its problem under 客户名称), runs
it as the import-run job does, downloads the rejected row, finds the customers in the list and undoes the import;
the page at phone width."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime
from typing import Any

from playwright.async_api import Locator, Page, expect

from rapport.assembly import install
from rapport.config import Settings
from rapport.core.db import Database
from rapport.core.jobs import run_job
from tests.conftest import ROOT
from tests.e2e.conftest import network_quiet, screenshot_path
from tests.e2e.test_admin import sign_in
from tests.e2e.test_exports import settled_motion

WORKBOOK = ROOT / "tests" / "integrations" / "files" / "customers.xlsx"
IMPORTED = ["上海云杉贸易有限公司", "杭州青松茶业", "北京百川科技"]
GRADES = {"重要客户": "A 级", "普通客户": "C 级", "VIP": "A 级"}


async def pick(page: Page, select: Locator, label: str) -> None:
    """Choose `label` in an Ant Design single select, once no other dropdown is still closing."""
    dropdown = page.locator(".ant-select-dropdown:visible")
    await expect(dropdown).to_have_count(0)
    await select.click()
    await expect(dropdown).to_have_count(1)
    await settled_motion(page)
    await dropdown.locator(".ant-select-item-option", has_text=label).first.click()
    await expect(select).to_contain_text(label)


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
    async with page.expect_request(lambda r: r.url.endswith("/imports") and r.method == "POST") as uploading:
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
        await pick(
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

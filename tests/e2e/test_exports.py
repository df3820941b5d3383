"""Exports in a browser: a sales rep filters the customers list, exports it as XLSX, follows it in My exports
while the export-run job writes it, downloads the file and finds in it exactly the customers the list showed; the
notification leads back to My exports; the control and the drawer at phone width."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from playwright.async_api import Page, expect
from python_calamine import CalamineWorkbook

from rapport.assembly import install
from rapport.config import Settings
from rapport.core.db import Database
from rapport.core.jobs import run_job
from tests import factories
from tests.e2e.conftest import choose_option, network_quiet, screenshot_path
from tests.e2e.test_admin import sign_in


async def settled_motion(page: Page) -> None:
    """Wait until a dialog or drawer has finished sliding or zooming in, for a screenshot that shows it."""
    await page.wait_for_function("document.getAnimations().every((a) => a.playState !== 'running')")


GRADE_A = {"杭州云帆科技有限公司", "宁波海曙贸易有限公司"}
OTHERS = {"上海浦东商贸有限公司", "苏州园区制造有限公司"}


async def test_a_rep_exports_the_filtered_customers_list_and_downloads_it(
    page: Page, demo: dict[str, Any], db: Database, settings: Settings
) -> None:
    install()  # the jobs of every manifest
    rep = await factories.principal(db, "rep@demo.example")
    for name in sorted(GRADE_A):
        await factories.customer(db, rep, name, grade="A", province="浙江省")
    for name in sorted(OTHERS):
        await factories.customer(db, rep, name, grade="B", province="上海市")

    await sign_in(page, "rep@demo.example")
    await page.goto("/customers")
    await expect(page.get_by_test_id("customer-row")).to_have_count(4)

    # The rep narrows the list to grade A customers.
    await choose_option(page, page.get_by_test_id("filter-grades"), "A 级")
    await expect(page).to_have_url(re.compile(r"/customers\?grade=A$"))
    await expect(page.get_by_test_id("customer-row")).to_have_count(2)
    await page.get_by_role("heading", name="客户").click()
    await expect(page.locator(".ant-select-dropdown:visible")).to_have_count(0)

    # Export: XLSX unless chosen otherwise, the list's filter as it is.
    await page.get_by_test_id("customers-export").click()
    form = page.get_by_test_id("export-form")
    await expect(form.get_by_role("radio", name="Excel（XLSX）")).to_be_checked()
    await expect(form.get_by_role("radio", name="客户", exact=True)).to_be_checked()
    await settled_motion(page)
    await page.screenshot(path=screenshot_path("export-dialog"), full_page=True)
    async with page.expect_request(lambda r: "ExportStart" in (r.post_data or "")) as started:
        await page.get_by_test_id("export-form-start").click()
    body = (await started.value).post_data_json
    assert body is not None
    sent = body["variables"]["input"]
    assert sent["list"] == "CUSTOMERS" and sent["format"] == "XLSX"
    assert sent["variables"]["filter"] == {"grades": ["A"]}
    assert "first" not in sent["variables"] and "after" not in sent["variables"]

    # My exports opens on it, queued, until the export-run job (every 3 s on a server with jobs) writes it.
    drawer = page.get_by_test_id("my-exports-drawer")
    row = drawer.get_by_test_id("export-row").first
    await expect(row).to_have_attribute("data-export-state", "queued")
    await expect(row).to_contain_text("排队中")
    await run_job("export-run", db, settings, datetime.now(UTC))
    # The drawer asks again every 2 s while it is queued: it shows it ready without a reload.
    await expect(row).to_have_attribute("data-export-state", "ready", timeout=10_000)
    await expect(row.get_by_test_id("export-rows")).to_have_text("共 2 行")
    await page.screenshot(path=screenshot_path("export-ready"), full_page=True)

    async with page.expect_download() as downloading:
        await row.get_by_test_id("export-download").click()
    download = await downloading.value
    assert re.fullmatch(r"customers-\d{8}-\d{6}\.xlsx", download.suggested_filename)
    with open(await download.path(), "rb") as file:
        sheet = CalamineWorkbook.from_filelike(file).get_sheet_by_index(0).to_python()
    header, *rows = sheet
    assert len(rows) == 2, sheet
    named = {cell for line in rows for cell in line if cell in GRADE_A | OTHERS}
    assert named == GRADE_A
    grade = header.index("等级") if "等级" in header else header.index("Grade")
    assert {line[grade] for line in rows} == {"A"}

    # The notification of the finished export leads to My exports.
    await page.locator(".ant-drawer-close").click()
    await page.goto("/notifications")
    notice = page.get_by_test_id("notifications-list").get_by_text("你的导出（2 行）已可下载。")
    await notice.click()
    await expect(page).to_have_url(re.compile(r"/my-exports$"))
    await expect(page.get_by_test_id("export-row").first).to_have_attribute("data-export-state", "ready")

    # On a phone: the control beside the list, the dialog and the drawer fit.
    await page.set_viewport_size({"width": 390, "height": 844})
    await page.goto("/customers?grade=A")
    await expect(page.get_by_test_id("customer-row")).to_have_count(2)
    await expect(page.get_by_test_id("customers-export")).to_be_visible()
    await page.screenshot(path=screenshot_path("customers-export-phone"), full_page=True)
    await page.get_by_test_id("customers-export").click()
    await expect(page.get_by_test_id("export-form")).to_be_visible()
    await settled_motion(page)
    await page.screenshot(path=screenshot_path("export-dialog-phone"))
    await page.get_by_test_id("export-form-mine").click()
    phone_drawer = page.get_by_test_id("my-exports-drawer")
    await expect(phone_drawer.get_by_test_id("export-download").first).to_be_visible()
    await network_quiet(page)
    await settled_motion(page)
    await page.screenshot(path=screenshot_path("my-exports-phone"))
    box = await phone_drawer.get_by_test_id("export-download").first.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 390

"""Tickets imported in a browser: an administrator imports the customers of customers.xlsx, then an old help desk's
CSV of tickets naming them by external id. The suggested columns are kept, the desk's 很急 is mapped to urgent, the
preview counts 3 new tickets and 1 reject (its customer K-404 does not exist, said under 客户编号), the run opens the
tickets linked to their customers with their priorities; the steps at phone width."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime
from typing import Any

from playwright.async_api import Page, expect
from sqlalchemy import select

from rapport.assembly import install
from rapport.config import Settings
from rapport.core.db import Database
from rapport.core.jobs import run_job
from tests.conftest import ROOT
from tests.e2e.conftest import choose_option, network_quiet, screenshot_path
from tests.e2e.test_admin import sign_in
from tests.e2e.test_exports import settled_motion
from tests.e2e.test_imports import import_workbook_customers

#: HD-101 with the desk's own word 很急 (no priority Rapport knows), HD-104 of a customer that does not exist.
TICKETS = ROOT / "tests" / "e2e" / "files" / "tickets.csv"


async def phone_fits(page: Page) -> None:
    width = await page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width


async def test_an_admin_imports_tickets_linked_to_customers_by_external_id_with_a_mapped_priority(
    page: Page, demo: dict[str, Any], db: Database, settings: Settings
) -> None:
    from rapport.customers.models import Customer
    from rapport.support.models import Ticket

    install()
    await sign_in(page, "admin@demo.example")  # tickets are written by ticketUpsert: administrators and integrators
    await page.goto("/customers/import")
    await import_workbook_customers(page, db, settings)

    # Tickets, chosen on the upload step.
    wizard = page.get_by_test_id("import-wizard")
    kinds = page.get_by_test_id("import-kind")
    await page.get_by_test_id("import-again").click()
    await kinds.get_by_text("工单", exact=True).click()
    await expect(page).to_have_url(re.compile(r"/customers/import\?kind=tickets$"))
    await expect(page.get_by_role("heading", name="导入工单")).to_be_visible()
    await expect(page.get_by_test_id("import-kind-rule")).to_contain_text("客户按外部编号关联")
    await expect(wizard).not_to_contain_text("重复")
    async with page.expect_request(lambda r: r.url.endswith("/imports?kind=tickets") and r.method == "POST"):
        await page.locator("input[type=file]").set_input_files(TICKETS)
    await expect(wizard).to_have_attribute("data-step", "sheet")
    await expect(page.get_by_test_id("import-sample")).to_contain_text("HD-101")
    await page.get_by_test_id("import-next").click()

    # The suggested columns, kept.
    await expect(wizard).to_have_attribute("data-step", "columns")
    expected = {
        "工单编号": "工单编号",
        "客户编号": "客户外部编号",
        "标题": "标题",
        "问题描述": "描述",
        "类别": "类别",
        "优先级": "优先级",
        "渠道": "渠道",
    }
    for header, field in expected.items():
        row = page.locator(f"[data-testid=import-column][data-header='{header}']")
        await expect(row.get_by_test_id("import-column-target")).to_contain_text(field)
    await network_quiet(page)
    await page.screenshot(path=screenshot_path("import-tickets-columns"), full_page=True)
    await page.get_by_test_id("import-next").click()

    # The desk's 很急 becomes urgent.
    await expect(wizard).to_have_attribute("data-step", "values")
    priorities = page.locator("[data-testid=import-values-target][data-target=priority]")
    await expect(priorities.locator("[data-testid=import-value][data-source='很急']")).to_be_visible()
    await choose_option(
        page,
        priorities.locator("[data-testid=import-value][data-source='很急']").get_by_test_id("import-value-select"),
        "紧急",
    )
    await network_quiet(page)
    await page.screenshot(path=screenshot_path("import-tickets-values"), full_page=True)
    await expect(page.get_by_test_id("import-next")).to_have_text(re.compile("预\\s*览"))
    async with page.expect_request(lambda r: "ImportPreview" in (r.post_data or "")) as previewing:
        await page.get_by_test_id("import-next").click()
    body = (await previewing.value).post_data_json
    assert body is not None
    sent = body["variables"]["input"]
    assert "strategy" not in sent and "createSimilar" not in sent, sent
    assert {"target": "priority", "source": "很急", "value": "urgent"} in sent["values"], sent

    # Preview: three new tickets; HD-104's customer does not exist, said under its column.
    await expect(wizard).to_have_attribute("data-step", "preview")
    await expect(page.get_by_test_id("import-count-create")).to_contain_text("3")
    await expect(page.get_by_test_id("import-count-update")).to_contain_text("0")
    await expect(page.get_by_test_id("import-count-reject")).to_contain_text("1")
    await expect(page.get_by_test_id("import-count-skip")).to_have_count(0)
    await expect(page.get_by_test_id("import-count-conflict")).to_have_count(0)
    rejected = page.locator("[data-testid=import-preview-row][data-row='5']")
    await expect(rejected).to_have_attribute("data-action", "REJECT")
    problem = rejected.locator("[data-testid=import-problem][data-column='客户编号']")
    await expect(problem).to_have_count(1)
    await expect(problem).to_contain_text("客户编号")
    await expect(page.locator("[data-testid=import-preview-row][data-action=REJECT]")).to_have_count(1)
    await expect(page.get_by_role("columnheader", name="原因")).to_have_count(0)  # only a customer's conflict has one
    await network_quiet(page)
    await page.screenshot(path=screenshot_path("import-tickets-preview"), full_page=True)

    # Run, as the import-run job does.
    await page.get_by_test_id("import-next").click()
    run = page.get_by_test_id("import-run")
    await expect(run).to_have_attribute("data-import-status", "queued")
    await run_job("import-run", db, settings, datetime.now(UTC))
    await expect(run).to_have_attribute("data-import-status", "done", timeout=10_000)
    await expect(run.get_by_test_id("import-result-counts")).to_have_text("新建工单 3 · 更新 0 · 未变 0 · 未导入 1")
    await expect(page.locator("[data-testid=import-batch][data-kind=tickets]")).to_contain_text("工单")
    await network_quiet(page)
    await page.screenshot(path=screenshot_path("import-tickets-done"), full_page=True)

    # The rejected row's file holds HD-104 and why.
    async with page.expect_download() as downloading:
        await run.get_by_test_id("import-rejected-download").click()
    with open(await (await downloading.value).path(), encoding="utf-8-sig") as file:
        rows = list(csv.reader(io.StringIO(file.read())))
    assert len(rows) == 2 and "HD-104" in rows[1] and "K-404" in rows[1], rows

    async with db.read() as session:
        holders = dict((await session.execute(select(Customer.external_id, Customer.id))).all())
        rows = (
            await session.execute(
                select(Ticket.external_id, Ticket.customer_id, Ticket.priority, Ticket.channel).where(
                    Ticket.external_id.like("HD-%")
                )
            )
        ).all()
    tickets = {external_id: (customer_id, priority, channel) for external_id, customer_id, priority, channel in rows}
    assert tickets == {
        "HD-101": (holders["K-001"], "urgent", "phone"),
        "HD-102": (holders["K-002"], "low", "email"),
        "HD-103": (holders["K-004"], "urgent", "wechat"),
    }, tickets

    # On a phone: the tickets' page and their steps fit in 390 px.
    await page.set_viewport_size({"width": 390, "height": 844})
    await page.goto("/customers/import?kind=tickets")
    await expect(kinds.get_by_role("radio", name=re.compile("^工单"))).to_be_checked()
    await expect(page.locator("[data-testid=import-batch][data-kind=tickets]")).to_have_count(1)
    await network_quiet(page)
    await page.screenshot(path=screenshot_path("import-tickets-phone"), full_page=True)
    await phone_fits(page)
    await page.locator("input[type=file]").set_input_files(TICKETS)
    await page.get_by_test_id("import-next").click()
    await expect(wizard).to_have_attribute("data-step", "columns")
    await expect(wizard).to_contain_text("第 3 步，共 6 步")
    await network_quiet(page)
    await page.screenshot(path=screenshot_path("import-tickets-columns-phone"), full_page=True)
    await phone_fits(page)
    await page.get_by_test_id("import-next").click()
    await expect(wizard).to_have_attribute("data-step", "values")
    priorities = page.locator("[data-testid=import-values-target][data-target=priority]")
    await choose_option(
        page,
        priorities.locator("[data-testid=import-value][data-source='很急']").get_by_test_id("import-value-select"),
        "紧急",
    )
    await network_quiet(page)
    await page.screenshot(path=screenshot_path("import-tickets-values-phone"), full_page=True)
    await phone_fits(page)

    # The same file again: its tickets are there already and unchanged.
    await page.get_by_test_id("import-next").click()
    await expect(wizard).to_have_attribute("data-step", "preview")
    await expect(page.get_by_test_id("import-count-create")).to_contain_text("0")
    await expect(page.get_by_test_id("import-count-update")).to_contain_text("0")
    await expect(page.get_by_test_id("import-count-skip")).to_contain_text("3")
    await expect(page.get_by_test_id("import-count-reject")).to_contain_text("1")
    await network_quiet(page)
    await page.screenshot(path=screenshot_path("import-tickets-again-phone"), full_page=True)
    await phone_fits(page)

    # Undo: the tickets the import opened go.
    await page.set_viewport_size({"width": 1280, "height": 800})
    await page.goto("/customers/import?kind=tickets")
    batch = page.locator("[data-testid=import-batch][data-kind=tickets]").nth(1)  # the newest: the upload unrun
    await expect(batch).to_have_attribute("data-import-status", "done")
    await batch.get_by_test_id("import-undo").click()
    dialog = page.get_by_role("dialog")
    await expect(dialog.get_by_test_id("import-undo-explained")).to_contain_text("将删除本次导入新建的 3 个工单")
    await settled_motion(page)
    await page.screenshot(path=screenshot_path("import-tickets-undo-dialog"))
    await dialog.get_by_test_id("import-undo-confirm").click()
    await expect(batch).to_have_attribute("data-import-status", "undone")
    async with db.read() as session:
        left = (await session.execute(select(Ticket.external_id).where(Ticket.external_id.like("HD-%")))).all()
    assert left == [], left

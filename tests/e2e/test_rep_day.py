"""A sales rep's day in the browser: a task created on the 360° page and completed from home, a contact added, the
customer tagged, a deal opened and edited (name, products), a customer given back to the public pool; and the 360°
and deal pages at 390 px wide."""

from __future__ import annotations

import re
import uuid
from decimal import Decimal
from typing import Any

from playwright.async_api import Page, expect

from rapport.core.db import Database
from rapport.core.ids import uuid7
from rapport.customers.models import Product
from rapport.customers.service import ContactDraft
from rapport.graphql.node import to_global_id
from rapport.sales.pipeline import service as pipeline
from tests import factories
from tests.e2e.conftest import choose_option, screenshot_path

PHONE_WIDTH = {"width": 390, "height": 844}


async def _sign_in(page: Page, email: str) -> None:
    await page.goto("/login")
    await page.get_by_test_id("login-email").fill(email)
    await page.get_by_test_id("login-password").fill("rapport-demo")
    await page.get_by_test_id("login-submit").click()
    await expect(page.get_by_test_id("viewer-name")).to_be_visible()


async def _fits(page: Page, test_id: str) -> None:
    """Nothing in the page's content is wider than the screen (the app shell's header is laid out elsewhere)."""
    wide = await page.evaluate(
        """(testId) => [...document.querySelectorAll(`[data-testid="${testId}"] *`)]
            .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
            .filter((e) => e.parentElement.getBoundingClientRect().right <= window.innerWidth + 1)
            .map((e) => `${e.tagName} in ${e.closest('[data-testid]')?.getAttribute('data-testid')}: ${e.textContent.slice(0, 30)}`)""",
        test_id,
    )
    assert wide == [], f"wider than the screen: {wide}"


async def test_a_reps_day(page: Page, demo: dict[str, Any], db: Database) -> None:
    rep = await factories.principal(db, "rep@demo.example")
    tag = uuid.uuid4().hex[:4]
    name = f"云帆科技 {tag}"
    customer = await factories.customer(
        db,
        rep,
        name,
        grade="A",
        province="浙江省",
        city="杭州市",
        contacts=[ContactDraft("王芳", title="采购经理", phones=["13600001111"])],
    )
    leftover = await factories.customer(db, rep, f"嘉兴旧客户 {tag}")
    async with db.write() as session:
        session.add_all(
            [
                Product(id=uuid7(), sku=f"PRN-{tag}", name="激光打印机", unit_price=Decimal("2999.00")),
                Product(id=uuid7(), sku=f"SVC-{tag}", name="上门维保服务", unit_price=Decimal("1200.00")),
            ]
        )
        deal = await pipeline.create(session, rep, customer.id, "办公设备采购", Decimal("5000"), None, None)
    customer_path = f"/customers/{to_global_id('Customer', customer.id)}"

    await _sign_in(page, "rep@demo.example")
    await page.goto(customer_path)
    await expect(page.get_by_test_id("customer-name")).to_have_text(name)

    # A task from the 360° page, for the customer's deal (due tomorrow at 9:00 unless changed).
    await page.get_by_test_id("task-new").click()
    await page.get_by_test_id("task-form-title").fill("发送报价单")
    await choose_option(page, page.get_by_test_id("task-form-opportunity"), "办公设备采购")
    await page.get_by_test_id("task-form-submit").click()
    tasks = page.get_by_test_id("customer-section-tasks")
    await expect(tasks.get_by_test_id("task")).to_contain_text("发送报价单")
    await expect(tasks.get_by_test_id("task")).to_contain_text("办公设备采购")

    # A contact with a phone number.
    await page.get_by_test_id("contact-add").click()
    await page.get_by_test_id("contact-form-name").fill("李明")
    await page.get_by_test_id("contact-form-title").fill("IT 主管")
    await page.get_by_test_id("contact-form-phones").click()
    await page.keyboard.type("13800002222")
    await page.keyboard.press("Enter")
    # Where they live: marketing's quiet hours are counted there (each zone offered with its offset).
    await choose_option(
        page, page.get_by_test_id("contact-form-time-zone"), "America/Los_Angeles (UTC-0", "los angeles"
    )
    await page.get_by_test_id("contact-form-submit").click()
    contacts = page.get_by_test_id("customer-section-contacts")
    await expect(contacts.get_by_test_id("contact")).to_have_count(2)
    await expect(contacts).to_contain_text("李明")
    await expect(contacts).to_contain_text("+8613800002222")
    zone = contacts.get_by_test_id("contact").filter(has_text="李明").get_by_test_id("contact-time-zone")
    await expect(zone).to_have_text("北美太平洋时间")  # as a Chinese reader names it; the IANA code in the tooltip
    await expect(zone).to_have_attribute("title", "时区：America/Los_Angeles")

    # A new tag, typed.
    await page.get_by_test_id("customer-tag-add").click()
    await page.get_by_test_id("customer-tag-input").click()
    await page.keyboard.type(f"华东重点{tag}")
    await page.keyboard.press("Enter")
    await expect(page.get_by_test_id("customer-tag").filter(has_text=f"华东重点{tag}")).to_be_visible()
    await expect(page.get_by_test_id("customer-section-profile")).to_be_visible()
    await page.screenshot(path=screenshot_path("rep-day-360"), full_page=True)

    # The deal: opened from the 360° page, renamed, two products put on it (their total becomes the amount).
    await page.get_by_test_id("customer-section-opportunities").get_by_test_id("opportunity-link").click()
    await expect(page).to_have_url(re.compile(r"/opportunities/[^/]+$"))
    await expect(page.get_by_test_id("opportunity-title")).to_have_text("办公设备采购")
    await page.get_by_test_id("opportunity-edit").click()
    await page.get_by_test_id("opportunity-edit-name").fill("办公设备采购（一期）")
    await page.get_by_test_id("opportunity-edit-submit").click()
    await expect(page.get_by_test_id("opportunity-title")).to_have_text("办公设备采购（一期）")
    lines = page.get_by_test_id("opportunity-lines")
    await lines.get_by_test_id("line-add").click()
    first = lines.get_by_test_id("opportunity-line").nth(0)
    await choose_option(page, first.get_by_test_id("line-product"), "激光打印机", typed="打印")
    await first.get_by_test_id("line-quantity").fill("3")
    await lines.get_by_test_id("line-add").click()
    second = lines.get_by_test_id("opportunity-line").nth(1)
    await choose_option(page, second.get_by_test_id("line-product"), "上门维保服务", typed="维保")
    await expect(lines.get_by_test_id("lines-total")).to_contain_text("10,197.00")
    await lines.get_by_test_id("lines-save").click()
    await expect(page.get_by_test_id("opportunity-amount")).to_contain_text("10,197.00")
    await expect(page.get_by_test_id("opportunity-tasks")).to_contain_text("发送报价单")
    await page.screenshot(path=screenshot_path("rep-day-deal"), full_page=True)

    # Home: the task is on the rep's list; done from there, it leaves it.
    await page.goto("/")
    my_tasks = page.get_by_test_id("my-tasks")
    item = my_tasks.get_by_test_id("my-tasks-item").filter(has_text="发送报价单")
    await expect(item).to_be_visible()
    await page.screenshot(path=screenshot_path("rep-day-home"), full_page=True)
    await item.get_by_test_id("task-done").click()
    await expect(page.get_by_test_id("task-completed-toast")).to_be_visible()
    await expect(my_tasks.get_by_test_id("my-tasks-item").filter(has_text="发送报价单")).to_have_count(0)

    # Another customer goes back to the public pool, with a reason; the rep no longer has it.
    await page.goto(f"/customers/{to_global_id('Customer', leftover.id)}")
    await page.get_by_test_id("customer-more").click()
    await page.get_by_test_id("customer-release").click()
    await page.get_by_test_id("release-reason").fill("客户今年没有采购预算")
    await page.screenshot(path=screenshot_path("rep-day-release"), full_page=True)
    await page.get_by_test_id("release-submit").click()
    await expect(page).to_have_url(re.compile(r"/customers$"))
    await expect(page.get_by_test_id("customer-row").filter(has_text=name)).to_have_count(1)
    await expect(page.get_by_test_id("customer-row").filter(has_text=leftover.name)).to_have_count(0)

    # On a phone: the 360° page and the deal page fit the screen.
    await page.set_viewport_size(PHONE_WIDTH)
    await page.goto(customer_path)
    await expect(page.get_by_test_id("customer-section-tasks")).to_be_visible()
    await _fits(page, "customer-page")
    await page.screenshot(path=screenshot_path("rep-day-360-390"), full_page=True)
    await page.goto(f"/opportunities/{to_global_id('Opportunity', deal.id)}")
    await expect(page.get_by_test_id("opportunity-lines").get_by_test_id("opportunity-line")).to_have_count(2)
    await _fits(page, "opportunity-page")
    await page.screenshot(path=screenshot_path("rep-day-deal-390"), full_page=True)

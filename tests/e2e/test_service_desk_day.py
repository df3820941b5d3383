"""The service desk's day in a browser: an agent takes a phone call, an admin writes a knowledge-base article that
the portal then finds, the bell's page of every notification; the new pages at 390 px wide.

The phone call: the agent types the caller's whole number into the console's lookup, finds the customer (phones
masked), opens a ticket for them from the result (channel phone, the caller as contact) and replies on it; the
caller's acknowledgement and the reply arrive in the SMTP sink in the caller's language (English, while the agent
works in Chinese).
"""

from __future__ import annotations

import uuid
from typing import Any

from playwright.async_api import Browser, Page, expect

from rapport.core.db import Database
from rapport.customers.service import ContactDraft
from rapport.graphql.node import to_global_id
from rapport.support.portal import service as portal
from rapport.support.workflow import service as workflow
from tests import factories
from tests.conftest import LiveServer
from tests.e2e.conftest import choose_option, new_context, screenshot_path
from tests.mail_sink import MailSink

PHONE = "13812345678"
CALLER_EMAIL = "li.laidian@caller.example"


async def sign_in(page: Page, email: str) -> None:
    await page.goto("/login")
    await page.get_by_test_id("login-email").fill(email)
    await page.get_by_test_id("login-password").fill("rapport-demo")
    await page.get_by_test_id("login-submit").click()
    # Signed in: the shell holds the viewer's name (beside the bell; hidden on a phone).
    await expect(page.get_by_test_id("viewer-name")).to_be_attached()


async def _caller(db: Database, name: str) -> Any:
    """A rep's customer, in no service queue: no agent may see it before the call."""
    rep = await factories.principal(db, "rep@demo.example")
    return await factories.customer(
        db,
        rep,
        name,
        grade="B",
        contacts=[
            ContactDraft("王总", phones=["13900001111"], is_primary=True),
            ContactDraft("李来电", title="行政", phones=[PHONE], emails=[CALLER_EMAIL], language="en"),
        ],
    )


async def _fits_the_width(page: Page, test_id: str | None = None) -> None:
    """Nothing scrolls sideways: not the page (the app shell's header included), nor the element with this test
    id."""
    viewport = await page.evaluate("() => window.innerWidth")
    width = await page.evaluate("() => document.scrollingElement.scrollWidth")
    assert width <= viewport, f"{page.url} is {width}px wide"
    if test_id is None:
        return
    box = await page.get_by_test_id(test_id).bounding_box()
    assert box is not None, test_id
    assert box["x"] >= 0 and box["x"] + box["width"] <= viewport, f"{test_id}: {box}"


async def test_an_agent_takes_a_phone_call(page: Page, demo: dict[str, Any], db: Database, smtp_sink: MailSink) -> None:
    name = f"来电客户 {uuid.uuid4().hex[:6]}"
    customer = await _caller(db, name)

    await sign_in(page, "agent@demo.example")
    # Before the call the agent cannot open the customer: it is in none of their queues.
    await page.goto(f"/customers/{to_global_id('Customer', customer.id)}")
    await expect(page.get_by_test_id("customer-not-found")).to_be_visible()

    # A fragment of the number finds nothing, like an unknown number.
    await page.goto("/service")
    lookup = page.get_by_test_id("phone-lookup")
    await lookup.get_by_test_id("phone-lookup-input").locator("input").fill("5678")
    await lookup.get_by_test_id("phone-lookup-input").locator("input").press("Enter")
    await expect(lookup.get_by_test_id("phone-lookup-none")).to_be_visible()

    # The whole number finds the caller, with the phones masked.
    await lookup.get_by_test_id("phone-lookup-input").locator("input").fill("138 1234 5678")
    await lookup.get_by_test_id("phone-lookup-input").locator("input").press("Enter")
    result = lookup.get_by_test_id("phone-lookup-result")
    await expect(result).to_contain_text(name)
    await expect(result).to_contain_text("138****5678")
    await expect(result).not_to_contain_text(PHONE)
    await page.screenshot(path=screenshot_path("service-phone-lookup"), full_page=True)

    # The agent opens a ticket for them from the result: a phone ticket, the caller as contact.
    await result.get_by_test_id("phone-lookup-new-ticket").click()
    dialog = page.get_by_role("dialog")
    await expect(dialog.get_by_test_id("ticket-create-contact")).to_contain_text("李来电")
    await expect(dialog.get_by_test_id("ticket-create-channel")).to_contain_text("电话")
    await dialog.get_by_test_id("ticket-create-subject").fill("电话报修：打印机卡纸")
    await choose_option(page, dialog.get_by_test_id("ticket-create-category"), "硬件故障")
    await dialog.get_by_test_id("ticket-create-description").fill("三楼打印机卡纸，客户来电。")
    await page.screenshot(path=screenshot_path("service-phone-ticket-form"), full_page=True)
    await page.get_by_test_id("ticket-create-submit").click()

    # The ticket's page opens; the agent replies to the customer.
    await expect(page.get_by_test_id("ticket-subject")).to_have_text("电话报修：打印机卡纸")
    await expect(page.get_by_test_id("ticket-customer")).to_have_text(name)
    await page.get_by_test_id("reply-body").fill("您好，已收到您的来电，工程师今天下午上门处理。")
    await page.get_by_test_id("reply-submit").click()
    await expect(page.get_by_test_id("public-comment")).to_contain_text("工程师今天下午上门处理")
    await page.screenshot(path=screenshot_path("service-phone-ticket"), full_page=True)
    number = (await page.get_by_test_id("ticket-number").text_content() or "").strip()

    # The caller hears from the desk by email, in their own language: the acknowledgement, then the reply.
    await smtp_sink.deliver()
    mail = smtp_sink.to(CALLER_EMAIL)
    assert [m.subject for m in mail] == [
        f"[{number}] We have received your request: 电话报修：打印机卡纸",
        f"[{number}] Our service team replied: 电话报修：打印机卡纸",
    ]
    assert "Dear 李来电" in mail[1].text and "工程师今天下午上门处理" in mail[1].text

    # The customer's service view opens now, and stays open through the ticket.
    await page.goto(f"/customers/{to_global_id('Customer', customer.id)}")
    await expect(page.get_by_test_id("customer-page")).to_be_visible()
    await expect(page.get_by_test_id("customer-page")).to_contain_text("电话报修：打印机卡纸")


async def test_an_admin_writes_an_article_the_portal_finds(
    page: Page, browser: Browser, live_server: LiveServer, demo: dict[str, Any], db: Database
) -> None:
    title = f"打印机脱机怎么办 {uuid.uuid4().hex[:4]}"
    customer = await _caller(db, f"门户客户 {uuid.uuid4().hex[:6]}")
    admin_principal = await factories.principal(db, "admin@demo.example")
    async with db.write() as session:
        contacts = await _contacts(session, customer.id)
        await portal.create_account(
            session, admin_principal, contacts["李来电"], "portal.reader@caller.example", "rapport-demo", "zh-CN"
        )

    await sign_in(page, "admin@demo.example")
    await page.goto("/kb")
    await page.get_by_test_id("kb-new").click()
    dialog = page.get_by_role("dialog")
    await dialog.get_by_test_id("kb-editor-title").fill(title)
    await choose_option(page, dialog.get_by_test_id("kb-editor-category"), "硬件故障")
    await dialog.get_by_test_id("kb-editor-tags").locator("input").fill("打印机")
    await dialog.get_by_test_id("kb-editor-tags").locator("input").press("Enter")
    await dialog.get_by_test_id("kb-editor-body").fill(
        "# 处理步骤\n\n1. 关闭打印机电源，等待十秒后重新打开\n2. 检查**网线**是否插好\n\n仍然脱机请联系客服。"
    )
    await dialog.get_by_role("tab", name="预览").click()
    await expect(dialog.get_by_test_id("markdown")).to_contain_text("检查网线是否插好")
    await dialog.get_by_test_id("kb-editor-published").click()
    await expect(dialog.get_by_test_id("kb-editor-published")).to_have_attribute("aria-checked", "true")
    await page.screenshot(path=screenshot_path("kb-editor"), full_page=True)
    await page.get_by_test_id("kb-editor-save").click()
    item = page.get_by_test_id("kb-editor-item").filter(has_text=title)
    await expect(item).to_have_attribute("data-status", "published")
    await page.screenshot(path=screenshot_path("kb-list"), full_page=True)

    # The portal finds it by a word of its text and shows it.
    context = await new_context(browser, base_url=live_server.url)
    try:
        customer_page = await context.new_page()
        await sign_in(customer_page, "portal.reader@caller.example")
        await customer_page.goto("/portal/kb")
        await customer_page.get_by_test_id("kb-search").locator("input").fill("脱机")
        await customer_page.get_by_test_id("kb-search").locator("input").press("Enter")
        found = customer_page.get_by_test_id("kb-result").filter(has_text=title)
        await expect(found).to_be_visible()
        await found.get_by_role("link", name=title).click()
        await expect(customer_page.get_by_test_id("kb-article")).to_contain_text("检查网线是否插好")
        await customer_page.screenshot(path=screenshot_path("portal-kb-article"), full_page=True)
    finally:
        await context.close()

    # Unpublished, the portal no longer finds it.
    await item.get_by_test_id("kb-unpublish").click()
    await expect(item).to_have_attribute("data-status", "draft")


async def _contacts(session: Any, customer_id: Any) -> dict[str, Any]:
    from rapport.customers.service import contacts_of

    return {contact.name: contact.id for contact in await contacts_of(session, customer_id)}


async def test_the_bells_page_and_the_new_pages_fit_a_phone(page: Page, demo: dict[str, Any], db: Database) -> None:
    customer = await _caller(db, f"窄屏客户 {uuid.uuid4().hex[:6]}")
    # The supervisor gives the agent a ticket: the agent is told.
    rep = await factories.principal(db, "rep@demo.example")
    supervisor = await factories.principal(db, "supervisor@demo.example")
    agent = await factories.principal(db, "agent@demo.example")
    async with db.write() as session:
        ticket = await workflow.create_ticket(
            session, rep, workflow.TicketDraft(subject="发票抬头有误", category="billing", customer_id=customer.id)
        )
    async with db.write() as session:
        await workflow.assign(session, supervisor, ticket.id, agent.user_id, None)
    await page.set_viewport_size({"width": 390, "height": 844})
    await sign_in(page, "agent@demo.example")
    await page.goto("/service")
    field = page.get_by_test_id("phone-lookup-input").locator("input")
    await field.fill(PHONE)
    await field.press("Enter")
    await expect(page.get_by_test_id("phone-lookup-result")).to_be_visible()
    await _fits_the_width(page, "phone-lookup")
    await page.get_by_test_id("phone-lookup-new-ticket").click()
    await expect(page.get_by_test_id("ticket-create-subject")).to_be_visible()
    await _fits_the_width(page, "ticket-create-form")
    await page.screenshot(path=screenshot_path("service-phone-lookup-390"), full_page=True)

    # The bell leads to every notification; opening one marks it read and opens its ticket.
    await page.goto("/service")
    await page.get_by_test_id("notification-bell").click()
    await page.get_by_test_id("notification-view-all").click()
    notifications = page.get_by_test_id("notifications-list")
    await expect(notifications).to_contain_text("发票抬头有误")
    await _fits_the_width(page, "notifications-page")
    await page.screenshot(path=screenshot_path("notifications-390"), full_page=True)
    await page.get_by_test_id("notifications-filter").get_by_text("未读").click()
    item = notifications.get_by_role("listitem").filter(has_text="发票抬头有误")
    await expect(item).to_have_attribute("data-read", "false")
    await item.click()
    await expect(page.get_by_test_id("ticket-subject")).to_have_text("发票抬头有误")
    await _fits_the_width(page)
    await page.screenshot(path=screenshot_path("ticket-390"), full_page=True)
    await page.go_back()
    await expect(page.get_by_test_id("notifications-empty")).to_be_visible()

    await page.context.clear_cookies()
    await sign_in(page, "admin@demo.example")
    await page.goto("/kb")
    await expect(page.get_by_test_id("kb-editor-page")).to_be_visible()
    await _fits_the_width(page, "kb-editor-page")
    await page.screenshot(path=screenshot_path("kb-390"), full_page=True)

    # The customer's portal, on their phone: their tickets, one ticket, the knowledge base.
    admin = await factories.principal(db, "admin@demo.example")
    account_email = f"narrow.{uuid.uuid4().hex[:6]}@caller.example"
    async with db.write() as session:
        contacts = await _contacts(session, customer.id)
        await portal.create_account(session, admin, contacts["李来电"], account_email, "rapport-demo", "zh-CN")
    await page.context.clear_cookies()
    await sign_in(page, account_email)
    await page.goto("/portal")
    await expect(page.get_by_test_id(f"portal-ticket-{ticket.number}")).to_be_visible()
    await _fits_the_width(page)
    await page.screenshot(path=screenshot_path("portal-390"), full_page=True)
    await page.get_by_test_id(f"portal-ticket-{ticket.number}").get_by_test_id("portal-ticket-link").click()
    await expect(page.get_by_test_id("portal-ticket")).to_be_visible()
    await _fits_the_width(page)
    await page.goto("/portal/kb")
    await _fits_the_width(page)

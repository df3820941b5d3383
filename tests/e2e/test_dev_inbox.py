"""The development inbox in a browser: a ticket's acknowledgement reaches the SMTP sink, and an admin reads it."""

from __future__ import annotations

import re

from playwright.async_api import Page, expect

from tests.conftest import GraphQLClient
from tests.e2e.conftest import screenshot_path
from tests.e2e.test_admin import sign_in, sign_out
from tests.mail_sink import MailSink
from tests.support.conftest import Desk, open_ticket
from tests.support.conftest import desk as desk  # the service-desk fixture, reused here


async def test_an_admin_reads_the_customers_email_in_the_development_inbox(
    page: Page, desk: Desk, gql: GraphQLClient, smtp_sink: MailSink
) -> None:
    await gql.login("supervisor@demo.example")
    ticket = await open_ticket(gql, desk, subject="发票抬头错误")
    assert (await smtp_sink.deliver())["sent"] == 1
    subject = f"【{ticket['number']}】我们已收到您的服务请求：发票抬头错误"

    await sign_in(page, "admin@demo.example")
    await page.goto("/admin/dev-inbox")
    item = page.get_by_test_id("dev-inbox-item").filter(has_text=subject)
    await expect(item).to_contain_text("wang@contoso.cn")
    await item.click()
    await expect(page.get_by_test_id("dev-inbox-subject")).to_have_text(subject)
    html = page.frame_locator("[data-testid='dev-inbox-html']")
    await expect(html.get_by_text(ticket["number"]).first).to_be_visible()
    await page.screenshot(path=screenshot_path("admin-dev-inbox"), full_page=True)
    await page.get_by_text(re.compile("^纯文本$")).click()
    await expect(page.get_by_test_id("dev-inbox-text")).to_contain_text("王芳，您好")
    await sign_out(page)

    # Not for anyone else.
    await sign_in(page, "agent@demo.example")
    await page.goto("/admin/dev-inbox")
    await expect(page.get_by_test_id("admin-forbidden")).to_be_visible()

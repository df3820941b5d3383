"""The admin area in a browser: masking a phone for agents takes effect for them; users, audit log, bell, search."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Any

import pytest
from playwright.async_api import Page, expect

from tests.conftest import GraphQLClient
from tests.e2e.conftest import choose_option, screenshot_path
from tests.support.conftest import Desk, mutate, open_ticket
from tests.support.conftest import desk as desk  # the service-desk fixture, reused here

PERMISSION_SET = """
mutation($i: PermissionSetInput!) { permissionSet(input: $i) { userErrors { field message } } }
"""


async def sign_in(page: Page, email: str) -> None:
    await page.goto("/login")
    await page.get_by_test_id("login-email").fill(email)
    await page.get_by_test_id("login-password").fill("rapport-demo")
    await page.get_by_test_id("login-submit").click()
    await expect(page.get_by_test_id("viewer-name")).to_be_visible()


async def sign_out(page: Page) -> None:
    await page.get_by_test_id("logout").click()
    await expect(page).to_have_url(re.compile(r"/login$"))


async def set_agent_phone_access(page: Page, label: str, access: str) -> None:
    """As the signed-in admin, set service_agent's Contact.phones in the matrix and confirm."""
    await page.goto("/admin/permissions?type=Contact&roles=service_agent")
    cell = page.get_by_test_id("access-service_agent-Contact.phones")
    await expect(cell).to_be_visible()
    # The select shows the new access only once confirmed: a confirmation dialog follows the pick.
    await cell.get_by_role("combobox").click()
    await page.locator(".ant-select-dropdown:visible .ant-select-item-option", has_text=label).click()
    await expect(page.get_by_test_id("permission-confirm")).to_contain_text("Contact.phones")
    await page.get_by_role("button", name=re.compile(r"确\s*认")).click()
    await expect(page.get_by_text("权限已更新")).to_be_visible()
    await expect(cell).to_have_attribute("data-access", access)


@pytest.fixture
async def agent_ticket(desk: Desk, gql: GraphQLClient) -> AsyncIterator[dict[str, Any]]:
    """A ticket of the desk's customer assigned to agent@demo.example; the policy is put back afterwards."""
    await gql.login("supervisor@demo.example")
    ticket = await open_ticket(gql, desk)
    assigned = await mutate(gql, "ticketAssign", "TicketAssignInput", {"id": ticket["id"], "agentId": desk.agent_id})
    assert assigned["userErrors"] == [], assigned
    yield ticket
    # Whatever happened, agents see phones masked again, as shipped.
    await gql.login("admin@demo.example")
    body = await gql(
        PERMISSION_SET, {"i": {"role": "service_agent", "type": "Contact", "field": "phones", "access": "MASKED"}}
    )
    assert body["data"]["permissionSet"]["userErrors"] == [], body


async def test_admin_masks_a_phone_for_agents_and_the_agent_sees_it_masked(
    page: Page, desk: Desk, agent_ticket: dict[str, Any]
) -> None:
    customer_page = f"/customers/{desk.customer_id}"

    await sign_in(page, "admin@demo.example")
    await set_agent_phone_access(page, "只读", "READ")
    await page.screenshot(path=screenshot_path("admin-permissions"), full_page=True)
    await sign_out(page)

    # The agent reads the whole number now.
    await sign_in(page, "agent@demo.example")
    await page.goto(customer_page)
    phone = page.get_by_test_id("contact-phone").first
    await expect(phone).to_contain_text("13600001111")
    await expect(phone.locator("[data-masked='true']")).to_have_count(0)
    await page.screenshot(path=screenshot_path("admin-agent-phone-read"), full_page=True)
    await sign_out(page)

    await sign_in(page, "admin@demo.example")
    await set_agent_phone_access(page, "脱敏", "MASKED")
    await sign_out(page)

    # ... and masked after the admin masked it again: the lock marker, no whole number.
    await sign_in(page, "agent@demo.example")
    await page.goto(customer_page)
    phone = page.get_by_test_id("contact-phone").first
    await expect(phone.locator("[data-masked='true']")).to_be_visible()
    await expect(phone).to_contain_text("****")
    await expect(phone).not_to_contain_text("13600001111")
    await page.screenshot(path=screenshot_path("admin-agent-phone-masked"), full_page=True)


async def test_admin_tour_users_audit_rules_bell_and_search(
    page: Page, desk: Desk, agent_ticket: dict[str, Any], gql: GraphQLClient
) -> None:
    await sign_in(page, "admin@demo.example")

    # Users: the list, then a new user (emails sort first with "aaa").
    await page.get_by_test_id("nav-admin").click()
    await expect(page).to_have_url(re.compile(r"/admin/users$"))
    await expect(page.get_by_test_id("user-row-agent@demo.example")).to_be_visible()
    await page.screenshot(path=screenshot_path("admin-users"), full_page=True)
    await page.get_by_test_id("user-create").click()
    form = page.get_by_test_id("user-form")
    await form.get_by_test_id("user-email").fill("aaa.tour@demo.example")
    await form.get_by_test_id("user-name").fill("巡检用户")
    await form.get_by_test_id("user-password").fill("tour-pass-1")
    await choose_option(page, form.get_by_test_id("user-roles"), "数据分析师")
    await form.get_by_test_id("user-name").click()  # closes the roles dropdown
    await page.get_by_role("dialog").get_by_role("button", name=re.compile(r"保\s*存")).click()
    await expect(page.get_by_test_id("user-row-aaa.tour@demo.example")).to_contain_text("数据分析师")

    # The audit log shows the creation, old -> new, with the filters in the URL.
    await page.goto("/admin/audit?entityType=User&action=create")
    changes = page.get_by_test_id("audit-changes").first
    await expect(changes).to_contain_text("aaa.tour@demo.example")
    await expect(changes).to_contain_text("→")
    await page.screenshot(path=screenshot_path("admin-audit"), full_page=True)

    # The other sections render.
    await page.get_by_test_id("admin-tab-teams").click()
    await expect(page.get_by_test_id("team-tree")).to_be_visible()
    await page.screenshot(path=screenshot_path("admin-teams"), full_page=True)
    await page.get_by_test_id("admin-tab-permissions").click()
    await page.get_by_test_id("permissions-tab-preview").click()
    await expect(page.get_by_test_id("role-preview")).to_be_visible()
    await page.screenshot(path=screenshot_path("admin-view-as-role"), full_page=True)
    await page.get_by_test_id("permissions-tab-scopes").click()
    await expect(page.get_by_test_id("scope-matrix")).to_be_visible()
    await page.screenshot(path=screenshot_path("admin-scopes"), full_page=True)
    await page.get_by_test_id("admin-tab-service").click()
    await expect(page.get_by_test_id("service-rules")).to_be_visible()
    # A business calendar with the form's defaults (Monday to Friday, 09:00-18:00).
    await page.get_by_test_id("calendar-create").click()
    await page.get_by_test_id("calendar-name").fill("上海工作日")
    await page.get_by_role("dialog").get_by_role("button", name=re.compile(r"保\s*存")).click()
    await expect(page.get_by_test_id("calendar-row-上海工作日")).to_contain_text("09:00–18:00")
    await page.screenshot(path=screenshot_path("admin-service"), full_page=True)

    # The quote gate's threshold goes up; the other stage settings stay as they were.
    await page.get_by_test_id("admin-tab-sales").click()
    await expect(page.get_by_test_id("stage-gate-quote")).to_contain_text("100,000")
    await page.get_by_test_id("stage-edit-quote").click()
    await page.get_by_test_id("stage-threshold").fill("250000")
    await page.get_by_role("dialog").get_by_role("button", name=re.compile(r"保\s*存")).click()
    await expect(page.get_by_test_id("stage-gate-quote")).to_contain_text("250,000")
    await expect(page.get_by_test_id("stage-row-quote")).to_contain_text("30%")
    await page.screenshot(path=screenshot_path("admin-sales"), full_page=True)

    # Global search finds the desk's customer and its ticket; Enter opens the first result.
    search = page.get_by_test_id("global-search-input")
    await search.fill("Contoso")
    await expect(page.get_by_test_id(f"search-result-customer-{desk.customer_id}")).to_be_visible()
    await page.wait_for_timeout(300)  # the dropdown fades in
    await page.screenshot(path=screenshot_path("admin-search"))
    await search.press("Enter")
    await expect(page).to_have_url(re.compile(rf"/customers/{re.escape(desk.customer_id)}$"))
    await sign_out(page)

    # The agent's bell: the assignment notification, opened from the dropdown.
    await sign_in(page, "agent@demo.example")
    bell = page.get_by_test_id("notification-bell")
    await expect(bell).not_to_have_attribute("data-unread", "0")
    await bell.click()
    await expect(page.get_by_test_id("notification-list")).to_contain_text("打印机无法连接")
    await page.wait_for_timeout(500)  # the popover fades in
    await page.screenshot(path=screenshot_path("admin-bell"))
    await page.get_by_test_id("notification-list").get_by_role("listitem").first.click()
    await expect(page).to_have_url(re.compile(rf"/service/tickets/{re.escape(agent_ticket['id'])}$"))
    await expect(bell).to_have_attribute("data-unread", "0")  # opening it marked it read

    # A new assignment arrives over the subscription: the count goes up without a reload.
    await gql.login("supervisor@demo.example")
    second = await open_ticket(gql, desk, subject="发票抬头错误")
    await mutate(gql, "ticketAssign", "TicketAssignInput", {"id": second["id"], "agentId": desk.agent_id})
    await expect(bell).to_have_attribute("data-unread", "1", timeout=10_000)
    await bell.click()
    await expect(page.get_by_test_id("notification-list").get_by_role("listitem").first).to_contain_text("发票抬头错误")

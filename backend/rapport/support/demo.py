"""Demo data of the service desk: agent skills, routing rules, articles, a portal user and some tickets."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core import clock
from rapport.core.principal import Principal
from rapport.customers.service import contacts_of, oldest_customers
from rapport.identity.service import acting_as, first_team_of_kind
from rapport.support.admin import service as admin
from rapport.support.demo_complaints import seed_complaints
from rapport.support.kb import service as kb
from rapport.support.portal import service as portal
from rapport.support.repository import SupportRepository
from rapport.support.workflow import service as workflow

PORTAL_EMAIL = "customer@demo.example"
ARTICLES = [
    (
        "打印机无法连接网络怎么办",
        "How to fix a printer that cannot connect",
        "hardware",
        "1. 检查网线或无线连接。\n2. 在打印机菜单中确认 IP 地址。\n3. 重启路由器和打印机。",
        "1. Check the cable or Wi-Fi.\n2. Confirm the IP address in the printer menu.\n3. Restart router and printer.",
    ),
    (
        "如何申请增值税发票",
        "How to request a VAT invoice",
        "billing",
        "在订单详情页点击“申请发票”，填写抬头和税号，3 个工作日内开具。",
        "Open the order, choose *Request invoice*, enter the company name and tax number; issued in 3 working days.",
    ),
    (
        "重置登录密码",
        "Resetting your password",
        "account",
        "在登录页点击“忘记密码”，按短信验证码提示操作。",
        "On the sign-in page choose *Forgot password* and follow the SMS code.",
    ),
    (
        "网络速度慢的排查步骤",
        "Troubleshooting a slow network",
        "network",
        "先测速，再检查是否有设备占用带宽，最后联系运营商。",
        "Measure the speed, look for devices using the bandwidth, then call the provider.",
    ),
]
SUBJECTS = [
    ("打印机无法连接", "Printer will not connect", "hardware"),
    ("发票抬头错误", "Wrong name on the invoice", "billing"),
    ("无法登录系统", "Cannot sign in", "account"),
    ("网络经常掉线", "Network keeps dropping", "network"),
]


async def seed_support(session: AsyncSession, locale: str, random_seed: int) -> dict[str, Any]:
    """Create the service desk's demo data once (nothing when routing rules exist already)."""
    if await SupportRepository(session).has_routing_rules():
        return {"skipped": True}
    zh = locale.startswith("zh")
    rng = random.Random(random_seed)  # noqa: S311 - demo data
    actor = await _demo_user(session, "admin@demo.example")
    queue = await first_team_of_kind(session, "service")
    assert queue is not None
    for email, skills in (
        ("agent@demo.example", ["hardware", "network"]),
        ("agent2@demo.example", ["billing", "account"]),
    ):
        await admin.set_agent_profile(session, actor, (await _demo_user(session, email)).user_id, skills, True, 20)
    for position, (_, _, category) in enumerate(SUBJECTS):
        await admin.save_routing_rule(
            session,
            actor,
            None,
            None,
            {"position": position, "category": category, "queue_id": queue, "skill": category},
        )
    await admin.save_calendar(
        session,
        actor,
        None,
        None,
        {
            "name": "上海办公时间" if zh else "Shanghai office hours",
            "timezone": "Asia/Shanghai",
            "working_days": [1, 2, 3, 4, 5],
            # National Day week (国庆节) of this year.
            "holidays": [date(clock.now().year, 10, day) for day in range(1, 8)],
        },
    )
    for title_zh, title_en, category, body_zh, body_en in ARTICLES:
        await kb.save_article(
            session,
            actor,
            None,
            None,
            {
                "title": title_zh if zh else title_en,
                "body": body_zh if zh else body_en,
                "category": category,
                "status": "published",
            },
        )
    customers = await oldest_customers(session, 40)
    if not customers:
        return {"tickets": 0}
    complaints = await seed_complaints(session, locale, random_seed, clock.now())
    contacts = await contacts_of(session, customers[0].id)
    if contacts and await acting_as(session, PORTAL_EMAIL) is None:
        await portal.create_account(
            session, actor, contacts[0].id, PORTAL_EMAIL, "rapport-demo", "zh-CN" if zh else "en"
        )
    agents = [await _demo_user(session, "agent@demo.example"), await _demo_user(session, "agent2@demo.example")]
    supervisor = await _demo_user(session, "supervisor@demo.example")
    now = clock.now()
    count = 0
    for i, customer in enumerate(customers):
        subject_zh, subject_en, category = SUBJECTS[i % len(SUBJECTS)]
        with clock.frozen_at(now - timedelta(hours=rng.randrange(1, 240))):
            ticket = await workflow.create_ticket(
                session,
                actor,
                workflow.TicketDraft(
                    subject=subject_zh if zh else subject_en,
                    category=category,
                    customer_id=customer.id,
                    channel=rng.choice(["phone", "email", "web", "wechat"]),
                    priority=rng.choice(["low", "normal", "normal", "high", "urgent"]),
                ),
            )
        count += 1
        stage = i % 5
        agent = next((a for a in agents if a.user_id == ticket.assignee_id), agents[i % 2])
        if ticket.assignee_id is None:
            await workflow.assign(session, supervisor, ticket.id, agent.user_id, None)
        if stage >= 1:
            await workflow.start(session, agent, ticket.id, None)
            await workflow.comment(session, agent, ticket.id, "正在处理" if zh else "Working on it", public=True)
        if stage >= 3:
            await workflow.resolve(session, agent, ticket.id, None)
        if stage == 4:
            await workflow.rate(session, None, ticket.id, rng.choice([2, 4, 5, 5]), None)
    return {"tickets": count, "complaints": complaints, "total": await SupportRepository(session).count_all()}


async def _demo_user(session: AsyncSession, email: str) -> Principal:
    principal = await acting_as(session, email)
    assert principal is not None, f"seed the identity demo first: no {email}"
    return principal

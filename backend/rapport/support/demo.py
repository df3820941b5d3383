"""Demo data of the service desk: agent skills, routing rules, articles, a portal user and some tickets."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core import clock
from rapport.core.principal import Principal
from rapport.customers.models import Contact, Customer
from rapport.identity.models import Team, User, UserRole
from rapport.support import admin, kb, portal, workflow
from rapport.support.models import RoutingRule, Ticket

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
    if (await session.execute(select(func.count()).select_from(RoutingRule))).scalar_one():
        return {"skipped": True}
    zh = locale.startswith("zh")
    rng = random.Random(random_seed)  # noqa: S311 - demo data
    users = {u.email: u for u in (await session.execute(select(User))).scalars()}
    admin_user = users["admin@demo.example"]
    actor = Principal(
        admin_user.id,
        admin_user.email,
        admin_user.name,
        admin_user.locale,
        frozenset({"admin"}),
        None,
        None,
        "session",
        admin_user.id,
    )
    team = (await session.execute(select(Team).where(Team.kind == "service").order_by(Team.path))).scalars().first()
    assert team is not None
    for email, skills in (
        ("agent@demo.example", ["hardware", "network"]),
        ("agent2@demo.example", ["billing", "account"]),
    ):
        await admin.set_agent_profile(session, actor, users[email].id, skills, True, 20)
    for position, (_, _, category) in enumerate(SUBJECTS):
        await admin.save_routing_rule(
            session,
            actor,
            None,
            None,
            {"position": position, "category": category, "queue_id": team.id, "skill": category},
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
    customers = (
        (
            await session.execute(
                select(Customer).where(Customer.merged_into_id.is_(None)).order_by(Customer.created_at).limit(40)
            )
        )
        .scalars()
        .all()
    )
    if not customers:
        return {"tickets": 0}
    contact = (await session.execute(select(Contact).where(Contact.customer_id == customers[0].id))).scalars().first()
    if contact is not None and PORTAL_EMAIL not in users:
        await portal.create_account(session, actor, contact.id, PORTAL_EMAIL, "rapport-demo", "zh-CN" if zh else "en")
    agents = [users["agent@demo.example"], users["agent2@demo.example"]]
    supervisor = users["supervisor@demo.example"]
    roles = {r[0] for r in (await session.execute(select(UserRole.role_name).where(UserRole.user_id == supervisor.id)))}
    sup = Principal(
        supervisor.id,
        supervisor.email,
        supervisor.name,
        supervisor.locale,
        frozenset(roles),
        supervisor.team_id,
        team.path,
        "session",
        supervisor.id,
    )
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
        agent = next((a for a in agents if a.id == ticket.assignee_id), agents[i % 2])
        agent_principal = Principal(
            agent.id,
            agent.email,
            agent.name,
            agent.locale,
            frozenset({"service_agent"}),
            agent.team_id,
            team.path,
            "session",
            agent.id,
        )
        if ticket.assignee_id is None:
            await workflow.assign(session, sup, ticket.id, agent.id, None)
        if stage >= 1:
            await workflow.start(session, agent_principal, ticket.id, None)
            await workflow.comment(
                session, agent_principal, ticket.id, "正在处理" if zh else "Working on it", public=True
            )
        if stage >= 3:
            await workflow.resolve(session, agent_principal, ticket.id, None)
        if stage == 4:
            await workflow.rate(session, None, ticket.id, rng.choice([2, 4, 5, 5]), None)
    total = (await session.execute(select(func.count()).select_from(Ticket))).scalar_one()
    return {"tickets": count, "total": total}

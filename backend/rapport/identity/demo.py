"""Demo users and teams: one sign-in per role, password `rapport-demo`."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from rapport.identity.models import Team
from rapport.identity.repository import IdentityRepository
from rapport.identity.service import create_team, create_user

DEMO_PASSWORD = "rapport-demo"  # noqa: S105 - documented demo credential, refused in production


@dataclass(frozen=True)
class DemoUser:
    """One demo sign-in."""

    email: str
    roles: tuple[str, ...]
    team: str | None
    name_zh: str
    name_en: str


DEMO_TEAMS: dict[str, tuple[str | None, str, str, str]] = {
    # key: (parent key, kind, zh name, en name)
    "sales": (None, "sales", "销售中心", "Sales"),
    "east": ("sales", "sales", "华东销售部", "East Sales"),
    "north": ("sales", "sales", "华北销售部", "North Sales"),
    "service": (None, "service", "客户服务部", "Customer Service"),
}

DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser("admin@demo.example", ("admin",), None, "系统管理员", "Ada Admin"),
    DemoUser("director@demo.example", ("sales_director",), "sales", "王总监", "Dana Director"),
    DemoUser("manager@demo.example", ("sales_manager",), "east", "李经理", "Mark Manager"),
    DemoUser("rep@demo.example", ("sales_rep",), "east", "张伟", "Rita Rep"),
    DemoUser("rep2@demo.example", ("sales_rep",), "north", "刘洋", "Ray Rep"),
    DemoUser("supervisor@demo.example", ("service_supervisor",), "service", "陈主管", "Sue Supervisor"),
    DemoUser("agent@demo.example", ("service_agent",), "service", "杨客服", "Alex Agent"),
    DemoUser("agent2@demo.example", ("service_agent",), "service", "赵客服", "Andy Agent"),
    DemoUser("marketing@demo.example", ("marketing",), None, "孙市场", "Mia Marketing"),
    DemoUser("mktmanager@demo.example", ("marketing_manager",), None, "吴经理", "Max Marketing Manager"),
    DemoUser("analyst@demo.example", ("analyst",), None, "周分析", "Noah Analyst"),
)

TEAM_MANAGERS = {
    "sales": "director@demo.example",
    "east": "manager@demo.example",
    "north": "director@demo.example",
    "service": "supervisor@demo.example",
}


async def seed_identity(session: AsyncSession, locale: str) -> dict[str, int]:
    """Create the demo teams and users that do not exist yet (safe to run twice)."""
    repo = IdentityRepository(session)
    zh = locale.startswith("zh")
    teams: dict[str, Team] = {}
    created_teams = created_users = 0
    for key, (parent, kind, name_zh, name_en) in DEMO_TEAMS.items():
        name = name_zh if zh else name_en
        team = await repo.team_by_name(name)
        if team is None:
            team = await create_team(session, name=name, parent=teams.get(parent) if parent else None, kind=kind)
            created_teams += 1
        teams[key] = team
    users = {}
    for demo in DEMO_USERS:
        user = await repo.user_by_email(demo.email)
        if user is None:
            user = await create_user(
                session,
                email=demo.email,
                name=demo.name_zh if zh else demo.name_en,
                password=DEMO_PASSWORD,
                roles=demo.roles,
                team=teams[demo.team] if demo.team else None,
                locale="zh-CN" if zh else "en",
            )
            created_users += 1
        users[demo.email] = user
    for key, email in TEAM_MANAGERS.items():
        if teams[key].manager_id is None:
            teams[key].manager_id = users[email].id
    await session.flush()
    return {"teams": created_teams, "users": created_users}

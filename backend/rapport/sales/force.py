"""The sales force as sales sees it, through the identity domain's service: who sells, who manages and approves,
and who a caller may hand leads and customers to."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core.authz.policy import Scope, current
from rapport.core.principal import Principal
from rapport.graphql.declare import Rows
from rapport.identity.service import (
    UserRow,
    roles_of,
    team_by_id,
    user_by_id,
    users_holding,
    users_with_roles,
)

#: The roles of the sales force.
SALES_ROLES = ("sales_rep", "sales_manager", "sales_director")


async def seller(session: AsyncSession, user_id: uuid.UUID) -> UserRow | None:
    """The user if they are active and hold a sales role (rep, manager or director), else None."""
    user = await user_by_id(session, user_id)
    if user is None or not user.active or not set(SALES_ROLES) & set(await roles_of(session, user.id)):
        return None
    return user


async def team_manager(session: AsyncSession, team_id: uuid.UUID) -> uuid.UUID | None:
    """The manager of a team, if it has one."""
    team = await team_by_id(session, team_id)
    return None if team is None else team.manager_id


async def approver_ids(session: AsyncSession) -> list[uuid.UUID]:
    """Active sales directors, who decide approval requests, by email."""
    directors = await users_with_roles(session, ["sales_director"])
    return [user.id for user in sorted(directors, key=lambda user: user.email)]


async def in_team_subtree(session: AsyncSession, user_id: uuid.UUID, team_path: str) -> bool:
    """True when the user belongs to the team at `team_path` or a team below it."""
    user = await user_by_id(session, user_id)
    team = None if user is None or user.team_id is None else await team_by_id(session, user.team_id)
    return team is not None and team.path.startswith(team_path)


def sales_force_rows(principal: Principal) -> Rows:
    """Who the caller may hand customers and leads to, by name (`Query.salesForce`, both read paths): every active
    sales user for those who see all customers (directors, admins), else those of the caller's team subtree, or only
    the caller (when they sell) without a team."""
    if Scope.ALL in current().for_roles(principal.roles).scope("Customer"):
        return users_holding(SALES_ROLES)
    if principal.team_path:
        return users_holding(SALES_ROLES, team_path=principal.team_path)
    return users_holding(SALES_ROLES, user_id=principal.user_id)

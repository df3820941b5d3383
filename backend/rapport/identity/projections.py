"""Users and teams as SQL for the compiled read path (unscoped by id, as their loaders are)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from rapport.core.principal import Principal
from rapport.graphql.projections import Arguments, Relation, Rows, project, relation
from rapport.identity import models, types

project("User", models.User, types.User)
project("Team", models.Team, types.Team)


def by_user_id(attribute: str) -> Any:
    """Rows of the user whose id the parent row holds in `attribute` (e.g. a customer's `owner_id`)."""

    def rows(parent: Any, principal: Principal | None, arguments: Arguments) -> Rows:
        return Rows(select(models.User).where(models.User.id == getattr(parent, attribute)))

    return rows


def by_team_id(attribute: str) -> Any:
    """Rows of the team whose id the parent row holds in `attribute`."""

    def rows(parent: Any, principal: Principal | None, arguments: Arguments) -> Rows:
        return Rows(select(models.Team).where(models.Team.id == getattr(parent, attribute)))

    return rows


relation("User", "team", Relation("Team", "one", by_team_id("team_id")))
relation("Team", "parent", Relation("Team", "one", by_team_id("parent_id")))
relation("Team", "manager", Relation("User", "one", by_user_id("manager_id")))
relation("Customer", "owner", Relation("User", "one", by_user_id("owner_id")))
relation("Customer", "team", Relation("Team", "one", by_team_id("team_id")))

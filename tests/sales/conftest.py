"""Sales fixtures: the demo sales force (director, manager and rep in east, rep2 in north) and their ids."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import select

from rapport.core.db import Database
from rapport.core.principal import Principal
from rapport.graphql.node import to_global_id
from rapport.identity.models import Team, User
from rapport.sales.models import PipelineStage
from tests import factories
from tests.conftest import GraphQLClient


@dataclass
class Sales:
    """Principals and global ids the sales tests use."""

    rep: Principal
    rep2: Principal
    manager: Principal
    director: Principal
    users: dict[str, str]  # email -> global id
    teams: dict[str, str]  # name -> global id
    stages: dict[str, str]  # key -> global id
    raw_stages: dict[str, Any]  # key -> uuid


@pytest.fixture
async def sales(demo: dict[str, Any], db: Database) -> Sales:
    async with db.read() as session:
        users = {u.email: to_global_id("User", u.id) for u in (await session.execute(select(User))).scalars()}
        teams = {t.name: to_global_id("Team", t.id) for t in (await session.execute(select(Team))).scalars()}
        stages = list((await session.execute(select(PipelineStage).order_by(PipelineStage.position))).scalars())
    return Sales(
        rep=await factories.principal(db, "rep@demo.example"),
        rep2=await factories.principal(db, "rep2@demo.example"),
        manager=await factories.principal(db, "manager@demo.example"),
        director=await factories.principal(db, "director@demo.example"),
        users=users,
        teams=teams,
        stages={s.key: to_global_id("PipelineStage", s.id) for s in stages},
        raw_stages={s.key: s.id for s in stages},
    )


async def call(
    gql: GraphQLClient, name: str, input_type: str, values: dict[str, Any], selection: str
) -> dict[str, Any]:
    """Run a sales mutation with one input and return its payload (failing on GraphQL errors)."""
    body = await gql(f"mutation($i: {input_type}!) {{ {name}(input: $i) {{ {selection} }} }}", {"i": values})
    assert "errors" not in body, body
    payload: dict[str, Any] = body["data"][name]
    return payload

"""The committed schema equals the served one, every type and field is described, models match migrations."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from graphql import GraphQLInputObjectType, GraphQLInterfaceType, GraphQLObjectType
from sqlalchemy import text

from rapport.assembly import build_schema
from rapport.core.db import Database
from rapport.core.migrate import include_object
from rapport.models import metadata

ROOT = Path(__file__).resolve().parents[1]


def test_committed_schema_matches_the_served_schema() -> None:
    exported = subprocess.run(
        [sys.executable, "-m", "rapport", "export-schema"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    committed = (ROOT / "schema.graphql").read_text()
    assert committed == exported, "schema.graphql is stale: run `make schema` and commit the result"


def test_every_type_and_field_has_a_description() -> None:
    schema = build_schema()._schema
    missing: list[str] = []
    for name, gtype in schema.type_map.items():
        if name.startswith("__") or not isinstance(
            gtype, GraphQLObjectType | GraphQLInterfaceType | GraphQLInputObjectType
        ):
            continue
        if name not in ("Query", "Mutation", "Subscription") and not gtype.description:
            missing.append(name)
        for field_name, field in gtype.fields.items():
            if not field.description:
                missing.append(f"{name}.{field_name}")
            for arg_name, arg in getattr(field, "args", {}).items():
                if not arg.description:
                    missing.append(f"{name}.{field_name}({arg_name})")
    assert missing == []


async def test_models_and_migrations_agree(db: Database) -> None:
    def diff(connection: object) -> list[object]:
        context = MigrationContext.configure(connection, opts={"compare_type": True, "include_object": include_object})  # type: ignore[arg-type]
        return list(compare_metadata(context, metadata))

    async with db.engine.connect() as conn:
        differences = await conn.run_sync(diff)
    assert differences == [], "models differ from migrations: add an Alembic revision"


async def test_no_gin_index_keeps_a_pending_list(db: Database) -> None:
    # A GIN index's pending list (fastupdate) is read in full by every scan until VACUUM merges it: after a bulk
    # load the duplicate finder's one index scan took 50 times as long. Every GIN index, now and later, is built
    # without one (`rapport.core.db.GIN_WITH` in its model, and in its migration).
    async with db.engine.connect() as conn:
        rows = (
            await conn.execute(
                text(
                    "SELECT c.relname, c.reloptions FROM pg_class c JOIN pg_am a ON a.oid = c.relam "
                    "WHERE a.amname = 'gin' AND c.relnamespace = 'public'::regnamespace"
                )
            )
        ).all()
    assert len(rows) >= 4
    assert {name: options for name, options in rows if "fastupdate=off" not in (options or [])} == {}

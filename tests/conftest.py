"""Test fixtures: a real PostgreSQL (DATABASE_URL's server, else an embedded one), migrated once per run."""

from __future__ import annotations

import asyncio
import functools
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from rapport.config import Settings
from rapport.core import security
from rapport.core.db import Database, create_engine
from rapport.core.migrate import upgrade_to_head
from rapport.identity import service as identity_service
from rapport.identity.principals import principal_cache
from rapport.models import metadata

ROOT = Path(__file__).resolve().parents[1]
KEPT_TABLES = {"role", "casbin_rule"}  # reference data written by migrations, never changed by tests
#: Other tables migrations seed (SLA policies, pipeline stages, pool rules...): copied to this schema after
#: migrating and restored after every test, so each test starts from a freshly migrated database.
SEED_SCHEMA = "test_seed"

# argon2 is slow on purpose; tests hash the same few passwords again and again, so remember each hash.
identity_service.hash_password = functools.lru_cache(maxsize=64)(security.hash_password)  # type: ignore[assignment]


def _admin_url(server_url: str) -> str:
    return make_url(server_url).set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)


def _run_psql_admin(server_url: str, sql: str) -> None:
    async def run() -> None:
        engine = create_engine(_admin_url(server_url), pool_size=1)
        async with engine.connect() as conn:
            await conn.execution_options(isolation_level="AUTOCOMMIT")
            await conn.execute(text(sql))
        await engine.dispose()

    asyncio.run(run())


@pytest.fixture(scope="session")
def server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A PostgreSQL server: DATABASE_URL's when set, otherwise an embedded one started for this run."""
    external = os.environ.get("DATABASE_URL")
    if external:
        yield external
        return
    from rapport.core.embedded import EmbeddedPostgres

    embedded = EmbeddedPostgres(tmp_path_factory.mktemp("pg"))
    url = embedded.start()
    try:
        yield url
    finally:
        embedded.stop()


@pytest.fixture(scope="session")
def database_url(server_url: str) -> Iterator[str]:
    """A fresh, migrated database on that server, dropped at the end of the run."""
    name = f"rapport_test_{uuid.uuid4().hex[:10]}"
    _run_psql_admin(server_url, f'CREATE DATABASE "{name}"')
    url = make_url(server_url).set(drivername="postgresql", database=name).render_as_string(hide_password=False)

    async def migrate() -> None:
        engine = create_engine(url, pool_size=1)
        await upgrade_to_head(engine)
        async with engine.begin() as conn:
            await conn.execute(text(f"CREATE SCHEMA {SEED_SCHEMA}"))
            for table in metadata.sorted_tables:
                if table.name in KEPT_TABLES:
                    continue
                if (await conn.execute(text(f'SELECT EXISTS (SELECT FROM "{table.name}")'))).scalar():
                    await conn.execute(text(f'CREATE TABLE {SEED_SCHEMA}."{table.name}" AS TABLE "{table.name}"'))
        await engine.dispose()

    asyncio.run(migrate())
    try:
        yield url
    finally:
        _run_psql_admin(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def empty_database_url(server_url: str) -> Iterator[str]:
    """A database with no migrations applied (for readiness and migration tests)."""
    name = f"rapport_empty_{uuid.uuid4().hex[:10]}"
    _run_psql_admin(server_url, f'CREATE DATABASE "{name}"')
    try:
        yield (make_url(server_url).set(drivername="postgresql", database=name).render_as_string(hide_password=False))
    finally:
        _run_psql_admin(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def settings(database_url: str) -> Settings:
    """Test settings on the test database; jobs do not run in the background."""
    return Settings(rapport_env="test", database_url=database_url, jobs_in_process=False)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
async def db(settings: Settings) -> AsyncIterator[Database]:
    """The test database's engine, shared by the run."""
    assert settings.database_url
    database = Database(create_engine(settings.database_url, pool_size=5))
    yield database
    await database.dispose()


@pytest.fixture(autouse=True)
async def _clean_tables(request: pytest.FixtureRequest) -> AsyncIterator[None]:
    """Every test starts with the tables as migrations left them (emptied, then seed rows restored)."""
    yield
    if "db" not in request.fixturenames:
        return
    database: Database = request.getfixturevalue("db")
    from rapport.core.authz.readlog import read_log

    read_log.discard()
    principal_cache.clear()
    tables = [t.name for t in metadata.sorted_tables if t.name not in KEPT_TABLES]
    tables += ["procrastinate_jobs", "procrastinate_periodic_defers", "procrastinate_events"]
    await truncate(database.engine, tables, restore_seed=True)


async def truncate(engine: Any, tables: list[str], *, restore_seed: bool = False) -> None:
    """TRUNCATE tables (then, if asked, put the migrations' seed rows back).

    A live server process may still be touching the tables (a subscriber's fetch, a late audit flush); TRUNCATE
    then waits or, rarely, deadlocks with it: try again.
    """
    for attempt in range(5):
        try:
            async with engine.begin() as conn:
                await conn.execute(text("SET LOCAL lock_timeout = '5s'"))
                await conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
                if restore_seed:
                    seeded = await conn.execute(
                        text("SELECT table_name FROM information_schema.tables WHERE table_schema = :s"),
                        {"s": SEED_SCHEMA},
                    )
                    names = {row[0] for row in seeded}
                    for table in metadata.sorted_tables:  # parents before children
                        if table.name in names:
                            await conn.execute(
                                text(f'INSERT INTO "{table.name}" SELECT * FROM {SEED_SCHEMA}."{table.name}"')
                            )
            return
        except DBAPIError:
            if attempt == 4:
                raise
            await asyncio.sleep(0.2)


@pytest.fixture
async def client(settings: Settings, db: Database) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client talking to the app in this process."""
    from rapport.app import create_app

    app = create_app(settings, database=db)
    transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http


class GraphQLClient:
    """Posts GraphQL operations and returns the decoded response."""

    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http

    async def __call__(
        self, query: str, variables: dict[str, Any] | None = None, *, headers: dict[str, str] | None = None
    ) -> dict[str, Any]:
        response = await self.http.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=headers or {}
        )
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    async def login(self, email: str, password: str = "rapport-demo") -> dict[str, Any]:
        """Sign in; the session cookie stays on the client."""
        return await self(
            "mutation($i: LoginInput!) { login(input: $i) { viewer { email } userErrors { field code message } } }",
            {"i": {"email": email, "password": password}},
        )


@pytest.fixture
def gql(client: httpx.AsyncClient) -> GraphQLClient:
    """A GraphQL client on the in-process app."""
    return GraphQLClient(client)


@pytest.fixture
async def demo(db: Database, settings: Settings) -> dict[str, Any]:
    """The demo users and teams (password rapport-demo)."""
    from rapport.demo import seed_demo

    return await seed_demo(db, settings, locale="en", customers=0)


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class LiveServer:
    """A `rapport serve` process on a free port, for websocket and browser tests."""

    def __init__(self, env: dict[str, str], log_path: Path, unset: tuple[str, ...] = ()) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self._log = log_path.open("wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "rapport", "serve", "--port", str(self.port), "--no-jobs"],
            env={**{k: v for k, v in os.environ.items() if k not in unset}, **env},
            stdout=self._log,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
        )

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited early:\n{self.log_path.read_text()[-4000:]}")
            try:
                if httpx.get(f"{self.url}/readyz", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise TimeoutError(f"server not ready in {timeout}s:\n{self.log_path.read_text()[-4000:]}")

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()
        return int(self.process.returncode)


@pytest.fixture(scope="session")
def live_server(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """One server process on the test database for the whole run."""
    server = LiveServer(
        {"DATABASE_URL": database_url, "RAPPORT_ENV": "test", "LOG_LEVEL": "WARNING"},
        tmp_path_factory.mktemp("live") / "server.log",
    )
    try:
        server.wait_ready()
        yield server
    finally:
        server.stop()

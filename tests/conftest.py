"""Test fixtures: a real PostgreSQL (DATABASE_URL's server, else an embedded one), migrated once per worker.

Run in parallel with pytest-xdist (`make test` passes `-n 2`). The workers share one server (DATABASE_URL's, or
one embedded server in the run's base temporary directory that the first worker starts and the last one stops);
each worker migrates a database of its own (`rapport_test_<worker>_<random>`), and every test of that worker
leaves it as migrations left it (`_clean_tables`). LISTEN/NOTIFY channels and advisory locks are per database,
so workers never hear or block each other. Server processes a test starts listen on ports from the worker's own
range (`free_port`).
"""

from __future__ import annotations

import asyncio
import functools
import os
import random
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from rapport.assembly import install
from rapport.config import Settings
from rapport.core import crypto, security
from rapport.core.authz import policy as authz_policy
from rapport.core.db import Database, create_engine
from rapport.core.migrate import upgrade_to_head
from rapport.core.principals import principal_cache
from rapport.identity import service as identity_service
from rapport.models import metadata
from tests import mail_sink as _mail_sink

# The SMTP sink fixtures (tests/mail_sink.py), for every test.
mail_sink_dir = _mail_sink.mail_sink_dir
smtp_sink = _mail_sink.smtp_sink

# Rapport assembled from its manifests, as every entry point does (nothing registers itself on import).
install()

ROOT = Path(__file__).resolve().parents[1]
KEPT_TABLES = {"role", "casbin_rule"}  # reference data written by migrations (a changed policy: `_restore_policy`)
#: Other tables migrations seed (SLA policies, pipeline stages, pool rules...): copied to this schema after
#: migrating and restored after every test, so each test starts from a freshly migrated database.
SEED_SCHEMA = "test_seed"

# argon2 is slow on purpose; tests hash the same few passwords again and again, so remember each hash.
identity_service.hash_password = functools.lru_cache(maxsize=64)(security.hash_password)  # type: ignore[assignment]


#: This process's xdist worker ("gw0", "gw1", ...), or "main" when the run is not distributed.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")


def _worker_number() -> int:
    return int(WORKER[2:]) if WORKER.startswith("gw") and WORKER[2:].isdigit() else 0


def _run_directory(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The run's base temporary directory, shared by its xdist workers (each works in a `popen-gw<n>` below)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if WORKER != "main" else base


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


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under `--dist loadgroup`, a module's tests that share a module-scoped fixture (a seeded server) run on one
    worker, which sets it up once; every other test goes to whichever worker is free."""
    if not config.pluginmanager.hasplugin("xdist"):
        return
    for item in items:
        info = getattr(item, "_fixtureinfo", None)
        definitions = info.name2fixturedefs.values() if info is not None else ()
        if any(d.scope == "module" for defs in definitions for d in defs):
            item.add_marker(pytest.mark.xdist_group(item.nodeid.split("::")[0]))


@pytest.fixture(scope="session")
def server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A PostgreSQL server: DATABASE_URL's when set, otherwise an embedded one started for this run.

    The embedded server's data directory is the run's, so that xdist workers share one server: pgserver lets
    processes join a running server and stops it when the last one leaves.
    """
    external = os.environ.get("DATABASE_URL")
    if external:
        yield external
        return
    from rapport.core.embedded import EmbeddedPostgres

    embedded = EmbeddedPostgres(_run_directory(tmp_path_factory) / "pg")
    url = embedded.start()
    try:
        yield url
    finally:
        embedded.stop()


@pytest.fixture(scope="session")
def database_url(server_url: str) -> Iterator[str]:
    """A fresh, migrated database on that server for this worker, dropped at the end of the run."""
    name = f"rapport_test_{WORKER}_{uuid.uuid4().hex[:10]}"
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
    name = f"rapport_empty_{WORKER}_{uuid.uuid4().hex[:10]}"
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
    database = Database(create_engine(settings.database_url, pool_size=5), raw_pool_size=5)
    yield database
    await database.dispose()


@pytest.fixture(autouse=True)
def _process_settings_restored() -> Iterator[None]:
    """What `create_app` sets for the whole process (the field keys and blind index, enforcement, the principal
    cache's lifetime) is put back after every test. A test that builds an app with other keys (a production
    configuration) otherwise left them in force for the rest of its worker: later tests wrote ciphertexts that
    the live server, on the default keys, could not read, and its phone lookups found nobody."""
    vault, enforcing, ttl = crypto._vault, authz_policy.enforcing(), principal_cache.ttl_seconds
    yield
    crypto._vault = vault
    authz_policy.set_enforcement(enforcing)
    principal_cache.ttl_seconds = ttl


#: The policy's content, whatever the ids of its rows (a policy put back has new ids but the same digest).
_POLICY_DIGEST = text(
    "SELECT md5(coalesce(string_agg(r, ';' ORDER BY r), '')) FROM "
    "(SELECT concat_ws(',', ptype, v0, v1, v2, v3, v4, v5) AS r FROM casbin_rule) AS rules"
)
#: The digest of each test database's policy before its first test (as migrations left it).
_clean_policy: dict[str, str] = {}


async def _policy_digest(engine: Any) -> str:
    async with engine.connect() as conn:
        return str((await conn.execute(_POLICY_DIGEST)).scalar_one())


async def _restore_policy(database: Database) -> None:
    """Put the shipped policy back when a test changed it (`permissionSet`, `permissionScopeSet`, ...): the policy
    table is kept between tests (`KEPT_TABLES`), and a change left behind silently changed what later tests of the
    worker were allowed (a role's revoked field refused a page's operation in an unrelated test)."""
    from sqlalchemy import delete

    from rapport.core.authz import store
    from rapport.core.authz.models import PolicyRule
    from rapport.core.authz.policy import DEFAULT_POLICY, read_csv

    key = str(database.engine.url)
    if await _policy_digest(database.engine) == _clean_policy[key]:
        return
    async with database.write() as session:
        await session.execute(delete(PolicyRule))
        session.add_all(
            PolicyRule(ptype=r[0], v0=r[1], v1=r[2], v2=r[3] if len(r) > 3 else None) for r in read_csv(DEFAULT_POLICY)
        )
        await store.announce_change(session)
    await store.load(database.engine)
    _clean_policy[key] = await _policy_digest(database.engine)


@pytest.fixture(autouse=True)
async def _clean_tables(request: pytest.FixtureRequest) -> AsyncIterator[None]:
    """Every test starts with the tables as migrations left them (emptied, then seed rows restored), and with the
    shipped policy."""
    if "db" in request.fixturenames:
        engine = request.getfixturevalue("db").engine
        if str(engine.url) not in _clean_policy:
            _clean_policy[str(engine.url)] = await _policy_digest(engine)
    yield
    if "db" not in request.fixturenames:
        return
    database: Database = request.getfixturevalue("db")
    from rapport.core.authz.readlog import read_log

    read_log.discard()
    principal_cache.clear()
    await reset_tables(database.engine, cleaned_tables())
    await _restore_policy(database)


def cleaned_tables() -> list[str]:
    """The tables every test leaves as migrations left them, parents before children."""
    tables = [t.name for t in metadata.sorted_tables if t.name not in KEPT_TABLES]
    return [
        *tables,
        "procrastinate_jobs",
        "procrastinate_periodic_defers",
        "procrastinate_events",
        "procrastinate_workers",
    ]


#: The sequences of `:tables` that a test advanced (RESTART IDENTITY's set, less the untouched ones).
_ADVANCED_SEQUENCES = text(
    """
    SELECT format('%I.%I', ns.nspname, seq.relname)
    FROM pg_class seq
    JOIN pg_namespace ns ON ns.oid = seq.relnamespace
    JOIN pg_depend dep ON dep.objid = seq.oid AND dep.classid = 'pg_class'::regclass
         AND dep.refclassid = 'pg_class'::regclass AND dep.deptype IN ('a', 'i')
    JOIN pg_class tab ON tab.oid = dep.refobjid
    JOIN pg_sequences ps ON ps.schemaname = ns.nspname AND ps.sequencename = seq.relname
    WHERE seq.relkind = 'S' AND ps.last_value IS NOT NULL AND tab.relname = ANY(:tables)
      AND ns.nspname = current_schema()
    """
)


async def reset_tables(engine: Any, tables: list[str]) -> None:
    """Put `tables` back as migrations left them: the ones a test wrote emptied, the seed rows restored, the
    sequences it advanced restarted.

    Only what a test wrote is emptied, by DELETE with foreign-key and user triggers off (`session_replication_role`,
    so the order does not matter): a TRUNCATE of every table (and what it cascades to) creates new files for each
    relation and index, ~1.3 s a test, which was half of CI's time. Where the role may not switch triggers off (not
    a superuser), TRUNCATE as before.
    """
    seeded = [t for t in tables if t in await _seed_tables(engine)]
    probe = " UNION ALL ".join(f"SELECT '{t}' WHERE EXISTS (SELECT 1 FROM \"{t}\")" for t in tables if t not in seeded)
    quoted = ", ".join(f'"{t}"' for t in tables)
    for attempt in range(5):
        try:
            async with engine.begin() as conn:
                await conn.execute(text("SET LOCAL lock_timeout = '5s'"))
                await conn.execute(text("SET LOCAL session_replication_role = replica"))
                # No write of a live server process (a late audit flush) slips between the probe and the deletes,
                # as TRUNCATE's locks made sure before; readers go on.
                await conn.execute(text(f"LOCK TABLE {quoted} IN EXCLUSIVE MODE"))
                written = [row[0] for row in await conn.execute(text(probe))]
                for name in [*written, *seeded]:
                    await conn.execute(text(f'DELETE FROM "{name}"'))
                for name in seeded:  # parents before children
                    await conn.execute(text(f'INSERT INTO "{name}" SELECT * FROM {SEED_SCHEMA}."{name}"'))
                for (sequence,) in await conn.execute(_ADVANCED_SEQUENCES, {"tables": tables}):
                    await conn.execute(text(f"ALTER SEQUENCE {sequence} RESTART"))
                # With triggers off, the users' and sessions' tables did not announce their change: live server
                # processes empty their principal caches on this, as on a TRUNCATE's trigger.
                await conn.execute(text("SELECT pg_notify('rapport_principals', 'reset')"))
            return
        except DBAPIError as error:
            if "permission denied" in str(error) and "session_replication_role" in str(error):
                await truncate(engine, tables, restore_seed=True)
                return
            if attempt == 4:
                raise
            await asyncio.sleep(0.2)


_seeded: dict[int, frozenset[str]] = {}


async def _seed_tables(engine: Any) -> frozenset[str]:
    """The tables migrations seed (copied to SEED_SCHEMA after migrating), once per engine."""
    if id(engine) not in _seeded:
        async with engine.connect() as conn:
            found = await conn.execute(
                text("SELECT table_name FROM information_schema.tables WHERE table_schema = :s"), {"s": SEED_SCHEMA}
            )
            _seeded[id(engine)] = frozenset(row[0] for row in found)
    return _seeded[id(engine)]


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
    # Tests read the server's text in English unless they ask for another language (tests/core/test_i18n.py).
    headers = {"accept-language": "en"}
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver", headers=headers) as http:
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


@dataclass
class BothPaths:
    """The same database through the compiled read path (`fast`, on `app`) and through the resolvers (`slow`), both
    signed in as one user."""

    app: Any
    fast: GraphQLClient
    slow: GraphQLClient

    @property
    def served(self) -> int:
        """How many reads the compiled path has answered."""
        return int(self.app.state.graphql.compiled.served)


@asynccontextmanager
async def both_paths(settings: Settings, db: Database, email: str) -> AsyncIterator[BothPaths]:
    """Two in-process apps on `db`, compiled reads on and off, signed in as `email`."""
    from rapport.app import create_app

    fast_app = create_app(settings, database=db)
    slow_app = create_app(settings.model_copy(update={"compiled_reads": False}), database=db)
    async with (
        httpx.AsyncClient(transport=httpx.ASGITransport(app=fast_app), base_url="http://t") as fast_http,
        httpx.AsyncClient(transport=httpx.ASGITransport(app=slow_app), base_url="http://t") as slow_http,
    ):
        paths = BothPaths(fast_app, GraphQLClient(fast_http), GraphQLClient(slow_http))
        await paths.fast.login(email)
        await paths.slow.login(email)
        yield paths


async def compiled_sql(app: Any, principal: Any, text: str, name: str | None, variables: dict[str, Any]) -> str:
    """The SQL the compiled path runs for `text` as `principal` (the operation must compile)."""
    from rapport.core.authz.scopes import principal_key
    from rapport.graphql.compiler import coerce_variables, sql_for

    compiled = app.state.graphql.compiled
    plan = compiled.plan(text, name, variables)
    assert plan is not None, f"{name} does not compile"
    found = sql_for(
        plan,
        compiled.schema,
        principal,
        (principal_key(principal), "en"),
        coerce_variables(compiled.schema, plan, variables),
    )
    assert found is not None, f"{name}: no SQL"
    return found[0].text


@pytest.fixture
def gql(client: httpx.AsyncClient) -> GraphQLClient:
    """A GraphQL client on the in-process app."""
    return GraphQLClient(client)


@pytest.fixture
async def demo(db: Database, settings: Settings) -> dict[str, Any]:
    """The demo users and teams (password rapport-demo)."""
    from rapport.demo import seed_demo

    return await seed_demo(db, settings, locale="en", customers=0)


#: Ports for server processes that tests start: each xdist worker its own block, below the kernel's ephemeral
#: range (32768 and up on Linux), so that neither another worker nor an outgoing connection takes a port between
#: our probe and the server's bind.
PORT_BASE, PORTS_PER_WORKER = 20000, 1000


def free_port() -> int:
    """A TCP port in this worker's block that nobody listens on right now."""
    first = PORT_BASE + PORTS_PER_WORKER * (_worker_number() % 12)
    candidates = list(range(first, first + PORTS_PER_WORKER))
    random.shuffle(candidates)  # other runs on the machine may use the same block
    for port in candidates:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {first}-{first + PORTS_PER_WORKER - 1}")


#: A test server's connection pool (the app's default is 20, plus as many again in overflow): two workers, each
#: with its own test process, `live_server` and a second server or the fuzz server, stay well inside PostgreSQL's
#: default of 100 connections.
SERVER_POOL_SIZE = "10"


class LiveServer:
    """A `rapport serve` process on a free port, for websocket and browser tests."""

    def __init__(
        self, env: dict[str, str], log_path: Path, unset: tuple[str, ...] = (), args: tuple[str, ...] = ()
    ) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self._log = log_path.open("wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "rapport", "serve", "--port", str(self.port), "--no-jobs", *args],
            env={"DB_POOL_SIZE": SERVER_POOL_SIZE, **{k: v for k, v in os.environ.items() if k not in unset}, **env},
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
        stop_process(self.process)
        self._log.close()
        return int(self.process.returncode)


def stop_process(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM, then SIGKILL if it has not ended within 30 s; waits for the end."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def live_server(
    database_url: str, mail_sink_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    """One server process on the test database for the whole run; its development inbox is the test sinks'."""
    server = LiveServer(
        {
            "DATABASE_URL": database_url,
            "RAPPORT_ENV": "test",
            "LOG_LEVEL": "WARNING",
            "MAIL_SINK_DIR": str(mail_sink_dir),
        },
        tmp_path_factory.mktemp("live") / "server.log",
    )
    try:
        server.wait_ready()
        yield server
    finally:
        server.stop()


@functools.cache
def _app_documents() -> dict[str | None, str]:
    from rapport.app import TRUSTED_DOCUMENTS
    from rapport.graphql.trusted import TrustedDocuments

    return {d.operation_name: d.text for d in TrustedDocuments.load(TRUSTED_DOCUMENTS).by_hash.values()}


def app_document(name: str) -> str:
    """The text of one of the web app's operations, from its trusted-documents manifest."""
    return _app_documents()[name]


async def wait_for_lock(db: Database, backend: int) -> None:
    """Return once the server process `backend` waits for a lock (a test's second transaction behind its first)."""
    waiting = None
    for _ in range(100):
        async with db.engine.connect() as probe:
            found = await probe.execute(
                text("SELECT wait_event_type FROM pg_stat_activity WHERE pid = :p"), {"p": backend}
            )
            waiting = found.scalar_one_or_none()
        if waiting == "Lock":
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the second transaction did not wait for the first")

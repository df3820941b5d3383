"""A read replica and PgBouncer, for real: a streaming replica and PgBouncer in transaction mode started here
(tests/core/cluster.py), Rapport in front of them as `DATABASE_REPLICA_URL` and `DATABASE_POOLER_URL` configure it.

What must hold: compiled reads go to the replica (a replica whose replay is paused serves old data to others);
whoever wrote reads their own writes (the cookie, the header, and the process's memory of the credential); a
replica that is down costs nothing but the attempt; every kind of request works through PgBouncer with few server
connections, while asyncpg's default prepared statements do not.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import asyncpg
import httpx
import pytest
from prometheus_client import REGISTRY

from rapport.app import create_app, open_database
from rapport.config import Settings
from rapport.core.db import Database, create_engine
from rapport.core.migrate import upgrade_to_head
from rapport.core.replica import LSN_COOKIE, parse_lsn
from rapport.demo import seed_demo
from tests.conftest import GraphQLClient, free_port
from tests.core.cluster import Cluster, start_cluster

pytestmark = pytest.mark.xdist_group("replicas")

READ = "query ReplicaRead($id: ID!) { customer(id: $id) { id name version } }"
CREATE = "mutation($i: CustomerCreateInput!) { customerCreate(input: $i) { customer { id name version } } }"
UPDATE = "mutation($i: CustomerUpdateInput!) { customerUpdate(input: $i) { customer { id name version } } }"
LIST = "query ReplicaList { customers(first: 20) { nodes { id name owner { name } } } }"


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    started = start_cluster()
    try:
        yield started
    finally:
        started.stop()


@pytest.fixture(scope="module")
async def migrated(cluster: Cluster) -> str:
    """The primary's database migrated, with the demo users (the replica follows)."""
    engine = create_engine(cluster.primary, pool_size=1)
    await upgrade_to_head(engine)
    await engine.dispose()
    settings = Settings(rapport_env="test", database_url=cluster.primary, jobs_in_process=False)  # type: ignore[arg-type]
    db = Database(create_engine(cluster.primary, pool_size=2))
    await seed_demo(db, settings, locale="en", customers=0)
    await db.dispose()
    return cluster.primary


def _settings(cluster: Cluster, **urls: Any) -> Settings:
    return Settings(rapport_env="test", database_url=cluster.primary, jobs_in_process=False, **urls)  # type: ignore[arg-type]


async def _app(settings: Settings) -> tuple[Any, Database]:
    db = open_database(settings, pool_size=4, raw_pool_size=4)
    return create_app(settings, database=db), db


async def _client(app: Any, email: str | None = None) -> tuple[httpx.AsyncClient, GraphQLClient]:
    http = httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver", headers={"accept-language": "en"}
    )
    client = GraphQLClient(http)
    if email is not None:
        signed = await client.login(email)
        assert signed["data"]["login"]["viewer"]["email"] == email, signed
    return http, client


def _served(server: str) -> float:
    return REGISTRY.get_sample_value("rapport_replica_reads_total", {"server": server}) or 0.0


async def _replica_sql(cluster: Cluster, sql: str) -> Any:
    connection = await asyncpg.connect(cluster.replica)
    try:
        return await connection.fetchval(sql)
    finally:
        await connection.close()


async def _caught_up(cluster: Cluster) -> None:
    """Until the replica has replayed everything the primary wrote so far."""
    primary = await asyncpg.connect(cluster.primary)
    try:
        target = parse_lsn(await primary.fetchval("SELECT pg_current_wal_lsn()::text"))
    finally:
        await primary.close()
    for _ in range(200):
        if parse_lsn(await _replica_sql(cluster, "SELECT pg_last_wal_replay_lsn()::text")) >= target:
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the replica did not catch up in 10 s")


async def _name(client: GraphQLClient, customer_id: str, headers: dict[str, str] | None = None) -> str:
    body = await client(READ, {"id": customer_id}, headers=headers)
    assert "errors" not in body, body
    name: str = body["data"]["customer"]["name"]
    return name


async def test_compiled_reads_go_to_the_replica_and_writers_read_their_writes(cluster: Cluster, migrated: str) -> None:
    settings = _settings(cluster, database_replica_url=cluster.replica)
    app, db = await _app(settings)
    other_process, other_db = await _app(settings)  # another web process: its own memory of who wrote what
    rep_http, rep = await _client(app, "rep@demo.example")
    manager_http, manager = await _client(app, "manager@demo.example")
    try:
        created = await rep(CREATE, {"i": {"name": "Replica Trading"}})
        customer = created["data"]["customerCreate"]["customer"]
        await _caught_up(cluster)
        assert await _name(manager, customer["id"]) == "Replica Trading"

        await _replica_sql(cluster, "SELECT pg_wal_replay_pause()")
        try:
            on_replica, on_primary = _served("replica"), _served("primary")
            response = await rep_http.post(
                "/graphql",
                json={
                    "query": UPDATE,
                    "variables": {
                        "i": {"id": customer["id"], "version": customer["version"], "name": "Replica Trading Renamed"}
                    },
                },
            )
            assert response.json()["data"]["customerUpdate"]["customer"]["name"] == "Replica Trading Renamed"
            lsn = response.headers["x-rapport-lsn"]
            assert parse_lsn(lsn) > 0 and rep_http.cookies[LSN_COOKIE] == lsn

            # The writer reads their write (the primary answers: the replica has not replayed it) ...
            assert await _name(rep, customer["id"]) == "Replica Trading Renamed"
            assert _served("primary") == on_primary + 1
            # ... while another user, who wrote nothing, is served by the replica, which is behind.
            assert await _name(manager, customer["id"]) == "Replica Trading"
            assert _served("replica") == on_replica + 1

            # Another process knows nothing of the write, but the browser's cookie says where to read ...
            _, elsewhere = await _client(other_process)
            elsewhere.http.cookies = rep_http.cookies
            assert await _name(elsewhere, customer["id"]) == "Replica Trading Renamed"
            # ... and an integrator sends the position back as a header (the manager may read the customer too).
            _, integrator = await _client(other_process)
            integrator.http.cookies = manager_http.cookies
            assert await _name(integrator, customer["id"], {"x-rapport-min-lsn": lsn}) == "Replica Trading Renamed"
            assert await _name(integrator, customer["id"]) == "Replica Trading"
            # A position that is not one is ignored, not an error.
            assert await _name(integrator, customer["id"], {"x-rapport-min-lsn": "not/an-lsn"}) == "Replica Trading"
        finally:
            await _replica_sql(cluster, "SELECT pg_wal_replay_resume()")
        await _caught_up(cluster)
        assert await _name(manager, customer["id"]) == "Replica Trading Renamed"
        ready = (await manager_http.get("/readyz")).json()
        assert ready["ready"] and ready["replica"]["reachable"] and ready["replica"]["lag_bytes"] < 1 << 20
    finally:
        await rep_http.aclose()
        await manager_http.aclose()
        await db.dispose()
        await other_db.dispose()


async def test_a_replica_that_is_down_costs_only_the_attempt(cluster: Cluster, migrated: str) -> None:
    nobody = f"postgresql://postgres@127.0.0.1:{free_port()}/{'rapport'}"
    app, db = await _app(_settings(cluster, database_replica_url=nobody))
    http, rep = await _client(app, "rep@demo.example")
    try:
        created = await rep(CREATE, {"i": {"name": "Down Replica Ltd"}})
        customer_id = created["data"]["customerCreate"]["customer"]["id"]
        on_primary = _served("primary")
        for _ in range(3):
            assert await _name(rep, customer_id) == "Down Replica Ltd"
        assert _served("primary") == on_primary + 3
        assert db.replica is not None and not db.replica.usable()  # left alone for a while, not retried each read
        db.replica.down_until = 0.0  # as if its time out were over: an export's own check finds it down again
        assert await db.on_replica() is db and not db.replica.usable()  # the export reads the primary
        ready = await http.get("/readyz")  # still ready: the primary answers the reads
        assert ready.status_code == 200 and ready.json()["replica"] == {
            "reachable": False,
            "error": "ConnectionRefusedError",
        }
    finally:
        await http.aclose()
        await db.dispose()


async def test_exports_read_the_replica(cluster: Cluster, migrated: str) -> None:
    """An export runs on the replica: a customer created after the replica stopped replaying is not in it, one
    created before is."""
    from rapport.core import clock
    from rapport.integrations.exports.service import run_one

    settings = _settings(cluster, database_replica_url=cluster.replica)
    app, db = await _app(settings)
    http, manager = await _client(app, "manager@demo.example")
    try:
        await manager(CREATE, {"i": {"name": "Written Before The Pause"}})
        await _caught_up(cluster)
        await _replica_sql(cluster, "SELECT pg_wal_replay_pause()")
        try:
            await manager(CREATE, {"i": {"name": "Written While Paused"}})
            started = await manager(
                "mutation($i: ExportStartInput!) { exportStart(input: $i) { export { id } userErrors { code } } }",
                {"i": {"list": "CUSTOMERS", "format": "CSV"}},
            )
            assert started["data"]["exportStart"]["userErrors"] == [], started
            assert await run_one(db, settings, clock.now())
        finally:
            await _replica_sql(cluster, "SELECT pg_wal_replay_resume()")
        mine = await manager("query { myExports { id status rows } }")
        assert mine["data"]["myExports"][0]["status"] == "done", mine
        content = (await http.get(f"/exports/{started['data']['exportStart']['export']['id']}")).content.decode()
        assert "Written Before The Pause" in content
        assert "Written While Paused" not in content
    finally:
        await http.aclose()
        await db.dispose()


async def test_everything_works_through_pgbouncer_in_transaction_mode(cluster: Cluster, migrated: str) -> None:
    """Sign-ins, mutations, compiled reads and resolver reads, many at once, through two shared server connections
    (the primary's and the replica's), on the resolver path and the compiled one."""
    settings = _settings(
        cluster,
        database_pooler_url=cluster.pooler,
        database_replica_url=cluster.pooled_replica,
        database_replica_pooled=True,
    )
    before = cluster.bouncer_stats()["total_xact_count"]
    apps = [await _app(settings), await _app(settings.model_copy(update={"compiled_reads": False}))]
    clients = []
    try:
        for app, _ in apps:
            for email in ("rep@demo.example", "rep2@demo.example", "manager@demo.example"):
                clients.append(await _client(app, email))

        async def work(index: int, client: GraphQLClient) -> None:
            created = await client(CREATE, {"i": {"name": f"Pooled {index}"}})
            assert "errors" not in created, created
            customer = created["data"]["customerCreate"]["customer"]
            for round_ in range(3):
                updated = await client(
                    UPDATE, {"i": {"id": customer["id"], "version": customer["version"], "name": f"P{index}.{round_}"}}
                )
                assert "errors" not in updated, updated
                customer = updated["data"]["customerUpdate"]["customer"]
                assert await _name(client, customer["id"]) == f"P{index}.{round_}"
                listed = await client(LIST)
                assert "errors" not in listed, listed

        await asyncio.gather(*(work(i, client) for i, (_, client) in enumerate(clients)))
        assert cluster.bouncer_stats()["total_xact_count"] - before > 100
        # Nothing prepared is left on the shared server connections for the next client to trip over.
        leftover = await asyncpg.connect(cluster.pooler, statement_cache_size=0)
        try:
            async with leftover.transaction():
                assert await leftover.fetchval("SELECT count(*) FROM pg_prepared_statements") == 0
        finally:
            await leftover.close()
    finally:
        for http, _ in clients:
            await http.aclose()
        for _, db in apps:
            await db.dispose()


async def test_default_prepared_statements_break_behind_pgbouncer(cluster: Cluster, migrated: str) -> None:
    """The control: asyncpg's statement cache, through the same PgBouncer, fails as soon as two clients share a
    server connection (what `pooled` settings avoid)."""
    clients = [await asyncpg.connect(cluster.pooler) for _ in range(4)]
    try:

        async def shared() -> None:
            for _ in range(5):
                await asyncio.gather(*(c.fetchval("SELECT $1::int + count(*) FROM app_user", 1) for c in clients))

        with pytest.raises(asyncpg.PostgresError, match="prepared statement"):
            await shared()
    finally:
        for client in clients:
            await client.close()


def test_the_session_cookie_is_the_one_sign_in_sets() -> None:
    from rapport.core import authn, replica

    assert replica.SESSION_COOKIE == authn.SESSION_COOKIE


@pytest.mark.parametrize(
    ("text", "number"),
    [("0/0", 0), ("16/B374D848", 0x16_B374D848), ("FFFFFFFF/FFFFFFFF", (1 << 64) - 1), ("", 0), ("1/", 0),
     ("/1", 0), ("x/1", 0), ("1/2/3", 0), ("-1/5", 0), ("1" * 40 + "/0", 0),
     # what int() would take but PostgreSQL never writes: padding, signs, underscores, prefixes, NUL, wide digits
     (" 0/20", 0), ("0/20 ", 0), ("+1/2", 0), ("1_0/2", 0), ("0x1/2", 0), ("1/2\x00", 0), ("１/2", 0),
     ("123456789/0", 0)],
)  # fmt: skip
def test_wal_positions_are_read_strictly(text: str, number: int) -> None:
    from rapport.core.replica import format_lsn

    assert parse_lsn(text) == number
    if number:
        assert parse_lsn(format_lsn(number)) == number


def test_a_request_position_comes_from_the_cookie_or_the_header_whichever_is_later() -> None:
    from rapport.core.replica import _credential_and_position

    cookie = b"rapport_session=abc; rapport_lsn=0/20"
    credential, position = _credential_and_position([(b"cookie", cookie), (b"x-rapport-min-lsn", b"0/10")])
    assert position == 0x20 and credential
    assert _credential_and_position([(b"cookie", b'rapport_lsn="; \\x00'), (b"x-rapport-min-lsn", b"0/30")])[1] == 0x30
    token, _ = _credential_and_position([(b"authorization", b"Bearer t1")])
    assert token and token != _credential_and_position([(b"authorization", b"Bearer t2")])[0]


@pytest.mark.parametrize(
    ("secure", "scheme", "flagged"), [(False, "http", False), (False, "https", True), (True, "http", True)]
)
async def test_the_position_cookie_of_a_write_is_http_only_and_secure_where_the_session_is(
    secure: bool, scheme: str, flagged: bool
) -> None:
    from rapport.core.replica import ReadYourWrites, note_write

    async def writes(scope: Any, receive: Any, send: Any) -> None:
        note_write()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"{}"})

    async def position() -> int:
        return 0x1_0000_0020

    sent: list[dict[str, Any]] = []

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    app = ReadYourWrites(writes, position, secure=secure)
    await app({"type": "http", "scheme": scheme, "headers": []}, None, send)
    headers = dict(sent[0]["headers"])
    assert headers[b"x-rapport-lsn"] == b"1/20"
    cookie = headers[b"set-cookie"].decode()
    assert cookie.startswith("rapport_lsn=1/20;") and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert ("Secure" in cookie) is flagged


async def test_two_server_processes_behind_pgbouncer_and_a_replica(
    cluster: Cluster, migrated: str, tmp_path: Any
) -> None:
    """`rapport serve` as a pooled deployment runs it: LISTEN straight to the primary (a live event written through
    one process reaches a subscriber of the other), and a browser's cookie carries read-your-writes from one
    process to the other."""
    from tests.conftest import LiveServer
    from tests.support.test_subscriptions import Session

    env = {
        "DATABASE_URL": cluster.primary,
        "DATABASE_POOLER_URL": cluster.pooler,
        "DATABASE_REPLICA_URL": cluster.pooled_replica,
        "DATABASE_REPLICA_POOLED": "true",
        "RAPPORT_ENV": "test",
        "LOG_LEVEL": "WARNING",
    }
    servers = [LiveServer(env, tmp_path / f"{name}.log") for name in ("a", "b")]
    try:
        for server in servers:
            server.wait_ready()
            assert httpx.get(f"{server.url}/readyz").json()["replica"]["reachable"] is True
        rep_a, supervisor_b = Session(servers[0], "rep@demo.example"), Session(servers[1], "supervisor@demo.example")
        created = await rep_a.gql(CREATE, {"i": {"name": "Pooled Processes Ltd"}})
        customer = created["data"]["customerCreate"]["customer"]
        async with supervisor_b.subscribe({}) as stream:
            opened = await rep_a.gql(
                "mutation($i: TicketCreateInput!) { ticketCreate(input: $i) { ticket { number } } }",
                {"i": {"subject": "pooled", "category": "network", "customerId": customer["id"]}},
            )
            event = await stream.next(timeout=5)
        assert event["kind"] == "CREATED"
        assert event["ticket"]["number"] == opened["data"]["ticketCreate"]["ticket"]["number"]

        await _replica_sql(cluster, "SELECT pg_wal_replay_pause()")
        try:
            async with httpx.AsyncClient() as http:
                renamed = await http.post(
                    f"{servers[0].url}/graphql",
                    json={"query": UPDATE, "variables": {"i": {**_version(customer), "name": "Renamed Across"}}},
                    headers={"Cookie": rep_a.cookie},
                )
                position = renamed.cookies[LSN_COOKIE]
                read = await http.post(
                    f"{servers[1].url}/graphql",
                    json={"query": READ, "variables": {"id": customer["id"]}},
                    headers={"Cookie": f"{rep_a.cookie}; {LSN_COOKIE}={position}"},
                )
            assert read.json()["data"]["customer"]["name"] == "Renamed Across"
        finally:
            await _replica_sql(cluster, "SELECT pg_wal_replay_resume()")
    finally:
        for server in servers:
            server.stop()


def _version(customer: dict[str, Any]) -> dict[str, Any]:
    return {"id": customer["id"], "version": customer["version"]}


def test_nothing_but_the_database_layer_asks_for_autocommit() -> None:
    """Autocommit through PgBouncer in transaction mode fails at random (a statement prepared by one message is
    executed on another server connection): request and process code asks `Database.autocommit()`, which knows
    when it may. Only the database layer and commands that never go through the pooler (the demo seed's VACUUM,
    run by `rapport seed`) may ask for it themselves."""
    from pathlib import Path

    import rapport

    allowed = {"core/db.py", "customers/demo.py"}
    root = Path(rapport.__file__).parent
    asking = sorted(
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if "AUTOCOMMIT" in path.read_text() and str(path.relative_to(root)) not in allowed
    )
    assert asking == []


async def test_a_replica_that_falls_behind_is_not_read(cluster: Cluster, migrated: str) -> None:
    """A replica that has not replayed what the primary wrote `DATABASE_REPLICA_MAX_LAG_SECONDS` ago serves nobody
    (not even those who wrote nothing) until it catches up."""
    settings = _settings(cluster, database_replica_url=cluster.replica, database_replica_max_lag_seconds=0.5)
    app, db = await _app(settings)
    rep_http, rep = await _client(app, "rep@demo.example")
    manager_http, manager = await _client(app, "manager@demo.example")
    try:
        customer = (await rep(CREATE, {"i": {"name": "Lagging Ltd"}}))["data"]["customerCreate"]["customer"]
        await _caught_up(cluster)
        await _replica_sql(cluster, "SELECT pg_wal_replay_pause()")
        try:
            await rep(UPDATE, {"i": {**_version(customer), "name": "Lagging Ltd Renamed"}})
            assert await _name(manager, customer["id"]) == "Lagging Ltd"  # behind, but not for long yet
            await asyncio.sleep(1.2)
            assert await _name(manager, customer["id"]) == "Lagging Ltd Renamed"  # too far behind: the primary
            assert db.replica is not None and db.replica.stale
            assert (await manager_http.get("/readyz")).json()["replica"]["stale"] is True
        finally:
            await _replica_sql(cluster, "SELECT pg_wal_replay_resume()")
        await _caught_up(cluster)
        await asyncio.sleep(1.1)
        on_replica = _served("replica")
        assert await _name(manager, customer["id"]) == "Lagging Ltd Renamed"
        assert not db.replica.stale and _served("replica") == on_replica + 1
    finally:
        await rep_http.aclose()
        await manager_http.aclose()
        await db.dispose()

"""Operations endpoints, request ids, migrations under a lock, and the SPA fallback."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
from sqlalchemy import text

from rapport.app import create_app
from rapport.config import Settings
from rapport.core.db import Database, create_engine
from rapport.core.migrate import head_revision, is_at_head, upgrade_to_head


async def test_healthz_and_readyz_on_a_migrated_database(client: httpx.AsyncClient) -> None:
    assert (await client.get("/healthz")).json() == {"status": "alive"}
    ready = await client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json() == {"ready": True, "database": True, "migrations": "head"}


async def test_readyz_is_false_before_migrations_and_true_after(empty_database_url: str) -> None:
    settings = Settings(rapport_env="test", database_url=empty_database_url, jobs_in_process=False)  # type: ignore[arg-type]
    db = Database(create_engine(empty_database_url, pool_size=2))
    app = create_app(settings, database=db)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as http:
        before = await http.get("/readyz")
        assert before.status_code == 503
        assert before.json()["ready"] is False
        # Two workers starting at once: the advisory lock makes the second wait, then find nothing to do.
        await asyncio.gather(upgrade_to_head(db.engine), upgrade_to_head(db.engine))
        after = await http.get("/readyz")
        assert after.status_code == 200
    assert await is_at_head(db.engine)
    async with db.engine.connect() as conn:
        versions = (await conn.execute(text("SELECT version_num FROM alembic_version"))).scalars().all()
    assert versions == [head_revision()]
    await db.dispose()


async def test_readyz_is_false_when_the_database_is_unreachable() -> None:
    url = "postgresql://postgres@127.0.0.1:1/nowhere"
    settings = Settings(rapport_env="test", database_url=url, jobs_in_process=False)  # type: ignore[arg-type]
    app = create_app(settings)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as http:
        response = await http.get("/readyz")
    assert response.status_code == 503
    assert response.json()["database"] is False


async def test_metrics_expose_operation_latency_and_sql_statements(client: httpx.AsyncClient) -> None:
    await client.post("/graphql", json={"query": "query ViewerProbe { viewer { email } }"})
    body = (await client.get("/metrics")).text
    assert 'rapport_graphql_request_seconds_count{operation="ViewerProbe",type="query"}' in body
    assert "rapport_sql_statements_total" in body
    assert "rapport_websockets_open" in body


async def test_request_id_is_echoed_or_created(client: httpx.AsyncClient) -> None:
    given = await client.get("/healthz", headers={"X-Request-Id": "abc-123"})
    assert given.headers["x-request-id"] == "abc-123"
    fresh = await client.get("/healthz")
    assert len(fresh.headers["x-request-id"]) == 32


async def test_graphql_posts_take_the_same_middleware_on_their_lane(client: httpx.AsyncClient) -> None:
    """A POST to /graphql skips Starlette's router (`rapport.app.RapportApp`) but not Rapport's middleware: its
    request id, its HTTP latency metric, and its log. Other methods on /graphql still take Starlette's path."""
    posted = await client.post("/graphql", json={"query": "{ __typename }"}, headers={"X-Request-Id": "lane-1"})
    assert posted.status_code == 200
    assert posted.headers["x-request-id"] == "lane-1"
    assert len((await client.post("/graphql", json={"query": "{ __typename }"})).headers["x-request-id"]) == 32
    body = (await client.get("/metrics")).text
    assert 'rapport_http_request_seconds_count{route="/graphql",status="200"}' in body
    refused = await client.get("/graphql", params={"query": "{ __typename }"})
    assert refused.status_code == 405
    assert refused.headers["allow"] == "POST"
    assert len(refused.headers["x-request-id"]) == 32


async def test_plain_routes_are_labelled_by_their_path_template_and_the_spa_by_one_label(
    client: httpx.AsyncClient,
) -> None:
    """The latency metric names a domain's route by its template (a bounded set, never the raw path with its ids),
    and every page of the web app as one."""
    await client.get("/t.js")
    await client.get("/m/o/not-a-token.gif")
    await client.get("/customers/some-id")
    body = (await client.get("/metrics")).text
    assert 'route="/t.js"' in body
    assert any('route="/m/o/{' in line for line in body.splitlines())
    assert "not-a-token" not in body and "some-id" not in body
    assert 'route="/spa"' in body


async def test_a_client_that_leaves_mid_request_is_not_a_server_error(settings: Settings, db: Database) -> None:
    """A load generator stopping, or a browser tab closed, mid-upload: nothing to answer, nothing raised."""
    app = create_app(settings, database=db)
    sent: list[dict[str, object]] = []
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/graphql",
        "raw_path": b"/graphql",
        "query_string": b"",
        "root_path": "",
        "headers": [(b"content-type", b"application/json"), (b"content-length", b"100")],
        "client": ("203.0.113.7", 50000),
        "server": ("testserver", 80),
        "state": {},
    }
    messages = iter([{"type": "http.request", "body": b'{"query": "{ vie', "more_body": True}])

    async def receive() -> dict[str, object]:
        return next(messages, {"type": "http.disconnect"})

    async def send(message: dict[str, object]) -> None:
        sent.append(message)

    await app(scope, receive, send)  # type: ignore[arg-type]
    assert sent == []


async def test_spa_is_served_with_history_fallback(settings: Settings, db: Database, tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text("<html>rapport spa</html>")
    (dist / "assets" / "app.js").write_text("console.log(1)")
    (dist / "favicon.svg").write_text("<svg/>")
    app = create_app(settings.model_copy(update={"frontend_dist": dist}), database=db)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as http:
        for path in ("/", "/customers/123", "/login"):
            page = await http.get(path)
            assert page.status_code == 200 and "rapport spa" in page.text
        assert (await http.get("/assets/app.js")).text == "console.log(1)"
        assert (await http.get("/favicon.svg")).text == "<svg/>"
        assert (await http.get("/assets/missing.js")).status_code == 404
        escape = await http.get("/..%2F..%2Fetc/passwd")
        assert "root:" not in escape.text


async def test_a_migrated_database_holds_the_shipped_policy_and_policy_migrations_step_back_and_forth(
    empty_database_url: str,
) -> None:
    """Every later policy rule comes in its own migration (`add_shipped_rules`); after all of them a new database
    holds exactly the shipped policy, and stepping a policy migration down and up takes out and puts back its rules."""
    from alembic import command

    from rapport.core.authz.policy import DEFAULT_POLICY, read_csv
    from rapport.core.migrate import alembic_config

    def padded(rule: list[str]) -> tuple[str | None, ...]:
        return tuple([*rule, None, None, None][:4])

    shipped = {padded(rule) for rule in read_csv(DEFAULT_POLICY)}
    # Down to 0015 steps back over 0024 ... 0018, 0012, 0017 and 0016 (the chain is not in number order).
    policy_dir = Path(__file__).resolve().parents[1] / "backend" / "migrations" / "policy"
    step_rules = {
        padded(rule)
        for name in (
            "0016_rep_target_attainment",
            "0017_regions",
            "0012_contact_language_customer_messages",
            "0024_webhooks",
            "0026_external_ids",
            "0027_exports",
            "0028_imports",
            "0030_marketing",
            "0031_segments",
            "0032_marketing_campaigns",
            "0033_marketing_attribution",
            "0034_journeys",
            "0037_marketing_security",
            "0038_contact_time_zone",
            "0039_journey_archive",
            "0040_prediction_runs",
            "0042_dashboard_layouts",
            "0041_product_affinity",
            "0043_churn_scores",
            "0044_win_probability",
            "0046_customers_at_risk",
            "0048_prediction_training",
        )
        for rule in read_csv(policy_dir / f"{name}.csv")
    }
    assert step_rules and step_rules <= shipped

    db = Database(create_engine(empty_database_url, pool_size=1))
    try:
        await upgrade_to_head(db.engine)

        async def rules() -> set[tuple[str | None, ...]]:
            async with db.engine.connect() as conn:
                rows = await conn.execute(text("SELECT ptype, v0, v1, v2 FROM casbin_rule WHERE ptype IN ('p', 'g')"))
                return {tuple(row) for row in rows}

        assert await rules() == shipped

        def step(connection: object, revision: str, down: bool) -> None:
            config = alembic_config()
            config.attributes["connection"] = connection
            (command.downgrade if down else command.upgrade)(config, revision)

        async with db.engine.connect() as conn:
            await conn.run_sync(step, "0015", True)
            await conn.commit()
        assert await rules() == shipped - step_rules
        async with db.engine.connect() as conn:
            await conn.run_sync(step, "head", False)
            await conn.commit()
        assert await rules() == shipped
    finally:
        await db.dispose()

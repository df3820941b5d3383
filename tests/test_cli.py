"""The `rapport` command as an operator uses it, in real processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import func, select

from rapport.core import clock
from rapport.core.db import Database
from rapport.identity.models import AuthSession, LoginFailure, User
from tests.conftest import LiveServer

ROOT = Path(__file__).resolve().parents[1]


def rapport(*args: str, env: dict[str, str] | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run the CLI in a fresh process."""
    return subprocess.run(
        [sys.executable, "-m", "rapport", *args],
        env={**os.environ, "LOG_LEVEL": "WARNING", **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
    )


async def test_jobs_run_session_cleanup_at_a_given_time(database_url: str, db: Database, demo: dict[str, Any]) -> None:
    # Two sessions: one expiring in a day, one in thirty; and one stale login failure.
    async with db.write() as session:
        rep = (await session.execute(select(User).where(User.email == "rep@demo.example"))).scalar_one()
        now = clock.now()
        session.add_all(
            [
                AuthSession(token_hash=b"a" * 32, user_id=rep.id, created_at=now, expires_at=now + timedelta(days=1)),
                AuthSession(token_hash=b"b" * 32, user_id=rep.id, created_at=now, expires_at=now + timedelta(days=30)),
                LoginFailure(email="rep@demo.example", address="1.2.3.4", at=now),
            ]
        )
    later = (clock.now() + timedelta(days=2)).isoformat()
    result = rapport("jobs", "run", "session-cleanup", "--now", later, env={"DATABASE_URL": database_url})
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "job": "session-cleanup",
        "result": {"sessions": 1, "login_failures": 1},
    }
    async with db.read() as session:
        assert (await session.execute(select(func.count()).select_from(AuthSession))).scalar() == 1
        assert (await session.execute(select(func.count()).select_from(LoginFailure))).scalar() == 0


def test_jobs_run_rejects_unknown_jobs_and_bad_times(database_url: str) -> None:
    unknown = rapport("jobs", "run", "no-such-job", env={"DATABASE_URL": database_url})
    assert unknown.returncode == 2 and "session-cleanup" in unknown.stderr
    naive = rapport(
        "jobs", "run", "session-cleanup", "--now", "2026-01-01T09:00:00", env={"DATABASE_URL": database_url}
    )
    assert naive.returncode == 2 and "offset" in naive.stderr
    garbage = rapport("jobs", "run", "session-cleanup", "--now", "tomorrow", env={"DATABASE_URL": database_url})
    assert garbage.returncode == 2 and "ISO-8601" in garbage.stderr


def test_jobs_list_names_every_job() -> None:
    listed = rapport("jobs", "list")
    assert listed.returncode == 0
    assert "session-cleanup" in listed.stdout


def test_seed_refuses_production(database_url: str) -> None:
    result = rapport("seed", env={"DATABASE_URL": database_url, "RAPPORT_ENV": "production"})
    assert result.returncode == 2
    assert "refuses" in result.stderr


async def test_seed_and_create_user(database_url: str, db: Database) -> None:
    seeded = rapport("seed", "--locale", "en", env={"DATABASE_URL": database_url})
    assert seeded.returncode == 0, seeded.stderr
    again = rapport("seed", "--locale", "en", env={"DATABASE_URL": database_url})
    assert again.returncode == 0, again.stderr  # idempotent: existing rows are kept
    created = rapport(
        "create-user",
        "ops@example.com",
        "--name",
        "Ops",
        "--role",
        "admin",
        "--password",
        "a-long-password",
        env={"DATABASE_URL": database_url},
    )
    assert created.returncode == 0, created.stderr
    duplicate = rapport(
        "create-user", "ops@example.com", "--password", "a-long-password", env={"DATABASE_URL": database_url}
    )
    assert duplicate.returncode == 2 and "already exists" in duplicate.stderr
    async with db.read() as session:
        emails = set((await session.execute(select(User.email))).scalars())
    assert "ops@example.com" in emails
    assert len([e for e in emails if e.endswith("@demo.example")]) == 12  # one per role and a portal user


def test_export_schema_prints_sdl() -> None:
    result = rapport("export-schema")
    assert result.returncode == 0
    assert "type Query" in result.stdout and "login(" in result.stdout


def test_embedded_server_keeps_data_across_restarts(tmp_path: Path) -> None:
    """`rapport serve` without DATABASE_URL: first start seeds, data survives stop and start."""
    env = {"RAPPORT_DATA_DIR": str(tmp_path / "data"), "RAPPORT_ENV": "development", "LOG_LEVEL": "WARNING"}

    def start() -> LiveServer:
        log = tmp_path / f"serve-{len(list(tmp_path.glob('serve-*')))}.log"
        server = LiveServer(env, log, unset=("DATABASE_URL",))
        server.wait_ready(timeout=120)
        return server

    first = start()
    try:
        login = httpx.post(
            f"{first.url}/graphql",
            json={
                "query": 'mutation { login(input: {email: "admin@demo.example", password: "rapport-demo"}) '
                "{ viewer { email } } }"
            },
        )
        assert login.json()["data"]["login"]["viewer"]["email"] == "admin@demo.example"
        cookies = {"rapport_session": login.cookies["rapport_session"]}
        created = httpx.post(
            f"{first.url}/graphql",
            json={
                "query": 'mutation { userCreate(input: {email: "kept@example.com", name: "Kept", '
                'password: "kept-password", roles: ["sales_rep"]}) { user { email } userErrors { message } } }'
            },
            cookies=cookies,
        )
        assert created.json()["data"]["userCreate"]["user"] == {"email": "kept@example.com"}
    finally:
        assert first.stop() == 0
    second = start()
    try:
        login = httpx.post(
            f"{second.url}/graphql",
            json={
                "query": 'mutation { login(input: {email: "kept@example.com", password: "kept-password"}) '
                "{ viewer { email } } }"
            },
        )
        assert login.json()["data"]["login"]["viewer"] == {"email": "kept@example.com"}
    finally:
        assert second.stop() == 0
    # The embedded PostgreSQL stopped with the server.
    assert not (tmp_path / "data" / "pgdata" / "postmaster.pid").exists()

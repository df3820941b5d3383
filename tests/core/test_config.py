"""Production safeguards: no default secrets, no anonymous introspection or GraphiQL, masked errors."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

import httpx
import pytest
import strawberry

from rapport.app import create_app
from rapport.config import InsecureSettingsError, Settings
from rapport.core.db import Database

STRONG = "x" * 40


def test_production_refuses_default_secrets() -> None:
    settings = Settings(rapport_env="production", database_url="postgresql://u@h/db")  # type: ignore[arg-type]
    with pytest.raises(InsecureSettingsError, match="SECRET_KEY"):
        create_app(settings)


def test_production_refuses_short_secrets_and_missing_database() -> None:
    weak = Settings(  # type: ignore[arg-type]
        rapport_env="production",
        database_url="postgresql://u@h/db",
        secret_key="short",
        field_encryption_keys=STRONG,
        blind_index_key=STRONG,
    )
    with pytest.raises(InsecureSettingsError, match="SECRET_KEY"):
        weak.check_production_safety()
    no_db = Settings(  # type: ignore[arg-type]
        rapport_env="production",
        database_url=None,
        secret_key=STRONG,
        field_encryption_keys=STRONG,
        blind_index_key=STRONG,
    )
    with pytest.raises(InsecureSettingsError, match="DATABASE_URL"):
        no_db.check_production_safety()


def test_serve_exits_with_a_clear_message_on_default_secrets(database_url: str) -> None:
    env = {**os.environ, "RAPPORT_ENV": "production", "DATABASE_URL": database_url}
    for key in ("SECRET_KEY", "FIELD_ENCRYPTION_KEYS", "BLIND_INDEX_KEY"):
        env.pop(key, None)
    result = subprocess.run(
        [sys.executable, "-m", "rapport", "serve", "--port", "1"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "refuses development secrets" in result.stderr


PRODUCTION = {
    "rapport_env": "production",
    "secret_key": STRONG,
    "field_encryption_keys": STRONG,
    "blind_index_key": STRONG,
}


@pytest.fixture
async def production(settings: Settings, db: Database) -> Any:
    """Production as an operator who lets browser sessions send any document (TRUSTED_DOCUMENTS_ONLY=false)."""
    app = create_app(settings.model_copy(update={**PRODUCTION, "trusted_documents_only": False}), database=db)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="https://t") as http:
        yield http


async def test_production_by_default_runs_only_the_web_apps_documents_for_browsers(
    settings: Settings, db: Database, demo: dict[str, Any]
) -> None:
    from rapport.app import TRUSTED_DOCUMENTS
    from rapport.graphql.trusted import TrustedDocuments

    login = next(d for d in TrustedDocuments.load(TRUSTED_DOCUMENTS).by_hash.values() if d.operation_name == "Login")
    app = create_app(settings.model_copy(update=PRODUCTION), database=db)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="https://t") as http:
        intro = (await http.post("/graphql", json={"query": "{ __schema { types { name } } }"})).json()
        assert intro["data"] is None and intro["errors"][0]["extensions"]["code"] == "UNTRUSTED_DOCUMENT"
        signed_in = await http.post(
            "/graphql",
            json={
                "extensions": {"persistedQuery": {"version": 1, "sha256Hash": login.hash}},
                "variables": {"input": {"email": "admin@demo.example", "password": "rapport-demo"}},
            },
        )
        assert signed_in.json()["data"]["login"]["viewer"]["name"]
        assert "secure" in signed_in.headers["set-cookie"].lower()
        # Signed in, a browser session still runs only the app's documents: no introspection.
        again = (await http.post("/graphql", json={"query": "{ __schema { queryType { name } } }"})).json()
        assert again["errors"][0]["extensions"]["code"] == "UNTRUSTED_DOCUMENT"


async def test_production_hides_graphiql_and_anonymous_introspection(
    production: httpx.AsyncClient, demo: dict[str, Any]
) -> None:
    ide = await production.get("/graphql", headers={"accept": "text/html"})
    assert ide.status_code == 404
    intro = (await production.post("/graphql", json={"query": "{ __schema { types { name } } }"})).json()
    assert intro["data"] is None
    assert intro["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    login = await production.post(
        "/graphql",
        json={
            "query": 'mutation { login(input: {email: "admin@demo.example", password: "rapport-demo"}) '
            "{ viewer { email } } }"
        },
    )
    assert "secure" in login.headers["set-cookie"].lower()
    signed_in = (await production.post("/graphql", json={"query": "{ __schema { queryType { name } } }"})).json()
    assert signed_in["data"]["__schema"]["queryType"]["name"] == "Query"


async def test_development_serves_graphiql(client: httpx.AsyncClient) -> None:
    ide = await client.get("/graphql", headers={"accept": "text/html"})
    assert ide.status_code == 200 and "graphiql" in ide.text.lower()


def test_unexpected_errors_are_masked_in_production_only(settings: Settings) -> None:
    from rapport.graphql.extensions import InternalErrorMask
    from rapport.graphql.schema import RapportSchema

    @strawberry.type
    class Query:
        @strawberry.field
        def boom(self) -> int:
            raise RuntimeError("secret detail: password=hunter2")

    dev = RapportSchema(query=Query).execute_sync("{ boom }")
    assert dev.errors and "secret detail" in dev.errors[0].message
    assert dev.errors[0].extensions == {"code": "INTERNAL"}
    prod = RapportSchema(query=Query, extensions=[InternalErrorMask]).execute_sync("{ boom }")
    assert prod.errors and "secret" not in prod.errors[0].message
    assert prod.errors[0].extensions == {"code": "INTERNAL"}

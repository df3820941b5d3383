"""Trusted documents (rapport.graphql.trusted): the web app's manifest, the persisted-query protocol, and
TRUSTED_DOCUMENTS_ONLY refusing other documents from browser sessions (HTTP and a real websocket) while API
tokens send any document."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from websockets.asyncio.client import connect

from rapport.app import TRUSTED_DOCUMENTS, create_app
from rapport.assembly import build_schema
from rapport.config import InsecureSettingsError, Settings
from rapport.core.db import Database
from rapport.graphql.trusted import TrustedDocuments, document_hash
from tests.conftest import LiveServer

MANIFEST = TrustedDocuments.load(TRUSTED_DOCUMENTS)
GRAPHQL_RESPONSE_JSON = "application/graphql-response+json"
UNTRUSTED_VIEWER = "query NotTheApps { viewer { email } }"
#: An untrusted document that would change something: a refused request must not run it.
UNTRUSTED_RENAME = 'mutation Rename { customerCreate(input: {name: "Never created"}) { customer { id } } }'


def _document(name: str) -> Any:
    found = [d for d in MANIFEST.by_hash.values() if d.operation_name == name]
    assert len(found) == 1, f"the web app's manifest has no single operation {name}"
    return found[0]


def _by_hash(name: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    document = _document(name)
    return {
        "operationName": name,
        "variables": variables or {},
        "extensions": {"persistedQuery": {"version": 1, "sha256Hash": document.hash}},
    }


LOGIN = {"input": {"email": "rep@demo.example", "password": "rapport-demo"}}


@pytest.fixture
async def strict(settings: Settings, db: Database) -> AsyncIterator[httpx.AsyncClient]:
    """The app in this process as production runs it: only trusted documents from browser sessions."""
    app = create_app(settings.model_copy(update={"trusted_documents_only": True}), database=db)
    transport = httpx.ASGITransport(app=app, client=("203.0.113.8", 50000))
    headers = {"accept-language": "en"}
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver", headers=headers) as http:
        yield http


async def _sign_in(http: httpx.AsyncClient) -> None:
    response = await http.post("/graphql", json=_by_hash("Login", LOGIN))
    assert response.json()["data"]["login"]["viewer"]["name"], response.text


def test_the_manifest_holds_the_web_apps_operations_and_each_validates_against_the_schema() -> None:
    assert len(MANIFEST) >= 100
    names = [d.operation_name for d in MANIFEST.by_hash.values()]
    assert len(names) == len(set(names)), "two operations of the web app share a name"
    assert {"Login", "Viewer", "Logout", "ServiceTicketEvents"} <= set(names)
    schema = build_schema(Settings())._schema  # type: ignore[attr-defined]
    assert MANIFEST.invalid(schema) == {}


def test_a_manifest_edited_by_hand_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "persisted-documents.json"
    path.write_text(json.dumps({f"sha256:{document_hash('query A { viewer { id } }')}": "query B { viewer { id } }"}))
    with pytest.raises(ValueError, match="does not hash to it"):
        TrustedDocuments.load(path)


def test_production_without_a_manifest_does_not_start(settings: Settings, tmp_path: Path) -> None:
    strict = settings.model_copy(
        update={"trusted_documents_only": True, "trusted_documents_file": tmp_path / "missing.json"}
    )
    with pytest.raises(InsecureSettingsError, match="TRUSTED_DOCUMENTS_ONLY"):
        create_app(strict)
    assert Settings(rapport_env="production").only_trusted_documents is True
    assert Settings(rapport_env="development").only_trusted_documents is False
    assert Settings(rapport_env="production", trusted_documents_only=False).only_trusted_documents is False


async def test_a_known_hash_runs_the_manifests_document(client: httpx.AsyncClient, demo: dict[str, Any]) -> None:
    await _sign_in(client)
    response = await client.post("/graphql", json=_by_hash("Viewer"))
    assert response.status_code == 200
    assert response.json()["data"]["viewer"]["email"] == "rep@demo.example"


async def test_a_known_hash_runs_the_manifests_text_whatever_text_comes_with_it(
    client: httpx.AsyncClient, demo: dict[str, Any]
) -> None:
    await _sign_in(client)
    body = {**_by_hash("Viewer"), "query": "query Viewer { viewer { id } }"}
    response = await client.post("/graphql", json=body)
    assert set(response.json()["data"]["viewer"]) >= {"email", "name", "roles"}


@pytest.mark.parametrize("media_type", ["application/json", GRAPHQL_RESPONSE_JSON])
async def test_an_unknown_hash_without_the_document_asks_for_it(
    client: httpx.AsyncClient, demo: dict[str, Any], media_type: str
) -> None:
    body = {"extensions": {"persistedQuery": {"version": 1, "sha256Hash": "0" * 64}}}
    response = await client.post("/graphql", json=body, headers={"accept": media_type})
    payload = response.json()
    assert payload["errors"] == [
        {"message": "PersistedQueryNotFound", "extensions": {"code": "PERSISTED_QUERY_NOT_FOUND"}}
    ]
    if media_type == GRAPHQL_RESPONSE_JSON:
        assert response.status_code == 400 and "data" not in payload
    else:
        assert response.status_code == 200 and payload["data"] is None


async def test_an_unknown_hash_with_the_document_runs_it_when_untrusted_documents_are_allowed(
    client: httpx.AsyncClient, demo: dict[str, Any]
) -> None:
    await _sign_in(client)
    body = {
        "query": UNTRUSTED_VIEWER,
        "extensions": {"persistedQuery": {"version": 1, "sha256Hash": document_hash(UNTRUSTED_VIEWER), "miss": True}},
    }
    response = await client.post("/graphql", json=body)
    assert response.json() == {"data": {"viewer": {"email": "rep@demo.example"}}}


@pytest.mark.parametrize(
    "persisted",
    [
        "abc",
        {"version": 2, "sha256Hash": "0" * 64},
        {"version": 1},
        {"version": 1, "sha256Hash": "XYZ"},
        {"version": 1, "sha256Hash": "A" * 64},
    ],
)
async def test_a_malformed_persisted_query_is_a_clear_input_error(
    client: httpx.AsyncClient, demo: dict[str, Any], persisted: Any
) -> None:
    response = await client.post("/graphql", json={"extensions": {"persistedQuery": persisted}})
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "persistedQuery" in error["message"]


@pytest.mark.parametrize("media_type", ["application/json", GRAPHQL_RESPONSE_JSON])
async def test_production_refuses_an_unknown_document_from_a_browser_session_and_runs_nothing(
    strict: httpx.AsyncClient, demo: dict[str, Any], db: Database, media_type: str
) -> None:
    await _sign_in(strict)
    for query in (UNTRUSTED_VIEWER, UNTRUSTED_RENAME):
        response = await strict.post("/graphql", json={"query": query}, headers={"accept": media_type})
        payload = response.json()
        assert payload["errors"][0]["extensions"] == {"code": "UNTRUSTED_DOCUMENT"}
        assert "API token" in payload["errors"][0]["message"]
        if media_type == GRAPHQL_RESPONSE_JSON:
            assert response.status_code == 403 and "data" not in payload
        else:
            assert response.status_code == 200 and payload["data"] is None
    async with db.engine.connect() as connection:
        created = await connection.scalar(text("SELECT count(*) FROM customer WHERE name = 'Never created'"))
    assert created == 0


async def test_production_refuses_an_unknown_document_from_a_caller_not_signed_in(
    strict: httpx.AsyncClient, demo: dict[str, Any]
) -> None:
    response = await strict.post("/graphql", json={"query": "{ __typename }"})
    assert response.json()["errors"][0]["extensions"] == {"code": "UNTRUSTED_DOCUMENT"}


LEAD_FORM = """mutation($input: LeadSubmitInput!) {
  leadSubmit(input: $input) { accepted userErrors { field message code } }
}"""


async def test_production_still_takes_leads_from_web_forms_on_other_sites(
    strict: httpx.AsyncClient, demo: dict[str, Any], db: Database
) -> None:
    """A web form posts its own `leadSubmit` document anonymously (docs/sales.md); only public root fields pass."""
    lead = {"input": {"name": "李雷", "phone": "138 0013 8000", "message": "Price list please"}}
    accepted = await strict.post("/graphql", json={"query": LEAD_FORM, "variables": lead})
    assert accepted.json() == {"data": {"leadSubmit": {"accepted": True, "userErrors": []}}}
    async with db.engine.connect() as connection:
        assert await connection.scalar(text("SELECT count(*) FROM lead WHERE name = '李雷'")) == 1
    for document in (
        "mutation($input: LeadSubmitInput!) { leadSubmit(input: $input) { accepted } "
        'login(input: {email: "rep@demo.example", password: "x"}) { viewer { id } } }',
        "mutation { __typename }",
        "query { __typename }",
        "mutation($input: LeadSubmitInput!) { ...F } fragment F on Mutation { leadSubmit(input: $input) { accepted } }",
        "mutation($input: LeadSubmitInput!, $s: Boolean!) { leadSubmit(input: $input) @skip(if: $s) { accepted } }",
    ):
        refused = await strict.post("/graphql", json={"query": document, "variables": {**lead, "s": False}})
        assert refused.json()["errors"][0]["extensions"] == {"code": "UNTRUSTED_DOCUMENT"}, document


async def test_production_runs_the_web_apps_documents_by_hash_and_by_their_exact_text(
    strict: httpx.AsyncClient, demo: dict[str, Any]
) -> None:
    await _sign_in(strict)  # an anonymous caller signs in with the app's own Login, by hash
    by_hash = await strict.post("/graphql", json=_by_hash("Viewer"))
    assert by_hash.json()["data"]["viewer"]["email"] == "rep@demo.example"
    by_text = await strict.post("/graphql", json={"query": _document("Viewer").text})
    assert by_text.json()["data"]["viewer"]["email"] == "rep@demo.example"
    # One character off is another document.
    altered = await strict.post("/graphql", json={"query": _document("Viewer").text + " "})
    assert altered.json()["errors"][0]["extensions"] == {"code": "UNTRUSTED_DOCUMENT"}


async def test_production_runs_any_document_for_an_api_token(
    strict: httpx.AsyncClient, client: httpx.AsyncClient, demo: dict[str, Any]
) -> None:
    admin = await client.post(
        "/graphql",
        json={
            "query": "mutation($i: LoginInput!) { login(input: $i) { viewer { id } } }",
            "variables": {"i": {"email": "admin@demo.example", "password": "rapport-demo"}},
        },
    )
    assert admin.json()["data"]["login"]["viewer"]
    users = await client.post("/graphql", json={"query": "{ users { nodes { id email } } }"})
    analyst = next(u["id"] for u in users.json()["data"]["users"]["nodes"] if u["email"] == "analyst@demo.example")
    created = await client.post(
        "/graphql",
        json={
            "query": 'mutation($u: ID!) { apiTokenCreate(input: {name: "integration", userId: $u}) { secret } }',
            "variables": {"u": analyst},
        },
    )
    secret = created.json()["data"]["apiTokenCreate"]["secret"]
    response = await strict.post(
        "/graphql", json={"query": UNTRUSTED_VIEWER}, headers={"authorization": f"Bearer {secret}"}
    )
    assert response.json() == {"data": {"viewer": {"email": "analyst@demo.example"}}}


# --- the websocket, over a real socket ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def strict_server(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    server = LiveServer(
        {"DATABASE_URL": database_url, "RAPPORT_ENV": "test", "LOG_LEVEL": "WARNING", "TRUSTED_DOCUMENTS_ONLY": "true"},
        tmp_path_factory.mktemp("strict") / "server.log",
    )
    try:
        server.wait_ready()
        yield server
    finally:
        server.stop()


async def test_a_browser_socket_runs_only_the_web_apps_documents(
    strict_server: LiveServer, demo: dict[str, Any]
) -> None:
    async with httpx.AsyncClient(base_url=strict_server.url) as http:
        await _sign_in(http)
        cookie = http.cookies["rapport_session"]
    url = strict_server.url.replace("http://", "ws://") + "/graphql"
    async with connect(
        url,
        subprotocols=["graphql-transport-ws"],  # type: ignore[list-item]
        additional_headers={"Cookie": f"rapport_session={cookie}"},
    ) as ws:
        await ws.send(json.dumps({"type": "connection_init", "payload": {}}))
        assert json.loads(await ws.recv())["type"] == "connection_ack"
        await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": UNTRUSTED_VIEWER}}))
        refused = json.loads(await ws.recv())
        assert refused["id"] == "1" and refused["type"] == "error"
        assert refused["payload"][0]["extensions"] == {"code": "UNTRUSTED_DOCUMENT"}
        trusted = _by_hash("Viewer")
        await ws.send(json.dumps({"id": "2", "type": "subscribe", "payload": {"query": "", **trusted}}))
        answer = json.loads(await ws.recv())
        assert answer["id"] == "2" and answer["type"] == "next"
        assert answer["payload"]["data"]["viewer"]["email"] == "rep@demo.example"

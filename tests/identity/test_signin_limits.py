"""Client addresses come from X-Forwarded-For only behind configured proxies; sign-in limits count failures per
account and per (account, address) (issue 13, class 10)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from rapport.config import Settings
from rapport.core.db import Database

LOGIN = "mutation($i: LoginInput!) { login(input: $i) { viewer { email } userErrors { code } } }"
SUBMIT = "mutation($i: LeadSubmitInput!) { leadSubmit(input: $i) { accepted userErrors { field } } }"


async def _login(http: httpx.AsyncClient, email: str, password: str, forwarded: str | None = None) -> dict[str, Any]:
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    variables = {"i": {"email": email, "password": password}}
    response = await http.post("/graphql", json={"query": LOGIN, "variables": variables}, headers=headers)
    body: dict[str, Any] = response.json()
    return body


def _code(body: dict[str, Any]) -> str:
    if body.get("errors"):
        return str(body["errors"][0]["extensions"]["code"])
    return "OK" if body["data"]["login"]["viewer"] else str(body["data"]["login"]["userErrors"][0]["code"])


@pytest.fixture
async def behind_proxy(settings: Settings, db: Database) -> AsyncIterator[httpx.AsyncClient]:
    """The app behind a trusted reverse proxy at 203.0.113.7 (the test client's address)."""
    from rapport.app import create_app

    app = create_app(settings.model_copy(update={"trusted_proxies": ["203.0.113.0/24"]}), database=db)
    transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http


async def test_a_rotated_forwarded_header_does_not_escape_the_limit(
    client: httpx.AsyncClient, demo: dict[str, Any]
) -> None:
    # The reproduction: a new X-Forwarded-For per attempt from a local peer was never limited.
    codes = [_code(await _login(client, "rep@demo.example", "wrong", f"198.51.100.{i}")) for i in range(6)]
    assert codes == ["INVALID_CREDENTIALS"] * 5 + ["RATE_LIMITED"]
    for i in range(10):
        body = (
            await client.post(
                "/graphql",
                json={"query": SUBMIT, "variables": {"i": {"name": f"访客{i}", "phone": f"1380000{i:04d}"}}},
                headers={"X-Forwarded-For": f"198.51.100.{i}"},
            )
        ).json()
        assert body["data"]["leadSubmit"]["accepted"], body
    limited = (
        await client.post(
            "/graphql",
            json={"query": SUBMIT, "variables": {"i": {"name": "访客", "phone": "13900000000"}}},
            headers={"X-Forwarded-For": "198.51.100.99"},
        )
    ).json()
    assert limited["errors"][0]["extensions"]["code"] == "RATE_LIMITED"


async def test_behind_a_trusted_proxy_limits_count_per_account_and_address(
    behind_proxy: httpx.AsyncClient, demo: dict[str, Any]
) -> None:
    office = "198.51.100.10"
    codes = [_code(await _login(behind_proxy, "rep@demo.example", "wrong", office)) for _ in range(6)]
    assert codes == ["INVALID_CREDENTIALS"] * 5 + ["RATE_LIMITED"]
    # A header the proxy appended to a forged one: the address the proxy saw (the last one) counts.
    assert _code(await _login(behind_proxy, "rep@demo.example", "wrong", f"1.2.3.4, {office}")) == "RATE_LIMITED"
    # Colleagues behind the same office address sign in; the same person from elsewhere too.
    assert _code(await _login(behind_proxy, "rep2@demo.example", "rapport-demo", office)) == "OK"
    assert _code(await _login(behind_proxy, "rep@demo.example", "rapport-demo", "198.51.100.11")) == "OK"


async def test_guessing_spread_over_addresses_is_limited_per_account(
    behind_proxy: httpx.AsyncClient, demo: dict[str, Any]
) -> None:
    codes = [_code(await _login(behind_proxy, "rep@demo.example", "wrong", f"198.51.100.{i // 4}")) for i in range(21)]
    assert codes == ["INVALID_CREDENTIALS"] * 20 + ["RATE_LIMITED"]
    assert _code(await _login(behind_proxy, "rep@demo.example", "rapport-demo", "198.51.100.200")) == "RATE_LIMITED"
    assert _code(await _login(behind_proxy, "rep2@demo.example", "rapport-demo", "198.51.100.0")) == "OK"


async def test_password_spraying_from_one_address_is_limited(
    behind_proxy: httpx.AsyncClient, demo: dict[str, Any], settings: Settings
) -> None:
    # One wrong password each for many different accounts from one address: spraying, not an office mistyping.
    sprayer, limit = "198.51.100.66", settings.login_max_failed_accounts_per_address
    codes = [_code(await _login(behind_proxy, f"nobody{i}@demo.example", "guess", sprayer)) for i in range(limit + 1)]
    assert codes == ["INVALID_CREDENTIALS"] * limit + ["RATE_LIMITED"]
    assert _code(await _login(behind_proxy, "rep@demo.example", "rapport-demo", sprayer)) == "RATE_LIMITED"
    # Everyone else, elsewhere, is untouched.
    assert _code(await _login(behind_proxy, "rep@demo.example", "rapport-demo", "198.51.100.67")) == "OK"


async def test_the_served_app_believes_no_forwarded_header_by_default(live_server: Any, db: Database) -> None:
    # The reproduction against `rapport serve`: uvicorn believed X-Forwarded-For from any local peer, so a
    # new header per request was never limited (the lead form's 10 an hour per address).
    async with httpx.AsyncClient(base_url=live_server.url) as http:
        codes = []
        for i in range(11):
            variables = {"i": {"name": f"访客{i}", "phone": f"1370000{i:04d}"}}
            response = await http.post(
                "/graphql",
                json={"query": SUBMIT, "variables": variables},
                headers={"X-Forwarded-For": f"198.51.100.{i + 1}"},
            )
            body = response.json()
            codes.append(body["errors"][0]["extensions"]["code"] if body.get("errors") else "OK")
    assert codes == ["OK"] * 10 + ["RATE_LIMITED"]

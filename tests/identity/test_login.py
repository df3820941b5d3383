"""Sign-in, sessions, cookie flags, rate limits and `viewer`."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
from sqlalchemy import func, select

from rapport.core import clock
from rapport.core.db import Database
from rapport.identity.models import AuthSession, LoginFailure, User
from tests.conftest import GraphQLClient

VIEWER = "{ viewer { email name locale roles team { name parent { name } manager { email } } } }"


async def test_login_sets_a_locked_down_session_cookie_and_viewer_works(
    gql: GraphQLClient, client: httpx.AsyncClient, demo: dict[str, Any]
) -> None:
    response = await client.post(
        "/graphql",
        json={
            "query": "mutation($i: LoginInput!) { login(input: $i) { viewer { email } userErrors { code } } }",
            "variables": {"i": {"email": "  REP@demo.example ", "password": "rapport-demo"}},
        },
    )
    body = response.json()
    assert body["data"]["login"] == {"viewer": {"email": "rep@demo.example"}, "userErrors": []}
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("rapport_session=rps_")
    lowered = cookie.lower()
    assert "httponly" in lowered
    assert "samesite=lax" in lowered
    assert "path=/" in lowered
    assert "max-age=1209600" in lowered
    assert "secure" not in lowered  # plain http in tests; production sets Secure

    viewer = (await gql(VIEWER))["data"]["viewer"]
    assert viewer["email"] == "rep@demo.example"
    assert viewer["roles"] == ["sales_rep"]
    assert viewer["team"] == {
        "name": "East Sales",
        "parent": {"name": "Sales"},
        "manager": {"email": "manager@demo.example"},
    }


async def test_anonymous_viewer_is_null(gql: GraphQLClient) -> None:
    assert (await gql(VIEWER)) == {"data": {"viewer": None}}


async def test_wrong_password_and_unknown_email_fail_alike_and_set_no_cookie(
    client: httpx.AsyncClient, gql: GraphQLClient, demo: dict[str, Any], db: Database
) -> None:
    for email, password in (("rep@demo.example", "wrong-password"), ("nobody@demo.example", "rapport-demo")):
        response = await client.post(
            "/graphql",
            json={
                "query": "mutation($i: LoginInput!) { login(input: $i) { viewer { email } userErrors { field code } } }",
                "variables": {"i": {"email": email, "password": password}},
            },
        )
        assert response.json()["data"]["login"] == {
            "viewer": None,
            "userErrors": [{"field": "password", "code": "INVALID_CREDENTIALS"}],
        }
        assert "set-cookie" not in response.headers
    async with db.read() as session:
        assert (await session.execute(select(func.count()).select_from(AuthSession))).scalar() == 0
    assert (await gql(VIEWER))["data"]["viewer"] is None


async def test_inactive_user_cannot_sign_in(gql: GraphQLClient, demo: dict[str, Any], db: Database) -> None:
    async with db.write() as session:
        user = (await session.execute(select(User).where(User.email == "rep@demo.example"))).scalar_one()
        user.active = False
    body = await gql.login("rep@demo.example")
    assert body["data"]["login"]["userErrors"][0]["code"] == "INVALID_CREDENTIALS"


async def test_logout_ends_the_session_on_the_server(
    client: httpx.AsyncClient, gql: GraphQLClient, demo: dict[str, Any]
) -> None:
    await gql.login("rep@demo.example")
    stolen = client.cookies.get("rapport_session")
    assert stolen
    response = await client.post("/graphql", json={"query": "mutation { logout { ok } }"})
    assert response.json() == {"data": {"logout": {"ok": True}}}
    assert 'rapport_session=""' in response.headers["set-cookie"] or "Max-Age=0" in response.headers["set-cookie"]
    # Replaying the old cookie does not work: the session is gone from the database.
    client.cookies.set("rapport_session", stolen)
    replay = await client.post("/graphql", json={"query": VIEWER})
    assert replay.json() == {"data": {"viewer": None}}


async def test_expired_session_is_not_accepted(
    client: httpx.AsyncClient, gql: GraphQLClient, demo: dict[str, Any]
) -> None:
    await gql.login("rep@demo.example")
    with clock.frozen_at(clock.now() + timedelta(days=15)):
        assert (await gql(VIEWER))["data"]["viewer"] is None


async def test_failed_logins_are_rate_limited_per_account(
    gql: GraphQLClient, demo: dict[str, Any], db: Database
) -> None:
    for _ in range(5):
        body = await gql.login("rep@demo.example", "wrong-password")
        assert body["data"]["login"]["userErrors"][0]["code"] == "INVALID_CREDENTIALS"
    # Even the right password is refused now, without revealing whether it was right.
    body = await gql.login("rep@demo.example", "rapport-demo")
    assert body["data"] is None
    error = body["errors"][0]
    assert error["extensions"]["code"] == "RATE_LIMITED"
    assert 0 < error["extensions"]["retryAfterSeconds"] <= 15 * 60
    # Another account from the same address still signs in.
    assert (await gql.login("rep2@demo.example"))["data"]["login"]["viewer"] == {"email": "rep2@demo.example"}
    # After the window has passed, the right password works again and the failures are forgotten.
    with clock.frozen_at(clock.now() + timedelta(minutes=16)):
        assert (await gql.login("rep@demo.example"))["data"]["login"]["viewer"] == {"email": "rep@demo.example"}
    async with db.read() as session:
        count = select(func.count()).select_from(LoginFailure).where(LoginFailure.email == "rep@demo.example")
        assert (await session.execute(count)).scalar() == 0


async def test_failures_from_one_address_do_not_lock_the_office_behind_it(
    gql: GraphQLClient, demo: dict[str, Any]
) -> None:
    # 20 failures over many accounts from one address (issue 13: they locked every account behind it).
    for i in range(20):
        body = await gql.login(f"spray{i}@demo.example", "guess")
        assert body["data"]["login"]["userErrors"][0]["code"] == "INVALID_CREDENTIALS"
    assert (await gql.login("manager@demo.example"))["data"]["login"]["viewer"] == {"email": "manager@demo.example"}

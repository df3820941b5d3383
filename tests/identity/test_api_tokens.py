"""API tokens: admin-only creation, bearer authentication, hashing at rest, revocation."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from rapport.core.db import Database
from rapport.identity.models import ApiToken
from tests.conftest import GraphQLClient

CREATE = """
mutation($i: ApiTokenCreateInput!) {
  apiTokenCreate(input: $i) { secret apiToken { id name prefix revokedAt user { email } } userErrors { field code message } }
}
"""
REVOKE = (
    "mutation($i: ApiTokenRevokeInput!) { apiTokenRevoke(input: $i) { apiToken { revokedAt } userErrors { code } } }"
)


async def _user_id(gql: GraphQLClient, email: str) -> str:
    users = (await gql("{ users(first: 50) { nodes { id email } } }"))["data"]["users"]["nodes"]
    return next(u["id"] for u in users if u["email"] == email)


async def test_admin_issues_a_token_that_authenticates_as_its_user_until_revoked(
    gql: GraphQLClient, demo: dict[str, Any], db: Database
) -> None:
    await gql.login("admin@demo.example")
    analyst_id = await _user_id(gql, "analyst@demo.example")
    body = await gql(CREATE, {"i": {"name": "ERP sync", "userId": analyst_id}})
    payload = body["data"]["apiTokenCreate"]
    assert payload["userErrors"] == []
    secret = payload["secret"]
    assert secret.startswith("rpt_") and len(secret) > 40
    assert payload["apiToken"]["prefix"] == secret[:10]
    assert payload["apiToken"]["user"] == {"email": "analyst@demo.example"}

    # Stored as a hash only.
    async with db.read() as session:
        row = (await session.execute(select(ApiToken))).scalar_one()
    assert secret.encode() not in row.token_hash and row.token_hash != secret.encode()
    assert len(row.token_hash) == 32

    anonymous = GraphQLClient(gql.http)
    gql.http.cookies.clear()
    bearer = {"Authorization": f"Bearer {secret}"}
    viewer = await anonymous("{ viewer { email roles } }", headers=bearer)
    assert viewer["data"]["viewer"] == {"email": "analyst@demo.example", "roles": ["analyst"]}
    # A token acts with its user's roles: an analyst token cannot list users.
    denied = await anonymous("{ users { totalCount } }", headers=bearer)
    assert denied["errors"][0]["extensions"]["code"] == "FORBIDDEN"

    await gql.login("admin@demo.example")
    revoked = await gql(REVOKE, {"i": {"id": payload["apiToken"]["id"]}})
    assert revoked["data"]["apiTokenRevoke"]["apiToken"]["revokedAt"] is not None
    gql.http.cookies.clear()
    assert (await anonymous("{ viewer { email } }", headers=bearer))["data"]["viewer"] is None
    assert (await anonymous("{ users { totalCount } }", headers=bearer))["errors"][0]["extensions"]["code"] == (
        "UNAUTHENTICATED"
    )


async def test_only_admins_issue_tokens(gql: GraphQLClient, demo: dict[str, Any]) -> None:
    anonymous = await gql(CREATE, {"i": {"name": "x", "userId": "VXNlcjox"}})
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    await gql.login("manager@demo.example")
    forbidden = await gql(CREATE, {"i": {"name": "x", "userId": "VXNlcjox"}})
    assert forbidden["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert forbidden["data"] is None


async def test_token_input_errors_are_user_errors(gql: GraphQLClient, demo: dict[str, Any], db: Database) -> None:
    await gql.login("admin@demo.example")
    analyst_id = await _user_id(gql, "analyst@demo.example")
    blank = (await gql(CREATE, {"i": {"name": "  ", "userId": analyst_id}}))["data"]["apiTokenCreate"]
    assert blank["secret"] is None
    assert blank["userErrors"][0]["code"] == "BAD_USER_INPUT"
    past = await gql(CREATE, {"i": {"name": "x", "userId": analyst_id, "expiresAt": "2001-01-01T00:00:00Z"}})
    assert past["data"]["apiTokenCreate"]["userErrors"][0]["code"] == "BAD_USER_INPUT"
    bad_id = (await gql(CREATE, {"i": {"name": "x", "userId": "not-an-id"}}))["data"]["apiTokenCreate"]
    assert bad_id["userErrors"][0]["code"] == "BAD_USER_INPUT"
    async with db.read() as session:
        assert (await session.execute(select(ApiToken))).first() is None


async def test_unknown_bearer_token_is_anonymous(gql: GraphQLClient) -> None:
    body = await gql("{ viewer { email } }", headers={"Authorization": "Bearer rpt_not-a-real-token"})
    assert body == {"data": {"viewer": None}}

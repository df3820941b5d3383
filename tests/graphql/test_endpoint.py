"""The GraphQL endpoint's protections: limits, error codes, transport rules and SQL statement reporting."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from rapport.app import create_app
from rapport.config import Settings
from rapport.core.db import Database
from tests.conftest import GraphQLClient

SQL = {"X-Rapport-Debug": "sql"}


async def _admin(gql: GraphQLClient) -> None:
    body = await gql.login("admin@demo.example")
    assert body["data"]["login"]["viewer"]


@pytest.mark.parametrize(
    ("query", "variables", "fragment"),
    [
        ("{ users(first: 101) { totalCount } }", {}, "between 0 and 100"),
        ("query($n: Int) { users(first: $n) { totalCount } }", {"n": 5000}, "between 0 and 100"),
        ("{ users(first: -1) { totalCount } }", {}, "between 0 and 100"),
        (
            "{ viewer { team { parent { parent { parent { parent { parent { parent { parent { parent { parent"
            " { parent { parent { name } } } } } } } } } } } } } }",
            {},
            "exceeds maximum operation depth",
        ),
        ("{ " + " ".join(f"a{i}: viewer {{ email }}" for i in range(31)) + " }", {}, "aliases"),
        ("{ " + "viewer { email } " * 1700 + "}", {}, "tokens"),
    ],
    ids=["page-size-literal", "page-size-variable", "page-size-negative", "depth", "aliases", "tokens"],
)
async def test_limits_reject_the_operation_before_any_resolver_runs(
    gql: GraphQLClient, demo: dict[str, Any], query: str, variables: dict[str, Any], fragment: str
) -> None:
    await _admin(gql)
    body = await gql(query, variables, headers=SQL)
    assert body.get("data") is None
    assert fragment in body["errors"][0]["message"]
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    # Only the session lookup ran: no resolver touched the database.
    if "extensions" in body:
        assert body["extensions"]["sql"]["statements"] == 0
        assert body["extensions"]["sql"]["session"] == 1


async def test_within_limits_the_same_query_runs(gql: GraphQLClient, demo: dict[str, Any]) -> None:
    await _admin(gql)
    body = await gql("query($n: Int) { users(first: $n) { totalCount nodes { email } } }", {"n": 100})
    assert body["data"]["users"]["totalCount"] == 11
    assert len(body["data"]["users"]["nodes"]) == 11


async def test_users_pagination_walks_every_user_once(gql: GraphQLClient, demo: dict[str, Any]) -> None:
    await _admin(gql)
    seen: list[str] = []
    after = None
    while True:
        page = (
            await gql(
                "query($a: String) { users(first: 3, after: $a) { edges { cursor node { email } } "
                "pageInfo { hasNextPage hasPreviousPage endCursor } } }",
                {"a": after},
            )
        )["data"]["users"]
        seen += [e["node"]["email"] for e in page["edges"]]
        assert page["pageInfo"]["hasPreviousPage"] is (after is not None)
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == sorted(seen)
    assert len(seen) == len(set(seen)) == 11


async def test_bad_cursor_is_bad_user_input(gql: GraphQLClient, demo: dict[str, Any]) -> None:
    await _admin(gql)
    body = await gql('{ users(after: "!!nonsense") { totalCount } }')
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_error_codes_for_anonymous_and_forbidden_callers(gql: GraphQLClient, demo: dict[str, Any]) -> None:
    anonymous = await gql("{ users { totalCount } }")
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    await gql.login("rep@demo.example")
    forbidden = await gql("{ users { totalCount } }")
    assert forbidden["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_syntax_and_validation_errors_are_graphql_validation_failed(gql: GraphQLClient) -> None:
    assert (await gql("{ viewer { "))["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert (await gql("{ noSuchField }"))["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


async def test_variables_that_do_not_coerce_are_bad_user_input(gql: GraphQLClient, demo: dict[str, Any]) -> None:
    await gql.login("director@demo.example")
    mutation = "mutation($i: LeadSubmitInput!) { leadSubmit(input: $i) { accepted } }"
    wrong_type = await gql(mutation, {"i": {"name": 7, "email": "a@example.com"}})
    assert wrong_type["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    query = "query($p: SalesPeriod!) { salesForecast(period: $p) { target } }"
    assert (await gql(query, {"p": "month"}))["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    convert = "mutation($i: LeadConvertInput!) { leadConvert(input: $i) { lead { id } } }"
    not_a_number = await gql(convert, {"i": {"id": "x", "amount": "lots"}})
    assert not_a_number["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    date = "query($d: Date) { salesFunnel(from: $d) { reached } }"
    assert (await gql(date, {"d": "2026-13-45"}))["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_mutations_and_queries_over_get_are_refused(client: httpx.AsyncClient) -> None:
    mutation = await client.get("/graphql", params={"query": "mutation { logout { ok } }"})
    assert mutation.status_code == 405
    query = await client.get("/graphql", params={"query": "{ viewer { email } }"})
    assert query.status_code == 405


async def test_non_json_posts_are_refused(client: httpx.AsyncClient) -> None:
    # A cross-site form post (no CORS preflight) cannot reach the GraphQL executor.
    response = await client.post("/graphql", data={"query": "mutation { logout { ok } }"})
    assert response.status_code == 400


async def test_sql_statement_count_is_reported_on_request_in_development(
    gql: GraphQLClient, demo: dict[str, Any]
) -> None:
    await gql.login("rep@demo.example")
    body = await gql("{ viewer { email team { name } } }", headers=SQL)
    assert body["data"]["viewer"]["team"] == {"name": "East Sales"}
    # the compiled statement (the user with their team), and apart from it the session lookup (the first request
    # after signing in: nothing is cached yet)
    assert body["extensions"]["sql"]["statements"] == 1
    assert body["extensions"]["sql"]["session"] == 1
    again = await gql("{ viewer { email team { name } } }", headers=SQL)
    assert again["extensions"]["sql"]["statements"] == 1
    assert again["extensions"]["sql"]["session"] == 0  # the principal cache answers
    assert body["extensions"]["sql"]["ms"] >= 0
    plain = await gql("{ viewer { email } }")
    assert "extensions" not in plain


async def test_loaders_batch_nested_lookups(
    gql: GraphQLClient, demo: dict[str, Any], settings: Settings, db: Database
) -> None:
    query = "{ users(first: 10) { nodes { email roles permissions { isAdmin } team { name manager { email } } } } }"
    resolvers = create_app(settings.model_copy(update={"compiled_reads": False}), database=db)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=resolvers), base_url="http://t") as http:
        slow = GraphQLClient(http)
        await slow.login("admin@demo.example")
        body = await slow(query, headers=SQL)
    teams = {n["email"]: n["team"] for n in body["data"]["users"]["nodes"]}
    assert teams["rep@demo.example"] == {"name": "East Sales", "manager": {"email": "manager@demo.example"}}
    # users page, roles (one batch), teams (one batch), managers (one batch) — not one per row; the viewer's
    # permissions come from the process's policy; and apart from them the session lookup.
    assert body["extensions"]["sql"]["statements"] == 4
    assert body["extensions"]["sql"]["session"] == 1
    # The compiler answers in one statement whatever the number of rows.
    await _admin(gql)
    compiled = await gql(query, headers=SQL)
    assert compiled["data"] == body["data"]
    assert compiled["extensions"]["sql"]["statements"] == 1


async def test_node_resolves_visible_objects_and_hides_others(gql: GraphQLClient, demo: dict[str, Any]) -> None:
    await gql.login("rep@demo.example")
    me = (await gql("{ viewer { id team { id } } }"))["data"]["viewer"]
    node = await gql("query($id: ID!) { node(id: $id) { id ... on User { email } } }", {"id": me["id"]})
    assert node["data"]["node"] == {"id": me["id"], "email": "rep@demo.example"}
    team = await gql("query($id: ID!) { node(id: $id) { ... on Team { name } } }", {"id": me["team"]["id"]})
    assert team["data"]["node"] == {"name": "East Sales"}
    await gql.login("admin@demo.example")
    users = (await gql("{ users { nodes { id email } } }"))["data"]["users"]["nodes"]
    other = next(u["id"] for u in users if u["email"] == "rep2@demo.example")
    await gql.login("rep@demo.example")
    # Another user's id answers exactly like an id that does not exist.
    hidden = await gql("query($id: ID!) { node(id: $id) { id } }", {"id": other})
    missing = await gql(
        "query($id: ID!) { node(id: $id) { id } }",
        {"id": "VXNlcjowMDAwMDAwMC0wMDAwLTAwMDAtMDAwMC0wMDAwMDAwMDAwMDA"},
    )
    garbage = await gql('{ node(id: "garbage") { id } }')
    assert hidden == missing == garbage == {"data": {"node": None}}

"""Malformed input gets a typed client error, never HTTP 500 nor INTERNAL (issue 13, class 7).

Each test reproduces one case found by fuzzing the running server; `test_fuzz.py` covers the class.
"""

from __future__ import annotations

import base64
import json
from typing import Any

import httpx
import orjson
import pytest

from tests.conftest import GraphQLClient

JSON = {"Content-Type": "application/json"}


def _codes(body: dict[str, Any]) -> list[str]:
    return [e.get("extensions", {}).get("code") for e in body.get("errors", [])]


async def _post(client: httpx.AsyncClient, payload: object) -> httpx.Response:
    return await client.post("/graphql", content=orjson.dumps(payload), headers=JSON)


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
async def test_an_undefined_fragment_is_a_validation_error(
    client: httpx.AsyncClient, gql: GraphQLClient, demo: dict[str, Any], signed_in: bool
) -> None:
    if signed_in:
        await gql.login("agent@demo.example")
    response = await _post(client, {"query": "{ tickets(first: 5) { nodes { ...Missing } } }"})
    assert response.status_code == 200
    assert _codes(response.json()) == ["GRAPHQL_VALIDATION_FAILED"]
    assert "Missing" in response.json()["errors"][0]["message"]


@pytest.mark.parametrize("payload", [42, "x", None, True, [], [{"query": "{ viewer { id } }"}]])
async def test_a_body_that_is_not_a_json_object_is_a_bad_request(client: httpx.AsyncClient, payload: object) -> None:
    response = await _post(client, payload)
    assert response.status_code == 400
    assert _codes(response.json()) == ["BAD_USER_INPUT"]


@pytest.mark.parametrize(
    "payload",
    [
        {"query": 7},
        {"query": "{ viewer { id } }", "variables": [1]},
        {"query": "{ viewer { id } }", "variables": "x"},
        {"query": "{ viewer { id } }", "operationName": 3},
        {"query": "{ viewer { id } }", "extensions": "x"},
        {},
    ],
    ids=["query-number", "variables-list", "variables-string", "name-number", "extensions-string", "empty"],
)
async def test_request_parameters_of_the_wrong_shape_are_a_bad_request(
    client: httpx.AsyncClient, gql: GraphQLClient, demo: dict[str, Any], payload: dict[str, Any]
) -> None:
    for _ in range(2):  # anonymous, then signed in (the compiled read path reads the body first)
        response = await _post(client, payload)
        assert response.status_code == 400, response.text
        assert _codes(response.json()) == ["BAD_USER_INPUT"]
        await gql.login("agent@demo.example")


async def test_a_body_that_is_not_json_is_a_bad_request(client: httpx.AsyncClient) -> None:
    response = await client.post("/graphql", content=b"{nope", headers=JSON)
    assert response.status_code == 400
    assert _codes(response.json()) == ["BAD_USER_INPUT"]


@pytest.mark.parametrize("year", [-1, 0, 10000, 2**31 - 1])
async def test_an_out_of_range_year_is_bad_user_input(gql: GraphQLClient, demo: dict[str, Any], year: int) -> None:
    await gql.login("admin@demo.example")
    literal = await gql(f"{{ salesTargets(year: {year}) {{ id }} }}")
    assert _codes(literal) == ["BAD_USER_INPUT"]
    assert "year" in literal["errors"][0]["message"]
    variable = await gql("query($y: Int) { salesTargets(year: $y) { id } }", {"y": year})
    assert _codes(variable) == ["BAD_USER_INPUT"]


async def test_ints_beyond_32_bits_are_bad_user_input(gql: GraphQLClient, demo: dict[str, Any]) -> None:
    await gql.login("admin@demo.example")
    assert _codes(await gql("{ salesTargets(year: 99999999999) { id } }")) == ["GRAPHQL_VALIDATION_FAILED"]
    assert _codes(await gql("query($y: Int) { salesTargets(year: $y) { id } }", {"y": 2**40})) == ["BAD_USER_INPUT"]


@pytest.mark.parametrize(
    ("query", "variables"),
    [
        ("{ tickets(first: -5) { totalCount } }", {}),
        ("query($n: Int) { tickets(first: $n) { totalCount } }", {"n": -5}),
        ("{ poolWatchlist(withinDays: 2000000000) { id } }", {}),
        ('{ kbSearch(query: "a", offset: -1) { id } }', {}),
        (
            "mutation($i: PoolRuleInput!) { poolRuleSave(input: $i) { userErrors { code } } }",
            {
                "i": {
                    "daysWithoutFollowUp": -2000000000,
                    "warnDaysBefore": 2000000000,
                    "dailyClaimLimit": -1,
                    "reclaimCooldownDays": 2000000000,
                }
            },
        ),
    ],
    ids=["first-literal", "first-variable", "within-days", "offset", "input-fields"],
)
async def test_out_of_range_ints_are_bad_user_input(
    gql: GraphQLClient, demo: dict[str, Any], query: str, variables: dict[str, Any]
) -> None:
    await gql.login("admin@demo.example")
    body = await gql(query, variables)
    assert body.get("data") is None, body
    assert set(_codes(body)) == {"BAD_USER_INPUT"}, body


def _cursor(values: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


CRAFTED_CURSORS = [
    "!!nonsense",
    "",
    "\u0000",
    "é" * 8,
    "A" * 5000,
    _cursor({"a": 1}),
    _cursor([]),
    _cursor(["x"]),
    _cursor(["x", "not-a-uuid"]),
    _cursor([{"a": 1}, [1]]),
    _cursor(["2026-01-01T00:00:00+00:00", "00000000-0000-0000-0000-000000000000", "extra"]),
    _cursor(["\u0000", "00000000-0000-0000-0000-000000000000"]),
    _cursor([10**30, 10**30]),
    _cursor(["9999-12-31T23:59:59-14:00", 5]),
    _cursor(["0001-01-01T00:00:00+14:00", "00000000-0000-0000-0000-000000000000\u0000"]),
    _cursor([None, None]),
    base64.urlsafe_b64encode(b"\xff\xfe").decode(),
]


@pytest.mark.parametrize(
    "query",
    [
        "query($a: String) { users(first: 2, after: $a) { totalCount nodes { id } } }",
        "query($a: String) { customers(first: 2, after: $a) { nodes { id } } }",
        "query($a: String) { customers(first: 2, after: $a, orderBy: {field: NAME}) { nodes { id } } }",
        "query($a: String) { customers(first: 2, after: $a, orderBy: {field: GRADE}) { nodes { id } } }",
        "query($a: String) { tickets(first: 2, after: $a) { nodes { id } } }",
        "query($a: String) { leads(first: 2, after: $a) { nodes { id } } }",
        "query($a: String) { auditLog(first: 2, after: $a) { nodes { id } } }",
        "query($a: String) { notifications(first: 2, after: $a) { nodes { id } } }",
    ],
    ids=["users", "customers", "customers-by-name", "customers-by-grade", "tickets", "leads", "audit-log", "notices"],
)
async def test_a_crafted_cursor_is_bad_user_input(gql: GraphQLClient, demo: dict[str, Any], query: str) -> None:
    await gql.login("admin@demo.example")
    for cursor in CRAFTED_CURSORS:
        body = await gql(query, {"a": cursor})
        assert body.get("data") is None or not any(body["data"].values()), (cursor, body)
        assert _codes(body) == ["BAD_USER_INPUT"], (cursor, body)


async def test_a_subscription_sent_over_post_is_a_client_error(
    client: httpx.AsyncClient, gql: GraphQLClient, demo: dict[str, Any]
) -> None:
    await gql.login("agent@demo.example")
    response = await _post(client, {"query": "subscription { ticketEvents { cursor } }"})
    assert response.status_code == 400 or response.status_code == 200
    assert _codes(response.json()) == ["BAD_USER_INPUT"]
    assert "websocket" in response.json()["errors"][0]["message"].lower()


@pytest.mark.parametrize(
    "query",
    ["{ viewer { ", "{ noSuchField }", "query { viewer { id } } query { viewer { id } }", "{ viewer(x: 1) { id } }"],
    ids=["syntax", "unknown-field", "anonymous-operations", "unknown-argument"],
)
async def test_parse_and_validation_errors_are_graphql_validation_failed(gql: GraphQLClient, query: str) -> None:
    body = await gql(query)
    assert body.get("data") is None
    assert set(_codes(body)) == {"GRAPHQL_VALIDATION_FAILED"}


async def test_a_body_over_the_cap_is_refused_unread(client: httpx.AsyncClient) -> None:
    padding = "x" * 4_200_000  # over GRAPHQL_MAX_BODY_BYTES (4 MiB)
    response = await _post(client, {"query": "{ viewer { id } }", "variables": {"pad": padding}})
    assert response.status_code == 413
    assert _codes(response.json()) == ["BAD_USER_INPUT"]
    assert "larger than" in response.json()["errors"][0]["message"]

"""GraphQL over HTTP: media types and status codes on the compiled read path and on Strawberry's."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from rapport.graphql.http import GRAPHQL_RESPONSE_JSON, JSON, response_media_type
from tests.conftest import GraphQLClient

NEW = {"Accept": GRAPHQL_RESPONSE_JSON}
URQL = {"Accept": "application/graphql-response+json, application/graphql+json, application/json, multipart/mixed"}


async def _post(client: httpx.AsyncClient, query: str, headers: dict[str, str], **extra: Any) -> httpx.Response:
    return await client.post("/graphql", json={"query": query, **extra}, headers=headers)


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, JSON),
        ("", JSON),
        ("*/*", JSON),
        ("application/json", JSON),
        (GRAPHQL_RESPONSE_JSON, GRAPHQL_RESPONSE_JSON),
        (URQL["Accept"], GRAPHQL_RESPONSE_JSON),
        ("application/json, application/graphql-response+json;q=0.9", JSON),
        ("application/json;q=0.5, application/graphql-response+json", GRAPHQL_RESPONSE_JSON),
        ("application/graphql-response+json;q=0", JSON),
        ("application/graphql-response+json;q=nonsense", JSON),
    ],
)
def test_the_response_media_type_follows_the_accept_header(accept: str | None, expected: str) -> None:
    assert response_media_type(accept) == expected


async def test_the_compiled_path_answers_in_the_media_type_asked_for(
    client: httpx.AsyncClient, gql: GraphQLClient, demo: dict[str, Any]
) -> None:
    compiled = client._transport.app.state.graphql.compiled  # type: ignore[attr-defined]
    await gql.login("rep@demo.example")
    for headers, media_type in ((NEW, GRAPHQL_RESPONSE_JSON), (URQL, GRAPHQL_RESPONSE_JSON), ({}, JSON)):
        served = compiled.served
        response = await _post(client, "{ customers(first: 2) { nodes { name } } }", headers)
        assert compiled.served == served + 1
        assert response.status_code == 200
        assert response.headers["content-type"] == media_type
        assert response.json() == {"data": {"customers": {"nodes": []}}}


async def test_requests_that_fail_before_execution_are_4xx_without_data_in_the_new_media_type(
    client: httpx.AsyncClient, gql: GraphQLClient, demo: dict[str, Any]
) -> None:
    cases = [
        ("{ viewer { ", {}, 400, "GRAPHQL_VALIDATION_FAILED"),
        ("{ noSuchField }", {}, 400, "GRAPHQL_VALIDATION_FAILED"),
        ("{ tickets(first: 5) { nodes { ...Missing } } }", {}, 400, "GRAPHQL_VALIDATION_FAILED"),
        ("query($n: Int!) { __typename }", {"variables": {"n": "five"}}, 400, "BAD_USER_INPUT"),
        ("{ users { totalCount } }", {}, 401, "UNAUTHENTICATED"),
    ]
    for signed_in in (False, True):
        if signed_in:
            await gql.login("rep@demo.example")
            cases[-1] = ("{ users { totalCount } }", {}, 403, "FORBIDDEN")
            cases.append(("{ customers(first: 500) { totalCount } }", {}, 400, "BAD_USER_INPUT"))
        for query, extra, status, code in cases:
            new = await _post(client, query, NEW, **extra)
            assert new.status_code == status, (query, new.text)
            assert new.headers["content-type"] == GRAPHQL_RESPONSE_JSON
            assert "data" not in new.json()
            assert new.json()["errors"][0]["extensions"]["code"] == code
            # application/json clients keep what they had: 200 and `"data": null`
            old = await _post(client, query, {}, **extra)
            assert old.status_code == 200
            assert old.headers["content-type"] == JSON
            assert old.json()["data"] is None
            assert old.json()["errors"][0]["extensions"]["code"] == code


async def test_an_error_during_execution_answers_200_with_the_data_entry(client: httpx.AsyncClient) -> None:
    # The error nulls the whole (non-null) root, yet the operation executed: 200, with `"data": null`.
    response = await _post(client, '{ survey(token: "garbage") { __typename } }', NEW)
    assert response.status_code == 200
    body = response.json()
    assert "data" in body and body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert body["errors"][0]["path"] == ["survey"]


@pytest.mark.parametrize("accept", [JSON, GRAPHQL_RESPONSE_JSON])
async def test_requests_that_are_not_graphql_requests_are_400_in_either_media_type(
    client: httpx.AsyncClient, accept: str
) -> None:
    for content, content_type in ((b"42", "application/json"), (b"{", "application/json"), (b"{}", "text/plain")):
        response = await client.post(
            "/graphql", content=content, headers={"Content-Type": content_type, "Accept": accept}
        )
        assert response.status_code == 400
        assert response.headers["content-type"] == accept
        assert "data" not in response.json()
        assert response.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"

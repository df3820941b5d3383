"""The compiled path reads the caller from the raw headers as Starlette's connection reads them for the resolvers:
the first `Authorization` header, and the cookies of every `Cookie` header (a later one wins), for every
combination of those headers."""

from __future__ import annotations

import itertools
from typing import Any

import httpx
from starlette.requests import HTTPConnection

from rapport.core.authn import SESSION_COOKIE, principal_for_credentials
from rapport.graphql.app import bearer_token
from tests.conftest import GraphQLClient


async def test_the_raw_headers_name_the_caller_the_resolvers_would(
    client: httpx.AsyncClient, demo: dict[str, Any]
) -> None:
    gql = GraphQLClient(client)
    await gql.login("rep@demo.example")
    session = client.cookies[SESSION_COOKIE]
    graphql = client._transport.app.state.graphql  # type: ignore[attr-defined]
    headers: list[list[tuple[bytes, bytes]]] = [[]]
    cookie_values = [
        f"{SESSION_COOKIE}={session}".encode(),
        f"theme=dark; {SESSION_COOKIE}={session}".encode(),
        f"{SESSION_COOKIE}=not-a-session".encode(),
        b"theme=dark",
    ]
    authorizations = [b"Basic eDp5", b"Bearer rpt_not_a_token", b"bearer   ", b"Bearer"]
    for cookies in itertools.chain.from_iterable(itertools.permutations(cookie_values, n) for n in (1, 2)):
        headers.append([(b"cookie", value) for value in cookies])
    for authorization in authorizations:
        headers.append([(b"authorization", authorization), (b"cookie", cookie_values[0])])
    headers.append(
        [(b"authorization", b"Basic eDp5"), (b"authorization", b"Bearer rpt_x"), (b"cookie", cookie_values[0])]
    )
    signed_in = 0
    for raw in headers:
        scope = {"type": "http", "headers": raw, "method": "POST", "path": "/graphql", "query_string": b""}
        connection = HTTPConnection(scope)  # Starlette's reading of the same headers
        bearer = bearer_token(connection.headers.get("authorization"))
        cookie = None if bearer else connection.cookies.get(SESSION_COOKIE)
        expected = (await principal_for_credentials(graphql.db, bearer, cookie), cookie)
        found = await graphql._authenticate_scope(scope)
        assert (found[0] and found[0].user_id, found[1]) == (expected[0] and expected[0].user_id, expected[1]), raw
        signed_in += found[0] is not None
    assert signed_in >= 5  # the session is found in a later header, after another cookie, and beside a Basic header

"""Requests the compiled path prepared before (`rapport.graphql.prepared`): kept per exact request and caller, never
what a check refused, and bounded."""

from __future__ import annotations

from typing import Any

from rapport.core.db import Database
from rapport.graphql.prepared import MAX_QUERY_CHARS, MAX_VARIABLES_BYTES, PreparedRequests
from tests import factories
from tests.conftest import GraphQLClient

PAGE = "query Page($n: Int) { customers(first: $n, orderBy: {field: NAME}) { totalCount nodes { name } } }"


async def _customers(db: Database, demo: dict[str, Any]) -> None:
    """Three customers of the rep's and two of the admin's."""
    for email, names in (("rep@demo.example", ("Alpha", "Beta", "Gamma")), ("admin@demo.example", ("Delta", "Eps"))):
        owner = await factories.principal(db, email)
        for name in names:
            await factories.customer(db, owner, f"{name} Co")


def _compiled(gql: GraphQLClient) -> Any:
    return gql.http._transport.app.state.graphql.compiled  # type: ignore[attr-defined]


async def test_each_variables_are_checked_and_kept_on_their_own(
    gql: GraphQLClient, demo: dict[str, Any], db: Database
) -> None:
    await _customers(db, demo)
    compiled = _compiled(gql)
    await gql.login("admin@demo.example")
    two = await gql(PAGE, {"n": 2})
    assert [n["name"] for n in two["data"]["customers"]["nodes"]] == ["Alpha Co", "Beta Co"]
    kept = len(compiled.prepared)
    three = await gql(PAGE, {"n": 3})
    assert len(three["data"]["customers"]["nodes"]) == 3  # other variables: checked, built and kept on their own
    assert len(compiled.prepared) == kept + 1
    # Variables a check refuses are refused every time, and never kept.
    for _ in range(2):
        over = await gql(PAGE, {"n": 101})
        assert over["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT", over
        wrong = await gql(PAGE, {"n": "2"})
        assert wrong["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT", wrong
    assert len(compiled.prepared) == kept + 1
    served = compiled.served
    assert await gql(PAGE, {"n": 2}) == two
    assert (compiled.served, len(compiled.prepared)) == (served + 1, kept + 1)


async def test_the_same_request_from_another_caller_reads_that_callers_rows(
    gql: GraphQLClient, demo: dict[str, Any], db: Database
) -> None:
    await _customers(db, demo)
    compiled = _compiled(gql)
    seen: dict[str, list[Any]] = {}
    for email in ("rep@demo.example", "admin@demo.example", "rep@demo.example", "manager@demo.example"):
        await gql.login(email)
        served = compiled.served
        body = await gql(PAGE, {"n": 10})
        assert compiled.served == served + 1, f"{email}: not compiled"
        seen.setdefault(email, []).append(body["data"]["customers"])
    assert seen["rep@demo.example"][0] == seen["rep@demo.example"][1]
    assert seen["rep@demo.example"][0]["totalCount"] == 3  # the rep's own, after the admin's five
    assert seen["admin@demo.example"][0]["totalCount"] == 5
    assert len(compiled.prepared) == 3  # one per caller


def test_kept_requests_are_bounded_and_large_or_unusual_variables_are_not_kept() -> None:
    kept = PreparedRequests(size=3)
    policy: Any = object()
    prepared: Any = object()
    for n in range(5):
        kept.put(kept.key("query Q($n: Int) { a }", "Q", {"n": n}, ("user",)), policy, prepared)
    assert len(kept) == 3
    assert kept.get(kept.key("query Q($n: Int) { a }", "Q", {"n": 0}, ("user",)), policy) is None  # the oldest out
    assert kept.get(kept.key("query Q($n: Int) { a }", "Q", {"n": 4}, ("user",)), policy) is prepared
    assert kept.get(kept.key("query Q($n: Int) { a }", "Q", {"n": 4}, ("other",)), policy) is None
    assert kept.get(kept.key("query Q($n: Int) { a }", "Q", {"n": 4}, ("user",)), object()) is None  # other policy
    # JSON types differ in the key: 1, 1.0, true and "1" are four requests.
    keys = {kept.key("q", None, {"n": value}, ()) for value in (1, 1.0, True, "1")}
    assert len(keys) == 4
    assert kept.key("q", None, {"s": "x" * MAX_VARIABLES_BYTES}, ()) is None
    assert kept.key("q", None, {"n": 2**70}, ()) is None
    assert kept.key("q" * (MAX_QUERY_CHARS + 1), None, None, ()) is None

"""Requests the compiled path prepared before (`rapport.graphql.prepared`): the web app's documents only, kept per
exact request, caller and language, never what a check refused, audited on every run, and bounded."""

from __future__ import annotations

from typing import Any

from graphql import parse
from sqlalchemy import text

from rapport.core.authz.readlog import read_log
from rapport.core.db import Database
from rapport.customers.service import ContactDraft
from rapport.graphql.compiler.flatten import directive_variables
from rapport.graphql.node import to_global_id
from rapport.graphql.prepared import MAX_VARIABLES_BYTES, PreparedRequests
from tests import factories
from tests.conftest import GraphQLClient, app_document

OPTIONS = app_document("SalesCustomerOptions")  # customers(first: 20, search: $search) { nodes { city id name } }


async def _customers(db: Database) -> str:
    """Three customers of the rep's and two of the admin's, the first of them with a contact: that one's id."""
    rep, admin = await factories.principal(db, "rep@demo.example"), await factories.principal(db, "admin@demo.example")
    contact = ContactDraft(name="Li Lei", phones=["+8613900001111"], emails=["li@example.com"])
    delta = await factories.customer(db, admin, "Delta Co", contacts=[contact])
    await factories.customer(db, admin, "Eps Co")
    for name in ("Alpha", "Beta", "Gamma"):
        await factories.customer(db, rep, f"{name} Co")
    return to_global_id("Customer", delta.id)


def _compiled(gql: GraphQLClient) -> Any:
    return gql.http._transport.app.state.graphql.compiled  # type: ignore[attr-defined]


def _names(body: dict[str, Any]) -> list[str]:
    return sorted(node["name"] for node in body["data"]["customers"]["nodes"])


async def test_each_variables_are_checked_and_kept_on_their_own(
    gql: GraphQLClient, demo: dict[str, Any], db: Database
) -> None:
    await _customers(db)
    compiled = _compiled(gql)
    await gql.login("admin@demo.example")
    alpha = await gql(OPTIONS, {"search": "Alpha"})
    assert _names(alpha) == ["Alpha Co"]
    assert len(compiled.prepared) == 1
    beta = await gql(OPTIONS, {"search": "Beta"})
    assert _names(beta) == ["Beta Co"]  # other variables: checked, built and kept on their own
    assert len(compiled.prepared) == 2
    # Variables a check refuses are refused every time, and never kept.
    for _ in range(2):
        wrong = await gql(OPTIONS, {"search": 5})
        assert wrong["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT", wrong
        long = await gql(OPTIONS, {"search": "x" * 1000})
        assert long["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT", long
    assert len(compiled.prepared) == 2
    served = compiled.served
    assert await gql(OPTIONS, {"search": "Alpha"}) == alpha
    assert (compiled.served, len(compiled.prepared)) == (served + 1, 2)
    # A document that is not the web app's own is answered compiled, and not kept.
    own = await gql("query Mine($s: String) { customers(first: 20, search: $s) { nodes { name } } }", {"s": "Alpha"})
    assert _names(own) == ["Alpha Co"]
    assert (compiled.served, len(compiled.prepared)) == (served + 2, 2)


async def test_the_same_request_from_another_caller_reads_that_callers_rows(
    gql: GraphQLClient, demo: dict[str, Any], db: Database
) -> None:
    await _customers(db)
    compiled = _compiled(gql)
    seen: dict[str, list[list[str]]] = {}
    for email in ("rep@demo.example", "admin@demo.example", "rep@demo.example", "manager@demo.example"):
        await gql.login(email)
        served = compiled.served
        body = await gql(OPTIONS, {"search": None})
        assert compiled.served == served + 1, f"{email}: not compiled"
        seen.setdefault(email, []).append(_names(body))
    assert seen["rep@demo.example"] == [["Alpha Co", "Beta Co", "Gamma Co"]] * 2  # the rep's own, after the admin's
    assert seen["admin@demo.example"] == [["Alpha Co", "Beta Co", "Delta Co", "Eps Co", "Gamma Co"]]
    assert len(compiled.prepared) == 3  # one per caller


async def test_the_same_request_in_another_language_reads_that_language(
    gql: GraphQLClient, demo: dict[str, Any]
) -> None:
    compiled = _compiled(gql)
    await gql.login("admin@demo.example")
    stages = app_document("SalesPipelineStages")
    names = []
    for language in ("zh-CN", "en", "zh-CN", "en"):
        body = await gql(stages, headers={"accept-language": language})
        names.append({stage["key"]: stage["name"] for stage in body["data"]["pipelineStages"]})
    assert names[0]["quote"] == "方案报价" and names[1]["quote"] == "Proposal / quote"
    assert names[2:] == names[:2]
    assert len(compiled.prepared) == 2


async def test_clear_reads_answered_as_prepared_are_audited_each_time(
    gql: GraphQLClient, demo: dict[str, Any], db: Database
) -> None:
    customer = await _customers(db)
    compiled = _compiled(gql)
    view = app_document("Customer360")
    flags = dict.fromkeys(directive_variables(parse(view)), True)  # every field the page can show
    await gql.login("admin@demo.example")
    await read_log.flush()
    async with db.read() as session:
        before = (await session.execute(text("SELECT count(*) FROM audit_entry"))).scalar_one()
    served = compiled.served
    for _ in range(3):
        body = await gql(view, {"id": customer, **flags})
        assert body["data"]["customer"]["contacts"][0]["phones"] == ["+8613900001111"], body
    assert compiled.served == served + 3 and len(compiled.prepared) == 1
    await read_log.flush()
    async with db.read() as session:
        rows = (
            await session.execute(text("SELECT entity_type, changes FROM audit_entry WHERE action = 'read_sensitive'"))
        ).all()
        after = (await session.execute(text("SELECT count(*) FROM audit_entry"))).scalar_one()
    assert after - before == 3
    assert [tuple(row) for row in rows] == [("Customer", {"fields": ["Contact.emails", "Contact.phones"]})] * 3


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
    # Found with another policy: not used, and dropped.
    assert kept.get(kept.key("query Q($n: Int) { a }", "Q", {"n": 4}, ("user",)), object()) is None
    assert len(kept) == 2
    # JSON types differ in the key: 1, 1.0, true and "1" are four requests.
    keys = {kept.key("q", None, {"n": value}, ()) for value in (1, 1.0, True, "1")}
    assert len(keys) == 4
    assert kept.key("q", None, {"s": "x" * MAX_VARIABLES_BYTES}, ()) is None
    assert kept.key("q", None, {"n": 2**70}, ()) is None
    # orjson writes a non-finite number as null: never kept, so it cannot answer as the request with null.
    assert kept.key("q", None, {"n": [float("inf")]}, ()) is None
    assert kept.key("q", None, {"n": {"m": float("nan")}}, ()) is None
    assert kept.key("q", None, {"n": None}, ()) is not None


async def test_the_compiled_read_paths_connections_run_without_jit(db: Database) -> None:
    """Whole operations' statements are costed past `jit_above_cost` though they run in a millisecond or two:
    compiled with LLVM, each execution took tens of milliseconds more (core.db.RAW_SERVER_SETTINGS)."""
    pool = await db.raw_pool()
    async with pool.acquire() as first, pool.acquire() as second:
        assert [await c.fetchval("SHOW jit") for c in (first, second)] == ["off", "off"]

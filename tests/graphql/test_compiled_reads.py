"""The compiled read path answers exactly as the resolvers do, in one SQL statement, for every role."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
from sqlalchemy import text

from rapport.app import create_app
from rapport.config import Settings
from rapport.core.authz.readlog import read_log
from rapport.core.db import Database
from rapport.graphql.node import to_global_id
from tests.conftest import GraphQLClient

SQL = {"X-Rapport-Debug": "sql"}
ROLES = (
    "rep@demo.example",
    "manager@demo.example",
    "director@demo.example",
    "agent@demo.example",
    "supervisor@demo.example",
    "marketing@demo.example",
    "mktmanager@demo.example",
    "analyst@demo.example",
    "admin@demo.example",
)

VIEW_360 = """query Customer360($id: ID!) { customer(id: $id) { id name grade status owner { name } tags { name }
contacts { name title phones emails } tickets { number subject status priority createdAt }
opportunities { name amount stage { key name } } } }"""
LIST = """query CustomerList { customers(first: 50, orderBy: {field: NAME}) { nodes { id name grade status city
contacts { name phones } orders(first: 3) { nodes { number totalAmount orderedAt } } } } }"""
CONSOLE = """query Console { tickets(first: 50, filter: {openOnly: true}) { nodes { number subject status priority
createdAt sla { resolutionDueAt firstResponseDueAt paused } customer { name } assignee { name } } } }"""
#: Every plain field of the projected types, relations in both directions, aliases and __typename.
EVERYTHING = """query Everything($id: ID!, $n: Int, $desc: SortDirection) {
  one: customer(id: $id) {
    __typename id version kind name status grade source industry province city size gender birthDate occupation
    education maritalStatus creditRating riskLevel poolStatus ownedSince lastFollowUpAt lastActivityAt archivedAt
    createdAt updatedAt idNumber address
    owner { id email name locale active team { id name kind parent { name } manager { email } } }
    team { id name }
    tags { __typename id name color }
    contacts { id version name title isPrimary createdAt updatedAt phones emails customer { id name } }
    recent: orders(first: 2) { __typename nodes { id number channel status orderedAt totalAmount currency customer { id } } }
    orders { totalCount nodes { number } }
    tickets(openOnly: false) { id version number subject description channel category priority status escalationLevel
      rating ratingComment ratedAt reopenCount createdAt updatedAt firstRespondedAt resolvedAt closedAt
      sla { firstResponseDueAt firstResponseWarnAt resolutionDueAt resolutionWarnAt paused }
      customer { name } contact { name phones } queue { name } assignee { name } }
    openTickets: tickets(openOnly: true) { number }
    opportunities { id version name amount status expectedClose lostReason closedAt createdAt updatedAt
      stage { id version key name position probability requiresApproval approvalThreshold isWon isLost }
      customer { name } owner { name } team { name } }
  }
  page: customers(first: $n, orderBy: {field: CREATED_AT, direction: $desc}) { nodes { id name createdAt } }
  byGrade: customers(first: 7, orderBy: {field: GRADE}) { nodes { name grade } }
  newest: customers { nodes { name } }
  console: tickets(first: 5) { totalCount nodes { number } }
}"""
#: What the web app's documents use: named and inline fragments (on the type, on an interface it implements, and
#: without a condition), `@include`/`@skip` read from variables (with a default) and literals, and one response key
#: selected in several places whose selections merge. Planned per shape of its booleans.
SHAPED = """query Shaped($id: ID!, $withContacts: Boolean!, $skipTickets: Boolean = false) {
  customer(id: $id) {
    ...Head
    ... on Customer { grade owner { name } }
    ... on Node { id }
    owner { email }
    contacts @include(if: $withContacts) { ...ContactFields }
    tickets(openOnly: false) @skip(if: $skipTickets) { number ... on Ticket { subject } }
    ... @include(if: $withContacts) { status tags { name } }
    kind @skip(if: true)
    source @include(if: true)
  }
}
fragment Head on Customer { __typename id name owner { id } }
fragment ContactFields on Contact { name phones }"""
SHAPES = [
    {"withContacts": True, "skipTickets": False},
    {"withContacts": False, "skipTickets": True},
    {"withContacts": True},
    {"withContacts": False},
]
SEARCH = """query Search($q: String) { customers(search: $q, first: 20, orderBy: {field: NAME})
{ totalCount nodes { id name city } } }"""


@pytest.fixture
async def seeded(db: Database, settings: Settings) -> dict[str, Any]:
    """Demo data of every domain: customers with contacts and orders, tickets, opportunities."""
    from rapport.demo import seed_demo

    return await seed_demo(db, settings, locale="zh_CN", customers=60)


def _app(settings: Settings, db: Database, **changes: Any) -> Any:
    return create_app(settings.model_copy(update=changes), database=db)


@pytest.fixture
def pair(settings: Settings, db: Database) -> tuple[Any, Any]:
    """Two apps on the test database: compiled reads on (as shipped) and off (resolvers only)."""
    return _app(settings, db), _app(settings, db, compiled_reads=False)


def _client(app: Any) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")


async def _customer_ids(db: Database) -> list[str]:
    """Customers chosen to cover the demo's variety: the most contacts, tickets, opportunities; a person."""
    async with db.read() as session:
        rows = await session.execute(
            text(
                "(SELECT customer_id FROM contact GROUP BY customer_id ORDER BY count(*) DESC LIMIT 2) UNION "
                "(SELECT customer_id FROM ticket WHERE customer_id IS NOT NULL GROUP BY customer_id "
                " ORDER BY count(*) DESC LIMIT 2) UNION "
                "(SELECT customer_id FROM opportunity GROUP BY customer_id ORDER BY count(*) DESC LIMIT 2) UNION "
                "(SELECT id FROM customer WHERE kind = 'person' AND id_number_enc IS NOT NULL LIMIT 1)"
            )
        )
        return [to_global_id("Customer", row[0]) for row in rows]


def _difference(got: Any, expected: Any, label: str, path: str = "") -> str:
    """Where two responses first differ, for a readable failure."""
    if isinstance(got, dict) and isinstance(expected, dict):
        if list(got) != list(expected):
            return f"{label}: keys at {path or '/'}: {list(got)} != {list(expected)}"
        for key in got:
            if got[key] != expected[key]:
                return _difference(got[key], expected[key], label, f"{path}/{key}")
    if isinstance(got, list) and isinstance(expected, list) and len(got) == len(expected):
        for i, (a, b) in enumerate(zip(got, expected, strict=True)):
            if a != b:
                return _difference(a, b, label, f"{path}/{i}")
    return f"{label}: at {path or '/'}: {got!r} != {expected!r}"


async def _searches(db: Database) -> list[str]:
    """A name fragment, a contact's name, the last four digits of a phone and a whole email of the demo data."""
    from rapport.core.crypto import vault

    async with db.read() as session:
        name = (await session.execute(text("SELECT name FROM customer ORDER BY created_at LIMIT 1"))).scalar_one()
        contact = (await session.execute(text("SELECT id, name, phones_enc, emails_enc FROM contact LIMIT 1"))).one()
    phones = vault().cipher.decrypt(contact[2], table="contact", column="phones", row_id=contact[0])
    emails = vault().cipher.decrypt(contact[3], table="contact", column="emails", row_id=contact[0])
    return [name[1:3], contact[1], __import__("json").loads(phones)[0][-4:], __import__("json").loads(emails)[0]]


async def test_compiled_answers_equal_the_resolvers_for_every_role(
    pair: tuple[Any, Any], seeded: dict[str, Any], db: Database
) -> None:
    compiled_app, resolver_app = pair
    ids = await _customer_ids(db)
    assert len(ids) >= 4
    cases: list[tuple[str, dict[str, Any]]] = [(LIST, {}), (CONSOLE, {})]
    cases += [(VIEW_360, {"id": i}) for i in ids]
    cases += [(EVERYTHING, {"id": i, "n": 9, "desc": "DESC"}) for i in ids[:3]]
    cases += [(SEARCH, {"q": q}) for q in await _searches(db)]
    cases += [(SHAPED, {"id": i, **shape}) for i in ids[:2] for shape in SHAPES]
    compared = 0
    for email in ROLES:
        async with _client(compiled_app) as fast_http, _client(resolver_app) as slow_http:
            fast, slow = GraphQLClient(fast_http), GraphQLClient(slow_http)
            await fast.login(email)
            await slow.login(email)
            for query, variables in cases:
                served = compiled_app.state.graphql.compiled.served
                expected = await slow(query, variables)
                got = await fast(query, variables)
                assert got == expected, _difference(got, expected, f"{email}: {query[:40]} {variables}")
                if "errors" not in expected:
                    assert compiled_app.state.graphql.compiled.served == served + 1, f"{email}: not compiled"
                    compared += 1
    assert compared >= 60  # most roles may read most of these


async def test_one_statement_whatever_the_number_of_rows(
    client: httpx.AsyncClient, gql: GraphQLClient, seeded: dict[str, Any], db: Database
) -> None:
    await gql.login("admin@demo.example")
    ids = await _customer_ids(db)
    counts = set()
    for customer in ids:
        body = await gql(VIEW_360, {"id": customer}, headers=SQL)
        counts.add(body["extensions"]["sql"]["statements"])
    for query in (LIST, CONSOLE):
        body = await gql(query, headers=SQL)
        assert body["data"], body
        counts.add(body["extensions"]["sql"]["statements"])
    assert counts == {1}


async def test_clear_reads_of_sensitive_fields_are_audited_as_by_the_resolvers(
    pair: tuple[Any, Any], seeded: dict[str, Any], db: Database
) -> None:
    compiled_app, resolver_app = pair
    customer = (await _customer_ids(db))[0]
    written = []
    for app in (compiled_app, resolver_app):
        async with _client(app) as http:
            gql = GraphQLClient(http)
            await gql.login("admin@demo.example")
            await read_log.flush()
            async with db.read() as session:
                before = (await session.execute(text("SELECT count(*) FROM audit_entry"))).scalar_one()
            body = await gql(VIEW_360, {"id": customer})
            assert body["data"]["customer"]["contacts"][0]["phones"][0].startswith("+")
            await read_log.flush()
            async with db.read() as session:
                rows = (
                    await session.execute(
                        text("SELECT entity_type, changes FROM audit_entry ORDER BY at DESC LIMIT :n"),
                        {"n": 1},
                    )
                ).all()
                after = (await session.execute(text("SELECT count(*) FROM audit_entry"))).scalar_one()
            written.append((after - before, [tuple(r) for r in rows]))
    assert written[0] == written[1]
    assert written[0][0] == 1 and written[0][1][0][0] == "Customer"
    assert written[0][1][0][1] == {"fields": ["Contact.emails", "Contact.phones"]}


async def test_what_the_compiler_does_not_take_is_answered_by_the_resolvers(
    client: httpx.AsyncClient, gql: GraphQLClient, seeded: dict[str, Any], db: Database
) -> None:
    app = client._transport.app  # type: ignore[attr-defined]
    compiled = app.state.graphql.compiled
    await gql.login("rep@demo.example")
    some = await gql("{ customers(first: 2) { nodes { id name } } }")
    served = compiled.served
    # a malformed id, an over-large page, a root without a projection, a mutation
    malformed = await gql("query($id: ID!) { customer(id: $id) { name } }", {"id": "not-an-id"})
    assert malformed == {"data": {"customer": None}}
    too_big = await gql("{ customers(first: 500) { nodes { name } } }")
    assert too_big["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    # a root the compiler does not take (`node`: any type by a global id), beside one it takes
    first = some["data"]["customers"]["nodes"][0]["id"]
    mixed = await gql(
        "query($id: ID!) { customers(first: 2) { nodes { name } } node(id: $id) { __typename } }",
        {"id": first},
    )
    assert len(mixed["data"]["customers"]["nodes"]) == 2 and "errors" not in mixed, mixed
    # a body that is not declared JSON (what a cross-site form could send) is left to Strawberry's rules
    form = await client.post(
        "/graphql", content='{"query": "{ customers { nodes { name } } }"}', headers={"content-type": "text/plain"}
    )
    assert form.status_code != 200 or "data" not in form.json()
    assert compiled.served == served  # none of these was compiled
    # what the rep may not read is refused exactly as before, by the enforcement layer
    refused = await gql("{ customers(first: 2) { nodes { name } } auditLog(first: 1) { nodes { id } } }")
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert compiled.served == served


async def test_a_merged_customers_id_answers_its_survivor(
    gql: GraphQLClient, client: httpx.AsyncClient, seeded: dict[str, Any], db: Database
) -> None:
    async with db.write() as session:
        pair = (await session.execute(text("SELECT id FROM customer ORDER BY created_at LIMIT 2"))).scalars().all()
        await session.execute(
            text("UPDATE customer SET merged_into_id = :s, archived_at = now() WHERE id = :m"),
            {"s": pair[0], "m": pair[1]},
        )
    await gql.login("admin@demo.example")
    body = await gql("query($id: ID!) { customer(id: $id) { id } }", {"id": to_global_id("Customer", pair[1])})
    assert body == {"data": {"customer": {"id": to_global_id("Customer", pair[0])}}}


async def test_signing_out_or_losing_a_role_takes_effect_at_once(
    gql: GraphQLClient, client: httpx.AsyncClient, seeded: dict[str, Any], db: Database
) -> None:
    await gql.login("rep@demo.example")
    assert (await gql("{ customers(first: 1) { nodes { name } } }"))["data"]["customers"]["nodes"]
    await gql("mutation { logout { ok } }")
    anonymous = await gql("{ customers(first: 1) { nodes { name } } }")
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_identity_changes_notify_every_process(seeded: dict[str, Any], settings: Settings, db: Database) -> None:
    from rapport.core.notify import PgListener
    from rapport.core.principals import CHANNEL

    heard: asyncio.Queue[str] = asyncio.Queue()

    async def on_change(payload: str) -> None:
        await heard.put(payload)

    assert settings.database_url
    listener = PgListener(settings.database_url)
    listener.on(CHANNEL, on_change)
    await listener.start()
    try:
        for statement in (
            "UPDATE user_role SET role_name = role_name WHERE false",
            "DELETE FROM auth_session WHERE false",
            "UPDATE app_user SET name = name WHERE email = 'rep@demo.example'",
            "UPDATE team SET name = name WHERE false",
        ):
            async with db.write() as session:
                await session.execute(text(statement))
            assert await asyncio.wait_for(heard.get(), 10) in ("user_role", "auth_session", "app_user", "team")
    finally:
        await listener.stop()


async def test_total_counts_of_roles_that_see_every_row_count_the_rows(
    pair: tuple[Any, Any], seeded: dict[str, Any], db: Database
) -> None:
    # A list statement whose only condition was the scope's `true` lost its FROM when turned into a count
    # (SELECT count(*) WHERE true = 1); both paths count the rows now.
    async with db.read() as session:
        tickets = (await session.execute(text("SELECT count(*) FROM ticket"))).scalar_one()
    assert tickets > 1
    for app in pair:
        async with _client(app) as http:
            gql = GraphQLClient(http)
            await gql.login("admin@demo.example")
            counted = await gql("{ tickets(first: 1) { totalCount } }")
            assert counted == {"data": {"tickets": {"totalCount": tickets}}}
            paged = await gql("{ tickets(first: 2) { totalCount nodes { number } } }")
            assert paged["data"]["tickets"]["totalCount"] == tickets


async def test_the_configured_page_size_limit_holds_on_the_compiled_path(
    settings: Settings, db: Database, seeded: dict[str, Any]
) -> None:
    app = _app(settings, db, graphql_max_page_size=5)
    async with _client(app) as http:
        gql = GraphQLClient(http)
        await gql.login("admin@demo.example")
        served = app.state.graphql.compiled.served
        refused = await gql("query($n: Int) { customers(first: $n) { nodes { name } } }", {"n": 6})
        assert refused["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
        allowed = await gql("query($n: Int) { customers(first: $n) { nodes { name } } }", {"n": 5})
        assert len(allowed["data"]["customers"]["nodes"]) == 5
        assert app.state.graphql.compiled.served == served + 1


def test_a_lookup_that_straddles_a_clear_does_not_cache_what_it_found() -> None:
    from rapport.core.principals import PrincipalCache

    cache = PrincipalCache(ttl_seconds=10)
    principal: Any = object()
    started = cache.generation  # a request starts looking the session up ...
    cache.clear()  # ... the session ends meanwhile (sign-out, or another process's NOTIFY)
    cache.put(b"digest", principal, started)
    assert cache.get(b"digest") is None
    cache.put(b"digest", principal, cache.generation)
    assert cache.get(b"digest") is principal


NESTED_PAGES = """query Orders($id: ID!, $after: String) { customer(id: $id) { id orders(first: 2, after: $after) {
totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id number } } } } }"""


async def test_nested_pages_after_a_cursor_compile_and_answer_as_the_resolvers(
    pair: tuple[Any, Any], seeded: dict[str, Any], db: Database
) -> None:
    """A connection below the root reads its `after` cursor bound per request: every page of a customer's orders,
    the same on both paths, each in one statement of the compiled path (one SQL text for every cursor)."""
    compiled_app, resolver_app = pair
    async with db.read() as session:
        busiest = (
            await session.execute(text("SELECT customer_id FROM sales_order GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"))
        ).scalar_one()
    customer = to_global_id("Customer", busiest)
    for email in ("admin@demo.example", "manager@demo.example", "rep@demo.example"):
        async with _client(compiled_app) as fast_http, _client(resolver_app) as slow_http:
            fast, slow = GraphQLClient(fast_http), GraphQLClient(slow_http)
            await fast.login(email)
            await slow.login(email)
            after, pages = None, 0
            while True:
                variables = {"id": customer, "after": after}
                served = compiled_app.state.graphql.compiled.served
                expected = await slow(NESTED_PAGES, variables)
                got = await fast(NESTED_PAGES, variables)
                assert got == expected, _difference(got, expected, f"{email} page {pages}")
                if expected["data"]["customer"] is None:
                    break  # not this role's customer
                assert compiled_app.state.graphql.compiled.served == served + 1, f"{email} page {pages}: not compiled"
                pages += 1
                info = expected["data"]["customer"]["orders"]["pageInfo"]
                assert info["hasPreviousPage"] is (after is not None)
                if not info["hasNextPage"]:
                    break
                after = info["endCursor"]
            if email == "admin@demo.example":
                assert pages >= 2, "the busiest customer has more than one page of orders"
    # A malformed cursor is the resolvers' to refuse.
    async with _client(compiled_app) as http:
        client = GraphQLClient(http)
        await client.login("admin@demo.example")
        bad = await client(NESTED_PAGES, {"id": customer, "after": "not-a-cursor"})
    assert bad["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"

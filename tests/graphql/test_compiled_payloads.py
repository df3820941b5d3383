"""Mutations answer from the compiled path: the payload's objects are read after the write in one statement, and the
response is what the resolvers answer, for every role; a payload field the caller may not read refuses the
mutation before anything is written, and errors point where the client's document says."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from graphql import parse
from sqlalchemy import text

from rapport.app import TRUSTED_DOCUMENTS, create_app
from rapport.assembly import build_schema
from rapport.config import Settings
from rapport.core.authz import policy as authz_policy
from rapport.core.authz.policy import Access
from rapport.core.db import Database
from rapport.graphql.compiler.flatten import directive_variables
from rapport.graphql.compiler.payloads import PayloadPlan, plan_payloads
from rapport.graphql.fastpath import operation_of
from rapport.graphql.node import from_global_id, to_global_id
from rapport.graphql.trusted import TrustedDocuments
from tests.conftest import GraphQLClient, app_document

SQL = {"X-Rapport-Debug": "sql"}
EDITORS = ("rep@demo.example", "manager@demo.example", "director@demo.example", "admin@demo.example")

#: A payload reaching into relations (and a sensitive list), shaped by a boolean and a fragment that only the
#: payload's object reads: the reduced document the resolvers run must drop both and still validate.
UPDATE = """mutation Update($input: CustomerUpdateInput!, $withContacts: Boolean!) {
  customerUpdate(input: $input) {
    __typename
    customer {
      id version name city
      owner { name team { name } }
      tags { name }
      contacts @include(if: $withContacts) { ...ContactFields }
      opportunities { name stage { key } }
    }
    userErrors { field message code }
  }
}
fragment ContactFields on Contact { name title phones emails }"""
WRITE_ALONE = """mutation Alone($input: CustomerUpdateInput!) { customerUpdate(input: $input) { customer { id } } }"""
READ = """query Read($id: ID!, $withContacts: Boolean!) {
  customer(id: $id) {
    id version name city
    owner { name team { name } }
    tags { name }
    contacts @include(if: $withContacts) { ...ContactFields }
    opportunities { name stage { key } }
  }
}
fragment ContactFields on Contact { name title phones emails }"""


#: The web app's mutations whose payload objects are read compiled (the others: from the row read back).
APP_PAYLOADS = {
    "Customer360Tag": ["customer"],
    "Customer360Untag": ["customer"],
    "ApprovalDecide": ["opportunity"],
    "LeadAssign": ["lead"],
    "OpportunityMoveStage": ["opportunity"],
    "PipelineOpportunityCreate": ["opportunity"],
    "PoolAllocate": ["customer"],
}


@pytest.fixture
async def seeded(db: Database, settings: Settings) -> dict[str, Any]:
    from rapport.demo import seed_demo

    return await seed_demo(db, settings, locale="zh_CN", customers=40, tickets=20)


def _client(app: Any) -> httpx.AsyncClient:
    headers = {"accept-language": "en"}
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver", headers=headers)


@pytest.fixture
def pair(settings: Settings, db: Database) -> tuple[Any, Any]:
    """Compiled reads on (as shipped) and off (resolvers only), on the test database."""
    return create_app(settings, database=db), create_app(
        settings.model_copy(update={"compiled_reads": False}), database=db
    )


async def _customers_with_contacts(db: Database, within: list[str] | None = None) -> list[Any]:
    """Customers with the most and the fewest contacts (the statement count must not follow the rows), among
    `within` (global ids) when given."""
    ids = None if within is None else [from_global_id(i, "Customer")[1] for i in within]
    condition = "" if ids is None else "WHERE customer_id = ANY(:ids)"
    async with db.read() as session:
        rows = await session.execute(
            text(
                f"(SELECT customer_id FROM contact {condition} GROUP BY customer_id ORDER BY count(*) DESC, "
                f"customer_id LIMIT 1) UNION ALL (SELECT customer_id FROM contact {condition} GROUP BY customer_id "
                "ORDER BY count(*), customer_id LIMIT 1)"
            ),
            {} if ids is None else {"ids": ids},
        )
        return [row[0] for row in rows]


async def _version(db: Database, customer_id: Any) -> int:
    async with db.read() as session:
        return int(
            (await session.execute(text("SELECT version FROM customer WHERE id = :i"), {"i": customer_id})).scalar_one()
        )


def _payload(body: dict[str, Any]) -> Any:
    assert "errors" not in body, body
    return body["data"]["customerUpdate"]


async def test_payload_objects_are_read_compiled_and_equal_the_resolvers_for_every_editor(
    pair: tuple[Any, Any], seeded: dict[str, Any], db: Database
) -> None:
    compiled_app, resolver_app = pair
    compared = 0
    for email in EDITORS:
        async with _client(compiled_app) as fast_http, _client(resolver_app) as slow_http:
            fast, slow = GraphQLClient(fast_http), GraphQLClient(slow_http)
            await fast.login(email)
            await slow.login(email)
            # The role's own customers (the first request also caches the session's principal).
            mine = await fast("{ customers(first: 100) { nodes { id } } }")
            customers = await _customers_with_contacts(db, [n["id"] for n in mine["data"]["customers"]["nodes"]])
            assert len(customers) == 2, email
            for customer in customers:
                gid = to_global_id("Customer", customer)
                for flag in (True, False):
                    city = f"city-{email[:3]}-{flag}"
                    served = compiled_app.state.graphql.payloads.served
                    variables = {"input": {"id": gid, "version": await _version(db, customer), "city": city}}
                    got = await fast(UPDATE, {**variables, "withContacts": flag}, headers=SQL)
                    assert "errors" not in got, got
                    assert compiled_app.state.graphql.payloads.served == served + 1, f"{email}: not compiled"
                    answered = _payload(got)["customer"]
                    assert answered["city"] == city and answered["version"] == variables["input"]["version"] + 1
                    # The object as the resolvers read it right after: the same, field for field.
                    read = await slow(READ, {"id": gid, "withContacts": flag})
                    assert answered == read["data"]["customer"], email
                    # The resolvers' own answer to the same kind of change (one version later).
                    again = {"input": {**variables["input"], "version": answered["version"], "city": f"{city}!"}}
                    expected = _payload(await slow(UPDATE, {**again, "withContacts": flag}))
                    assert expected["customer"]["version"] == answered["version"] + 1
                    expected["customer"] |= {"version": answered["version"], "city": city}
                    assert _payload(got) == expected, email
                    # The same kind of change with the payload's object reduced to its id ("the write alone"): the
                    # whole payload costs no statement more, however many rows it holds (its one read replaces the
                    # resolvers' read-back of the row, which the write alone makes).
                    alone = {"input": {**variables["input"], "version": answered["version"] + 1, "city": f"{city}?"}}
                    written = await fast(WRITE_ALONE, alone, headers=SQL)
                    assert _payload(written)["customer"]["id"] == gid, written
                    extra = got["extensions"]["sql"]["statements"] - written["extensions"]["sql"]["statements"]
                    assert extra == 0, f"{email}: the payload took {extra} statements more"
                    compared += 1
    assert compared == 2 * 2 * len(EDITORS)


async def test_a_payload_field_the_caller_may_not_read_refuses_the_mutation_before_writing(
    client: httpx.AsyncClient, gql: GraphQLClient, seeded: dict[str, Any], db: Database
) -> None:
    """An agent may work a ticket but not read some of its customer's fields: selecting one in the payload is
    FORBIDDEN, and the ticket is not touched (the compiled payload path checks before the write, as the resolvers
    do)."""
    await gql.login("agent@demo.example")
    policy = authz_policy.current().for_roles(["service_agent"])
    customer_fields = build_schema()._schema.get_type("Customer").fields  # type: ignore[union-attr]
    hidden = [name for name in customer_fields if policy.access(f"Customer.{name}") == Access.NONE]
    assert hidden, "the agent is denied no customer field: pick another refusal"
    assert policy.access("Ticket.status") >= Access.READ
    async with db.read() as session:
        ticket_id = (
            await session.execute(
                text("SELECT id FROM ticket WHERE status IN ('new', 'assigned') ORDER BY number LIMIT 1")
            )
        ).scalar_one()
    gid = to_global_id("Ticket", ticket_id)
    before = await gql("query($id: ID!) { ticket(id: $id) { status version } }", {"id": gid})
    assert before["data"]["ticket"], before
    for field in hidden[:3]:
        document = (
            "mutation($input: TicketActionInput!) { ticketStart(input: $input) "
            f"{{ ticket {{ id status customer {{ name {field} }} }} userErrors {{ message }} }} }}"
        )
        body = await gql(document, {"input": {"id": gid, "version": before["data"]["ticket"]["version"]}})
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN", body
        after = await gql("query($id: ID!) { ticket(id: $id) { status version } }", {"id": gid})
        assert after == before


async def test_errors_point_where_the_clients_document_says(
    pair: tuple[Any, Any], seeded: dict[str, Any], db: Database
) -> None:
    compiled_app, resolver_app = pair
    customer = (await _customers_with_contacts(db))[0]
    gid = to_global_id("Customer", customer)
    async with _client(compiled_app) as fast_http, _client(resolver_app) as slow_http:
        fast, slow = GraphQLClient(fast_http), GraphQLClient(slow_http)
        await fast.login("admin@demo.example")
        await slow.login("admin@demo.example")
        stale = {"input": {"id": gid, "version": 0, "city": "x"}, "withContacts": True}
        got, expected = await fast(UPDATE, stale), await slow(UPDATE, stale)
        assert got == expected and got["errors"][0]["extensions"]["code"] == "CONFLICT"
        assert got["errors"][0]["locations"] == [{"line": 2, "column": 3}]
        cleared = {"input": {"id": gid, "version": await _version(db, customer), "name": None}, "withContacts": True}
        got, expected = await fast(UPDATE, cleared), await slow(UPDATE, cleared)
        assert got == expected and got["data"]["customerUpdate"]["userErrors"][0]["field"] == "name"


def test_the_reduced_document_keeps_every_position_and_validates() -> None:
    schema = build_schema()
    document = parse(UPDATE)
    operation = operation_of(document, None)
    assert operation is not None
    found = plan_payloads(schema._schema, schema.catalog, UPDATE, document, operation, (("withContacts", True),))
    assert isinstance(found, PayloadPlan), found
    assert len(found.text) == len(UPDATE)
    assert [i for i, c in enumerate(found.text) if c == "\n"] == [i for i, c in enumerate(UPDATE) if c == "\n"]
    reduced = " ".join(found.text.split())
    assert "ContactFields" not in reduced and "$withContacts" not in reduced and "customer { id }" in reduced
    assert "userErrors { field message code }" in reduced  # the rest of the payload is the resolvers', as sent
    assert [e.field_key for e in found.entries] == ["customer"]


def test_every_app_mutation_whose_payload_reaches_past_its_row_is_planned() -> None:
    """Over the web app's manifest: each payload object of a row-scoped type whose selection reads a relation is
    read compiled (the others are answered from the row the mutation reads back, one statement already)."""
    schema = build_schema()
    planned: dict[str, list[str]] = {}
    for document in TrustedDocuments.load(TRUSTED_DOCUMENTS).by_hash.values():
        if document.operation_type != "mutation":
            continue
        parsed = parse(document.text)
        operation = operation_of(parsed, document.operation_name)
        assert operation is not None
        shape = tuple((name, True) for name in directive_variables(parsed))
        found = plan_payloads(
            schema._schema, schema.catalog, document.text, parsed, operation, shape, schema.limit_rules
        )
        if isinstance(found, PayloadPlan):
            planned[document.operation_name or ""] = [e.field_key for e in found.entries]
    assert planned == APP_PAYLOADS


def test_the_web_apps_mutation_payloads_are_planned_at_start(settings: Settings, db: Database) -> None:
    graphql = create_app(settings, database=db).state.graphql
    graphql.prepare()
    planned = {name for (_, name, _), plan in graphql.payloads._plans.items() if plan is not None}
    assert planned == set(APP_PAYLOADS)


async def test_the_web_apps_own_mutations_answer_their_payload_as_the_resolvers_read_it(
    pair: tuple[Any, Any], seeded: dict[str, Any], db: Database
) -> None:
    """What the app sends (tagging a customer on the 360° page, assigning a lead), compiled: the payload's object
    equals the resolvers' read of it right after, and the payload was read on the compiled path."""
    compiled_app, resolver_app = pair
    async with db.read() as session:
        lead = (await session.execute(text("SELECT id FROM lead ORDER BY created_at LIMIT 1"))).scalar_one()
        rep = (await session.execute(text("SELECT id FROM app_user WHERE email = 'rep@demo.example'"))).scalar_one()
    cases = [
        (
            "rep@demo.example",
            "Customer360Tag",
            lambda mine: {"input": {"customerId": mine, "tags": ["VIP", "重点客户"]}},
            "customerTag",
            "customer",
            "... on Customer { __typename id tags { __typename color id name } version }",
        ),
        (
            "admin@demo.example",
            "LeadAssign",
            lambda _: {"input": {"id": to_global_id("Lead", lead), "ownerId": to_global_id("User", rep)}},
            "leadAssign",
            "lead",
            "... on Lead { __typename id owner { __typename id name } status version }",
        ),
    ]
    for email, operation, variables_of, root, field_key, read in cases:
        async with _client(compiled_app) as fast_http, _client(resolver_app) as slow_http:
            fast, slow = GraphQLClient(fast_http), GraphQLClient(slow_http)
            await fast.login(email)
            await slow.login(email)
            mine = (await fast("{ customers(first: 1) { nodes { id } } }"))["data"]["customers"]["nodes"][0]["id"]
            served = compiled_app.state.graphql.payloads.served
            body = await fast(app_document(operation), variables_of(mine))
            assert "errors" not in body and not body["data"][root]["userErrors"], body
            assert compiled_app.state.graphql.payloads.served == served + 1, f"{operation}: not compiled"
            answered = body["data"][root][field_key]
            expected = await slow(f"query($id: ID!) {{ node(id: $id) {{ {read} }} }}", {"id": answered["id"]})
            assert answered == expected["data"]["node"], operation


async def test_a_failed_read_after_the_write_says_so_on_the_objects_path_and_the_change_stands(
    client: httpx.AsyncClient, gql: GraphQLClient, seeded: dict[str, Any], db: Database, monkeypatch: Any
) -> None:
    """Should the payload's read fail once the unit of work has committed (e.g. the database went away between
    the two), the response keeps everything else, nulls the object, names its path, and the change is kept."""
    graphql = client._transport.app.state.graphql  # type: ignore[attr-defined]

    async def fails(*_: Any, **__: Any) -> None:
        return None

    await gql.login("admin@demo.example")
    node = (await gql("{ customers(first: 1) { nodes { id version } } }"))["data"]["customers"]["nodes"][0]
    monkeypatch.setattr(graphql.compiled, "read", fails)
    variables = {
        "input": {"id": node["id"], "version": node["version"], "city": "after-a-failed-read"},
        "withContacts": False,
    }
    body = await gql(UPDATE, variables)
    assert body["data"]["customerUpdate"]["customer"] is None
    assert body["data"]["customerUpdate"]["userErrors"] == []
    assert body["errors"] == [
        {
            "message": "The change was saved, but reading it back failed; reload to see it.",
            "path": ["customerUpdate", "customer"],
            "extensions": {"code": "INTERNAL_SERVER_ERROR"},
        }
    ]
    monkeypatch.undo()
    after = await gql("query($id: ID!) { customer(id: $id) { city version } }", {"id": node["id"]})
    assert after["data"]["customer"] == {"city": "after-a-failed-read", "version": node["version"] + 1}


async def test_a_payload_object_the_change_hides_answers_null_on_both_paths(
    pair: tuple[Any, Any], seeded: dict[str, Any], db: Database
) -> None:
    """The compiled path skips the resolvers' read-back of the row (`kit.read_after`): its own read after the write
    still goes through the caller's row scope, so a customer the change hands out of the caller's sight answers
    null, as the resolvers' read-back answers it."""
    compiled_app, resolver_app = pair
    async with db.read() as session:
        other = (await session.execute(text("SELECT id FROM app_user WHERE email = 'rep2@demo.example'"))).scalar_one()
    for app, compiled in ((compiled_app, True), (resolver_app, False)):
        async with _client(app) as http:
            gql = GraphQLClient(http)
            await gql.login("rep@demo.example")
            mine = (await gql("{ customers(first: 1) { nodes { id } } }"))["data"]["customers"]["nodes"][0]["id"]
            _, raw = from_global_id(mine, "Customer")
            served = compiled_app.state.graphql.payloads.served
            given = {"id": mine, "version": await _version(db, raw), "ownerId": to_global_id("User", other)}
            body = await gql(UPDATE, {"input": given, "withContacts": True})
            assert _payload(body)["customer"] is None and _payload(body)["userErrors"] == [], body
            assert compiled_app.state.graphql.payloads.served == served + compiled
            assert (await gql("query($id: ID!) { customer(id: $id) { id } }", {"id": mine}))["data"]["customer"] is None

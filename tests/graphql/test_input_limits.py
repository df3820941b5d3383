"""Every string input has a declared maximum and no control characters, checked before any SQL (issue 13).

Reproductions from the issue (a NUL reaching PostgreSQL as INTERNAL, a 100,000-character search running for
53 s, over-long titles), then a generated test over every String and ID argument and input field of the schema.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import httpx
import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLScalarType,
    get_named_type,
    is_composite_type,
    parse,
)
from sqlalchemy import func, select

from rapport.assembly import build_schema
from rapport.config import Settings
from rapport.core.db import Database
from rapport.graphql.limits import MAX_LIST_ITEMS, input_problems, limit_for
from rapport.graphql.ranges import int_range
from rapport.support.models import Ticket
from tests.conftest import GraphQLClient

SCHEMA = build_schema(Settings())._schema


def _codes(body: dict[str, Any]) -> list[str]:
    return [e.get("extensions", {}).get("code") for e in body.get("errors", [])]


async def test_a_nul_in_the_anonymous_login_is_bad_input_not_internal(client: httpx.AsyncClient) -> None:
    body = (
        await client.post(
            "/graphql",
            json={
                "query": "mutation($i: LoginInput!) { login(input: $i) { viewer { id } } }",
                "variables": {"i": {"email": "a\u0000@example.com", "password": "x"}},
            },
        )
    ).json()
    assert _codes(body) == ["BAD_USER_INPUT"]
    assert body["errors"][0]["extensions"]["field"] == "input.email"
    assert "U+0000" in body["errors"][0]["message"]


@pytest.mark.parametrize(
    ("query", "variables"),
    [
        ('{ tickets(filter: {search: "a\\u0000b"}) { totalCount } }', None),
        ("query($s: String) { tickets(filter: {search: $s}) { totalCount } }", {"s": "a\u0000b"}),
        ('query($s: String = "a\\u0000b") { tickets(filter: {search: $s}) { totalCount } }', None),
        ("query($f: TicketFilter) { tickets(filter: $f) { totalCount } }", {"f": {"search": "x" * 100_000}}),
        ('query($f: TicketFilter = {search: "x\\ny"}) { tickets(filter: $f) { totalCount } }', None),
        ("query($c: [String!]) { tickets(filter: {categories: $c}) { totalCount } }", {"c": ["ok", "x" * 65]}),
    ],
    ids=["literal-nul", "variable-nul", "default-nul", "100k-search", "line-break-in-search", "list-item"],
)
async def test_search_and_filters_refuse_nul_and_over_long_strings(
    gql: GraphQLClient, demo: dict[str, Any], query: str, variables: dict[str, Any] | None
) -> None:
    await gql.login("agent@demo.example")
    body = await gql(query, variables)
    assert _codes(body) == ["BAD_USER_INPUT"], body
    assert body.get("data") is None


async def test_customer_search_at_its_limit_runs_and_past_it_is_refused(
    gql: GraphQLClient, demo: dict[str, Any]
) -> None:
    await gql.login("rep@demo.example")
    query = "query($s: String) { customers(search: $s, first: 5) { totalCount } }"
    assert (await gql(query, {"s": "x" * 100}))["data"]["customers"]["totalCount"] == 0
    refused = await gql(query, {"s": "x" * 101})
    assert _codes(refused) == ["BAD_USER_INPUT"]
    assert refused["errors"][0]["message"] == "`search` is longer than 100 characters."


async def test_an_over_long_ticket_subject_changes_nothing(
    gql: GraphQLClient, demo: dict[str, Any], db: Database
) -> None:
    await gql.login("supervisor@demo.example")
    create = "mutation($i: TicketCreateInput!) { ticketCreate(input: $i) { ticket { id } userErrors { field } } }"
    body = await gql(create, {"i": {"subject": "x" * 301, "category": "billing"}})
    assert _codes(body) == ["BAD_USER_INPUT"]
    assert body["errors"][0]["extensions"]["field"] == "input.subject"
    nul = await gql(create, {"i": {"subject": "ok", "category": "billing", "description": "a\u0000"}})
    assert _codes(nul) == ["BAD_USER_INPUT"]
    async with db.read() as session:
        assert (await session.execute(select(func.count()).select_from(Ticket))).scalar() == 0
    # Free text keeps its line breaks and tabs; one-line fields do not take them.
    ok = await gql(create, {"i": {"subject": "打印机", "category": "billing", "description": "第一行\n第二行\t!"}})
    assert ok["data"]["ticketCreate"]["ticket"]["id"]
    two_lines = await gql(create, {"i": {"subject": "a\nb", "category": "billing"}})
    assert _codes(two_lines) == ["BAD_USER_INPUT"]


# --- the whole schema -------------------------------------------------------------------------------------


def _sample(input_type: GraphQLInputType, coordinate: str = "", argument: str | None = None) -> Any:
    """A valid value of the type with every input field filled (so that every string position is reached);
    integers at the low end of their declared range."""
    if isinstance(input_type, GraphQLNonNull):
        return _sample(input_type.of_type, coordinate, argument)
    if isinstance(input_type, GraphQLList):
        return [_sample(input_type.of_type, coordinate, argument)]
    if isinstance(input_type, GraphQLInputObjectType):
        if input_type.is_one_of:
            name, field = next(iter(input_type.fields.items()))
            return {name: _sample(field.type, f"{input_type.name}.{name}")}
        return {name: _sample(field.type, f"{input_type.name}.{name}") for name, field in input_type.fields.items()}
    if isinstance(input_type, GraphQLScalarType) and input_type.name == "Int":
        return max(1, int_range(coordinate, argument, 100)[0])
    if isinstance(input_type, GraphQLEnumType):
        return next(iter(input_type.values))
    assert isinstance(input_type, GraphQLScalarType)
    return {
        "String": "x",
        "ID": "x",
        "Int": 1,
        "Float": 1.0,
        "Boolean": True,
        "DateTime": "2026-01-01T00:00:00+00:00",
        "Date": date(2026, 1, 1).isoformat(),
        "Time": "09:00:00",
        "Decimal": "1",
        "JSON": {},
    }[input_type.name]


def _string_positions(
    value: Any, input_type: GraphQLInputType, coordinate: str, argument: str | None, path: list[Any]
) -> list[tuple[list[Any], str, str | None, str]]:
    """(path in the value, coordinate, argument, scalar) of every String or ID in a sample value."""
    if isinstance(input_type, GraphQLNonNull):
        return _string_positions(value, input_type.of_type, coordinate, argument, path)
    if isinstance(input_type, GraphQLList):
        return _string_positions(value[0], input_type.of_type, coordinate, argument, [*path, 0])
    if isinstance(input_type, GraphQLInputObjectType):
        found = []
        for name, field in input_type.fields.items():
            if name in value:
                found += _string_positions(value[name], field.type, f"{input_type.name}.{name}", None, [*path, name])
        return found
    if isinstance(input_type, GraphQLScalarType) and input_type.name in ("String", "ID"):
        return [(path, coordinate, argument, input_type.name)]
    return []


def _set(value: Any, path: list[Any], new: Any) -> Any:
    if not path:
        return new
    copy = list(value) if isinstance(value, list) else dict(value)
    copy[path[0]] = _set(value[path[0]], path[1:], new)
    return copy


def _root_sites() -> list[tuple[str, str, GraphQLField]]:
    sites = []
    for operation, root in (("query", SCHEMA.query_type), ("mutation", SCHEMA.mutation_type)):
        assert root is not None
        sites += [(operation, name, field) for name, field in root.fields.items() if field.args]
    assert SCHEMA.subscription_type is not None
    sites += [("subscription", n, f) for n, f in SCHEMA.subscription_type.fields.items() if f.args]
    return sites


@pytest.mark.parametrize(("operation", "name", "field"), _root_sites(), ids=lambda v: v if isinstance(v, str) else "")
def test_every_string_argument_and_input_field_is_bounded(operation: str, name: str, field: GraphQLField) -> None:
    root = {"query": "Query", "mutation": "Mutation", "subscription": "Subscription"}[operation]
    definitions = ", ".join(f"${a}: {arg.type}" for a, arg in field.args.items())
    arguments = ", ".join(f"{a}: ${a}" for a in field.args)
    selection = " { __typename }" if is_composite_type(get_named_type(field.type)) else ""
    document = parse(f"{operation}({definitions}) {{ {name}({arguments}){selection} }}")
    sample = {a: _sample(arg.type, f"{root}.{name}", a) for a, arg in field.args.items()}
    assert input_problems(SCHEMA, document, None, sample) == []
    positions = [
        ([a, *path], coordinate, argument, scalar)
        for a, arg in field.args.items()
        for path, coordinate, argument, scalar in _string_positions(sample[a], arg.type, f"{root}.{name}", a, [])
    ]
    for path, coordinate, argument, scalar in positions:
        limit = limit_for(coordinate, argument, scalar)
        where = ".".join(str(p) for p in path)
        for bad in ("a\u0000b", "a\u001fb", "\ud800", "x" * (limit.max_length + 1)):
            problems = input_problems(SCHEMA, document, None, _set(sample, path, bad))
            assert [p.extensions["field"] for p in problems if p.extensions] == [where], (where, bad[:5])
            assert all(p.extensions and p.extensions["code"] == "BAD_USER_INPUT" for p in problems)
        assert input_problems(SCHEMA, document, None, _set(sample, path, "x" * limit.max_length)) == [], where
        if limit.multiline:
            assert input_problems(SCHEMA, document, None, _set(sample, path, "a\nb\tc")) == [], where


def test_lists_are_bounded_too() -> None:
    document = parse("mutation($i: NotificationMarkReadInput!) { notificationMarkRead(input: $i) { __typename } }")
    problems = input_problems(SCHEMA, document, None, {"i": {"ids": ["x"] * (MAX_LIST_ITEMS + 1)}})
    assert [p.message for p in problems] == [f"`input.ids` has more than {MAX_LIST_ITEMS:,} items."]


def test_field_arguments_below_the_root_are_checked() -> None:
    document = parse('query($id: ID!) { customer(id: $id) { orders(after: "x\\u0000") { totalCount } } }')
    assert [p.extensions["field"] for p in input_problems(SCHEMA, document, None, {"id": "x"}) if p.extensions] == [
        "after"
    ]


def _json_positions(value: Any, input_type: GraphQLInputType, path: list[Any]) -> list[list[Any]]:
    """The path of every JSON value in a sample value."""
    if isinstance(input_type, GraphQLNonNull):
        return _json_positions(value, input_type.of_type, path)
    if isinstance(input_type, GraphQLList):
        return _json_positions(value[0], input_type.of_type, [*path, 0])
    if isinstance(input_type, GraphQLInputObjectType):
        return [
            p for n, f in input_type.fields.items() if n in value for p in _json_positions(value[n], f.type, [*path, n])
        ]
    return [path] if isinstance(input_type, GraphQLScalarType) and input_type.name == "JSON" else []


_JSON_SITES = [
    (operation, name, field, [a, *p])
    for operation, name, field in _root_sites()
    for a, arg in field.args.items()
    for p in _json_positions(_sample(arg.type), arg.type, [])
]


def test_there_are_json_arguments_to_check() -> None:
    assert {name for _, name, _, _ in _JSON_SITES} >= {"segmentSave", "segmentPreview", "journeySave"}


@pytest.mark.parametrize(
    ("operation", "name", "field", "path"), _JSON_SITES, ids=lambda v: v if isinstance(v, str) else ""
)
def test_strings_inside_every_json_argument_hold_no_control_characters(
    operation: str, name: str, field: GraphQLField, path: list[Any]
) -> None:
    """Segment rules and journey graphs are JSON: a NUL in a value or a key deep inside is BAD_USER_INPUT naming
    where it is (PostgreSQL's JSONB and text refuse it: it was an internal error with SQL in its message)."""
    root = {"query": "Query", "mutation": "Mutation", "subscription": "Subscription"}[operation]
    definitions = ", ".join(f"${a}: {arg.type}" for a, arg in field.args.items())
    arguments = ", ".join(f"{a}: ${a}" for a in field.args)
    selection = " { __typename }" if is_composite_type(get_named_type(field.type)) else ""
    document = parse(f"{operation}({definitions}) {{ {name}({arguments}){selection} }}")
    sample = {a: _sample(arg.type, f"{root}.{name}", a) for a, arg in field.args.items()}
    where = ".".join(str(p) for p in path)
    fine = {"op": "and", "rules": [{"kind": "hasTag", "tag": "多行\n\t文本"}]}
    assert input_problems(SCHEMA, document, None, _set(sample, path, fine)) == []
    for bad, at in (
        ({"op": "and", "rules": [{"kind": "hasTag", "tag": "v\u0000ip"}]}, f"{where}.rules.0.tag"),
        ({"nodes": [{"config\u0000": 1}]}, f"{where}.nodes.0"),
        ("\ud800", where),
    ):
        problems = input_problems(SCHEMA, document, None, _set(sample, path, bad))
        assert [p.extensions["field"] for p in problems if p.extensions] == [at], (where, bad)
        assert all(p.extensions and p.extensions["code"] == "BAD_USER_INPUT" for p in problems)

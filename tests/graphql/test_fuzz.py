"""Property-based fuzzing of the whole schema over real HTTP: no input ever gets HTTP 500 or an INTERNAL error.

Documents and variables are generated from the schema's introspection (every root field of Query, Mutation and
Subscription, every input type reachable from them), with valid-ish and malformed values: wrong types, NUL
characters, long strings, out-of-range and huge integers, garbage and crafted ids and cursors, unknown enum
values, nulls for non-null inputs, literals instead of variables. Each document goes to the real app (httpx's
ASGI transport, real PostgreSQL) as a signed-in administrator (who reaches every resolver) and anonymously,
asking for `application/json` or `application/graphql-response+json`. Any HTTP 500, any error without a code
of the closed list, or any INTERNAL error fails the test, with the generated request as the example.

Seeds are fixed (`derandomize=True`) and example counts sized for CI (about a minute in all).
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLSchema,
    GraphQLUnionType,
    build_client_schema,
    get_introspection_query,
    get_named_type,
    graphql_sync,
)
from graphql.pyutils import Undefined
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rapport.assembly import build_schema
from rapport.config import Settings
from rapport.core.db import Database, create_engine
from rapport.core.errors import ErrorCode
from rapport.graphql.http import GRAPHQL_RESPONSE_JSON, JSON
from tests.conftest import LiveServer, cleaned_tables, reset_tables

EXAMPLES_PER_FIELD = 20
DOCUMENT_EXAMPLES = 150
CODES = {code.value for code in ErrorCode} - {ErrorCode.INTERNAL.value}


def _introspected() -> GraphQLSchema:
    """The served schema as a client sees it: built from the introspection query's answer."""
    result = graphql_sync(build_schema()._schema, get_introspection_query(descriptions=False))
    assert result.errors is None and result.data is not None
    return build_client_schema(result.data)


SCHEMA = _introspected()
ROOTS: list[tuple[str, str]] = [
    (kind, name)
    for kind, root in (
        ("query", SCHEMA.query_type),
        ("mutation", SCHEMA.mutation_type),
        ("subscription", SCHEMA.subscription_type),
    )
    if root is not None
    for name in root.fields
]


# --- values --------------------------------------------------------------------------------------------------

#: How an example's values are made: of the right types and plausible (reaching the resolvers and SQL), of the
#: right types with edge content (NUL, long text, extreme numbers, garbage ids and cursors), or malformed (wrong
#: types, nulls for non-null inputs, unknown enum values and fields).
MODES = ("plausible", "edge", "malformed")

LONG = "长" * 12_001
PLAIN_TEXT = st.text(st.characters(codec="utf-8", categories=("L", "N", "Zs", "P")), max_size=12)
EDGE_STRINGS = st.sampled_from(
    [
        "",
        "a\x00b",
        "\x00",
        "line\nbreak\t\x07",
        LONG,
        "x" * 101,
        "x" * 301,
        "'; DROP TABLE customer; --",
        "%_\\",
        "\ud800",
        "\u202e\u200b",
        "😀" * 3,
    ]
)
PLAUSIBLE_STRINGS = st.one_of(
    PLAIN_TEXT,
    st.sampled_from(["张伟", "Acme Ltd", "someone@example.com", "13800138000", "Asia/Shanghai", "A", "web", "high"]),
)
PLAUSIBLE_INTS = st.integers(0, 30)
EDGE_INTS = st.sampled_from([-1, 0, 2**31 - 1, -(2**31), 1_000_000, 101, 2020, 9999])
HUGE_INTS = st.sampled_from([2**31, 2**53, -(2**63), 10**30])
FLOATS = st.sampled_from([0.0, -1.5, 3.25, 1e308, -1e308, 1e-300])
PLAUSIBLE_DATES = st.dates(dt.date(2000, 1, 1), dt.date(2100, 12, 31)).map(str)
EDGE_DATES = st.sampled_from(
    ["2026-13-45", "2026-02-30", "0001-01-01", "9999-12-31", "8999-12-31", "1000-01-01", "26-1-1", "", "x\x00"]
)
PLAUSIBLE_DATETIMES = st.datetimes(dt.datetime(2000, 1, 1), dt.datetime(2100, 12, 31), timezones=st.timezones()).map(
    lambda d: d.isoformat()
)
EDGE_DATETIMES = st.sampled_from(
    [
        "2026-01-01T00:00:00",
        "9999-12-31T23:59:59-14:00",
        "0001-01-01T00:00:00+14:00",
        "8999-12-31T12:00:00+00:00",
        "1000-01-01T00:00:00Z",
        "x",
        "2026-01-01T25:00:00Z",
    ]
)
PLAUSIBLE_TIMES = st.sampled_from(["09:00", "09:00:00", "18:30"])
EDGE_TIMES = st.sampled_from(["23:59:59.999999", "25:00", "-1:00", "x", ""])
PLAUSIBLE_DECIMALS = st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=0, max_value=10**6).map(str)
EDGE_DECIMALS = st.sampled_from(["1e400", "-1e400", "NaN", "Infinity", "-0.000000000001", "9" * 40, "abc", "", "-5"])
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 5) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)
WRONG = st.sampled_from([True, 1.5, "x", [], {}, {"a": [1]}, 2**40])


def _global_id(type_name: str, raw: str) -> str:
    return base64.urlsafe_b64encode(f"{type_name}:{raw}".encode()).decode().rstrip("=")


def _cursor(values: list[Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


GARBAGE_IDS = st.one_of(
    st.sampled_from(
        [
            "",
            "garbage",
            "\x00",
            _global_id("Customer", "not-a-uuid"),
            _global_id("Nope", str(uuid.UUID(int=1))),
            _global_id("Customer", str(uuid.UUID(int=1))),
            _global_id("Ticket", "\x00"),
            _global_id("", ""),
            "!!!",
            "A" * 5000,
        ]
    ),
    st.uuids().map(str),
)
CRAFTED_CURSORS = st.sampled_from(
    [_cursor(["x", "y"]), _cursor([None, None]), _cursor(["2026-01-01T00:00:00+00:00", "nope"]), _cursor([1e308, 1])]
)


@dataclass
class Pools:
    """Real ids and cursors of the seeded data, mixed into the generated ids and strings."""

    ids: list[str] = field(default_factory=list)
    cursors: list[str] = field(default_factory=list)

    def ids_strategy(self, mode: str) -> st.SearchStrategy[Any]:
        real = st.sampled_from(self.ids) if self.ids else GARBAGE_IDS
        return real if mode == "plausible" else st.one_of(real, GARBAGE_IDS)

    def strings_strategy(self, mode: str) -> st.SearchStrategy[Any]:
        cursors = st.sampled_from(self.cursors) if self.cursors else CRAFTED_CURSORS
        if mode == "plausible":
            return st.one_of(PLAUSIBLE_STRINGS, cursors)
        return st.one_of(EDGE_STRINGS, CRAFTED_CURSORS, PLAUSIBLE_STRINGS)


POOLS = Pools()


def values(input_type: GraphQLInputType, mode: str, depth: int = 0) -> st.SearchStrategy[Any]:
    """JSON values for a variable or literal of `input_type`, made the way `mode` says (see MODES)."""
    if isinstance(input_type, GraphQLNonNull):
        inner = values(input_type.of_type, mode, depth)
        return st.one_of(inner, st.none()) if mode == "malformed" else inner
    if isinstance(input_type, GraphQLList):
        inner = values(input_type.of_type, mode, depth + 1)
        return st.one_of(st.lists(inner, max_size=3), inner) if mode == "malformed" else st.lists(inner, max_size=3)
    named = _named_values(get_named_type(input_type), mode, depth)
    return st.one_of(named, WRONG) if mode == "malformed" else named


def _named_values(named: GraphQLNamedType, mode: str, depth: int) -> st.SearchStrategy[Any]:
    if isinstance(named, GraphQLInputObjectType):
        required = {
            name: values(f.type, mode, depth + 1)
            for name, f in named.fields.items()
            if isinstance(f.type, GraphQLNonNull) and f.default_value is Undefined
        }
        if depth > 3:
            return st.fixed_dictionaries(required)
        optional = {name: values(f.type, mode, depth + 1) for name, f in named.fields.items() if name not in required}
        objects = st.fixed_dictionaries(required, optional=optional)
        if mode == "malformed":
            return st.one_of(objects, objects.map(lambda d: {**d, "unknownField": 1}), st.just({}))
        return objects
    if isinstance(named, GraphQLEnumType):
        valid = st.sampled_from(sorted(named.values))
        return st.one_of(valid, st.sampled_from(["NOPE", "", "a\x00", "low"])) if mode == "malformed" else valid
    assert isinstance(named, GraphQLScalarType), named
    plausible = mode == "plausible"
    scalars: dict[str, st.SearchStrategy[Any]] = {
        "String": POOLS.strings_strategy(mode),
        "ID": POOLS.ids_strategy(mode),
        "Int": PLAUSIBLE_INTS if plausible else st.one_of(EDGE_INTS, PLAUSIBLE_INTS),
        "Float": FLOATS,
        "Boolean": st.booleans(),
        "Date": PLAUSIBLE_DATES if plausible else st.one_of(EDGE_DATES, PLAUSIBLE_DATES),
        "DateTime": PLAUSIBLE_DATETIMES if plausible else st.one_of(EDGE_DATETIMES, PLAUSIBLE_DATETIMES),
        "Time": PLAUSIBLE_TIMES if plausible else EDGE_TIMES,
        "Decimal": PLAUSIBLE_DECIMALS if plausible else st.one_of(EDGE_DECIMALS, PLAUSIBLE_DECIMALS),
        "JSON": JSON_VALUES,
    }
    if mode == "malformed":
        scalars["Int"] = st.one_of(HUGE_INTS, EDGE_INTS)
    return scalars.get(named.name, PLAUSIBLE_STRINGS)


# --- documents -------------------------------------------------------------------------------------------------


def _literal(value: Any, input_type: GraphQLInputType | None) -> str:
    """A GraphQL literal for a JSON value (enum names unquoted where the type is an enum)."""
    named = get_named_type(input_type) if input_type is not None else None
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return json.dumps(value)
    if isinstance(value, str):
        if isinstance(named, GraphQLEnumType) and value.isidentifier():
            return value
        return json.dumps(value)
    if isinstance(value, list):
        inner = input_type.of_type if isinstance(input_type, GraphQLList) else input_type
        return "[" + ", ".join(_literal(v, inner) for v in value) + "]"
    fields = named.fields if isinstance(named, GraphQLInputObjectType) else {}
    return (
        "{" + ", ".join(f"{k}: {_literal(v, fields[k].type if k in fields else None)}" for k, v in value.items()) + "}"
    )


def _leaves(named: GraphQLNamedType) -> list[str]:
    fields = named.fields if isinstance(named, GraphQLObjectType | GraphQLInterfaceType) else {}
    return [
        name
        for name, f in fields.items()
        if isinstance(get_named_type(f.type), GraphQLScalarType | GraphQLEnumType)
        and not any(isinstance(a.type, GraphQLNonNull) for a in f.args.values())
    ]


def selection(named: GraphQLNamedType, depth: int = 0) -> str:
    """`__typename`, the scalar fields and (two levels deep) the objects of a type, without required arguments."""
    if not isinstance(named, GraphQLObjectType | GraphQLInterfaceType | GraphQLUnionType):
        return ""
    parts = ["__typename"]
    if isinstance(named, GraphQLObjectType | GraphQLInterfaceType):
        parts += _leaves(named)
        if depth < 2:
            for name, f in named.fields.items():
                inner = get_named_type(f.type)
                if isinstance(inner, GraphQLObjectType | GraphQLInterfaceType | GraphQLUnionType) and not any(
                    isinstance(a.type, GraphQLNonNull) for a in f.args.values()
                ):
                    parts.append(f"{name} {selection(inner, depth + 1)}")
    return "{ " + " ".join(parts) + " }"


def _type_name(input_type: Any) -> str:
    if isinstance(input_type, GraphQLNonNull):
        return _type_name(input_type.of_type) + "!"
    if isinstance(input_type, GraphQLList):
        return "[" + _type_name(input_type.of_type) + "]"
    return str(input_type.name)


@st.composite
def operations(draw: st.DrawFn, kind: str, name: str) -> tuple[str, dict[str, Any]]:
    """A document calling one root field, and its variables."""
    root = {"query": SCHEMA.query_type, "mutation": SCHEMA.mutation_type, "subscription": SCHEMA.subscription_type}
    root_type = root[kind]
    assert root_type is not None
    definition: GraphQLField = root_type.fields[name]
    mode = draw(st.sampled_from(MODES), label="mode")
    definitions: list[str] = []
    arguments: list[str] = []
    variables: dict[str, Any] = {}
    for argument_name, argument in definition.args.items():
        required = isinstance(argument.type, GraphQLNonNull) and argument.default_value is Undefined
        ways = ["variable", "literal"] + (["omitted"] if mode == "malformed" or not required else [])
        how = draw(st.sampled_from(ways))
        if how == "omitted":
            continue
        value = draw(values(argument.type, mode))
        if how == "literal":
            arguments.append(f"{argument_name}: {_literal(value, argument.type)}")
            continue
        variable = f"v_{argument_name}"
        definitions.append(f"${variable}: {_type_name(argument.type)}")
        arguments.append(f"{argument_name}: ${variable}")
        if value is not None or draw(st.booleans()):
            variables[variable] = value
    head = f"{kind} Fuzz" + (f"({', '.join(definitions)})" if definitions else "")
    call = name + (f"({', '.join(arguments)})" if arguments else "")
    return f"{head} {{ {call} {selection(get_named_type(definition.type))} }}", variables


# --- the server -------------------------------------------------------------------------------------------------


@dataclass
class Fuzz:
    """A started Rapport, a client with an administrator's API token and an anonymous one."""

    admin: httpx.Client
    anonymous: httpx.Client

    def send(self, client: httpx.Client, body: bytes, accept: str) -> None:
        """Post one request and check what no input may ever cause."""
        response = client.post("/graphql", content=body, headers={"Content-Type": JSON, "Accept": accept})
        assert response.status_code < 500, response.text[:2000]
        payload = response.json()
        assert isinstance(payload, dict), response.text[:2000]
        for error in payload.get("errors") or []:
            code = (error.get("extensions") or {}).get("code")
            assert code in CODES, json.dumps(error, ensure_ascii=False)[:2000]
        if accept == GRAPHQL_RESPONSE_JSON:
            assert response.headers["content-type"].startswith(GRAPHQL_RESPONSE_JSON)
            assert ("data" in payload) == (response.status_code == 200), (response.status_code, response.text[:500])
        else:
            assert response.headers["content-type"].startswith(JSON)
            assert response.status_code in (200, 400), response.text[:500]


@pytest.fixture(scope="module")
async def fuzz(settings: Settings, database_url: str, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Fuzz]:
    """A server of its own (anonymous callers' budget of new documents lifted, so that generated documents reach
    the parser and the rules instead of RATE_LIMITED), demo data seeded once for the module (on its own engine:
    per-test cleaning does not run between fields), an API token for the administrator (a generated `logout` does
    not end it), real ids and cursors collected."""
    from rapport.demo import seed_demo

    database = Database(create_engine(database_url, pool_size=2))
    await seed_demo(database, settings, locale="en", customers=6)
    live_server = LiveServer(
        {
            "DATABASE_URL": database_url,
            "RAPPORT_ENV": "test",
            "LOG_LEVEL": "WARNING",
            "GRAPHQL_ANONYMOUS_NEW_DOCUMENTS_PER_MINUTE": "1000000",
            "GRAPHQL_ANONYMOUS_NEW_DOCUMENTS_BURST": "1000000",
        },
        tmp_path_factory.mktemp("fuzz") / "server.log",
    )
    try:
        live_server.wait_ready()
        async with httpx.AsyncClient(base_url=live_server.url, timeout=60) as http:
            token = await _admin_token(http)
            headers = {"Authorization": f"Bearer {token}"}
            await _collect_pools(http, headers)
        with (
            httpx.Client(base_url=live_server.url, headers=headers, timeout=60) as admin,
            httpx.Client(base_url=live_server.url, timeout=60) as anonymous,
        ):
            yield Fuzz(admin, anonymous)
    finally:
        live_server.stop()
        await reset_tables(database.engine, cleaned_tables())
        await database.dispose()


async def _admin_token(http: httpx.AsyncClient) -> str:
    login = await http.post(
        "/graphql",
        json={
            "query": "mutation($i: LoginInput!) { login(input: $i) { viewer { id } } }",
            "variables": {"i": {"email": "admin@demo.example", "password": "rapport-demo"}},
        },
    )
    viewer = login.json()["data"]["login"]["viewer"]
    created = await http.post(
        "/graphql",
        json={
            "query": "mutation($i: ApiTokenCreateInput!) { apiTokenCreate(input: $i) { secret } }",
            "variables": {"i": {"name": "fuzz", "userId": viewer["id"]}},
        },
    )
    secret: str = created.json()["data"]["apiTokenCreate"]["secret"]
    await http.post("/graphql", json={"query": "mutation { logout { ok } }"})
    return secret


async def _collect_pools(http: httpx.AsyncClient, headers: dict[str, str]) -> None:
    """Real ids and cursors to mix in (users' ids left out: a generated mutation could deactivate the caller)."""
    query = """{
      customers(first: 5) { edges { cursor node { id contacts { id } } } }
      tickets(first: 5) { edges { cursor node { id } } }
      leads(first: 5) { edges { cursor node { id } } }
      opportunities(first: 5) { nodes { id } }
      teams { id }
      pipelineStages { id }
    }"""
    response = await http.post("/graphql", json={"query": query}, headers=headers)
    data = response.json()["data"]
    POOLS.ids.clear()
    POOLS.cursors.clear()
    for key in ("customers", "tickets", "leads"):
        for edge in data[key]["edges"]:
            POOLS.ids.append(edge["node"]["id"])
            POOLS.cursors.append(edge["cursor"])
            POOLS.ids += [c["id"] for c in edge["node"].get("contacts") or []]
    POOLS.ids += [o["id"] for o in data["opportunities"]["nodes"]]
    POOLS.ids += [t["id"] for t in data["teams"]] + [s["id"] for s in data["pipelineStages"]]


def test_every_input_type_is_reached_by_a_root_field() -> None:
    reached: set[str] = set()

    def reach(input_type: Any) -> None:
        named = get_named_type(input_type)
        if isinstance(named, GraphQLInputObjectType) and named.name not in reached:
            reached.add(named.name)
            for f in named.fields.values():
                reach(f.type)

    for kind, name in ROOTS:
        root = {"query": SCHEMA.query_type, "mutation": SCHEMA.mutation_type, "subscription": SCHEMA.subscription_type}[
            kind
        ]
        assert root is not None
        for argument in root.fields[name].args.values():
            reach(argument.type)
    inputs = {n for n, t in SCHEMA.type_map.items() if isinstance(t, GraphQLInputObjectType)}
    assert inputs == reached
    assert len(ROOTS) > 100


@pytest.mark.parametrize(("kind", "name"), ROOTS, ids=[f"{kind}.{name}" for kind, name in ROOTS])
@settings(
    max_examples=EXAMPLES_PER_FIELD,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)
@given(data=st.data())
def test_no_generated_operation_gets_a_500_or_internal(fuzz: Fuzz, kind: str, name: str, data: st.DataObject) -> None:
    query, variables = data.draw(operations(kind, name), label="operation")
    accept = data.draw(st.sampled_from([JSON, GRAPHQL_RESPONSE_JSON]), label="accept")
    body = json.dumps({"query": query, "variables": variables}).encode()
    fuzz.send(fuzz.admin, body, accept)
    fuzz.send(fuzz.anonymous, body, accept)


# --- malformed requests and documents ----------------------------------------------------------------------------

TOKENS = [
    "{",
    "}",
    "(",
    ")",
    "[",
    "]",
    ":",
    "$",
    "!",
    "=",
    "...",
    "...Missing",
    "... on Nope { id }",
    "@include(if: $nope)",
    "@skip(if: true)",
    "@deprecated",
    "fragment F on Query { viewer { id } }",
    "...F",
    "query",
    "mutation",
    "subscription",
    "__typename",
    "__schema { types { name } }",
    '"\\u0000"',
    '"""',
    "#",
    "0x1",
    "-",
    "1e999",
    "null",
    "$v: Int = -1",
    "query Fuzz { viewer { id } }",
    "{ viewer { id } }",
    "first: -5",
    'after: "!!"',
    "\u0000",
]


@st.composite
def broken_documents(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    """A generated operation with pieces cut out, tokens put in or parts repeated."""
    kind, name = draw(st.sampled_from(ROOTS))
    query, variables = draw(operations(kind, name))
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(query)))
        how = draw(st.sampled_from(["cut", "insert", "insert", "repeat"]))
        if how == "cut":
            query = query[:at] + query[at + draw(st.integers(1, 20)) :]
        elif how == "insert":
            query = query[:at] + " " + draw(st.sampled_from(TOKENS)) + " " + query[at:]
        else:
            query = query + " " + query
    return query, variables


JSON_BODIES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=10),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(["query", "variables", "operationName", "extensions", "x"]), inner, max_size=4
        )
    ),
    max_leaves=8,
)


@st.composite
def request_bodies(draw: st.DrawFn) -> bytes:
    """A request body: a broken document, parameters of any shape, or bytes that are not JSON."""
    how = draw(st.sampled_from(["document", "document", "parameters", "bytes"]))
    if how == "document":
        query, variables = draw(broken_documents())
        extra = draw(st.fixed_dictionaries({}, optional={"operationName": st.sampled_from(["Fuzz", "Nope", "", None])}))
        return json.dumps({"query": query, "variables": variables, **extra}).encode()
    if how == "parameters":
        return json.dumps(draw(JSON_BODIES)).encode()
    return draw(st.sampled_from([b"", b"{", b"\xff\xfe", b"null", b"[]", b'{"query": "{ viewer { id } }"', b"\x00"]))


@settings(
    max_examples=DOCUMENT_EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)
@given(body=request_bodies(), accept=st.sampled_from([JSON, GRAPHQL_RESPONSE_JSON]))
def test_no_malformed_request_gets_a_500_or_internal(fuzz: Fuzz, body: bytes, accept: str) -> None:
    fuzz.send(fuzz.admin, body, accept)
    fuzz.send(fuzz.anonymous, body, accept)

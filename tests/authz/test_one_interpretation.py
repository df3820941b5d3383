"""One interpretation: whatever the spelling of a document, a field a role may not read answers FORBIDDEN.

Generated over every shipped role and every field of every type the role may not read: the field is asked for
plainly, through aliases, variables with defaults (no variables sent), `@include`/`@skip`, named and inline
fragments with directives, over HTTP and over the websocket, and through a subscription. Then the pre-check is
switched off and the same documents must still fail closed, on the resolvers and on the compiled path alike.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLUnionType,
    get_named_type,
)
from graphql.pyutils import Undefined
from websockets.asyncio.client import connect

from rapport.assembly import build_schema
from rapport.core.authz import policy as authz_policy
from rapport.core.authz.enforce import VERBS, FieldGuard, is_structural, required_access
from rapport.core.authz.policy import Access, PrincipalPolicy
from rapport.core.authz.rules import ARGUMENT_RULES
from rapport.graphql import fastpath
from rapport.graphql.node import to_global_id
from tests.authz.conftest import PHONE, USERS, World
from tests.conftest import GraphQLClient, LiveServer

SCHEMA = build_schema()._schema
ROLES = [r for r in USERS if r != "admin"]
SOME_ID = to_global_id("Customer", "00000000-0000-7000-8000-000000000000")


def _policy(role: str) -> PrincipalPolicy:
    return authz_policy.current().for_roles([role])


def _literal(type_: Any) -> str | None:
    """A literal of an input type (None for input objects, which paths avoid)."""
    if isinstance(type_, GraphQLNonNull):
        return _literal(type_.of_type)
    if isinstance(type_, GraphQLList):
        inner = _literal(type_.of_type)
        return None if inner is None else f"[{inner}]"
    if isinstance(type_, GraphQLEnumType):
        return next(iter(type_.values))
    if isinstance(type_, GraphQLInputObjectType):
        return None
    return {
        "ID": json.dumps(SOME_ID),
        "Int": "1",
        "Float": "1",
        "Boolean": "true",
        "Date": '"2026-01-01"',
        "DateTime": '"2026-01-01T00:00:00+00:00"',
        "Decimal": '"1"',
    }.get(type_.name, '"x"')


def _arguments(field: GraphQLField) -> str | None:
    """Literals for a field's required arguments ("" when none; None when one cannot be written simply)."""
    parts = []
    for name, arg in field.args.items():
        if isinstance(arg.type, GraphQLNonNull) and arg.default_value is Undefined:
            value = _literal(arg.type)
            if value is None:
                return None
            parts.append(f"{name}: {value}")
    return f"({', '.join(parts)})" if parts else ""


@dataclass(frozen=True)
class Step:
    """One field on the way from a root to a type, with the type condition its value needs."""

    field: str
    arguments: str
    condition: str | None


def _paths(root: GraphQLObjectType) -> dict[str, list[Step]]:
    """The shortest selection path from a root type to every object type reachable from it."""
    found: dict[str, list[Step]] = {root.name: []}
    queue = deque([root])
    while queue:
        current = queue.popleft()
        for name, field in current.fields.items():
            if name.startswith("__"):
                continue
            arguments = _arguments(field)
            if arguments is None:
                continue
            named = get_named_type(field.type)
            if isinstance(named, GraphQLObjectType):
                targets = [(named, None)]
            elif isinstance(named, GraphQLInterfaceType | GraphQLUnionType):
                targets = [(t, t.name) for t in SCHEMA.get_possible_types(named)]
            else:
                continue
            for target, condition in targets:
                if target.name not in found:
                    found[target.name] = [*found[current.name], Step(name, arguments, condition)]
                    queue.append(target)
    return found


QUERY_PATHS = _paths(SCHEMA.query_type)  # type: ignore[arg-type]
SUBSCRIPTION_PATHS = _paths(SCHEMA.subscription_type)  # type: ignore[arg-type]


def _wrap(path: list[Step], inner: str) -> str:
    for step in reversed(path):
        if step.condition is not None:
            inner = f"... on {step.condition} {{ {inner} }}"
        inner = f"{step.field}{step.arguments} {{ {inner} }}"
    return inner


def _select(type_: GraphQLObjectType, field: str) -> str | None:
    definition = type_.fields[field]
    arguments = _arguments(definition)
    if arguments is None:
        return None
    named = get_named_type(definition.type)
    leaf = not isinstance(named, GraphQLObjectType | GraphQLInterfaceType | GraphQLUnionType)
    return f"{field}{arguments}" if leaf else f"{field}{arguments} {{ __typename }}"


def _denied(policy: PrincipalPolicy, type_: GraphQLObjectType) -> list[tuple[str, str]]:
    """(field, its selection) of every field of the type the policy gives no access to."""
    found = []
    for name in type_.fields:
        needed = required_access(type_.name, name)
        if needed is None or policy.access(f"{type_.name}.{name}") >= needed:
            continue
        selection = _select(type_, name)
        if selection is not None:
            found.append((name, selection))
    return found


TECHNIQUES = (
    "plain",
    "aliases",
    "include_default",
    "skip_default",
    "named_fragment",
    "fragment_spread_include_default",
    "inline_fragment_include_default",
    "nested_fragments",
)


def document(operation: str, technique: str, path: list[Step], type_name: str, selections: list[str]) -> str:
    """A document asking for `selections` on `type_name` at the end of `path`, spelt per technique."""
    plain = " ".join(selections)
    fragments = ""
    if technique == "plain":
        inner = plain
    elif technique == "aliases":
        # within the alias limit (30); the rest stay plain
        inner = " ".join(f"a{i}: {s}" if i < 25 else s for i, s in enumerate(selections))
    elif technique == "include_default":
        inner = " ".join(_directed(s, "@include(if: $v)") for s in selections)
    elif technique == "skip_default":
        inner = " ".join(_directed(s, "@skip(if: $w)") for s in selections)
    elif technique == "named_fragment":
        inner, fragments = "...F", f" fragment F on {type_name} {{ {plain} }}"
    elif technique == "fragment_spread_include_default":
        inner, fragments = "...F @include(if: $v)", f" fragment F on {type_name} {{ {plain} }}"
    elif technique == "inline_fragment_include_default":
        inner = f"... on {type_name} @include(if: $v) {{ {plain} }}"
    else:  # nested_fragments
        inner = "...F"
        fragments = f" fragment F on {type_name} {{ ...G @skip(if: $w) }} fragment G on {type_name} {{ {plain} }}"
    text = inner + fragments
    declared = [d for name, d in (("$v", "$v: Boolean = true"), ("$w", "$w: Boolean = false")) if name in text]
    head = f"{operation}({', '.join(declared)})" if declared else operation
    return f"{head} {{ {_wrap(path, inner)} }}{fragments}"


def _directed(selection: str, directive: str) -> str:
    """A selection with a directive after its name and arguments."""
    sub = " { __typename }"
    if selection.endswith(sub):
        return f"{selection.removesuffix(sub)} {directive}{sub}"
    return f"{selection} {directive}"


def cases(paths: dict[str, list[Step]]) -> Iterator[tuple[str, str, list[Step], list[str], list[str]]]:
    """(role, type, path, denied field names, their selections) for every role and every reachable type."""
    for role in ROLES:
        policy = _policy(role)
        for type_name, path in sorted(paths.items()):
            type_ = SCHEMA.type_map[type_name]
            if not isinstance(type_, GraphQLObjectType) or is_structural(type_name) or type_name == "Mutation":
                continue
            denied = _denied(policy, type_)
            if denied:
                yield role, type_name, path, [d[0] for d in denied], [d[1] for d in denied]


def _errors(body: dict[str, Any]) -> list[dict[str, Any]]:
    return list(body.get("errors") or [])


def _forbidden_for(body: dict[str, Any], type_name: str, fields: list[str]) -> str | None:
    """None when the answer is FORBIDDEN, with no data, naming every one of the fields; else what is wrong."""
    errors = _errors(body)
    if not errors or errors[0].get("extensions", {}).get("code") != "FORBIDDEN":
        return f"not FORBIDDEN: {str(body)[:300]}"
    if body.get("data") is not None:
        return f"data next to FORBIDDEN: {str(body)[:300]}"
    denied = set(errors[0]["extensions"].get("denied", []))
    missing = [
        f for f in fields if f"{VERBS[required_access(type_name, f) or Access.MASKED]} {type_name}.{f}" not in denied
    ]
    return f"FORBIDDEN without naming {missing}" if missing else None


def test_the_generated_cases_cover_the_governed_schema() -> None:
    """Every role is denied something, and the generated paths reach the types that matter."""
    reached = {c[1] for c in cases(QUERY_PATHS)}
    for type_name in ("Customer", "Contact", "Order", "Ticket", "TicketComment", "AuditLogEntry", "Opportunity"):
        assert type_name in reached
    assert {c[0] for c in cases(QUERY_PATHS)} == set(ROLES)
    assert {c[1] for c in cases(SUBSCRIPTION_PATHS)} >= {"Ticket", "Customer"}


async def test_every_unreadable_field_is_forbidden_however_the_document_spells_it(
    gql: GraphQLClient, world: World
) -> None:
    failures: list[str] = []
    current = None
    for role, type_name, path, fields, selections in cases(QUERY_PATHS):
        if role != current:
            assert (await gql.login(USERS[role]))["data"]["login"]["viewer"], role
            current = role
        for technique in TECHNIQUES:
            body = await gql(document("query", technique, path, type_name, selections))
            problem = _forbidden_for(body, type_name, fields)
            if problem:
                failures.append(f"{role} {type_name} {technique}: {problem}")
    assert failures == []


async def test_variables_sent_or_defaulted_are_read_the_same_way(gql: GraphQLClient, world: World) -> None:
    """The issue's reproduction: `$v` defaulted to true, and `{"v": true}` sent, both answer FORBIDDEN."""
    await gql.login(USERS["service_agent"])
    query = (
        "query($v: Boolean = true) { customers(first: 5) { nodes { name "
        "orders { nodes { number totalAmount @include(if: $v) } } } } }"
    )
    for variables in (None, {"v": True}):
        body = await gql(query, variables)
        assert _forbidden_for(body, "Order", ["totalAmount"]) is None, body
    body = await gql(query, {"v": False})
    assert "errors" not in body


def _filter_cases() -> Iterator[tuple[str, str, str, str, str, str]]:
    """(role, root field, argument, its input type, key, field) for every filter key a role may not use."""
    for (coordinate, argument), rule in sorted(ARGUMENT_RULES.items()):
        reads = getattr(rule, "reads", None)
        parent, _, root = coordinate.partition(".")
        if reads is None or parent != "Query":
            continue
        type_name, mapping = reads
        arg = SCHEMA.query_type.fields[root].args[argument]  # type: ignore[union-attr]
        input_type = get_named_type(arg.type)
        for key, field in sorted(mapping.items()):
            for role in ROLES:
                policy = _policy(role)
                if policy.access(coordinate) >= Access.READ and policy.access(f"{type_name}.{field}") < Access.READ:
                    yield role, root, argument, input_type.name, key, f"{type_name}.{field}"


async def test_filter_defaults_reach_no_field_the_role_may_not_filter_by(gql: GraphQLClient, world: World) -> None:
    """`$f: TicketFilter = {escalatedOnly: true}` with no variables is read as the filter it is."""
    failures: list[str] = []
    found = list(_filter_cases())
    assert {c[1] for c in found} >= {"customers", "tickets"}
    current = None
    for role, root, argument, input_name, key, field in found:
        if role != current:
            await gql.login(USERS[role])
            current = role
        input_type = SCHEMA.type_map[input_name]
        assert isinstance(input_type, GraphQLInputObjectType)
        literal = _literal(input_type.fields[key].type)
        query = f"query($f: {input_name} = {{{key}: {literal}}}) {{ {root}({argument}: $f) {{ __typename }} }}"
        body = await gql(query)
        denied = _errors(body)[0].get("extensions", {}).get("denied", []) if _errors(body) else []
        if f"read unmasked {field}" not in denied:
            failures.append(f"{role} {root}.{key}: {str(body)[:200]}")
    assert failures == []


def _search(text: str) -> str:
    return "{ customers(search: " + json.dumps(text) + ") { totalCount } }"


def _enum_cases() -> Iterator[tuple[str, str, str, str]]:
    """(role, document, the denied phrase) for every enum-valued sort or grouping a role may not use."""
    for (coordinate, argument), rule in sorted(ARGUMENT_RULES.items()):
        spec = getattr(rule, "enum_reads", None)
        parent, _, root = coordinate.partition(".")
        if spec is None or parent != "Query":
            continue
        type_name, mapping, key = spec
        arg = SCHEMA.query_type.fields[root].args[argument]  # type: ignore[union-attr]
        arg_type = get_named_type(arg.type)
        for value, field in sorted(mapping.items()):
            default = f"{{{key}: {value}}}" if key else value
            query = f"query($a: {arg_type.name} = {default}) {{ {root}({argument}: $a) {{ __typename }} }}"
            for role in ROLES:
                # Every denial is listed, the root field's too: the sort or grouping must be named either way.
                if _policy(role).access(f"{type_name}.{field}") < Access.READ:
                    yield role, root, query, f"read unmasked {type_name}.{field}"


async def test_sort_and_grouping_defaults_reach_no_field_the_role_may_not_use(gql: GraphQLClient, world: World) -> None:
    """`$b: CustomerDimension = AGE_BAND` with no variables groups by birth dates: FORBIDDEN where that is hidden."""
    found = list(_enum_cases())
    assert {c[1] for c in found} >= {"customerGroups", "customers"}
    failures: list[str] = []
    current = None
    for role, _root, query, phrase in found:
        if role != current:
            await gql.login(USERS[role])
            current = role
        body = await gql(query)
        denied = _errors(body)[0].get("extensions", {}).get("denied", []) if _errors(body) else []
        if phrase not in denied:
            failures.append(f"{role} {query}: {str(body)[:200]}")
    assert failures == []


@pytest.mark.parametrize("role", ["service_agent", "service_supervisor", "analyst", "marketing"])
async def test_a_search_by_phone_is_refused_however_it_is_spelt(gql: GraphQLClient, world: World, role: str) -> None:
    """Phones are masked for these roles: no default, padding or spacing turns a phone search into a name search."""
    await gql.login(USERS[role])
    last4 = PHONE[-4:]
    refused = [
        ("query($s: String = " + json.dumps(last4) + ") { customers(search: $s) { totalCount } }", None),
        ("query($s: String) { customers(search: $s) { totalCount } }", {"s": "  " + PHONE + "  "}),
        (_search(last4 + " " * 80), None),
        (_search("139 1234 5678"), None),
        (_search("ZHANG.WEI@EXAMPLE.COM"), None),
    ]
    for query, variables in refused:
        body = await gql(query, variables)
        assert _errors(body) and _errors(body)[0]["extensions"]["code"] == "FORBIDDEN", (query, body)
    # Text that is not a phone is a name search: it never matches a phone, whatever it contains.
    padded = await gql(_search(last4 + " " * 80 + "x"))
    if not _errors(padded):
        assert padded["data"]["customers"]["totalCount"] == 0
    else:
        assert _errors(padded)[0]["extensions"]["code"] in ("BAD_USER_INPUT", "FORBIDDEN")


# --- the websocket and subscriptions --------------------------------------------------------------------------


def _cookie(live_server: LiveServer, email: str) -> str:
    response = httpx.post(
        f"{live_server.url}/graphql",
        json={
            "query": 'mutation($e: String!) { login(input: {email: $e, password: "rapport-demo"}) { viewer { id } } }',
            "variables": {"e": email},
        },
    )
    return str(response.cookies["rapport_session"])


async def test_over_the_websocket_queries_and_subscriptions_are_held_to_the_same_rule(
    live_server: LiveServer, world: World
) -> None:
    url = live_server.url.replace("http://", "ws://") + "/graphql"
    failures: list[str] = []
    by_role: dict[str, list[tuple[str, str, list[str]]]] = {}
    for role, type_name, path, fields, selections in cases(SUBSCRIPTION_PATHS):
        # The specification allows no @include/@skip on a subscription's root fields.
        techniques = (
            ("plain",) if type_name == "Subscription" else ("include_default", "named_fragment", "nested_fragments")
        )
        for technique in techniques:
            text = document("subscription", technique, path, type_name, selections)
            by_role.setdefault(role, []).append((text, type_name, fields))
    for role, type_name, path, fields, selections in cases(QUERY_PATHS):
        if type_name in ("Customer", "Contact", "Order", "Ticket", "AuditLogEntry"):
            text = document("query", "include_default", path, type_name, selections)
            by_role.setdefault(role, []).append((text, type_name, fields))
    for role, documents in by_role.items():
        async with connect(
            url,
            subprotocols=["graphql-transport-ws"],  # type: ignore[list-item]
            additional_headers={"Cookie": f"rapport_session={_cookie(live_server, USERS[role])}"},
        ) as ws:
            await ws.send(json.dumps({"type": "connection_init", "payload": {}}))
            assert json.loads(await ws.recv())["type"] == "connection_ack"
            for number, (text, type_name, fields) in enumerate(documents):
                await ws.send(json.dumps({"id": str(number), "type": "subscribe", "payload": {"query": text}}))
                while True:
                    message = json.loads(await ws.recv())
                    if message.get("id") == str(number) and message["type"] in ("error", "next"):
                        break
                body = (
                    {"errors": message["payload"], "data": None} if message["type"] == "error" else message["payload"]
                )
                problem = _forbidden_for(body, type_name, fields)
                if problem:
                    failures.append(f"{role} {type_name}: {problem} in {text[:160]}")
    assert failures == []


# --- with the pre-check switched off ----------------------------------------------------------------------------


@pytest.fixture
def no_precheck(monkeypatch: pytest.MonkeyPatch) -> None:
    """The pre-check answers 'allowed' for everything: only the execution-time checks stand."""

    def allow_everything(self: FieldGuard) -> Iterator[None]:
        yield

    monkeypatch.setattr(FieldGuard, "on_validate", allow_everything)
    monkeypatch.setattr(fastpath, "violations", lambda *args, **kwargs: [])


def _data_paths(world: World) -> dict[str, list[Step]]:
    """Paths to rows the world holds, so that execution reaches each object."""
    customer = Step("customer", f"(id: {json.dumps(world.customer_id)})", None)
    return {
        "Customer": [customer],
        "Contact": [customer, Step("contacts", "", None)],
        "Order": [customer, Step("orders", "(first: 5)", None), Step("nodes", "", None)],
        "Activity": [customer, Step("activities", "(first: 5)", None), Step("nodes", "", None)],
        "Tag": [customer, Step("tags", "", None)],
    }


async def test_without_the_pre_check_execution_still_fails_closed(
    gql: GraphQLClient, world: World, no_precheck: None
) -> None:
    """Every unreadable field on a row the role can reach: FORBIDDEN where the value would be, never the value."""
    failures: list[str] = []
    paths = _data_paths(world)
    checked = 0
    for role in ROLES:
        await gql.login(USERS[role])
        policy = _policy(role)
        for type_name, path in paths.items():
            type_ = SCHEMA.type_map[type_name]
            assert isinstance(type_, GraphQLObjectType)
            denied = _denied(policy, type_)
            if not denied:
                continue
            for technique in ("plain", "include_default", "named_fragment", "inline_fragment_include_default"):
                for name, selection in denied:
                    body = await gql(document("query", technique, path, type_name, [f"id {selection}"]))
                    errors = _errors(body)
                    values = json.dumps(body.get("data"))
                    reached = body.get("data") is not None and f'"{name}"' in values
                    forbidden = any(e.get("extensions", {}).get("code") == "FORBIDDEN" for e in errors)
                    if reached or not (forbidden or _nothing_reached(body)):
                        failures.append(f"{role} {type_name}.{name} {technique}: {str(body)[:200]}")
                    checked += 1
    assert checked > 100
    assert failures == []


def _nothing_reached(body: dict[str, Any]) -> bool:
    """True when the path's first object is out of the role's scope (null, like a missing id)."""
    data = body.get("data")
    return isinstance(data, dict) and all(v is None for v in data.values()) and not _errors(body)


async def test_without_the_pre_check_the_compiled_path_refuses_too(
    gql: GraphQLClient, world: World, no_precheck: None
) -> None:
    """A document the compiler takes, with an unreadable field: the plan's own check sends it to the resolvers."""
    await gql.login(USERS["service_agent"])  # no order amounts
    body = await gql(
        "query($id: ID!) { customer(id: $id) { name orders(first: 5) { nodes { number totalAmount } } } }",
        {"id": world.customer_id},
    )
    assert "totalAmount" not in json.dumps(body.get("data"))
    assert any(e["extensions"]["code"] == "FORBIDDEN" for e in _errors(body)), body
    allowed = await gql(
        "query($id: ID!) { customer(id: $id) { name orders(first: 5) { nodes { number } } } }",
        {"id": world.customer_id},
    )
    assert "errors" not in allowed and allowed["data"]["customer"]["orders"]["nodes"]

"""Every Int the schema takes has a declared range (rapport.graphql.ranges), and every declaration is in use; every
String a marketing mutation takes has a declared maximum, and one character over it is refused before anything
changes (generated over the marketing manifest's mutations)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLScalarType,
    GraphQLSchema,
    Undefined,
    get_named_type,
)
from sqlalchemy import text

from rapport.assembly import build_schema
from rapport.core.db import Database
from rapport.graphql.limits.inputs import MAXIMA
from rapport.graphql.ranges import INT_RANGES, int_coordinates
from rapport.marketing.manifest import MANIFEST
from tests.conftest import GraphQLClient


def test_every_int_argument_and_input_field_declares_its_range() -> None:
    coordinates = set(int_coordinates(build_schema()._schema))
    assert coordinates - set(INT_RANGES) == set(), "declare a range in rapport/graphql/ranges.py"
    assert set(INT_RANGES) - coordinates == set(), "a declared range names no Int of the schema"
    assert all(low <= high for low, high in INT_RANGES.values())


def test_docs_list_every_declared_range() -> None:
    docs = (Path(__file__).parents[2] / "docs" / "api.md").read_text()

    def shown(value: int) -> str:
        return f"{value:,}" if abs(value) >= 10_000 else str(value)

    missing = [c for c, (low, high) in INT_RANGES.items() if f"| `{c}` | {shown(low)} | {shown(high)} |" not in docs]
    assert missing == [], "update the table in docs/api.md, 'Numbers, dates and cursors'"


def _marketing_mutations(schema: GraphQLSchema) -> dict[str, GraphQLField]:
    """The root mutation fields the marketing manifest adds, by name."""
    names = {
        schema_name(field.python_name)
        for mutation in MANIFEST.mutations
        for field in mutation.__strawberry_definition__.fields  # type: ignore[attr-defined]
    }
    assert schema.mutation_type is not None
    return {name: schema.mutation_type.fields[name] for name in sorted(names)}


def schema_name(python_name: str) -> str:
    """A Python field name as the schema spells it (camelCase)."""
    head, *rest = python_name.split("_")
    return head + "".join(part.title() for part in rest)


def _string_fields(input_type: GraphQLInputType, seen: set[str]) -> Iterator[tuple[str, str]]:
    """(Input type, field) of every String input field reachable from an input type."""
    named = get_named_type(input_type)
    if not isinstance(named, GraphQLInputObjectType) or named.name in seen:
        return
    seen.add(named.name)
    for name, field in named.fields.items():
        if get_named_type(field.type).name == "String":
            yield named.name, name
        yield from _string_fields(field.type, seen)


def _marketing_strings() -> list[tuple[str, str, str]]:
    """(mutation, Input type, field) of every String a marketing mutation takes."""
    schema = build_schema()._schema
    found = []
    for mutation, field in _marketing_mutations(schema).items():
        for argument in field.args.values():
            found += [(mutation, t, f) for t, f in _string_fields(argument.type, set())]
    return found


MARKETING_STRINGS = _marketing_strings()


def test_every_string_of_a_marketing_mutation_declares_its_maximum() -> None:
    assert MARKETING_STRINGS, "no marketing mutation found"
    undeclared = sorted({f"{t}.{f}" for _, t, f in MARKETING_STRINGS} - set(MAXIMA))
    assert undeclared == [], "declare a maximum in rapport/graphql/limits/inputs.py (MAXIMA) and docs/api.md"


def _filler(input_type: GraphQLInputType, over: tuple[str, str], length: int) -> Any:
    """A value of the type that coerces, with only its required fields, but `over` (Input type, field) filled
    with a string of `length` characters wherever it is reached."""
    if isinstance(input_type, GraphQLNonNull):
        return _filler(input_type.of_type, over, length)
    if isinstance(input_type, GraphQLList):
        return [_filler(input_type.of_type, over, length)]
    if isinstance(input_type, GraphQLEnumType):
        return next(iter(input_type.values))
    if isinstance(input_type, GraphQLInputObjectType):
        value = {}
        for name, field in input_type.fields.items():
            wanted = (input_type.name, name) == over or _reaches(field.type, over, set())
            if wanted or (isinstance(field.type, GraphQLNonNull) and field.default_value is Undefined):
                if (input_type.name, name) == over:
                    value[name] = "x" * length
                else:
                    value[name] = _filler(field.type, over, length)
        return value
    assert isinstance(input_type, GraphQLScalarType)
    return SCALAR_SAMPLES[input_type.name]


def _reaches(input_type: GraphQLInputType, over: tuple[str, str], seen: set[str]) -> bool:
    named = get_named_type(input_type)
    if not isinstance(named, GraphQLInputObjectType) or named.name in seen:
        return False
    seen.add(named.name)
    return any((named.name, n) == over or _reaches(f.type, over, seen) for n, f in named.fields.items())


SCALAR_SAMPLES: dict[str, Any] = {
    "String": "x",
    "ID": "x",
    "Int": 0,
    "Boolean": False,
    "Decimal": "1",
    "Date": "2026-01-01",
    "DateTime": "2026-01-01T00:00:00+00:00",
    "JSON": {},
}
#: The tables a marketing mutation changes, counted before and after.
MARKETING_TABLES = [
    "campaign",
    "campaign_content",
    "campaign_cost",
    "marketing_consent",
    "marketing_consent_change",
    "marketing_suppression",
    "marketing_setting",
    "segment",
    "journey",
    "audit_entry",
]


@pytest.mark.usefixtures("demo")
@pytest.mark.parametrize(("mutation", "input_type", "field"), MARKETING_STRINGS)
async def test_a_marketing_string_one_over_its_maximum_is_refused_and_changes_nothing(
    gql: GraphQLClient, db: Database, mutation: str, input_type: str, field: str
) -> None:
    schema = build_schema()._schema
    assert schema.mutation_type is not None
    root = schema.mutation_type.fields[mutation]
    limit = MAXIMA[f"{input_type}.{field}"].max_length
    await gql.login("admin@demo.example")
    before = await _counts(db)
    variables = {name: _filler(argument.type, (input_type, field), limit + 1) for name, argument in root.args.items()}
    declared = ", ".join(f"${name}: {argument.type}" for name, argument in root.args.items())
    passed = ", ".join(f"{name}: ${name}" for name in root.args)
    body = await gql(f"mutation({declared}) {{ {mutation}({passed}) {{ __typename }} }}", variables)
    assert [e["extensions"]["code"] for e in body.get("errors", [])] == ["BAD_USER_INPUT"], body
    assert await _counts(db) == before


async def _counts(db: Database) -> dict[str, int]:
    async with db.read() as session:
        return {t: int(await session.scalar(text(f"SELECT count(*) FROM {t}")) or 0) for t in MARKETING_TABLES}

"""The compiled path's variable coercion (`rapport.graphql.compiler.variables`) is graphql-core's, value for value.

It takes a JSON boolean given to a `Boolean`/`Boolean!` variable as it is and leaves everything else to graphql-core;
this holds it to `get_variable_values` on every operation the web app sends, with values of every kind (right,
wrong, null, absent) for every variable."""

from __future__ import annotations

from typing import Any

import pytest
from graphql import GraphQLEnumType, GraphQLSchema, OperationDefinitionNode, parse, print_ast
from graphql.execution.values import get_variable_values
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rapport.app import TRUSTED_DOCUMENTS
from rapport.assembly import build_schema, install
from rapport.config import Settings
from rapport.graphql.compiler import Plan, coerce_variables
from rapport.graphql.trusted import TrustedDocuments

_ABSENT = object()
VALUES = st.one_of(
    st.just(_ABSENT),
    st.none(),
    st.booleans(),
    st.sampled_from(["true", "false", "", "x", "Q3VzdG9tZXI6MQ=="]),
    st.integers(-2, 2),
    st.floats(allow_nan=True),
    st.lists(st.booleans(), max_size=2),
    st.dictionaries(st.sampled_from(["first", "openOnly", "search"]), st.booleans() | st.none(), max_size=2),
)


def _plans() -> list[Plan]:
    documents = TrustedDocuments.load(TRUSTED_DOCUMENTS)
    found = []
    for document in sorted(documents.by_hash.values(), key=lambda d: d.operation_name or d.hash):
        parsed = parse(document.text)
        for operation in parsed.definitions:
            if isinstance(operation, OperationDefinitionNode) and operation.variable_definitions:
                found.append(Plan(parsed, operation, [], False))
    return found


PLANS = _plans()


@pytest.fixture(scope="module")
def schema() -> GraphQLSchema:
    install()
    return build_schema(Settings())._schema


def test_the_manifest_declares_boolean_flags() -> None:
    """The case the shortcut is for is there (else this test would prove nothing about it)."""
    types = [print_ast(d.type) for plan in PLANS for d in plan.operation.variable_definitions]
    assert len(PLANS) > 50 and types.count("Boolean!") > 40


def _sources(sources: dict[str, Any]) -> dict[str, Any]:
    """Sources compared by value (each coercion reads the variable's type anew: equal types, other objects)."""
    return {k: (v.signature.name, str(v.signature.type), v.signature.default, v.value) for k, v in sources.items()}


#: A valid value of each named input type a required variable of the manifest has (None: none known here).
SAMPLES: dict[str, Any] = {
    "ID": "Q3VzdG9tZXI6MDE5MmU0NTYtMDAwMC03MDAwLTgwMDAtMDAwMDAwMDAwMDAx",
    "String": "x",
    "Int": 5,
    "Float": 1.5,
    "Date": "2026-12-01",
    "DateTime": "2026-12-01T00:00:00+00:00",
    "Decimal": "1.50",
}


def _valid(schema: GraphQLSchema, definition: Any, flag: bool) -> Any:
    """A value the app could send for a variable: a flag for a `Boolean`, a sample for a required variable of
    another type (`_ABSENT` for an optional one; None: no sample known)."""
    printed = print_ast(definition.type)
    named = schema.get_type(printed.strip("[]!"))
    if printed.startswith("Boolean"):
        return flag
    if not printed.endswith("!"):
        return _ABSENT
    if isinstance(named, GraphQLEnumType):
        return next(iter(named.values))
    sample = SAMPLES.get(printed.strip("[]!"))
    return None if sample is None else [sample] if printed.startswith("[") else sample


#: Operations whose valid variables must coerce (the shortcut's own case: many flags beside other variables).
MUST_SUCCEED = {"Customer360", "Customer360Timeline", "CustomersList", "HomeMyTasks", "DashboardCustomers"}


@pytest.mark.parametrize("plan", PLANS, ids=lambda p: p.operation.name.value if p.operation.name else "?")
def test_coercion_equals_graphql_core(schema: GraphQLSchema, plan: Plan) -> None:
    definitions = plan.operation.variable_definitions
    names = [d.variable.name.value for d in definitions]
    succeeded = []

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(
        st.lists(VALUES, min_size=len(names), max_size=len(names)),
        st.lists(st.booleans(), min_size=len(names), max_size=len(names)),
        st.booleans(),
    )
    def check(values: list[Any], flags: list[bool], valid: bool) -> None:
        if valid:  # as the app sends them: flags as JSON booleans, the other variables valid
            values = [_valid(schema, d, flag) for d, flag in zip(definitions, flags, strict=True)]
        inputs = {name: value for name, value in zip(names, values, strict=True) if value is not _ABSENT}
        expected = get_variable_values(schema, definitions, dict(inputs))
        got = coerce_variables(schema, plan, inputs)
        if isinstance(expected, list):
            assert got is None, (inputs, expected)
            return
        assert got is not None, (inputs, got)
        assert got.coerced == expected.coerced
        assert _sources(got.sources) == _sources(expected.sources)
        succeeded.append(valid)

    check()
    name = plan.operation.name.value if plan.operation.name else "?"
    if name in MUST_SUCCEED:
        assert any(succeeded), f"{name}: no generated variables coerced, so no coerced values were compared"

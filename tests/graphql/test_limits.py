"""Limits before work (issue 13, class 8): caps on documents before validation, no suggestions in production.

The caps come from settings (docs/api.md, "Limits"); string inputs are covered by `test_input_limits.py`.
"""

from __future__ import annotations

import re
from types import SimpleNamespace
from typing import Any

import httpx
import pytest
from graphql import (
    DocumentNode,
    FieldNode,
    NameNode,
    OperationDefinitionNode,
    SelectionSetNode,
    Visitor,
    parse,
    visit,
)

from rapport.assembly import build_schema
from rapport.config import Settings
from rapport.core.db import Database
from rapport.graphql.limits import DocumentCaps, document_problem
from tests.conftest import ROOT, GraphQLClient

CAPS = DocumentCaps.from_settings(Settings())


def _codes(body: dict[str, Any]) -> list[str]:
    return [e.get("extensions", {}).get("code") for e in body.get("errors", [])]


async def _post(client: httpx.AsyncClient, query: str) -> dict[str, Any]:
    response = await client.post("/graphql", json={"query": query})
    assert response.status_code in (200, 400), response.text
    body: dict[str, Any] = response.json()
    return body


async def test_a_duplicate_field_flood_is_refused_before_validation(
    client: httpx.AsyncClient, gql: GraphQLClient, demo: dict[str, Any]
) -> None:
    # The reproduction: 1,200 `viewer { id }` (within the signed-in token limit) took validation seconds.
    await gql.login("rep@demo.example")
    body = await _post(client, "{" + " viewer { id }" * 1200 + "}")
    assert _codes(body) == ["BAD_USER_INPUT"]
    assert "more than 200 fields" in body["errors"][0]["message"]
    # The same flood through inline fragments, and a key repeated past the duplicate cap.
    inline = await _post(client, "{" + " ... { viewer { id } }" * 300 + "}")
    assert _codes(inline) == ["BAD_USER_INPUT"]
    repeated = await _post(client, "{" + " viewer { id }" * 26 + "}")
    assert _codes(repeated) == ["BAD_USER_INPUT"]
    assert "'viewer' is selected 26 times" in repeated["errors"][0]["message"]
    assert (await _post(client, "{" + " viewer { id }" * 25 + "}"))["data"]["viewer"]["id"]


async def test_a_repeated_directive_is_refused(client: httpx.AsyncClient) -> None:
    body = await _post(client, "{ viewer @include(if: true) @include(if: true) { id } }")
    assert _codes(body) == ["BAD_USER_INPUT"]
    assert "'@include' is repeated" in body["errors"][0]["message"]
    unknown = await _post(client, "{ viewer " + "@a " * 500 + "{ id } }")
    assert _codes(unknown) == ["BAD_USER_INPUT"]


async def test_too_many_directives_are_refused(gql: GraphQLClient, demo: dict[str, Any]) -> None:
    await gql.login("rep@demo.example")
    fields = " ".join(f"a{i}: viewer @include(if: true) {{ id }}" for i in range(101))
    body = await gql("{" + fields + "}")
    assert _codes(body) == ["BAD_USER_INPUT"]
    assert "more than 100 directives" in body["errors"][0]["message"]


async def test_fragments_count_where_they_are_spread(gql: GraphQLClient, demo: dict[str, Any]) -> None:
    await gql.login("rep@demo.example")
    # A fragment that spreads another twice: `viewer` appears 26 times in the operation's selection set.
    nested = (
        "{ ...A } fragment A on Query { ...B ...C } fragment B on Query { ...C }"
        " fragment C on Query { " + "viewer { id } " * 13 + "}"
    )
    assert _codes(await gql(nested)) == ["BAD_USER_INPUT"]
    many = " ".join(f"fragment F{i} on Query {{ f{i}: viewer {{ id }} }}" for i in range(21))
    spread = await gql("{ " + " ".join(f"...F{i}" for i in range(21)) + " } " + many)
    assert _codes(spread) == ["BAD_USER_INPUT"]
    assert "more than 20 named fragments" in spread["errors"][0]["message"]


async def test_a_long_fragment_chain_is_refused_not_an_internal_error(gql: GraphQLClient, demo: dict[str, Any]) -> None:
    await gql.login("rep@demo.example")
    chain = " ".join(f"fragment F{i} on Query {{ ...F{i + 1} }}" for i in range(300))
    body = await gql("{ ...F0 } " + chain + " fragment F300 on Query { viewer { id } }")
    assert _codes(body) == ["BAD_USER_INPUT"]
    assert "nested more than 40 levels" in body["errors"][0]["message"]


async def test_anonymous_callers_get_smaller_documents(
    client: httpx.AsyncClient, gql: GraphQLClient, demo: dict[str, Any]
) -> None:
    padded = "{ viewer { id } }" + " " * 3000  # 3 KB: over the anonymous cap, under the signed-in one
    body = await _post(client, padded)
    assert _codes(body) == ["BAD_USER_INPUT"]
    assert "larger than 2048 bytes" in body["errors"][0]["message"]
    tokens = "query(" + " ".join(f"$v{i}: Int" for i in range(80)) + ") { viewer { id } }"  # 327 tokens
    refused = await _post(client, tokens)
    assert _codes(refused) == ["BAD_USER_INPUT"]
    assert "more than 300 tokens" in refused["errors"][0]["message"]
    await gql.login("rep@demo.example")
    assert (await gql(padded))["data"]["viewer"]["id"]
    huge = "{ viewer { id } }" + " " * 40_000
    assert _codes(await gql(huge)) == ["BAD_USER_INPUT"]


def test_the_shape_caps_are_linear_passes_that_reject_what_validation_would_work_through() -> None:
    def problem(query: str) -> str | None:
        found = document_problem(parse(query), CAPS)
        return None if found is None else found.message

    assert problem("{ viewer { id } }") is None
    assert problem("query Q($a: Boolean!) { ...F @include(if: $a) } fragment F on Query { viewer { id } }") is None
    assert "more than 200 fields" in str(problem("{" + " ... { viewer { id } }" * 201 + "}"))
    # A cycle neither loops nor counts (the specification's NoFragmentCycles reports it).
    assert problem("{ ...A } fragment A on Query { ...B } fragment B on Query { ...A viewer { id } }") is None
    # Nesting counts fields, inline fragments and spreads alike.
    deep = "{ viewer " + "{ team " * 39 + "{ id }" + " }" * 39 + " }"
    assert "nested more than 40" in str(problem(deep))


async def _execute(production: bool, query: str, variables: dict[str, Any] | None = None) -> list[str]:
    schema = build_schema(Settings(rapport_env="production" if production else "development"))  # type: ignore[arg-type]
    result = await schema.execute(query, variables, context_value=SimpleNamespace(principal=None))
    return [error.message for error in result.errors or ()]


@pytest.mark.parametrize(
    ("query", "variables"),
    [
        ("{ viewr { id } }", None),  # an unknown field
        ("query($s: TicketStatus!) { tickets(filter: {statuses: [$s]}) { totalCount } }", {"s": "RESOLVE"}),
        ("{ tickets(filter: {statuses: [RESOLVE]}) { totalCount } }", None),  # an unknown enum literal
        ("{ tickets(filtr: {}) { totalCount } }", None),  # an unknown argument
    ],
    ids=["field", "enum-variable", "enum-literal", "argument"],
)
async def test_production_answers_without_did_you_mean(query: str, variables: dict[str, Any] | None) -> None:
    development = await _execute(False, query, variables)
    assert any("Did you mean" in m for m in development), development  # the hint exists in development
    production = await _execute(True, query, variables)
    assert production and not any("Did you mean" in m for m in production), production


async def test_new_documents_from_one_anonymous_address_are_budgeted(
    settings: Settings, db: Database, demo: dict[str, Any]
) -> None:
    from rapport.app import create_app

    app = create_app(settings.model_copy(update={"graphql_anonymous_new_documents_burst": 3}), database=db)
    transport = httpx.ASGITransport(app=app, client=("198.51.100.7", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        answers = [await _post(http, f"{{ a{i}: viewer {{ id }} }}") for i in range(4)]
        assert [_codes(a) for a in answers] == [[], [], [], ["RATE_LIMITED"]]
        assert answers[3]["errors"][0]["extensions"]["retryAfterSeconds"] >= 1
        # Documents the process knows cost nothing and are never limited; signed-in callers have no budget.
        assert _codes(await _post(http, "{ a0: viewer { id } }")) == []
        assert (await GraphQLClient(http).login("rep@demo.example"))["data"]["login"]["viewer"]
        assert _codes(await _post(http, "{ a9: viewer { id } }")) == []


def _with_typenames(document: DocumentNode) -> DocumentNode:
    """The document as urql's cache sends it: `__typename` added to every selection set below the root."""

    class AddTypename(Visitor):
        def leave_selection_set(self, node: SelectionSetNode, _key: Any, parent: Any, *_: Any) -> Any:
            if isinstance(parent, OperationDefinitionNode):
                return node
            names = {s.name.value for s in node.selections if isinstance(s, FieldNode) and s.alias is None}
            if "__typename" in names:
                return node
            return SelectionSetNode(selections=(*node.selections, FieldNode(name=NameNode(value="__typename"))))

    result: DocumentNode = visit(document, AddTypename())
    return result


def test_every_document_of_the_web_app_is_within_the_caps() -> None:
    """The caps refuse floods, never the app's own operations as its GraphQL client sends them."""
    sources = sorted((ROOT / "frontend" / "src").rglob("*.ts*"))
    documents = []
    for path in sources:
        if "generated" in path.parts or "__tests__" in path.parts:
            continue
        documents += [(path.name, text) for text in re.findall(r"graphql\(\s*`(.*?)`", path.read_text(), re.S)]
    assert len(documents) > 50
    caps = DocumentCaps.from_settings(Settings())
    for name, text in documents:
        problem = document_problem(_with_typenames(parse(text)), caps)
        assert problem is None, f"{name}: {problem.message}"

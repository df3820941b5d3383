"""A root list's `totalCount` is counted apart from its page (so that the page reads only its first rows), except for
a search, which counts in the page's own pass: checked on the SQL of every operation of the web app that selects a
root `totalCount`, as a manager, with and without a search where the operation takes one."""

from __future__ import annotations

from typing import Any

import pytest
from graphql import GraphQLEnumType, OperationDefinitionNode, parse, print_ast

from rapport.app import TRUSTED_DOCUMENTS, create_app
from rapport.assembly import build_schema
from rapport.config import Settings
from rapport.core.authz.scopes import principal_key
from rapport.core.db import Database
from rapport.graphql.compiler import coerce_variables, sql_for
from rapport.graphql.coverage import PENDING
from rapport.graphql.node import to_global_id
from rapport.graphql.trusted import TrustedDocuments
from tests import factories

WINDOW_COUNT = "OVER () AS _total"  # the label of the page pass's window count (`compiler.sql._ranked`)


def _counted_reads() -> list[tuple[str, str]]:
    """(operation name, document) of every manifest query that selects `totalCount` on a root field (but those that do
    not compile yet: `coverage.PENDING`)."""
    found = []
    for document in TrustedDocuments.load(TRUSTED_DOCUMENTS).by_hash.values():
        parsed = parse(document.text)
        for operation in parsed.definitions:
            if not isinstance(operation, OperationDefinitionNode) or operation.operation.value != "query":
                continue
            for root in operation.selection_set.selections:
                inner = getattr(root, "selection_set", None)
                names = {getattr(c, "name", None) and c.name.value for c in inner.selections} if inner else set()
                if "totalCount" in names and operation.name and operation.name.value not in PENDING:
                    found.append((operation.name.value if operation.name else "?", document.text))
                    break
    return sorted(found)


READS = _counted_reads()
ENUMS = {
    name: next(iter(kind.values))
    for name, kind in build_schema()._schema.type_map.items()
    if isinstance(kind, GraphQLEnumType) and not name.startswith("__")
}


def _variables(text: str, name: str, user_id: str) -> dict[str, Any]:
    """Values the app would send: every flag true, a page size, the caller's own id for a required id (whose
    lists a home page shows), an empty filter for a required one, the first value of a required enum (the kind of
    model runs a page shows); the other variables left out."""
    values: dict[str, Any] = {}
    operation = next(
        d for d in parse(text).definitions if isinstance(d, OperationDefinitionNode) and d.name and d.name.value == name
    )
    for definition in operation.variable_definitions or ():
        printed = print_ast(definition.type)
        variable = definition.variable.name.value
        if printed.startswith("Boolean"):
            values[variable] = True
        elif printed.startswith("Int"):
            values[variable] = 5
        elif printed == "ID!":
            values[variable] = user_id
        elif printed.endswith("Filter!"):
            values[variable] = {}
        elif printed.endswith("!") and printed[:-1] in ENUMS:
            values[variable] = ENUMS[printed[:-1]]
    return values


def test_the_app_selects_root_totals() -> None:
    names = {name for name, _ in READS}
    assert {"CustomersList", "HomeMyTasks", "ServiceTickets"} <= names, names


@pytest.mark.parametrize(("name", "text"), READS, ids=[name for name, _ in READS])
async def test_a_root_total_is_counted_apart_unless_searched(
    settings: Settings, db: Database, demo: dict[str, Any], name: str, text: str
) -> None:
    app = create_app(settings, database=db)
    compiled = app.state.graphql.compiled
    manager = await factories.principal(db, "manager@demo.example")
    searches: list[tuple[bool, dict[str, Any]]] = [(False, {})]
    if "$search" in text:
        searches.append((True, {"search": "张"}))
    if "$filter" in text:
        searches.append(
            (True, {"filter": {"search": "张"}})
        )  # where the filter takes a search  # skipped where the filter takes no search
    checked: list[bool] = []
    for searched, given in searches:
        variables = {**_variables(text, name, to_global_id("User", manager.user_id)), **given}
        plan = compiled.plan(text, name, variables)
        assert plan is not None, f"{name} does not compile"  # every read of the app compiles (test_app_coverage)
        coerced = coerce_variables(compiled.schema, plan, variables)
        if coerced is None:
            assert searched, f"{name}: the page's own variables do not coerce"
            continue  # this list's filter takes no search
        found = sql_for(plan, compiled.schema, manager, (principal_key(manager), "en"), coerced)
        assert found is not None, f"{name} ({given}): no SQL"
        assert (WINDOW_COUNT in found[0].text) is searched, f"{name} ({given})"
        checked.append(searched)
    assert False in checked, f"{name}: the list without a search was not checked"
    if "$search" in text or name in SEARCHED:
        assert True in checked, f"{name}: the list with a search was not checked"


#: Reads whose list takes a search in its filter.
SEARCHED = {"LeadList", "OpportunityList", "PipelineOpportunities", "ServiceTickets"}

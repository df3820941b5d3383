"""The benchmark replays what the app sends (bench/app_pages.py): each page's operations are operations of that
page's route in the app, and each request gives every variable the app's document needs to run as the app runs it.

A request that left out a required variable would fail; one that left out a variable of an `@include`/`@skip`
condition would run a smaller shape than the app's (the pipeline's `$withWin` was missing once, found by reading,
and the benchmark measured deal cards without their win probability). Checked statically, from the trusted
documents' manifest and the generated page-operation map, without a server.
"""

from __future__ import annotations

import json
import re
import uuid
from typing import Any

import pytest
from bench.app_pages import PAGES, Facts, Op, Page, manifest
from graphql import (
    DirectiveNode,
    NonNullTypeNode,
    OperationDefinitionNode,
    VariableNode,
    parse,
    visit,
)
from graphql.language import Visitor

from rapport.graphql.node import to_global_id
from tests.conftest import ROOT

PAGE_OPERATIONS = json.loads((ROOT / "frontend" / "src" / "generated" / "page-operations.json").read_text())
DOCUMENTS = manifest()


def _facts() -> Facts:
    """Made-up ids of the right kinds: the variables are checked, not run."""
    emails = {page.email for page in PAGES}
    return Facts(
        customer=to_global_id("Customer", uuid.uuid4()),
        ticket=to_global_id("Ticket", uuid.uuid4()),
        viewers={email: to_global_id("User", uuid.uuid4()) for email in emails},
        stages=[to_global_id("PipelineStage", uuid.uuid4()) for _ in range(6)],
        manager_teams=[str(uuid.uuid4())],
        service_queues=[str(uuid.uuid4())],
    )


def _route_of(path: str) -> dict[str, Any]:
    """The app's route that serves `path` (the route table's patterns: `:id` one segment, `*` the rest)."""
    for route in PAGE_OPERATIONS["routes"]:
        pattern = re.escape(route["path"]).replace(r"\*", ".*")
        pattern = re.sub(r":\w+", "[^/]+", pattern)
        if re.fullmatch(pattern, path):
            return route
    raise AssertionError(f"no route of the app serves {path}")


class _ConditionVariables(Visitor):
    """Variables an `@include(if: $x)` or `@skip(if: $x)` of the document reads."""

    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def enter_directive(self, node: DirectiveNode, *_: Any) -> None:
        if node.name.value in ("include", "skip"):
            for argument in node.arguments or ():
                if isinstance(argument.value, VariableNode):
                    self.names.add(argument.value.name.value)


def _needed(document: str) -> tuple[set[str], set[str], set[str]]:
    """The document's declared variables, the required ones (non-null without a default) and the conditions'."""
    tree = parse(document)
    operation = next(d for d in tree.definitions if isinstance(d, OperationDefinitionNode))
    declared = {v.variable.name.value for v in operation.variable_definitions or ()}
    required = {
        v.variable.name.value
        for v in operation.variable_definitions or ()
        if isinstance(v.type, NonNullTypeNode) and v.default_value is None
    }
    conditions = _ConditionVariables()
    visit(tree, conditions)
    return declared, required, conditions.names


REQUESTS = [(page, op) for page in PAGES for op in page.ops]


@pytest.mark.parametrize(
    ("page", "op"), REQUESTS, ids=[f"{page.name}:{op.operation}:{i}" for i, (page, op) in enumerate(REQUESTS)]
)
def test_each_replayed_request_is_one_the_page_sends_with_every_variable_the_app_gives(page: Page, op: Op) -> None:
    facts = _facts()
    route = _route_of(page.path(facts))
    assert op.operation in route["operations"]["query"], (
        f"{page.name} replays {op.operation}, which the app's route {route['path']} does not send"
    )
    assert op.operation in DOCUMENTS, f"{op.operation} is not in the trusted documents' manifest"
    declared, required, conditions = _needed(DOCUMENTS[op.operation][1])
    given = set(op.variables(facts))
    assert not given - declared, f"{op.operation}: variables the document does not declare: {given - declared}"
    assert not required - given, f"{op.operation}: required variables not given: {required - given}"
    assert not conditions - given, (
        f"{op.operation}: condition variables not given (a smaller shape than the app's): {conditions - given}"
    )


def test_the_check_finds_a_missing_condition_variable() -> None:
    """The pipeline's column without `$withWin` (the slip the check is for) is caught."""
    _, _, conditions = _needed(DOCUMENTS["PipelineOpportunities"][1])
    column = next(op for page in PAGES for op in page.ops if op.operation == "PipelineOpportunities")
    given = set(column.variables(_facts())) - {"withWin"}
    assert "withWin" in conditions - given

"""The values of a request: those that shape the SQL (page sizes, sort keys, which cursor values are null), those
bound per request (decoded ids, cursors' values, the clock) and each cursor's values by its parameters' name."""

from __future__ import annotations

import uuid
from collections.abc import Hashable
from typing import Any

from graphql import FieldNode, GraphQLError, GraphQLField
from graphql.execution.values import get_argument_values

from rapport.core import clock
from rapport.core.errors import BadUserInputError
from rapport.graphql.compiler.errors import NotCompiled
from rapport.graphql.compiler.nodes import FieldPlan, ObjectPlan, Plan, plan_children
from rapport.graphql.declare import NOW
from rapport.graphql.node import from_global_id
from rapport.graphql.types import decode_cursor

#: The shape-giving values, the values bound per request, and each cursor's values by its parameters' name.
RequestValues = tuple[Hashable, dict[str, Any], dict[str, list[Any]]]


def field_arguments(definition: GraphQLField, node: FieldNode, variables: Any) -> dict[str, Any]:
    """A field's arguments as the executor coerces them (by GraphQL name); NotCompiled when they do not coerce."""
    try:
        return dict(get_argument_values(definition, node, variables))
    except GraphQLError as error:
        raise NotCompiled(str(error)) from error


def bind_name(root_index: int, argument: str) -> str:
    """The parameter of a root field's argument bound per request."""
    return f"v{root_index}_{argument}"


def nested_after_name(item: FieldPlan) -> str:
    """The parameters of a nested connection's `after` cursor (one per field of the plan, which the SQL's cache
    key names)."""
    return f"n{id(item.node):x}_after"


def _decode_global_id(value: object, type_name: str) -> uuid.UUID | None:
    if not isinstance(value, str):
        return None
    try:
        return from_global_id(value, type_name)[1]
    except BadUserInputError:
        return None


def _cursor(name: str, after: Any, binds: dict[str, Any], cursors: dict[str, list[Any]]) -> tuple[bool, ...]:
    """Bind a cursor's values per request; what shapes the SQL is only which of them are null."""
    values = decode_cursor(after) or []
    cursors[name] = values
    binds |= {f"{name}{i}": value for i, value in enumerate(values) if value is not None}
    return tuple(value is None for value in values)


def request_values(plan: Plan, variables: Any) -> RequestValues | None:
    """The values of a request (None: a malformed id or cursor, which the resolvers answer)."""
    cursors: dict[str, list[Any]] = {}
    shape: list[str] = []
    # The current time is bound per request (declare.NOW), whether or not the statement reads it.
    binds: dict[str, Any] = {NOW.key: clock.now()}
    try:
        for index, root in enumerate(plan.roots):
            if root.node.arguments:
                arguments = field_arguments(root.definition, root.node, variables)
                for argument, type_name in root.root.global_id_arguments.items():
                    raw = _decode_global_id(arguments.pop(argument, None), type_name)
                    if raw is None:
                        return None
                    binds[bind_name(index, argument)] = raw
                after = arguments.pop("after", None) if root.root.shape == "connection" else None
                if after is not None:
                    arguments["after"] = _cursor(bind_name(index, "after"), after, binds, cursors)
                shape.append(repr(arguments))
            for child in plan_children(root):
                _nested_values(child, variables, shape, binds, cursors)
    except BadUserInputError:
        return None
    return tuple(shape), binds, cursors


def _nested_values(
    plan: ObjectPlan, variables: Any, shape: list[str], binds: dict[str, Any], cursors: dict[str, list[Any]]
) -> None:
    for item in plan.fields:
        if item.child is None:
            continue
        if item.node.arguments:
            assert item.definition is not None
            arguments = field_arguments(item.definition, item.node, variables)
            connection = item.relation is not None and item.relation.shape == "connection"
            after = arguments.pop("after", None) if connection else None
            if after is not None:
                arguments["after"] = _cursor(nested_after_name(item), after, binds, cursors)
            shape.append(repr(arguments))
        for child in plan_children(item):
            _nested_values(child, variables, shape, binds, cursors)

"""The plan's tree: what an operation selects, and how SQL produces each field (`rapport.graphql.compiler.plan`
builds it once per query text and shape)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from graphql import DocumentNode, FieldNode, GraphQLField, OperationDefinitionNode
from sqlalchemy import LargeBinary, func

from rapport.graphql.compiler.catalog import CompiledRelation, Projection
from rapport.graphql.declare import Given, Rendered, RootField, Sensitive

#: What a connection's `pageInfo` answers, by field.
PAGE_INFO_FIELDS = frozenset({"__typename", "hasNextPage", "hasPreviousPage", "startCursor", "endCursor"})


@dataclass
class ConnectionPart:
    """One field selected on a connection: `nodes`, `edges`, `pageInfo`, `totalCount` or `__typename`."""

    key: str
    kind: str
    #: `pageInfo`: (response key, PageInfo field); `edges`: (response key, "cursor" | "node" | "__typename").
    fields: tuple[tuple[str, str], ...] = ()
    #: The nodes' selection (`nodes`, or `edges { node }`).
    child: ObjectPlan | None = None
    #: The GraphQL name of the type answering `__typename` (the connection's, or its edge's for `edges`).
    typename: str = ""


@dataclass
class FieldPlan:
    """One selected field: its response key and how its value is produced."""

    key: str
    name: str
    # "typename" | "id" | "column" | "sensitive" | "rendered" | "relation" | "through" | "json" | "given" |
    # "derived_json" (a `Derived.json` field: its SQL's JSON, projected as a JSON root's answer)
    kind: str
    node: FieldNode
    definition: GraphQLField | None = None
    column: str | Callable[[Any], Any] | None = None
    encode: Callable[[Any], Any] | None = None
    sensitive: Sensitive | None = None
    rendered: Rendered | None = None
    given: Given | None = None
    relation: CompiledRelation | None = None
    child: ObjectPlan | None = None
    #: For connections: the fields selected on the connection itself.
    connection_keys: tuple[ConnectionPart, ...] = ()


@dataclass
class ObjectPlan:
    """The selection of one object type."""

    projection: Projection
    fields: list[FieldPlan]
    #: Whether a sensitive field sits at or below this object (the response then needs post-processing).
    sensitive_below: bool = False
    #: The nodes of a `@merged` connection: each field (kind `member`) is one entry kind's member type.
    union: bool = False


@dataclass
class RootPlan:
    """One root field of the operation."""

    key: str
    root: RootField
    node: FieldNode
    definition: GraphQLField
    #: The selection below the root (None: a scalar root, encoded by `encode`).
    child: ObjectPlan | None
    connection_keys: tuple[ConnectionPart, ...] = ()
    encode: Callable[[Any], Any] | None = None
    #: The field the policy checks for the root itself: `Query.<name>` unless given (a mutation payload's object:
    #: `<Payload>.<field>`).
    coordinate: str | None = None


@dataclass
class Plan:
    """A compiled operation: what it selects, and its SQL per caller and arguments (built on first use)."""

    document: DocumentNode
    operation: OperationDefinitionNode
    roots: list[RootPlan]
    sensitive: bool
    #: `first`/`last` arguments: a literal, or the name of the variable giving it (checked against the limit).
    page_arguments: tuple[int | str, ...] = ()
    #: Response keys of `__typename` selected on the root (each answers "Query").
    typename_keys: tuple[str, ...] = ()
    #: The variables' signatures, read on first use (`rapport.graphql.compiler.variables`).
    variable_signatures: tuple[Any, ...] | None = None


@dataclass(frozen=True)
class CompiledSql:
    """SQL text with positional parameters: fixed values, and the names of values bound per request."""

    text: str
    parameters: tuple[tuple[str, Any, bool], ...]  # (name, fixed value, bound per request)
    #: Each cursor of the request: the name of its values' parameters and how to read each value.
    cursors: tuple[tuple[str, tuple[Callable[[Any], Any], ...]], ...] = ()

    @functools.cached_property
    def _template(self) -> tuple[list[Any], tuple[tuple[int, str], ...]]:
        """The fixed values in place (a 360° read has hundreds), and where each value bound per request goes."""
        fixed = [None if per_request else value for _, value, per_request in self.parameters]
        slots = tuple((index, name) for index, (name, _, per_request) in enumerate(self.parameters) if per_request)
        return fixed, slots

    def arguments(self, bound: Mapping[str, Any]) -> list[Any]:
        """The positional arguments for one request."""
        fixed, slots = self._template
        values = fixed.copy()
        for index, name in slots:
            values[index] = bound[name]
        return values


def plan_children(item: FieldPlan | RootPlan) -> list[ObjectPlan]:
    """Every object plan below a field: its child, and the nodes of each part of a connection."""
    found = [item.child] if item.child is not None else []
    for part in item.connection_keys:
        if part.child is not None and part.child is not item.child:
            found.append(part.child)
    return found


@functools.cache
def binary_column(model: Any, column: str) -> bool:
    """Whether a model's column holds bytes: a rendered field's statement sends it as base64, decoded before
    rendering so that `render` gets the bytes the resolver path gives it."""
    return isinstance(getattr(model, column).type, LargeBinary)


def rendered_column(model: Any, entity: Any, column: str) -> Any:
    """A rendered field's column as its statement sends it: bytes as base64 (`binary_column`)."""
    value = getattr(entity, column)
    return func.encode(value, "base64") if binary_column(model, column) else value

"""What the compiler knows: each declared type as SQL, read from the declarations on its fields.

The catalog is built once per schema from the declared tables (`rapport.graphql.declare.Table`) of every
manifest: a plain field is its column or expression, a `@relation` field its statement builder, a `@through`
field its relation's statement, a `@derived` field its SQL, a `@sensitive` field its ciphertext column, a
`@rendered` field its stored columns, a `@given` field the caller's own value, a `@merged` union connection its
sources' statement and each member's projection; `@computed` fields are not
compiled. Nothing here restates a field: change a declaration and both execution strategies change with it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from rapport.core.principal import Principal
from rapport.graphql.declare import (
    Arguments,
    Column,
    Computed,
    Derived,
    Expression,
    Given,
    Merged,
    Relation,
    Rendered,
    RootField,
    Rows,
    Sensitive,
    Table,
    Through,
    declaration,
    public_fields,
)


def camel(name: str) -> str:
    """The GraphQL spelling of a Python name (Strawberry's auto camel case)."""
    head, *rest = name.split("_")
    return head + "".join(part.capitalize() for part in rest)


@dataclass(frozen=True)
class CompiledRelation:
    """A relation as the compiler uses it: arguments by GraphQL name, rows from the one statement builder."""

    target: str
    shape: str  # "one" | "list" | "connection" | "embedded"
    rows: Callable[[Any, Principal | None, Arguments], Rows | None] | None
    #: Arguments the compiler accepts (GraphQL names).
    arguments: frozenset[str] = frozenset()
    #: GraphQL argument name -> Python name, as the statement builder reads them.
    python_names: Mapping[str, str] = field(default_factory=dict)
    #: A connection over a union (`Merged`): each entry kind's member type, by kind.
    members: Callable[[], Mapping[str, str]] | None = None


@dataclass
class Projection:
    """A GraphQL object type as SQL: its model and how each compiled field is produced."""

    type_name: str
    model: type[Any]
    #: The type name its global ids carry (a type standing for another's rows, e.g. PoolCustomer: Customer).
    id_type: str = ""
    #: GraphQL name -> model attribute, or a function of the row entity giving the SQL expression.
    columns: dict[str, str | Callable[[Any], Any]] = field(default_factory=dict)
    relations: dict[str, CompiledRelation] = field(default_factory=dict)
    sensitive: dict[str, Sensitive] = field(default_factory=dict)
    #: GraphQL name -> the relation whose one row gives the value, and that row's field (GraphQL name).
    through: dict[str, tuple[CompiledRelation, str]] = field(default_factory=dict)
    rendered: dict[str, Rendered] = field(default_factory=dict)
    given: dict[str, Given] = field(default_factory=dict)
    #: GraphQL name -> a function of the row entity giving the object (or list) as JSON (`Derived.json`).
    json: dict[str, Callable[[Any], Any]] = field(default_factory=dict)
    #: GraphQL names of fields computed in Python (never compiled).
    computed: set[str] = field(default_factory=set)


@dataclass
class Catalog:
    """Every compiled type by name, and the root query fields the compiler serves."""

    projections: dict[str, Projection]
    roots: dict[str, RootField]


def _graphql_name(item: Any) -> str:
    return str(item.graphql_name or camel(item.python_name))


def projection_of(table: Table) -> Projection:
    """The compiler's view of a declared table."""
    projection = Projection(table.name, table.model, getattr(table.strawberry_type, "node_type", None) or table.name)
    for item in public_fields(table.strawberry_type):
        name = _graphql_name(item)
        if name == "id":
            continue
        spec = declaration(item)
        if item.base_resolver is None:
            if spec is None or isinstance(spec, Column):
                projection.columns[name] = (spec.attribute if spec else None) or item.python_name
            elif isinstance(spec, Expression):
                projection.columns[name] = spec.sql
        elif isinstance(spec, Relation):
            names = {_graphql_name(argument): argument.python_name for argument in item.arguments}
            projection.relations[name] = CompiledRelation(
                spec.target,
                spec.shape,
                spec.rows,
                frozenset(camel(a) for a in spec.compiled),
                names,
            )
        elif isinstance(spec, Merged):
            names = {_graphql_name(argument): argument.python_name for argument in item.arguments}
            projection.relations[name] = CompiledRelation(
                spec.target, "connection", spec.rows, frozenset(camel(a) for a in spec.compiled), names, spec.members
            )
        elif isinstance(spec, Sensitive):
            projection.sensitive[name] = spec
        elif isinstance(spec, Rendered):
            projection.rendered[name] = spec
        elif isinstance(spec, Given):
            projection.given[name] = spec
        elif isinstance(spec, Derived) and spec.json:
            projection.json[name] = spec.sql
        elif isinstance(spec, Derived):
            projection.columns[name] = spec.sql
        elif isinstance(spec, Through):
            relation = CompiledRelation(spec.relation.target, "one", spec.relation.rows)
            projection.through[name] = (relation, camel(spec.field))
        elif isinstance(spec, Computed) or spec is None:
            projection.computed.add(name)
    return projection


def build_catalog(tables: Iterable[Table], roots: Mapping[str, RootField]) -> Catalog:
    """The catalog of the declared tables and compiled roots."""
    return Catalog({table.name: projection_of(table) for table in tables}, dict(roots))

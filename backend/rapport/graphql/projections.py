"""How GraphQL types map onto SQL, declared by each domain for the compiled read path (rapport.graphql.compiler).

A domain registers, for each of its types, the table behind it, the relations its resolvers follow (with the
same order, limits and row scopes as its loaders) and the root fields that start from its rows. Plain fields
(no resolver) map to the same-named column automatically. Anything not declared here is simply not compiled:
the operation runs through the ordinary resolvers instead.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Select

from rapport.core.principal import Principal

#: Argument values of one field after variables were substituted (GraphQL names, Python values).
Arguments = Mapping[str, Any]


@dataclass(frozen=True)
class Rows:
    """The rows a relation or root field selects: a statement of the target model, its order and a limit.

    `statement` selects the target model's entity (filters and the caller's row scope applied, no ORDER BY);
    `order_by` is its order as column expressions of that statement; `limit` caps the rows (None: all).
    """

    statement: Select[Any]
    order_by: Sequence[Any] = ()
    limit: int | None = None


#: Given the parent row (an aliased entity whose columns the statement may reference), the caller and the
#: field's arguments, the rows of a relation; None when these arguments cannot be compiled.
RelationRows = Callable[[Any, Principal | None, Arguments], Rows | None]
#: Given the caller and the root field's arguments, its rows; None when these arguments cannot be compiled.
RootRows = Callable[[Principal | None, Arguments], Rows | None]


@dataclass(frozen=True)
class Relation:
    """A resolver field served by SQL: one object, a list, or a connection (of which `nodes` is compiled)."""

    target: str
    shape: str  # "one" | "list" | "connection" | "embedded" (an object made of the parent row's own columns)
    rows: RelationRows | None = None
    #: Arguments the compiler accepts (others make the operation run through the resolvers).
    arguments: frozenset[str] = frozenset()


@dataclass(frozen=True)
class RootField:
    """A root query field served by SQL."""

    target: str
    shape: str  # "one" | "connection"
    rows: RootRows
    arguments: frozenset[str] = frozenset()
    #: A condition on the root row that sends the operation back to the resolvers (e.g. a merged customer,
    #: whose id answers its survivor there).
    defer_when: Callable[[Any], ColumnElement[bool]] | None = None
    #: Arguments that are global ids of this type, decoded before binding (a malformed one is not compiled).
    global_id_arguments: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Sensitive:
    """An encrypted field: decrypted in the application and shown masked or in clear as the policy says."""

    type_field: str  # e.g. "Contact.phones"
    column: str  # the model attribute holding ciphertext, e.g. "phones_enc"
    table: str  # associated data: table and column the value was encrypted for
    column_name: str
    many: bool  # a stored list (phones) or one value (address)
    #: The model attribute holding the id of the audited entity (a Customer), e.g. "customer_id" or "id".
    entity_column: str
    entity_type: str = "Customer"


@dataclass
class Projection:
    """A GraphQL object type as SQL: its model, and the fields that need more than a same-named column."""

    type_name: str
    model: type[Any]
    strawberry_type: type[Any]
    relations: dict[str, Relation] = field(default_factory=dict)
    sensitive: dict[str, Sensitive] = field(default_factory=dict)
    #: GraphQL field name (Python spelling) -> model attribute where the names differ, or a function of the
    #: row giving the SQL expression.
    columns: dict[str, str | Callable[[Any], Any]] = field(default_factory=dict)


PROJECTIONS: dict[str, Projection] = {}
ROOTS: dict[str, RootField] = {}


def project(
    type_name: str, model: type[Any], strawberry_type: type[Any], **columns: str | Callable[[Any], Any]
) -> Projection:
    """Declare the model behind a GraphQL type (and columns whose names differ from the field's)."""
    found = PROJECTIONS.get(type_name)
    if found is None:
        found = PROJECTIONS[type_name] = Projection(type_name, model, strawberry_type, columns=dict(columns))
    return found


def relation(type_name: str, field_name: str, relation: Relation) -> None:
    """Declare how a resolver field of a projected type selects its rows."""
    PROJECTIONS[type_name].relations[field_name] = relation


def sensitive(type_name: str, field_name: str, spec: Sensitive) -> None:
    """Declare an encrypted field of a projected type."""
    PROJECTIONS[type_name].sensitive[field_name] = spec


def root(field_name: str, spec: RootField) -> None:
    """Declare a root query field the compiler may serve."""
    ROOTS[field_name] = spec

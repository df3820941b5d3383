"""One declaration per field: how each field of a GraphQL object type is read, for both execution strategies.

A field of a declared type is one of ten kinds, written once on the Strawberry field itself (its `metadata`):

- **column** — a model attribute (a plain dataclass field; its own name unless `column("other")` says);
- **expression** — an SQL expression of the row, with the same value computed from a loaded row;
- **relation** — rows of another type: one statement builder gives the rows, order, limit and row scope;
- **sensitive** — an encrypted value, decrypted in the application and masked or revealed by the policy;
- **through** — a field of the one row a relation gives (read through the relation's statement);
- **derived** — SQL of the row and other tables (e.g. days left before the public pool), batched per request;
- **rendered** — rendered in the reader's language (and by their policy, when declared so) from stored columns,
  after the statement on both paths: text, or objects whose selection the compiler projects;
- **given** — the caller's own value from the process (their permissions), shown on their own row only;
- **merged** — a connection over a union (a customer's timeline): several sources' entries by kind, each entry's
  object read from its member type's table by the compiler, built by the field's resolver on the other path;
- **computed** — computed in Python by the field's resolver: the only kind the compiler does not take.

From these declarations come the compiler's SQL (`rapport.graphql.compiler`) and the resolver path:
`FromRow.from_row` builds an object from a model row (no hand-written copies of columns), `@relation`
fields load through one batched statement per (relation, arguments) built from the same statement builder,
`@sensitive` fields decrypt and reveal. A type is declared by `Table(type, model)` in its domain's manifest.
"""

from __future__ import annotations

from rapport.graphql.declare.fields import (
    column,
    computed,
    derived,
    expression,
    given,
    merged,
    relation,
    rendered,
    sensitive,
    through,
)
from rapport.graphql.declare.keyset import after_position, cursor_kinds, cursor_values, keyset_of, keyset_value
from rapport.graphql.declare.kinds import (
    KEY,
    NOW,
    SELECTED,
    Arguments,
    ById,
    Column,
    Computed,
    Contribution,
    Declaration,
    Derived,
    Expression,
    Given,
    Keyset,
    Merged,
    Relation,
    RelationRows,
    Rendered,
    RootField,
    RootRows,
    Rows,
    Sensitive,
    Table,
    Through,
    Visible,
    by_id,
    contribute,
    declaration,
)
from rapport.graphql.declare.loading import load_relation
from rapport.graphql.declare.objects import FromRow, plain_fields, public_fields, reveal_sensitive, stored_list
from rapport.graphql.declare.shared import shared_part, sharing

__all__ = [
    "KEY",
    "NOW",
    "SELECTED",
    "Arguments",
    "ById",
    "Column",
    "Computed",
    "Contribution",
    "Declaration",
    "Derived",
    "Expression",
    "FromRow",
    "Given",
    "Keyset",
    "Merged",
    "Relation",
    "RelationRows",
    "Rendered",
    "RootField",
    "RootRows",
    "Rows",
    "Sensitive",
    "Table",
    "Through",
    "Visible",
    "after_position",
    "by_id",
    "column",
    "computed",
    "contribute",
    "cursor_kinds",
    "cursor_values",
    "declaration",
    "derived",
    "expression",
    "given",
    "keyset_of",
    "keyset_value",
    "load_relation",
    "merged",
    "plain_fields",
    "public_fields",
    "relation",
    "rendered",
    "reveal_sensitive",
    "sensitive",
    "shared_part",
    "sharing",
    "stored_list",
    "through",
]

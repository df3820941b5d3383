"""The ten kinds of field declaration, and what a domain declares with them (tables, roots, contributions)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, DateTime, Select, bindparam, func

from rapport.core.principal import Principal

#: The key of a field's declaration in its Strawberry `metadata`.
KEY = "rapport"
#: The current time in an expression's SQL: bound per request to `rapport.core.clock.now()`, the same clock the
#: expression's Python value reads (tests move it), never PostgreSQL's `now()`.
NOW = bindparam("rapport_now", None, type_=DateTime(timezone=True), required=False)
#: Argument values of one field after variables were substituted (Python names, Python values).
Arguments = Mapping[str, Any]
#: Where a "json" root's `rows` find, beside its arguments, the names of the answer's fields the compiled
#: operation reads at any depth (a frozenset; absent on the resolver path, which reads the whole answer), so its
#: statement may leave out what nobody reads. No argument can take the name: GraphQL reserves `__`.
SELECTED = "__selected"


@dataclass(frozen=True)
class Column:
    """A model attribute; `attribute` None means the field's own (Python) name."""

    attribute: str | None = None


@dataclass(frozen=True)
class Expression:
    """An SQL expression of the row (`sql`, given the row entity) and the same value from a loaded row."""

    sql: Callable[[Any], Any]
    value: Callable[[Any], Any]


@dataclass(frozen=True)
class Keyset:
    """How a connection's cursor is made and read when its order is more than columns in one direction (e.g.
    a nullable sort key, NULLs last): the row attributes a cursor holds, how to read each back from a cursor,
    and the condition for the rows after a position. Without one, the order's own columns are the keyset.

    `after` takes the position's values as Python values or SQL bind parameters (the compiled path binds them per
    request); a null value stays None in both.
    """

    #: Each keyset value: a row attribute, or an expression (its SQL of the row, and its value of a loaded row).
    attributes: tuple[str | Expression, ...]
    kinds: tuple[Callable[[Any], Any], ...]
    after: Callable[[Sequence[Any]], ColumnElement[bool]]


@dataclass(frozen=True)
class Rows:
    """The rows a relation or root field selects: a statement of the target model, its order and a limit.

    `statement` selects the target model's entity (filters and the caller's row scope applied, no ORDER BY);
    `order_by` is its order as column expressions of that statement; `limit` caps the rows (None: all).
    For a connection, `order_by` is also its keyset: every term in the same direction, the last one unique.
    """

    statement: Select[Any]
    order_by: Sequence[Any] = ()
    limit: int | None = None
    #: A connection's keyset when its order is not plain columns in one direction.
    keyset: Keyset | None = None
    #: Rows skipped before the first (a `"list"` root paged by offset, e.g. a search's later results).
    offset: int = 0
    #: A root connection's `totalCount` counted in the page's own pass (a window count over every row, which makes
    #: the page read and sort them all) rather than by a count subquery of its own in the same statement: for a
    #: search, whose filter is most of its cost. Every other list counts apart, so that its page reads only its
    #: first rows in order (through an index where one fits).
    count_in_pass: bool = False
    #: A root connection's `totalCount` when it can be read without reading every row (e.g. summed from a tally
    #: kept by triggers): a statement of that one number, which must equal the count of `statement`'s rows. None:
    #: count the rows (both read paths do the same).
    count: Select[Any] | None = None

    def counted(self, correlate: Any = None) -> Select[Any]:
        """A statement of the number of rows: `count` when given (for a root), else every row of `statement`
        counted, without order, limit or cursor, correlated to `correlate` (a relation's parent row) when given.
        Both read paths count through this."""
        if self.count is not None and correlate is None:
            return self.count
        count = self.statement.with_only_columns(func.count(), maintain_column_froms=True).order_by(None)
        return count if correlate is None else count.correlate(correlate)


#: Given the parent row (an aliased entity whose columns the statement may reference), the caller and the
#: field's arguments (Python names), the rows of a relation.
RelationRows = Callable[[Any, Principal | None, Arguments], Rows]
#: Given the caller and the root field's arguments, its rows; None when these arguments cannot be compiled.
RootRows = Callable[[Principal | None, Arguments], Rows | None]
#: Given the caller, a statement of the rows of a type they may see (e.g. `select(Opportunity).where(scope)`).
Visible = Callable[[Principal | None], Select[Any]]


@dataclass(frozen=True)
class ById:
    """A "one" relation to the target row whose id the parent holds in `attribute` (built by `by_id`)."""

    visible: Visible
    attribute: str


def by_id(visible: Visible, attribute: str) -> RelationRows:
    """Rows of a "one" relation: the row of `visible(caller)` whose id the parent row holds in `attribute` (e.g. an
    opportunity's `owner_id`).

    The compiler selects it per parent as any relation. The resolvers load it by that id: one batch per `visible`
    and request, whatever relation or parent column names the id (owner, actor, approver...), each id once. So
    give every relation to a type the same `visible` function (e.g. `user_of` in the identity types).
    """

    def rows(parent: Any, principal: Principal | None, arguments: Arguments) -> Rows:
        statement = visible(principal)
        target = statement.column_descriptions[0]["entity"]
        return Rows(statement.where(target.id == getattr(parent, attribute)))

    rows.by_id = ById(visible, attribute)  # type: ignore[attr-defined]
    return rows


@dataclass(frozen=True, eq=False)
class Relation:
    """Rows of another type: one object, a list, a connection, or `embedded` (an object of the parent's row).

    `rows` is the one statement builder both paths use. `compiled` names the arguments the compiler takes
    (Python names; any other argument given sends the operation to the resolvers, which take them all).
    """

    target: str
    shape: str  # "one" | "list" | "connection" | "embedded"
    rows: RelationRows | None = None
    compiled: frozenset[str] = frozenset()


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


@dataclass(frozen=True)
class Computed:
    """Computed in Python by the field's resolver; the compiler does not take it (`why` says why)."""

    why: str


@dataclass(frozen=True)
class Through:
    """A value of the one row a relation gives (e.g. a customer's lifetime value: its order totals' sum): the
    relation's target field `field` (Python name). Both paths read the relation's statement: the resolver through
    its batched load, the compiler as a scalar subquery of the same rows."""

    relation: Relation
    field: str


@dataclass(frozen=True)
class Derived:
    """A value SQL derives from the row and other tables (`sql`, given the row entity; it may read `NOW`): the
    compiler embeds it, the resolver path reads the same expression for a batch of rows in one statement.

    `json`: the field is an object (or a list of objects) of a type no table holds (a campaign's progress), and
    `sql` gives it as a `json` value with GraphQL field names and serialized values, as a JSON root's answer
    (`rapport.graphql.json_roots`): the compiler projects the selection from it, the resolver builds the objects."""

    sql: Callable[[Any], Any]
    json: bool = False


@dataclass(frozen=True)
class Rendered:
    """Rendered in the application from stored columns in the reader's language (e.g. a notification's stored
    message): `render(locale, *values)`, with the row's `columns` (text, numbers or JSON). The compiler selects the
    columns and renders after the statement, as it reveals sensitive values; the resolver renders from the row.

    `policy`: the value depends on what the reader may read too (e.g. a churn score's reasons, each shown only to
    readers of the fields it is computed from): `render(locale, policy, *values)` with the reader's merged policy.
    The value may be an object or a list of objects of Strawberry types (`render` builds them): the compiler
    projects the operation's selection from their JSON form (`as_json`), aliases and `__typename` included."""

    columns: tuple[str, ...]
    render: Callable[..., Any]
    policy: bool = False

    def value(self, locale: str, policy: Any, values: Sequence[Any]) -> Any:
        """The field's value for a reader (`policy`: their merged policy) from the row's stored `values`: the one
        call both paths make."""
        return self.render(locale, policy, *values) if self.policy else self.render(locale, *values)


@dataclass(frozen=True)
class Given:
    """The caller's own value, given by the process rather than stored (e.g. their permissions, from the compiled
    policy): `value(policy)` with the caller's merged policy, shown on the row whose `owner` column holds the
    caller's user id, null on any other. The compiler embeds it as a JSON constant in the caller's SQL (built per
    caller and policy version) and projects the selection in SQL; the resolver returns `value(policy)` itself."""

    value: Callable[[Any], Any]
    owner: str


@dataclass(frozen=True)
class Merged:
    """A connection over a union: the entries of several sources, by kind (a customer's timeline). `rows(parent,
    principal, arguments)` selects each entry's `kind`, `id` and `data` (its row as JSON, with the row's own `id`)
    for the parent row, every source's scope applied, in the connection's order (its keyset). `members()` names
    each kind's GraphQL type: the compiler reads an entry's object from that type's table by the row's own id; the
    resolver (the decorated function) builds entries from the same sources its own way, and the differential tests
    hold the two to one answer."""

    target: str  # the union's name
    rows: RelationRows
    members: Callable[[], Mapping[str, str]]
    compiled: frozenset[str] = frozenset()


Declaration = Column | Expression | Relation | Sensitive | Computed | Through | Derived | Rendered | Given | Merged


@dataclass(frozen=True)
class RootField:
    """A root query field the compiler may serve."""

    target: str
    shape: str  # "one" | "list" | "connection" | "scalar" (`rows` selects one value; `target` is unused) | "json"
    rows: RootRows
    arguments: frozenset[str] = frozenset()
    #: A condition on the root row that sends the operation back to the resolvers (e.g. a merged customer,
    #: whose id answers its survivor there); of a `"json"` root, a condition on its answer (e.g. null: the
    #: resolver says why, NOT_FOUND).
    defer_when: Callable[[Any], ColumnElement[bool]] | None = None
    #: Arguments that are global ids of this type, decoded before binding (a malformed one is not compiled).
    global_id_arguments: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Table:
    """A GraphQL object type whose fields are declared here, and the model (table) behind it."""

    strawberry_type: type[Any]
    model: type[Any]

    @property
    def name(self) -> str:
        """The GraphQL type name."""
        return str(self.strawberry_type.__strawberry_definition__.name)


@dataclass(frozen=True)
class Contribution:
    """A field one domain adds to another domain's type (e.g. support adds `Customer.tickets`).

    `field` is a Strawberry field whose resolver takes the parent as `root`; `before` places it before a
    field of the type (the schema's field order), at the end when None.
    """

    owner: type[Any]
    name: str
    field: Any
    before: str | None = None


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.capitalize() for part in rest)


def contribute(contribution: Contribution) -> None:
    """Add a contributed field to its type's definition (once; the schema is assembled after this)."""
    definition = contribution.owner.__strawberry_definition__
    if any(f.python_name == contribution.name for f in definition.fields):
        return
    added = contribution.field
    added.python_name = contribution.name
    added.origin = contribution.owner
    position = len(definition.fields)
    if contribution.before is not None:  # a field's Python or GraphQL name (`order_summary`, `orderSummary`)
        for i, item in enumerate(definition.fields):
            if contribution.before in (item.python_name, item.graphql_name, _camel(item.python_name)):
                position = i
                break
    definition.fields.insert(position, added)


def declaration(strawberry_field: Any) -> Declaration | None:
    """The declaration written on a Strawberry field (None for a plain field: a same-named column)."""
    return (strawberry_field.metadata or {}).get(KEY)

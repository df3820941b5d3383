"""Compiles known read operations into one SQL statement with the caller's policy applied.

A query whose every field is declared in `rapport.graphql.projections` becomes a plan once per query text:
each object a `json_build_object`, each relation a LATERAL subquery with the same order, limit and row scope
as its loader, the root field the same statement as its resolver. Per caller (their scope and the policy
version) the plan becomes SQL once; per request it is one round trip, and PostgreSQL returns the response's
JSON text. Encrypted fields come back as ciphertext and are decrypted, masked or audited in the application
exactly as the resolvers do (`rapport.core.authz.reveal`).

The compiler never decides access: the enforcement layer's check (`violations`) runs first, unchanged, and
anything the compiler does not know - a field without a projection, fragments spreads, directives, an
unusual argument, a merged customer's id - sends the operation to the ordinary resolvers, which answer it
the usual way. Both paths give the same response; tests hold them to it.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    GraphQLEnumType,
    GraphQLError,
    GraphQLField,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLScalarType,
    GraphQLSchema,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    get_named_type,
    parse,
    specified_rules,
    validate,
)
from graphql.execution.values import get_argument_values, get_variable_values
from sqlalchemy import Text, Uuid, bindparam, case, cast, false, func, literal_column, or_, select
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.dialects.postgresql.asyncpg import dialect as asyncpg_dialect
from sqlalchemy.orm import aliased

from rapport.core.errors import BadUserInputError
from rapport.core.principal import Principal
from rapport.graphql import projections as registry
from rapport.graphql.node import from_global_id
from rapport.graphql.projections import Projection, Relation, RootField, Rows, Sensitive

log = logging.getLogger(__name__)

_KEY = re.compile(r"^[_A-Za-z][_0-9A-Za-z]*$")
#: json_build_object takes at most 100 arguments: 50 keys and values.
MAX_FIELDS_PER_OBJECT = 50
_DIALECT = asyncpg_dialect()  # type: ignore[no-untyped-call]


class NotCompiled(Exception):
    """This operation (or these arguments) is not for the compiler; the resolvers answer it."""


@dataclass
class FieldPlan:
    """One selected field: its response key and how its value is produced."""

    key: str
    name: str
    kind: str  # "typename" | "id" | "column" | "sensitive" | "relation"
    node: FieldNode
    definition: GraphQLField | None = None
    column: str | Callable[[Any], Any] | None = None
    encode: Callable[[Any], Any] | None = None
    sensitive: Sensitive | None = None
    relation: Relation | None = None
    child: ObjectPlan | None = None
    #: For connections: the response keys of the connection's own selection, with "nodes" or "__typename".
    connection_keys: tuple[tuple[str, str], ...] = ()


@dataclass
class ObjectPlan:
    """The selection of one object type."""

    projection: Projection
    fields: list[FieldPlan]
    #: Whether a sensitive field sits at or below this object (the response then needs post-processing).
    sensitive_below: bool = False


@dataclass
class RootPlan:
    """One root field of the operation."""

    key: str
    root: RootField
    node: FieldNode
    definition: GraphQLField
    child: ObjectPlan
    connection_keys: tuple[tuple[str, str], ...] = ()


@dataclass
class Plan:
    """A compiled operation: what it selects, and its SQL per caller and arguments (built on first use)."""

    document: DocumentNode
    operation: OperationDefinitionNode
    roots: list[RootPlan]
    sensitive: bool
    _sql: OrderedDict[Hashable, CompiledSql | None] = field(default_factory=OrderedDict)


@dataclass(frozen=True)
class CompiledSql:
    """SQL text with positional parameters: fixed values, and the names of values bound per request."""

    text: str
    parameters: tuple[tuple[str, Any, bool], ...]  # (name, fixed value, bound per request)

    def arguments(self, bound: Mapping[str, Any]) -> list[Any]:
        """The positional arguments for one request."""
        return [bound[name] if per_request else value for name, value, per_request in self.parameters]


# --- planning (once per query text) ----------------------------------------------------------------------


def plan_operation(
    schema: GraphQLSchema,
    query: str,
    operation_name: str | None,
    rules: Sequence[Any] = (),
    max_tokens: int | None = None,
) -> Plan | None:
    """The plan of a query text, or None when it is not for the compiler (invalid ones included)."""
    try:
        document = parse(query, no_location=False, max_tokens=max_tokens)
    except GraphQLError:
        return None
    if validate(schema, document, [*specified_rules, *rules]):
        return None
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if len(document.definitions) != len(operations):
        return None  # named fragments
    if operation_name is None and len(operations) == 1:
        operation = operations[0]
    else:
        matching = [o for o in operations if o.name is not None and o.name.value == operation_name]
        if len(matching) != 1:
            return None
        operation = matching[0]
    if operation.operation is not OperationType.QUERY or operation.directives:
        return None
    try:
        roots = _plan_roots(schema, operation.selection_set)
    except NotCompiled:
        return None
    return Plan(document, operation, roots, any(r.child.sensitive_below for r in roots))


def _fields(selection_set: SelectionSetNode | None) -> list[FieldNode]:
    if selection_set is None:
        raise NotCompiled("a selection set is missing")
    result: list[FieldNode] = []
    keys: set[str] = set()
    for selection in selection_set.selections:
        if not isinstance(selection, FieldNode) or selection.directives:
            raise NotCompiled("fragments and directives are left to the resolvers")
        key = (selection.alias or selection.name).value
        if key in keys or not _KEY.match(key):
            raise NotCompiled("a response key repeats")
        keys.add(key)
        result.append(selection)
    if len(result) > MAX_FIELDS_PER_OBJECT:
        raise NotCompiled("too many fields for one json_build_object")
    return result


def _plan_roots(schema: GraphQLSchema, selection_set: SelectionSetNode) -> list[RootPlan]:
    query_type = schema.query_type
    assert query_type is not None
    roots = []
    for node in _fields(selection_set):
        name = node.name.value
        spec = registry.ROOTS.get(name)
        definition = query_type.fields.get(name)
        if spec is None or definition is None:
            raise NotCompiled(f"root field {name} is not compiled")
        _check_arguments(node, spec.arguments)
        if spec.shape == "connection":
            child, keys = _plan_connection(schema, spec.target, node)
        else:
            child, keys = _plan_object(schema, spec.target, node.selection_set), ()
        roots.append(RootPlan((node.alias or node.name).value, spec, node, definition, child, keys))
    return roots


def _check_arguments(node: FieldNode, allowed: frozenset[str]) -> None:
    for argument in node.arguments or ():
        if argument.name.value not in allowed:
            raise NotCompiled(f"argument {argument.name.value} is not compiled")


def _plan_connection(
    schema: GraphQLSchema, target: str, node: FieldNode
) -> tuple[ObjectPlan, tuple[tuple[str, str], ...]]:
    child: ObjectPlan | None = None
    keys = []
    for inner in _fields(node.selection_set):
        key = (inner.alias or inner.name).value
        if inner.name.value == "nodes" and child is None:
            child = _plan_object(schema, target, inner.selection_set)
            keys.append((key, "nodes"))
        elif inner.name.value in ("__typename", "totalCount"):
            keys.append((key, inner.name.value))
        else:
            raise NotCompiled("only `nodes`, `totalCount` and `__typename` of a connection are compiled")
    if child is None:
        raise NotCompiled("a connection without nodes")
    return child, tuple(keys)


def _plan_object(schema: GraphQLSchema, type_name: str, selection_set: SelectionSetNode | None) -> ObjectPlan:
    projection = registry.PROJECTIONS.get(type_name)
    graphql_type = schema.get_type(type_name)
    if projection is None or not isinstance(graphql_type, GraphQLObjectType):
        raise NotCompiled(f"type {type_name} has no projection")
    plain = _plain_fields(projection)
    fields: list[FieldPlan] = []
    sensitive_below = False
    for node in _fields(selection_set):
        name, key = node.name.value, (node.alias or node.name).value
        definition = graphql_type.fields.get(name)
        if name == "__typename":
            fields.append(FieldPlan(key, name, "typename", node))
            continue
        if definition is None:
            raise NotCompiled(f"unknown field {type_name}.{name}")
        if name == "id":
            fields.append(FieldPlan(key, name, "id", node, definition))
        elif name in projection.sensitive:
            fields.append(FieldPlan(key, name, "sensitive", node, definition, sensitive=projection.sensitive[name]))
            sensitive_below = True
        elif name in projection.relations:
            spec = projection.relations[name]
            _check_arguments(node, spec.arguments)
            if spec.shape == "connection":
                child, keys = _plan_connection(schema, spec.target, node)
            else:
                child, keys = _plan_object(schema, spec.target, node.selection_set), ()
            sensitive_below = sensitive_below or child.sensitive_below
            fields.append(
                FieldPlan(key, name, "relation", node, definition, relation=spec, child=child, connection_keys=keys)
            )
        elif name in plain:
            if node.arguments or node.selection_set is not None:
                raise NotCompiled("a plain field with arguments or a selection")
            column = projection.columns.get(plain[name], plain[name])
            if isinstance(column, str) and not hasattr(projection.model, column):
                raise NotCompiled(f"{type_name}.{name} has no column")
            fields.append(
                FieldPlan(key, name, "column", node, definition, column=column, encode=_encoder(definition.type))
            )
        else:
            raise NotCompiled(f"{type_name}.{name} is not compiled")
    return ObjectPlan(projection, fields, sensitive_below)


_PLAIN: dict[type[Any], dict[str, str]] = {}


def _plain_fields(projection: Projection) -> dict[str, str]:
    """GraphQL name -> Python attribute of the Strawberry type's fields that have no resolver."""
    found = _PLAIN.get(projection.strawberry_type)
    if found is None:
        definition = projection.strawberry_type.__strawberry_definition__
        found = {
            (f.graphql_name or _camel(f.python_name)): f.python_name
            for f in definition.fields
            if f.base_resolver is None and f.python_name != "id"
        }
        _PLAIN[projection.strawberry_type] = found
    return found


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.capitalize() for part in rest)


def _encoder(output_type: GraphQLOutputType) -> Callable[[Any], Any]:
    """The SQL that turns a column into the JSON value the schema's serializer would give."""
    inner = output_type.of_type if isinstance(output_type, GraphQLNonNull) else output_type
    if isinstance(inner, GraphQLList | GraphQLNonNull):
        raise NotCompiled("list-valued plain fields are not compiled")
    if isinstance(inner, GraphQLEnumType):
        names = {str(value.value): name for name, value in inner.values.items()}
        if all(name == value.upper() for value, name in names.items()):
            return func.upper
        return lambda column: case(names, value=column)
    if isinstance(inner, GraphQLScalarType):
        encoder = _SCALARS.get(inner.name)
        if encoder is not None:
            return encoder
    raise NotCompiled(f"scalar {get_named_type(output_type)} is not compiled")


def _iso_datetime(column: Any) -> Any:
    # datetime.isoformat() of a UTC value: microseconds only when not zero, "+00:00" at the end.
    text = func.to_char(func.timezone("UTC", column), 'YYYY-MM-DD"T"HH24:MI:SS.US')
    return func.regexp_replace(text, r"\.000000$", "") + "+00:00"


_SCALARS: dict[str, Callable[[Any], Any]] = {
    "String": lambda c: c,
    "Int": lambda c: c,
    "Boolean": lambda c: c,
    "DateTime": _iso_datetime,
    "Date": lambda c: func.to_char(c, "YYYY-MM-DD"),
    "Decimal": lambda c: cast(c, Text),
}


# --- SQL (once per plan, caller and shape-giving argument values) ----------------------------------------


@dataclass
class _Build:
    principal: Principal | None
    variables: Mapping[str, Any]
    schema: GraphQLSchema
    counter: int = 0

    def name(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}{self.counter}"


def _arguments(definition: GraphQLField, node: FieldNode, variables: Any) -> dict[str, Any]:
    try:
        return dict(get_argument_values(definition, node, variables))
    except GraphQLError as error:
        raise NotCompiled(str(error)) from error


def _global_id(type_name: str, column: Any) -> Any:
    raw = func.encode(func.convert_to(literal_column(f"'{type_name}:'") + cast(column, Text), "UTF8"), "base64")
    return func.translate(func.rtrim(func.replace(raw, "\n", ""), "="), "+/", "-_")


def _key(name: str) -> Any:
    return literal_column(f"'{name}'")


def _object_json(plan: ObjectPlan, entity: Any, selectable: Any, build: _Build) -> Any:
    parts: list[Any] = []
    model_name = plan.projection.type_name
    for item in plan.fields:
        parts.append(_key(item.key))
        if item.kind == "typename":
            parts.append(literal_column(f"'{model_name}'"))
        elif item.kind == "id":
            parts.append(_global_id(model_name, entity.id))
        elif item.kind == "column":
            assert item.encode is not None
            assert item.column is not None
            value = getattr(entity, item.column) if isinstance(item.column, str) else item.column(entity)
            parts.append(item.encode(value))
        elif item.kind == "sensitive":
            spec = item.sensitive
            assert spec is not None
            blob = getattr(entity, spec.column)
            parts.append(
                case(
                    (blob.is_(None), None),
                    else_=func.json_build_array(
                        cast(entity.id, Text),
                        cast(getattr(entity, spec.entity_column), Text),
                        func.encode(blob, "base64"),
                    ),
                )
            )
        else:
            parts.append(_relation_json(item, entity, selectable, build))
    return func.json_build_object(*parts)


def _ranked(rows: Rows, name: str, correlate: Any | None, *, with_total: bool = False) -> Any:
    order = list(rows.order_by)
    stmt = rows.statement.add_columns(func.row_number().over(order_by=order).label("_n")).order_by(*order)
    if with_total:
        stmt = stmt.add_columns(func.count().over().label("_total"))
    if rows.limit is not None:
        stmt = stmt.limit(rows.limit)
    if with_total:
        return stmt.cte(name)
    if correlate is None:
        return stmt.subquery(name)
    return stmt.correlate(correlate).lateral(name)


def _list_json(child: ObjectPlan, rows: Rows, correlate: Any | None, build: _Build, ranked: Any = None) -> Any:
    subquery = ranked if ranked is not None else _ranked(rows, build.name("r"), correlate)
    entity = aliased(child.projection.model, subquery)
    items = func.json_agg(aggregate_order_by(_object_json(child, entity, subquery, build), subquery.c._n))
    return select(func.coalesce(items, literal_column("'[]'::json"))).select_from(subquery).scalar_subquery()


def _connection_json(
    keys: Sequence[tuple[str, str]], child: ObjectPlan, rows: Rows, correlate: Any, build: _Build
) -> Any:
    kinds = {kind for _, kind in keys}
    # A root page that also counts: one pass over the matching rows (a CTE with a window count) serves both,
    # instead of running the filter twice (a search's filter is most of its cost).
    shared = None
    if correlate is None and {"nodes", "totalCount"} <= kinds and rows.limit:
        shared = _ranked(rows, build.name("r"), None, with_total=True)
    parts: list[Any] = []
    for key, kind in keys:
        parts.append(_key(key))
        if kind == "nodes":
            parts.append(_list_json(child, rows, correlate, build, shared))
        elif kind == "totalCount" and shared is not None:
            parts.append(func.coalesce(select(func.max(shared.c._total)).scalar_subquery(), 0))
        elif kind == "totalCount":
            # As the resolvers count: every row of the same statement, without order or limit.
            count = rows.statement.with_only_columns(func.count(), maintain_column_froms=True).order_by(None)
            parts.append((count if correlate is None else count.correlate(correlate)).scalar_subquery())
        else:
            parts.append(literal_column(f"'{child.projection.type_name}Connection'"))
    return func.json_build_object(*parts)


def _relation_json(item: FieldPlan, entity: Any, selectable: Any, build: _Build) -> Any:
    spec, child = item.relation, item.child
    assert spec is not None
    assert child is not None
    assert item.definition is not None
    if spec.shape == "embedded":
        return _object_json(child, entity, selectable, build)
    assert spec.rows is not None
    rows = spec.rows(entity, build.principal, _arguments(item.definition, item.node, build.variables))
    if rows is None:
        raise NotCompiled(f"these arguments of {item.name} are not compiled")
    if spec.shape == "list":
        return _list_json(child, rows, selectable, build)
    if spec.shape == "connection":
        return _connection_json(item.connection_keys, child, rows, selectable, build)
    subquery = _ranked(Rows(rows.statement, rows.order_by, 1), build.name("r"), selectable)
    target = aliased(child.projection.model, subquery)
    return select(_object_json(child, target, subquery, build)).select_from(subquery).scalar_subquery()


def _root_sql(plan: Plan, build: _Build, binds: Mapping[str, uuid.UUID]) -> Any:
    parts: list[Any] = []
    defers: list[Any] = []
    for index, root in enumerate(plan.roots):
        arguments = _arguments(root.definition, root.node, build.variables)
        for argument in root.root.global_id_arguments:
            arguments[argument] = bindparam(_bind_name(index, argument), None, type_=Uuid(), required=False)
        rows = root.root.rows(build.principal, arguments)
        if rows is None:
            raise NotCompiled(f"these arguments of {root.key} are not compiled")
        parts.append(_key(root.key))
        if root.root.shape == "connection":
            parts.append(_connection_json(root.connection_keys, root.child, rows, None, build))
            continue
        subquery = _ranked(Rows(rows.statement, rows.order_by, 1), build.name("r"), None)
        entity = aliased(root.child.projection.model, subquery)
        parts.append(select(_object_json(root.child, entity, subquery, build)).select_from(subquery).scalar_subquery())
        if root.root.defer_when is not None:
            defers.append(select(subquery.c._n).where(root.root.defer_when(entity)).exists())
    deferred = or_(*defers) if defers else false()
    return select(cast(func.json_build_object(*parts), Text), deferred)


def _bind_name(root_index: int, argument: str) -> str:
    return f"v{root_index}_{argument}"


def _decode_global_id(value: object, type_name: str) -> uuid.UUID | None:
    if not isinstance(value, str):
        return None
    try:
        return from_global_id(value, type_name)[1]
    except BadUserInputError:
        return None


def _request_values(plan: Plan, variables: Any) -> tuple[Hashable, dict[str, uuid.UUID]] | None:
    """The values of a request that shape the SQL (page sizes, sort keys...) and those bound per request (ids)."""
    shape: list[str] = []
    binds: dict[str, uuid.UUID] = {}
    for index, root in enumerate(plan.roots):
        if root.node.arguments:
            arguments = _arguments(root.definition, root.node, variables)
            for argument, type_name in root.root.global_id_arguments.items():
                raw = _decode_global_id(arguments.pop(argument, None), type_name)
                if raw is None:
                    return None
                binds[_bind_name(index, argument)] = raw
            shape.append(repr(arguments))
        _nested_shape(root.child, variables, shape)
    return tuple(shape), binds


def _nested_shape(plan: ObjectPlan, variables: Any, shape: list[str]) -> None:
    for item in plan.fields:
        if item.child is not None:
            if item.node.arguments:
                assert item.definition is not None
                shape.append(repr(_arguments(item.definition, item.node, variables)))
            _nested_shape(item.child, variables, shape)


def sql_for(
    plan: Plan, schema: GraphQLSchema, principal: Principal | None, scope_key: Hashable, variables: Any
) -> tuple[CompiledSql, dict[str, uuid.UUID]] | None:
    """The plan's SQL for this caller and these variables, with the values bound per request; None: not compiled.

    `scope_key` names everything the caller's row scopes depend on (`principal_key`); the SQL is built once
    per scope key and shape-giving argument values, and reused.
    """
    try:
        values = _request_values(plan, variables)
    except NotCompiled:
        return None
    if values is None:
        return None
    shape, binds = values
    key = (scope_key, shape)
    if key in plan._sql:
        cached = plan._sql[key]
    else:
        cached = plan._sql[key] = _compile(plan, _Build(principal, variables, schema), binds)
        if len(plan._sql) > 512:
            plan._sql.popitem(last=False)
    return None if cached is None else (cached, binds)


def _compile(plan: Plan, build: _Build, binds: Mapping[str, uuid.UUID]) -> CompiledSql | None:
    try:
        statement = _root_sql(plan, build, binds)
    except NotCompiled:
        return None
    compiled = statement.compile(dialect=_DIALECT, compile_kwargs={"render_postcompile": True})
    processors = compiled._bind_processors
    parameters = []
    for name in compiled.positiontup or ():
        per_request = name in binds
        value = None if per_request else compiled.params.get(name)
        processor = processors.get(name)
        if processor is not None and not per_request:
            value = processor(value)
        parameters.append((name, value, per_request))
    return CompiledSql(str(compiled), tuple(parameters))


def coerce_variables(schema: GraphQLSchema, plan: Plan, inputs: Mapping[str, Any] | None) -> Any:
    """The operation's variables coerced as the executor would; None when they do not coerce."""
    result = get_variable_values(schema, plan.operation.variable_definitions or (), dict(inputs or {}))
    return None if isinstance(result, list) else result

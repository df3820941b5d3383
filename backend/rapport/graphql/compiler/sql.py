"""SQL: a plan becomes one statement per caller scope and shape-giving argument values, and is reused."""

from __future__ import annotations

import uuid
from collections import OrderedDict
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from graphql import (
    FieldNode,
    GraphQLError,
    GraphQLField,
    GraphQLSchema,
)
from graphql.execution.values import get_argument_values, get_variable_values
from sqlalchemy import Text, Uuid, bindparam, case, cast, false, func, literal_column, or_, select
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.dialects.postgresql.asyncpg import dialect as asyncpg_dialect
from sqlalchemy.orm import aliased

from rapport.core import clock
from rapport.core.errors import BadUserInputError
from rapport.core.principal import Principal
from rapport.graphql.compiler.errors import NotCompiled
from rapport.graphql.compiler.plan import (
    CompiledSql,
    FieldPlan,
    ObjectPlan,
    Plan,
)
from rapport.graphql.declare import NOW, Rows
from rapport.graphql.node import from_global_id
from rapport.graphql.types import page_size_or_none

_DIALECT = asyncpg_dialect()  # type: ignore[no-untyped-call]
#: SQL texts kept by the process, for every plan together (least recently used dropped): memory stays bounded
#: (a few MB) whatever callers send. The caller's id and team are values in the SQL, so each signed-in user
#: with a distinct scope has their own; rebuilding one costs a few milliseconds.
SQL_CACHE_SIZE = 4096
_SQL: OrderedDict[Hashable, tuple[Plan, CompiledSql | None]] = OrderedDict()


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
    arguments = _arguments(item.definition, item.node, build.variables)
    arguments = {spec.python_names.get(name, name): value for name, value in arguments.items()}
    if spec.shape == "connection":
        size = page_size_or_none(arguments.pop("first", None))
        if size is None or arguments.pop("after", None) is not None:
            raise NotCompiled(f"this page of {item.name} is not compiled")
        found = spec.rows(entity, build.principal, arguments)
        rows = None if found is None else Rows(found.statement, found.order_by, size)
    else:
        rows = spec.rows(entity, build.principal, arguments)
    if rows is None:
        raise NotCompiled(f"these arguments of {item.name} are not compiled")
    if spec.shape == "list":
        return _list_json(child, rows, selectable, build)
    if spec.shape == "connection":
        return _connection_json(item.connection_keys, child, rows, selectable, build)
    subquery = _ranked(Rows(rows.statement, rows.order_by, 1), build.name("r"), selectable)
    target = aliased(child.projection.model, subquery)
    return select(_object_json(child, target, subquery, build)).select_from(subquery).scalar_subquery()


def _root_sql(plan: Plan, build: _Build, binds: Mapping[str, Any]) -> Any:
    parts: list[Any] = []
    for key in plan.typename_keys:
        parts += [_key(key), literal_column("'Query'")]
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
        if root.root.shape == "list":
            parts.append(_list_json(root.child, rows, None, build))
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


def _request_values(plan: Plan, variables: Any) -> tuple[Hashable, dict[str, Any]] | None:
    """The values of a request that shape the SQL (page sizes, sort keys...) and those bound per request (ids)."""
    shape: list[str] = []
    # The current time is bound per request (declare.NOW), whether or not the statement reads it.
    binds: dict[str, Any] = {NOW.key: clock.now()}
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
) -> tuple[CompiledSql, dict[str, Any]] | None:
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
    key = (id(plan), key)
    found = _SQL.get(key)
    if found is not None and found[0] is plan:  # the plan itself is kept, so its id is not reused meanwhile
        _SQL.move_to_end(key)
        cached = found[1]
    else:
        cached = _compile(plan, _Build(principal, variables, schema), binds)
        _SQL[key] = (plan, cached)
        if len(_SQL) > SQL_CACHE_SIZE:
            _SQL.popitem(last=False)
    return None if cached is None else (cached, binds)


def _compile(plan: Plan, build: _Build, binds: Mapping[str, Any]) -> CompiledSql | None:
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

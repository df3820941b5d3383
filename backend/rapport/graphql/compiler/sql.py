"""SQL: a plan becomes one statement per caller scope and shape-giving argument values, and is reused."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from graphql import (
    GraphQLSchema,
)
from sqlalchemy import Text, Uuid, bindparam, case, cast, false, func, literal_column, or_, select
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.dialects.postgresql.asyncpg import dialect as asyncpg_dialect
from sqlalchemy.orm import aliased
from sqlalchemy.sql.selectable import ScalarSelect

from rapport.core.principal import Principal
from rapport.graphql.compiler.constants import constants_inlined
from rapport.graphql.compiler.errors import NotCompiled
from rapport.graphql.compiler.nodes import (
    CompiledSql,
    ConnectionPart,
    FieldPlan,
    ObjectPlan,
    Plan,
    rendered_column,
)
from rapport.graphql.compiler.pages import (
    after_cursor,
    count_of,
    cursor_binds,
    cursor_json,
    json_fields,
    json_value,
    page_array,
    page_info,
    text_literal,
)
from rapport.graphql.compiler.requests import bind_name, field_arguments, nested_after_name, request_values
from rapport.graphql.declare import SELECTED, Rows, sharing
from rapport.graphql.node import base64url_sql
from rapport.graphql.types import page_size_or_none

_DIALECT = asyncpg_dialect()  # type: ignore[no-untyped-call]
_DIALECT.statement_compiler = constants_inlined(_DIALECT.statement_compiler)
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
    #: Cursors bound per request: the name of their values' parameters and how to read each value.
    cursors: list[tuple[str, tuple[Callable[[Any], Any], ...]]] = field(default_factory=list)

    def name(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}{self.counter}"


def _global_id(type_name: str, column: Any) -> Any:
    return base64url_sql(literal_column(f"'{type_name}:'") + cast(column, Text))


def _key(name: str) -> Any:
    return literal_column(f"'{name}'")


def _object_json(plan: ObjectPlan, entity: Any, selectable: Any, build: _Build) -> Any:
    if plan.union:
        return _union_json(plan, selectable, build)
    parts: list[Any] = []
    model_name = plan.projection.type_name
    for item in plan.fields:
        parts.append(_key(item.key))
        if item.kind == "typename":
            parts.append(literal_column(f"'{model_name}'"))
        elif item.kind == "id":
            parts.append(_global_id(plan.projection.id_type or model_name, entity.id))
        elif item.kind == "column":
            assert item.encode is not None
            assert item.column is not None
            value = getattr(entity, item.column) if isinstance(item.column, str) else item.column(entity)
            parts.append(item.encode(value))
        elif item.kind == "rendered":
            assert item.rendered is not None
            model = plan.projection.model
            parts.append(func.json_build_array(*(rendered_column(model, entity, c) for c in item.rendered.columns)))
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
        elif item.kind == "through":
            parts.append(_through_json(item, entity, selectable, build))
        elif item.kind == "derived_json":
            assert callable(item.column)
            assert item.child is not None
            assert item.definition is not None
            # Read once, in a LATERAL of its own (the projection reads the value once per field it selects); a
            # subquery's correlation to the row is said outright, as it does not reach through the LATERAL itself.
            value = item.column(entity)
            value = value.correlate(selectable) if isinstance(value, ScalarSelect) else value
            derived = select(value.label("value")).correlate(selectable).lateral(build.name("d"))
            projected = json_value(item.child, derived.c.value, item.definition.type, build.name)
            parts.append(select(projected).select_from(derived).scalar_subquery())
        elif item.kind == "given":
            # Whether the row is the caller's own: the value itself is given after the statement
            # (`rapport.graphql.compiled_reveal`).
            assert item.given is not None
            owner = build.principal.user_id if build.principal is not None else None
            parts.append(func.coalesce(getattr(entity, item.given.owner) == owner, false()))
        else:
            parts.append(_relation_json(item, entity, selectable, build))
    return func.json_build_object(*parts)


def _union_json(plan: ObjectPlan, entries: Any, build: _Build) -> Any:
    """A `@merged` connection's node: by the entry's kind, its member type's object, read from the member's table
    by the row's own id (`data->>'id'`: an entry's `id` is its keyset's, e.g. a stage change's opportunity)."""
    whens = []
    for item in plan.fields:
        member = item.child
        assert member is not None
        model = member.projection.model
        own_id = cast(entries.c.data.op("->>")(literal_column("'id'")), model.__table__.c.id.type)
        subquery = _ranked(Rows(select(model).where(model.id == own_id)), build.name("m"), entries)
        target = aliased(model, subquery, adapt_on_names=True)
        value = select(_object_json(member, target, subquery, build)).select_from(subquery).scalar_subquery()
        whens.append((entries.c.kind == item.key, value))
    return case(*whens, else_=None)


def _through_json(item: FieldPlan, entity: Any, selectable: Any, build: _Build) -> Any:
    """A field of the one row a relation gives, as a scalar subquery over the relation's statement."""
    assert item.relation is not None
    assert item.relation.rows is not None
    assert item.child is not None
    assert item.encode is not None
    assert item.column is not None
    rows = item.relation.rows(entity, build.principal, {})
    if rows is None:
        raise NotCompiled(f"{item.name} is not compiled")
    subquery = _ranked(Rows(rows.statement, rows.order_by, 1), build.name("r"), selectable)
    target = aliased(item.child.projection.model, subquery, adapt_on_names=True)
    value = getattr(target, item.column) if isinstance(item.column, str) else item.column(target)
    return select(item.encode(value)).select_from(subquery).scalar_subquery()


def _ranked(rows: Rows, name: str, correlate: Any | None, *, with_total: bool = False) -> Any:
    order = list(rows.order_by)
    stmt = rows.statement.add_columns(func.row_number().over(order_by=order).label("_n")).order_by(*order)
    if with_total:
        stmt = stmt.add_columns(func.count().over().label("_total"))
    # LIMIT and OFFSET are written into the text, not bound: the statement is already one per page size (a
    # shape-giving value), and a bound LIMIT makes PostgreSQL cost a generic plan for a tenth of the rows, so that
    # it keeps planning the statement again on every execution (a custom plan) instead of reusing one.
    if rows.offset:
        stmt = stmt.offset(literal_column(str(int(rows.offset))))
    if rows.limit is not None:
        stmt = stmt.limit(literal_column(str(int(rows.limit))))
    if correlate is None:
        return stmt.subquery(name)
    return stmt.correlate(correlate).lateral(name)


def _list_json(child: ObjectPlan, rows: Rows, correlate: Any | None, build: _Build, ranked: Any = None) -> Any:
    subquery = ranked if ranked is not None else _ranked(rows, build.name("r"), correlate)
    entity = aliased(child.projection.model, subquery, adapt_on_names=True)
    items = func.json_agg(aggregate_order_by(_object_json(child, entity, subquery, build), subquery.c._n))
    return select(func.coalesce(items, literal_column("'[]'::json"))).select_from(subquery).scalar_subquery()


def _connection_json(
    parts: Sequence[ConnectionPart],
    child: ObjectPlan,
    rows: Rows,
    correlate: Any,
    build: _Build,
    counted: Rows,
    has_previous: bool = False,
) -> Any:
    """A connection's page as one JSON object, from one pass over its rows (`size + 1` of them when `pageInfo` asks
    whether more follow): nodes and edges are aggregated, the cursors computed from the rows' keyset as the
    resolvers encode them. `counted` is what `totalCount` counts (the rows without a cursor's condition)."""
    size = rows.limit
    paged = [part for part in parts if part.kind in ("nodes", "edges", "pageInfo")]
    values: list[Any] = []
    if not paged:
        for part in parts:
            values.append(_key(part.key))
            values.append(count_of(counted, correlate) if part.kind == "totalCount" else text_literal(part.typename))
        return func.json_build_object(*values)
    if size is None:
        raise NotCompiled("a connection without a page size")
    more = any(part.kind == "pageInfo" for part in parts)
    # A root page of a search counts in the same pass, without a cursor (a window count: a search's filter is most of
    # its cost); every other page counts with a subquery of its own.
    counting = any(part.kind == "totalCount" for part in parts)
    shared = correlate is None and not has_previous and counting and rows.count_in_pass
    fetched = replace(rows, limit=size + 1 if more else size)
    ranked = _ranked(fetched, build.name("r"), correlate, with_total=shared)
    in_page = ranked.c._n <= size
    entity = ranked.c if child.union else aliased(child.projection.model, ranked, adapt_on_names=True)
    cursor = cursor_json(rows, entity) if any(part.kind in ("edges", "pageInfo") for part in parts) else None
    for part in parts:
        values.append(_key(part.key))
        if part.kind == "nodes":
            assert part.child is not None
            values.append(page_array(_object_json(part.child, entity, ranked, build), ranked, in_page))
        elif part.kind == "edges":
            edge: list[Any] = []
            for key, field in part.fields:
                edge.append(_key(key))
                if field == "cursor":
                    edge.append(cursor)
                elif field == "node":
                    assert part.child is not None
                    edge.append(_object_json(part.child, entity, ranked, build))
                else:
                    edge.append(text_literal(part.typename))
            values.append(page_array(func.json_build_object(*edge), ranked, in_page))
        elif part.kind == "pageInfo":
            values.append(page_info(part, cursor, ranked, in_page, size, has_previous))
        elif part.kind == "totalCount":
            values.append(func.coalesce(func.max(ranked.c._total), 0) if shared else count_of(counted, correlate))
        else:
            values.append(text_literal(part.typename))
    return select(func.json_build_object(*values)).select_from(ranked).scalar_subquery()


def _relation_json(item: FieldPlan, entity: Any, selectable: Any, build: _Build) -> Any:
    spec, child = item.relation, item.child
    assert spec is not None
    assert child is not None
    assert item.definition is not None
    if spec.shape == "embedded":
        return _object_json(child, entity, selectable, build)
    assert spec.rows is not None
    arguments = field_arguments(item.definition, item.node, build.variables)
    arguments = {spec.python_names.get(name, name): value for name, value in arguments.items()}
    after = arguments.pop("after", None) if spec.shape == "connection" else None
    if spec.shape == "connection":
        size = page_size_or_none(arguments.pop("first", None))
        if size is None:
            raise NotCompiled(f"this page of {item.name} is not compiled")
        found = spec.rows(entity, build.principal, arguments)
        rows = None if found is None else Rows(found.statement, found.order_by, size, found.keyset)
    else:
        rows = spec.rows(entity, build.principal, arguments)
    if rows is None:
        raise NotCompiled(f"these arguments of {item.name} are not compiled")
    if spec.shape == "list":
        return _list_json(child, rows, selectable, build)
    if spec.shape == "connection":
        # A page after a cursor: its values bound per request, as a root connection's (`request_values`).
        page = rows if after is None else after_cursor(rows, nested_after_name(item), after, build.cursors)
        return _connection_json(item.connection_keys, child, page, selectable, build, rows, after is not None)
    subquery = _ranked(Rows(rows.statement, rows.order_by, 1), build.name("r"), selectable)
    target = aliased(child.projection.model, subquery, adapt_on_names=True)
    return select(_object_json(child, target, subquery, build)).select_from(subquery).scalar_subquery()


def _root_sql(plan: Plan, build: _Build, binds: Mapping[str, Any]) -> Any:
    parts: list[Any] = []
    for key in plan.typename_keys:
        parts += [_key(key), literal_column("'Query'")]
    defers: list[Any] = []
    for index, root in enumerate(plan.roots):
        arguments = field_arguments(root.definition, root.node, build.variables)
        for argument in root.root.global_id_arguments:
            arguments[argument] = bindparam(bind_name(index, argument), None, type_=Uuid(), required=False)
        after = arguments.pop("after", None) if root.root.shape == "connection" else None
        if root.root.shape == "json":
            assert root.child is not None
            arguments[SELECTED] = json_fields(root.child)
        rows = root.root.rows(build.principal, arguments)
        if rows is None:
            raise NotCompiled(f"these arguments of {root.key} are not compiled")
        parts.append(_key(root.key))
        if root.root.shape == "json":
            assert root.child is not None
            answer = rows.statement.subquery(build.name("j"))
            value = next(iter(answer.c))
            projected = json_value(root.child, value, root.definition.type, build.name)
            parts.append(select(projected).select_from(answer).scalar_subquery())
            if root.root.defer_when is not None:  # e.g. a null answer: the resolver says why (NOT_FOUND)
                defers.append(select(value).select_from(answer).where(root.root.defer_when(value)).exists())
            continue
        if root.root.shape == "scalar":
            assert root.encode is not None
            parts.append(root.encode(rows.statement.scalar_subquery()))
            continue
        assert root.child is not None
        if root.root.shape == "connection":
            page = rows if after is None else after_cursor(rows, bind_name(index, "after"), after, build.cursors)
            parts.append(_connection_json(root.connection_keys, root.child, page, None, build, rows, after is not None))
            continue
        if root.root.shape == "list":
            parts.append(_list_json(root.child, rows, None, build))
            continue
        subquery = _ranked(Rows(rows.statement, rows.order_by, 1), build.name("r"), None)
        entity = aliased(root.child.projection.model, subquery, adapt_on_names=True)
        parts.append(select(_object_json(root.child, entity, subquery, build)).select_from(subquery).scalar_subquery())
        if root.root.defer_when is not None:
            defers.append(select(subquery.c._n).where(root.root.defer_when(entity)).exists())
    deferred = or_(*defers) if defers else false()
    return select(cast(func.json_build_object(*parts), Text), deferred)


def cached_sql() -> list[CompiledSql]:
    """The SQL texts the process keeps (for diagnostics and tests)."""
    return [found for _, found in list(_SQL.values()) if found is not None]


def sql_for(
    plan: Plan, schema: GraphQLSchema, principal: Principal | None, scope_key: Hashable, variables: Any
) -> tuple[CompiledSql, dict[str, Any]] | None:
    """The plan's SQL for this caller and these variables, with the values bound per request; None: not compiled.

    `scope_key` names everything the caller's row scopes depend on (`principal_key`); the SQL is built once
    per scope key and shape-giving argument values, and reused.
    """
    try:
        values = request_values(plan, variables)
    except NotCompiled:
        return None
    if values is None:
        return None
    shape, binds, cursors = values
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
    if cached is None or not cursor_binds(cached, cursors, binds):
        return None
    return cached, binds


def _compile(plan: Plan, build: _Build, binds: Mapping[str, Any]) -> CompiledSql | None:
    try:
        with sharing() as first:
            statement = _root_sql(plan, build, binds)
        shared = first.shared()
        if shared:  # roots read the same rows alike: built again, reading them once (`shared_part`)
            build = _Build(build.principal, build.variables, build.schema)
            with sharing(shared):
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
    return CompiledSql(str(compiled), tuple(parameters), tuple(build.cursors))

"""Relations on the resolver path: each declared relation's statement, batched per request and lateral per parent."""

from __future__ import annotations

import enum
from collections.abc import Awaitable, Callable, Hashable, Mapping, Sequence
from typing import Any

from sqlalchemy import Select, func, select, true
from sqlalchemy.orm import aliased

from rapport.core.principal import Principal
from rapport.graphql.declare.keyset import after_position, cursor_kinds, cursor_values
from rapport.graphql.declare.kinds import Arguments, ById, Relation, Rows, Visible
from rapport.graphql.types import build_connection, decode_keyset, page_size


def _frozen(value: Any) -> Hashable:
    if isinstance(value, Mapping):
        return tuple(sorted((k, _frozen(v)) for k, v in value.items()))
    if isinstance(value, list | tuple):
        return tuple(_frozen(v) for v in value)
    if isinstance(value, enum.Enum):
        return (type(value).__name__, value.value)
    if hasattr(value, "__dataclass_fields__"):
        return (type(value).__name__, _frozen(vars(value)))
    return value  # type: ignore[no-any-return]


async def load_relation(info: Any, spec: Relation, parent: Any, arguments: dict[str, Any]) -> Any:
    """A relation's value for one parent object, loaded with every sibling of the request in one statement."""
    row = parent._row
    target = _target_type(info, spec.target)
    if spec.shape == "embedded":
        return target.from_row(row)
    assert spec.rows is not None
    model = type(row)
    loaders = info.context.loaders
    if spec.shape == "connection":
        first, after = arguments.pop("first", None), arguments.pop("after", None)
        size = page_size(first)
        probe = _rows_of(spec, model, None, arguments)
        position = decode_keyset(after, *cursor_kinds(probe))
        loader = loaders.batch(
            ("page", spec, model, _frozen(arguments), position, size),
            _page_batch(spec, model, arguments, position, size),
        )
        rows = await loader.load(row.id)
        counter = loaders.batch(("count", spec, model, _frozen(arguments)), _count_batch(spec, model, arguments))
        return build_connection(
            rows,
            size,
            to_node=target.from_row,
            cursor_of=lambda found: cursor_values(probe, found),
            has_previous=position is not None,
            count=lambda: counter.load(row.id),
        )
    ident = getattr(spec.rows, "by_id", None)
    if spec.shape == "one" and isinstance(ident, ById):
        key = getattr(row, ident.attribute)
        if key is None:
            return None
        found = await loaders.batch(("by_id", ident.visible), _by_id_batch(ident.visible)).load(key)
        return None if found is None else target.from_row(found)
    loader = loaders.batch(("rows", spec, model, _frozen(arguments)), _rows_batch(spec, model, arguments))
    rows = await loader.load(row.id)
    if spec.shape == "one":
        return target.from_row(rows[0]) if rows else None
    return [target.from_row(found) for found in rows]


def _target_type(info: Any, name: str) -> Any:
    found = info.schema.get_type_by_name(name)
    if found is None:
        raise LookupError(f"No type {name} in the schema.")
    return found.origin


def _rows_of(spec: Relation, model: type[Any], principal: Principal | None, arguments: Arguments) -> Rows:
    assert spec.rows is not None
    return spec.rows(aliased(model, name="parent"), principal, arguments)


def _per_parent(rows: Rows, parent: Any, ids: Sequence[Any], limit: int | None) -> Select[Any]:
    """The rows of every parent in one statement: the relation's own statement, laterally per parent."""
    order = list(rows.order_by)
    inner = rows.statement.add_columns(func.row_number().over(order_by=order).label("_n")).order_by(*order)
    if limit is not None:
        inner = inner.limit(limit)
    lateral = inner.correlate(parent).lateral("related")
    entity = aliased(rows.statement.column_descriptions[0]["entity"], lateral)
    return (
        select(parent.id.label("_parent"), entity)
        .select_from(parent)
        .join(lateral, true())
        .where(parent.id.in_(list(ids)))
        .order_by(parent.id, lateral.c._n)
    )


def _grouped(found: Sequence[Any], ids: Sequence[Any]) -> list[list[Any]]:
    groups: dict[Any, list[Any]] = {i: [] for i in ids}
    for parent_id, row in found:
        groups[parent_id].append(row)
    return [groups[i] for i in ids]


BatchBody = Callable[[Any, Principal | None, Sequence[Any]], Awaitable[Sequence[Any]]]


def _rows_batch(spec: Relation, model: type[Any], arguments: Arguments) -> BatchBody:
    async def batch(session: Any, principal: Principal | None, ids: Sequence[Any]) -> Sequence[Any]:
        parent = aliased(model, name="parent")
        assert spec.rows is not None
        rows = spec.rows(parent, principal, arguments)
        limit = 1 if spec.shape == "one" else rows.limit
        return _grouped((await session.execute(_per_parent(rows, parent, ids, limit))).all(), ids)

    return batch


def _by_id_batch(visible: Visible) -> BatchBody:
    async def batch(session: Any, principal: Principal | None, ids: Sequence[Any]) -> Sequence[Any]:
        statement = visible(principal)
        target = statement.column_descriptions[0]["entity"]
        found = {r.id: r for r in (await session.execute(statement.where(target.id.in_(list(ids))))).scalars()}
        return [found.get(i) for i in ids]

    return batch


def _page_batch(
    spec: Relation, model: type[Any], arguments: Arguments, position: Sequence[Any] | None, size: int
) -> BatchBody:
    async def batch(session: Any, principal: Principal | None, ids: Sequence[Any]) -> Sequence[Any]:
        parent = aliased(model, name="parent")
        assert spec.rows is not None
        rows = after_position(spec.rows(parent, principal, arguments), position)
        return _grouped((await session.execute(_per_parent(rows, parent, ids, size + 1))).all(), ids)

    return batch


def _count_batch(spec: Relation, model: type[Any], arguments: Arguments) -> BatchBody:
    async def batch(session: Any, principal: Principal | None, ids: Sequence[Any]) -> Sequence[Any]:
        parent = aliased(model, name="parent")
        assert spec.rows is not None
        rows = spec.rows(parent, principal, arguments)
        count = (
            rows.statement.with_only_columns(func.count(), maintain_column_froms=True)
            .order_by(None)
            .correlate(parent)
            .scalar_subquery()
        )
        found = dict((await session.execute(select(parent.id, count).where(parent.id.in_(list(ids))))).all())
        return [found.get(i, 0) for i in ids]

    return batch

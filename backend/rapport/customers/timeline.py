"""The customer timeline's parts from every domain: its sources, and the `TimelineEntry` union of their types.

Each domain lists its sources in its manifest (`rapport.manifest.TimelineSource`; the SQL that merges them is in
`rapport.customers.repository.timeline`). A source names the GraphQL type of its entries: the union's members are
those types, known once Rapport is assembled, in the manifests' order (a source's `before` moves its type before
another kind's). An entry is built as its type builds any row: from a row of the type's declared model, made
from the entry's JSON.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import LargeBinary, Numeric
from strawberry.annotation import StrawberryAnnotation
from strawberry.types.union import StrawberryUnion

from rapport.core.principal import Principal
from rapport.customers.repository.timeline import TimelineRow, merged_rows
from rapport.graphql.declare import Arguments, Rows
from rapport.manifest import TimelineSource, installed


def timeline_sources() -> list[TimelineSource]:
    """Every source of the timeline, in the manifests' order."""
    return [source for manifest in installed().manifests for source in manifest.timeline_sources]


def _ordered(sources: Sequence[TimelineSource]) -> list[TimelineSource]:
    """Sources in the order of the union's members: each moved before the kind its `before` names."""
    ordered = [source for source in sources if source.before is None]
    for source in sources:
        if source.before is not None:
            kinds = [s.kind for s in ordered]
            at = kinds.index(source.before) if source.before in kinds else len(ordered)
            ordered.insert(at, source)
    return ordered


def _entry_type(source: TimelineSource) -> type[Any]:
    if source.entry is None:
        raise LookupError(f"The timeline source {source.kind!r} names no entry type (TimelineSource.entry).")
    return source.entry


def entry_types() -> tuple[type[Any], ...]:
    """The members of the `TimelineEntry` union: every source's entry type."""
    return tuple(_entry_type(source) for source in _ordered(timeline_sources()))


class _ManifestUnion(StrawberryUnion):
    """A union whose members are read from the assembled manifests when the schema is built."""

    def __init__(self, name: str, description: str, members: Callable[[], tuple[type[Any], ...]]) -> None:
        self._members = members
        super().__init__(name=name, description=description)

    @property
    def type_annotations(self) -> tuple[StrawberryAnnotation, ...]:
        return tuple(StrawberryAnnotation(member) for member in self._members())

    @type_annotations.setter
    def type_annotations(self, value: tuple[StrawberryAnnotation, ...]) -> None:
        """Set by the base class's constructor; the members come from the manifests instead."""

    def __hash__(self) -> int:
        return hash(self.graphql_name)

    def __eq__(self, other: object) -> bool:
        return self is other


def member_types() -> dict[str, str]:
    """Each kind's member of the `TimelineEntry` union, by kind (the compiler reads an entry from its type)."""
    return {source.kind: _entry_type(source).__strawberry_definition__.name for source in _ordered(timeline_sources())}


def timeline_rows(customer: Any, principal: Principal | None, arguments: Arguments) -> Rows:
    """`Customer.timeline`'s rows for the compiler: every source's entries of the customer the caller may see."""
    return merged_rows(timeline_sources(), customer, principal)


if TYPE_CHECKING:
    TimelineEntry = Any
else:
    TimelineEntry = _ManifestUnion("TimelineEntry", "One entry of a customer's timeline.", entry_types)


#: Per assembly: each kind's entry type and the model of its rows.
_ENTRIES: dict[int, dict[str, tuple[type[Any], type[Any]]]] = {}


def _entries() -> dict[str, tuple[type[Any], type[Any]]]:
    assembly = installed()
    found = _ENTRIES.get(id(assembly))
    if found is None:
        tables = assembly.tables
        found = {}
        for source in timeline_sources():
            kind = _entry_type(source)
            model = source.model or tables[kind.__strawberry_definition__.name].model
            found[source.kind] = (kind, model)
        _ENTRIES.clear()
        _ENTRIES[id(assembly)] = found
    return found


def timeline_entry(row: TimelineRow) -> Any:
    """The GraphQL object of a timeline row: its source's entry type built from a row of its declared model."""
    kind, model = _entries()[row.kind]
    return kind.from_row(row_from_json(model, row.data))


def _decode(column: Any, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(column.type, LargeBinary):
        return bytes.fromhex(value[2:])  # bytea in JSON: "\\x..."
    if isinstance(column.type, Numeric) and column.type.asdecimal:
        amount = Decimal(str(value))
        return amount if column.type.scale is None else amount.quantize(Decimal(1).scaleb(-column.type.scale))
    try:
        python = column.type.python_type
    except NotImplementedError:
        return value
    if python is datetime:
        return datetime.fromisoformat(value)
    if python is date:
        return date.fromisoformat(value)
    if python is uuid.UUID:
        return uuid.UUID(value)
    return value


def row_from_json(model: type[Any], data: dict[str, Any]) -> Any:
    """A transient row of `model` from its `to_jsonb` form, each column converted back by its SQL type."""
    return model(**{column.key: _decode(column, data.get(column.name)) for column in model.__table__.columns})

"""GraphQL objects from model rows, as declared: `FromRow.from_row`, and sensitive values revealed."""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import Any, ClassVar, Self

import orjson
from strawberry.types.base import StrawberryList, StrawberryOptional
from strawberry.types.enum import StrawberryEnumDefinition
from strawberry.types.private import is_private

from rapport.core.authz.reveal import reveal, reveal_one
from rapport.core.crypto import vault
from rapport.graphql.declare.kinds import Column, Expression, Sensitive, declaration
from rapport.graphql.node import to_global_id


class FromRow:
    """Mixin of declared types: `from_row` builds the GraphQL object from a model row, as declared."""

    #: The type whose global ids `id` carries, when a type shows another type's rows (sales' PoolCustomer is a
    #: restricted view of a Customer, and its id is the customer's); None: the type's own name.
    node_type: ClassVar[str | None] = None

    @classmethod
    def from_row(cls, row: Any) -> Self:
        """The GraphQL object of a model row."""
        build = _BUILDERS.get(cls)
        if build is None:
            build = _BUILDERS[cls] = _builder(cls)
        return build(row)  # type: ignore[no-any-return]


_BUILDERS: dict[type[Any], Callable[[Any], Any]] = {}


def _enum_reader(kind: type[enum.Enum], optional: bool) -> Callable[[Any], Any]:
    def read(value: Any) -> Any:
        if value is None:
            return None
        try:
            return kind(value)
        except ValueError:
            if optional:
                return None  # a stored value that is no member reads as null (the compiler's CASE agrees)
            raise

    return read


def _reader(strawberry_field: Any) -> Callable[[Any], Any] | None:
    kind = strawberry_field.type
    optional = isinstance(kind, StrawberryOptional)
    if optional:
        kind = kind.of_type
    if isinstance(kind, StrawberryEnumDefinition):
        return _enum_reader(kind.wrapped_cls, optional)  # type: ignore[arg-type]
    if isinstance(kind, StrawberryList) and isinstance(kind.of_type, StrawberryEnumDefinition):
        # A stored array of enum values; a value that is no member is left out (as the compiler leaves it out).
        member = _enum_reader(kind.of_type.wrapped_cls, True)  # type: ignore[arg-type]
        return lambda values: None if values is None else [m for m in map(member, values) if m is not None]
    return None


def public_fields(cls: type[Any]) -> list[Any]:
    """The GraphQL fields of a Strawberry type (its `Private` attributes left out)."""
    return [item for item in cls.__strawberry_definition__.fields if not is_private(item.type)]


def plain_fields(cls: type[Any]) -> list[tuple[str, Column | Expression]]:
    """The plain (resolver-less) fields of a declared type but `id`, with what each reads."""
    found: list[tuple[str, Column | Expression]] = []
    for item in public_fields(cls):
        if item.base_resolver is not None or item.python_name == "id":
            continue
        spec = declaration(item)
        if spec is None:
            spec = Column(item.python_name)
        if not isinstance(spec, Column | Expression):
            raise TypeError(f"{cls.__name__}.{item.python_name}: a plain field is a column or an expression")
        found.append((item.python_name, spec))
    return found


def _builder(cls: type[Any]) -> Callable[[Any], Any]:
    definition = cls.__strawberry_definition__
    type_name = definition.name
    fields = {f.python_name: f for f in definition.fields}
    steps: list[tuple[str, Callable[[Any], Any]]] = []
    for name, spec in plain_fields(cls):
        convert = _reader(fields[name])
        if isinstance(spec, Expression):
            steps.append((name, spec.value))
            continue
        attribute = spec.attribute or name
        getter = _attribute_getter(attribute)
        steps.append((name, getter if convert is None else _compose(convert, getter)))
    private = [name for name in getattr(cls, "__dataclass_fields__", {}) if name.startswith("_")]
    unknown = [name for name in private if name != "_row"]
    if unknown:
        raise TypeError(f"{cls.__name__}: private fields other than _row ({unknown}) need their own constructor")
    keeps_row = "_row" in private
    has_id = "id" in fields
    id_type = cls.node_type or type_name

    def build(row: Any) -> Any:
        values = {name: read(row) for name, read in steps}
        if has_id:
            values["id"] = to_global_id(id_type, row.id)
        if keeps_row:
            values["_row"] = row
        return cls(**values)

    return build


def _attribute_getter(attribute: str) -> Callable[[Any], Any]:
    return lambda row: getattr(row, attribute)


def _compose(outer: Callable[[Any], Any], inner: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return lambda row: outer(inner(row))


def reveal_sensitive(context: Any, spec: Sensitive, row: Any) -> Any:
    """The value of a sensitive field of `row` as the caller may see it (clear reads queued for the audit)."""
    blob = getattr(row, spec.column)
    text = (
        None if blob is None else vault().cipher.decrypt(blob, table=spec.table, column=spec.column_name, row_id=row.id)
    )
    entity = (spec.entity_type, getattr(row, spec.entity_column))
    if spec.many:
        return reveal(context, spec.type_field, stored_list(text), entity)
    return reveal_one(context, spec.type_field, text, entity)


def stored_list(text: str | None) -> list[str]:
    """A decrypted stored list (phones, emails)."""
    return [] if text is None else list(orjson.loads(text))

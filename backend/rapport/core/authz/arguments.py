"""What arguments and inputs touch: filters, sort keys and searches read fields; mutation inputs write them.

The coerced value of an argument (defaults applied) is reduced to what the caller gave explicitly (`explicit`),
then the domain's declared rule (`rapport.core.authz.rules`) or the input type's target says which `Type.field`s
it reads or writes. The enforcement layer (`rapport.core.authz.enforce`) checks them against the policy.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from typing import Any

from graphql import (
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLSchema,
)
from graphql.pyutils import Undefined

from rapport.core.authz.policy import Access
from rapport.core.authz.rules import ARGUMENT_RULES, INPUT_TARGETS

#: Input fields that locate what to change rather than change it.
LOCATOR_INPUT_FIELDS = frozenset({"id", "version"})


def _named_input(type_: Any) -> Any:
    while isinstance(type_, GraphQLNonNull | GraphQLList):
        type_ = type_.of_type
    return type_


def explicit(input_type: Any, value: Any) -> Any:
    """A coerced input value without the keys that only repeat their field's declared default.

    Coercion fills in every default (`includeArchived: false`, `kinds: null`); what a filter or an input
    *does* is what differs from those defaults. Nested inputs and lists are reduced the same way.
    """
    named = _named_input(input_type)
    if isinstance(value, list):
        return [explicit(named, item) for item in value]
    if not isinstance(named, GraphQLInputObjectType) or not isinstance(value, dict):
        return value
    kept: dict[str, Any] = {}
    for key, item in value.items():
        field_def = named.fields.get(key)
        if field_def is None:
            continue
        default = field_def.default_value
        if default is not Undefined and item == default:
            continue
        kept[key] = explicit(field_def.type, item)
    return kept


def _plain(value: Any) -> Any:
    """Enum members as their GraphQL names (as rules are written), everything else unchanged."""
    if isinstance(value, Enum):
        return value.name
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _input_needs(input_type: Any, value: Any, out: list[tuple[str, Access]]) -> None:
    named = _named_input(input_type)
    if isinstance(value, list):
        for item in value:
            _input_needs(named, item, out)
        return
    if not isinstance(named, GraphQLInputObjectType) or not isinstance(value, dict):
        return
    target = INPUT_TARGETS.get(named.name)
    for key, item in value.items():
        field_def = named.fields.get(key)
        if field_def is None:
            continue
        if target is not None and key not in LOCATOR_INPUT_FIELDS:
            mapped = target.renames.get(key, key.removesuffix("Id") if key.endswith("Id") else key)
            if mapped is not None:
                out.append((f"{target.type_name}.{mapped}", Access.WRITE))
        if isinstance(_named_input(field_def.type), GraphQLInputObjectType):
            _input_needs(field_def.type, item, out)


def argument_needs(coordinate: str, field_def: GraphQLField, arguments: Mapping[str, Any]) -> list[tuple[str, Access]]:
    """What a field's coerced arguments read (filters, sorts, searches) and write (mutation inputs)."""
    found: list[tuple[str, Access]] = []
    for name, arg_def in field_def.args.items():
        if name not in arguments:
            continue
        value = explicit(arg_def.type, arguments[name])
        if arg_def.default_value is not Undefined and value == explicit(arg_def.type, arg_def.default_value):
            value = None  # the argument's own default does what leaving it out does
        rule = ARGUMENT_RULES.get((coordinate, name))
        if rule is not None:
            found += rule(_plain(value))
        _input_needs(arg_def.type, value, found)
    return found


def has_argument_rules(schema: GraphQLSchema, coordinate: str, field_def: GraphQLField) -> bool:
    """Whether a field's arguments read or write anything the policy decides (remembered per field)."""
    if not field_def.args:
        return False
    key = (id(schema), coordinate)
    known = _ARGUMENT_SITES.get(key)
    if known is None:
        known = any((coordinate, name) in ARGUMENT_RULES for name in field_def.args) or any(
            _reaches_target(arg.type, set()) for arg in field_def.args.values()
        )
        _ARGUMENT_SITES[key] = known
    return known


def _reaches_target(input_type: Any, seen: set[str]) -> bool:
    named = _named_input(input_type)
    if not isinstance(named, GraphQLInputObjectType) or named.name in seen:
        return False
    seen.add(named.name)
    return named.name in INPUT_TARGETS or any(_reaches_target(f.type, seen) for f in named.fields.values())


_ARGUMENT_SITES: dict[tuple[int, str], bool] = {}


# --- the pre-check ----------------------------------------------------------------------------------------------

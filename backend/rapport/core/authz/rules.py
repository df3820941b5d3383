"""Declarations that tie GraphQL arguments and inputs to the `Type.field`s they read or write.

Domains register here what their filters, sort keys, searches and mutation inputs touch; the enforcement
layer checks them against the caller's policy before anything runs. Nothing here decides access itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from rapport.core.authz.policy import Access

#: Given an argument's coerced value (defaults applied, keys equal to their defaults left out, enum values as
#: their GraphQL names), the `Type.field`s it touches and the access each needs.
ArgumentRule = Callable[[Any], list[tuple[str, Access]]]


@dataclass(frozen=True)
class InputTarget:
    """Fields given in an input type write fields of a domain type."""

    type_name: str
    #: input field -> target field where the names differ (`ownerId` -> `owner`); None: not a data field.
    renames: dict[str, str | None] = field(default_factory=dict)


ARGUMENT_RULES: dict[tuple[str, str], ArgumentRule] = {}
INPUT_TARGETS: dict[str, InputTarget] = {}


def argument_rule(root_field: str, argument: str) -> Callable[[ArgumentRule], ArgumentRule]:
    """Declare what an argument of a field (e.g. `Query.customers`, `filter`) reads."""

    def register(rule: ArgumentRule) -> ArgumentRule:
        ARGUMENT_RULES[(root_field, argument)] = rule
        return rule

    return register


def input_target(input_type: str, type_name: str, **renames: str | None) -> None:
    """Declare that the fields of an input type write the same-named fields of a domain type."""
    INPUT_TARGETS[input_type] = InputTarget(type_name, dict(renames))


def reads(type_name: str, mapping: dict[str, str]) -> ArgumentRule:
    """A rule for an input object: each given key reads `type_name.<mapped field>` (READ: never masked).

    The enforcement layer hands rules the coerced value without the keys that only repeat their defaults.
    """

    def rule(value: Any) -> list[tuple[str, Access]]:
        if not isinstance(value, dict):
            return []
        return [(f"{type_name}.{mapping[k]}", Access.READ) for k, v in value.items() if k in mapping and v is not None]

    rule.reads = (type_name, dict(mapping))  # type: ignore[attr-defined]  # for the generated tests
    return rule


def enum_reads(type_name: str, mapping: dict[str, str], key: str | None = None) -> ArgumentRule:
    """A rule for an enum (or an input object's enum at `key`): the chosen value reads a field."""

    def rule(value: Any) -> list[tuple[str, Access]]:
        chosen = value.get(key) if key is not None and isinstance(value, dict) else value
        target = mapping.get(str(chosen)) if chosen is not None else None
        return [(f"{type_name}.{target}", Access.READ)] if target else []

    rule.enum_reads = (type_name, dict(mapping), key)  # type: ignore[attr-defined]  # for the generated tests
    return rule

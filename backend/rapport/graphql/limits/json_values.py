"""Strings inside JSON input values (segment rules, a journey's graph): found wherever they are, keys included."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from rapport.core.i18n import Message


def first_string_problem(
    value: Any, path: str, check: Callable[[str, str], Message | None]
) -> tuple[Message, str] | None:
    """The first problem `check(text, path)` finds in a string or object key anywhere in `value`, with its path."""
    pending: list[tuple[Any, str]] = [(value, path)]
    while pending:
        item, where = pending.pop()
        if isinstance(item, str) and (reason := check(item, where)) is not None:
            return reason, where
        if isinstance(item, Mapping):
            pending += [(key, where) for key in item] + [(child, f"{where}.{key}") for key, child in item.items()]
        elif isinstance(item, list):
            pending += [(child, f"{where}.{index}") for index, child in enumerate(item)]
    return None

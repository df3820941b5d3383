"""The compiled statements' fixed values written into their text, where PostgreSQL can plan with them.

A plan's SQL is built once per caller scope and shape (`sql.sql_for`) and prepared once per connection, so
PostgreSQL runs it with a generic plan. Every value the statement builders put in it that is not bound per request
(JSON keys, enum names, limits, the caller's id and team path, a period's unit) was a parameter too: a generic plan
cannot fold a parameter, so an expression such as `date_trunc($1, timezone($2, closed_at))` was evaluated per row,
a `LIMIT $3` was planned blind, and asyncpg encoded a few hundred values per request (a 360° read had 266).

A fixed value now goes into the text as a typed literal (`'won'::VARCHAR`, `'6'::INTEGER`) when it is an anonymous
parameter (named ones are the request's own: the variables, cursors and the clock, bound per request), or a value
of an `IN` list of them, holding a value whose text is plain: an integer, a finite decimal or float, a boolean, or a
string of letters, digits and `_ ./:+@-` only. Nothing else is written in: a string with any other character (a
quote, a backslash, a Chinese label) stays a parameter, so no value can change the statement's syntax. The cast is
the one the parameter would have had, which keeps the literal's type (and keeps an integer in GROUP BY or ORDER BY
an expression, not a column position); a type the dialect binds without a cast stays a parameter.

Ids stay parameters: a UUID, or a string holding one (a team's path). The caller's id and team are such values;
written in, they would make each user's statements texts of their own, and every pooled connection would prepare
and keep a plan per user (`core.db.RAW_STATEMENT_CACHE_SIZE`) instead of one per role and shape.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal
from typing import Any

from sqlalchemy.sql import elements

#: The characters a string may hold to be written into the text (inside single quotes): no quote, no backslash.
_PLAIN = re.compile(r"[A-Za-z0-9_ ./:+@-]*")
#: A UUID inside a string (a team's path is its ancestors' ids): an id of the caller or of a row.
_HOLDS_ID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-")


def literal_text(value: Any) -> str | None:
    """The value's text between single quotes, or None when it must stay a parameter."""
    kind = type(value)
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return str(value)
    if kind is float:
        return repr(value) if math.isfinite(value) else None
    if kind is Decimal:
        return str(value) if value.is_finite() else None
    if kind is str and _PLAIN.fullmatch(value) and not _HOLDS_ID.search(value):
        return str(value)
    return None  # ids (a UUID, a team path) among them: see the module's docstring


def constants_inlined(base: type[Any]) -> type[Any]:
    """The dialect's statement compiler, writing fixed plain values into the text (see the module's docstring)."""

    class ConstantsInlined(base):  # type: ignore[misc]
        def visit_bindparam(self, bindparam: Any, **kw: Any) -> Any:
            inlined = None if kw.get("literal_binds") else self._inlined(bindparam, **kw)
            return inlined if inlined is not None else super().visit_bindparam(bindparam, **kw)

        def _inlined(self, bindparam: Any, **kw: Any) -> str | None:
            if (
                not isinstance(bindparam.key, elements._anonymous_label)
                or bindparam.callable is not None
                or bindparam.literal_execute
            ):
                return None
            implementation = bindparam.type._unwrapped_dialect_impl(self.dialect)
            if not implementation.render_bind_cast:
                return None
            type_name = self.dialect.type_compiler_instance.process(implementation, identifier_preparer=self.preparer)
            if not bindparam.expanding:
                text = literal_text(bindparam.value)
                return None if text is None else f"'{text}'::{type_name}"
            values = list(bindparam.value or ())
            texts = [literal_text(value) for value in values]
            if all(text is None for text in texts):  # an empty IN list is the dialect's own expression
                return None
            items = [  # in an IN list, each value that is not plain stays a parameter of its own
                f"'{text}'::{type_name}"
                if text is not None
                else self.process(elements.BindParameter(None, value, type_=bindparam.type, unique=True), **kw)
                for value, text in zip(values, texts, strict=True)
            ]
            return "(" + ", ".join(items) + ")"

    ConstantsInlined.__name__ = ConstantsInlined.__qualname__ = f"ConstantsInlined{base.__name__}"
    return ConstantsInlined


__all__ = ["constants_inlined", "literal_text"]

"""Parts of a statement that several roots of one compiled operation read alike, built once.

The compiler writes every root of an operation into one statement. Roots of the same kind often read the same rows
the same way: the customer dashboard groups the same visible customers, with the same period's revenue, by four
dimensions. A root's statement builder asks `shared_part` for such rows with a key that names everything they
depend on and the columns it reads of them.

The compiler builds an operation's statement once to learn which parts more than one root asks for, and the
columns they read together (`sharing`); if any, it builds the statement again, and every root asking with the
same key then reads the same common table expression, with just those columns, which PostgreSQL computes once (a
CTE read more than once is materialised: the narrower, the cheaper). A part only one root asks for, and every part
on the resolver path (which runs each root alone), is an ordinary subquery, planned with the rest of its
statement.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Sharing:
    """One build of a statement: the parts asked for (key -> columns read, times asked), and, on the second build,
    the CTE of each part asked for more than once."""

    wanted: dict[Hashable, frozenset[str]] = field(default_factory=dict)
    asked: dict[Hashable, tuple[frozenset[str], int]] = field(default_factory=dict)
    built: dict[Hashable, Any] = field(default_factory=dict)

    def shared(self) -> dict[Hashable, frozenset[str]]:
        """The parts more than one root asked for, with the columns they read together."""
        return {key: columns for key, (columns, times) in self.asked.items() if times > 1}


_SHARING: ContextVar[Sharing | None] = ContextVar("rapport_sharing", default=None)


@contextmanager
def sharing(wanted: dict[Hashable, frozenset[str]] | None = None) -> Iterator[Sharing]:
    """While one statement is built: record the parts asked for; with `wanted` (what a first build asked for more
    than once), give those parts as one CTE each."""
    state = Sharing(wanted=dict(wanted or {}))
    token = _SHARING.set(state)
    try:
        yield state
    finally:
        _SHARING.reset(token)


def shared_part(key: Hashable, columns: frozenset[str], build: Callable[[frozenset[str]], Any], name: str) -> Any:
    """The rows `build(columns)` selects (at least those columns), as a subquery named `name`, or, when the
    statement being built shares this part, as the CTE of every root asking with this key."""
    state = _SHARING.get()
    if state is None:
        return build(columns).subquery(name)
    seen, times = state.asked.get(key, (frozenset(), 0))
    state.asked[key] = (seen | columns, times + 1)
    wanted = state.wanted.get(key)
    if wanted is None or not columns <= wanted:
        return build(columns).subquery(name)
    found = state.built.get(key)
    if found is None:
        found = state.built[key] = build(wanted).cte(f"{name}_{len(state.built)}")
    return found


__all__ = ["Sharing", "shared_part", "sharing"]

"""Row scopes as SQL: a caller's scopes for a type become one WHERE clause in the repository's query."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, exists, false, literal, not_, or_, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core.authz.policy import Scope, current
from rapport.core.errors import NotFoundError
from rapport.core.i18n import Message
from rapport.core.principal import Principal

#: Given the caller, the rows related to their work (e.g. customers of their tickets): a SELECT of their ids,
#: or a condition on the row itself. A condition suits a relation through the row's own columns (a ticket's
#: customer): PostgreSQL checks it per row, where `id IN (SELECT ...)` would hash every related id per query.
RelatedSource = Callable[[Principal], Select[Any] | ColumnElement[bool]]
#: Given a team path, a SELECT of the ids of that team and every team below it.
TeamSubtree = Callable[[str], Select[Any]]

_related: dict[str, list[RelatedSource]] = {}
_team_subtree: list[TeamSubtree] = []


_registry_version = 0


def register_related(type_name: str, source: RelatedSource) -> None:
    """Add a way for rows of a type to be related to a caller (used by the `related` scope)."""
    global _registry_version
    _related.setdefault(type_name, []).append(source)
    _registry_version += 1


def unregister_related(type_name: str, source: RelatedSource) -> None:
    """Remove a way added by `register_related` (tests)."""
    global _registry_version
    _related[type_name].remove(source)
    _registry_version += 1


def register_team_subtree(subtree: TeamSubtree) -> None:
    """Tell scopes how to find a team's subtree (the identity domain owns teams)."""
    _team_subtree[:] = [subtree]


def row_filter(
    principal: Principal | None,
    type_name: str,
    *,
    id_column: Any,
    owner_column: Any | None = None,
    team_column: Any | None = None,
) -> ColumnElement[bool]:
    """The rows of `type_name` the caller may see, as a WHERE clause (nothing for anonymous callers)."""
    if principal is None:
        return false()
    scopes = current().for_roles(principal.roles).scope(type_name)
    if Scope.ALL in scopes:
        return true()
    clauses: list[ColumnElement[bool]] = []
    if owner_column is not None and (Scope.OWN in scopes or Scope.TEAM in scopes):
        clauses.append(owner_column == principal.user_id)
    if Scope.TEAM in scopes and team_column is not None and principal.team_path and _team_subtree:
        clauses.append(team_column.in_(_team_subtree[0](principal.team_path)))
    if Scope.RELATED in scopes:
        for source in _related.get(type_name, ()):
            related = source(principal)
            clauses.append(related if isinstance(related, ColumnElement) else id_column.in_(related))
    return or_(*clauses) if clauses else false()


def principal_key(principal: Principal | None) -> Hashable:
    """What a row filter's shape and values depend on: the caller, the policy and the registered sources."""
    if principal is None:
        return None
    return (principal.user_id, principal.roles, principal.team_path, current().version, _registry_version)


# --- one row scope per type --------------------------------------------------------------------------------
#: Given the caller, the rows of a type they may see, as a WHERE clause on the type's model.
Visibility = Callable[[Principal | None], ColumnElement[bool]]


@dataclass(frozen=True)
class RowScope:
    """The one definition of which rows of a type a caller sees, declared by the domain that owns the type.

    Everything that shows or takes rows of the type composes this: lists and counts, timelines, nested fields,
    exports, and the ids a mutation references (`referenced`).
    """

    type_name: str
    #: The mapped class whose `id` the type's global ids carry.
    model: Any
    visible: Visibility
    #: The NOT_FOUND message (`msg(...)`), the same for a missing id and one outside the caller's scope.
    missing_text: Message
    #: Rows that exist but answer like missing ones even in scope (a merged customer's tombstone).
    gone: Callable[[], ColumnElement[bool]] | None = None


_row_scopes: dict[str, RowScope] = {}


def declare_row_scope(scope: RowScope) -> None:
    """Make a type's row scope the one every path applies."""
    _row_scopes[scope.type_name] = scope


def row_scope(type_name: str) -> RowScope:
    """The declared row scope of a type (KeyError: the type has none, its rows are not scoped)."""
    return _row_scopes[type_name]


def scoped_types() -> frozenset[str]:
    """Every type with a declared row scope."""
    return frozenset(_row_scopes)


def visible(type_name: str, principal: Principal | None) -> ColumnElement[bool]:
    """The rows of `type_name` the caller may see, as a WHERE clause on its model."""
    return _row_scopes[type_name].visible(principal)


def visible_id(type_name: str, principal: Principal | None, id_expression: Any) -> ColumnElement[bool]:
    """True where `id_expression` (e.g. a column of another row) is the id of a row of `type_name` in scope.

    A correlated EXISTS: one primary-key probe per outer row, never a hash of every visible id.
    """
    scope = _row_scopes[type_name]
    return exists(select(literal(1)).where(scope.model.id == id_expression, scope.visible(principal)))


async def visible_ids(
    session: AsyncSession, principal: Principal | None, type_name: str, ids: Iterable[uuid.UUID]
) -> set[uuid.UUID]:
    """Which of these ids are rows of `type_name` in the caller's scope (e.g. for a live event's subscribers)."""
    wanted = list(dict.fromkeys(ids))
    if not wanted:
        return set()
    scope = _row_scopes[type_name]
    stmt = select(scope.model.id).where(scope.model.id.in_(wanted), scope.visible(principal))
    return set((await session.execute(stmt)).scalars())


async def visible_to_each(
    session: AsyncSession, principals: Sequence[Principal | None], type_name: str, ids: Iterable[uuid.UUID]
) -> list[set[uuid.UUID]]:
    """For each caller, which of these ids are rows of `type_name` in their scope: one statement for all of them
    (a live event's subscribers), each caller's scope a column of it."""
    wanted = list(dict.fromkeys(ids))
    if not wanted or not principals:
        return [set() for _ in principals]
    scope = _row_scopes[type_name]
    columns = [scope.visible(p).label(f"p{i}") for i, p in enumerate(principals)]
    stmt = select(scope.model.id, *columns).where(scope.model.id.in_(wanted))
    seen: list[set[uuid.UUID]] = [set() for _ in principals]
    for row in await session.execute(stmt):
        for i in range(len(principals)):
            if row[i + 1]:
                seen[i].add(row[0])
    return seen


async def shown(session: AsyncSession, principal: Principal | None, type_name: str, raw_id: uuid.UUID) -> Any | None:
    """The row of `type_name` as a payload may echo it: only if the caller's scope holds it, else None."""
    scope = _row_scopes[type_name]
    stmt = select(scope.model).where(scope.model.id == raw_id, scope.visible(principal))
    return (await session.execute(stmt.execution_options(populate_existing=True))).scalar_one_or_none()


async def referenced(
    session: AsyncSession, principal: Principal | None, type_name: str, raw_id: uuid.UUID, *, lock: bool = False
) -> Any:
    """The row of `type_name` a mutation names by id, resolved through the caller's row scope.

    Out of scope, missing and gone rows raise the same NOT_FOUND with the same message, so an id tells the
    caller nothing they may not see. With `lock`, the row is locked for the transaction (and read fresh).
    """
    scope = _row_scopes[type_name]
    stmt = select(scope.model).where(scope.model.id == raw_id, scope.visible(principal))
    if scope.gone is not None:
        stmt = stmt.where(not_(scope.gone()))
    if lock:
        stmt = stmt.with_for_update().execution_options(populate_existing=True)
    row = (await session.execute(stmt)).scalar_one_or_none()
    if row is None:
        raise NotFoundError(scope.missing_text)
    return row

"""Row scopes as SQL: a caller's scopes for a type become one WHERE clause in the repository's query."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

from sqlalchemy import ColumnElement, Select, false, or_, true

from rapport.core.authz.policy import Scope, current
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

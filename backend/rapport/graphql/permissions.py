"""Access declared on root fields (never checked by hand in resolvers)."""

from __future__ import annotations

from typing import Any

from strawberry.permission import BasePermission

from rapport.core.errors import ErrorCode, UnauthenticatedError
from rapport.graphql.context import Info


class IsAuthenticated(BasePermission):
    """The caller must be signed in or send an API token."""

    message = "Sign in first, or send an API token as 'Authorization: Bearer'."
    error_extensions = {"code": ErrorCode.UNAUTHENTICATED.value}

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        return info.context.principal is not None


def HasRole(*roles: str) -> type[BasePermission]:
    """A permission class: the caller must hold one of `roles` (UNAUTHENTICATED when nobody is signed in)."""
    wanted = frozenset(roles)

    class _HasRole(BasePermission):
        message = f"This needs one of the roles: {', '.join(sorted(wanted))}."
        error_extensions = {"code": ErrorCode.FORBIDDEN.value}

        def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
            principal = info.context.principal
            if principal is None:
                raise UnauthenticatedError
            return bool(wanted & principal.roles)

    _HasRole.__name__ = f"HasRole_{'_'.join(sorted(wanted))}"
    return _HasRole

"""Who is calling: how a request's credentials become a principal.

The identity domain owns users, sessions and tokens; the GraphQL server (below it) only needs one function
from credentials to a principal. The composition root installs identity's (`rapport.assembly.install`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from rapport.core.principal import Principal

if TYPE_CHECKING:  # the database layer reads the session cookie's name from here (core.replica)
    from rapport.core.db import Database

#: The cookie that carries a browser session's secret.
SESSION_COOKIE = "rapport_session"

#: Given the database, an API token (which wins) and a session cookie, the caller or None.
PrincipalFor = Callable[["Database", str | None, str | None], Awaitable[Principal | None]]

_principal_for: list[PrincipalFor] = []


def install_authentication(principal_for: PrincipalFor) -> None:
    """Set how credentials become a principal (the composition root calls this with identity's)."""
    _principal_for[:] = [principal_for]


async def principal_for_credentials(db: Database, bearer: str | None, cookie: str | None) -> Principal | None:
    """The caller behind an API token or a session cookie, or None when neither works (any more)."""
    if not _principal_for:
        raise RuntimeError("No authentication installed: assemble Rapport (rapport.assembly.install) first.")
    return await _principal_for[0](db, bearer, cookie)

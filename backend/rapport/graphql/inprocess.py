"""Running a GraphQL document in this process on someone's behalf (webhook payloads, integrations' tools).

Work done for an integration reads the graph exactly as that integration would over HTTP: the same schema, the
same whole-document policy check before execution, the same masks, row scopes and audit of sensitive reads.
Nothing here decides what a principal may see; the executor does, as it does for every request.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from starlette.requests import Request
from strawberry.types import ExecutionResult
from strawberry.types.graphql import OperationType

from rapport.config import Settings
from rapport.core.db import Database
from rapport.core.principal import Principal
from rapport.graphql.context import Context
from rapport.graphql.loaders import Loaders
from rapport.graphql.schema import RapportSchema

#: Builds the served schema for settings (the composition root installs `rapport.assembly.build_schema`).
SchemaProvider = Callable[[Settings], RapportSchema]

_provider: list[SchemaProvider] = []
_built: dict[int, tuple[Settings, RapportSchema]] = {}


def install_schema_provider(provider: SchemaProvider) -> None:
    """Set how the schema is built (the composition root calls this)."""
    _provider[:] = [provider]
    _built.clear()


def schema_for(settings: Settings) -> RapportSchema:
    """The schema for these settings, built once per settings object."""
    known = _built.get(id(settings))
    if known is not None and known[0] is settings:
        return known[1]
    if not _provider:
        raise RuntimeError("No schema provider installed: assemble Rapport (rapport.assembly.install) first.")
    schema = _provider[0](settings)
    if len(_built) >= 8:
        _built.clear()
    _built[id(settings)] = (settings, schema)
    return schema


def _request(name: str) -> Request:
    """A stand-in for the HTTP request: no headers, no cookies; `name` says whose work it is in logs."""
    return Request(
        {
            "type": "http",
            "method": "POST",
            "path": "/graphql",
            "raw_path": b"/graphql",
            "root_path": "",
            "scheme": "http",
            "query_string": b"",
            "headers": [],
            "client": (name, 0),
            "server": None,
        }
    )


async def execute_as(
    db: Database,
    settings: Settings,
    principal: Principal,
    document: str,
    variables: Mapping[str, Any] | None = None,
    *,
    on_behalf_of: str = "in-process",
    allowed: Iterable[OperationType] | None = None,
) -> ExecutionResult:
    """Run a query or mutation as `principal`, in the principal's language.

    `allowed` limits the operation types the executor accepts (e.g. queries only for work that must never write);
    by default, every type the schema serves.
    """
    context = Context(
        request=_request(on_behalf_of),
        response=None,
        settings=settings,
        db=db,
        principal=principal,
        loaders=Loaders(db, principal),
        locale=principal.locale,
    )
    return await schema_for(settings).execute(
        document,
        variable_values=dict(variables or {}),
        context_value=context,
        allowed_operation_types=None if allowed is None else tuple(allowed),
    )

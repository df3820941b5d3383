"""Rapport's MCP server over stdio (one API token for the process) and streamable HTTP (a token per request).

Over stdio the token comes from the environment and is checked at start; it is looked up again at every call, so
revoking it, expiring it or deactivating its user stops the server's tools at once. Over HTTP (stateless) every
request authenticates with its own `Authorization: Bearer` token before the MCP layer sees it; a request without
a working token is answered 401.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from mcp.server.mcpserver import Context
from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from rapport.config import Settings
from rapport.core import crypto
from rapport.core.authn import principal_for_credentials
from rapport.core.authz.policy import set_enforcement
from rapport.core.db import Database
from rapport.core.errors import UnauthenticatedError
from rapport.core.i18n import DEFAULT_LOCALE, msg, request_locale
from rapport.core.jobs import job_process
from rapport.core.principal import Principal
from rapport.integrations.mcp.host import CallerOf, RapportMCP
from rapport.integrations.mcp.runner import Runtime, Tier, ToolRefusedError
from rapport.integrations.mcp.tools import TOOLS

#: Where the HTTP transport serves MCP.
MCP_PATH = "/mcp"
#: The key of the caller in an HTTP request's scope state.
PRINCIPAL_KEY = "rapport_mcp_principal"

INSTRUCTIONS = (
    "Rapport is a CRM. These tools act as one Rapport user: they see what that user may see (some values masked, "
    "e.g. 138****5678) and may do what that user may do. Find customers with search_customers, then read one with "
    "customer_360. Tools that write take dry_run: use it to check a call before making it."
)


def build_server(runtime: Runtime, caller_of: CallerOf, tier: Tier) -> RapportMCP:
    """The MCP server with the tools up to `tier` (the others are neither listed nor callable)."""
    server = RapportMCP(runtime, caller_of, tier, name="rapport", instructions=INSTRUCTIONS)
    for spec in TOOLS.values():
        if spec.tier <= tier:
            server.add_tool(spec.function, name=spec.name, title=spec.title, annotations=spec.annotations())
    return server


@asynccontextmanager
async def mcp_process(settings: Settings, db: Database) -> AsyncIterator[Runtime]:
    """What a process serving MCP needs, as `create_app` sets it up for the web server: the field keys, the
    enforcement mode, the database's policy kept current as it changes, and the audit of sensitive reads."""
    crypto.configure(settings.field_encryption_keys, settings.blind_index_key)
    set_enforcement(settings.authz_enforcement)
    async with job_process(settings, db):
        yield Runtime(db, settings)


def token_caller(db: Database, token: str, locale: str) -> CallerOf:
    """Over stdio: the user of the process's token, looked up at each call (`locale`: its user's language when the
    server started, for the refusal once the token stopped working)."""

    async def caller_of(_: Context[Any, Any]) -> Principal:
        principal = await principal_for_credentials(db, token, None)
        if principal is None:
            raise ToolRefusedError(
                msg("The API token no longer works (revoked, expired, or its user deactivated).").render(locale)
            )
        return principal

    return caller_of


async def request_caller(ctx: Context[Any, Any]) -> Principal:
    """Over HTTP: the user the request's token named (`BearerGate` checked it)."""
    request = ctx.request_context.request
    principal = request.scope.get("state", {}).get(PRINCIPAL_KEY) if isinstance(request, Request) else None
    if not isinstance(principal, Principal):
        raise ToolRefusedError(UnauthenticatedError().render(DEFAULT_LOCALE))
    return principal


class BearerGate:
    """Every HTTP request names its user with `Authorization: Bearer <API token>`; 401 without a working one."""

    def __init__(self, app: ASGIApp, db: Database) -> None:
        self.app = app
        self.db = db

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        scheme, _, token = headers.get("authorization", "").partition(" ")
        principal = None
        if scheme.lower() == "bearer" and token.strip():
            principal = await principal_for_credentials(self.db, token.strip(), None)
        if principal is None:
            locale = request_locale(headers.get("accept-language"))
            error = UnauthenticatedError(
                msg("Send a working API token as 'Authorization: Bearer rpt_...' (it may be revoked or expired).")
            )
            body = {"error": {"code": error.code.value, "message": error.render(locale)}}
            response = JSONResponse(body, status_code=401, headers={"WWW-Authenticate": 'Bearer realm="rapport"'})
            await response(scope, receive, send)
            return
        scope.setdefault("state", {})[PRINCIPAL_KEY] = principal
        await self.app(scope, receive, send)


def http_app(runtime: Runtime, tier: Tier, host: str) -> ASGIApp:
    """The streamable HTTP app (stateless, JSON answers) at /mcp behind the bearer gate; its lifespan runs the
    SDK's session manager."""
    server = build_server(runtime, request_caller, tier)
    app = server.streamable_http_app(streamable_http_path=MCP_PATH, stateless_http=True, json_response=True, host=host)
    return BearerGate(app, runtime.db)

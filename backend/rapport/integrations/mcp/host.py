"""The MCP server object Rapport serves: what its tools run on, and how a call knows its caller."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from mcp.server.mcpserver import Context, MCPServer

from rapport.core.principal import Principal
from rapport.integrations.mcp.runner import Runtime, Tier

#: The caller of a tool call, from its request (over HTTP: the request's own token), or raises ToolRefusedError.
CallerOf = Callable[[Context[Any, Any]], Awaitable[Principal]]


class RapportMCP(MCPServer[Any]):
    """An MCP server whose tools run on Rapport's database, as the caller the transport names, up to a tier."""

    def __init__(self, runtime: Runtime, caller_of: CallerOf, tier: Tier, **options: Any) -> None:
        super().__init__(**options)
        self.runtime = runtime
        self.caller_of = caller_of
        self.tier = tier


def host_of(ctx: Context[Any, Any]) -> RapportMCP:
    """The server a tool call came to."""
    server = ctx.mcp_server
    if not isinstance(server, RapportMCP):
        raise TypeError("Rapport's MCP tools run on a RapportMCP server")
    return server

"""`rapport mcp`: Rapport's tools for AI assistants (Model Context Protocol), over stdio or streamable HTTP."""

from __future__ import annotations

import asyncio
import os
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from rapport.config import Settings, get_settings
from rapport.core.db import Database, create_engine
from rapport.core.logging import configure_logging

if TYPE_CHECKING:
    from rapport.integrations.mcp.runner import Tier

console = Console(stderr=True)  # stdout carries the protocol over stdio: nothing else may be written there

#: The environment variable holding the API token over stdio.
TOKEN_VARIABLE = "RAPPORT_API_TOKEN"  # noqa: S105 - the name of a variable, not a secret


def mcp(
    http: Annotated[bool, typer.Option("--http", help="Serve streamable HTTP at /mcp instead of stdio.")] = False,
    host: Annotated[str, typer.Option(help="HTTP: address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="HTTP: port to listen on.")] = 8765,
    tier: Annotated[
        str,
        typer.Option(
            help="The most a tool may do: read (search and read only), write (also add activities, tickets, tasks) "
            "or destructive (also change tickets). Tools above the tier are neither listed nor callable."
        ),
    ] = "write",
) -> None:
    """Serve Rapport's MCP tools as the user of an API token: over stdio with RAPPORT_API_TOKEN (for Claude Desktop
    or an IDE), or over HTTP where each request sends its own 'Authorization: Bearer' token."""
    from rapport.cli import _settings_with_database, _stop_embedded
    from rapport.integrations.mcp.runner import Tier

    tiers = {level.label: level for level in Tier}
    if tier not in tiers:
        console.print(f"[red]--tier is one of {', '.join(tiers)}, not {tier!r}.[/red]")
        raise typer.Exit(2)
    configure_logging(get_settings().log_level)
    token = os.environ.get(TOKEN_VARIABLE, "").strip()
    if not http and not token:
        console.print(f"[red]Set {TOKEN_VARIABLE} to an API token (System administration › Integrations).[/red]")
        raise typer.Exit(2)
    settings = _settings_with_database()
    settings.check_production_safety()
    try:
        serving = _serve_http(settings, tiers[tier], host, port) if http else _serve_stdio(settings, tiers[tier], token)
        code = asyncio.run(serving)
    finally:
        _stop_embedded()
    if code:
        raise typer.Exit(code)


def _database(settings: Settings) -> Database:
    assert settings.database_url
    return Database(create_engine(settings.database_url, pool_size=settings.db_pool_size), raw_pool_size=2)


async def _serve_stdio(settings: Settings, tier: Tier, token: str) -> int:
    from rapport.core.authn import principal_for_credentials
    from rapport.integrations.mcp.server import build_server, mcp_process, token_caller

    db = _database(settings)
    try:
        async with mcp_process(settings, db) as runtime:
            principal = await principal_for_credentials(db, token, None)
            if principal is None:
                console.print(
                    f"[red]{TOKEN_VARIABLE} does not work: unknown, revoked or expired, or its user deactivated.[/red]"
                )
                return 2
            console.print(
                f"[dim]Rapport MCP over stdio as {principal.email} ({', '.join(sorted(principal.roles))}), "
                f"tier {tier.label}.[/dim]"
            )
            server = build_server(runtime, token_caller(db, token, principal.locale), tier)
            await server.run_stdio_async()
            return 0
    finally:
        await db.dispose()


async def _serve_http(settings: Settings, tier: Tier, host: str, port: int) -> int:
    import uvicorn

    from rapport.integrations.mcp.server import MCP_PATH, http_app, mcp_process

    db = _database(settings)
    try:
        async with mcp_process(settings, db) as runtime:
            console.print(f"[bold]Rapport MCP[/bold] at http://{host}:{port}{MCP_PATH} (tier {tier.label})")
            config = uvicorn.Config(http_app(runtime, tier, host), host=host, port=port, log_config=None)
            await uvicorn.Server(config).serve()
            return 0
    finally:
        await db.dispose()

"""The `rapport` command: serve, worker, migrate, seed, create-user, export-schema, jobs, mcp, import, backup,
restore."""

from __future__ import annotations

import asyncio
import getpass
import os
import signal
import sys
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from rapport.backup_command import backup_database, restore_database
from rapport.config import Settings, get_settings
from rapport.core.db import Database
from rapport.core.embedded import EmbeddedPostgres
from rapport.core.logging import configure_logging
from rapport.import_command import import_file
from rapport.mcp_command import mcp
from rapport.region_report import regions_app

if TYPE_CHECKING:
    from rapport.core.mail.sink import SmtpSink

app = typer.Typer(help="Rapport CRM server and operator commands.", no_args_is_help=True, add_completion=False)
jobs_app = typer.Typer(help="Periodic jobs: list them or run one once.", no_args_is_help=True)
app.add_typer(jobs_app, name="jobs")
keys_app = typer.Typer(help="Encryption keys of personal data.", no_args_is_help=True)
app.add_typer(keys_app, name="keys")
app.add_typer(regions_app, name="regions")
app.command("mcp")(mcp)
app.command("import")(import_file)
app.command("backup")(backup_database)
app.command("restore")(restore_database)
console = Console(stderr=True)
T = TypeVar("T")

_embedded: EmbeddedPostgres | None = None


def _settings_with_database() -> Settings:
    """Settings whose DATABASE_URL is set: the environment's, or the embedded PostgreSQL's."""
    global _embedded
    settings = get_settings()
    if settings.database_url:
        return settings
    if settings.is_production:
        settings.check_production_safety()
    _embedded = EmbeddedPostgres(settings.rapport_data_dir)
    console.print(f"[dim]No DATABASE_URL: using the embedded PostgreSQL in {settings.rapport_data_dir}[/dim]")
    url = _embedded.start()
    os.environ["DATABASE_URL"] = url  # child processes (e.g. workers) use the same server
    return settings.model_copy(update={"database_url": url})


def _stop_embedded() -> None:
    if _embedded is not None:
        console.print("[dim]Stopping the embedded PostgreSQL...[/dim]")
        _embedded.stop()


def _with_db(settings: Settings, body: Callable[[Database], Awaitable[T]], pool_size: int = 2) -> T:
    async def run() -> T:
        from rapport.app import open_database  # the replica too (exports read it); never the pooler

        db = open_database(settings, pool_size=pool_size, raw_pool_size=10, direct=True)
        try:
            return await body(db)
        finally:
            await db.dispose()

    return asyncio.run(run())


def _migrate(settings: Settings) -> None:
    from rapport.core.migrate import upgrade_to_head

    _with_db(settings, lambda db: upgrade_to_head(db.engine))


@app.command()
def migrate() -> None:
    """Apply database migrations (safe to run from several processes at once)."""
    configure_logging(get_settings().log_level)
    settings = _settings_with_database()
    _migrate(settings)
    console.print("[green]Database is at the newest migration.[/green]")


@app.command()
def seed(
    locale: Annotated[str, typer.Option(help="Language of generated names: zh_CN or en.")] = "zh_CN",
    random_seed: Annotated[int, typer.Option("--random-seed", help="Seed for deterministic data.")] = 42,
    customers: Annotated[
        int | None,
        typer.Option(help="Customers to generate (with contacts, orders, activities); default 200 if none exist."),
    ] = None,
    tickets: Annotated[int, typer.Option(help="Extra tickets to generate in bulk (large databases).")] = 0,
    opportunities: Annotated[int, typer.Option(help="Extra opportunities to generate in bulk.")] = 0,
) -> None:
    """Create demo data (one user per role, password rapport-demo). Refuses when RAPPORT_ENV=production."""
    from rapport.demo import SeedRefusedError, seed_demo

    settings = get_settings()
    if settings.is_production:
        console.print("[red]`rapport seed` refuses to run with RAPPORT_ENV=production.[/red]")
        raise typer.Exit(2)
    configure_logging(settings.log_level)
    settings = _settings_with_database()
    _migrate(settings)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    try:
        with Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=False,
        ) as bar:
            task = bar.add_task("customers", total=customers or 1)

            def advance(done: int, total: int) -> None:
                bar.update(task, completed=done, total=total)

            report = _with_db(
                settings,
                lambda db: seed_demo(
                    db,
                    settings,
                    locale=locale,
                    random_seed=random_seed,
                    customers=customers,
                    tickets=tickets,
                    opportunities=opportunities,
                    progress=advance,
                ),
            )
    except (SeedRefusedError, ValueError) as error:
        console.print(f"[red]{error}[/red]")
        raise typer.Exit(2) from error
    console.print(f"[green]Demo data ready:[/green] {report}")
    _print_demo_signins()


@app.command("create-user")
def create_user(
    email: Annotated[str, typer.Argument(help="Sign-in email.")],
    name: Annotated[str, typer.Option(help="Display name.")] = "",
    role: Annotated[list[str], typer.Option("--role", help="Role name; repeat for several.")] = ["admin"],  # noqa: B006
    password: Annotated[
        str | None, typer.Option(help="Password (asked for when omitted; env RAPPORT_PASSWORD also works).")
    ] = None,
    locale: Annotated[str, typer.Option(help="zh-CN or en.")] = "zh-CN",
) -> None:
    """Create a user, e.g. the first administrator of a production installation."""
    from rapport.core.errors import RapportError
    from rapport.identity.service import create_user as create

    configure_logging(get_settings().log_level)
    settings = _settings_with_database()
    secret = password or os.environ.get("RAPPORT_PASSWORD") or getpass.getpass("Password: ")

    async def body(db: Database) -> str:
        async with db.write() as session:
            user = await create(session, email=email, name=name or email, password=secret, roles=role, locale=locale)
            return str(user.id)

    try:
        user_id = _with_db(settings, body)
    except RapportError as error:
        console.print(f"[red]{error.message}[/red]")
        raise typer.Exit(2) from error
    console.print(f"[green]Created {email} ({', '.join(role)}), id {user_id}.[/green]")


@app.command("export-schema")
def export_schema() -> None:
    """Print the GraphQL schema (SDL) that the server serves."""
    from rapport.assembly import build_schema

    typer.echo(build_schema(Settings(rapport_env="development")).as_str())  # type: ignore[arg-type]


@app.command("compiler-coverage")
def compiler_coverage() -> None:
    """Which of the web app's read operations the compiler takes (every shape of their @include/@skip), and why
    not for the others."""
    from rapport.compiler_report import print_report

    print_report(Settings())


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Address to listen on (env HOST; default 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on (env PORT; default 8000).")] = None,
    no_jobs: Annotated[bool, typer.Option("--no-jobs", help="Do not run background jobs in this process.")] = False,
    mail_sink: Annotated[
        bool,
        typer.Option(
            "--mail-sink",
            help="Development: also run a local SMTP sink on SMTP_HOST:SMTP_PORT (its inbox: Admin > Dev inbox).",
        ),
    ] = False,
    workers: Annotated[
        int,
        typer.Option(
            min=1,
            max=64,
            envvar="WEB_CONCURRENCY",
            help="Web processes sharing the port (env WEB_CONCURRENCY; default 1). Each is stateless: live events, "
            "sign-outs and policy changes reach every process through PostgreSQL.",
        ),
    ] = 1,
) -> None:
    """Serve the SPA at / and GraphQL at /graphql; starts an embedded PostgreSQL without DATABASE_URL."""
    from rapport.demo import demo_seeded_at, seed_demo
    from rapport.serve_command import run_web

    base = get_settings()
    configure_logging(base.log_level)
    embedded = not base.database_url
    settings = _settings_with_database()
    settings = settings.model_copy(
        update={
            "host": host or settings.host,
            "port": port or settings.port,
            "jobs_in_process": settings.jobs_in_process and not no_jobs,
        }
    )
    settings.check_production_safety()
    _migrate(settings)
    if embedded and not settings.is_production:

        async def first_start_seed(db: Database) -> dict[str, Any] | None:
            if await demo_seeded_at(db) is not None:
                return None
            return await seed_demo(db, settings)

        if _with_db(settings, first_start_seed) is not None:
            console.print("[green]First start: demo data created.[/green]")
    url = f"http://{settings.host}:{settings.port}/"
    console.print(f"\n[bold]Rapport[/bold] is at [link={url}]{url}[/link]  (GraphQL: {url}graphql)")
    if not settings.is_production:
        _print_demo_signins()
    sink = _start_mail_sink(settings) if mail_sink else None
    console.print("[dim]Press Ctrl-C to stop.[/dim]\n")
    # uvicorn shuts down gracefully on SIGINT/SIGTERM and then re-raises the signal; turning SIGTERM into
    # SystemExit lets the embedded PostgreSQL stop cleanly afterwards instead of dying with the process.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        run_web(settings, workers)
    except KeyboardInterrupt:
        pass
    finally:
        if sink is not None:
            sink.stop()
        _stop_embedded()


def _start_mail_sink(settings: Settings) -> SmtpSink:
    """The development SMTP sink on SMTP_HOST:SMTP_PORT, keeping messages for the development inbox."""
    from rapport.core.mail.sink import SmtpSink

    if settings.is_production:
        console.print("[red]--mail-sink is for development: production sends email to real inboxes.[/red]")
        raise typer.Exit(2)
    sink = SmtpSink(settings.sink_directory, settings.smtp_host, settings.smtp_port).start()
    console.print(
        f"[dim]SMTP sink on {settings.smtp_host}:{settings.smtp_port}, keeping mail in {settings.sink_directory} "
        "(admins: Admin > Dev inbox)[/dim]"
    )
    return sink


@app.command()
def worker(concurrency: Annotated[int, typer.Option(help="Jobs run at the same time.")] = 4) -> None:
    """Run background jobs only (no web server); start several for scale."""
    from rapport.core.jobs import run_worker

    configure_logging(get_settings().log_level)
    settings = _settings_with_database()
    _migrate(settings)
    # Each running job may hold a connection and read through loaders beside it.
    _with_db(settings, lambda db: run_worker(settings, db, concurrency), pool_size=2 * concurrency + 2)


@jobs_app.command("list")
def jobs_list() -> None:
    """List the periodic jobs with their schedules."""
    from rapport.assembly import install
    from rapport.core.jobs import JOBS

    install()
    table = Table("name", "cron", "what it does")
    for spec in sorted(JOBS.values(), key=lambda s: s.name):
        table.add_row(spec.name, spec.cron, spec.description)
    Console().print(table)


@jobs_app.command("run")
def jobs_run(
    name: Annotated[str, typer.Argument(help="Job name, see `rapport jobs list`.")],
    now: Annotated[
        str | None,
        typer.Option(help="Run as if it were this time (ISO-8601 with offset, e.g. 2026-03-01T09:00:00+08:00)."),
    ] = None,
) -> None:
    """Run one periodic job once, now or at a given time."""
    import orjson

    from rapport.assembly import install
    from rapport.core.jobs import UnknownJobError, run_job_once

    install()
    instant: datetime | None = None
    if now is not None:
        try:
            instant = datetime.fromisoformat(now)
        except ValueError as error:
            console.print(f"[red]--now must be ISO-8601, e.g. 2026-03-01T09:00:00+08:00 (got {now!r}).[/red]")
            raise typer.Exit(2) from error
        if instant.tzinfo is None:
            console.print("[red]--now needs a UTC offset, e.g. 2026-03-01T09:00:00+08:00 or ...Z.[/red]")
            raise typer.Exit(2)
    configure_logging(get_settings().log_level)
    settings = _settings_with_database()
    try:
        result = _with_db(settings, lambda db: run_job_once(name, db, settings, instant))
    except UnknownJobError as error:
        console.print(f"[red]{error}[/red]")
        raise typer.Exit(2) from error
    typer.echo(orjson.dumps({"job": name, "result": result}, default=str).decode())


@keys_app.command("rotate")
def keys_rotate() -> None:
    """Re-encrypt every value made with an older key (FIELD_ENCRYPTION_KEYS: oldest first, newest last)."""
    import orjson

    from rapport.core import crypto
    from rapport.core.keys import rotate
    from rapport.customers import service as customer_service

    del customer_service  # registers the customer graph's encrypted columns
    configure_logging(get_settings().log_level)
    settings = _settings_with_database()
    crypto.configure(settings.field_encryption_keys, settings.blind_index_key)

    def report(column: str, count: int) -> None:
        console.print(f"[dim]{column}: {count} re-encrypted[/dim]")

    result = _with_db(settings, lambda db: rotate(db, report))
    typer.echo(orjson.dumps({"reencrypted": result}).decode())


@keys_app.command("status")
def keys_status() -> None:
    """How many values per column still use an older key."""
    import orjson

    from rapport.core import crypto
    from rapport.core.keys import pending
    from rapport.customers import service as customer_service

    del customer_service
    configure_logging(get_settings().log_level)
    settings = _settings_with_database()
    crypto.configure(settings.field_encryption_keys, settings.blind_index_key)
    typer.echo(orjson.dumps({"pending": _with_db(settings, pending)}).decode())


def _print_demo_signins() -> None:
    from rapport.identity.demo import DEMO_PASSWORD, DEMO_USERS
    from rapport.support.demo import PORTAL_EMAIL

    table = Table("demo sign-in", "role", title=f"Demo users (password: {DEMO_PASSWORD})")
    for user in DEMO_USERS:
        table.add_row(user.email, ", ".join(user.roles))
    table.add_row(PORTAL_EMAIL, "customer (portal)")
    console.print(table)


def main() -> None:
    """Entry point of the `rapport` console script (every command runs on Rapport assembled from its manifests)."""
    from rapport.assembly import install

    install()
    app()

"""`rapport import FILE`: import customers from a CSV or XLSX file, as a user, with a progress bar.

The same path as the web app's import wizard: the file is kept as an import batch, mapped by a saved template (or
by the columns' suggested fields), every row decided and counted (`--dry-run` stops there), then written, and the
batch can be followed and undone in the web app like any other.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from rapport.config import Settings, get_settings
from rapport.core.logging import configure_logging

console = Console(stderr=True)
STRATEGIES = ("skip", "update_empty", "update_all", "merge")


def import_file(
    file: Annotated[Path, typer.Argument(help="The CSV or XLSX file.", exists=True, dir_okay=False, readable=True)],
    as_user: Annotated[str, typer.Option("--as", help="The email of the user the import acts as.")],
    kind: Annotated[str, typer.Option(help="What the file holds: customers, orders or tickets.")] = "customers",
    template: Annotated[str | None, typer.Option(help="A saved mapping's name (default: the suggested one).")] = None,
    sheet: Annotated[str | None, typer.Option(help="The sheet to import (default: the first).")] = None,
    strategy: Annotated[str, typer.Option(help="Rows matching a customer: " + ", ".join(STRATEGIES) + ".")] = "skip",
    create_similar: Annotated[bool, typer.Option(help="Create rows that only resemble a customer by name.")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Decide and count every row; write nothing.")] = False,
    rejected: Annotated[Path | None, typer.Option(help="Write the rows not imported, with why, to this CSV.")] = None,
) -> None:
    """Import customers with their contacts, orders or tickets from a file, as a user (their policy decides what
    they may write)."""
    from rapport.cli import _settings_with_database, _stop_embedded

    if kind not in ("customers", "orders", "tickets"):
        console.print(f"[red]--kind is customers, orders or tickets, not {kind!r}.[/red]")
        raise typer.Exit(2)
    if strategy not in STRATEGIES:
        console.print(f"[red]--strategy is one of {', '.join(STRATEGIES)}, not {strategy!r}.[/red]")
        raise typer.Exit(2)
    configure_logging(get_settings().log_level)
    settings = _settings_with_database()
    try:
        content = file.read_bytes()
        code = asyncio.run(
            _run(
                settings,
                file.name,
                content,
                as_user,
                kind,
                template,
                sheet,
                strategy,
                create_similar,
                dry_run,
                rejected,
            )
        )
    finally:
        _stop_embedded()
    if code:
        raise typer.Exit(code)


async def _run(
    settings: Settings,
    filename: str,
    content: bytes,
    email: str,
    kind: str,
    template_name: str | None,
    sheet_name: str | None,
    strategy: str,
    create_similar: bool,
    dry_run: bool,
    rejected: Path | None,
) -> int:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn, TimeRemainingColumn
    from sqlalchemy import select

    from rapport.core import clock, crypto
    from rapport.core.authz.policy import set_enforcement
    from rapport.core.db import Database, create_engine
    from rapport.core.errors import RapportError
    from rapport.core.jobs import job_process
    from rapport.identity.service import acting_as
    from rapport.integrations.imports import runner, service
    from rapport.integrations.imports.mapping import ImportKind
    from rapport.integrations.imports.models import ImportTemplate

    assert settings.database_url
    crypto.configure(settings.field_encryption_keys, settings.blind_index_key)
    set_enforcement(settings.authz_enforcement)
    db = Database(create_engine(settings.database_url, pool_size=4), raw_pool_size=2)
    try:
        async with job_process(settings, db):
            async with db.read() as session:
                principal = await acting_as(session, email)
                saved = None
                if template_name:
                    saved = (
                        await session.scalars(
                            select(ImportTemplate).where(
                                ImportTemplate.name == template_name, ImportTemplate.kind == kind
                            )
                        )
                    ).first()
            if principal is None:
                console.print(f"[red]No user has the email {email}.[/red]")
                return 2
            if template_name and saved is None:
                console.print(f"[red]No import template is called {template_name!r}.[/red]")
                return 2
            try:
                batch, upload = await service.upload(db, principal, filename, content, ImportKind(kind))
                chosen_sheet = sheet_name or upload.sheets[0].name
                columns: dict[str, Any] = (
                    dict(saved.columns) if saved else service.suggestions(ImportKind(kind), upload)[chosen_sheet]
                )
                values = dict(saved.values) if saved else {}
                chosen = service.Settings(chosen_sheet, columns, values, strategy, create_similar)
                # A dry run decides every row and counts; a run decides each row as it writes it (deciding them all
                # beforehand as well would read and match the whole file twice).
                batch, preview = await service.configure(
                    db, principal, batch.id, chosen, preview_rows=dry_run, upload=upload
                )
            except RapportError as error:
                console.print(f"[red]{error.render(principal.locale)}[/red]")
                return 1
            if dry_run:
                counts = preview.counts
                console.print(
                    f"{filename}: {sum(counts.values())} rows - create {counts['create']}, update "
                    f"{counts['update']}, skip {counts['skip']}, conflict {counts['conflict']}, "
                    f"reject {counts['reject']}"
                )
                console.print("[dim]Dry run: nothing was written.[/dim]")
                return 0
            await service.start(db, principal, batch.id)
            with Progress(
                "[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                TimeRemainingColumn(), console=console,
            ) as bar:  # fmt: skip
                task = bar.add_task("importing", total=batch.total)
                if not await runner.claim_batch(db, batch.id, clock.now()):
                    console.print("[red]Another process took this import; follow it in the web app.[/red]")
                    return 1
                done = await runner.run_batch(
                    db, batch.id, lambda n, total: bar.update(task, completed=n, total=total), upload
                )
                del upload
            console.print(
                f"[green]{done.status}:[/green] {done.created} created, {done.updated} updated, "
                f"{done.skipped} skipped, {done.rejected} not imported"
            )
            if rejected is not None and done.rejected:
                async with db.read() as session:
                    _, rows = await service.rejected_file(session, principal, batch.id)
                await asyncio.to_thread(rejected.write_bytes, rows)
                console.print(f"Rows not imported, with why: {rejected}")
            return 0 if done.status == "done" else 1
    finally:
        await db.dispose()

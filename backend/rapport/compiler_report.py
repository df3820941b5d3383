"""`rapport compiler-coverage`: the compiler's coverage of the web app's read operations, as a table
(`rapport.graphql.coverage`)."""

from __future__ import annotations

from rapport.config import Settings


def print_report(settings: Settings) -> None:
    """The coverage of the manifest the server would load, as a table (`rapport compiler-coverage`)."""
    from rich.console import Console
    from rich.table import Table

    from rapport.app import TRUSTED_DOCUMENTS
    from rapport.assembly import build_schema, install
    from rapport.graphql.coverage import NOT_SQL, app_coverage
    from rapport.graphql.trusted import TrustedDocuments

    install()
    manifest = TrustedDocuments.load(settings.trusted_documents_file or TRUSTED_DOCUMENTS)
    coverage = app_coverage(build_schema(settings), manifest)
    table = Table("operation", "shapes compiled", "why not")
    for item in coverage:
        why = f"allowed: {NOT_SQL[item.name]}" if item.name in NOT_SQL else "; ".join(item.reasons)
        table.add_row(item.name, f"{item.compiled}/{item.shapes}", why)
    console = Console(width=160)
    console.print(table)
    complete = sum(item.complete for item in coverage)
    allowed = sum(item.name in NOT_SQL and not item.complete for item in coverage)
    console.print(
        f"compiled: {complete} of {len(coverage)} read operations of the web app (every shape); "
        f"{allowed} allowed to stay on the resolvers (each with its reason); "
        f"{len(coverage) - complete - allowed} still to compile"
    )

"""`rapport compiler-coverage`: the compiler's coverage of the web app's read operations, as a table
(`rapport.graphql.coverage`), and per role, of the read operations of the pages the role opens."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from rapport.config import Settings

if TYPE_CHECKING:
    from rich.console import Console

    from rapport.graphql.coverage import PageRead
    from rapport.graphql.trusted import TrustedDocuments


def print_report(settings: Settings) -> None:
    """The coverage of the manifest the server would load, as a table (`rapport compiler-coverage`)."""
    from rich.console import Console
    from rich.table import Table

    from rapport.app import TRUSTED_DOCUMENTS
    from rapport.assembly import build_schema, install
    from rapport.graphql.coverage import NOT_SQL, app_coverage
    from rapport.graphql.trusted import TrustedDocuments

    install()
    path = settings.trusted_documents_file or TRUSTED_DOCUMENTS
    manifest = TrustedDocuments.load(path)
    schema = build_schema(settings)
    coverage = app_coverage(schema, manifest)
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
    print_page_report(console, schema, manifest, path)


def print_page_report(console: Console, schema: Any, manifest: TrustedDocuments, manifest_path: Path) -> None:
    """Per role of the shipped policy that signs in to the web app: each page it opens, with how many of the read
    operations the page sends that role compile for the shape the app sends it, and what the others are."""
    from rich.table import Table

    from rapport.core.authz.policy import current
    from rapport.graphql.coverage import page_reads
    from rapport.graphql.pages import NOT_IN_THE_WEB_APP, PageMap

    path = PageMap.beside(manifest_path)
    if not path.is_file():
        console.print(f"no page map at {path}: run 'cd frontend && npm run codegen'")
        return
    pages = PageMap.load(path)
    policy = current()
    table = Table("role", "page", "compiled", "the others (GATED: refused to the role, and not sent to it)")
    summary = []
    for role in sorted(set(policy.role_fields) - set(NOT_IN_THE_WEB_APP)):
        reads = page_reads(schema, manifest, pages, policy.for_roles([role]))
        by_page: dict[str, list[PageRead]] = {}
        for read in reads:
            by_page.setdefault(read.page, []).append(read)
        for page, items in by_page.items():
            sent = [r for r in items if r.verdict != "gated"]
            others = [f"{r.operation}: {r.verdict}" for r in sent if r.verdict != "compiled"]
            if len(sent) < len(items):
                others.append(f"{len(items) - len(sent)} gated")
            done = sum(r.verdict == "compiled" for r in sent)
            table.add_row(role, page, f"{done}/{len(sent)}", "; ".join(others))
        sent = [r for r in reads if r.verdict != "gated"]
        compiled = sum(r.verdict == "compiled" for r in sent)
        summary.append(
            f"  {role}: the shell and {len(by_page) - 1} pages; {compiled} of the {len(sent)} reads they may send"
            f" the role compile ({len(reads) - len(sent)} gated)"
        )
        table.add_section()
    console.print(table)
    console.print("by role (the shipped policy; variables: the @include booleans only):")
    console.print("\n".join(summary))

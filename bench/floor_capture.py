"""Rapport's own SQL for the operations whose floor is not hand-written (`bench.app_pages.CAPTURED`: the aggregates
and the pool watchlist), taken from PostgreSQL's statement log, so the floor can run it bare.

The benchmark database is set to log every statement (`log_min_duration_statement = 0`, for that database only,
reset afterwards); a fresh development server answers each operation twice (the first warms the session and the
plan); the statements of the second answer are read back from the server's log with their parameters' values as
text. The floor binds those values as Rapport does (`bench/floor.py`), so PostgreSQL plans and runs the very
statement Rapport's connection runs (a copy with the values written in as literals is planned with them, which can
make it faster or slower than Rapport's prepared statement: `DashboardCustomers` ran at half Rapport's speed that
way). The session lookup, transaction control and the audit's writes are not the operation's and are left out.

This needs the PostgreSQL server's log file (`pg_current_logfile()`, or /var/log/postgresql/postgresql-*-main.log,
the Debian default): the benchmark runs on the database's machine.
"""

from __future__ import annotations

import asyncio
import glob
import itertools
import re
import time
from pathlib import Path
from typing import Any

import httpx

from bench.app_pages import CAPTURED, PAGES, Facts, manifest, rapport_body
from bench.harness import Server

_ENTRY = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ \S+ \[\d+\] ", re.MULTILINE)
_SKIP = re.compile(
    r"^\s*(BEGIN|COMMIT|ROLLBACK|SET |RESET|SHOW|LISTEN|UNLISTEN|COPY|SELECT pg_|DISCARD|SELECT 1\s*$)|auth_session|"
    r"audit_entry|"
    r"pg_catalog|procrastinate",
    re.IGNORECASE,
)


async def _set_logging(database_url: str, on: bool) -> str | None:
    import asyncpg

    name = database_url.rsplit("/", 1)[1]
    admin = database_url.rsplit("/", 1)[0] + "/postgres"
    conn = await asyncpg.connect(admin)
    try:
        if on:
            await conn.execute(f'ALTER DATABASE "{name}" SET log_min_duration_statement = 0')
        else:
            await conn.execute(f'ALTER DATABASE "{name}" RESET log_min_duration_statement')
        current = await conn.fetchval("SELECT pg_current_logfile()")
        if current and not current.startswith("/"):
            current = str(Path(await conn.fetchval("SHOW data_directory")) / current)
        return str(current) if current else None
    finally:
        await conn.close()


def _log_file(reported: str | None) -> Path:
    if reported and Path(reported).exists():
        return Path(reported)
    found = sorted(glob.glob("/var/log/postgresql/postgresql-*-main.log"))
    if not found:
        raise SystemExit("the floor of the aggregates needs PostgreSQL's log file, which was not found")
    return Path(found[-1])


def _statements(text: str, database: str) -> list[dict[str, Any]]:
    """The operation's statements in a piece of the log: each one's SQL and its parameters' values as text (None:
    NULL), in order."""
    starts = [m.start() for m in _ENTRY.finditer(text)] + [len(text)]
    entries = [text[a:b] for a, b in itertools.pairwise(starts)]
    found: list[dict[str, Any]] = []
    for i, entry in enumerate(entries):
        if f"@{database} " not in entry.split("\n", 1)[0]:
            continue
        match = re.search(r"LOG:  duration: [\d.]+ ms  (?:execute [^:]+|statement): (.*)", entry, re.DOTALL)
        if match is None:
            continue
        sql = match.group(1).rstrip()
        if _SKIP.search(sql):
            continue
        parameters: dict[int, str | None] = {}
        if i + 1 < len(entries) and "DETAIL:  parameters: " in entries[i + 1]:
            detail = entries[i + 1].split("DETAIL:  parameters: ", 1)[1].rstrip("\n")
            for number, value in re.findall(r"\$(\d+) = (NULL|'(?:[^']|'')*')", detail, re.DOTALL):
                parameters[int(number)] = None if value == "NULL" else value[1:-1].replace("''", "'")
        count = max(parameters, default=0)
        found.append({"sql": sql, "parameters": [parameters.get(n) for n in range(1, count + 1)]})
    return found


def capture_statements(database_url: str, facts: Facts, cookies: dict[str, str]) -> dict[str, list[dict[str, Any]]]:
    """`<page>:<index>` -> the statements Rapport runs for that request (for every CAPTURED operation)."""
    database = database_url.rsplit("/", 1)[1]
    log = _log_file(asyncio.run(_set_logging(database_url, True)))
    dev = Server(database_url, {"RAPPORT_ENV": "development"}).start()
    documents = manifest()
    found: dict[str, list[dict[str, Any]]] = {}
    try:
        sessions = {email: _relogin(dev, email) for email in cookies}
        for page in PAGES:
            for index, op in enumerate(page.ops):
                if op.operation not in CAPTURED:
                    continue
                body = rapport_body(op, facts, documents)
                headers = {"Cookie": sessions[page.email]}
                httpx.post(f"{dev.url}/graphql", json=body, headers=headers, timeout=60)
                time.sleep(0.3)
                offset = log.stat().st_size
                answer: dict[str, Any] = httpx.post(f"{dev.url}/graphql", json=body, headers=headers, timeout=60).json()
                if answer.get("errors"):
                    raise RuntimeError(f"{op.operation}: {answer['errors']}")
                time.sleep(0.5)
                with log.open("rb") as handle:
                    handle.seek(offset)
                    text = handle.read().decode("utf-8", "replace")
                statements = _statements(text, database)
                if not statements:
                    raise RuntimeError(f"no statement of {op.operation} found in {log}")
                found[f"{page.name}:{index}"] = statements
    finally:
        dev.stop()
        asyncio.run(_set_logging(database_url, False))
    return found


def _relogin(server: Server, email: str) -> str:
    from bench.pages import login

    return login(server, email)


__all__ = ["capture_statements"]

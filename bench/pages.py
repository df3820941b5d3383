"""The app's pages replayed (`bench/app_pages.py`): the equivalence check and the page scenarios.

`python -m bench check-pages` runs each page's Rapport operations and their PostGraphile equivalents once on the
benchmark database and compares, per operation, the ids (or the number) of the rows of every list, in order, and
the set of fields each side selects; it prints a table and exits non-zero on a difference that is not declared in
`bench/app_pages.py`.

`python -m bench pages` runs every page scenario: each wrk connection cycles through all of a page's requests
(bench/page.lua), for Rapport (compiled), Rapport with `COMPILED_READS=false` (the resolvers), PostGraphile and the
SQL floor, interleaved per round as `bench/compare.py` does, and writes bench/results/<date>-app-pages.{json,md}.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    parse,
)

from bench.app_pages import PAGES, Equivalent, Facts, Op, Page, manifest, postgraphile_body, rapport_body, raw
from bench.harness import RESULTS, ROOT, Server, bench_database, statements

PAGE_TARGETS = ("rapport", "resolvers", "postgraphile", "floor")
EMAILS = sorted({page.email for page in PAGES})


# --- facts and sessions ---


def login(server: Server, email: str, attempts: int = 20) -> str:
    """A session cookie (retried: sign-ins from one address are rate limited)."""
    import time

    for _ in range(attempts):
        try:
            return server.login(email)
        except KeyError:
            time.sleep(3)
    raise RuntimeError(f"could not sign in as {email}")


def gather_facts(server: Server, cookies: dict[str, str], database_url: str) -> Facts:
    """The ids the pages need, read through Rapport's API (and the team tree from the database)."""
    from bench.compare import ensure_fixture

    def gql(email: str, query: str) -> dict[str, Any]:
        response = httpx.post(f"{server.url}/graphql", json={"query": query}, headers={"Cookie": cookies[email]})
        body: dict[str, Any] = response.json()
        if body.get("errors"):
            raise RuntimeError(str(body["errors"]))
        return dict(body["data"])

    customer = ensure_fixture(server.url, cookies["rep@demo.example"])
    ticket = gql("agent@demo.example", "{ tickets(first: 1, filter: {openOnly: true}) { nodes { id } } }")
    viewers = {email: gql(email, "{ viewer { id } }")["viewer"]["id"] for email in cookies}
    stages = gql("manager@demo.example", "{ pipelineStages { id position isWon isLost } }")["pipelineStages"]
    open_stages = [s["id"] for s in sorted(stages, key=lambda s: s["position"]) if not s["isWon"] and not s["isLost"]]

    async def teams() -> tuple[list[str], list[str]]:
        import asyncpg

        conn = await asyncpg.connect(database_url)
        try:
            path = await conn.fetchval(
                "SELECT t.path FROM app_user u JOIN team t ON t.id = u.team_id WHERE u.email = 'manager@demo.example'"
            )
            below = [str(r[0]) for r in await conn.fetch("SELECT id FROM team WHERE path LIKE $1 || '%'", path)]
            queues = [str(r[0]) for r in await conn.fetch("SELECT id FROM team WHERE kind = 'service'")]
            return below, queues
        finally:
            await conn.close()

    manager_teams, queues = asyncio.run(teams())
    return Facts(customer, ticket["tickets"]["nodes"][0]["id"], viewers, open_stages, manager_teams, queues)


# --- the equivalence check ---


def _decode_id(value: Any) -> Any:
    """A Rapport global id's UUID; anything else as it is."""
    if not isinstance(value, str) or len(value) < 20:
        return value
    try:
        return raw(value)
    except Exception:
        return value


def _segments(path: str) -> str:
    """A response path without `nodes` and `_`-aliased wrappers (the shapes both sides share)."""
    return ".".join(s for s in path.split(".") if s != "nodes" and not s.startswith("_"))


def selected_paths(text: str, variables: dict[str, Any], operation: str | None = None) -> set[str]:
    """Every leaf field a document selects, as response paths (fragments spread, `@include`/`@skip` applied)."""
    document = parse(text)
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    op = next(
        d
        for d in document.definitions
        if isinstance(d, OperationDefinitionNode) and (operation is None or (d.name and d.name.value == operation))
    )

    def included(node: Any) -> bool:
        for directive in node.directives or ():
            value = directive.arguments[0].value
            flag = variables.get(value.name.value) if value.kind == "variable" else value.value
            if directive.name.value == "include" and not flag:
                return False
            if directive.name.value == "skip" and flag:
                return False
        return True

    found: set[str] = set()

    def walk(selection_set: Any, prefix: str) -> None:
        for node in selection_set.selections:
            if not included(node):
                continue
            if isinstance(node, FieldNode):
                name = (node.alias or node.name).value
                if name == "__typename":
                    continue
                path = f"{prefix}.{name}" if prefix else name
                if node.selection_set is None:
                    found.add(_segments(path))
                else:
                    walk(node.selection_set, path)
            elif isinstance(node, InlineFragmentNode):
                walk(node.selection_set, prefix)
            elif isinstance(node, FragmentSpreadNode):
                walk(fragments[node.name.value].selection_set, prefix)

    walk(op.selection_set, "")
    return {p for p in found if p}


def lists(data: Any, prefix: str = "", singles: tuple[str, ...] = ()) -> dict[str, list[Any]]:
    """Every list in a response by path (`nodes` and `_` wrappers dropped): the ids of its rows, or their count;
    an object at one of `singles` counts as a list of one."""
    found: dict[str, list[Any]] = {}

    def key_of(item: Any) -> Any:
        if isinstance(item, dict):
            item = _unwrap(item)
            if "id" in item:
                return _decode_id(item["id"])
            inner = item.get("customer")
            if isinstance(inner, dict) and "id" in inner:
                return _decode_id(inner["id"])
        return "·"

    def walk(value: Any, path: str) -> None:
        if isinstance(value, dict):
            value = _unwrap(value)
            if not isinstance(value, dict):
                walk(value, path)
                return
            if path in singles:
                found.setdefault(path, []).append(key_of(value))
            for key, child in value.items():
                if key == "__typename":
                    continue
                walk(child, path if key == "nodes" or key.startswith("_") else f"{path}.{key}" if path else key)
        elif isinstance(value, list):
            if any(not isinstance(item, dict) for item in value):
                return  # a list of values (a contact's phones), not of rows
            found.setdefault(path, []).extend(key_of(item) for item in value)
            for item in value:
                walk(item, path)

    walk(data, prefix)
    return found


def _unwrap(value: dict[str, Any]) -> Any:
    keys = [k for k in value if k != "__typename"]
    if len(keys) == 1 and keys[0].startswith("_"):
        return value[keys[0]]
    return value


def _moved(path: str, equivalent: Equivalent) -> str:
    for before, after in equivalent.moved:
        if path == before or path.startswith(before + "."):
            return after + path[len(before) :]
    return path


def compare_op(op: Op, rapport: dict[str, Any], pg: dict[str, Any] | None, facts: Facts) -> list[str]:
    """The differences between Rapport's response and PostGraphile's (empty: equivalent)."""
    documents = manifest()
    _, text = documents[op.operation]
    variables = op.variables(facts)
    equivalent = op.postgraphile
    assert equivalent is not None
    assert pg is not None
    problems = []
    if equivalent.compare == "timeline":
        edges = rapport["customer"]["timeline"]["edges"]
        mine = [_decode_id(e["node"].get("id", "·")) for e in edges]
        c = pg["customer"]
        merged = [
            *((n["occurredAt"], n["id"]) for n in c["activities"]["nodes"]),
            *((n["orderedAt"], n["id"]) for n in c["orders"]["nodes"]),
            *((n["createdAt"], n["id"]) for n in c["tickets"]["nodes"]),
            *((n["at"], "·") for n in c["stageChanges"]["nodes"]),
            *((n["at"], "·") for n in c["poolMovements"]["nodes"]),
        ]
        merged.sort(key=lambda pair: _instant(pair[0]), reverse=True)
        theirs = [i for _, i in merged[: variables["first"]]]
        if mine != theirs:
            problems.append(f"timeline: {len(mine)} entries {mine[:4]}... vs {len(theirs)} {theirs[:4]}...")
        return problems
    if equivalent.compare == "messages":
        mine_count = len(rapport["ticket"]["customerMessages"])
        theirs_count = len(pg["messages"]["nodes"])
        if mine_count != theirs_count:
            problems.append(f"customerMessages: {mine_count} vs {theirs_count}")
        return problems
    # Fields: Rapport's selection (less what PostGraphile cannot give, moved where it gives it elsewhere).
    wanted = {
        _moved(p, equivalent)
        for p in selected_paths(text, variables, op.operation)
        if not any(p == m or p.startswith(m + ".") for m in equivalent.missing)
    }
    given = selected_paths(equivalent.query, equivalent.variables(facts))
    if wanted - given:
        problems.append(f"fields PostGraphile lacks: {sorted(wanted - given)}")
    if given - wanted:
        problems.append(f"fields only PostGraphile has: {sorted(given - wanted)}")
    # Rows: every list's ids in order (its count where the rows have no id).
    mine_lists = {_moved(p, equivalent): ids for p, ids in lists(rapport, singles=equivalent.single).items()}
    their_lists = lists(pg)
    for path in sorted(set(mine_lists) | set(their_lists)):
        if any(path == m or path.startswith(m + ".") for m in equivalent.missing):
            continue
        a, b = mine_lists.get(path, []), their_lists.get(path, [])
        if path in equivalent.unordered:
            a, b = sorted(map(str, a)), sorted(map(str, b))
        if a != b and not equivalent.rows_differ:
            problems.append(f"rows of {path}: {len(a)} {a[:3]} vs {len(b)} {b[:3]}")
    return problems


def _instant(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def _post(url: str, body: dict[str, Any], cookie: str = "") -> dict[str, Any]:
    response = httpx.post(url, json=body, headers={"Cookie": cookie} if cookie else {}, timeout=60)
    found: dict[str, Any] = response.json()
    return found


def check_pages(rapport_url: str, pg_url: str, cookies: dict[str, str], facts: Facts) -> list[dict[str, Any]]:
    """Each page's operations on both sides, compared; one row per operation."""
    documents = manifest()
    rows = []
    for page in PAGES:
        for op in page.ops:
            mine = _post(f"{rapport_url}/graphql", rapport_body(op, facts, documents), cookies[page.email])
            row: dict[str, Any] = {"page": page.name, "operation": op.operation, "problems": [], "notes": ""}
            if mine.get("errors"):
                row["problems"].append(f"Rapport: {mine['errors']}")
            if op.postgraphile is None:
                row["status"] = "aggregate (no equivalent)"
                rows.append(row)
                continue
            body = postgraphile_body(op, facts)
            assert body is not None
            theirs = _post(f"{pg_url}/graphql", body)
            if theirs.get("errors"):
                row["problems"].append(f"PostGraphile: {theirs['errors']}")
            if not row["problems"]:
                row["problems"] = compare_op(op, mine["data"], theirs["data"], facts)
            partial = " (aggregates left out)" if op.aggregate else ""
            same = "same fields, other rows (declared)" if op.postgraphile.rows_differ else "same rows and fields"
            row["status"] = ("DIFFERENT" if row["problems"] else same) + partial
            row["notes"] = op.postgraphile.note
            row["missing"] = list(op.postgraphile.missing)
            rows.append(row)
    return rows


def print_check(rows: list[dict[str, Any]]) -> bool:
    ok = True
    print(f"{'page':24} {'operation':24} status")
    for row in rows:
        print(f"{row['page']:24} {row['operation']:24} {row['status']}")
        for problem in row["problems"]:
            ok = False
            print(f"{'':50}! {problem}")
        if row.get("missing"):
            print(f"{'':50}  not in PostGraphile (declared): {', '.join(row['missing'])}")
    return ok


def run_check(scale: str = "small") -> int:
    from bench.compare import PostGraphile

    url = bench_database(scale)
    rapport = Server(url).start()
    postgraphile = PostGraphile(url).start()
    try:
        cookies = {email: login(rapport, email) for email in EMAILS}
        facts = gather_facts(rapport, cookies, url)
        ok = print_check(check_pages(rapport.url, postgraphile.url, cookies, facts))
    finally:
        rapport.stop()
        postgraphile.stop()
    print("check-pages: every operation equivalent" if ok else "check-pages: DIFFERENCES (see above)")
    return 0 if ok else 1


__all__ = ["check_pages", "gather_facts", "run_check"]

_ = (ROOT, RESULTS, json, os, re, shutil, statistics, subprocess, sys, tempfile, Path, UTC, statements, Page)

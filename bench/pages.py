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
import statistics
import tempfile
import time
from datetime import datetime
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
from bench.harness import (
    ATTEMPTS,
    RESULTS,
    STEAL_LIMIT_MS,
    Server,
    bench_database,
    median_of_runs,
    results_header,
    run_wrk,
    statements,
    stolen_note,
    unstolen,
)

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
            fields = "same fields less the declared ones" if op.postgraphile.missing else "same fields"
            same = f"other rows (declared), {fields}" if op.postgraphile.rows_differ else f"same rows, {fields}"
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


# --- the page scenarios ---


class PageFloor:
    """bench/floor.py with the captured statements of the aggregates (bench/floor_capture.py)."""

    def __init__(self, database_url: str, captured: dict[str, list[dict[str, Any]]]) -> None:
        from bench.compare import Floor

        with tempfile.NamedTemporaryFile("w", suffix=".json", prefix="bench-floor-", delete=False) as handle:
            json.dump(captured, handle)
        self.file = Path(handle.name)
        self.floor = Floor(database_url, ["--captured", handle.name])

    @property
    def url(self) -> str:
        return self.floor.url

    def start(self) -> PageFloor:
        self.floor.start()
        return self

    def stop(self) -> None:
        self.floor.stop()
        self.file.unlink(missing_ok=True)


def page_requests(page: Page, facts: Facts, documents: dict[str, tuple[str, str]]) -> dict[str, list[tuple[str, str]]]:
    """Each target's requests for one opening of the page: (path, JSON body)."""
    from bench.app_pages import floor_request

    mine = [("/graphql", json.dumps(rapport_body(op, facts, documents), ensure_ascii=False)) for op in page.ops]
    theirs = [
        ("/graphql", json.dumps(body, ensure_ascii=False))
        for op in page.ops
        if (body := postgraphile_body(op, facts)) is not None
    ]
    floor = []
    for index in range(len(page.ops)):
        path, body = floor_request(page, index, facts)
        floor.append((path, json.dumps(body, ensure_ascii=False)))
    found = {"rapport": mine, "resolvers": mine, "floor": floor}
    if theirs:
        found["postgraphile"] = theirs
    return found


#: A pause after each run: a server keeps answering the requests it had taken when wrk stopped (the resolvers' take
#: up to a second), and that work must not fall into the next target's run (its latency's tail).
SETTLE_SECONDS = 2.0


def wrk_page(url: str, requests: list[tuple[str, str]], cookie: str, seconds: int) -> dict[str, Any]:
    """wrk with 8 connections cycling through a page's requests (bench/page.lua)."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt", prefix="bench-page-", delete=False) as handle:
        for path, body in requests:
            handle.write(f"{path}\t{body}\n")
    try:
        return run_wrk(url, "page.lua", {"RAPPORT_REQUESTS": handle.name, "RAPPORT_COOKIE": cookie}, seconds=seconds)
    finally:
        Path(handle.name).unlink(missing_ok=True)


def run(scale: str = "small", rounds: int = 2, seconds: int = 8, only: list[str] | None = None) -> dict[str, Any]:
    """Run the page scenarios and write bench/results/<date>-app-pages.{json,md}."""
    from bench.compare import PostGraphile
    from bench.floor_capture import capture_statements

    url = bench_database(scale)
    results: dict[str, Any] = {**results_header(scale, rounds, seconds), "pages": {}}
    selected = [page for page in PAGES if not only or page.name in only]
    documents = manifest()
    # First, unloaded: the facts, the equivalence check, the SQL statements per request (a development server) and
    # the floor's captured statements. The development server is stopped before the load: PostgreSQL's 100
    # connections are shared by every target (and by other work on the machine).
    rapport = Server(url).start()
    postgraphile = PostGraphile(url).start()
    resolvers: Server | None = None
    floor: PageFloor | None = None
    try:
        cookies = {email: login(rapport, email) for email in EMAILS}
        facts = gather_facts(rapport, cookies, url)
        results["equivalence"] = check_pages(rapport.url, postgraphile.url, cookies, facts)
        dev = Server(url, {"RAPPORT_ENV": "development"}).start()
        try:
            dev_cookies = {email: login(dev, email) for email in EMAILS}
            counted = {
                page.name: [
                    statements(f"{dev.url}/graphql", rapport_body(op, facts, documents), dev_cookies[page.email])
                    for op in page.ops
                ]
                for page in selected
            }
        finally:
            dev.stop()
        floor = PageFloor(url, capture_statements(url, facts, cookies)).start()
        # The resolvers' server with a smaller pool (6 + 6 overflow: enough for 8 connections' requests), so that
        # the idle targets' pools and Rapport's together stay within PostgreSQL's connections.
        resolvers = Server(url, {"COMPILED_READS": "false", "DB_POOL_SIZE": "6"}).start()
        bases = {
            "rapport": rapport.url,
            "resolvers": resolvers.url,
            "postgraphile": postgraphile.url,
            "floor": floor.url,
        }
        for page in selected:
            print(f"== {page.name}: {page.description}", flush=True)
            requests = page_requests(page, facts, documents)
            failed_before = _failures(rapport)
            cookie = {t: cookies[page.email] if t in ("rapport", "resolvers") else "" for t in requests}
            for target, sent in requests.items():  # warm-up
                wrk_page(f"{bases[target]}{sent[0][0]}", sent, cookie[target], 3)
                time.sleep(SETTLE_SECONDS)
            runs: dict[str, list[dict[str, Any]]] = {t: [] for t in requests}
            for _ in range(rounds):  # interleaved: A B C D A B C D ...
                for target, sent in requests.items():
                    base = f"{bases[target]}{sent[0][0]}"
                    outcome = unstolen(
                        lambda base=base, sent=sent, c=cookie[target]: wrk_page(base, sent, c, seconds), SETTLE_SECONDS
                    )
                    runs[target].append(outcome)
                    print(
                        f"   {target:13} {outcome['rps']:9.1f} req/s  {outcome['rps'] / len(sent):8.1f} pages/s  "
                        f"p50 {outcome['p50_ms']:7.1f} ms  p99 {outcome['p99_ms']:7.1f} ms  errors {outcome['errors']}"
                        f"{stolen_note(outcome)}",
                        flush=True,
                    )
            summary = {}
            for target, outcomes in runs.items():
                rps = statistics.median(r["rps"] for r in outcomes)
                summary[target] = {
                    "requests_per_page": len(requests[target]),
                    "rps": round(rps, 1),
                    "pages_per_s": round(rps / len(requests[target]), 2),
                    "p50_ms": round(statistics.median(r["p50_ms"] for r in outcomes), 2),
                    "p99_ms": round(statistics.median(r["p99_ms"] for r in outcomes), 2),
                    "errors": sum(r["errors"] + r["socket_errors"] for r in outcomes),
                    "runs_repeated_for_steal": sum(len(r.get("stolen_attempts", ())) for r in outcomes),
                    "runs": outcomes,
                }
            ratios = {
                f"rapport_vs_{other}": round(summary["rapport"]["pages_per_s"] / summary[other]["pages_per_s"], 3)
                for other in ("postgraphile", "floor", "resolvers")
                if other in summary and summary[other]["pages_per_s"] > 0
            }
            if "rapport_vs_postgraphile" in ratios and not page.comparable:
                # PostGraphile sent only the page's requests it can answer: not the same page.
                ratios["rapport_vs_postgraphile_without_aggregates"] = ratios.pop("rapport_vs_postgraphile")
            results["pages"][page.name] = {
                "description": page.description,
                "role": page.email,
                "operations": [op.operation for op in page.ops],
                "postgraphile_complete": page.comparable,
                "rapport_compiled_read_failures": _failures(rapport) - failed_before,
                "aggregates": [op.operation for op in page.ops if op.aggregate],
                "targets": summary,
                "ratios": ratios,
                "rapport_sql_statements": dict(
                    zip([f"{i}:{op.operation}" for i, op in enumerate(page.ops)], counted[page.name], strict=True)
                ),
            }
            print(f"   page opens/s ratios {ratios}; statements {counted[page.name]}", flush=True)
    finally:
        for process in (rapport, resolvers, postgraphile, floor):
            if process is not None:
                process.stop()
    # A compiled read that fails (no connection left...) is answered by the resolvers: the run would measure them.
    results["rapport_compiled_read_failures"] = _failures(rapport)
    if results["rapport_compiled_read_failures"]:
        print(f"WARNING: {results['rapport_compiled_read_failures']} compiled reads failed (see the server's log)")
    write(results)
    return results


def run_operations(
    scale: str = "small", rounds: int = 3, seconds: int = 5, only: list[str] | None = None
) -> dict[str, Any]:
    """Each request of the pages alone, as its page sends it and as its page's role: Rapport (compiled), its
    PostGraphile equivalent and its floor, interleaved per round as `run` does. Which request a page's time goes to,
    and, for an aggregate, the issue's own measure: its statement in Rapport against the same statement run bare (the
    floor). `only` names pages or operations. Written to bench/results/<date>-app-pages-operations.{json,md}."""
    from bench.app_pages import floor_request
    from bench.compare import PostGraphile
    from bench.floor_capture import capture_statements

    url = bench_database(scale)
    results: dict[str, Any] = {**results_header(scale, rounds, seconds), "ops": {}}
    rapport = Server(url).start()
    postgraphile = PostGraphile(url).start()
    floor: PageFloor | None = None
    try:
        cookies = {email: login(rapport, email) for email in EMAILS}
        facts = gather_facts(rapport, cookies, url)
        documents = manifest()
        floor = PageFloor(url, capture_statements(url, facts, cookies)).start()
        for page in PAGES:
            for index, op in enumerate(page.ops):
                if only and page.name not in only and op.operation not in only:
                    continue
                key = f"{page.name}:{index}:{op.operation}"
                path, floor_body = floor_request(page, index, facts)
                sent = {
                    "rapport": (rapport.url, "/graphql", rapport_body(op, facts, documents), cookies[page.email]),
                    "postgraphile": (postgraphile.url, "/graphql", postgraphile_body(op, facts), ""),
                    "floor": (floor.url, path, floor_body, ""),
                }
                requests = {
                    target: (f"{base}{where}", [(where, json.dumps(body, ensure_ascii=False))], cookie)
                    for target, (base, where, body, cookie) in sent.items()
                    if body is not None
                }
                print(f"== {key} ({page.email.split('@')[0]})", flush=True)
                runs: dict[str, list[dict[str, Any]]] = {t: [] for t in requests}
                for base, request, cookie in requests.values():  # warm-up
                    wrk_page(base, request, cookie, 2)
                    time.sleep(SETTLE_SECONDS)
                for _ in range(rounds):
                    for target, (base, request, cookie) in requests.items():
                        outcome = unstolen(
                            lambda base=base, request=request, cookie=cookie: wrk_page(base, request, cookie, seconds),
                            SETTLE_SECONDS,
                        )
                        runs[target].append(outcome)
                summary = {target: median_of_runs(outcomes) for target, outcomes in runs.items()}
                ratios = {
                    f"rapport_vs_{other}": round(summary["rapport"]["rps"] / summary[other]["rps"], 3)
                    for other in ("postgraphile", "floor")
                    if other in summary and summary[other]["rps"] > 0
                }
                results["ops"][key] = {
                    "role": page.email,
                    "aggregate": op.aggregate,
                    "floor": "captured" if path.startswith("/captured/") else "hand-written",
                    "targets": summary,
                    "ratios": ratios,
                }
                print(
                    "   "
                    + "  ".join(f"{t} {v['rps']:8.1f} req/s p99 {v['p99_ms']:6.1f} ms" for t, v in summary.items())
                    + f"   {ratios}",
                    flush=True,
                )
    finally:
        for process in (rapport, postgraphile, floor):
            if process is not None:
                process.stop()
    write_operations(results)
    return results


def write_operations(results: dict[str, Any]) -> Path:
    """bench/results/<date>-app-pages-operations.json and .md."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    stem = RESULTS / f"{results['date'][:10]}-app-pages-operations"
    stem.with_suffix(".json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    lines = [
        f"# Each request of the web app's pages alone: Rapport vs PostGraphile 4 vs the SQL floor ({results['scale']} "
        f"scale, {results['date'][:10]})",
        "",
        f"wrk, {results['connections']} connections sending one request of a page (as the page sends it, as the "
        f"page's role), {results['seconds']} s per run, median of {results['rounds']} interleaved rounds after a 2 s "
        f"warm-up, {SETTLE_SECONDS:g} s apart; one process per target, Rapport in production mode, authorization on. "
        "The floor of an aggregate (and of the pool watchlist) is Rapport's own statement taken from PostgreSQL's log "
        "and run bare, its parameters bound as Rapport binds them (`captured`); the others' floor is a hand-written statement (bench/floor_pages.py). An "
        "aggregate's target is 0.9 × its floor. The kernel's autogroup scheduling was "
        f"{results['machine'].get('autogroup', 'not recorded')}.",
        "",
        "| page:request:operation (role) | aggregate | floor | Rapport req/s | PostGraphile req/s | floor req/s "
        "| Rapport ÷ PostGraphile | Rapport ÷ floor | Rapport p50 / p99 ms |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for key, row in results["ops"].items():
        t, ratios = row["targets"], row["ratios"]

        def rps(target: str, t: dict[str, Any] = t) -> str:
            return str(t[target]["rps"]) if target in t else "n/a"

        lines.append(
            f"| {key} ({row['role'].split('@')[0]}) | {'yes' if row['aggregate'] else ''} | {row['floor']} | "
            f"{rps('rapport')} | {rps('postgraphile')} | {rps('floor')} | "
            f"{ratios.get('rapport_vs_postgraphile', 'n/a')} | {ratios.get('rapport_vs_floor', 'n/a')} | "
            f"{t['rapport']['p50_ms']} / {t['rapport']['p99_ms']} |"
        )
    stem.with_suffix(".md").write_text("\n".join(lines) + "\n")
    print(f"written to {stem}.json and .md")
    return stem


def _failures(server: Server) -> int:
    """Compiled reads that failed and fell back to the resolvers, from the server's log."""
    from bench.harness import LOGS

    log = LOGS / f"rapport-{server.port}.log"
    if not log.exists():
        return 0
    return sum(1 for line in log.open(errors="replace") if "compiled read failed" in line)


def write(results: dict[str, Any], stem_name: str = "app-pages") -> Path:
    """bench/results/<date>-app-pages.json and .md."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    stem = RESULTS / f"{results['date'][:10]}-{stem_name}"
    stem.with_suffix(".json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    lines = [
        f"# The web app's pages: Rapport vs PostGraphile 4 vs the SQL floor ({results['scale']} scale, "
        f"{results['date'][:10]})",
        "",
        f"wrk, {results['connections']} connections cycling through each page's requests, {results['seconds']} s per "
        f"run, median of {results['rounds']} interleaved rounds after a 3 s warm-up, {SETTLE_SECONDS:g} s apart; one process per target; Rapport "
        "in production mode as the page's role, authorization on; `resolvers` is the same server with "
        "`COMPILED_READS=false`. A page open is all of the page's requests (requests/s ÷ requests per page). "
        "The machine has 2 cores shared with other work: absolute numbers are noisy, compare the ratios of one run. "
        f"A run during which the hypervisor stole more than {STEAL_LIMIT_MS} ms of CPU time is run again (up to "
        f"{ATTEMPTS} times, the least stolen kept; every attempt is in the JSON file): the stalls land in p99. "
        f"The kernel's autogroup scheduling was {results['machine'].get('autogroup', 'not recorded')} "
        "(`bench.harness.one_scheduling_group`).",
        "",
        "What each target sends is declared in bench/app_pages.py (checked against the built SPA by "
        "`python -m bench capture-pages`). PostGraphile sends the equivalent of each request it can answer (no "
        "aggregate): where a page has aggregates its ratio is not comparable (n/a, with the partial figure in "
        "brackets). The floor runs one hand-written statement per request (bench/floor_pages.py), except for the "
        "aggregates and the pool watchlist, whose floor is Rapport's own statement taken from PostgreSQL's log and "
        "run bare, its parameters bound as Rapport binds them (bench/floor_capture.py); like PostGraphile, it has no authorization and decrypts nothing.",
        "",
        "| page (role) | requests | Rapport pages/s | resolvers pages/s | PostGraphile pages/s | floor pages/s "
        "| Rapport ÷ PostGraphile | Rapport ÷ floor | Rapport ÷ resolvers | Rapport p50 / p99 ms "
        "| Rapport's runs: CPU ms stolen | SQL statements per request (Rapport) | errors (responses with errors) |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, page in results["pages"].items():
        t, ratios = page["targets"], page["ratios"]

        def pages(target: str, t: dict[str, Any] = t) -> str:
            return str(t[target]["pages_per_s"]) if target in t else "n/a"

        pg = ratios.get("rapport_vs_postgraphile", "n/a")
        if "rapport_vs_postgraphile_without_aggregates" in ratios:
            partial = ratios["rapport_vs_postgraphile_without_aggregates"]
            pg = f"n/a ({partial} with PostGraphile sending no {', '.join(page['aggregates'])})"
        counts = ", ".join(str(n) for n in page["rapport_sql_statements"].values())
        errors = ", ".join(f"{k} {v['errors']}" for k, v in t.items() if v["errors"]) or "0"
        stolen = ", ".join(str(r.get("steal_ms", "?")) for r in t["rapport"]["runs"])
        lines.append(
            f"| {name} ({page['role'].split('@')[0]}) | {t['rapport']['requests_per_page']} | {pages('rapport')} | "
            f"{pages('resolvers')} | {pages('postgraphile')} | {pages('floor')} | {pg} | "
            f"{ratios.get('rapport_vs_floor', 'n/a')} | {ratios.get('rapport_vs_resolvers', 'n/a')} | "
            f"{t['rapport']['p50_ms']} / {t['rapport']['p99_ms']} | {stolen} | {counts} | {errors} |"
        )
    repeated = {
        f"{name}/{target}": figures["runs_repeated_for_steal"]
        for name, page in results["pages"].items()
        for target, figures in page["targets"].items()
        if figures.get("runs_repeated_for_steal")
    }
    if repeated:
        lines += ["", "Runs repeated for stolen CPU time: " + ", ".join(f"{k} {v}" for k, v in repeated.items()) + "."]
    if results.get("equivalence"):
        lines += [
            "",
            "## Equivalence (`python -m bench check-pages`)",
            "",
            "| page | operation | PostGraphile | notes |",
        ]
        lines.append("|---|---|---|---|")
        for row in results["equivalence"]:
            problems = "; ".join(row["problems"])
            lines.append(
                f"| {row['page']} | {row['operation']} | {row['status']}{' — ' + problems if problems else ''} "
                f"| {row.get('notes', '')} |"
            )
    stem.with_suffix(".md").write_text("\n".join(lines) + "\n")
    print(f"written to {stem}.json and .md")
    return stem


__all__ = ["check_pages", "gather_facts", "run", "run_check", "run_operations", "write", "write_operations"]

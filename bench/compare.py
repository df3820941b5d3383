"""Rapport against PostGraphile 4 and the raw-SQL floor, scenario by scenario, interleaved (A B C A B C ...).

`make bench` (or `python -m bench compare --scale small`) creates or reuses the benchmark database, starts
the three targets on it, runs every scenario with wrk (8 connections, warm-up first) and writes
bench/results/<date>-compare.{json,md,png}. Rapport runs in production mode as a restricted role (authorization
on); PostGraphile and the floor run without authorization, which is part of what is measured.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import httpx

from bench.harness import (
    KEYS,
    RESULTS,
    ROOT,
    Server,
    bench_database,
    free_port,
    median_of_runs,
    results_header,
    run_wrk,
    server_log,
    statements,
    stolen_note,
    unstolen,
    wrk,
)

TARGETS = ("rapport", "postgraphile", "floor", "resolvers")
PG_DIR = ROOT / "bench" / "postgraphile"
FIXTURE_NAME = "基准客户 360"


def raw_id(global_id: str) -> str:
    """The UUID inside a Rapport global id."""
    padded = global_id + "=" * (-len(global_id) % 4)
    return base64.urlsafe_b64decode(padded).decode().split(":", 1)[1]


@dataclass
class Request:
    """One target's request for a scenario: URL path, body (or a rotate template) and who sends it."""

    path: str
    body: dict[str, Any] | str
    cookie: str = ""
    items: str = ""  # rotate.lua: "id:version,..." for mutations
    # For targets that check versions: reads the current "id:version,..." before each run, since every run
    # (the warm-up included) moves the versions on and a stale version is a CONFLICT on every request.
    current_items: Callable[[], str] | None = None


@dataclass
class Scenario:
    """A workload and how each target serves it."""

    name: str
    description: str
    requests: dict[str, Request] = field(default_factory=dict)


class PostGraphile:
    """PostGraphile 4 (npm, benchmark-only) on the benchmark database, with the connection-filter plugin."""

    def __init__(self, database_url: str) -> None:
        self.port = free_port()
        self.database_url = database_url.replace("postgresql://", "postgres://", 1)
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> PostGraphile:
        if not (PG_DIR / "node_modules" / ".bin" / "postgraphile").exists():
            subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=PG_DIR, check=True)
        self.process = subprocess.Popen(
            [
                str(PG_DIR / "node_modules" / ".bin" / "postgraphile"),
                "--connection",
                self.database_url,
                "--schema",
                "public",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--disable-graphiql",
                "--disable-query-log",
                "--dynamic-json",
                "--append-plugins",
                "postgraphile-plugin-connection-filter",
                "--max-pool-size",
                "10",
            ],
            cwd=PG_DIR,
            stdout=server_log("postgraphile", self.port),
            stderr=subprocess.STDOUT,
            env={**os.environ, "NODE_ENV": "production"},
        )
        _wait(lambda: httpx.post(f"{self.url}/graphql", json={"query": "{ __typename }"}, timeout=2).status_code == 200)
        return self

    def stop(self) -> None:
        _stop(self.process)


class Floor:
    """The hand-written floor endpoint (bench/floor.py), with `arguments` added to its command line."""

    def __init__(self, database_url: str, arguments: list[str] | None = None) -> None:
        self.port = free_port()
        self.database_url = database_url
        self.arguments = arguments or []
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Floor:
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "bench.floor",
                "--port",
                str(self.port),
                "--database-url",
                self.database_url,
                *self.arguments,
            ],
            cwd=ROOT,
            stdout=server_log("floor", self.port),
            stderr=subprocess.STDOUT,
        )
        _wait(lambda: httpx.post(f"{self.url}/dashboard", json={}, timeout=5).status_code == 200)
        return self

    def stop(self) -> None:
        _stop(self.process)


def _stop(process: subprocess.Popen[bytes] | None) -> None:
    if process is not None and process.poll() is None:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)


def _wait(ready: Callable[[], bool], seconds: int = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if ready():
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise RuntimeError("a benchmark target did not start")


def _gql(server: str, cookie: str, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    response = httpx.post(
        f"{server}/graphql", json={"query": query, "variables": variables or {}}, headers={"Cookie": cookie}, timeout=30
    )
    body: dict[str, Any] = response.json()
    if body.get("errors"):
        raise RuntimeError(f"{query[:60]}...: {body['errors']}")
    return body


def ensure_fixture(server: str, rep_cookie: str) -> str:
    """The 360° customer (rep's): 3 contacts, 10 tickets, 2 opportunities; created once through the API."""
    found = _gql(
        server,
        rep_cookie,
        "query($s: String) { customers(search: $s, first: 5) { nodes { id name } } }",
        {"s": FIXTURE_NAME},
    )["data"]["customers"]["nodes"]
    for node in found:
        if node["name"] == FIXTURE_NAME:
            return str(node["id"])
    created = _gql(
        server,
        rep_cookie,
        "mutation($i: CustomerCreateInput!) { customerCreate(input: $i) { customer { id } userErrors { message } } }",
        {
            "i": {
                "name": FIXTURE_NAME,
                "kind": "COMPANY",
                "grade": "A",
                "province": "浙江省",
                "city": "杭州市",
                "tags": ["VIP"],
                "contacts": [
                    {"name": f"联系人{i}", "phones": [f"1390000{i:04d}"], "emails": [f"bench{i}@example.cn"]}
                    for i in range(3)
                ],
            }
        },
    )["data"]["customerCreate"]
    customer_id = str(created["customer"]["id"])
    for i in range(10):
        _gql(
            server,
            rep_cookie,
            "mutation($i: TicketCreateInput!) { ticketCreate(input: $i) { ticket { id } } }",
            {"i": {"subject": f"基准工单 {i}", "category": "general", "customerId": customer_id}},
        )
    for i in range(2):
        _gql(
            server,
            rep_cookie,
            "mutation($i: OpportunityCreateInput!) { opportunityCreate(input: $i) { opportunity { id } } }",
            {"i": {"customerId": customer_id, "name": f"基准商机 {i}", "amount": "50000"}},
        )
    return customer_id


RAPPORT_360 = """query Customer360($id: ID!) { customer(id: $id) { id name grade status owner { name } tags { name }
contacts { name title phones emails } tickets { number subject status priority createdAt }
opportunities { name amount stage { key name } } } }"""
PG_360 = """query Customer360($id: UUID!) { customerById(id: $id) { id name grade status appUserByOwnerId { name }
customerTagsByCustomerId { nodes { tagByTagId { name } } } contactsByCustomerId { nodes { name title phonesEnc emailsEnc } }
ticketsByCustomerId(first: 50, orderBy: CREATED_AT_DESC) { nodes { number subject status priority createdAt } }
opportunitiesByCustomerId { nodes { name amount pipelineStageByStageId { key name } } } } }"""
RAPPORT_LIST = """query CustomerList { customers(first: 50, orderBy: {field: NAME}) { nodes { id name grade status city
contacts { name phones } orders(first: 3) { nodes { number totalAmount orderedAt } } } } }"""
PG_LIST = """query CustomerList { allCustomers(first: 50, orderBy: [NAME_ASC, ID_ASC]) { nodes { id name grade status city
contactsByCustomerId { nodes { name phonesEnc } }
salesOrdersByCustomerId(first: 3, orderBy: ORDERED_AT_DESC) { nodes { number totalAmount orderedAt } } } } }"""
RAPPORT_SEARCH = """query Search($q: String) { customers(search: $q, first: 20, orderBy: {field: NAME})
{ totalCount nodes { id name city } } }"""
PG_SEARCH = """query Search($q: String!) { allCustomers(first: 20, orderBy: [NAME_ASC, ID_ASC],
filter: {name: {includesInsensitive: $q}}) { totalCount nodes { id name city } } }"""
RAPPORT_DASHBOARD = "query Dashboard { customerGroups(by: REGION) { groups { key customers revenue } } }"
RAPPORT_UPDATE = (
    '{"query": "mutation Update($i: CustomerUpdateInput!) { customerUpdate(input: $i) '
    '{ customer { id version city } userErrors { code } } }", '
    '"variables": {"i": {"id": "{{id}}", "version": {{version}}, "city": "杭州市"}}}'
)
PG_UPDATE = (
    '{"query": "mutation Update($id: UUID!) { updateCustomerById(input: {id: $id, customerPatch: {city: \\"杭州市\\"}}) '
    '{ customer { id version city } } }", "variables": {"id": "{{id}}"}}'
)
RAPPORT_TICKETS = """query Console { tickets(first: 50, filter: {openOnly: true}) { nodes { number subject status priority
createdAt sla { resolutionDueAt } customer { name } assignee { name } } } }"""
PG_TICKETS = """query Console { allTickets(first: 50, orderBy: [CREATED_AT_DESC, ID_DESC],
filter: {status: {in: ["new", "assigned", "in_progress", "waiting", "reopened"]}}) { nodes { number subject status
priority createdAt resolutionDueAt customerByCustomerId { name } appUserByAssigneeId { name } } } }"""


def app_request(operation: str, variables: dict[str, Any], cookie: str) -> Request:
    """The web app's own operation as the app sends it (its trusted-documents manifest), every `@include` true."""
    from graphql import parse

    from rapport.app import TRUSTED_DOCUMENTS
    from rapport.graphql.compiler.flatten import directive_variables
    from rapport.graphql.trusted import TrustedDocuments

    document = next(
        d for d in TrustedDocuments.load(TRUSTED_DOCUMENTS).by_hash.values() if d.operation_name == operation
    )
    flags = dict.fromkeys(directive_variables(parse(document.text)), True)
    body = {"query": document.text, "operationName": operation, "variables": {**flags, **variables}}
    return Request("/graphql", body, cookie)


def _both(request: Request) -> dict[str, Request]:
    """An app operation on the compiled path and on the resolvers (the same server, `COMPILED_READS=false`)."""
    return {"rapport": request, "resolvers": request}


def scenarios(rapport: Server, database_url: str) -> list[Scenario]:
    """Every scenario with each target's request (fixtures created through Rapport's API on first use)."""
    rep, manager, agent = (rapport.login(e) for e in ("rep@demo.example", "manager@demo.example", "agent@demo.example"))
    customer = ensure_fixture(rapport.url, rep)
    import asyncio

    import asyncpg

    async def facts() -> dict[str, Any]:
        conn = await asyncpg.connect(database_url)
        try:
            manager_path = await conn.fetchval(
                "SELECT t.path FROM app_user u JOIN team t ON t.id = u.team_id WHERE u.email = 'manager@demo.example'"
            )
            teams = [r[0] for r in await conn.fetch("SELECT id FROM team WHERE path LIKE $1 || '%'", manager_path)]
            queues = [r[0] for r in await conn.fetch("SELECT id FROM team WHERE kind = 'service'")]
            return {"teams": [str(t) for t in teams], "queues": [str(q) for q in queues]}
        finally:
            await conn.close()

    known = asyncio.run(facts())

    def rapport_versions() -> str:
        """The rep's first 100 customers as "id:version,...", read now (every run moves the versions on)."""
        nodes = _gql(rapport.url, rep, "{ customers(first: 100) { nodes { id version } } }")["data"]["customers"]
        return ",".join(f"{n['id']}:{n['version']}" for n in nodes["nodes"])

    rapport_items = rapport_versions()
    raw_items = ",".join(f"{raw_id(item.split(':')[0])}:0" for item in rapport_items.split(","))

    return [
        Scenario(
            "customer_360",
            "360° view of one customer (3 contacts, 10 tickets, 2 opportunities) as a sales rep",
            {
                "rapport": Request("/graphql", {"query": RAPPORT_360, "variables": {"id": customer}}, rep),
                "postgraphile": Request("/graphql", {"query": PG_360, "variables": {"id": raw_id(customer)}}),
                "floor": Request("/360", {"id": raw_id(customer)}),
            },
        ),
        Scenario(
            "customer_list",
            "customers(first: 50) with contacts and the last 3 orders as a sales manager",
            {
                "rapport": Request("/graphql", {"query": RAPPORT_LIST}, manager),
                "postgraphile": Request("/graphql", {"query": PG_LIST}),
                "floor": Request("/list", {"teams": known["teams"]}),
            },
        ),
        Scenario(
            "search",
            "search customers by a name fragment (20 results and the total)",
            {
                "rapport": Request("/graphql", {"query": RAPPORT_SEARCH, "variables": {"q": "科技"}}, manager),
                "postgraphile": Request("/graphql", {"query": PG_SEARCH, "variables": {"q": "科技"}}),
                "floor": Request("/search", {"q": "科技"}),
            },
        ),
        Scenario(
            "dashboard",
            "customers and revenue by province (an aggregate over every customer and order)",
            {
                "rapport": Request("/graphql", {"query": RAPPORT_DASHBOARD}, manager),
                "floor": Request("/dashboard", {}),
            },
        ),
        Scenario(
            "customer_update",
            "customerUpdate (city) with optimistic locking, rotating over 100 customers",
            {
                "rapport": Request("/graphql", RAPPORT_UPDATE, rep, rapport_items, current_items=rapport_versions),
                "postgraphile": Request("/graphql", PG_UPDATE, "", raw_items),
                "floor": Request("/update", '{"id": "{{id}}", "city": "杭州市"}', "", raw_items),
            },
        ),
        Scenario(
            "ticket_console",
            "the service console list: 50 open tickets with SLA, customer and assignee, as an agent",
            {
                "rapport": Request("/graphql", {"query": RAPPORT_TICKETS}, agent),
                "postgraphile": Request("/graphql", {"query": PG_TICKETS}),
                "floor": Request("/tickets", {"queues": known["queues"]}),
            },
        ),
        # What the web app itself sends (its manifest's documents, every optional field shown), compiled and on the
        # resolvers; the PostGraphile equivalents of these documents are not written yet.
        Scenario(
            "app_customer_360",
            "the 360° page's own Customer360 operation (every @include true) as a sales rep",
            _both(app_request("Customer360", {"id": customer}, rep)),
        ),
        Scenario(
            "app_customer_list",
            "the customer list page's CustomersList operation (50 rows, every column) as a sales manager",
            _both(app_request("CustomersList", {"first": 50}, manager)),
        ),
        Scenario(
            "app_service_console",
            "the service console's ServiceTickets operation (open tickets, every column) as an agent",
            _both(app_request("ServiceTickets", {"first": 50, "filter": {"openOnly": True}}, agent)),
        ),
        Scenario(
            "app_sales_dashboard",
            "the sales dashboard's DashboardSales operation (funnel, revenue by region, month and rep, the month's "
            "and quarter's forecast) for this year as a sales manager",
            _both(app_request("DashboardSales", _this_year(), manager)),
        ),
        Scenario(
            "app_viewer",
            "the Viewer operation every page load sends (the user, their team and permissions) as a sales rep",
            _both(app_request("Viewer", {}, rep)),
        ),
    ]


def _this_year() -> dict[str, str]:
    """The sales dashboard's variables for this year (its default period), as the app computes them."""
    today = date.today()
    quarter = (today.month - 1) // 3 * 3 + 1
    return {
        "from": f"{today.year}-01-01",
        "to": f"{today.year + 1}-01-01",
        "monthStart": today.replace(day=1).isoformat(),
        "quarterStart": date(today.year, quarter, 1).isoformat(),
    }


def _run(base: str, request: Request, seconds: int) -> dict[str, Any]:
    url = f"{base}{request.path}"
    if isinstance(request.body, str):
        return _rotate(url, request, seconds)
    return wrk(url, request.body, cookie=request.cookie, seconds=seconds)


def _rotate(url: str, request: Request, seconds: int) -> dict[str, Any]:
    env = {
        "RAPPORT_BODY": str(request.body),
        "RAPPORT_COOKIE": request.cookie,
        "RAPPORT_ITEMS": request.current_items() if request.current_items else request.items,
        "RAPPORT_THREADS": "2",
    }
    return run_wrk(url, "rotate.lua", env, seconds=seconds)


def _statements(dev: Server, scenario: Scenario) -> int | None:
    request = scenario.requests["rapport"]
    if isinstance(request.body, str):
        first = request.items.split(",")[0]
        node_id = first.split(":")[0]
        version = _gql(dev.url, request.cookie, "query($id: ID!) { customer(id: $id) { version } }", {"id": node_id})
        body = json.loads(
            request.body.replace("{{id}}", node_id).replace("{{version}}", str(version["data"]["customer"]["version"]))
        )
    else:
        body = request.body
    cookie = dev.login(_email_of(request.cookie, scenario))
    return statements(f"{dev.url}/graphql", body, cookie)


def _email_of(cookie: str, scenario: Scenario) -> str:
    return {
        "customer_360": "rep@demo.example",
        "app_customer_360": "rep@demo.example",
        "app_viewer": "rep@demo.example",
        "customer_update": "rep@demo.example",
        "ticket_console": "agent@demo.example",
        "app_service_console": "agent@demo.example",
    }.get(scenario.name, "manager@demo.example")


def run(scale: str = "small", rounds: int = 3, seconds: int = 10, only: list[str] | None = None) -> dict[str, Any]:
    """Run the comparison and write the result files."""
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed: apt-get install wrk")
    url = bench_database(scale)
    rapport = Server(url).start()
    postgraphile = PostGraphile(url).start()
    floor = Floor(url).start()
    dev = Server(url, {"RAPPORT_ENV": "development"}).start()
    # The same server with the compiled read path off: what the app's own operations cost on the resolvers.
    resolvers = Server(url, {"COMPILED_READS": "false"}).start()
    bases = {"rapport": rapport.url, "postgraphile": postgraphile.url, "floor": floor.url, "resolvers": resolvers.url}
    results: dict[str, Any] = {**results_header(scale, rounds, seconds), "scenarios": {}}
    try:
        for scenario in scenarios(rapport, url):
            if only and scenario.name not in only:
                continue
            print(f"== {scenario.name}: {scenario.description}", flush=True)
            runs: dict[str, list[dict[str, Any]]] = {t: [] for t in scenario.requests}
            for target, request in scenario.requests.items():  # warm-up
                _run(bases[target], request, 3)
            for _ in range(rounds):  # interleaved: A B C A B C ...
                for target, request in scenario.requests.items():
                    outcome = unstolen(lambda b=bases[target], r=request: _run(b, r, seconds))
                    runs[target].append(outcome)
                    print(
                        f"   {target:13} {outcome['rps']:9.1f} req/s  p50 {outcome['p50_ms']:7.1f} ms  "
                        f"p99 {outcome['p99_ms']:7.1f} ms  errors {outcome['errors']}{stolen_note(outcome)}",
                        flush=True,
                    )
            summary = {target: median_of_runs(rs) for target, rs in runs.items()}
            ratios = {}
            for other in ("postgraphile", "floor", "resolvers"):
                if other in summary and summary[other]["rps"] > 0:
                    ratios[f"rapport_vs_{other}"] = round(summary["rapport"]["rps"] / summary[other]["rps"], 3)
            results["scenarios"][scenario.name] = {
                "description": scenario.description,
                "targets": summary,
                "ratios": ratios,
                "rapport_sql_statements": _statements(dev, scenario),
            }
            print(f"   ratios {ratios}", flush=True)
    finally:
        for process in (rapport, postgraphile, floor, dev, resolvers):
            process.stop()
    write(results)
    return results


def write(results: dict[str, Any]) -> Path:
    """bench/results/<date>-compare[-<scale>].json, .md and .png (small scale without a suffix)."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    scale = "" if results["scale"] == "small" else f"-{results['scale']}"
    stem = RESULTS / f"{results['date'][:10]}-compare{scale}"
    stem.with_suffix(".json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    lines = [
        f"# Rapport vs PostGraphile 4 vs the SQL floor ({results['scale']} scale, {results['date'][:10]})",
        "",
        f"wrk, {results['connections']} connections, {results['seconds']} s per run, median of {results['rounds']} "
        "interleaved rounds; one process per target; Rapport as a restricted role with authorization on.",
        "",
        "| scenario | Rapport req/s | PostGraphile req/s | floor req/s | resolvers req/s | Rapport ÷ PostGraphile "
        "| Rapport ÷ floor | Rapport ÷ resolvers | Rapport p50 / p99 ms | SQL statements (Rapport) | errors |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, scenario in results["scenarios"].items():
        t, ratios = scenario["targets"], scenario["ratios"]
        rps = {target: t[target]["rps"] if target in t else "n/a" for target in TARGETS}
        errors = sum(v["errors"] for v in t.values())
        lines.append(
            f"| {name} | {rps['rapport']} | {rps['postgraphile']} | {rps['floor']} | {rps['resolvers']} | "
            f"{ratios.get('rapport_vs_postgraphile', 'n/a')} | {ratios.get('rapport_vs_floor', 'n/a')} | "
            f"{ratios.get('rapport_vs_resolvers', 'n/a')} | {t['rapport']['p50_ms']} / {t['rapport']['p99_ms']} | "
            f"{scenario['rapport_sql_statements']} | {errors} |"
        )
    stem.with_suffix(".md").write_text("\n".join(lines) + "\n")
    _chart(results, stem.with_suffix(".png"))
    print(f"written to {stem}.json, .md and .png")
    return stem


def _chart(results: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = list(results["scenarios"])
    width = 0.2
    fig, ax = plt.subplots(figsize=(11, 5))
    for i, target in enumerate(TARGETS):
        values = [results["scenarios"][n]["targets"].get(target, {}).get("rps", 0) for n in names]
        ax.bar([x + (i - 1.5) * width for x in range(len(names))], values, width, label=target)
    ax.set_xticks(range(len(names)), names, rotation=15)
    ax.set_yscale("log")
    ax.set_ylabel("requests/s (log scale, higher is better)")
    ax.set_title(f"Rapport vs PostGraphile 4 vs SQL floor — {results['scale']} scale, {results['date'][:10]}")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


__all__ = ["KEYS", "run", "write"]

"""The capacity model's inputs (docs/scaling.md): for each page the benchmark replays, what one request costs the
web process and PostgreSQL in CPU time, measured under load, and the rows per customer of the benchmark database.

One Rapport process serves each page's requests as the app sends them (bench/app_pages.py) from wrk's 8
connections; the CPU time of the server process and of every PostgreSQL process (backends and background
workers alike) is read from /proc before and after each run. CPU milliseconds per request = CPU time ÷ requests
answered. With those, N web cores serve N ÷ (web CPU per request) requests a second, and a primary with M cores
serves at most M ÷ (database CPU per request): the point where one primary runs out.

`python -m bench capacity [--scale small|large] [--seconds 8] [--only page ...]` writes
bench/results/<date>-capacity.{json,md}. Run it on an otherwise idle machine: other PostgreSQL work is counted.
"""

from __future__ import annotations

import time
from typing import Any

import psutil

from bench.app_pages import PAGES, manifest
from bench.harness import Server, bench_database, results_header, save, unstolen
from bench.pages import EMAILS, SETTLE_SECONDS, gather_facts, login, page_requests, wrk_page

#: Tables counted per customer (the graph a customer brings with it).
PER_CUSTOMER = (
    "contact",
    "activity",
    "sales_order",
    "order_line",
    "opportunity",
    "stage_change",
    "ticket",
    "ticket_comment",
    "ticket_event",
    "task",
    "audit_log",
)


def _cpu_seconds(processes: list[psutil.Process]) -> float:
    total = 0.0
    for process in processes:
        try:
            times = process.cpu_times()
        except psutil.Error:  # a backend that ended since: its time is lost (the pools keep theirs open)
            continue
        total += times.user + times.system
    return total


def _postgres() -> list[psutil.Process]:
    return [p for p in psutil.process_iter(["name"]) if (p.info["name"] or "").startswith("postgres")]


def _measure(
    url: str, sent: list[tuple[str, str]], cookie: str, server: psutil.Process, seconds: int
) -> dict[str, Any]:
    database = _postgres()
    before = (_cpu_seconds([server]), _cpu_seconds(database))
    outcome = wrk_page(url, sent, cookie, seconds)
    after = (_cpu_seconds([server]), _cpu_seconds(database))
    requests = outcome["requests"]  # the run's (a server still answering after wrk stopped adds a little CPU)
    return {
        **outcome,
        "web_cpu_ms": round((after[0] - before[0]) * 1000 / max(requests, 1), 3),
        "db_cpu_ms": round((after[1] - before[1]) * 1000 / max(requests, 1), 3),
    }


async def _rows_per_customer(url: str) -> dict[str, float]:
    import asyncpg

    connection = await asyncpg.connect(url)
    try:
        customers = await connection.fetchval("SELECT count(*) FROM customer")
        found = {"customers": float(customers)}
        for table in PER_CUSTOMER:
            exists = await connection.fetchval("SELECT to_regclass($1) IS NOT NULL", table)
            if exists:
                count = await connection.fetchval(f'SELECT count(*) FROM "{table}"')
                found[table] = round(count / max(customers, 1), 2)
        return found
    finally:
        await connection.close()


def run(scale: str = "small", seconds: int = 8, only: list[str] | None = None) -> dict[str, Any]:
    """Measure each page's CPU per request on one Rapport process; write bench/results/<date>-capacity.*."""
    import asyncio

    url = bench_database(scale)
    results: dict[str, Any] = {**results_header(scale, 1, seconds), "pages": {}}
    results["rows_per_customer"] = asyncio.run(_rows_per_customer(url))
    documents = manifest()
    rapport = Server(url).start()
    try:
        assert rapport.process is not None
        server = psutil.Process(rapport.process.pid)
        cookies = {email: login(rapport, email) for email in EMAILS}
        facts = gather_facts(rapport, cookies, url)
        for page in PAGES:
            if only and page.name not in only:
                continue
            sent = page_requests(page, facts, documents)["rapport"]
            base = f"{rapport.url}{sent[0][0]}"
            wrk_page(base, sent, cookies[page.email], 3)  # warm-up
            time.sleep(SETTLE_SECONDS)
            cookie = cookies[page.email]
            outcome = unstolen(lambda b=base, s=sent, c=cookie: _measure(b, s, c, server, seconds), SETTLE_SECONDS)
            results["pages"][page.name] = {"requests_per_page": len(sent), **outcome}
            print(
                f"{page.name}: {outcome['rps']:.0f} requests/s, web {outcome['web_cpu_ms']} ms, "
                f"PostgreSQL {outcome['db_cpu_ms']} ms CPU per request",
                flush=True,
            )
    finally:
        rapport.stop()
    path = save("capacity", results)
    path.with_suffix(".md").write_text(markdown(results))
    return results


def markdown(results: dict[str, Any]) -> str:
    lines = [
        f"# Capacity inputs ({results['scale']} scale, {results.get('date', '')})",
        "",
        "| page | requests/s (1 process) | web CPU ms / request | PostgreSQL CPU ms / request | p99 ms | stolen ms |",
        "|---|---|---|---|---|---|",
    ]
    for name, page in results["pages"].items():
        lines.append(
            f"| {name} | {page['rps']:.0f} | {page['web_cpu_ms']} | {page['db_cpu_ms']} | "
            f"{page.get('p99_ms', '')} | {page.get('steal_ms', '')} |"
        )
    lines += ["", "Rows per customer:", ""]
    lines += [f"- {table}: {count}" for table, count in results["rows_per_customer"].items()]
    return "\n".join(lines) + "\n"


#: The pages the issue measures across processes: the 360° page and the customer list.
PROCESS_PAGES = ("page_customer_360", "page_customer_list")


def _all_ready(server: Server, tries: int = 20) -> None:
    """Every process of a multi-process server answers: `tries` readiness checks in a row, each on a new
    connection (the kernel hands each to any process), all ready."""
    import httpx

    deadline = time.monotonic() + 180
    ok = 0
    while ok < tries and time.monotonic() < deadline:
        try:
            ok = ok + 1 if httpx.get(f"{server.url}/readyz", timeout=5).status_code == 200 else 0
        except httpx.HTTPError:
            ok = 0
        time.sleep(0.1)


def run_processes(scale: str = "small", rounds: int = 3, seconds: int = 8) -> dict[str, Any]:
    """Throughput of the 360° page and the customer list with one web process and with two (`--workers 2`) on
    the same machine (PostgreSQL and wrk share its cores), in interleaved rounds; bench/results/<date>-processes.*"""
    from statistics import median

    url = bench_database(scale)
    results: dict[str, Any] = {**results_header(scale, rounds, seconds), "pages": {}}
    documents = manifest()
    servers = {
        "1 process": Server(url).start(),
        "2 processes": Server(url, {"DB_POOL_SIZE": "10"}, args=("--workers", "2")).start(),
    }
    try:
        _all_ready(servers["2 processes"])
        cookies = {email: login(servers["1 process"], email) for email in EMAILS}
        facts = gather_facts(servers["1 process"], cookies, url)
        for page in PAGES:
            if page.name not in PROCESS_PAGES:
                continue
            sent = page_requests(page, facts, documents)["rapport"]
            cookie = cookies[page.email]
            runs: dict[str, list[dict[str, Any]]] = {name: [] for name in servers}
            for server in servers.values():  # warm-up
                wrk_page(f"{server.url}/graphql", sent, cookie, 3)
                time.sleep(SETTLE_SECONDS)
            for _ in range(rounds):
                for name, server in servers.items():
                    base = f"{server.url}/graphql"
                    runs[name].append(
                        unstolen(lambda b=base, s=sent, c=cookie: wrk_page(b, s, c, seconds), SETTLE_SECONDS)
                    )
                    print(f"{page.name} {name}: {runs[name][-1]['rps']:.0f} requests/s", flush=True)
            rps = {name: median(r["rps"] for r in found) for name, found in runs.items()}
            results["pages"][page.name] = {
                "runs": runs,
                "rps": rps,
                "ratio": round(rps["2 processes"] / max(rps["1 process"], 1e-9), 2),
            }
    finally:
        for server in servers.values():
            server.stop()
    path = save("processes", results)
    lines = [
        f"# One web process against two ({results['scale']} scale, {rounds} interleaved rounds of {seconds} s)",
        "",
        "| page | 1 process requests/s | 2 processes requests/s | ratio |",
        "|---|---|---|---|",
    ]
    for name, page in results["pages"].items():
        lines.append(
            f"| {name} | {page['rps']['1 process']:.0f} | {page['rps']['2 processes']:.0f} | {page['ratio']} |"
        )
    path.with_suffix(".md").write_text("\n".join(lines) + "\n")
    return results

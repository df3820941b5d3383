"""Shared benchmark machinery: a database, server processes, wrk runs and result files."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
LOGS = ROOT / "test-output" / "bench"


def server_log(name: str, port: int) -> Any:
    """A file for a benchmark server's output (never a pipe nobody reads: a full pipe blocks the server)."""
    LOGS.mkdir(parents=True, exist_ok=True)
    return (LOGS / f"{name}-{port}.log").open("wb")


RESULTS = ROOT / "bench" / "results"
STRONG = "bench-only-secret-" + "x" * 32
#: Keys the benchmark data is encrypted with (the servers run in production mode, which refuses dev keys).
KEYS = {
    "SECRET_KEY": STRONG,
    "FIELD_ENCRYPTION_KEYS": "bench-only-field-key-" + "f" * 32,
    "BLIND_INDEX_KEY": "bench-only-blind-index-key-" + "b" * 32,
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def rapport(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "rapport", *args], env={**os.environ, **env}, capture_output=True, text=True, check=True
    )


def bench_database(scale: str) -> str:
    """A benchmark database, created and seeded once per scale, kept between runs."""
    customers = {"tiny": 2_000, "small": 10_000, "large": 100_000}[scale]
    # Bulk tickets and opportunities beside the demo's own (the large scale: 1,000,000 and 200,000).
    extra = {"tiny": (0, 0), "small": (0, 0), "large": (1_000_000, 200_000)}[scale]
    server = os.environ.get("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    base = server.rsplit("/", 1)[0]
    name = f"rapport_bench_{scale}"
    url = f"{base}/{name}"
    admin = f"{base}/postgres"
    import asyncio

    import asyncpg

    async def ensure() -> bool:
        conn = await asyncpg.connect(admin)
        try:
            exists = await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name)
            if not exists:
                await conn.execute(f'CREATE DATABASE "{name}"')
            return bool(exists)
        finally:
            await conn.close()

    existed = asyncio.run(ensure())
    env = {"DATABASE_URL": url, "RAPPORT_ENV": "development", "LOG_LEVEL": "WARNING", **KEYS}
    if not existed:
        print(f"seeding {customers} customers into {name} ...", flush=True)
        rapport(
            "seed",
            "--locale",
            "zh_CN",
            "--random-seed",
            "7",
            "--customers",
            str(customers),
            "--tickets",
            str(extra[0]),
            "--opportunities",
            str(extra[1]),
            env=env,
        )

        async def analyze() -> None:  # fresh statistics: bulk-loaded tables otherwise get misestimated plans
            conn = await asyncpg.connect(url)
            try:
                await conn.execute("ANALYZE")
            finally:
                await conn.close()

        asyncio.run(analyze())
    else:
        rapport("migrate", env=env)
    return url


@dataclass
class Server:
    """A Rapport server process with production settings."""

    database_url: str
    extra_env: dict[str, str] = field(default_factory=dict)
    port: int = field(default_factory=free_port)
    #: More `rapport serve` arguments (e.g. `--workers 2`).
    args: tuple[str, ...] = ()
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Server:
        env = {
            **os.environ,
            "DATABASE_URL": self.database_url,
            "RAPPORT_ENV": "production",
            **KEYS,
            "LOG_LEVEL": "WARNING",
            # The scenarios compare shapes PostGraphile can answer too, not only the app's manifest (the app
            # scenarios send manifest documents, which production accepts either way).
            "TRUSTED_DOCUMENTS_ONLY": "false",
            **self.extra_env,
        }
        log = server_log("rapport", self.port)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "rapport", "serve", "--port", str(self.port), "--no-jobs", *self.args],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 180  # several processes each build the schema and the policy
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.url}/readyz", timeout=2).status_code == 200:
                    return self
            except httpx.HTTPError:
                time.sleep(0.2)
        raise RuntimeError(f"server did not start: see {log.name}")

    def login(self, email: str) -> str:
        response = httpx.post(
            f"{self.url}/graphql",
            json={
                "query": "mutation($i: LoginInput!) { login(input: $i) { viewer { id } } }",
                "variables": {"i": {"email": email, "password": "rapport-demo"}},
            },
        )
        return f"rapport_session={response.cookies['rapport_session']}"

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)


def wrk(url: str, body: dict[str, Any], *, cookie: str = "", seconds: int = 10, connections: int = 8) -> dict[str, Any]:
    """Run wrk against `url` posting `body`; returns requests/s, p50, p99 and errors."""
    env = {"RAPPORT_BODY": json.dumps(body), "RAPPORT_COOKIE": cookie}
    return run_wrk(url, "post.lua", env, seconds=seconds, connections=connections)


#: Linux's autogroup scheduling: on, the scheduler shares the CPUs fairly between sessions (process groups made by
#: setsid) before the threads within them, so PostgreSQL's backends (the server's one session) get one share
#: against a target's server and wrk, and each waits its group's turn: runs that fill the machine then had p99 of
#: 70-1,150 ms where the target's own latency histogram and the same runs with it off had 6-7 ms
#: (docs/performance.md, "The scheduler's groups").
AUTOGROUP = Path("/proc/sys/kernel/sched_autogroup_enabled")


def autogroup_state() -> str:
    """The kernel's autogroup scheduling now: "on", "off" or "absent" (not a Linux with it)."""
    try:
        return "on" if AUTOGROUP.read_text().strip() == "1" else "off"
    except OSError:
        return "absent"


@contextlib.contextmanager
def one_scheduling_group() -> Iterator[str]:
    """For a benchmark's duration, the kernel's autogroup scheduling off where this process may change it (root),
    then as it was; BENCH_AUTOGROUP=keep leaves it alone. Yields the state the runs have."""
    before = autogroup_state()
    changed = False
    if before == "on" and os.environ.get("BENCH_AUTOGROUP") != "keep":
        try:
            AUTOGROUP.write_text("0")
            changed = True
        except OSError:
            print("note: the kernel's autogroup scheduling is on and cannot be turned off here (not root):", flush=True)
            print("      runs that fill the machine will show the scheduler's waits in their p99", flush=True)
    try:
        yield autogroup_state()
    finally:
        if changed:
            AUTOGROUP.write_text("1")


def results_header(scale: str, rounds: int, seconds: int) -> dict[str, Any]:
    """What every comparison's result file starts with: when, at what scale, and how it was run."""
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "scale": scale,
        "connections": 8,
        "seconds": seconds,
        "rounds": rounds,
        "machine": {"cpus": os.cpu_count(), "autogroup": autogroup_state()},
        "code": code_version(),
    }


def code_version() -> dict[str, Any]:
    """The commit the servers ran, and whether the backend had uncommitted changes (others work in the same tree)."""

    def git(*args: str) -> str:
        found = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)
        return found.stdout.strip()

    return {"commit": git("rev-parse", "HEAD"), "backend_changed": bool(git("status", "--porcelain", "backend"))}


def cpu_ticks() -> tuple[int, int, int] | None:
    """The machine's (busy, idle, stolen) CPU clock ticks since boot, summed over its CPUs, from /proc/stat;
    None where it cannot be read."""
    try:
        with open("/proc/stat") as stat:
            fields = [int(v) for v in stat.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    if len(fields) < 8:
        return None
    user, nice, system, idle, iowait, irq, softirq, steal = fields[:8]
    return user + nice + system + irq + softirq, idle + iowait, steal


#: Milliseconds per /proc/stat clock tick (USER_HZ).
TICK_MS = 1000 / os.sysconf("SC_CLK_TCK")


def run_wrk(url: str, script: str, env: dict[str, str], *, seconds: int, connections: int = 8) -> dict[str, Any]:
    """wrk with 2 threads and `connections` connections for `seconds` with bench/<script> (its settings in `env`):
    the RESULT line the script writes (requests/s, p50, p99, errors), with the CPU time the hypervisor took from
    the machine during the run (`steal_ms`, summed over CPUs) and the share of the machine's CPU time in use
    (`cpu_busy`)."""
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed: apt-get install wrk")
    before = cpu_ticks()
    out = subprocess.run(
        ["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "-s", str(ROOT / "bench" / script), url],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    after = cpu_ticks()
    line = next(line for line in out.splitlines() if line.startswith("RESULT "))
    found = dict(json.loads(line.removeprefix("RESULT ")))
    if before is not None and after is not None:
        busy, idle, steal = (b - a for a, b in zip(before, after, strict=True))
        found["steal_ms"] = round(steal * TICK_MS)
        found["cpu_busy"] = round(busy / max(busy + idle + steal, 1), 3)
    return found


#: A run during which the hypervisor took more CPU time than this from the machine (summed over its CPUs) is run
#: again. Seen on this kind of machine (docs/performance.md, "Stolen CPU time"): when the processes of a run keep both
#: vCPUs busy, the host deschedules them for tens of milliseconds at a time, and each such stall lands in the run's
#: p99 (wrk's coordinated-omission correction multiplies it); runs with no steal have no such tail.
STEAL_LIMIT_MS = 50
#: Runs of one scenario at most (the attempt with the least stolen time is kept).
ATTEMPTS = 3


def unstolen(run: Callable[[], dict[str, Any]], settle: float = 0.0) -> dict[str, Any]:
    """`run()` (a wrk run) again, up to ATTEMPTS times, while the hypervisor took more than STEAL_LIMIT_MS of CPU
    time during it; the attempt with the least stolen time, with the others' figures under `stolen_attempts`
    (kept in the results: nothing is hidden). Sleeps `settle` seconds after each attempt."""
    attempts: list[dict[str, Any]] = []
    for _ in range(ATTEMPTS):
        attempts.append(run())
        time.sleep(settle)
        stolen = attempts[-1].get("steal_ms")
        if stolen is None or stolen <= STEAL_LIMIT_MS:
            break
    best = min(attempts, key=lambda a: a.get("steal_ms") or 0)
    others = [
        {k: a[k] for k in ("rps", "p50_ms", "p99_ms", "steal_ms", "cpu_busy") if k in a}
        for a in attempts
        if a is not best
    ]
    return {**best, "stolen_attempts": others} if others else best


def median_of_runs(outcomes: list[dict[str, Any]]) -> dict[str, Any]:
    """One target's runs summed up: the median requests/s, p50 and p99, every error, and the runs themselves."""
    return {
        "rps": round(statistics.median(r["rps"] for r in outcomes), 1),
        "p50_ms": round(statistics.median(r["p50_ms"] for r in outcomes), 2),
        "p99_ms": round(statistics.median(r["p99_ms"] for r in outcomes), 2),
        "errors": sum(r["errors"] + r["socket_errors"] for r in outcomes),
        "runs": outcomes,
    }


def stolen_note(outcome: dict[str, Any]) -> str:
    """For a progress line: the CPU time stolen during the run, and the attempts run again (empty: none)."""
    stolen = outcome.get("steal_ms")
    note = f"  stolen {stolen} ms" if stolen else ""
    if outcome.get("stolen_attempts"):
        note += f" (after {len(outcome['stolen_attempts'])} stolen run(s): p99 "
        note += ", ".join(str(a["p99_ms"]) for a in outcome["stolen_attempts"]) + " ms)"
    return note


def statements(url: str, body: dict[str, Any], cookie: str) -> int | None:
    """SQL statements one request's operation runs (needs a development-mode server); the session's lookup,
    which the server then caches (as it is under load), is counted apart and not here."""
    response = httpx.post(url, json=body, headers={"Cookie": cookie, "X-Rapport-Debug": "sql"})
    count = response.json().get("extensions", {}).get("sql", {}).get("statements")
    return int(count) if count is not None else None


def save(name: str, data: dict[str, Any]) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{datetime.now(UTC):%Y-%m-%d}-{name}.json"
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    return path

"""`rapport serve --workers N`: several web processes share the port, every one serves, each is stateless (a
session signed in through one is known to all), a process that dies is replaced, and stopping the server stops
them all. Real processes on the test database."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

import httpx
import psutil

from tests.conftest import LiveServer

LOGIN = "mutation($i: LoginInput!) { login(input: $i) { viewer { email } } }"


def _workers(server: LiveServer) -> list[psutil.Process]:
    """The web processes uvicorn's supervisor started (not multiprocessing's resource tracker)."""
    found = []
    for child in psutil.Process(server.process.pid).children():
        try:
            if child.status() != psutil.STATUS_ZOMBIE and "resource_tracker" not in " ".join(child.cmdline()):
                found.append(child)
        except psutil.Error:  # ended meanwhile (the one the test killed, before its parent reaped it)
            continue
    return found


def _cpu(process: psutil.Process) -> float:
    times = process.cpu_times()
    return float(times.user + times.system)


async def _requests(url: str, cookie: str, count: int) -> list[dict[str, Any]]:
    """`count` viewer queries, each on a new connection (so that the kernel hands them to any process)."""
    answers = []
    for _ in range(count):
        async with httpx.AsyncClient(headers={"Cookie": cookie}) as http:
            response = await http.post(f"{url}/graphql", json={"query": "{ viewer { email } }"})
        assert response.status_code == 200, response.text
        answers.append(response.json())
    return answers


async def test_two_web_processes_serve_one_port_share_sessions_and_a_dead_one_is_replaced(
    database_url: str, demo: dict[str, Any], tmp_path: Path
) -> None:
    env = {"DATABASE_URL": database_url, "RAPPORT_ENV": "test", "LOG_LEVEL": "WARNING", "DB_POOL_SIZE": "4"}
    server = LiveServer(env, tmp_path / "serve.log", args=("--workers", "2"))
    try:
        server.wait_ready(timeout=240)  # each process builds the schema and policy itself: slow on a busy machine
        workers = _workers(server)
        assert len(workers) == 2, [w.cmdline() for w in workers]
        login = httpx.post(
            f"{server.url}/graphql",
            json={"query": LOGIN, "variables": {"i": {"email": "rep@demo.example", "password": "rapport-demo"}}},
        )
        cookie = f"rapport_session={login.cookies['rapport_session']}"
        before = {w.pid: _cpu(w) for w in workers}
        answers = [
            a for batch in await asyncio.gather(*(_requests(server.url, cookie, 40) for _ in range(8))) for a in batch
        ]
        # Whichever process answered knew the session signed in through another one.
        assert {a["data"]["viewer"]["email"] for a in answers} == {"rep@demo.example"}
        busy = {w.pid: _cpu(w) - before[w.pid] for w in workers}
        assert all(spent > 0.05 for spent in busy.values()), f"a process served nothing: CPU seconds {busy}"

        workers[0].kill()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            now = _workers(server)
            if len(now) == 2 and workers[0].pid not in {w.pid for w in now}:
                break
            await asyncio.sleep(0.5)
        else:
            raise AssertionError(f"the killed process was not replaced: {[w.pid for w in _workers(server)]}")
        server.wait_ready(timeout=240)
        assert {a["data"]["viewer"]["email"] for a in await _requests(server.url, cookie, 10)} == {"rep@demo.example"}
        survivors = _workers(server)
    finally:
        assert server.stop() == 0
    _, alive = psutil.wait_procs(survivors, timeout=30)
    assert not alive, "stopping the server left web processes running"

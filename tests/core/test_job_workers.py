"""Job workers as separate processes (`rapport worker`), two on one database: each periodic tick runs once across
them, and a job whose worker is killed in the middle is run again by the other (procrastinate's heartbeats and the
`retry-stalled` task). Real processes on the test database."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import procrastinate
import psycopg
import pytest

from rapport.core.db import libpq_url
from tests.conftest import ROOT, stop_process

SLOW_TASK = Path(__file__).parent / "slow_task"
STALLED_AFTER = 4  # seconds without a heartbeat before a worker is taken for dead (the default is 30)


class Worker:
    """A `rapport worker` process whose job app also knows `test-sleep` (tests/core/slow_task)."""

    def __init__(self, database_url: str, log: Path) -> None:
        self.log = log.open("wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "rapport", "worker"],
            env={
                **os.environ,
                "DATABASE_URL": database_url,
                "RAPPORT_ENV": "test",
                "LOG_LEVEL": "WARNING",
                "JOBS_STALLED_SECONDS": str(STALLED_AFTER),
                "PYTHONPATH": os.pathsep.join([str(SLOW_TASK), os.environ.get("PYTHONPATH", "")]),
            },
            stdout=self.log,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
        )

    def stop(self) -> None:
        stop_process(self.process)
        self.log.close()


@pytest.fixture
def workers(database_url: str, tmp_path: Path) -> Iterator[list[Worker]]:
    started: list[Worker] = []
    yield started
    for worker in started:
        worker.stop()


def _rows(database_url: str, query: str, *args: Any) -> list[tuple[Any, ...]]:
    with psycopg.connect(libpq_url(database_url), autocommit=True) as connection:
        return connection.execute(query, args).fetchall()


def _wait(condition: Any, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.25)
    raise AssertionError(f"{what} within {timeout} s")


def _running_workers(database_url: str) -> int:
    return len(_rows(database_url, "SELECT id FROM procrastinate_workers"))


async def test_two_workers_run_each_periodic_tick_once_and_a_killed_workers_job_again(
    database_url: str, demo: dict[str, Any], workers: list[Worker], tmp_path: Path
) -> None:
    since = time.time()
    first = Worker(database_url, tmp_path / "first.log")
    workers.append(first)
    _wait(lambda: _running_workers(database_url) >= 1, 120, "the first worker did not start")

    # A long job, taken by the only worker.
    marker = str(tmp_path / "sleep")
    app = procrastinate.App(connector=procrastinate.PsycopgConnector(conninfo=libpq_url(database_url)))
    async with app.open_async():
        job_id = await app.configure_task("test-sleep").defer_async(seconds=120, marker=marker)
    _wait(lambda: Path(f"{marker}.{first.process.pid}.started").exists(), 60, "the first worker did not take the job")

    second = Worker(database_url, tmp_path / "second.log")
    workers.append(second)
    _wait(lambda: _running_workers(database_url) >= 2, 120, "the second worker did not start")
    first.process.send_signal(signal.SIGKILL)  # in the middle of the job: no chance to give it back
    first.process.wait()
    Path(f"{marker}.release").touch()  # from now on the job ends as soon as it runs

    # The second worker takes the first for dead, runs the job again and finishes it.
    _wait(
        lambda: Path(f"{marker}.{second.process.pid}.done").exists(),
        STALLED_AFTER + 60,
        "the killed worker's job was not run again by the other",
    )
    assert not Path(f"{marker}.{first.process.pid}.done").exists()
    _wait(
        lambda: _rows(database_url, "SELECT status FROM procrastinate_jobs WHERE id = %s", job_id) == [("succeeded",)],
        30,
        "the job was not recorded as succeeded",
    )

    # Every periodic job of the run (both workers ran them, `export-run` every 3 s) ran once per tick.
    await asyncio.sleep(4)
    ticks = _rows(
        database_url,
        "SELECT task_name, args->>'timestamp', count(*) FROM procrastinate_jobs "
        "WHERE queue_name = 'periodic' AND (args->>'timestamp')::bigint >= %s GROUP BY 1, 2",
        int(since),
    )
    assert len({(task, at) for task, at, _ in ticks if task == "export-run"}) >= 3, ticks
    assert [tick for tick in ticks if tick[2] != 1] == []

"""Periodic and queued jobs on procrastinate (PostgreSQL-backed), and running one job by hand."""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import procrastinate

from rapport.config import Settings
from rapport.core import clock
from rapport.core.db import Database, libpq_url

log = logging.getLogger(__name__)

#: A job body: given the database, settings and "now", do the work idempotently and report what it did.
JobFn = Callable[[Database, Settings, datetime], Awaitable[dict[str, Any]]]


@dataclass(frozen=True)
class JobSpec:
    """A periodic job: its name (for `rapport jobs run NAME`), schedule and body."""

    name: str
    cron: str
    run: JobFn
    description: str


#: The jobs Rapport runs, by name; filled by the composition root (`rapport.assembly.install`) from the
#: domains' manifests.
JOBS: dict[str, JobSpec] = {}


def periodic_job(name: str, cron: str, description: str) -> Callable[[JobFn], JobSpec]:
    """Declare a periodic job (list it in the domain's manifest); bodies must be safe when several workers run
    them (use row locks)."""

    def declare(fn: JobFn) -> JobSpec:
        return JobSpec(name=name, cron=cron, run=fn, description=description)

    return declare


def install_jobs(specs: list[JobSpec]) -> None:
    """Make these the jobs Rapport runs (the composition root calls this)."""
    JOBS.clear()
    JOBS.update({spec.name: spec for spec in specs})


class UnknownJobError(LookupError):
    """No job has that name; `rapport jobs list` shows the names."""


async def run_job(name: str, db: Database, settings: Settings, now: datetime | None = None) -> dict[str, Any]:
    """Run one job once, as if the time were `now` (default: the clock's now)."""
    spec = JOBS.get(name)
    if spec is None:
        raise UnknownJobError(f"No job named {name!r}; known jobs: {', '.join(sorted(JOBS)) or 'none'}.")
    instant = now or clock.now()
    with clock.frozen_at(instant):
        result = await spec.run(db, settings, instant)
    # A job that found nothing to do (every count zero, every list empty) is not news: the frequent ones (mail
    # delivery every 10 seconds) would fill the log at INFO.
    level = logging.INFO if any(result.values()) else logging.DEBUG
    log.log(level, "job finished", extra={"job": name, "now": instant.isoformat(), "result": result})
    return result


@dataclass
class _Runtime:
    db: Database | None = None
    settings: Settings | None = None


_runtime = _Runtime()


#: The periodic task that runs again the jobs of workers that stopped (killed, or their machine lost).
RETRY_STALLED = "retry-stalled"


def build_job_app(settings: Settings, db: Database) -> procrastinate.App:
    """A procrastinate app whose periodic tasks run the registered jobs on this process's database, and run again
    the jobs a stopped worker left half done."""
    _runtime.db, _runtime.settings = db, settings
    assert settings.database_url
    app = procrastinate.App(connector=procrastinate.PsycopgConnector(conninfo=libpq_url(settings.database_url)))
    for spec in JOBS.values():
        _register(app, spec)
    stalled_after = settings.jobs_stalled_seconds

    @app.periodic(cron="* * * * * */5", periodic_id=RETRY_STALLED)
    @app.task(name=RETRY_STALLED, queueing_lock=RETRY_STALLED, queue="periodic")
    async def retry_stalled(timestamp: int) -> None:
        """Every worker beats its heart in PostgreSQL; a job whose worker has not beaten for `stalled_after` seconds
        is put back in its queue (every job body is safe to run again: they are idempotent)."""
        for job in await app.job_manager.get_stalled_jobs(seconds_since_heartbeat=stalled_after):
            log.warning("running again a job whose worker stopped", extra={"job": job.task_name, "id": job.id})
            await app.job_manager.retry_job(job)

    return app


async def work(app: procrastinate.App, settings: Settings, name: str, **options: Any) -> None:
    """Run a worker until cancelled, beating its heart every third of `jobs_stalled_seconds` (the others take it
    for dead, and run its jobs again, after all of them)."""
    stalled_after = float(settings.jobs_stalled_seconds)
    await app.run_worker_async(
        name=name, update_heartbeat_interval=stalled_after / 3, stalled_worker_timeout=stalled_after, **options
    )


def _register(app: procrastinate.App, spec: JobSpec) -> None:
    async def task(timestamp: int) -> None:
        assert _runtime.db is not None
        assert _runtime.settings is not None
        await run_job(spec.name, _runtime.db, _runtime.settings, datetime.fromtimestamp(timestamp, UTC))

    task.__name__ = spec.name.replace("-", "_")
    # queueing_lock: at most one waiting instance; periodic defers are deduplicated across workers by
    # procrastinate itself, so several workers never run the same tick twice.
    app.periodic(cron=spec.cron, periodic_id=spec.name)(
        app.task(name=spec.name, queueing_lock=spec.name, queue="periodic")(task)
    )


@contextlib.asynccontextmanager
async def job_process(settings: Settings, db: Database) -> AsyncIterator[None]:
    """What a process running jobs outside `rapport serve` needs: the database's policy, kept current as it
    changes (jobs read on integrations' behalf: webhook payloads), and the audit of their sensitive reads."""
    from rapport.core.authz import store as policy_store
    from rapport.core.authz.readlog import read_log
    from rapport.core.notify import PgListener

    async def reload_policy(_: str) -> None:
        policy_store.reload(db.engine)

    listener = PgListener(settings.database_url or "")
    listener.on(policy_store.CHANNEL, reload_policy)
    await policy_store.load(db.engine)
    await listener.start()
    read_log.bind(db)
    try:
        yield
    finally:
        await listener.stop()
        await read_log.close()


async def run_worker(settings: Settings, db: Database, concurrency: int) -> None:
    """`rapport worker`: run the jobs until stopped."""
    async with job_process(settings, db):
        job_app = build_job_app(settings, db)
        async with job_app.open_async():
            await work(job_app, settings, f"worker-{os.getpid()}", concurrency=concurrency)


async def run_job_once(name: str, db: Database, settings: Settings, now: datetime | None) -> dict[str, Any]:
    """`rapport jobs run`: one job once, with the database's policy and the read audit."""
    async with job_process(settings, db):
        return await run_job(name, db, settings, now)

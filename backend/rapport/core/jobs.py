"""Periodic and queued jobs on procrastinate (PostgreSQL-backed), and running one job by hand."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
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


JOBS: dict[str, JobSpec] = {}


def periodic_job(name: str, cron: str, description: str) -> Callable[[JobFn], JobFn]:
    """Register a periodic job; bodies must be safe when several workers run them (use row locks)."""

    def register(fn: JobFn) -> JobFn:
        JOBS[name] = JobSpec(name=name, cron=cron, run=fn, description=description)
        return fn

    return register


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
    log.info("job finished", extra={"job": name, "now": instant.isoformat(), "result": result})
    return result


@dataclass
class _Runtime:
    db: Database | None = None
    settings: Settings | None = None


_runtime = _Runtime()


def build_job_app(settings: Settings, db: Database) -> procrastinate.App:
    """A procrastinate app whose periodic tasks run the registered jobs on this process's database."""
    _load_job_modules()
    _runtime.db, _runtime.settings = db, settings
    assert settings.database_url
    app = procrastinate.App(connector=procrastinate.PsycopgConnector(conninfo=libpq_url(settings.database_url)))
    for spec in JOBS.values():
        _register(app, spec)
    return app


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


def _load_job_modules() -> None:
    """Import every domain's jobs so that they register themselves."""
    from rapport.activities import jobs as activity_jobs
    from rapport.customers import jobs as customer_jobs
    from rapport.identity import jobs as identity_jobs
    from rapport.sales import jobs as sales_jobs
    from rapport.support import jobs as support_jobs

    del activity_jobs, customer_jobs, identity_jobs, sales_jobs, support_jobs

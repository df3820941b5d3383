"""`rapport serve`'s web server: one process, or `--workers N` processes sharing the port."""

from __future__ import annotations

import os

from starlette.applications import Starlette

from rapport.app import create_app
from rapport.config import Settings, get_settings
from rapport.core.logging import configure_logging


def run_web(settings: Settings, workers: int = 1) -> None:
    """Serve the app with uvicorn until stopped: in this process, or in `workers` processes that share the port.

    Each of several processes builds its app from the environment (`app_from_environment`): the settings decided
    here, the embedded server's DATABASE_URL included, are put there first. The processes are stateless: live
    events, sign-outs, role and policy changes reach every one through PostgreSQL (NOTIFY), and jobs, when on, run
    in every process with each periodic tick taken by one of them (procrastinate's own locks).
    """
    import uvicorn

    if workers > 1:
        os.environ.update(
            {
                "DATABASE_URL": settings.database_url or "",
                "HOST": settings.host,
                "PORT": str(settings.port),
                "JOBS_IN_PROCESS": "true" if settings.jobs_in_process else "false",
            }
        )
    uvicorn.run(
        "rapport.serve_command:app_from_environment" if workers > 1 else create_app(settings),
        factory=workers > 1,
        workers=workers if workers > 1 else None,
        host=settings.host,
        port=settings.port,
        log_config=None,
        proxy_headers=False,  # the app believes X-Forwarded-For from TRUSTED_PROXIES only (create_app)
        ws="websockets-sansio",
        ws_per_message_deflate=False,  # compressing every event for every subscriber costs more than it saves
        timeout_graceful_shutdown=10,
    )


def app_from_environment() -> Starlette:
    """The app of one of `rapport serve --workers N`'s processes, its settings read from the environment."""
    settings = get_settings()
    configure_logging(settings.log_level)
    return create_app(settings)

"""The embedded PostgreSQL (package `pgserver`) used when no DATABASE_URL is set."""

from __future__ import annotations

import json
import logging
import subprocess
import warnings
from pathlib import Path
from typing import Any

import psutil

log = logging.getLogger(__name__)

DATABASE_NAME = "rapport"


def _forget_dead_handles(pgdata: Path) -> None:
    """Drop pids of processes that died without releasing the server (e.g. killed with SIGKILL).

    pgserver stops the server when its last handle is released; a stale pid would keep it running forever.
    """
    handles = pgdata / ".handle_pids.json"
    try:
        pids = json.loads(handles.read_text())
    except (OSError, ValueError):
        return
    alive = [pid for pid in pids if isinstance(pid, int) and psutil.pid_exists(pid)]
    if alive != pids:
        handles.write_text(json.dumps(alive))


class EmbeddedPostgres:
    """A real PostgreSQL server in a data directory, started on demand and stopped when this process exits."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self._server: Any = None

    def start(self) -> str:
        """Start (or join) the server, create the `rapport` database if missing, and return its URL."""
        with warnings.catch_warnings():  # platformdirs warns when XDG_RUNTIME_DIR is unset (e.g. root, CI)
            warnings.simplefilter("ignore")
            import pgserver  # imported here: only embedded mode needs it

        pgdata = self.data_dir / "pgdata"
        pgdata.mkdir(parents=True, exist_ok=True)
        _forget_dead_handles(pgdata)
        log.info("starting embedded PostgreSQL", extra={"pgdata": str(pgdata)})
        self._server = pgserver.get_server(pgdata, cleanup_mode="stop")  # type: ignore[attr-defined]
        exists = self._server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")
        if "(1 row)" not in exists:
            try:
                self._server.psql(f"CREATE DATABASE {DATABASE_NAME};")
            except subprocess.CalledProcessError:  # another process created it first
                log.info("database already created by another process")
        return self.url(DATABASE_NAME)

    def url(self, database: str) -> str:
        """The libpq URL of a database on this server (over its Unix socket)."""
        assert self._server is not None, "start() first"
        return str(self._server.get_uri(database))

    def stop(self) -> None:
        """Release this process's handle; the server stops when no process holds it any more."""
        if self._server is not None:
            self._server.cleanup()
            self._server = None

"""Put first on PYTHONPATH of a `rapport worker` started by tests/core/test_job_workers.py: its job app also knows
the task `test-sleep`, which writes `<marker>.<pid>.started`, waits until `<marker>.release` exists (at most
`seconds`), then writes `<marker>.<pid>.done`: a job that lasts until the test lets it end, so that its worker can
be killed in the middle of it. Nothing else changes."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Any

import rapport.core.jobs as jobs

_build = jobs.build_job_app


def _build_with_sleep(*args: Any, **kwargs: Any) -> Any:
    app = _build(*args, **kwargs)

    @app.task(name="test-sleep")
    async def sleep(seconds: float, marker: str) -> None:
        Path(f"{marker}.{os.getpid()}.started").touch()
        for _ in range(int(seconds * 10)):
            if Path(f"{marker}.release").exists():
                break
            await asyncio.sleep(0.1)
        Path(f"{marker}.{os.getpid()}.done").touch()

    return app


jobs.build_job_app = _build_with_sleep

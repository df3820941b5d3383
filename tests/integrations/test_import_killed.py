"""A command-line import whose process is killed (SIGKILL, mid-run) is taken up by the `import-run` job once its
heartbeat is stale, and finishes without writing any row twice: every customer and contact exists once."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from bench.imports import COLUMNS, VALUES, make_file
from sqlalchemy import func, select

from rapport.config import Settings
from rapport.core.db import Database
from rapport.core.jobs import run_job
from rapport.customers.models import Contact, Customer
from rapport.integrations.imports import runner
from rapport.integrations.imports.models import ImportBatch, ImportRow
from tests.conftest import GraphQLClient

pytestmark = pytest.mark.usefixtures("demo")
ROOT = Path(__file__).resolve().parents[2]
SAVE = "mutation($i: ImportTemplateInput!) { importTemplateSave(input: $i) { template { id } userErrors { message } } }"


async def test_an_import_killed_mid_run_resumes_without_duplicates(
    gql: GraphQLClient, database_url: str, db: Database, settings: Settings, tmp_path: Path
) -> None:
    path = tmp_path / "old-crm.xlsx"
    rows = make_file(path, 6000)  # 9,000 rows: 18 chunks
    await gql.login("admin@demo.example")
    template = {
        "name": "bench",
        "columns": [{"header": h, "target": t} for h, t in COLUMNS.items()],
        "values": [{"target": t, "source": s, "value": v} for t, words in VALUES.items() for s, v in words.items()],
    }
    assert (await gql(SAVE, {"i": template}))["data"]["importTemplateSave"]["userErrors"] == []
    command = [sys.executable, "-m", "rapport", "import", str(path), "--as", "admin@demo.example", "--template",
               "bench", "--strategy", "merge"]  # fmt: skip
    env = {**os.environ, "DATABASE_URL": database_url, "LOG_LEVEL": "WARNING"}
    process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 180
    try:
        while True:  # killed once some chunks are committed, long before the last
            async with db.read() as session:
                done = await session.scalar(select(func.max(ImportBatch.done)))
            if done:
                break
            assert process.poll() is None, "the import ended before it could be killed"
            assert time.monotonic() < deadline
            await asyncio.sleep(0.02)
    finally:
        process.kill()
        process.wait()
    async with db.read() as session:
        batch = (await session.scalars(select(ImportBatch))).one()
    assert batch.status == "running" and 0 < batch.done < rows
    await run_job("import-run", db, settings, datetime.now(UTC) + timedelta(seconds=5))  # a fresh heartbeat: left
    async with db.read() as session:
        assert await session.scalar(select(ImportBatch.status)) == "running"
    await run_job("import-run", db, settings, datetime.now(UTC) + timedelta(minutes=3))  # stale: taken up
    async with db.read() as session:
        batch = (await session.scalars(select(ImportBatch))).one()
        twice = (
            await session.execute(
                select(Customer.external_id).where(Customer.external_id.is_not(None))
                .group_by(Customer.external_id).having(func.count() > 1)
            )
        ).all()  # fmt: skip
        imported = await session.scalar(select(func.count()).where(Customer.external_id.like("K%")))
        contacts = await session.scalar(
            select(func.count()).select_from(Contact).join(Customer).where(Customer.external_id.like("K%"))
        )
    assert (batch.status, batch.done) == ("done", rows)
    assert twice == []
    # 6,000 customers but the 3 whose only row has a refused phone; every contact row once but the 7 refused
    assert imported == batch.created == 5997
    assert contacts == rows - 7


async def test_a_run_taken_over_while_it_stalled_stops_and_the_other_finishes(
    gql: GraphQLClient, client: httpx.AsyncClient, db: Database, settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    """A worker stalls past the heartbeat's limit after its first chunk; another takes the batch over. When the first
    wakes, its next chunk finds another heartbeat and rolls back, and it does not end the batch: the second run
    writes the rest, every row once, and ends it."""
    from tests.integrations.test_imports import START, preview, upload

    await gql.login("manager@demo.example")
    batch_id = (await upload(client, "customers.xlsx")).json()["id"]
    await preview(gql, batch_id)
    await gql(START, {"i": {"batchId": batch_id}})
    monkeypatch.setattr(runner, "CHUNK", 1)
    first = await runner.claim(db, datetime.now(UTC))
    assert first is not None

    stalled: list[int] = []

    def stalls(done: int, total: int) -> None:  # after its first chunk, the worker stalls; another claims the batch
        if done == 1:
            stalled.append(done)

    real_chunk = runner._chunk

    async def chunk_after_takeover(*args: Any, **kwargs: Any) -> int:
        if stalled and stalled.pop():
            assert await runner.claim(db, datetime.now(UTC) + timedelta(minutes=3)) == first
        return await real_chunk(*args, **kwargs)

    monkeypatch.setattr(runner, "_chunk", chunk_after_takeover)
    stale = await runner.run_batch(db, first, stalls)
    async with db.read() as session:
        midway = (await session.scalars(select(ImportBatch))).one()
    assert (stale.status, midway.status, midway.done) == ("running", "running", 1)
    monkeypatch.setattr(runner, "_chunk", real_chunk)
    ended = await runner.run_batch(db, first)
    assert (ended.status, ended.done, ended.created, ended.rejected) == ("done", 4, 3, 1)
    async with db.read() as session:
        rows = await session.scalar(select(func.count()).select_from(ImportRow).where(ImportRow.batch_id == first))
        imported = await session.scalar(select(func.count()).where(Customer.external_id.like("K-%")))
    assert (rows, imported) == (4, 3)

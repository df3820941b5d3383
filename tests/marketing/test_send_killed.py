"""A send killed mid-run (SIGKILL of the process running the `campaign-send` job) and run again: every consenting
recipient gets exactly one message (counted in the SMTP sink), no gap, no duplicate."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from rapport.core.db import Database
from rapport.core.mail.models import OutboundEmail
from rapport.marketing.campaigns.models import MarketingMessage
from tests.conftest import GraphQLClient
from tests.mail_sink import MailSink
from tests.marketing import world

pytestmark = pytest.mark.usefixtures("demo")
ROOT = Path(__file__).resolve().parents[2]
PEOPLE = 30


async def _counts(db: Database) -> tuple[int, int]:
    async with db.read() as session:
        sent = await session.scalar(select(func.count()).where(MarketingMessage.status == "sent"))
        queued = await session.scalar(select(func.count()).select_from(OutboundEmail))
    return int(sent or 0), int(queued or 0)


async def test_a_send_killed_mid_run_resumes_without_gap_or_duplicate(
    gql: GraphQLClient, db: Database, smtp_sink: MailSink, database_url: str
) -> None:
    people = [await world.person(db, f"K{i}", email=f"k{i}@example.com", consent=("email",)) for i in range(PEOPLE)]
    unwilling = await world.person(db, "Unwilling", email="unwilling@example.com")
    await gql.login("admin@demo.example")
    await world.no_quiet_hours(gql, emailPerSecond=5)  # 30 messages take about 6 seconds: time to kill it
    await gql.login("marketing@demo.example")
    campaign_id = await world.campaign(gql, await world.segment(db, [*people, unwilling]))
    assert (await world.send_now(gql, campaign_id))["userErrors"] == []

    command = [sys.executable, "-m", "rapport", "jobs", "run", "campaign-send"]
    env = {**os.environ, "DATABASE_URL": database_url, "LOG_LEVEL": "WARNING", "RAPPORT_ENV": "test"}
    process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    try:
        while (await _counts(db))[0] < 5:  # killed once some messages are sent, long before the last
            assert process.poll() is None, "the send ended before it could be killed"
            assert time.monotonic() < deadline
            await asyncio.sleep(0.02)
    finally:
        process.kill()
        process.wait()
    sent, queued = await _counts(db)
    assert 5 <= sent < PEOPLE and queued == sent  # a row marked sent exactly when its email is queued

    await world.run(db, smtp_sink.settings)  # the next run goes on where the killed one stopped
    await smtp_sink.deliver()
    await world.run(db, smtp_sink.settings)
    for p in people:
        assert len(smtp_sink.to(str(p.email))) == 1, p.email
    assert len(smtp_sink.messages) == PEOPLE and smtp_sink.to("unwilling@example.com") == []
    found = await world.progress(gql, campaign_id)
    assert found["status"] == "DONE"
    assert (found["progress"]["total"], found["progress"]["sent"], found["progress"]["skipped"]) == (
        PEOPLE + 1,
        PEOPLE,
        1,
    )

"""SLA warnings and escalations are messages: read in Chinese or English, the due time as the locale writes it
(issue 14 saw "resolution due soon — Due 2026-12-02T06:14:41.788887+00:00" in the Chinese interface)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from rapport.activities.models import Notification
from rapport.assembly import install
from rapport.config import Settings
from rapport.core import clock
from rapport.core.db import Database
from rapport.core.i18n import Message
from rapport.core.jobs import run_job
from tests.conftest import GraphQLClient
from tests.support.conftest import Desk, open_ticket
from tests.support.test_routing_and_sla import _rule


async def test_a_due_soon_warning_and_a_breach_read_in_each_language(
    gql: GraphQLClient, desk: Desk, db: Database, settings: Settings
) -> None:
    await _rule(gql, desk)
    opened = datetime(2026, 3, 6, 8, tzinfo=UTC)  # 16:00 in China; a normal ticket's first response is due in 2 h
    await gql.login("rep@demo.example")
    with clock.frozen_at(opened):
        number = (await open_ticket(gql, desk))["number"]
    install()
    assert (await run_job("sla-check", db, settings, opened + timedelta(minutes=97)))["warnings"] == 1
    assert (await run_job("sla-check", db, settings, opened + timedelta(hours=3)))["breaches"] == 1
    async with db.read() as session:
        notes = {n.kind: n for n in (await session.execute(select(Notification))).scalars()}
    warning, escalation = notes["sla_warning"], notes["escalation"]
    assert warning.message is not None and escalation.message is not None

    def read(stored: dict[str, object] | None, locale: str) -> str:
        assert isinstance(stored, dict)
        return Message.from_json(stored).render(locale).replace("\u202f", " ")

    assert read(warning.message["title"], "zh-CN") == f"{number}：首次响应即将到期"
    assert read(warning.message["title"], "en") == f"{number}: first response due soon"
    assert read(warning.message["body"], "zh-CN") == "截止 2026年3月6日 18:00"
    assert read(warning.message["body"], "en") == "Due Mar 6, 2026, 6:00 PM"
    assert read(escalation.message["title"], "zh-CN") == f"{number}：首次响应目标已超时"
    assert read(escalation.message["title"], "en") == f"{number}: first response target breached"
    assert read(escalation.message["body"], "en") == "打印机无法连接"  # the subject, as typed

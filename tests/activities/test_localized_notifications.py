"""Notifications are stored as messages and read in the reader's language, dates as the locale writes them; rows
from before messages were stored show their English text."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select

from rapport.activities.models import Notification
from rapport.assembly import install
from rapport.config import Settings
from rapport.core import clock
from rapport.core.db import Database
from rapport.core.ids import uuid7
from rapport.core.jobs import run_job
from rapport.graphql.node import to_global_id
from tests import factories
from tests.conftest import GraphQLClient

NOTES = "{ notifications { nodes { kind title body } } }"


async def test_a_reminder_reads_in_each_language_with_the_due_time_as_the_locale_writes_it(
    gql: GraphQLClient, demo: dict[str, Any], db: Database, settings: Settings
) -> None:
    rep = await factories.principal(db, "rep@demo.example")
    customer = await factories.customer(db, rep, "Remind Me")
    await gql.login("rep@demo.example")
    due = datetime(2026, 12, 2, 6, 14, 41, 788887, tzinfo=UTC)  # 14:14 in China
    created = await gql(
        "mutation($i: TaskCreateInput!) { taskCreate(input: $i) { userErrors { field } } }",
        {
            "i": {
                "title": "回访王总",
                "customerId": to_global_id("Customer", customer.id),
                "dueAt": due.isoformat(),
                "remindAt": (due - timedelta(hours=1)).isoformat(),
            }
        },
    )
    assert created["data"]["taskCreate"]["userErrors"] == []
    install()
    assert await run_job("task-reminders", db, settings, due) == {"reminders": 1}

    chinese = (await gql(NOTES, headers={"accept-language": "zh-CN"}))["data"]["notifications"]["nodes"]
    english = (await gql(NOTES, headers={"accept-language": "en-US,en;q=0.9"}))["data"]["notifications"]["nodes"]
    assert chinese == [{"kind": "task_reminder", "title": "提醒：回访王总", "body": "截止 2026年12月2日 14:14"}]
    assert english[0]["title"] == "Reminder: 回访王总"  # what people typed stays as typed
    assert english[0]["body"].replace("\u202f", " ") == "Due Dec 2, 2026, 2:14 PM"
    async with db.read() as session:
        stored = (await session.execute(select(Notification))).scalar_one()
    assert stored.message is not None and stored.message["title"]["template"] == "Reminder: {title}"
    assert "2026-12-02T" not in str(chinese) + str(english)


async def test_notifications_from_before_messages_show_their_stored_text(
    gql: GraphQLClient, demo: dict[str, Any], db: Database
) -> None:
    rep = await factories.principal(db, "rep@demo.example")
    async with db.write() as session:
        session.add(
            Notification(
                id=uuid7(),
                user_id=rep.user_id,
                kind="sla_warning",
                title="T-1: resolution due soon",
                body="Due 2026-12-02T06:14:41.788887+00:00",
                created_at=clock.now(),
            )
        )
    await gql.login("rep@demo.example")
    nodes = (await gql(NOTES, headers={"accept-language": "zh-CN"}))["data"]["notifications"]["nodes"]
    assert nodes == [
        {"kind": "sla_warning", "title": "T-1: resolution due soon", "body": "Due 2026-12-02T06:14:41.788887+00:00"}
    ]

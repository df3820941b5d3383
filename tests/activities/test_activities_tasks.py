"""Logging activities, tasks with reminders (sent exactly once), and notifications."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from rapport.activities.models import Notification
from rapport.assembly import install
from rapport.config import Settings
from rapport.core.db import Database
from rapport.core.jobs import run_job
from rapport.customers.models import Contact
from rapport.customers.service import ContactDraft
from rapport.graphql.node import to_global_id
from tests import factories
from tests.conftest import GraphQLClient

LOG = """
mutation($i: ActivityLogInput!) {
  activityLog(input: $i) { activity { id kind subject occurredAt actor { email } customer { lastActivityAt lastFollowUpAt } }
                           userErrors { field code } }
}
"""


async def test_logging_an_activity_updates_the_customer_and_timeline(
    gql: GraphQLClient, demo: dict[str, Any], db: Database
) -> None:
    rep = await factories.principal(db, "rep@demo.example")
    customer = await factories.customer(db, rep, "Follow Me")
    cid = to_global_id("Customer", customer.id)
    await gql.login("rep@demo.example")
    when = "2026-03-01T10:00:00+08:00"
    body = await gql(LOG, {"i": {"customerId": cid, "kind": "VISIT", "subject": "拜访客户", "occurredAt": when}})
    activity = body["data"]["activityLog"]["activity"]
    assert activity["kind"] == "VISIT" and activity["actor"] == {"email": "rep@demo.example"}
    assert activity["customer"]["lastActivityAt"] == "2026-03-01T02:00:00+00:00"
    assert activity["customer"]["lastFollowUpAt"] == "2026-03-01T02:00:00+00:00"  # by the owner
    # Someone else's activity moves lastActivityAt but not the owner's follow-up time.
    await gql.login("manager@demo.example")
    later = await gql(
        LOG,
        {"i": {"customerId": cid, "kind": "CALL", "subject": "Check-in", "occurredAt": "2026-03-02T10:00:00+08:00"}},
    )
    after = later["data"]["activityLog"]["activity"]["customer"]
    assert after == {"lastActivityAt": "2026-03-02T02:00:00+00:00", "lastFollowUpAt": "2026-03-01T02:00:00+00:00"}
    timeline = await gql(
        "query($id: ID!) { customer(id: $id) { timeline { nodes { ... on Activity { subject } } } } }", {"id": cid}
    )
    assert timeline["data"]["customer"]["timeline"]["nodes"] == [{"subject": "Check-in"}, {"subject": "拜访客户"}]


async def test_activity_input_errors(gql: GraphQLClient, demo: dict[str, Any], db: Database) -> None:
    rep = await factories.principal(db, "rep@demo.example")
    customer = await factories.customer(db, rep, "Strict")
    other = await factories.customer(db, rep, "Other", contacts=[ContactDraft("Someone else")])
    cid = to_global_id("Customer", customer.id)
    await gql.login("rep@demo.example")
    future = (datetime.now(UTC) + timedelta(days=2)).isoformat()
    errors = [
        (await gql(LOG, {"i": {"customerId": cid, "kind": "CALL", "subject": " "}}))["data"]["activityLog"][
            "userErrors"
        ],
        (await gql(LOG, {"i": {"customerId": cid, "kind": "CALL", "subject": "x", "occurredAt": future}}))["data"][
            "activityLog"
        ]["userErrors"],
    ]
    assert errors == [
        [{"field": "subject", "code": "BAD_USER_INPUT"}],
        [{"field": "occurredAt", "code": "BAD_USER_INPUT"}],
    ]
    missing = await gql(
        LOG, {"i": {"customerId": to_global_id("Customer", uuid.uuid4()), "kind": "CALL", "subject": "x"}}
    )
    assert missing["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    # A contact id that does not exist is NOT_FOUND, as every referenced id out of reach; one of another customer
    # the rep may see is an input error.
    unknown = await gql(
        LOG,
        {"i": {"customerId": cid, "contactId": to_global_id("Contact", uuid.uuid4()), "kind": "CALL", "subject": "x"}},
    )
    assert unknown["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    async with db.read() as session:
        other_contact = (await session.execute(select(Contact.id).where(Contact.customer_id == other.id))).scalar_one()
    foreign = await gql(
        LOG,
        {"i": {"customerId": cid, "contactId": to_global_id("Contact", other_contact), "kind": "CALL", "subject": "x"}},
    )
    assert foreign["data"]["activityLog"]["userErrors"] == [{"field": "contactId", "code": "BAD_USER_INPUT"}]


async def test_tasks_reminders_are_sent_once_even_with_two_workers(
    gql: GraphQLClient, demo: dict[str, Any], db: Database, settings: Settings
) -> None:
    rep = await factories.principal(db, "rep@demo.example")
    customer = await factories.customer(db, rep, "Remind Me")
    await gql.login("rep@demo.example")
    due = datetime(2026, 5, 1, 9, tzinfo=UTC)
    created = []
    for i in range(3):
        body = await gql(
            "mutation($i: TaskCreateInput!) { taskCreate(input: $i) { task { id version title done } userErrors { field } } }",
            {
                "i": {
                    "title": f"Follow up {i}",
                    "customerId": to_global_id("Customer", customer.id),
                    "dueAt": due.isoformat(),
                    "remindAt": (due - timedelta(hours=1 + i)).isoformat(),
                }
            },
        )
        created.append(body["data"]["taskCreate"]["task"])
    bad = await gql(
        "mutation($i: TaskCreateInput!) { taskCreate(input: $i) { userErrors { field } } }",
        {"i": {"title": "x", "dueAt": due.isoformat(), "remindAt": (due + timedelta(hours=1)).isoformat()}},
    )
    assert bad["data"]["taskCreate"]["userErrors"] == [{"field": "remindAt"}]

    install()
    # Before any reminder is due: nothing.
    assert await run_job("task-reminders", db, settings, due - timedelta(hours=5)) == {"reminders": 0}
    # Two workers at the same moment: each due reminder becomes exactly one notification.
    at = due - timedelta(minutes=90)  # reminders of tasks 0 (8:00) and ... only 1h and 2h before? 7:30 -> tasks 1, 2
    results = await asyncio.gather(
        run_job("task-reminders", db, settings, at), run_job("task-reminders", db, settings, at)
    )
    assert sorted(r["reminders"] for r in results) in ([0, 2], [1, 1])
    assert await run_job("task-reminders", db, settings, due) == {"reminders": 1}
    assert await run_job("task-reminders", db, settings, due + timedelta(hours=1)) == {"reminders": 0}
    async with db.read() as session:
        count = await session.execute(
            select(func.count()).select_from(Notification).where(Notification.kind == "task_reminder")
        )
    assert count.scalar() == 3

    listed = await gql("{ unreadNotificationCount notifications(first: 10) { nodes { id kind title read entityId } } }")
    assert listed["data"]["unreadNotificationCount"] == 3
    notes = listed["data"]["notifications"]["nodes"]
    assert {n["title"] for n in notes} == {"Reminder: Follow up 0", "Reminder: Follow up 1", "Reminder: Follow up 2"}
    assert {n["entityId"] for n in notes} == {t["id"] for t in created}
    marked = await gql(
        "mutation($i: NotificationMarkReadInput!) { notificationMarkRead(input: $i) { marked unreadCount } }",
        {"i": {"ids": [notes[0]["id"]]}},
    )
    assert marked["data"]["notificationMarkRead"] == {"marked": 1, "unreadCount": 2}
    rest = await gql("mutation { notificationMarkRead(input: {}) { marked unreadCount } }")
    assert rest["data"]["notificationMarkRead"] == {"marked": 2, "unreadCount": 0}

    done = await gql(
        "mutation($i: TaskCompleteInput!) { taskComplete(input: $i) { task { done version } } }",
        {"i": {"id": created[0]["id"], "version": 1}},
    )
    assert done.get("data") and done["data"]["taskComplete"]["task"] == {"done": True, "version": 2}, done
    mine = await gql("{ myTasks { nodes { title } } }")
    assert [t["title"] for t in mine["data"]["myTasks"]["nodes"]] == ["Follow up 1", "Follow up 2"]
    customer_tasks = await gql(
        "query($id: ID!) { customer(id: $id) { tasks { title } all: tasks(openOnly: false) { title } } }",
        {"id": to_global_id("Customer", customer.id)},
    )
    assert len(customer_tasks["data"]["customer"]["tasks"]) == 2
    assert len(customer_tasks["data"]["customer"]["all"]) == 3


async def test_assigning_a_task_to_someone_else_notifies_them(
    gql: GraphQLClient, demo: dict[str, Any], db: Database
) -> None:
    await gql.login("admin@demo.example")
    users = (await gql("{ users { nodes { id email } } }"))["data"]["users"]["nodes"]
    rep_id = next(u["id"] for u in users if u["email"] == "rep@demo.example")
    await gql.login("manager@demo.example")
    await gql(
        "mutation($i: TaskCreateInput!) { taskCreate(input: $i) { task { id } } }",
        {"i": {"title": "Prepare the quote", "dueAt": "2026-06-01T09:00:00Z", "assigneeId": rep_id}},
    )
    await gql.login("rep@demo.example")
    notes = await gql("{ notifications { nodes { kind title } } }")
    assert notes["data"]["notifications"]["nodes"] == [
        {"kind": "task_assigned", "title": "New task: Prepare the quote"}
    ]

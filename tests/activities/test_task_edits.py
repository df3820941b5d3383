"""Tasks after they are created: edited, completed and reopened by their people only, at the version read, and
tasks and activities for a deal (one of the customer's, shown on the deal)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select

from rapport.activities.models import Task
from rapport.assembly import install
from rapport.config import Settings
from rapport.core.db import Database
from rapport.core.jobs import run_job
from rapport.graphql.node import to_global_id
from tests import factories
from tests.conftest import GraphQLClient

TASK = "task { id version title notes dueAt remindAt done doneAt customer { name } opportunity { name } }"
ERRORS = "userErrors { field code }"
DUE = datetime(2026, 5, 1, 9, tzinfo=UTC)


async def _mutate(gql: GraphQLClient, name: str, input_type: str, values: dict[str, Any]) -> dict[str, Any]:
    return await gql(f"mutation($i: {input_type}!) {{ {name}(input: $i) {{ {TASK} {ERRORS} }} }}", {"i": values})


async def _deal(gql: GraphQLClient, customer_id: str, name: str) -> str:
    body = await gql(
        "mutation($i: OpportunityCreateInput!) { opportunityCreate(input: $i) { opportunity { id } } }",
        {"i": {"customerId": customer_id, "name": name, "amount": "5000"}},
    )
    deal_id: str = body["data"]["opportunityCreate"]["opportunity"]["id"]
    return deal_id


async def test_a_task_for_a_deal_is_edited_completed_and_reopened_at_the_version_read(
    gql: GraphQLClient, demo: dict[str, Any], db: Database, settings: Settings
) -> None:
    rep = await factories.principal(db, "rep@demo.example")
    customer = await factories.customer(db, rep, "Task Co")
    other = await factories.customer(db, rep, "Other Co")
    cid, other_id = to_global_id("Customer", customer.id), to_global_id("Customer", other.id)
    await gql.login("rep@demo.example")
    deal = await _deal(gql, cid, "Printers")
    other_deal = await _deal(gql, other_id, "Copiers")

    # A task for a deal is about the deal's customer.
    created = await _mutate(
        gql, "taskCreate", "TaskCreateInput", {"title": " Send quote ", "dueAt": DUE.isoformat(), "opportunityId": deal}
    )
    task = created["data"]["taskCreate"]["task"]
    assert task["title"] == "Send quote" and task["customer"] == {"name": "Task Co"}
    assert task["opportunity"] == {"name": "Printers"}
    # A deal of another customer than the one named is an input error; nothing is created.
    mismatch = await _mutate(
        gql,
        "taskCreate",
        "TaskCreateInput",
        {"title": "x", "dueAt": DUE.isoformat(), "customerId": cid, "opportunityId": other_deal},
    )
    assert mismatch["data"]["taskCreate"]["userErrors"] == [{"field": "opportunityId", "code": "BAD_USER_INPUT"}]

    # Edit: a new title, due time, reminder and notes, one version step.
    remind = DUE - timedelta(hours=2)
    edited = await _mutate(
        gql,
        "taskUpdate",
        "TaskUpdateInput",
        {
            "id": task["id"],
            "version": task["version"],
            "title": "Send revised quote",
            "dueAt": (DUE + timedelta(days=1)).isoformat(),
            "remindAt": remind.isoformat(),
            "notes": "  with the discount  ",
        },
    )
    changed = edited["data"]["taskUpdate"]["task"]
    assert changed["version"] == task["version"] + 1
    assert (changed["title"], changed["notes"]) == ("Send revised quote", "with the discount")
    assert changed["dueAt"] == "2026-05-02T09:00:00+00:00" and changed["remindAt"] == "2026-05-01T07:00:00+00:00"
    # The version read before is stale now: CONFLICT, nothing changes.
    stale = await _mutate(
        gql, "taskUpdate", "TaskUpdateInput", {"id": task["id"], "version": task["version"], "title": "x"}
    )
    assert stale["errors"][0]["extensions"]["code"] == "CONFLICT"
    # A reminder after the due time, or no due time, is an input error.
    for values, field in (
        ({"remindAt": (DUE + timedelta(days=3)).isoformat()}, "remindAt"),
        ({"dueAt": None}, "dueAt"),
        ({"title": "  "}, "title"),
        ({"opportunityId": other_deal}, "opportunityId"),
    ):
        bad = await _mutate(
            gql, "taskUpdate", "TaskUpdateInput", {"id": task["id"], "version": changed["version"], **values}
        )
        assert bad["data"]["taskUpdate"]["userErrors"] == [{"field": field, "code": "BAD_USER_INPUT"}], values
    # Leaving everything as it is changes nothing, not even the version.
    same = await _mutate(
        gql,
        "taskUpdate",
        "TaskUpdateInput",
        {"id": task["id"], "version": changed["version"], "title": "Send revised quote"},
    )
    assert same["data"]["taskUpdate"]["task"]["version"] == changed["version"]

    # Someone else (rep2, even their manager) does not find the rep's task.
    for email in ("rep2@demo.example", "manager@demo.example"):
        await gql.login(email)
        hidden = await _mutate(
            gql, "taskUpdate", "TaskUpdateInput", {"id": task["id"], "version": changed["version"], "title": "mine"}
        )
        assert hidden["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    await gql.login("rep@demo.example")

    done = await _mutate(gql, "taskComplete", "TaskCompleteInput", {"id": task["id"], "version": changed["version"]})
    completed = done["data"]["taskComplete"]["task"]
    assert completed["done"] is True and completed["doneAt"] is not None
    deal_tasks = (
        "query($id: ID!) { opportunity(id: $id) { tasks { title } all: tasks(openOnly: false) { title done } } }"
    )
    listed = (await gql(deal_tasks, {"id": deal}))["data"]["opportunity"]
    assert listed == {"tasks": [], "all": [{"title": "Send revised quote", "done": True}]}
    # Reopened (completed by mistake): open again, one more version.
    reopened = await _mutate(gql, "taskReopen", "TaskReopenInput", {"id": task["id"], "version": completed["version"]})
    back = reopened["data"]["taskReopen"]["task"]
    assert back["done"] is False and back["doneAt"] is None and back["version"] == completed["version"] + 1
    assert (await gql(deal_tasks, {"id": deal}))["data"]["opportunity"]["tasks"] == [{"title": "Send revised quote"}]
    stale_reopen = await _mutate(
        gql, "taskReopen", "TaskReopenInput", {"id": task["id"], "version": completed["version"]}
    )
    assert stale_reopen["errors"][0]["extensions"]["code"] == "CONFLICT"

    # The reminder was moved: it is sent at the new time, once.
    install()
    assert await run_job("task-reminders", db, settings, remind + timedelta(minutes=1)) == {"reminders": 1}
    moved = await _mutate(
        gql,
        "taskUpdate",
        "TaskUpdateInput",
        {"id": task["id"], "version": back["version"], "remindAt": (remind + timedelta(hours=1)).isoformat()},
    )
    assert moved["data"]["taskUpdate"]["userErrors"] == []
    assert await run_job("task-reminders", db, settings, remind + timedelta(minutes=30)) == {"reminders": 0}
    assert await run_job("task-reminders", db, settings, remind + timedelta(hours=1, minutes=1)) == {"reminders": 1}
    # Taking the deal off the task keeps its customer.
    async with db.read() as session:
        version = (await session.execute(select(Task.version))).scalar_one()
    cleared = await _mutate(
        gql, "taskUpdate", "TaskUpdateInput", {"id": task["id"], "version": version, "opportunityId": None}
    )
    assert cleared["data"]["taskUpdate"]["task"]["opportunity"] is None
    assert cleared["data"]["taskUpdate"]["task"]["customer"] == {"name": "Task Co"}


async def test_an_activity_about_a_deal_shows_on_the_deal_and_must_be_the_customers(
    gql: GraphQLClient, demo: dict[str, Any], db: Database
) -> None:
    rep = await factories.principal(db, "rep@demo.example")
    customer = await factories.customer(db, rep, "Deal Talk Co")
    other = await factories.customer(db, rep, "Elsewhere Co")
    cid = to_global_id("Customer", customer.id)
    await gql.login("rep@demo.example")
    deal = await _deal(gql, cid, "Servers")
    other_deal = await _deal(gql, to_global_id("Customer", other.id), "Cables")
    log = "mutation($i: ActivityLogInput!) { activityLog(input: $i) { activity { subject opportunity { name } } userErrors { field } } }"
    logged = await gql(log, {"i": {"customerId": cid, "kind": "CALL", "subject": "Price talk", "opportunityId": deal}})
    assert logged["data"]["activityLog"]["activity"] == {"subject": "Price talk", "opportunity": {"name": "Servers"}}
    await gql(log, {"i": {"customerId": cid, "kind": "NOTE", "subject": "General note"}})
    wrong = await gql(log, {"i": {"customerId": cid, "kind": "CALL", "subject": "x", "opportunityId": other_deal}})
    assert wrong["data"]["activityLog"]["userErrors"] == [{"field": "opportunityId"}]
    body = await gql(
        "query($id: ID!) { opportunity(id: $id) { activities(first: 10) { totalCount nodes { subject } } } }",
        {"id": deal},
    )
    assert body["data"]["opportunity"]["activities"] == {"totalCount": 1, "nodes": [{"subject": "Price talk"}]}
    # A deal the caller may not see is not found, as every id out of reach.
    await gql.login("rep2@demo.example")
    theirs = await factories.customer(db, await factories.principal(db, "rep2@demo.example"), "Rep2 Co")
    hidden = await gql(
        log,
        {
            "i": {
                "customerId": to_global_id("Customer", theirs.id),
                "kind": "CALL",
                "subject": "x",
                "opportunityId": deal,
            }
        },
    )
    assert hidden["errors"][0]["extensions"]["code"] == "NOT_FOUND"
